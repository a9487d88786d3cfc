"""Why a setting cannot simply be removed, and the ways out the store allows.

Shown after the store refused a removal: the refusal itself (with the count of patrons),
and, where moving them is safe, a list of the others of that kind to move them to; for a
past academic period, the offer to remove it together with its form classes.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from store.settings import SettingItem

Answer = tuple[int | None, bool]


class RemoveRefused(ModalScreen[Answer | None]):
    """Dismissed with (move_to, True) to remove after all, or None to keep the setting."""

    DEFAULT_CSS = """
    RemoveRefused { align: center middle; }
    RemoveRefused > Vertical {
        width: 70; height: auto; max-height: 20; border: thick $error;
        background: $surface; padding: 1 2;
    }
    RemoveRefused OptionList { height: auto; max-height: 8; }
    """
    AUTO_FOCUS = "#targets"
    BINDINGS = [
        Binding("escape", "keep", "Keep it", id="keep"),
        Binding("y", "remove_together", "Remove together", id="together"),
    ]

    def __init__(self, reason: str, targets: list[SettingItem], may_confirm: bool) -> None:
        super().__init__()
        self.reason = reason
        self.targets = targets
        self.may_confirm = may_confirm

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.reason, id="reason")
            if self.targets:
                yield Static("Move them to:")
                yield OptionList(
                    *[Option(item.name, id=str(item.id)) for item in self.targets], id="targets"
                )
            if self.may_confirm:
                hint = "y: remove together   escape: keep it"
            elif self.targets:
                hint = "enter: move them there, then remove   escape: keep it"
            else:
                hint = "escape: close"
            yield Static(hint, id="hint")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer "remove together" only where the store allows it."""
        return self.may_confirm if action == "remove_together" else True

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Move the patrons to the chosen one, then remove."""
        self.dismiss((int(event.option.id or 0), True))

    def action_remove_together(self) -> None:
        """Remove it with what belongs to it (a past period's form classes)."""
        self.dismiss((None, True))

    def action_keep(self) -> None:
        """Leave everything as it is."""
        self.dismiss(None)
