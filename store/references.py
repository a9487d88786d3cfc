"""Answers the rules need from the database: do references exist, who owns a unique value.

The rules ask through this interface so that a bulk import can answer from memory
(built once per import) while a single save asks the database.
"""

from __future__ import annotations

from typing import Protocol

from store.models import (
    AcademicPeriod,
    Campus,
    Cohort,
    LibraryGroup,
    Patron,
    PresentationGroup,
)


class References(Protocol):
    """Lookups used by the profile rules."""

    def cohort_id(self, year: int) -> int | None: ...
    def campus_id(self, import_id: str) -> int | None: ...
    def presentation_group_id(self, name: str) -> int | None: ...
    def library_group_id(self, name: str) -> int | None: ...
    def current_period_id(self) -> int | None: ...
    def owner_of_username(self, username_key: str) -> tuple[int, str] | None: ...
    def owner_of_barcode(self, barcode: str) -> tuple[int, str] | None: ...
    def owner_of_admin_id(self, admin_id: str) -> tuple[int, str] | None: ...


def _owner(query: object) -> tuple[int, str] | None:
    row = query.first()  # type: ignore[attr-defined]
    return (row.id, row.username) if row else None


class DatabaseReferences:
    """References answered by one query each, for single saves from the app or CLI."""

    def cohort_id(self, year: int) -> int | None:
        row = Cohort.get_or_none(Cohort.year == year)
        return row.id if row else None

    def campus_id(self, import_id: str) -> int | None:
        row = Campus.get_or_none(Campus.import_id == import_id)
        return row.id if row else None

    def presentation_group_id(self, name: str) -> int | None:
        row = PresentationGroup.get_or_none(PresentationGroup.name == name)
        return row.id if row else None

    def library_group_id(self, name: str) -> int | None:
        row = LibraryGroup.get_or_none(LibraryGroup.name == name)
        return row.id if row else None

    def current_period_id(self) -> int | None:
        row = AcademicPeriod.get_or_none(AcademicPeriod.is_current == True)  # noqa: E712
        return row.id if row else None

    def owner_of_username(self, username_key: str) -> tuple[int, str] | None:
        columns = (Patron.id, Patron.username)
        return _owner(Patron.select(*columns).where(Patron.username_key == username_key))

    def owner_of_barcode(self, barcode: str) -> tuple[int, str] | None:
        return _owner(Patron.select(Patron.id, Patron.username).where(Patron.barcode == barcode))

    def owner_of_admin_id(self, admin_id: str) -> tuple[int, str] | None:
        columns = (Patron.id, Patron.username)
        return _owner(Patron.select(*columns).where(Patron.admin_id == admin_id))
