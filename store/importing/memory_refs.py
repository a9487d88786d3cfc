"""References for an import, answered from memory (see store.references).

The rules ask who owns a username, barcode or admin ID for every row; a query each would
dominate an import of a district, and reading the whole patron table into memory would
make memory grow with the district. So the owners of a chunk's values are read in three
queries before the chunk is judged, and everything else is answered from dictionaries.

Ownership is answered as it stood when the run began, in a preview and when applying
alike, so applying judges exactly as the preview did: a value an earlier row of the file
takes away from a patron still counts as that patron's (`released`), and a value an earlier
row claimed (`seen`) is left to the file's own check ("also on line N").
"""

from __future__ import annotations

from collections.abc import Iterable

from store.importing.seen import SeenValues
from store.models import (
    AcademicPeriod,
    Campus,
    Cohort,
    LibraryGroup,
    PresentationGroup,
    database,
)

PLANNED_COHORT = -1
Owner = tuple[int, str]
OWNER_COLUMNS = {"username": "username_key", "barcode": "barcode", "admin_id": "admin_id"}


class MemoryReferences:
    """The References protocol over dictionaries filled a chunk at a time."""

    def __init__(
        self, create_cohorts: bool = False, held_at_start: dict[str, dict[str, Owner]] | None = None
    ) -> None:
        self.cohorts = {row.year: row.id for row in Cohort.select(Cohort.id, Cohort.year)}
        self.campuses = {r.import_id: r.id for r in Campus.select(Campus.id, Campus.import_id)}
        groups = PresentationGroup.select(PresentationGroup.id, PresentationGroup.name)
        self.presentation_groups = {row.name: row.id for row in groups}
        libraries = LibraryGroup.select(LibraryGroup.id, LibraryGroup.name)
        self.library_groups = {row.name: row.id for row in libraries}
        period = AcademicPeriod.get_or_none(AcademicPeriod.is_current == True)  # noqa: E712
        self.period_id: int | None = period.id if period else None
        self.create_cohorts = create_cohorts
        # Who held each value when the run began, when that was read into memory already
        # (by value, per OWNER_COLUMNS kind): then no owner is looked up in the database.
        self.held_at_start = held_at_start
        self.new_cohorts: set[int] = set()
        self.owners: dict[str, dict[str, Owner]] = {key: {} for key in OWNER_COLUMNS}
        self.seen = SeenValues()
        self.released: dict[tuple[str, str], Owner] = {}

    def load_owners(
        self,
        values: dict[str, Iterable[str]],
        known: dict[str, dict[str, Owner]] | None = None,
    ) -> None:
        """Read who holds each of a chunk's usernames (folded), barcodes and admin IDs.

        `known` holds owners read already, by kind and value (e.g. the chunk's stored
        patrons): a value one of them holds is theirs alone (the columns are unique), so
        only the other values are looked up.
        """
        for key, column in OWNER_COLUMNS.items():
            wanted = set(values.get(key, ())) - {""}
            holders = (self.held_at_start or known or {}).get(key, {})
            found = {value: holders[value] for value in wanted if value in holders}
            unknown = list(wanted - found.keys())
            if unknown and self.held_at_start is None:
                marks = ", ".join([database.param] * len(unknown))
                cursor = database.execute_sql(
                    f"SELECT {column}, id, username FROM patron WHERE {column} IN ({marks})",
                    unknown,
                )
                found.update((value, (patron_id, name)) for value, patron_id, name in cursor)
            self.owners[key] = found
            self.seen.load(key, wanted)

    def _owner(self, key: str, value: str) -> Owner | None:
        released = self.released.get((key, value))
        if released is not None:
            return released
        if key != "username" and self.seen.first_line(key, value):
            return None
        return self.owners[key].get(value)

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

    def owner_of_username(self, username_key: str) -> Owner | None:
        """Who held this (case-folded) username when the run began."""
        return self._owner("username", username_key)

    def owner_of_barcode(self, barcode: str) -> Owner | None:
        """Who held this barcode when the run began."""
        return self._owner("barcode", barcode)

    def owner_of_admin_id(self, admin_id: str) -> Owner | None:
        """Who held this admin ID when the run began."""
        return self._owner("admin_id", admin_id)
