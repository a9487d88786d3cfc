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
        """A batch was undone (perhaps in part), or a trial run says what undo would do."""

        batch: BatchSummary
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
        """Work out what undoing the highlighted batch would do, then ask."""
        batch = self.highlighted()
        if batch is not None and not batch.undone_at and self.operator.may_edit:
            self._undo(batch, commit=False)

    @work(thread=True, exclusive=True, exit_on_error=False, group="undo")
    def _undo(self, batch: BatchSummary, commit: bool) -> None:
        report = undo_batch(batch.id, self.operator.username, commit=commit)
        self.post_message(self.Undone(batch, report))

    def _ask(self, batch: BatchSummary, trial: UndoReport) -> None:
        counts = trial.counts
        refused = f"; {counts['refused']} cannot be (listed below)" if counts["refused"] else ""
        question = (
            f"Undo import #{batch.id} of {batch.file_name} ({counts_words(batch.counts)})? "
            f"{counts['undone']} of its changes can be undone{refused}: patrons it added are "
            "removed, fields it changed restored."
        )
        self._show_refused(trial)

        def answered(yes: bool | None) -> None:
            if yes:
                self._undo(batch, commit=True)

        self.app.push_screen(ConfirmScreen(question, yes="Undo", no="Keep"), answered)

    def _show_refused(self, report: UndoReport) -> None:
        refused = [full_detail(row) for row in report.rows if row.outcome == "refused"]
        text = "\n".join(refused) if refused else "Everything the import did can be undone."
        self.query_one("#undo-report", Static).update(text)

    def on_import_batches_screen_undone(self, message: Undone) -> None:
        """Ask after a trial run; after the real one, say what was undone and what not, why."""
        report, counts = message.report, message.report.counts
        if not report.committed:
            self._ask(message.batch, report)
            return
        self.say(
            f"Import #{report.batch} ({report.file_name}): {counts['undone']} undone, "
            f"{counts['refused']} could not be undone."
        )
        self._show_refused(report)
        self._list()

    def action_back(self) -> None:
        """Back to the import screen."""
        self.dismiss(None)
