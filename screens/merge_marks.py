"""Marking patrons by hand on the home screen, to compare and merge the marked ones.

The home screen mixes this in and adds MERGE_BINDINGS: ctrl+g opens merge-assist, space
marks or unmarks the highlighted result, ctrl+r compares the marked patrons side by side.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.widgets import DataTable

from screens.merge_candidates import MergeCandidatesScreen
from screens.merge_compare import MergeCompareScreen
from store.accounts import Operator
from store.merging.merge import MergeOutcome

if TYPE_CHECKING:
    from textual.screen import Screen

    from store.search import PatronRow

    _Base = Screen[None]
else:
    _Base = object

MARK = "✓ "
MERGE_BINDINGS = [
    Binding("ctrl+g", "merge_assist", "Merge assist", id="merge-assist", tooltip="Find duplicates"),
    Binding("space", "mark", "Mark", id="mark", tooltip="Mark or unmark this patron to merge"),
    Binding(
        "ctrl+r", "show_marked", "Marked", id="show-marked", tooltip="Compare the marked patrons"
    ),
]


class MarksForMerge(_Base):
    """Mixin for the home screen: marks kept across searches, by patron id."""

    operator: Operator
    if TYPE_CHECKING:

        def highlighted(self) -> PatronRow | None: ...
        def open(self, screen: Screen[Any]) -> None: ...
        def refresh_results(self) -> None: ...
        def say(self, sentence: str, error: bool = False) -> None: ...

    @property
    def marks(self) -> dict[int, str]:
        """The marked patrons: id -> username."""
        if not hasattr(self, "_marks"):
            self._marks: dict[int, str] = {}
        return self._marks

    def mark_of(self, patron_id: int) -> str:
        """The symbol a marked patron's username is shown with."""
        return MARK if patron_id in self.marks else ""

    def action_merge_assist(self) -> None:
        """Open merge-assist: likely duplicates, most likely first."""
        self.open(MergeCandidatesScreen(self.operator))

    def action_mark(self) -> None:
        """Mark the highlighted result, or unmark it, and move to the next."""
        row = self.highlighted()
        table = self.query_one("#results", DataTable)
        if row is None or not table.has_focus:
            return
        if self.marks.pop(row.id, None) is None:
            self.marks[row.id] = row.username
        table.update_cell_at(Coordinate(table.cursor_row, 0), self.mark_of(row.id) + row.username)
        table.move_cursor(row=table.cursor_row + 1)
        count = len(self.marks)
        self.say(f"{count} marked; ctrl+r compares them to merge." if count else "None marked.")

    def action_show_marked(self) -> None:
        """Compare the marked patrons side by side, to merge them."""
        if len(self.marks) < 2:
            self.say("Mark at least two patrons (space in the results) to merge them.")
            return
        screen = MergeCompareScreen(self.operator, list(self.marks))
        self.app.push_screen(screen, self._merged)

    def _merged(self, outcome: MergeOutcome | None) -> None:
        if outcome is not None:
            self.marks.clear()
            self.say(f"Merged {', '.join(outcome.merged)} into {outcome.username}.")
        self.refresh_results()
