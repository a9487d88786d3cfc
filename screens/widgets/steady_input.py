"""A text box that sends nothing to the terminal while idle and little while typed in.

Textual's Input blinks its cursor by repainting the box twice a second: over SSH that is
bytes on the wire while nobody types. Here the cursor stays shown while the box has focus.
Input also asks for a layout of the whole screen on every keystroke (its scrollable width
follows the text), and after a layout every scrolling table on the screen repaints its
scrollbar in an extra frame; a box whose size never depends on its text needs no layout.
"""

from __future__ import annotations

from typing import Any

from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Input


class SteadyInput(Input):
    """An Input with a steady cursor that repaints only itself as it is typed in."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Before mounting, so the blink timer starts paused and the cursor stays shown.
        self.cursor_blink = False

    def _watch_value(self, value: str) -> None:
        """Input's watcher, after setting the scrollable width quietly (Input then finds
        it unchanged and asks for no layout)."""
        self.set_reactive(Widget.virtual_size, Size(self.content_width, 1))
        super()._watch_value(value)
