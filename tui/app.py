"""The full-screen app shell."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, Static


class PatronsApp(App[None]):
    """Patrons: the keyboard-only patron manager."""

    TITLE = "Patrons"
    CSS_PATH = "app.tcss"
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", id="quit")]

    def __init__(self, database_label: str) -> None:
        super().__init__()
        self.database_label = database_label

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(f"Database: {self.database_label}", id="main")
        yield Footer()
