"""Library group membership in bulk (Librarians and System Administrators).

Two lists side by side: Available (patrons outside the group, found by the search box and
the role filter) and Members (as they will be after saving). Keys move the highlighted
patron across, move every patron the search finds, or take one out; nothing is written
until ctrl+s, which first says what saving does (moves from other groups included) and
then saves it all in one transaction. Lists show one page of the current search only.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static

from screens.groups_lists import ROLES, fill_available, fill_members, title
from screens.settings_confirm import ConfirmSetting, on_yes
from screens.settings_status import SaysInStatusLine
from screens.widgets.steady_input import SteadyInput
from store import groups

PAGE = 100
NOT_ALLOWED = "Library group membership is for Librarians and System Administrators."


class GroupMembershipScreen(SaysInStatusLine, Screen[None]):
    """Choose the members of one library group, then save them together."""

    DEFAULT_CSS = """
    GroupMembershipScreen #search { margin: 0 0; }
    GroupMembershipScreen .side { width: 1fr; height: 1fr; }
    GroupMembershipScreen .side DataTable { height: 1fr; }
    GroupMembershipScreen .side Static { text-style: bold; padding: 0 1; }
    GroupMembershipScreen #status { height: auto; padding: 0 1; }
    """
    AUTO_FOCUS = "#search"
    BINDINGS = [
        Binding("a", "add", "Add", id="add", tooltip="Add the highlighted patron"),
        Binding("r,delete", "remove", "Remove", id="remove", tooltip="Take the member out"),
        Binding("ctrl+t", "add_found", "Add all found", id="add-found"),
        Binding("ctrl+f", "filter", "Filter", id="filter", tooltip="All, staff, students, generic"),
        Binding("ctrl+s", "save", "Save", id="save", tooltip="Save the changes together"),
        Binding("down", "to_available", "To the lists", id="to-lists", show=False),
        Binding("escape", "back", "Back", id="back"),
    ]

    @dataclass
    class Loaded(Message):
        """Both lists for the search as it was when loading began."""

        generation: int
        available: groups.MemberPage
        members: groups.MemberPage

    @dataclass
    class Found(Message):
        """Every patron outside the group that the search finds."""

        ids: list[int]

    @dataclass
    class Planned(Message):
        """What saving would do now."""

        plan: groups.MembershipPlan

    @dataclass
    class Saved(Message):
        """The changes were saved."""

        plan: groups.MembershipPlan

    def __init__(self, group_id: int, group_name: str, actor: str, may_manage: bool) -> None:
        super().__init__()
        self.group_name = group_name
        self.actor = actor
        self.may_manage = may_manage
        self.draft = groups.MembershipDraft(group_id)
        self.role = "all"
        self.generation = 0
        self.shown: dict[str, list[groups.MemberRow]] = {"available": [], "members": []}

    def compose(self) -> ComposeResult:
        yield Header()
        search = SteadyInput(
            placeholder="Search: any part of a name, username or barcode", id="search"
        )
        yield search
        with Horizontal():
            with Vertical(classes="side"):
                yield Static("Available", id="available-title")
                yield DataTable(id="available", cursor_type="row", zebra_stripes=True)
            with Vertical(classes="side"):
                yield Static("Members", id="members-title")
                yield DataTable(id="members", cursor_type="row", zebra_stripes=True)
        yield Static("" if self.may_manage else NOT_ALLOWED, id="status")
        yield Footer()

    def on_mount(self) -> None:
        """Name the group and read both lists."""
        self.title = f"Library group {self.group_name}"
        self.query_one("#available", DataTable).add_columns("Username", "Name", "Group")
        self.query_one("#members", DataTable).add_columns("Username", "Name")
        self.load()

    def draft_copy(self) -> groups.MembershipDraft:
        """The draft as it is now, for a worker thread to read while the operator goes on."""
        return groups.MembershipDraft(
            self.draft.group_id, set(self.draft.adding), set(self.draft.removing)
        )

    def search_text(self) -> str:
        """What is in the search box."""
        return self.query_one("#search", Input).value

    def load(self) -> None:
        """Read both lists for the current search; older answers are dropped."""
        self.generation += 1
        self._load(self.generation, self.draft_copy(), self.search_text(), self.role)

    @work(thread=True, exclusive=True, exit_on_error=False, group="membership-load")
    def _load(self, generation: int, draft: groups.MembershipDraft, text: str, role: str) -> None:
        available = groups.available(draft, text, role, limit=PAGE)
        members = groups.selected(draft, text, role, limit=PAGE)
        self.post_message(self.Loaded(generation, available, members))

    def on_group_membership_screen_loaded(self, message: Loaded) -> None:
        """Show the pages, unless a newer search is on its way."""
        if message.generation != self.generation:
            return
        self.shown = {"available": message.available.rows, "members": message.members.rows}
        fill_available(self.query_one("#available", DataTable), message.available.rows)
        fill_members(self.query_one("#members", DataTable), message.members.rows)
        self.query_one("#available-title", Static).update(
            title("Available", message.available, self.role)
        )
        self.query_one("#members-title", Static).update(
            title("Members", message.members, self.role)
        )
        self.refresh_bindings()

    def on_input_changed(self) -> None:
        """The lists follow the search as it is typed."""
        self.load()

    def highlighted(self, side: str) -> groups.MemberRow | None:
        """The patron under the cursor of one list, if that list has the focus."""
        table = self.query_one(f"#{side}", DataTable)
        rows = self.shown[side]
        if self.focused is not table or not 0 <= table.cursor_row < len(rows):
            return None
        return rows[table.cursor_row]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Dim what cannot run now."""
        if action in ("add", "remove", "add_found", "save") and not self.may_manage:
            return None
        if action == "add":
            return True if self.highlighted("available") else None
        if action == "remove":
            return True if self.highlighted("members") else None
        if action == "save":
            return True if self.draft.changed else None
        return True

    def on_descendant_focus(self) -> None:
        """Add and Remove depend on which list has the focus."""
        self.refresh_bindings()

    def on_data_table_row_highlighted(self) -> None:
        """Add and Remove depend on the row."""
        self.refresh_bindings()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter moves the patron across, whichever list it is in."""
        if event.data_table.id == "available":
            self.action_add()
        else:
            self.action_remove()

    def action_to_available(self) -> None:
        """From the search box down into the Available list."""
        self.query_one("#available", DataTable).focus()

    def action_add(self) -> None:
        """Move the highlighted available patron into the group (on save)."""
        row = self.highlighted("available")
        if row and self.may_manage:
            self.draft.add([row.id])
            self.changed(
                f"{row.username} will join {self.group_name}"
                + (f" (leaving {row.group})" if row.group else "")
                + "."
            )

    def action_remove(self) -> None:
        """Take the highlighted member out of the group (on save)."""
        row = self.highlighted("members")
        if row and self.may_manage:
            self.draft.remove([row.id])
            self.changed(f"{row.username} will leave {self.group_name}.")

    def action_add_found(self) -> None:
        """Move every patron the search finds outside the group into it (on save)."""
        if self.may_manage:
            self._find(self.draft_copy(), self.search_text(), self.role)

    @work(thread=True, exclusive=True, exit_on_error=False, group="membership-find")
    def _find(self, draft: groups.MembershipDraft, text: str, role: str) -> None:
        self.post_message(self.Found(groups.available_ids(draft, text, role)))

    def on_group_membership_screen_found(self, message: Found) -> None:
        """Put them in the draft and say how many."""
        count = len(message.ids)
        if not count:
            self.say(f"The search finds no one outside {self.group_name}.")
            return
        self.draft.add(message.ids)
        self.changed(
            f"{count} patron{'s' if count != 1 else ''} found will join {self.group_name}."
        )

    def changed(self, sentence: str) -> None:
        """Say what the draft now holds and show the lists as they will be."""
        adding, removing = len(self.draft.adding), len(self.draft.removing)
        pending = f"Not saved yet: {adding} to add, {removing} to take out; ctrl+s saves."
        self.say(f"{sentence} {pending}")
        self.load()

    def action_filter(self) -> None:
        """Next role filter: all, staff, students, generic."""
        self.role = ROLES[(ROLES.index(self.role) + 1) % len(ROLES)]
        self.say(f"Showing {self.role if self.role != 'all' else 'everyone'}.")
        self.load()

    def action_save(self) -> None:
        """Say what saving does, then save when confirmed."""
        if self.draft.changed and self.may_manage:
            self._plan(self.draft_copy())

    @work(thread=True, exclusive=True, exit_on_error=False, group="membership-save")
    def _plan(self, draft: groups.MembershipDraft) -> None:
        self.post_message(self.Planned(groups.plan_membership(draft)))

    def on_group_membership_screen_planned(self, message: Planned) -> None:
        """Ask, showing every kind of change, moves from other groups first."""
        draft = self.draft_copy()
        question = " ".join(message.plan.sentences()) + " Save?"
        self.app.push_screen(ConfirmSetting(question, "save"), on_yes(lambda: self._apply(draft)))

    @work(thread=True, exclusive=True, exit_on_error=False, group="membership-save")
    def _apply(self, draft: groups.MembershipDraft) -> None:
        self.post_message(self.Saved(groups.apply_membership(draft, self.actor)))

    def on_group_membership_screen_saved(self, message: Saved) -> None:
        """Start afresh from what is saved."""
        self.draft = groups.MembershipDraft(self.draft.group_id)
        self.say("Saved. " + " ".join(message.plan.sentences()))
        self.load()

    def action_back(self) -> None:
        """From a list back to the search box; from there leave, asking about unsaved changes."""
        search = self.query_one("#search", Input)
        if self.focused is not search:
            search.focus()
            return
        if not self.draft.changed:
            self.dismiss(None)
            return
        question = f"Leave {self.group_name} without saving the changes?"
        self.app.push_screen(
            ConfirmSetting(question, "discard them"),
            on_yes(lambda: self.dismiss(None)),
        )
