"""First run: a database without a System Administrator creates one before anything else."""

from __future__ import annotations

from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static

from screens.store_errors import ReportsStoreErrors
from screens.widgets.field_row import field_row, mark_current_label
from screens.widgets.steady_input import SteadyInput
from store.accounts import create_administrator
from store.errors import ValidationError

FIELDS = (
    ("username", "Username *", False),
    ("surname", "Surname", False),
    ("barcode", "Library barcode", False),
    ("password", "Password *", True),
    ("again", "Password again *", True),
)


class FirstRunScreen(ReportsStoreErrors, Screen[str]):
    """Creates the first System Administrator; dismissed with its username."""

    AUTO_FOCUS = "#username"
    BINDINGS = [Binding("ctrl+s", "create", "Create administrator", id="create")]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="first-run", classes="card"):
            yield Static("First run: create the System Administrator", classes="title")
            for key, label, secret in FIELDS:
                yield field_row(label, SteadyInput(id=key, password=secret, compact=True))
            yield Static(
                "Password: at least 8 characters. Blank surname: the username; blank barcode: "
                "ADMIN-username. Enter moves on; Enter on the last field (or ctrl+s) creates.",
                id="status",
            )
        yield Footer()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Mark the focused field's label."""
        mark_current_label(self, event.widget)

    def _value(self, key: str) -> str:
        return self.query_one(f"#{key}", Input).value

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter moves to the next field; on the last one it creates the account."""
        if event.input.id == "again":
            self.action_create()
        else:
            self.focus_next()

    def action_create(self) -> None:
        """Check the two passwords agree, then create the account in a worker."""
        if self._value("password") != self._value("again"):
            self.say("The two passwords differ: type the same password twice.", error=True)
            self.query_one("#again", Input).focus()
            return
        self._create(
            {key: self._value(key) for key in ("username", "surname", "barcode", "password")}
        )

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _create(self, typed: dict[str, str]) -> None:
        patron = create_administrator(
            typed["username"],
            typed["password"],
            actor="first-run setup",
            surname=typed["surname"],
            barcode=typed["barcode"],
        )
        self.app.call_from_thread(self.dismiss, patron.username)

    def store_failed(self, error: BaseException) -> None:
        """Point at the first field with a problem."""
        super().store_failed(error)
        if isinstance(error, ValidationError):
            first = error.problems[0].field
            if first in dict.fromkeys(k for k, _, _ in FIELDS):
                self.query_one(f"#{first}", Input).focus()
