"""Settings (System Administrators): cohorts, periods and form classes, campuses, groups.

A list of kinds on the left, the settings of the chosen kind on the right; keys add,
change, remove, switch the current period (confirmed) and open a period's form classes.
The screen is handed the operator's name (the audit actor) and whether they are a System
Administrator; others see the lists read-only.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from screens.groups_membership import GroupMembershipScreen
from screens.settings_confirm import ConfirmSetting, on_yes
from screens.settings_form import SettingForm
from screens.settings_kinds import BY_KEY, KINDS, NEW_VALUES, SettingKind, Values
from screens.settings_remove import Answer, RemoveRefused
from screens.settings_status import SaysInStatusLine
from store import settings
from store.errors import DeleteRefused
from store.settings import SettingItem

NOT_ADMIN = "Settings are for System Administrators: ask one to change them."


class SettingsScreen(SaysInStatusLine, Screen[None]):
    """List, add, change and remove the settings profiles refer to."""

    DEFAULT_CSS = """
    SettingsScreen #kinds { width: 24; height: 1fr; }
    SettingsScreen #heading { text-style: bold; padding: 0 1; }
    SettingsScreen #items { height: 1fr; }
    SettingsScreen #status { height: auto; padding: 0 1; }
    """
    AUTO_FOCUS = "#kinds"
    BINDINGS = [
        Binding("a", "add", "Add", id="add", tooltip="Add one of this kind"),
        Binding(
            "e", "change", "Change", id="change", tooltip="Rename or change the highlighted one"
        ),
        Binding("d,delete", "remove", "Remove", id="remove", tooltip="Remove the highlighted one"),
        Binding(
            "c", "make_current", "Make current", id="current", tooltip="Switch the current period"
        ),
        Binding("f", "form_classes", "Form classes", id="form-classes", tooltip="Of this period"),
        Binding("m", "members", "Members", id="members", tooltip="Library group membership"),
        Binding("escape", "back", "Back", id="back"),
    ]

    @dataclass
    class Loaded(Message):
        """The settings of one kind (and period, for form classes) were read."""

        kind: str
        period: tuple[int, str] | None
        items: list[SettingItem]

    @dataclass
    class Refused(Message):
        """The store refused a removal; these are the others to move patrons to."""

        item: SettingItem
        reason: str
        targets: list[SettingItem]

    @dataclass
    class Said(Message):
        """An outcome to tell the operator, after which the list is read again."""

        sentence: str

    def __init__(self, actor: str, is_admin: bool) -> None:
        super().__init__()
        self.actor = actor
        self.is_admin = is_admin
        self.kind: SettingKind = KINDS[0]
        self.period: tuple[int, str] | None = None
        self.items: list[SettingItem] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield OptionList(*[Option(k.title, id=k.key) for k in KINDS], id="kinds")
            with Vertical():
                yield Static("", id="heading")
                table: DataTable[str] = DataTable(id="items", cursor_type="row", zebra_stripes=True)
                table.add_columns("Name", "Patrons", "Detail")
                yield table
        yield Static("" if self.is_admin else NOT_ADMIN, id="status")
        yield Footer()

    def on_mount(self) -> None:
        """Start on the first kind."""
        self.title = "Settings"
        self.reload()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Show the settings of the kind under the cursor."""
        self.kind = BY_KEY[event.option.id or KINDS[0].key]
        self.period = None
        self.reload()

    def on_option_list_option_selected(self) -> None:
        """Enter on a kind goes into its list."""
        self.query_one("#items", DataTable).focus()

    @work(thread=True, exclusive=True, exit_on_error=False, group="settings-load")
    def reload(self) -> None:
        """Read the settings of the chosen kind again."""
        kind, period = self.kind, self.period
        if kind.key == "form_classes" and period is None:
            current = settings.current_period()
            period = (current.id, current.name) if current else None
        items = (
            [] if kind.key == "form_classes" and period is None else kind.load(period and period[0])
        )
        self.post_message(self.Loaded(kind.key, period, items))

    def on_settings_screen_loaded(self, message: Loaded) -> None:
        """Show the list, keeping the cursor near where it was."""
        if message.kind != self.kind.key:
            return
        self.period, self.items = message.period, message.items
        table = self.query_one("#items", DataTable)
        cursor = table.cursor_row
        table.clear()
        for item in self.items:
            table.add_row(item.name, str(item.patrons), item.detail)
        if self.items:
            table.move_cursor(row=min(cursor, len(self.items) - 1))
        heading = self.kind.title
        if self.kind.key == "form_classes":
            heading = (
                f"Form classes of {self.period[1]}"
                if self.period
                else "Form classes: there is no current academic period; add one first."
            )
        self.query_one("#heading", Static).update(f"{heading} ({len(self.items)})")
        self.refresh_bindings()

    def highlighted(self) -> SettingItem | None:
        """The setting under the cursor, if any."""
        table = self.query_one("#items", DataTable)
        if not self.items or not 0 <= table.cursor_row < len(self.items):
            return None
        return self.items[table.cursor_row]

    def on_data_table_row_highlighted(self) -> None:
        """What the keys may do depends on the row."""
        self.refresh_bindings()

    def on_data_table_row_selected(self) -> None:
        """Enter on a row changes it."""
        self.action_change()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Dim what cannot run now: changes for non-administrators, period keys elsewhere."""
        item = self.highlighted()
        if action in ("make_current", "form_classes") and self.kind.key != "periods":
            return False
        if action == "members" and self.kind.key != "library_groups":
            return False
        if action in ("add", "change", "remove", "make_current") and not self.is_admin:
            return None
        if action == "add":
            return True if self.kind.key != "form_classes" or self.period else None
        return True if item or action == "back" else None

    def _form(self, title: str, values: Values, save: object) -> None:
        form = SettingForm(title, self.kind.fields, values, save)  # type: ignore[arg-type]
        self.app.push_screen(form, on_yes(self.reload))

    def action_add(self) -> None:
        """A form for a new one of this kind."""
        kind, parent = self.kind, self.period[0] if self.period else None
        where = f" to {self.period[1]}" if self.period else ""
        self._form(
            f"Add a {kind.singular}{where}", dict(NEW_VALUES), lambda v: kind.create(parent, v)
        )

    def action_change(self) -> None:
        """A form for the highlighted one, filled in."""
        item, kind = self.highlighted(), self.kind
        if item is None or not self.is_admin:
            return
        self._form(
            f"Change the {kind.singular} {item.name}",
            dict(item.values),
            lambda v: kind.change(item.id, v),
        )

    def action_remove(self) -> None:
        """Ask, then remove; a refusal shows why and the way out."""
        item = self.highlighted()
        if item is None or not self.is_admin:
            return
        if item.patrons:  # the store refuses, and the refusal offers the ways out
            self._remove(self.kind, item, None, False)
            return
        question = f"Remove the {self.kind.singular} {item.name}?"
        self.app.push_screen(
            ConfirmSetting(question, "remove"),
            on_yes(lambda: self._remove(self.kind, item, None, False)),
        )

    @work(thread=True, exclusive=True, exit_on_error=False, group="settings-change")
    def _remove(self, kind: SettingKind, item: SettingItem, move_to: int | None, ok: bool) -> None:
        try:
            name = kind.remove(item.id, self.actor, move_to, ok)
        except DeleteRefused as exc:
            others = kind.load(self.period[0] if self.period else None) if kind.movable else []
            targets = [other for other in others if other.id != item.id]
            self.post_message(self.Refused(item, str(exc), targets))
        else:
            moved = " after moving its patrons" if move_to else ""
            self.post_message(self.Said(f"Removed the {kind.singular} {name}{moved}."))

    def on_settings_screen_refused(self, message: Refused) -> None:
        """Say why, and offer the ways out the store allows."""
        kind, item = self.kind, message.item
        in_use = "is used by" in message.reason
        may_confirm = kind.key == "periods" and in_use
        self.say(message.reason)

        def answered(answer: Answer | None) -> None:
            if answer is not None:
                self._remove(kind, item, answer[0], answer[1])

        targets = message.targets if in_use else []
        self.app.push_screen(RemoveRefused(message.reason, targets, may_confirm), answered)

    def action_make_current(self) -> None:
        """Ask, then make the highlighted period the current one."""
        item = self.highlighted()
        if item is None or self.kind.key != "periods":
            return
        question = (
            f"Make {item.name} the current academic period? Profiles will show form classes "
            f"of {item.name}, and new form classes will belong to it."
        )
        self.app.push_screen(
            ConfirmSetting(question, "switch"),
            on_yes(lambda: self._make_current(item)),
        )

    @work(thread=True, exclusive=True, exit_on_error=False, group="settings-change")
    def _make_current(self, item: SettingItem) -> None:
        settings.set_current_period(item.id)
        self.post_message(self.Said(f"{item.name} is now the current academic period."))

    def action_form_classes(self) -> None:
        """Show the form classes of the highlighted period."""
        item = self.highlighted()
        if item is not None and self.kind.key == "periods":
            self.kind, self.period = BY_KEY["form_classes"], (item.id, item.name)
            self.reload()

    def action_members(self) -> None:
        """Open the membership of the highlighted library group."""
        item = self.highlighted()
        if item is not None and self.kind.key == "library_groups":
            screen = GroupMembershipScreen(item.id, item.name, self.actor, may_manage=True)
            self.app.push_screen(screen, self._back_from_members)

    def _back_from_members(self, _: None) -> None:
        """The member counts may have changed."""
        self.reload()

    def on_settings_screen_said(self, message: Said) -> None:
        """Tell the outcome and read the list again."""
        self.say(message.sentence)
        self.reload()

    def action_back(self) -> None:
        """From a period's form classes back to the periods; else leave Settings."""
        kinds = self.query_one("#kinds", OptionList)
        chosen = kinds.highlighted_option.id if kinds.highlighted_option else None
        if self.kind.key == "form_classes" and chosen != "form_classes":
            self.kind, self.period = BY_KEY["periods"], None
            self.reload()
            return
        self.dismiss(None)
