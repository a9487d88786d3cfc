"""What an import run reports: options, one outcome per row, and the spooled report.

Reports are spooled to a temporary file as JSON lines, so a file of a million rows keeps
every row's outcome without holding them all in memory.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from store.errors import StoreError

OUTCOMES = ("added", "updated", "unchanged", "invalid", "header")
COUNTED = ("added", "updated", "unchanged", "invalid")
# One encoder for every report line, audit entry and batch item: json.dumps with options
# builds a new encoder per call, which cost more than the encoding of an import's rows.
JSON = json.JSONEncoder(ensure_ascii=False, default=str)


class ImportCancelled(StoreError):
    """The operator cancelled the run; nothing was written."""


class FileChanged(StoreError):
    """The file differs from the one previewed, so the preview no longer says what happens."""


@dataclass(frozen=True)
class ImportOptions:
    """How to read and judge a file. `fields` None means: take them from the header."""

    kind: str = "users"
    fields: tuple[str, ...] | None = None
    header: str = "auto"
    create_cohorts: bool = False
    blank_clears: bool = False
    encoding: str | None = None
    delimiter: str | None = None


@dataclass
class Hooks:
    """Callbacks for a screen: progress (line reached, lines in file), cancel, each row."""

    progress: Callable[[int, int], None] | None = None
    cancelled: Callable[[], bool] | None = None
    on_row: Callable[[RowResult], None] | None = None


@dataclass
class RowResult:
    """One row's outcome, its reasons when invalid and its changes {field: [old, new]}."""

    line: int | None
    username: str
    outcome: str
    reasons: list[str] = field(default_factory=list)
    changes: dict[str, list[Any]] = field(default_factory=dict)
    # The changes as JSON text, when the judge encoded them once for report and audit alike.
    changes_text: str = field(default="", repr=False, compare=False)

    def as_json(self) -> dict[str, Any]:
        """The row as the --json report shows it."""
        return {
            "line": self.line,
            "username": self.username,
            "outcome": self.outcome,
            "reasons": self.reasons,
            "changes": self.changes,
        }


class RowLog:
    """Every row's outcome in file order, spooled to disk, with the counts kept in memory."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile(mode="w+b")  # noqa: SIM115 (closed by close())
        self.counts = dict.fromkeys(COUNTED, 0)

    def add(self, row: RowResult) -> None:
        """Record one row."""
        if row.outcome in self.counts:
            self.counts[row.outcome] += 1
        if row.reasons or (row.changes and not row.changes_text):
            text = JSON.encode(row.as_json())
        else:  # most rows: the changes are encoded already, or there are none
            line = "null" if row.line is None else int(row.line)
            text = f'{{"line": {line}, "username": {JSON.encode(row.username)}, '
            text += f'"outcome": "{row.outcome}", "reasons": [], '
            text += f'"changes": {row.changes_text or "{}"}}}'
        self._file.write(text.encode("utf-8") + b"\n")

    @property
    def total(self) -> int:
        """Data rows (headers are not counted)."""
        return sum(self.counts.values())

    def summary(self) -> dict[str, int]:
        """The counts as the report shows them, with the total."""
        return {**self.counts, "total": self.total}

    def __iter__(self) -> Iterator[RowResult]:
        self._file.flush()
        self._file.seek(0)
        for line in self._file:
            data = json.loads(line)
            yield RowResult(**data)
        self._file.seek(0, 2)

    def close(self) -> None:
        """Remove the spool."""
        self._file.close()


@dataclass
class ImportReport:
    """The result of a preview or an applied run."""

    path: Path
    kind: str
    encoding: str
    delimiter: str
    fields: list[str]
    header_line: int | None
    rows: RowLog
    fingerprint: str
    options: ImportOptions
    committed: bool = False
    batch: int | None = None
    rejudged: list[int] = field(default_factory=list)

    @property
    def file_name(self) -> str:
        """The file's name without its folder."""
        return self.path.name

    @property
    def counts(self) -> dict[str, int]:
        """added, updated, unchanged, invalid and total."""
        return self.rows.summary()

    def as_json(self) -> Iterator[dict[str, Any]]:
        """The rows of the --json report, in file order."""
        return (row.as_json() for row in self.rows)
