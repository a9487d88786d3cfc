"""Every profile field in the manual's order, each with its error line underneath."""

from __future__ import annotations

import datetime as dt
from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Select, Static

from screens.widgets.field_row import field_row, mark_current_label
from screens.widgets.steady_input import SteadyInput
from screens.widgets.tick_box import GroupTicks, TickBox
from store.choices import ProfileChoices
from store.fields import DATE_FORMAT_HINT, LABELS, LIBRARY_USERS, MANDATORY, SYSTEM_GROUPS
from store.rules import Profile

YES_NO = [("Yes", "yes"), ("No", "no")]
HINTS = {
    "until_date": f"type {DATE_FORMAT_HINT}; blank: no end",
    "gender": "M, F or blank",
    "email": "e.g. name@example.org",
    "admin_id": "e.g. the SIS ID; photos are <ID>.jpeg",
    "graduating_year": "a student needs this or a level",
}


class ProfileForm(VerticalScroll):
    """Editors for a whole profile; reads and writes values as the store's text form."""

    def __init__(self, choices: ProfileChoices, is_new: bool, read_only: bool) -> None:
        super().__init__(id="profile")
        self.choices = choices
        self.is_new = is_new
        self.read_only = read_only
        self.can_focus = read_only  # only to scroll a read-only form; fields take focus
        self.loaded: dict[str, object] = {}

    def field_keys(self) -> list[str]:
        """The fields this form shows: all, but campus only when campuses exist."""
        return [k for k in LABELS if k != "campus" or self.choices.campuses]

    def compose(self) -> ComposeResult:
        for key in self.field_keys():
            star = " *" if key in MANDATORY else ""
            with Vertical(classes="field", id=f"field-{key}"):
                editor = self._editor(key)
                editor.disabled = self.read_only
                yield field_row(f"{LABELS[key]}{star}", editor)
                yield Static("", id=f"error-{key}", classes="field-error")

    def _select(self, key: str, options: list[tuple[str, str]], blank: bool = True) -> Select[str]:
        return Select(options, id=key, allow_blank=blank, prompt="(none)", compact=True)

    def _editor(self, key: str) -> Widget:
        c = self.choices
        if key in ("enabled", "staff"):
            return self._select(key, YES_NO, blank=self.is_new)
        if key == "gender":
            return self._select(key, [("M", "M"), ("F", "F")])
        if key == "generic":
            return TickBox("anonymous catalogue account", id=key, compact=True)
        if key == "graduating_year":
            return self._select(key, [(f"Class of {y}", str(y)) for y in c.cohorts])
        if key == "campus":
            return self._select(key, [(f"{name} ({iid})", iid) for iid, name in c.campuses])
        if key in ("presentation_group", "library_group"):
            names = c.presentation_groups if key == "presentation_group" else c.library_groups
            return self._select(key, [(n, n) for n in names])
        if key == "system_groups":
            return GroupTicks(SYSTEM_GROUPS, always=LIBRARY_USERS, id=key)
        placeholder = HINTS.get(key, "")
        if key == "password":
            placeholder = "at least 8 characters" if self.is_new else "blank: keep the password"
        if key == "form_class":
            if not c.has_current_period:
                return SteadyInput(
                    placeholder="set a current period in Settings first",
                    id=key,
                    disabled=True,
                    compact=True,
                )
            return SteadyInput(
                id=key,
                compact=True,
                placeholder="this period's class, e.g. 7B",
                suggester=SuggestFromList(c.form_classes, case_sensitive=False),
            )
        return SteadyInput(
            id=key, compact=True, placeholder=placeholder, password=key == "password"
        )

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Mark the focused field's label."""
        mark_current_label(self, event.widget)

    # Values -------------------------------------------------------------------------------

    def load(self, profile: Profile) -> None:
        """Show a stored profile (or the blank one) and remember it as unchanged."""
        for key in self.field_keys():
            value = profile.get(key)
            if self.is_new and key == "staff":
                value = None  # the operator says yes or no; no silent default
            widget = self.query_one(f"#{key}")
            if isinstance(widget, Select):
                text = _text(value)
                if isinstance(value, bool):
                    text = "yes" if value else "no"
                widget.value = text if text else Select.NULL
            elif isinstance(widget, Checkbox):
                widget.value = bool(value)
            elif isinstance(widget, GroupTicks):
                widget.chosen = tuple(value or ())
            elif isinstance(widget, Input) and key != "password":
                widget.value = _text(value)
        if self.is_new:
            self.query_one("#enabled", Select).value = "yes"
        self.loaded = self.values()

    def values(self) -> dict[str, object]:
        """What the form holds, as text the store parses; a blank password is left out."""
        values: dict[str, object] = {}
        for key in self.field_keys():
            widget = self.query_one(f"#{key}")
            if isinstance(widget, Select):
                values[key] = "" if widget.value is Select.NULL else str(widget.value)
            elif isinstance(widget, Checkbox):
                values[key] = "yes" if widget.value else "no"
            elif isinstance(widget, GroupTicks):
                values[key] = widget.chosen
            elif isinstance(widget, Input) and not widget.disabled:
                values[key] = widget.value
        if not values.get("password"):
            values.pop("password", None)
        return values

    def changed(self) -> bool:
        """True when the operator changed something since the form was loaded."""
        return self.values() != self.loaded

    # Problems -----------------------------------------------------------------------------

    def show_problems(self, by_field: dict[str, list[str]]) -> list[str]:
        """Put each problem under its field; the fields shown, in the form's order."""
        shown = []
        for key in self.field_keys():
            line = self.query_one(f"#error-{key}", Static)
            messages = by_field.get(key, [])
            line.update("\n".join(f"✗ {m}" for m in messages))
            line.set_class(bool(messages), "-shown")
            if messages:
                shown.append(key)
        return shown

    def focus_field(self, key: str) -> None:
        """Move the cursor to a field and bring it into view."""
        widget = self.query_one(f"#{key}")
        widget.focus()
        self.scroll_to_widget(self.query_one(f"#field-{key}"))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
