"""The field list of an import: the ticked fields, on top, are the file's columns in order.

Space ticks a field (it joins the end of the ticked ones) or unticks it; u/d move the
highlighted field up or down among its group, t/b to the top or bottom of it; a ticks
all, n none; s adds a "skip" entry for a column to leave out (unticking one removes it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList

from store.fields import LABELS

SKIP = "skip"
WIDTH = 32  # characters of an entry, so none wraps in the list's 40 columns
HINT = "space ticks · u/d move · t/b top/bottom · a/n all/none · s skips a column"


@dataclass
class FieldEntry:
    """One field of the list and whether it is ticked."""

    key: str
    ticked: bool


class FieldOrderList(OptionList):
    """All fields of one kind of import, the ticked ones in the file's column order."""

    BINDINGS = [
        Binding("space", "tick", "Tick", id="tick", tooltip="Tick or untick the field"),
        Binding(
            "u", "move(-1)", "Up", id="move-up", show=False, tooltip="Move the field up one place"
        ),
        Binding(
            "d",
            "move(1)",
            "Down",
            id="move-down",
            show=False,
            tooltip="Move the field down one place",
        ),
        Binding(
            "t", "move_to_end(True)", "Top", id="move-top", show=False, tooltip="Move it to the top"
        ),
        Binding(
            "b",
            "move_to_end(False)",
            "Bottom",
            id="move-bottom",
            show=False,
            tooltip="Move it to the end",
        ),
        Binding(
            "a", "tick_all(True)", "All", id="tick-all", show=False, tooltip="Tick every field"
        ),
        Binding(
            "n", "tick_all(False)", "None", id="tick-none", show=False, tooltip="Untick every field"
        ),
        Binding(
            "s",
            "add_skip",
            "Skip col",
            id="add-skip",
            show=False,
            tooltip="Add a column to leave out",
        ),
    ]

    @dataclass
    class OrderChanged(Message):
        """The ticked fields or their order changed; `fields` are the file's columns."""

        fields: list[str]

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entries: list[FieldEntry] = []

    @property
    def fields(self) -> list[str]:
        """The ticked fields in list order: the file's columns."""
        return [entry.key for entry in self.entries if entry.ticked]

    def show_fields(self, all_fields: Sequence[str], ticked: Sequence[str]) -> None:
        """Tick `ticked` in that order at the top; the other fields follow unticked."""
        rest = [key for key in all_fields if key not in ticked]
        self.entries = [FieldEntry(key, True) for key in ticked]
        self.entries += [FieldEntry(key, False) for key in rest]
        self._redraw(0)

    def _redraw(self, highlight: int | None) -> None:
        column = 0
        prompts = []
        for entry in self.entries:
            column += entry.ticked
            mark = f"[x] {column:>2}" if entry.ticked else "[ ]   "
            label = "(column left out)" if entry.key == SKIP else LABELS.get(entry.key, "")
            prompt = Text.assemble(f"{mark} ", (entry.key, "bold"), f"  {label}")
            prompt.truncate(WIDTH, overflow="ellipsis")
            prompts.append(prompt)
        self.set_options(prompts)
        if self.entries and highlight is not None:
            self.highlighted = max(0, min(highlight, len(self.entries) - 1))
        self.post_message(self.OrderChanged(self.fields))

    def _group(self, index: int) -> range:
        """The places of the entry's group: the ticked ones on top, then the unticked."""
        ticked = len(self.fields)
        return range(ticked) if self.entries[index].ticked else range(ticked, len(self.entries))

    def action_tick(self) -> None:
        """Tick a field (it joins the end of the ticked ones) or untick it (it leaves them)."""
        index = self.highlighted
        if index is None:
            return
        entry = self.entries.pop(index)
        entry.ticked = not entry.ticked
        if entry.key != SKIP or entry.ticked:
            self.entries.insert(len(self.fields), entry)
        self._redraw(index)

    def action_move(self, step: int) -> None:
        """Move the highlighted field one place up (-1) or down (1) among its group."""
        index = self.highlighted
        if index is None or index + step not in self._group(index):
            return
        entries = self.entries
        entries[index], entries[index + step] = entries[index + step], entries[index]
        self._redraw(index + step)

    def action_move_to_end(self, top: bool) -> None:
        """Move the highlighted field to the top or the bottom of its group."""
        index = self.highlighted
        if index is None:
            return
        group = self._group(index)
        target = group[0] if top else group[-1]
        self.entries.insert(target, self.entries.pop(index))
        self._redraw(target)

    def action_tick_all(self, ticked: bool) -> None:
        """Tick every field, or untick every field (and drop the skip entries)."""
        self.entries = [FieldEntry(e.key, ticked) for e in self.entries if e.key != SKIP or ticked]
        self._redraw(self.highlighted)

    def action_add_skip(self) -> None:
        """Add a skip entry after the highlighted ticked field, for a column to leave out."""
        index = self.highlighted
        ticked = len(self.fields)
        place = index + 1 if index is not None and index < ticked else ticked
        self.entries.insert(place, FieldEntry(SKIP, True))
        self._redraw(place)
