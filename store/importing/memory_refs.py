"""References answered from dictionaries built once per import (see store.references).

The rules ask who owns a username, barcode or admin ID for every row; a query each would
dominate an import of a district. Here each table is read once, at the start of the run
(inside the apply transaction when applying), holding only values and ids.
"""

from __future__ import annotations

from store.models import (
    AcademicPeriod,
    Campus,
    Cohort,
    LibraryGroup,
    PresentationGroup,
    database,
)

PLANNED_COHORT = -1


class MemoryReferences:
    """The References protocol over in-memory dictionaries, updated as rows are planned."""

    def __init__(self, create_cohorts: bool = False) -> None:
        self.cohorts = {row.year: row.id for row in Cohort.select(Cohort.id, Cohort.year)}
        self.campuses = {r.import_id: r.id for r in Campus.select(Campus.id, Campus.import_id)}
        self.presentation_groups = {
            r.name: r.id
            for r in PresentationGroup.select(PresentationGroup.id, PresentationGroup.name)
        }
        self.library_groups = {
            r.name: r.id for r in LibraryGroup.select(LibraryGroup.id, LibraryGroup.name)
        }
        period = AcademicPeriod.get_or_none(AcademicPeriod.is_current == True)  # noqa: E712
        self.period_id: int | None = period.id if period else None
        self.create_cohorts = create_cohorts
        self.new_cohorts: set[int] = set()
        self.usernames: dict[str, int] = {}
        self.barcodes: dict[str, int] = {}
        self.admin_ids: dict[str, int] = {}
        self.names: dict[int, str] = {}
        # A plain cursor: peewee's row handling would cost more than the dictionaries.
        cursor = database.execute_sql("SELECT id, username, barcode, admin_id FROM patron")
        for patron_id, username, barcode, admin_id in cursor:
            self.names[patron_id] = username
            self.usernames[username.casefold()] = patron_id
            self.barcodes[barcode] = patron_id
            if admin_id:
                self.admin_ids[admin_id] = patron_id

    def _owner(self, table: dict[str, int], key: str) -> tuple[int, str] | None:
        patron_id = table.get(key)
        return None if patron_id is None else (patron_id, self.names[patron_id])

    def cohort_id(self, year: int) -> int | None:
        """The cohort's id; with create_cohorts a missing one is planned (negative id)."""
        found = self.cohorts.get(year)
        if found is None and self.create_cohorts:
            self.new_cohorts.add(year)
            return PLANNED_COHORT
        return found

    def campus_id(self, import_id: str) -> int | None:
        """The campus with this import ID."""
        return self.campuses.get(import_id)

    def presentation_group_id(self, name: str) -> int | None:
        """The presentation group of this name."""
        return self.presentation_groups.get(name)

    def library_group_id(self, name: str) -> int | None:
        """The library group of this name."""
        return self.library_groups.get(name)

    def current_period_id(self) -> int | None:
        """The current academic period."""
        return self.period_id

    def owner_of_username(self, username_key: str) -> tuple[int, str] | None:
        """Who holds this (case-folded) username."""
        return self._owner(self.usernames, username_key)

    def owner_of_barcode(self, barcode: str) -> tuple[int, str] | None:
        """Who holds this barcode."""
        return self._owner(self.barcodes, barcode)

    def owner_of_admin_id(self, admin_id: str) -> tuple[int, str] | None:
        """Who holds this admin ID."""
        return self._owner(self.admin_ids, admin_id)
