"""Past imports (who, when, file, counts) and undoing a whole one.

Undo asks first. Patrons changed again since the import (or deleted, or whose old values
now clash) are left as they are; each is listed below with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from screens.confirm import ConfirmScreen
from screens.import_rows import full_detail
from screens.store_errors import ReportsStoreErrors
from store.accounts import Operator
from store.importing import BatchSummary, UndoReport, list_batches, undo_batch

COLUMNS = ("#", "When (UTC)", "Who", "Kind", "File", "Counts", "Undone")


def counts_words(counts: dict[str, int]) -> str:
    """'3 added, 1 updated, ...' as stored with the batch."""
    return ", ".join(f"{value} {key}" for key, value in counts.items())


class ImportBatchesScreen(ReportsStoreErrors, Screen[None]):
    """The applied imports, newest first; u undoes the highlighted one."""

    DEFAULT_CSS = """
    ImportBatchesScreen #batches { height: 1fr; }
    ImportBatchesScreen #undo-box { height: 7; border-top: solid $primary; padding: 0 1; }
    """
    AUTO_FOCUS = "#batches"
    BINDINGS = [
        Binding("u", "undo", "Undo batch", id="undo", tooltip="Undo the whole highlighted import"),
        Binding("escape", "back", "Back", id="back"),
    ]

    @dataclass
    class Listed(Message):
        """The batches were read."""

        batches: list[BatchSummary]

    @dataclass
    class Undone(Message):
        """A batch was undone (perhaps in part)."""

        report: UndoReport

    def __init__(self, operator: Operator) -> None:
        super().__init__()
        self.operator = operator
        self.batches: list[BatchSummary] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Past imports, newest first. u undoes the highlighted one.", id="heading")
        table: DataTable[str] = DataTable(id="batches", cursor_type="row", zebra_stripes=True)
        table.add_columns(*COLUMNS)
        yield table
        with VerticalScroll(id="undo-box"):
            yield Static("", id="undo-report")
        yield Static("", id="status")
        yield Footer()

    def on_mount(self) -> None:
        """Read the batches."""
        self._list()

    @work(thread=True, exclusive=True, exit_on_error=False, group="batches")
    def _list(self) -> None:
        self.post_message(self.Listed(list_batches()))

    def on_import_batches_screen_listed(self, message: Listed) -> None:
        """Show the batches, keeping the cursor where it was."""
        self.batches = message.batches
        table = self.query_one("#batches", DataTable)
        cursor = table.cursor_row
        table.clear()
        for b in self.batches:
            undone = f"{b.undone_at:%Y-%m-%d %H:%M}" if b.undone_at else ""
            when = f"{b.at:%Y-%m-%d %H:%M}"
            table.add_row(
                str(b.id), when, b.actor, b.kind, b.file_name, counts_words(b.counts), undone
            )
        if self.batches:
            table.move_cursor(row=min(cursor, len(self.batches) - 1))
        else:
            self.say("No import has been applied to this database yet.")
        self.refresh_bindings()

    def highlighted(self) -> BatchSummary | None:
        """The batch under the cursor, if any."""
        cursor = self.query_one("#batches", DataTable).cursor_row
        return self.batches[cursor] if 0 <= cursor < len(self.batches) else None

    def on_data_table_row_highlighted(self) -> None:
        """What undo may do depends on the row."""
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Undo only a batch not undone yet."""
        if action == "undo":
            batch = self.highlighted()
            return True if batch and not batch.undone_at and self.operator.may_edit else None
        return True

    def action_undo(self) -> None:
        """Ask, naming the batch and its counts, then undo it."""
        batch = self.highlighted()
        if batch is None or batch.undone_at or not self.operator.may_edit:
            return
        question = (
            f"Undo import #{batch.id} of {batch.file_name} ({counts_words(batch.counts)})? "
            "Patrons it added are removed and fields it changed are restored; patrons "
            "changed again since are left as they are and listed."
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self._undo(batch.id)

        self.app.push_screen(ConfirmScreen(question, yes="Undo", no="Keep"), answered)

    @work(thread=True, exclusive=True, exit_on_error=False, group="undo")
    def _undo(self, batch_id: int) -> None:
        self.post_message(self.Undone(undo_batch(batch_id, self.operator.username, commit=True)))

    def on_import_batches_screen_undone(self, message: Undone) -> None:
        """Say what was undone and list what could not be, with why."""
        report, counts = message.report, message.report.counts
        self.say(
            f"Import #{report.batch} ({report.file_name}): {counts['undone']} undone, "
            f"{counts['refused']} could not be undone."
        )
        refused = [full_detail(row) for row in report.rows if row.outcome == "refused"]
        text = "\n".join(refused) if refused else "Everything the import did was undone."
        self.query_one("#undo-report", Static).update(text)
        self._list()

    def action_back(self) -> None:
        """Back to the import screen."""
        self.dismiss(None)
