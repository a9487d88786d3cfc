"""Import step 3: every row's outcome, the highlighted row in full, then apply.

The preview runs in a thread worker and arrives a chunk at a time under a progress bar,
so a large file shows its first rows at once and escape cancels it. Apply asks first,
repeating the counts; the rows are judged again as they are written.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, ProgressBar, Static
from textual.worker import get_current_worker

from screens.confirm import ConfirmScreen
from screens.import_rows import counts_line, full_detail, outcome_cell, short_detail
from screens.import_summary import ImportSummaryScreen
from screens.store_errors import ReportsStoreErrors
from store.accounts import Operator
from store.importing import Hooks, ImportOptions, ImportReport, RowResult, apply_import, plan_import


class ImportPreviewScreen(ReportsStoreErrors, Screen[bool]):
    """The preview of one file; dismissed with True once it was applied."""

    DEFAULT_CSS = """
    ImportPreviewScreen #counts { height: auto; padding: 0 1; text-style: bold; }
    ImportPreviewScreen ProgressBar { padding: 0 1; }
    ImportPreviewScreen DataTable { height: 1fr; }
    ImportPreviewScreen #detail-box { height: 6; border-top: solid $primary; padding: 0 1; }
    """
    AUTO_FOCUS = "#rows"
    BINDINGS = [
        Binding("i", "toggle_invalid", "Invalid only", id="invalid-only", tooltip="All or invalid"),
        Binding("ctrl+s", "apply", "Apply", id="apply", tooltip="Apply the valid rows"),
        Binding(
            "escape", "leave", "Cancel/Back", id="back", tooltip="Stop the preview, or go back"
        ),
    ]

    @dataclass
    class RowsJudged(Message):
        """More rows of the preview, up to `line` of about `lines`."""

        rows: list[RowResult]
        line: int
        lines: int

    @dataclass
    class Planned(Message):
        """The preview is complete."""

        report: ImportReport
        rows: list[RowResult]

    @dataclass
    class Applied(Message):
        """The valid rows were applied."""

        report: ImportReport

    def __init__(self, operator: Operator, path: Path, options: ImportOptions) -> None:
        super().__init__()
        self.operator, self.path, self.options = operator, path, options
        self.results: list[RowResult] = []
        self.invalid: list[int] = []
        self.counts: Counter[str] = Counter()
        self.invalid_only = False
        self.plan: ImportReport | None = None
        self.state = "previewing"
        self.drained = threading.Event()
        self.drained.set()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="counts")
        yield ProgressBar(show_eta=False, id="progress")
        for table_id in ("rows", "invalid-rows"):
            table: DataTable[object] = DataTable(id=table_id, cursor_type="row", zebra_stripes=True)
            table.add_columns("Line", "Outcome", "Username", "Details")
            table.display = table_id == "rows"
            yield table
        with VerticalScroll(id="detail-box"):
            yield Static("", id="row-detail")
        yield Static("", id="status")
        yield Footer()

    def on_mount(self) -> None:
        """Start the preview (unless it was cancelled already)."""
        self._show_counts()
        if self.state == "previewing":
            self._plan()

    def on_unmount(self) -> None:
        """Drop the spooled preview."""
        if self.plan is not None:
            self.plan.rows.close()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Apply a complete preview with something to write, by a System Administrator;
        no leaving mid-apply."""
        if action == "apply":
            if self.state != "previewed" or not self.operator.may_edit:
                return None
            return self.counts["added"] + self.counts["updated"] > 0
        if action == "leave":
            return self.state != "applying"
        return True

    # Previewing ---------------------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="preview")
    def _plan(self) -> None:
        worker = get_current_worker()
        judged: list[RowResult] = []

        def progress(line: int, lines: int) -> None:
            # One chunk in the screen's queue at a time, so a key never waits behind many.
            while not self.drained.wait(0.05):
                if worker.is_cancelled:
                    return
            self.drained.clear()
            self.post_message(self.RowsJudged(judged.copy(), line, lines))
            judged.clear()

        hooks = Hooks(progress, lambda: worker.is_cancelled, judged.append)
        report = plan_import(self.path, self.options, hooks)
        if worker.is_cancelled:
            report.rows.close()
        else:
            self.post_message(self.Planned(report, judged))

    def on_import_preview_screen_rows_judged(self, message: RowsJudged) -> None:
        """Show the rows judged so far and how far the preview is."""
        if self.state == "previewing":
            bar = self.query_one(ProgressBar)
            bar.update(total=max(message.lines, message.line), progress=message.line)
            self._add_rows(message.rows)
        self.drained.set()

    def on_import_preview_screen_planned(self, message: Planned) -> None:
        """The preview is complete: apply becomes possible."""
        if self.state != "previewing":
            message.report.rows.close()
            return
        self._add_rows(message.rows)
        self.plan, self.state = message.report, "previewed"
        self.query_one(ProgressBar).display = False
        self._show_counts()
        self.refresh_bindings()

    def _add_rows(self, rows: list[RowResult]) -> None:
        every, invalid = (
            self.query_one("#rows", DataTable),
            self.query_one("#invalid-rows", DataTable),
        )
        start = len(self.results)
        self.results.extend(rows)
        self.counts.update(row.outcome for row in rows)
        for index, row in enumerate(rows, start):
            cells = (row.line, outcome_cell(row.outcome), row.username, short_detail(row))
            every.add_row(*cells)
            if row.outcome == "invalid":
                self.invalid.append(index)
                invalid.add_row(*cells)
        self._show_counts()
        if start == 0 and rows:
            self.on_data_table_row_highlighted()

    @property
    def table(self) -> DataTable[object]:
        """The table on show: every row, or the invalid ones."""
        return self.query_one("#invalid-rows" if self.invalid_only else "#rows", DataTable)

    def _show_counts(self) -> None:
        where = {
            "previewing": "Previewing",
            "previewed": "Preview of",
            "cancelled": "Cancelled preview of",
            "failed": "Could not preview",
            "applied": "Applied",
        }
        heading = f"{where.get(self.state, 'Applying')} {self.path.name}"
        shown = " · invalid rows only (i: all)" if self.invalid_only else ""
        self.query_one("#counts", Static).update(f"{heading}{shown}\n{counts_line(self.counts)}")

    # The highlighted row ------------------------------------------------------------------

    def highlighted(self) -> RowResult | None:
        """The row under the cursor, if any."""
        cursor = self.table.cursor_row
        shown = self.invalid if self.invalid_only else range(len(self.results))
        return self.results[shown[cursor]] if 0 <= cursor < len(shown) else None

    def on_data_table_row_highlighted(self) -> None:
        """Show the highlighted row's reasons or changes in full."""
        row = self.highlighted()
        self.query_one("#row-detail", Static).update(full_detail(row) if row else "")

    def action_toggle_invalid(self) -> None:
        """Show only the invalid rows, or every row again (both tables are kept filled)."""
        had_focus = self.table.has_focus
        self.table.display = False
        self.invalid_only = not self.invalid_only
        self.table.display = True
        if had_focus:
            self.table.focus()
        self._show_counts()
        self.on_data_table_row_highlighted()

    def action_leave(self) -> None:
        """Stop a running preview; otherwise go back to the fields."""
        if self.state == "previewing":
            self.workers.cancel_group(self, "preview")
            self.state = "cancelled"
            self._show_counts()
            self.say(f"Preview cancelled after {len(self.results):,} rows; nothing was written.")
            return
        if self.state != "applying":
            self.dismiss(self.state == "applied")

    # Applying -----------------------------------------------------------------------------

    def action_apply(self) -> None:
        """Ask, repeating the counts, then apply the valid rows."""
        if self.state != "previewed" or not self.operator.may_edit:
            return
        question = (
            f"Apply {self.path.name}? {counts_line(self.counts)}. The added and updated rows "
            "are written in one go; the invalid rows are left out. It can be undone later."
        )
        self.app.push_screen(
            ConfirmScreen(question, yes="Apply", no="Not yet"),
            lambda yes: self._start_apply() if yes else None,
        )

    def _start_apply(self) -> None:
        self.state = "applying"
        bar = self.query_one(ProgressBar)
        bar.update(progress=0)
        bar.display = True
        self._show_counts()
        self.refresh_bindings()
        self._apply()

    @work(thread=True, exclusive=True, exit_on_error=False, group="apply")
    def _apply(self) -> None:
        assert self.plan is not None
        bar = self.query_one(ProgressBar)

        def progress(line: int, lines: int) -> None:
            self.app.call_from_thread(bar.update, total=max(lines, line), progress=line)

        self.post_message(
            self.Applied(apply_import(self.plan, self.operator.username, Hooks(progress)))
        )

    def on_import_preview_screen_applied(self, message: Applied) -> None:
        """Show the summary; back to the start once it is closed."""
        self.state = "applied"
        self.query_one(ProgressBar).display = False

        def closed(_: None) -> None:
            self.dismiss(True)

        self.app.push_screen(ImportSummaryScreen(message.report), closed)

    def store_failed(self, error: BaseException) -> None:
        """A failed apply leaves the preview as it was, ready to try again."""
        if self.state == "previewing":
            self.state = "failed"
            self.query_one(ProgressBar).display = False
            self._show_counts()
        if self.state == "applying":
            self.state = "previewed"
            self.query_one(ProgressBar).display = False
            self._show_counts()
            self.refresh_bindings()
        super().store_failed(error)
