"""The blacklist screen: each blacklisted address, why, since when, and who uses it.

From here the operator opens a patron to correct an address, or takes an address off the
blacklist. The screen knows nothing of the patron screen: it is given a function that
builds one for a patron id, and reads the blacklist again whenever it comes back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from screens.blacklist_rows import BlacklistRow, load_rows
from screens.confirm import ConfirmScreen
from screens.store_errors import ReportsStoreErrors
from store.email_health import BlacklistEntry, SendingStatus, remove_from_blacklist

COLUMNS = ("Address", "Why", "Used by", "As")
PatronScreenFactory = Callable[[int], Screen[Any]]


class BlacklistScreen(ReportsStoreErrors, Screen[None]):
    """Blacklisted addresses and their users; open a patron, or remove an address."""

    AUTO_FOCUS = "#entries"
    BINDINGS = [
        Binding("enter", "open_patron", "Open patron", id="open", tooltip="Correct the address"),
        Binding("r", "remove", "Remove", id="remove", tooltip="Take the address off the blacklist"),
        Binding("escape", "leave", "Back", id="back"),
    ]

    @dataclass
    class Loaded(Message):
        """The blacklist, who uses each address, and the sending state were read."""

        rows: list[BlacklistRow]
        status: SendingStatus

    @dataclass
    class Removed(Message):
        """An address was taken off the blacklist."""

        entry: BlacklistEntry

    def __init__(
        self, actor: str, may_edit: bool, patron_screen: PatronScreenFactory | None = None
    ) -> None:
        super().__init__()
        self.actor = actor
        self.may_edit = may_edit
        self.patron_screen = patron_screen
        self.rows: list[BlacklistRow] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Reading the blacklist...", id="sending")
        table: DataTable[str] = DataTable(id="entries", cursor_type="row", zebra_stripes=True)
        table.add_columns(*COLUMNS)
        yield table
        yield Static("", id="detail")
        yield Static("", id="status")
        yield Footer()

    def on_screen_resume(self) -> None:
        """Read the blacklist when shown, and again when back from a patron."""
        self.reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Dim Open without a patron on the row, and Remove for those who may not edit."""
        row = self.highlighted()
        if action == "open_patron":
            return True if row and row.use and self.patron_screen else None
        if action == "remove":
            return True if row and self.may_edit else None
        return True

    @work(thread=True, exclusive=True, exit_on_error=False, group="blacklist")
    def reload(self) -> None:
        """Read the blacklist and its users again."""
        rows, status = load_rows()
        self.post_message(self.Loaded(rows, status))

    def on_blacklist_screen_loaded(self, message: Loaded) -> None:
        """Show the rows, keeping the cursor where it was."""
        self.rows = message.rows
        table = self.query_one("#entries", DataTable)
        cursor = table.cursor_row
        table.clear()
        for row in self.rows:
            table.add_row(*row.cells())
        if self.rows:
            table.move_cursor(row=min(cursor, len(self.rows) - 1))
        sending = message.status.summary or "Email sending is enabled."
        count = len({row.entry.address for row in self.rows})
        self.query_one("#sending", Static).update(
            f"{sending}\n{count} address{'es' if count != 1 else ''} on the blacklist."
        )
        self.on_data_table_row_highlighted()

    def highlighted(self) -> BlacklistRow | None:
        """The row under the cursor, if any."""
        table = self.query_one("#entries", DataTable)
        if not self.rows or not 0 <= table.cursor_row < len(self.rows):
            return None
        return self.rows[table.cursor_row]

    def on_data_table_row_highlighted(self) -> None:
        """Say all about the highlighted row; what the keys may do depends on it."""
        row = self.highlighted()
        self.query_one("#detail", Static).update(row.describe() if row else "")
        self.refresh_bindings()

    def on_data_table_row_selected(self) -> None:
        """Enter on a row opens its patron."""
        self.action_open_patron()

    def action_open_patron(self) -> None:
        """Open the patron using the highlighted address, to correct it."""
        row = self.highlighted()
        if row and row.use and self.patron_screen:
            self.app.push_screen(self.patron_screen(row.use.patron_id))

    def action_remove(self) -> None:
        """Ask, then take the highlighted address off the blacklist."""
        row = self.highlighted()
        if row is None or not self.may_edit:
            return
        entry = row.entry
        question = (
            f"Remove {entry.address} ({entry.why}, {entry.at:%Y-%m-%d}) from the blacklist? "
            "Mail will be sent to it again."
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self._remove(entry.address)

        self.app.push_screen(ConfirmScreen(question, yes="Remove", no="Keep"), answered)

    @work(thread=True, exclusive=True, exit_on_error=False, group="blacklist-remove")
    def _remove(self, address: str) -> None:
        self.post_message(self.Removed(remove_from_blacklist(address, self.actor)))

    def on_blacklist_screen_removed(self, message: Removed) -> None:
        """Say so and read the list again."""
        self.say(f"Removed {message.entry.address} from the blacklist.")
        self.reload()

    def action_leave(self) -> None:
        """Back to where the operator came from."""
        self.dismiss(None)
