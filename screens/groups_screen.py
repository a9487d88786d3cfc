"""The library groups, with their rights and members: the way into group membership.

For Librarians and System Administrators; the screen is handed the operator's name (the
audit actor) and whether they may manage membership.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from screens.groups_membership import NOT_ALLOWED, GroupMembershipScreen
from store.settings import SettingItem, list_library_groups


class LibraryGroupsScreen(Screen[None]):
    """Every library group; enter opens its membership."""

    DEFAULT_CSS = """
    LibraryGroupsScreen #groups { height: 1fr; }
    LibraryGroupsScreen #status { height: auto; padding: 0 1; }
    """
    AUTO_FOCUS = "#groups"
    BINDINGS = [
        Binding("enter", "open", "Members", id="open", tooltip="Choose the group's members"),
        Binding("escape", "back", "Back", id="back"),
    ]

    @dataclass
    class Loaded(Message):
        """The library groups were read."""

        items: list[SettingItem]

    def __init__(self, actor: str, may_manage: bool) -> None:
        super().__init__()
        self.actor = actor
        self.may_manage = may_manage
        self.items: list[SettingItem] = []

    def compose(self) -> ComposeResult:
        yield Header()
        table: DataTable[str] = DataTable(id="groups", cursor_type="row", zebra_stripes=True)
        table.add_columns("Library group", "Rights", "Members")
        yield table
        hint = "Enter: choose the members of the highlighted group."
        yield Static(hint if self.may_manage else NOT_ALLOWED, id="status")
        yield Footer()

    def on_screen_resume(self) -> None:
        """Read the groups when shown, and again when back from one."""
        self.title = "Library groups"
        self.reload()

    @work(thread=True, exclusive=True, exit_on_error=False, group="groups-load")
    def reload(self) -> None:
        """Read the library groups again."""
        self.post_message(self.Loaded(list_library_groups()))

    def on_library_groups_screen_loaded(self, message: Loaded) -> None:
        """Show the groups, keeping the cursor where it was."""
        self.items = message.items
        table = self.query_one("#groups", DataTable)
        cursor = table.cursor_row
        table.clear()
        for item in self.items:
            table.add_row(item.name, item.detail, str(item.patrons))
        if self.items:
            table.move_cursor(row=min(max(cursor, 0), len(self.items) - 1))
        else:
            self.query_one("#status", Static).update(
                "There are no library groups yet: a System Administrator adds them in Settings."
            )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Open needs a group and the right to manage membership."""
        if action == "open":
            return self.may_manage and bool(self.items)
        return True

    def on_data_table_row_selected(self) -> None:
        """Enter on a group opens it."""
        self.action_open()

    def action_open(self) -> None:
        """Open the membership of the highlighted group."""
        table = self.query_one("#groups", DataTable)
        if not self.may_manage or not 0 <= table.cursor_row < len(self.items):
            return
        item = self.items[table.cursor_row]
        self.app.push_screen(GroupMembershipScreen(item.id, item.name, self.actor, self.may_manage))

    def action_back(self) -> None:
        """Back to where the operator came from."""
        self.dismiss(None)
