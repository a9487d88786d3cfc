"""Import step 1: what to import and from which file.

The path is typed with completion (right arrow accepts the suggested folder or file),
picked in a keyboard file browser (ctrl+b), or chosen from the recent files. From here
ctrl+r lists past imports, to undo one. Only System Administrators reach this screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, OptionList, RadioButton, RadioSet, Static

from screens.import_batches import ImportBatchesScreen
from screens.import_browse import FileBrowseScreen
from screens.import_fields import ImportFieldsScreen
from screens.import_path import PathSuggester
from screens.import_recent import recent_files, remember_file
from screens.import_sample import FileSample, read_sample
from screens.store_errors import ReportsStoreErrors
from screens.widgets.steady_input import SteadyInput
from store.accounts import Operator

KINDS = (
    ("users", "Users: add new patrons, update known ones"),
    ("rename", "Usernames: rename (username, new_username)"),
    ("contacts", "Contacts: further email addresses of patrons"),
)


class ImportStartScreen(ReportsStoreErrors, Screen[None]):
    """Choose the kind of import and the file."""

    DEFAULT_CSS = """
    ImportStartScreen RadioSet { width: 100%; }
    ImportStartScreen #path { margin: 0 1; }
    ImportStartScreen #recent { height: 1fr; }
    ImportStartScreen .section-title { padding: 0 1; }
    """
    AUTO_FOCUS = "#path"
    BINDINGS = [
        Binding("ctrl+n", "next", "Next", id="next", tooltip="Read the file and choose its fields"),
        Binding("ctrl+b", "browse", "Browse", id="browse", tooltip="Pick the file in a browser"),
        Binding("ctrl+r", "batches", "Past imports", id="batches", tooltip="List and undo imports"),
        Binding("escape", "back", "Back", id="back"),
    ]

    @dataclass
    class SampleRead(Message):
        """The chosen file was opened and its first rows read."""

        sample: FileSample

    def __init__(self, operator: Operator) -> None:
        super().__init__()
        self.operator = operator
        self.recent: list[Path] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("What to import (arrows, then enter or space):", classes="section-title")
        with RadioSet(id="kind"):
            for index, (_, label) in enumerate(KINDS):
                yield RadioButton(label, value=index == 0)
        yield Static("File (→ completes, ctrl+b browses, enter reads it):", classes="section-title")
        yield SteadyInput(
            placeholder="e.g. ~/exports/students.csv", id="path", suggester=PathSuggester()
        )
        yield Static("Recent files (enter picks):", classes="section-title")
        yield OptionList(id="recent")
        yield Static("", id="status")
        yield Footer()

    def on_mount(self) -> None:
        """Show the recent files."""
        self._show_recent()

    def on_screen_resume(self) -> None:
        """Back from a later step: the recent files may have changed."""
        self._show_recent()

    def _show_recent(self) -> None:
        self.recent = recent_files()
        listing = self.query_one("#recent", OptionList)
        listing.set_options([Text(str(path)) for path in self.recent])
        listing.display = bool(self.recent)
        if self.recent:
            listing.highlighted = 0

    @property
    def kind(self) -> str:
        """The chosen kind of import."""
        index = self.query_one(RadioSet).pressed_index
        return KINDS[max(index, 0)][0]

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the path reads the file."""
        self.action_next()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a recent file reads it."""
        self.query_one("#path", Input).value = str(self.recent[event.option_index])
        self.action_next()

    def action_next(self) -> None:
        """Read the typed file, then go on to its fields."""
        typed = self.query_one("#path", Input).value.strip()
        if not typed:
            self.say("Type the path of the CSV file to import, or press ctrl+b to browse.", True)
            return
        self._read(Path(typed).expanduser(), self.kind)

    @work(thread=True, exclusive=True, exit_on_error=False, group="read")
    def _read(self, path: Path, kind: str) -> None:
        self.post_message(self.SampleRead(read_sample(path, kind)))

    def on_import_start_screen_sample_read(self, message: SampleRead) -> None:
        """Remember the file and go on to its fields."""
        remember_file(message.sample.path)
        self.app.push_screen(ImportFieldsScreen(self.operator, message.sample), self._finished)

    def _finished(self, applied: bool | None) -> None:
        if applied:
            self.say("The import was applied; ctrl+r lists past imports to undo one.")

    def action_browse(self) -> None:
        """Pick the file in a browser, from the typed folder (or the working folder)."""
        typed = Path(self.query_one("#path", Input).value.strip() or ".").expanduser().resolve()
        start = typed if typed.is_dir() else typed.parent if typed.parent.is_dir() else Path.cwd()

        def picked(path: Path | None) -> None:
            if path is not None:
                self.query_one("#path", Input).value = str(path)
                self.action_next()

        self.app.push_screen(FileBrowseScreen(start), picked)

    def action_batches(self) -> None:
        """Past imports, to undo one."""
        self.app.push_screen(ImportBatchesScreen(self.operator))

    def action_back(self) -> None:
        """Back to the home screen."""
        self.dismiss(None)
