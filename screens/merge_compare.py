"""Side by side: the records to merge, a row per field, differences marked ≠ and in colour.

The operator picks the target (t) and, where the records differ, whose value survives
(enter or space on it); x leaves a record out; m merges (System Administrators only).
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
from screens.merge_table import LEGEND, MergeTable
from screens.store_errors import ReportsStoreErrors
from store.accounts import Operator
from store.fields import LABELS
from store.merging.compare import (
    CHOSEN_FIELDS,
    Comparison,
    compare_patrons,
    default_choices,
    value_text,
)
from store.merging.merge import MergeOutcome, merge_patrons


class MergeCompareScreen(ReportsStoreErrors, Screen[MergeOutcome | None]):
    """Compare two or more patrons and merge them into one; dismissed with the outcome."""

    AUTO_FOCUS = "#fields"
    DEFAULT_CSS = """
    MergeCompareScreen #fields { height: 1fr; }
    MergeCompareScreen #legend { color: $text-muted; padding: 0 1; }
    MergeCompareScreen #status { padding: 0 1; }
    MergeCompareScreen #status.error { color: $error; }
    """
    BINDINGS = [
        Binding(
            "t", "make_target", "Target", id="target", tooltip="Merge the others into this record"
        ),
        Binding(
            "space",
            "take_value",
            "Take value",
            id="take",
            tooltip="Keep the value under the cursor",
        ),
        Binding("x", "leave_out", "Leave out", id="leave-out", tooltip="Leave this record out"),
        Binding("m", "merge", "Merge", id="merge", tooltip="Merge the records into the target"),
        Binding("escape", "back", "Back", id="back", tooltip="Back without merging"),
    ]

    @dataclass
    class Loaded(Message):
        """The records were read."""

        comparison: Comparison

    @dataclass
    class Merged(Message):
        """The merge is done."""

        outcome: MergeOutcome

    def __init__(self, operator: Operator, patron_ids: list[int]) -> None:
        super().__init__()
        self.operator = operator
        self.patron_ids = list(dict.fromkeys(patron_ids))
        self.comparison: Comparison | None = None
        self.target = self.patron_ids[0]
        self.choices: dict[str, int] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield MergeTable(id="fields")
        yield Static(LEGEND, id="legend")
        yield Static("Reading the records...", id="status")
        yield Footer()

    def on_mount(self) -> None:
        """Read the records in the background."""
        self.sub_title = "Merge: t target · space take value · x leave out · m merge"
        self._load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="merge-compare")
    def _load(self) -> None:
        self.post_message(self.Loaded(compare_patrons(self.patron_ids)))

    def on_merge_compare_screen_loaded(self, message: Loaded) -> None:
        """Show the records with the default choices."""
        self.comparison = message.comparison
        self.patron_ids = list(message.comparison.ids)
        self._choose_target(self.target if self.target in self.patron_ids else self.patron_ids[0])
        self.tell(f"Comparing {len(self.patron_ids)} records; {self._target_name()} is the target.")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Merging needs a System Administrator and the records on screen."""
        if action == "merge":
            return self.operator.is_admin and self.comparison is not None or None
        if action in ("make_target", "take_value", "leave_out"):
            return self.comparison is not None or None
        return True

    # Drawing ------------------------------------------------------------------------------

    def tell(self, sentence: str) -> None:
        """A routine step, in the status line only (outcomes and errors also notify)."""
        self.query_one("#status", Static).update(sentence)
        self.query_one("#status", Static).remove_class("error")

    def _target_name(self) -> str:
        return self._username(self.target)

    def _username(self, pid: int) -> str:
        assert self.comparison is not None
        return str(self.comparison.profiles[pid]["username"])

    def _draw(self) -> None:
        assert self.comparison is not None
        self.query_one(MergeTable).show(self.comparison, self.target, self.choices)
        self.refresh_bindings()

    def on_data_table_cell_highlighted(self, event: DataTable.CellHighlighted) -> None:
        """Show the whole value under the cursor when its column cuts it short."""
        table = self.query_one(MergeTable)
        field, pid = table.under_cursor()
        if pid is None or self.comparison is None:
            return
        value = value_text(self.comparison.profiles[pid][field])
        if table.cuts_short(value, pid):
            self.tell(f"{LABELS[field]} of {self._username(pid)}: {value}")

    def _choose_target(self, pid: int) -> None:
        assert self.comparison is not None
        self.target = pid
        self.choices = default_choices(self.comparison, pid)
        self._draw()

    # Actions ------------------------------------------------------------------------------

    def action_make_target(self) -> None:
        """The record under the cursor survives; the others merge into it."""
        _, pid = self.query_one(MergeTable).under_cursor()
        if pid is None:
            self.say("Move the cursor onto a record's column first (left and right).")
            return
        self._choose_target(pid)
        self.tell(f"{self._target_name()} is the target; its values are kept unless you choose.")

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        """Enter on a value keeps it, as space does."""
        self.action_take_value()

    def action_take_value(self) -> None:
        """Keep the value under the cursor for its field."""
        field, pid = self.query_one(MergeTable).under_cursor()
        if pid is None or self.comparison is None:
            self.say("Move the cursor onto a record's value first (left and right).")
            return
        if field not in CHOSEN_FIELDS:
            self.say("System groups are combined: the merged patron keeps every record's groups.")
            return
        self.choices[field] = pid
        self._draw()
        shown = value_text(self.comparison.profiles[pid][field]) or "(blank)"
        self.tell(f"{LABELS[field]}: keeping {shown} from {self._username(pid)}.")

    def action_leave_out(self) -> None:
        """Take the record under the cursor out of this merge (two must remain)."""
        _, pid = self.query_one(MergeTable).under_cursor()
        if pid is None or self.comparison is None:
            return
        if len(self.patron_ids) <= 2:
            self.say("A merge needs at least two records; press escape to go back instead.")
            return
        name = self._username(pid)
        self.comparison = self.comparison.without(pid)
        self.patron_ids = list(self.comparison.ids)
        if pid == self.target:
            self._choose_target(self.patron_ids[0])
        else:
            defaults = default_choices(self.comparison, self.target)
            self.choices = {f: s if s != pid else defaults[f] for f, s in self.choices.items()}
            self._draw()
        self.tell(f"Left {name} out of this merge.")

    def action_merge(self) -> None:
        """Ask, naming every record, then merge."""
        if self.comparison is None or not self.operator.is_admin:
            return
        others = [self._username(pid) for pid in self.patron_ids if pid != self.target]
        question = (
            f"Merge {', '.join(others)} into {self._target_name()}? Their loans, contacts and "
            "groups move to it and they are removed. Merge-assist can undo it (u)."
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self._merge()

        self.app.push_screen(ConfirmScreen(question, yes="Merge", no="Cancel"), answered)

    @work(thread=True, exclusive=True, exit_on_error=False, group="merge")
    def _merge(self) -> None:
        assert self.comparison is not None
        others = [pid for pid in self.patron_ids if pid != self.target]
        outcome = merge_patrons(
            self.target,
            others,
            self.choices,
            self.operator.username,
            versions=self.comparison.versions,
        )
        self.post_message(self.Merged(outcome))

    def on_merge_compare_screen_merged(self, message: Merged) -> None:
        """Close, handing the outcome to whoever opened this screen."""
        self.dismiss(message.outcome)

    def action_back(self) -> None:
        """Back without merging."""
        self.dismiss(None)
