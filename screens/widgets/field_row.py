"""A labelled one-line field, and marking the label of the field that has the cursor."""

from __future__ import annotations

from textual.containers import Horizontal
from textual.dom import DOMNode
from textual.widget import Widget
from textual.widgets import Label


def field_row(label: str, editor: Widget) -> Horizontal:
    """The label on the left, the editor filling the rest of the line."""
    return Horizontal(Label(label, classes="field-label"), editor, classes="field-row")


def mark_current_label(container: DOMNode, focused: Widget) -> None:
    """Show the focused field's label reversed, so the cursor's place needs no colour."""
    for label in container.query(".field-label.-current"):
        label.remove_class("-current")
    for row in focused.ancestors:
        if isinstance(row, Horizontal) and row.has_class("field-row"):
            row.query_one(".field-label").add_class("-current")
            return
