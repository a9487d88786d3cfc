"""A patron's further email contacts: list, add (with a relationship) and remove."""

from __future__ import annotations

from dataclasses import dataclass

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Input, Label, Static

from screens.blacklist_warning import confirm_if_blacklisted
from screens.store_errors import ReportsStoreErrors
from screens.widgets.steady_input import SteadyInput
from store.contacts import add_contact, list_contacts, remove_contact
from store.errors import ValidationError


@dataclass(frozen=True)
class ContactLine:
    """One contact as the panel lists it."""

    id: int
    email: str
    relationship: str


class ContactsPanel(ReportsStoreErrors, Vertical):
    """Contacts are saved as soon as they are added or removed (each one audited)."""

    BINDINGS = [
        Binding("ctrl+o", "add_contact", "Add contact", id="add-contact"),
        Binding("ctrl+r", "remove_contact", "Remove contact", id="remove-contact"),
    ]

    @dataclass
    class Listed(Message):
        """The contacts were (re)read."""

        contacts: list[ContactLine]

    def __init__(self, patron_id: int | None, actor: str, read_only: bool) -> None:
        super().__init__(id="contacts")
        self.patron_id = patron_id
        self.actor = actor
        self.read_only = read_only or patron_id is None
        self.contacts: list[ContactLine] = []

    def compose(self) -> ComposeResult:
        yield Static("Contacts (further email addresses)", classes="section-title")
        if self.patron_id is None:
            yield Static("Save the new patron first; then add contacts here.", classes="hint")
            return
        table: DataTable[str] = DataTable(id="contact-list", cursor_type="row")
        table.add_columns("Email", "Relationship")
        yield table
        with Horizontal(classes="field-row"):
            yield Label("New contact", classes="field-label")
            yield SteadyInput(
                id="contact-email", placeholder="email", compact=True, disabled=self.read_only
            )
        with Horizontal(classes="field-row"):
            yield Label("Relationship", classes="field-label")
            yield SteadyInput(
                id="contact-relationship",
                placeholder="e.g. mother, guardian",
                compact=True,
                disabled=self.read_only,
            )
        yield Static(
            "ctrl+o adds the contact; ctrl+r removes the highlighted one.",
            id="contact-error",
            classes="hint",
        )

    def on_mount(self) -> None:
        """Read the contacts."""
        if self.patron_id is not None:
            self._list()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Editing contacts needs an editor and a saved patron; removing needs a contact."""
        if action in ("add_contact", "remove_contact") and self.read_only:
            return None
        if action == "remove_contact" and not self.contacts:
            return None
        return True

    @work(thread=True, exclusive=True, exit_on_error=False, group="contacts")
    def _list(self) -> None:
        assert self.patron_id is not None
        lines = [ContactLine(c.id, c.email, c.relationship) for c in list_contacts(self.patron_id)]
        self.post_message(self.Listed(lines))

    def on_contacts_panel_listed(self, message: Listed) -> None:
        """Show the contacts."""
        message.stop()
        self.contacts = message.contacts
        table = self.query_one("#contact-list", DataTable)
        table.clear()
        for line in self.contacts:
            table.add_row(line.email, line.relationship or "(not given)", key=str(line.id))
        if not self.contacts:
            table.add_row("(no contacts yet)", "")
        self.screen.refresh_bindings()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the contact fields adds the contact."""
        event.stop()
        self.action_add_contact()

    def action_add_contact(self) -> None:
        """Add the typed contact."""
        email = self.query_one("#contact-email", Input).value
        relationship = self.query_one("#contact-relationship", Input).value
        confirm_if_blacklisted(
            self, {"contact_email": email}, lambda: self._add(email, relationship)
        )

    @work(thread=True, exclusive=True, exit_on_error=False, group="contacts")
    def _add(self, email: str, relationship: str) -> None:
        assert self.patron_id is not None
        contact = add_contact(self.patron_id, email, relationship, self.actor)
        self.app.call_from_thread(self._changed, f"Added contact {contact.email}.")

    def _changed(self, sentence: str) -> None:
        email = self.query_one("#contact-email", Input)
        email.value = ""
        self.query_one("#contact-relationship", Input).value = ""
        if self.screen.focused is not None and self in self.screen.focused.ancestors:
            email.focus()
        self._note(sentence, error=False)
        self._list()

    def action_remove_contact(self) -> None:
        """Remove the highlighted contact."""
        row = self.query_one("#contact-list", DataTable).cursor_row
        if 0 <= row < len(self.contacts):
            self._remove(self.contacts[row])

    @work(thread=True, exclusive=True, exit_on_error=False, group="contacts")
    def _remove(self, line: ContactLine) -> None:
        remove_contact(line.id, self.actor)
        self.app.call_from_thread(self._changed, f"Removed contact {line.email}.")

    def _note(self, sentence: str, error: bool) -> None:
        note = self.query_one("#contact-error", Static)
        note.update(f"✗ {sentence}" if error else sentence)
        note.set_class(error, "field-error")
        note.set_class(error, "-shown")

    def store_failed(self, error: BaseException) -> None:
        """A refused contact is explained under the contact fields."""
        if isinstance(error, ValidationError):
            self._note(" ".join(p.message for p in error.problems), error=True)
            self.query_one("#contact-email", Input).focus()
        else:
            super().store_failed(error)
