"""After an import was applied: what it did, and the invalid rows saved as a CSV to fix."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from screens.import_ask import AskTextScreen
from screens.import_rows import counts_line
from screens.store_errors import ReportsStoreErrors
from store.importing import ImportReport, save_invalid_rows


class ImportSummaryScreen(ReportsStoreErrors, ModalScreen[None]):
    """The applied import's counts; s saves the invalid rows with their reasons."""

    DEFAULT_CSS = """
    ImportSummaryScreen { align: center middle; }
    ImportSummaryScreen > Vertical {
        width: 72; max-width: 100%; height: auto; max-height: 100%;
        padding: 0 1; border: thick $success; background: $surface;
    }
    """
    BINDINGS = [
        Binding("s", "save_invalid", "Save invalid rows", id="save-invalid", tooltip="As CSV"),
        Binding("enter,escape", "close", "Close", id="close"),
    ]

    def __init__(self, report: ImportReport) -> None:
        super().__init__()
        self.report = report
        self.invalid = report.counts["invalid"]

    def compose(self) -> ComposeResult:
        report = self.report
        lines = [
            f"Applied {report.file_name} as import batch #{report.batch}.",
            counts_line(report.counts),
        ]
        if report.rejudged:
            changed = ", ".join(map(str, report.rejudged[:10]))
            lines.append(f"The database changed since the preview; judged again: lines {changed}.")
        if self.invalid:
            lines.append(
                f"s: save the {self.invalid} invalid rows, their reasons in a last column, "
                "as a CSV to fix and import again."
            )
        lines.append("enter: close · the batch can be undone from the import screen (ctrl+r).")
        with Vertical():
            yield Static("\n".join(lines), id="applied")
            yield Static("", id="status")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer saving only when some row was invalid."""
        return None if action == "save_invalid" and not self.invalid else True

    def action_save_invalid(self) -> None:
        """Ask where, then write the invalid rows there."""
        path = self.report.path
        suggested = path.with_name(f"{path.stem}-invalid.csv")

        def answered(name: str | None) -> None:
            if name:
                self._save(Path(name).expanduser())

        self.app.push_screen(AskTextScreen("Save the invalid rows as:", str(suggested)), answered)

    @work(thread=True, exclusive=True, exit_on_error=False, group="save-invalid")
    def _save(self, target: Path) -> None:
        count = save_invalid_rows(self.report, target)
        sentence = f"Saved {count} invalid rows to {target} (readable by you only)."
        self.app.call_from_thread(self.say, sentence)

    def action_close(self) -> None:
        """Close the summary; the spooled report goes with it."""
        self.report.rows.close()
        self.dismiss(None)
