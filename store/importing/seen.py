"""The values earlier rows of a file used, kept on disk so memory stays flat.

A file's usernames, barcodes and admin IDs must each appear once; remembering every one
in dictionaries would make memory grow with the file (a district's file has a million
rows). They go to a private temporary SQLite file instead, a chunk at a time: the values
a chunk needs are looked up in one query before it is judged, and its own are written
after it, so judging never waits on a query per row.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

KINDS = ("username", "barcode", "admin_id")
ROWS_PER_INSERT = 300  # 900 parameters: within every SQLite's limit


class SeenValues:
    """Which line of the file first used a value of each kind."""

    def __init__(self) -> None:
        self._db = sqlite3.connect("")  # a temporary file, removed when closed
        self._db.execute(
            "CREATE TABLE seen (kind TEXT, value TEXT, line INTEGER, "
            "PRIMARY KEY (kind, value)) WITHOUT ROWID"
        )
        self._known: dict[str, dict[str, int]] = {kind: {} for kind in KINDS}
        self._new: dict[str, dict[str, int]] = {kind: {} for kind in KINDS}

    def load(self, kind: str, values: Iterable[str]) -> None:
        """Fetch which of these values earlier chunks used, before the chunk is judged."""
        wanted = list(set(values) - {""})
        found: dict[str, int] = {}
        for start in range(0, len(wanted), 900):
            part = wanted[start : start + 900]
            marks = ", ".join("?" * len(part))
            rows = self._db.execute(
                f"SELECT value, line FROM seen WHERE kind = ? AND value IN ({marks})",
                [kind, *part],
            )
            found.update(rows)
        self._known[kind] = found

    def first_line(self, kind: str, value: str) -> int | None:
        """The line that used the value first, if an earlier row did."""
        return self._known[kind].get(value) or self._new[kind].get(value)

    def add(self, kind: str, value: str, line: int) -> int:
        """Record a use of the value; returns the line that used it first."""
        return self.first_line(kind, value) or self._new[kind].setdefault(value, line)

    def flush(self) -> None:
        """Store the chunk's values and forget them from memory.

        A few hundred rows per statement: a third less time than executemany here.
        """
        rows = [(kind, value, line) for kind in KINDS for value, line in self._new[kind].items()]
        for start in range(0, len(rows), ROWS_PER_INSERT):
            part = rows[start : start + ROWS_PER_INSERT]
            marks = ", ".join(["(?, ?, ?)"] * len(part))
            self._db.execute(
                f"INSERT OR IGNORE INTO seen VALUES {marks}", [v for row in part for v in row]
            )
        self._new = {kind: {} for kind in KINDS}

    def close(self) -> None:
        """Remove the temporary file."""
        self._db.close()
