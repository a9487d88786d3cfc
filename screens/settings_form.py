"""The form that adds or changes one setting; the store judges it, errors shown at their fields."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, Static
from textual.worker import Worker, WorkerState

from screens.settings_kinds import FormField, Values
from screens.widgets.steady_input import SteadyInput
from store.errors import StoreError, ValidationError


class SettingForm(ModalScreen[bool]):
    """Dismissed with True once saved, False when cancelled."""

    DEFAULT_CSS = """
    SettingForm { align: center middle; }
    SettingForm > VerticalScroll {
        width: 64; height: auto; max-height: 22; border: thick $primary;
        background: $surface; padding: 0 2;
    }
    SettingForm .error { color: $text-error; text-style: bold; }
    SettingForm .error:empty { display: none; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="save", tooltip="Save and close"),
        Binding("escape", "cancel", "Cancel", id="cancel"),
    ]

    @dataclass
    class Rejected(Message):
        """The store refused the values: messages by field key ("" for the whole form)."""

        problems: dict[str, list[str]]

    class Saved(Message):
        """The store saved the values."""

    def __init__(
        self,
        title: str,
        fields: tuple[FormField, ...],
        values: Values,
        save: Callable[[Values], object],
    ) -> None:
        super().__init__()
        self.title_text = title
        self.fields = fields
        self.values = values
        self.save = save

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(f"[b]{self.title_text}[/b]")
            for field in self.fields:
                value = self.values.get(field.key)
                if field.yes_no:
                    yield Checkbox(field.label, bool(value), id=f"field-{field.key}")
                else:
                    yield Label(field.label)
                    text = "" if value is None else str(value)
                    field_input = SteadyInput(text, id=f"field-{field.key}")
                    yield field_input
                yield Static("", id=f"error-{field.key}", classes="error")
            yield Static("", id="error-form", classes="error")
            yield Static("ctrl+s or enter: save   escape: cancel   tab: next field")

    def on_mount(self) -> None:
        """Start in the first field."""
        self.query_one(f"#field-{self.fields[0].key}").focus()

    def gathered(self) -> Values:
        """What is in the fields now: text, or True/False for checkboxes."""
        values: Values = {}
        for field in self.fields:
            widget = self.query_one(f"#field-{field.key}")
            values[field.key] = widget.value if isinstance(widget, Checkbox | Input) else None
        return values

    def on_input_submitted(self) -> None:
        """Enter in a field saves, as ctrl+s does."""
        self.action_save()

    def action_save(self) -> None:
        """Hand the values to the store (in a worker)."""
        self.query_one("#error-form", Static).update("Saving...")
        self._save(self.gathered())

    @work(thread=True, exclusive=True, exit_on_error=False, group="setting-form")
    def _save(self, values: Values) -> None:
        try:
            self.save(values)
        except ValidationError as exc:
            self.post_message(self.Rejected(exc.by_field()))
        except StoreError as exc:
            self.post_message(self.Rejected({"": [str(exc)]}))
        else:
            self.post_message(self.Saved())

    def on_setting_form_rejected(self, message: Rejected) -> None:
        """Show each problem under its field and go to the first one."""
        keys = [field.key for field in self.fields]
        for key in keys:
            self.query_one(f"#error-{key}", Static).update(" ".join(message.problems.get(key, [])))
        elsewhere = [m for key, ms in message.problems.items() if key not in keys for m in ms]
        self.query_one("#error-form", Static).update(" ".join(elsewhere))
        first = next((key for key in keys if key in message.problems), None)
        if first:
            self.query_one(f"#field-{first}").focus()

    def on_setting_form_saved(self) -> None:
        """Close: the list behind shows the change."""
        self.dismiss(True)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """An unexpected failure becomes a sentence, never a traceback."""
        if event.state is WorkerState.ERROR:
            self.query_one("#error-form", Static).update(
                f"Not saved: something went wrong ({event.worker.error})."
            )

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(False)
