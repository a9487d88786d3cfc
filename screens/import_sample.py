"""The first rows of an import file, read before the fields are chosen."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from store.importing import header_fields, open_table

SAMPLE_ROWS = 8


@dataclass(frozen=True)
class FileSample:
    """How the file reads, its first rows, and the fields its first row names (if any)."""

    path: Path
    kind: str
    about: str
    rows: list[list[str]]
    header: list[str] | None

    @property
    def columns(self) -> int:
        """The number of cells most of the first rows have."""
        counts = Counter(len(cells) for cells in self.data_rows(self.header is not None))
        return counts.most_common(1)[0][0] if counts else 0

    def data_rows(self, has_header: bool) -> list[list[str]]:
        """The first rows without the header row."""
        return self.rows[1:] if has_header else self.rows[:SAMPLE_ROWS]


def read_sample(path: Path, kind: str) -> FileSample:
    """Open the file (UnreadableFile with the reason when it cannot be) and read its start."""
    table = open_table(path)
    rows = [row.cells for row in islice(table.rows(), SAMPLE_ROWS + 1)]
    header = header_fields(kind, rows[0]) if rows else None
    about = f"about {table.lines:,} lines · {table.encoding}, {table.delimiter_name}-delimited"
    return FileSample(path, kind, about, rows, header)
