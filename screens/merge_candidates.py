"""Merge-assist: groups of likely duplicates, most likely first, each with why.

Enter (or c) compares the highlighted group side by side to merge it; u undoes the last merge.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from screens.confirm import ConfirmScreen
from screens.merge_compare import MergeCompareScreen
from screens.store_errors import ReportsStoreErrors
from store.accounts import Operator
from store.merging.candidates import CandidateGroup, find_candidates
from store.merging.merge import MergeOutcome
from store.merging.undo import MergeSummary, list_merges, undo_merge

SHORT_REASONS = {
    "admin_id": "admin ID",
    "email": "email",
    "given_surname": "same name",
    "preferred_surname": "preferred name",
    "similar_name": "similar name",
}


DETAIL_WIDTH = 76
MAX_SHOWN = 500  # a longer list takes the table seconds to fill; merging shortens it anyway


class MergeCandidatesScreen(ReportsStoreErrors, Screen[None]):
    """The candidate groups; the highlighted group's reasons and patrons are shown below."""

    AUTO_FOCUS = "#groups"
    DEFAULT_CSS = """
    MergeCandidatesScreen #groups { height: 1fr; }
    MergeCandidatesScreen #detail { height: auto; max-height: 8; padding: 0 1;
                                    border-top: solid $primary; }
    MergeCandidatesScreen #summary, MergeCandidatesScreen #status { padding: 0 1; }
    MergeCandidatesScreen #status.error { color: $error; }
    """
    BINDINGS = [
        Binding("c", "compare", "Compare", id="compare", tooltip="Compare this group (or enter)"),
        Binding("u", "undo_last", "Undo last merge", id="undo", tooltip="Undo the latest merge"),
        Binding("r", "refresh", "Refresh", id="refresh", tooltip="Look for duplicates again"),
        Binding("escape", "back", "Back", id="back", tooltip="Back to search"),
    ]

    @dataclass
    class CandidatesFound(Message):
        """The candidate groups, most likely first."""

        groups: list[CandidateGroup]

    @dataclass
    class MergeUndone(Message):
        """A merge was undone."""

        summary: MergeSummary

    def __init__(self, operator: Operator) -> None:
        super().__init__()
        self.operator = operator
        self.groups: list[CandidateGroup] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Looking for likely duplicates...", id="summary")
        table: DataTable[str] = DataTable(id="groups", cursor_type="row", zebra_stripes=True)
        table.add_columns("Likely", "Why", "Patrons")
        yield table
        yield Static("", id="detail")
        yield Static("", id="status")
        yield Footer()

    def on_mount(self) -> None:
        """Look for candidates in the background."""
        self.sub_title = "Merge-assist"
        self.action_refresh()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Undo is for System Administrators; compare needs a group."""
        if action == "undo_last" and not self.operator.is_admin:
            return None
        if action == "compare" and self.highlighted() is None:
            return None
        return True

    def action_refresh(self) -> None:
        """Look for likely duplicates again."""
        self.query_one("#summary", Static).update("Looking for likely duplicates...")
        self._find()

    @work(thread=True, exclusive=True, exit_on_error=False, group="merge-candidates")
    def _find(self) -> None:
        self.post_message(self.CandidatesFound(find_candidates()))

    def on_merge_candidates_screen_candidates_found(self, message: CandidatesFound) -> None:
        """Fill the list, keeping the cursor where it was."""
        self.groups = message.groups[:MAX_SHOWN]
        table = self.query_one("#groups", DataTable)
        row = table.cursor_row
        table.clear()
        for number, group in enumerate(self.groups):
            why = ", ".join(dict.fromkeys(SHORT_REASONS[r.kind] for r in group.reasons))
            names = ", ".join(m.username for m in group.members)
            table.add_row(str(group.score), why, names, key=str(number))
        if self.groups:
            table.move_cursor(row=min(row, len(self.groups) - 1))
        count = len(message.groups)
        summary = "No likely duplicates found."
        if count:
            plural = "group" if count == 1 else "groups"
            summary = f"{count:,} {plural} of likely duplicates, most likely first; enter compares."
        if count > MAX_SHOWN:
            summary = f"{count:,} groups of likely duplicates; the {MAX_SHOWN} most likely shown."
        self.query_one("#summary", Static).update(summary)
        self._show_detail()
        self.refresh_bindings()

    def highlighted(self) -> CandidateGroup | None:
        """The group under the cursor, if any."""
        row = self.query_one("#groups", DataTable).cursor_row
        return self.groups[row] if self.groups and 0 <= row < len(self.groups) else None

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """Show why the highlighted group was suggested."""
        self._show_detail()
        self.refresh_bindings()

    def _show_detail(self) -> None:
        group = self.highlighted()
        lines = [f"- {reason.text}" for reason in group.reasons] if group else []
        for m in group.members if group else ():
            line = f"  {m.username:<16} {m.name:<22} {m.cohort:<6} {m.email}"
            lines.append(line if len(line) <= DETAIL_WIDTH else line[: DETAIL_WIDTH - 1] + "…")
        self.query_one("#detail", Static).update("\n".join(lines))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a group compares it."""
        self.action_compare()

    def action_compare(self) -> None:
        """Compare the highlighted group's patrons side by side."""
        group = self.highlighted()
        if group is not None:
            ids = [m.id for m in group.members]
            self.app.push_screen(MergeCompareScreen(self.operator, ids), self._compared)

    def _compared(self, outcome: MergeOutcome | None) -> None:
        if outcome is not None:
            self.say(f"Merged {', '.join(outcome.merged)} into {outcome.username}.")
            self.action_refresh()

    def action_undo_last(self) -> None:
        """Ask, naming the merge, then undo the latest merge."""
        latest = next(iter(list_merges(limit=1)), None)
        if latest is None or latest.undone:
            self.say("There is no merge to undo.")
            return
        question = (
            f"Undo the merge of {', '.join(latest.merged)} into {latest.username} "
            f"({latest.at:%Y-%m-%d %H:%M} UTC)? The removed records come back."
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self._undo(latest.id)

        self.app.push_screen(ConfirmScreen(question, yes="Undo", no="Keep"), answered)

    @work(thread=True, exclusive=True, exit_on_error=False, group="merge-undo")
    def _undo(self, merge_id: int) -> None:
        self.post_message(self.MergeUndone(undo_merge(merge_id, self.operator.username)))

    def on_merge_candidates_screen_merge_undone(self, message: MergeUndone) -> None:
        """Say so and look again."""
        merged = ", ".join(message.summary.merged)
        self.say(f"Undid the merge: {merged} and {message.summary.username} are back as they were.")
        self.action_refresh()

    def action_back(self) -> None:
        """Back to where merge-assist was opened."""
        self.dismiss(None)
