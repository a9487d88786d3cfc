"""A yes/no question for the settings screens: switching the period, removing a setting."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static


class ConfirmSetting(ModalScreen[bool]):
    """Dismissed with True for y, False for n or escape."""

    DEFAULT_CSS = """
    ConfirmSetting { align: center middle; }
    ConfirmSetting > Vertical {
        width: 64; height: auto; border: thick $warning; background: $surface; padding: 1 2;
    }
    """
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="yes"),
        Binding("n,escape", "answer(False)", "No", id="no"),
    ]

    def __init__(self, question: str, yes: str = "yes") -> None:
        super().__init__()
        self.question = question
        self.yes = yes

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(f"{self.question}\n\ny: {self.yes}   n: no", id="question")

    def action_answer(self, answer: bool) -> None:
        """Close with the answer."""
        self.dismiss(answer)


def on_yes(then: Callable[[], object]) -> Callable[[bool | None], None]:
    """A callback for push_screen that runs `then` when the answer is yes (or saved)."""

    def answered(yes: bool | None) -> None:
        if yes:
            then()

    return answered
