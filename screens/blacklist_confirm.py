"""Asks before an address is taken off the blacklist: mail may then reach it again."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from store.email_health import BlacklistEntry


class ConfirmRemoval(ModalScreen[bool]):
    """Dismissed with True to remove the address, False to keep it (escape keeps it)."""

    DEFAULT_CSS = """
    ConfirmRemoval { align: center middle; }
    ConfirmRemoval > Vertical {
        width: 64; height: auto; border: thick $warning; background: $surface; padding: 1 2;
    }
    """
    BINDINGS = [
        Binding("y", "answer(True)", "Remove", id="yes"),
        Binding("n,escape", "answer(False)", "Keep", id="no"),
    ]

    def __init__(self, entry: BlacklistEntry) -> None:
        super().__init__()
        self.entry = entry

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                f"Remove {self.entry.address} ({self.entry.why}, {self.entry.at:%Y-%m-%d}) from "
                "the blacklist? Mail will be sent to it again.\n\n"
                "y: remove   n: keep",
                id="question",
            )

    def action_answer(self, answer: bool) -> None:
        """Close with the answer."""
        self.dismiss(answer)
