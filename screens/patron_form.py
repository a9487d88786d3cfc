"""The patron form: a new patron or an existing one; save, conflicts, discard, history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from screens.blacklist_warning import confirm_if_blacklisted
from screens.confirm import ConfirmScreen
from screens.history import HistoryScreen
from screens.store_errors import ReportsStoreErrors
from screens.widgets.contacts_panel import ContactsPanel
from screens.widgets.profile_form import ProfileForm
from store.accounts import Operator, locked_until, unlock_sign_in
from store.choices import ProfileChoices, profile_choices
from store.errors import ValidationError, VersionConflict
from store.patrons import get_patron, register, update
from store.profiles import BLANK_PROFILE, profile_of
from store.rules import Profile


class PatronFormScreen(ReportsStoreErrors, Screen[None]):
    """Edit one patron (or make a new one); Librarians see it read-only."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="save"),
        Binding("escape", "leave", "Back", id="back"),
        Binding(
            "ctrl+n",
            "toggle_new_input",
            "New input form",
            id="new-input-form",
            tooltip="After saving, open a blank form for the next patron",
        ),
        Binding("ctrl+y", "history", "History", id="history"),
        Binding("ctrl+l", "reload", "Reload", id="reload", tooltip="Read the patron again"),
        Binding(
            "ctrl+g",
            "unlock",
            "Unlock sign-in",
            id="unlock",
            tooltip="Lift the lock after five failed sign-ins",
        ),
    ]

    @dataclass
    class Loaded(Message):
        """The patron (or a blank profile) and the choices were read."""

        patron_id: int | None
        profile: Profile
        version: int
        choices: ProfileChoices
        locked_until: dt.datetime | None = None

    @dataclass
    class Saved(Message):
        """The store accepted the save."""

        patron_id: int
        username: str
        version: int
        was_new: bool

    def __init__(self, operator: Operator, patron_id: int | None) -> None:
        super().__init__()
        self.operator = operator
        self.patron_id = patron_id
        self.version = 0
        self.username = ""
        self.new_input_form = False
        self.form: ProfileForm | None = None
        self.changed = False
        self.locked_until: dt.datetime | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Loading...", id="heading")
        yield Vertical(id="body")
        yield Static("", id="status")
        yield Footer()

    def on_mount(self) -> None:
        """Read the patron in a worker."""
        self._load(self.patron_id)

    @work(thread=True, exclusive=True, exit_on_error=False, group="load")
    def _load(self, patron_id: int | None) -> None:
        choices = profile_choices()
        if patron_id is None:
            self.post_message(self.Loaded(None, dict(BLANK_PROFILE), 0, choices))
            return
        patron = get_patron(patron_id)
        self.post_message(
            self.Loaded(
                patron_id, profile_of(patron), patron.version, choices, locked_until(patron)
            )
        )

    async def on_patron_form_screen_loaded(self, message: Loaded) -> None:
        """Build the form for what was read and put the cursor in its first field."""
        self.patron_id, self.version = message.patron_id, message.version
        self.locked_until = message.locked_until
        self.username = str(message.profile.get("username") or "")
        read_only = not self.operator.may_edit
        body = self.query_one("#body", Vertical)
        await body.remove_children()
        self.form = ProfileForm(message.choices, self.patron_id is None, read_only)
        panel = ContactsPanel(self.patron_id, self.operator.username, read_only)
        await body.mount(self.form)
        await self.form.mount(panel)
        self.form.load(message.profile)
        self.changed = False
        self._show_heading()
        self.form.focus_field("username") if not read_only else self.form.focus()
        self.refresh_bindings()

    def _show_heading(self) -> None:
        if self.patron_id is None:
            title = "New patron"
        elif self.operator.may_edit:
            title = f"Edit {self.username}"
        else:
            title = f"View {self.username} (read only: Librarians may not edit profiles)"
        if self.locked_until is not None:
            title += f" · sign-in locked until {self.locked_until:%H:%M} UTC (ctrl+g unlocks)"
        if self.operator.may_edit:
            state = "on" if self.new_input_form else "off"
            title += f" · * required · new input form: {state} (ctrl+n)"
        self.query_one("#heading", Static).update(title)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Save only what an editor changed; history and reload only for a stored patron."""
        if action in ("save", "toggle_new_input") and not self.operator.may_edit:
            return False
        if action == "save" and not self.changed:
            return None
        if action in ("history", "reload") and self.patron_id is None:
            return None
        if action == "unlock":
            return self.operator.may_edit and self.locked_until is not None
        return True

    def on_input_changed(self) -> None:
        """An edit may make Save possible (or, undone, impossible again)."""
        changed = self.form is not None and self.form.changed()
        if changed != self.changed:
            self.changed = changed
            self.refresh_bindings()

    on_select_changed = on_checkbox_changed = on_input_changed

    # Saving ---------------------------------------------------------------------------------

    def action_save(self) -> None:
        """Send the whole form to the store; problems come back field by field."""
        if self.form is None or not self.operator.may_edit:
            return
        self.form.show_problems({})
        values = self.form.values()

        def save() -> None:
            self.query_one("#status", Static).update("Saving...")
            self._save(values)

        confirm_if_blacklisted(self, {"email": values.get("email")}, save, self.form.loaded)

    @work(thread=True, exclusive=True, exit_on_error=False, group="save")
    def _save(self, values: dict[str, object]) -> None:
        actor = self.operator.username
        if self.patron_id is None:
            patron = register(values, actor)
        else:
            patron = update(self.patron_id, values, self.version, actor)
        self.post_message(
            self.Saved(patron.id, patron.username, patron.version, self.patron_id is None)
        )

    def on_patron_form_screen_saved(self, message: Saved) -> None:
        """Announce; then a blank form (new input form on) or back to the search."""
        sentence = f"{'Added' if message.was_new else 'Saved'} {message.username}."
        self.say(sentence)
        if self.new_input_form:
            self.patron_id = None
            self._load(None)
        else:
            self.dismiss(None)

    def store_failed(self, error: BaseException) -> None:
        """Problems at their fields (focus on the first); a conflict offers to reload."""
        if isinstance(error, ValidationError) and self.form is not None:
            shown = self.form.show_problems(error.by_field())
            elsewhere = [p.message for p in error.problems if p.field not in shown]
            count = len(error.problems)
            self.say(
                f"Not saved: {count} problem{'s' if count > 1 else ''}, shown at "
                f"{'its field' if count == 1 else 'their fields'}. " + " ".join(elsewhere),
                error=True,
            )
            if shown:
                self.form.focus_field(shown[0])
        elif isinstance(error, VersionConflict):
            self.say(str(error), error=True)
            question = f"{error}\n\nReload now? Your unsaved changes here will be lost."
            self.app.push_screen(
                ConfirmScreen(question, yes="Reload", no="Keep editing"), self._reload_if
            )
        else:
            super().store_failed(error)

    # Leaving, reloading, history ----------------------------------------------------------

    def _reload_if(self, yes: bool | None) -> None:
        if yes:
            self._reload()

    def action_reload(self) -> None:
        """Read the patron again; unsaved changes are only dropped when the operator says so."""
        if self.patron_id is None:
            return
        if self.form is not None and self.form.changed():
            question = "You have unsaved changes. Discard them and reload the patron?"
            self.app.push_screen(
                ConfirmScreen(question, yes="Reload", no="Keep editing"), self._reload_if
            )
        else:
            self._reload()

    def _reload(self) -> None:
        if self.patron_id is not None:
            self._load(self.patron_id)
            self.say(f"Reloaded {self.username}.")

    def action_leave(self) -> None:
        """Back to the search; unsaved changes are only dropped when the operator says so."""
        if self.form is None or not self.form.changed():
            self.dismiss(None)
            return
        question = "You have unsaved changes. Discard them and leave?"
        self.app.push_screen(
            ConfirmScreen(question, yes="Discard", no="Keep editing"), self._leave_if
        )

    def _leave_if(self, yes: bool | None) -> None:
        if yes:
            self.dismiss(None)

    def action_toggle_new_input(self) -> None:
        """Switch the new input form on or off."""
        self.new_input_form = not self.new_input_form
        self._show_heading()
        state = "on: after saving, a blank form opens" if self.new_input_form else "off"
        self.say(f"New input form {state}.")

    def action_unlock(self) -> None:
        """Lift the sign-in lock of this patron now."""
        if self.patron_id is not None and self.operator.may_edit:
            self._unlock(self.patron_id)

    @work(thread=True, exclusive=True, exit_on_error=False, group="unlock")
    def _unlock(self, patron_id: int) -> None:
        unlock_sign_in(patron_id, self.operator.username)
        self.app.call_from_thread(self._unlocked)

    def _unlocked(self) -> None:
        self.locked_until = None
        self._show_heading()
        self.refresh_bindings()
        self.say(f"{self.username} may sign in again.")

    def action_history(self) -> None:
        """Who changed this patron, and when."""
        if self.patron_id is not None:
            self.app.push_screen(HistoryScreen(self.patron_id, self.username))
