"""The side-by-side table of a merge: a row per field, a column per record.

`≠` (yellow) marks a field whose values differ, `●` (green) the value that will be kept,
`★` the target's column; values not kept are dimmed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.text import Text
from textual.coordinate import Coordinate
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey

from store.fields import LABELS, PROFILE_FIELDS
from store.merging.compare import CHOSEN_FIELDS, Comparison, value_text

TARGET, KEPT, DIFFERS, BLANK = "★", "●", "≠", "(blank)"
LEGEND = f"{TARGET} target   {KEPT} value kept   {DIFFERS} records differ   {BLANK} no value"
FIRST_RECORD_COLUMN = 2
MIN_VALUE_WIDTH = 16
LABEL_WIDTH = max(len(label) for label in LABELS.values())


class MergeTable(DataTable[Text]):
    """Shows a comparison with the target and the kept values marked."""

    def __init__(self, **options: Any) -> None:
        super().__init__(cursor_type="cell", zebra_stripes=True, **options)
        self.record_ids: list[int] = []

    def show(self, comparison: Comparison, target: int, choices: Mapping[str, int]) -> None:
        """Draw the records, keeping the cursor where it was."""
        cursor = self.cursor_coordinate
        self.record_ids = list(comparison.ids)
        self.clear(columns=True)
        self.add_column(" ", key="differs", width=1)
        self.add_column("Field", key="field", width=LABEL_WIDTH)
        fit = self._fitting_width()
        for pid in self.record_ids:
            profile = comparison.profiles[pid]
            header = f"{TARGET if pid == target else ' '} {profile['username']}"
            values = [value_text(profile[field]) for field in PROFILE_FIELDS]
            width = max(len(header), len(BLANK) + 2, *(len(v) + 2 for v in values))
            self.add_column(header, key=str(pid), width=min(width, fit))
        for field in PROFILE_FIELDS:
            differs = comparison.differs(field)
            kept = choices.get(field) if field in CHOSEN_FIELDS else None
            cells = [
                _cell(comparison.profiles[pid][field], differs, kept in (None, pid))
                for pid in self.record_ids
            ]
            flag = Text(DIFFERS, style="bold yellow") if differs else Text(" ")
            self.add_row(flag, Text(LABELS[field]), *cells, key=field)
        self.cursor_coordinate = self.validate_cursor_coordinate(
            Coordinate(cursor.row, max(cursor.column, FIRST_RECORD_COLUMN))
        )

    def _fitting_width(self) -> int:
        """A record column's width that fits every record on screen, if that leaves enough."""
        records = len(self.record_ids)
        width = self.size.width or self.app.size.width
        free = width - 2 - 2 * (records + 2) - 1 - LABEL_WIDTH
        return max(MIN_VALUE_WIDTH, free // records)

    def under_cursor(self) -> tuple[str, int | None]:
        """The field of the cursor's row and the record of its column (None off a record)."""
        column = self.cursor_coordinate.column - FIRST_RECORD_COLUMN
        pid = self.record_ids[column] if 0 <= column < len(self.record_ids) else None
        return PROFILE_FIELDS[self.cursor_coordinate.row], pid

    def cuts_short(self, text: str, pid: int) -> bool:
        """True when the record's column is too narrow to show the text whole."""
        return len(text) + 2 > self.columns[ColumnKey(str(pid))].width


def _cell(value: object, differs: bool, kept: bool) -> Text:
    text = value_text(value) or BLANK
    if not differs:
        return Text(f"  {text}")
    if kept:
        return Text(f"{KEPT} {text}", style="bold green")
    return Text(f"  {text}", style="dim")
