"""Small dialogs of the import screens: ask for a line of text, pick one of a list."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static

from screens.widgets.steady_input import SteadyInput

DIALOG_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{
    width: 70; max-width: 100%; height: auto; max-height: 100%;
    padding: 0 1; border: round $primary; background: $surface;
}}
{name} OptionList {{ height: auto; max-height: 12; }}
"""


class AskTextScreen(ModalScreen[str | None]):
    """One question answered by a line of text; enter answers, escape cancels (None)."""

    DEFAULT_CSS = DIALOG_CSS.format(name="AskTextScreen")
    AUTO_FOCUS = "Input"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="cancel")]

    def __init__(self, question: str, value: str = "", placeholder: str = "") -> None:
        super().__init__()
        self.question, self.value, self.placeholder = question, value, placeholder

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(f"{self.question}\nenter: OK · escape: cancel")
            yield SteadyInput(self.value, placeholder=self.placeholder)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter answers with the text (blank counts as cancel)."""
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        """Leave without an answer."""
        self.dismiss(None)


class PickScreen(ModalScreen[int | None]):
    """Pick one of a list by arrows and enter; dismissed with its index, or None."""

    DEFAULT_CSS = DIALOG_CSS.format(name="PickScreen")
    AUTO_FOCUS = "OptionList"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="cancel")]

    def __init__(self, title: str, choices: Sequence[str]) -> None:
        super().__init__()
        self.title_text, self.choices = title, list(choices)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(f"{self.title_text}\nenter: pick · escape: cancel")
            yield OptionList(*(Text(choice) for choice in self.choices))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter picks the highlighted choice."""
        self.dismiss(event.option_index)

    def action_cancel(self) -> None:
        """Leave without a choice."""
        self.dismiss(None)
