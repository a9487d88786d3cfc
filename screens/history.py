"""A patron's audit trail: who changed which field, when, from what to what."""

from __future__ import annotations

from dataclasses import dataclass

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from screens.store_errors import ReportsStoreErrors
from store.audit import HistoryItem, history
from store.fields import LABELS


def describe_changes(changes: dict[str, list[object]], separator: str = "; ") -> str:
    """'Surname: Smith -> Smyth; Enabled: True -> False' in the manual's field order."""
    order = {key: n for n, key in enumerate(LABELS)}
    parts = []
    for key in sorted(changes, key=lambda k: order.get(k, len(order))):
        before, after = changes[key]
        label = LABELS.get(key, key.replace("_", " ").capitalize())
        parts.append(f"{label}: {_shown(before)} -> {_shown(after)}")
    return separator.join(parts)


def _shown(value: object) -> str:
    if value is None or value == "":
        return "(blank)"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


class HistoryScreen(ReportsStoreErrors, Screen[None]):
    """The newest changes first; escape goes back."""

    AUTO_FOCUS = "#history"
    BINDINGS = [Binding("escape", "close", "Back", id="back")]

    @dataclass
    class Loaded(Message):
        """The trail was read."""

        items: list[HistoryItem]

    def __init__(self, patron_id: int, username: str) -> None:
        super().__init__()
        self.patron_id = patron_id
        self.username = username
        self.items: list[HistoryItem] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(f"History of {self.username} (newest first)", id="summary")
        table: DataTable[str] = DataTable(id="history", cursor_type="row", zebra_stripes=True)
        table.add_columns("When (UTC)", "Who", "What", "Changes")
        yield table
        yield Static("", id="detail")
        yield Static("", id="status")
        yield Footer()

    def on_mount(self) -> None:
        """Read the trail in a worker."""
        self._load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _load(self) -> None:
        self.post_message(self.Loaded(history(self.patron_id)))

    def on_history_screen_loaded(self, message: Loaded) -> None:
        """Fill the table."""
        self.items = message.items
        table = self.query_one("#history", DataTable)
        for item in message.items:
            table.add_row(
                f"{item.at:%Y-%m-%d %H:%M}", item.actor, item.action, describe_changes(item.changes)
            )
        if not message.items:
            self.query_one("#status", Static).update("Nothing recorded yet.")

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """Every change of the highlighted entry in full, one per line."""
        if 0 <= event.cursor_row < len(self.items):
            item = self.items[event.cursor_row]
            detail = describe_changes(item.changes, "\n") or "(no field changes)"
            self.query_one("#detail", Static).update(f"{item.action} by {item.actor}:\n{detail}")

    def action_close(self) -> None:
        """Back to where the history was opened from."""
        self.dismiss(None)
