"""Tick boxes whose mark is a character: on and off differ without colour (NO_COLOR)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Checkbox


class TickBox(Checkbox):
    """A checkbox showing [X] when on and [ ] when off."""

    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = "X" if self.value else " "
        return super()._button


class GroupTicks(Vertical):
    """One tick box per group; `always` groups are ticked and cannot be unticked."""

    def __init__(self, groups: tuple[str, ...], always: str, id: str) -> None:
        super().__init__(id=id, classes="ticks")
        self.groups = groups
        self.always = always

    def compose(self) -> ComposeResult:
        for group in self.groups:
            yield TickBox(
                group,
                value=group == self.always,
                disabled=group == self.always,
                compact=True,
                id=f"group-{group.lower().replace(' ', '-')}",
            )

    @property
    def chosen(self) -> tuple[str, ...]:
        """The ticked groups, in their fixed order."""
        return tuple(str(box.label) for box in self.query(TickBox) if box.value)

    @chosen.setter
    def chosen(self, groups: tuple[str, ...]) -> None:
        for box in self.query(TickBox):
            box.value = str(box.label) in groups or str(box.label) == self.always

    def focus(self, scroll_visible: bool = True) -> GroupTicks:
        """Focus the first tick box that can change."""
        for box in self.query(TickBox):
            if not box.disabled:
                box.focus(scroll_visible)
                break
        return self
