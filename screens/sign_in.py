"""The sign-in screen: username and password, refused with one neutral sentence."""

from __future__ import annotations

from dataclasses import dataclass

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Label, Static

from screens.store_errors import ReportsStoreErrors
from screens.widgets.steady_input import SteadyInput
from store.accounts import Operator, SignInRefused, sign_in


class SignInScreen(ReportsStoreErrors, Screen[Operator]):
    """Asks who is there; dismissed with the signed-in Operator."""

    AUTO_FOCUS = "#username"
    BINDINGS = [Binding("ctrl+s", "sign_in", "Sign in", id="sign-in")]

    @dataclass
    class Refused(Message):
        """The store refused the sign-in with this sentence."""

        sentence: str

    def __init__(self, database_label: str, username: str = "") -> None:
        super().__init__()
        self.database_label = database_label
        self.username = username

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="sign-in", classes="card"):
            yield Static("Sign in to Patrons", classes="title")
            yield Static(f"Database: {self.database_label}", classes="hint")
            yield Label("Username")
            yield SteadyInput(self.username, id="username")
            yield Label("Password")
            yield SteadyInput(password=True, id="password")
            yield Static("Enter moves on; Enter on the password signs in.", id="status")
        yield Footer()

    def on_mount(self) -> None:
        """With the username known (after first-run setup), start at the password."""
        if self.username:
            self.query_one("#password", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the username moves to the password; in the password, signs in."""
        if event.input.id == "username":
            self.query_one("#password", Input).focus()
        else:
            self.action_sign_in()

    def action_sign_in(self) -> None:
        """Check the username and password in a worker."""
        username = self.query_one("#username", Input).value
        password = self.query_one("#password", Input).value
        if not username.strip():
            self.say("Type your username first.", error=True)
            self.query_one("#username", Input).focus()
            return
        self.query_one("#status", Static).update("Checking...")
        self._check(username, password)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _check(self, username: str, password: str) -> None:
        try:
            operator = sign_in(username, password)
        except SignInRefused as refused:
            self.post_message(self.Refused(str(refused)))
            return
        self.app.call_from_thread(self.dismiss, operator)

    def on_sign_in_screen_refused(self, message: Refused) -> None:
        """Show the refusal and start the password again."""
        self.say(message.sentence, error=True)
        password = self.query_one("#password", Input)
        password.value = ""
        password.focus()
