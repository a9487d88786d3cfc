"""The home screen: search patrons as you type, filter, page, open, add and delete.

Other screens are reached from here: add a `Binding` to BINDINGS and an action that calls
`self.open(TheScreen(self.operator))`; the results refresh when that screen closes.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Static
from textual.worker import get_current_worker

from screens.blacklist_banner import BlacklistBanner
from screens.blacklist_screen import BlacklistScreen
from screens.confirm import ConfirmScreen
from screens.groups_screen import LibraryGroupsScreen
from screens.history import HistoryScreen
from screens.import_start import ImportStartScreen
from screens.merge_marks import MERGE_BINDINGS, MarksForMerge
from screens.patron_form import PatronFormScreen
from screens.settings_screen import SettingsScreen
from screens.store_errors import ReportsStoreErrors
from screens.widgets.quiet_footer import QuietFooter
from screens.widgets.results_table import ResultsTable
from screens.widgets.steady_input import SteadyInput
from store.accounts import Operator
from store.patrons import delete_patron
from store.search import ROLE_FILTERS, STATUS_FILTERS, PatronRow, SearchPage, search

PAGE_SIZE = 50
SLOW_SEARCH = 0.030  # seconds: a store slower than this is asked from a worker
COLUMNS = ("Username", "Name", "Barcode", "Cohort", "Form", "Status", "Email")
# The footer's keys that check_action dims depending on the results. The page keys are
# not in the footer (they are checked when pressed), and redrawing the footer costs a
# frame's worth of time, so it is redrawn only when one of these changes.
DYNAMIC_ACTIONS = (("open_patron", ()), ("delete_patron", ()), ("history", ()))
ROLE_WORDS = {"all": "all types", "staff": "staff", "students": "students", "generic": "generic"}


@dataclass(frozen=True)
class Query:
    """What the operator asked for; a result for any other query is stale and dropped."""

    text: str = ""
    status: str = "all"
    role: str = "all"
    offset: int = 0


class SearchScreen(ReportsStoreErrors, MarksForMerge, Screen[None]):
    """Find patrons by any part of a name, username, barcode, admin ID or email."""

    AUTO_FOCUS = "#search"
    BINDINGS = [
        Binding("ctrl+n", "new_patron", "New", id="new", tooltip="Add a new patron"),
        Binding("enter", "open_patron", "Open", id="open", tooltip="Open the highlighted patron"),
        Binding(
            "ctrl+d",
            "delete_patron",
            "Delete",
            id="delete",
            tooltip="Delete the highlighted patron",
        ),
        Binding(
            "ctrl+y",
            "history",
            "History",
            id="history",
            tooltip="Who changed the highlighted patron, when",
        ),
        Binding(
            "ctrl+f",
            "next_status",
            "Status",
            id="status-filter",
            tooltip="Filter: all, enabled, disabled",
        ),
        Binding(
            "ctrl+t",
            "next_role",
            "Type",
            id="type-filter",
            tooltip="Filter: all, staff, students, generic",
        ),
        Binding(
            "ctrl+o",
            "blacklist",
            "Blacklist",
            id="blacklist",
            tooltip="Blacklisted email addresses, why, and who uses them",
        ),
        Binding(
            "ctrl+l",
            "import_file",
            "Import",
            id="import",
            tooltip="Import patrons, usernames or contacts from a CSV file",
        ),
        Binding(
            "ctrl+s",
            "settings",
            "Settings",
            id="settings",
            tooltip="Cohorts, periods, campuses, groups; for Librarians: library group members",
        ),
        *MERGE_BINDINGS,
        Binding("pagedown", "page(1)", "Next page", id="next-page", priority=True, show=False),
        Binding(
            "pageup", "page(-1)", "Previous page", id="previous-page", priority=True, show=False
        ),
        Binding("down", "focus_results", "To results", show=False, id="to-results"),
        Binding("escape", "focus_search", "To search box", show=False, id="to-search"),
    ]

    @dataclass
    class ResultsFound(Message):
        """A page of results for one query."""

        query: Query
        page: SearchPage
        seconds: float = 0.0  # how long the store took

    @dataclass
    class PatronDeleted(Message):
        """A patron was deleted."""

        username: str

    def __init__(self, operator: Operator) -> None:
        super().__init__()
        self.operator = operator
        self.query_now = Query()
        self.rows: list[PatronRow] = []
        self.total = 0
        self._usable: tuple[bool | None, ...] = ()
        self._store_is_slow = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield BlacklistBanner("ctrl+o")
        yield SteadyInput(
            placeholder="Search: name, username, barcode, admin ID or email", id="search"
        )
        yield Static("Searching...", id="summary")
        table = ResultsTable(id="results", cursor_type="row", zebra_stripes=True)
        table.add_columns(*COLUMNS)
        yield table
        yield Static("", id="status")
        yield QuietFooter()

    def on_mount(self) -> None:
        """Show the first page straight away."""
        self.refresh_results()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Dim what cannot run now: editing for Librarians, row actions without a row."""
        if action in ("new_patron", "delete_patron", "import_file") and not self.operator.may_edit:
            return None
        if action in ("open_patron", "delete_patron", "history") and self.highlighted() is None:
            return None
        if action == "page":
            step = int(str(parameters[0]))
            offset = self.query_now.offset + step * PAGE_SIZE
            return None if offset < 0 or offset >= max(self.total, 1) else True
        return True

    # Searching ----------------------------------------------------------------------------

    def refresh_results(self) -> None:
        """Search again for the current query (after a change elsewhere, or a new query)."""
        self._search(self.query_now)

    def _ask(self, query: Query) -> None:
        self.query_now = query
        self.refresh_results()

    def _search(self, query: Query) -> None:
        """Search now, while the store answers within a frame; else in a worker.

        Searched now, the page arrives before the screen repaints: a keystroke's echo and
        its list are one frame instead of the echo and then the list a frame later. But a
        slow store (a million patrons, PostgreSQL over a long link) would hold up every
        keystroke, so once a search takes longer than SLOW_SEARCH the next ones run in a
        worker until one is quick again. A failed search is reported like a failed worker.
        """
        if self._store_is_slow:
            self._search_in_background(query)
            return
        try:
            page, seconds = _timed_search(query)
        except Exception as error:  # shown as a sentence, as a failed worker's error is
            self.store_failed(error)
            return
        self.post_message(self.ResultsFound(query, page, seconds))

    @work(thread=True, exclusive=True, exit_on_error=False, group="search")
    def _search_in_background(self, query: Query) -> None:
        page, seconds = _timed_search(query)
        if not get_current_worker().is_cancelled:
            self.post_message(self.ResultsFound(query, page, seconds))

    def on_search_screen_results_found(self, message: ResultsFound) -> None:
        """Show a page, unless the operator has asked for something else meanwhile."""
        self._store_is_slow = message.seconds > SLOW_SEARCH
        if message.query != self.query_now:
            return
        before = self.highlighted()
        self.rows, self.total = message.page.rows, message.page.total
        self.query_one("#results", ResultsTable).show_rows(
            (
                str(row.id),
                (
                    self.mark_of(row.id) + row.username,
                    row.name,
                    row.barcode,
                    row.cohort,
                    row.form_class,
                    row.status,
                    "blacklisted" if row.email_blacklisted else "",
                ),
            )
            for row in self.rows
        )
        if before is not None:
            self._keep_cursor_on(before.id)
        self._show_summary(self._summary())
        self._refresh_keys()

    def _refresh_keys(self) -> None:
        """Redraw the footer only when one of its keys became usable or unusable."""
        usable = tuple(
            self.check_action(action, parameters) for action, parameters in DYNAMIC_ACTIONS
        )
        if usable != self._usable:
            self._usable = usable
            self.refresh_bindings()

    def _show_summary(self, text: str) -> None:
        """Redraw the summary line; lay the screen out again only when its height changes.

        A layout makes the results table repaint its scrollbar in a frame of its own.
        """
        summary = self.query_one("#summary", Static)
        summary.update(text, layout=False)
        width = summary.content_region.width
        if summary.get_content_height(summary.size, summary.size, width) != summary.size.height:
            summary.refresh(layout=True)
        # The repaint goes to the screen now (as the table's does), so the list, the count
        # and the keystroke's echo are one frame.
        summary._check_refresh()

    def _keep_cursor_on(self, patron_id: int) -> None:
        """After a refresh, the cursor stays on the patron it was on (when still listed)."""
        for index, row in enumerate(self.rows):
            if row.id == patron_id:
                self.query_one("#results", DataTable).move_cursor(row=index)
                return

    def _summary(self) -> str:
        q = self.query_now
        matches = "1 patron matches" if self.total == 1 else f"{self.total:,} patrons match"
        shown = ""
        if self.total > PAGE_SIZE:
            last = min(q.offset + PAGE_SIZE, self.total)
            shown = f" · showing {q.offset + 1:,}-{last:,} (PgUp/PgDn)"
        status = "all statuses" if q.status == "all" else f"{q.status} only"
        return f"{matches}{shown} · {status} · {ROLE_WORDS[q.role]}"

    def on_input_changed(self, event: Input.Changed) -> None:
        """Search as the operator types."""
        if event.input.id == "search":
            self._ask(replace(self.query_now, text=event.value, offset=0))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the search box goes to the results."""
        self.action_focus_results()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a result opens it."""
        self.action_open_patron()

    def highlighted(self) -> PatronRow | None:
        """The result under the cursor, if any."""
        table = self.query_one("#results", DataTable)
        if not self.rows or not 0 <= table.cursor_row < len(self.rows):
            return None
        return self.rows[table.cursor_row]

    # Actions ------------------------------------------------------------------------------

    def action_focus_results(self) -> None:
        """Move from the search box into the results."""
        if self.rows:
            self.query_one("#results", DataTable).focus()

    def action_focus_search(self) -> None:
        """Back to the search box; from the box itself, clear it."""
        box = self.query_one("#search", Input)
        if box.has_focus:
            box.value = ""
        box.focus()

    def action_next_status(self) -> None:
        """Cycle the status filter: all, enabled, disabled."""
        self._ask(
            replace(self.query_now, status=_next(STATUS_FILTERS, self.query_now.status), offset=0)
        )

    def action_next_role(self) -> None:
        """Cycle the type filter: all, staff, students, generic."""
        self._ask(replace(self.query_now, role=_next(ROLE_FILTERS, self.query_now.role), offset=0))

    def action_page(self, step: int) -> None:
        """The next or previous page of results."""
        offset = self.query_now.offset + step * PAGE_SIZE
        if 0 <= offset < self.total:
            self._ask(replace(self.query_now, offset=offset))

    def open(self, screen: Screen[Any]) -> None:
        """Show another screen; the results refresh when it closes."""
        self.app.push_screen(screen, lambda _: self.refresh_results())

    def action_settings(self) -> None:
        """Settings for System Administrators; the library groups' members for Librarians."""
        if self.operator.is_admin:
            self.open(SettingsScreen(self.operator.username, is_admin=True))
        else:
            self.open(LibraryGroupsScreen(self.operator.username, may_manage=True))

    def on_screen_resume(self) -> None:
        """Back on the home screen: an address may have been corrected meanwhile."""
        self.query_one(BlacklistBanner).check()

    def action_blacklist(self) -> None:
        """The blacklisted addresses; from there, open a patron to correct one."""
        opener = partial(PatronFormScreen, self.operator)
        self.open(BlacklistScreen(self.operator.username, self.operator.may_edit, opener))

    def action_import_file(self) -> None:
        """The import screen (System Administrators only)."""
        if self.operator.may_edit:
            self.open(ImportStartScreen(self.operator))

    def action_new_patron(self) -> None:
        """A blank form for a new patron."""
        self.open(PatronFormScreen(self.operator, None))

    def action_open_patron(self) -> None:
        """Open the highlighted patron's profile."""
        row = self.highlighted()
        if row is not None:
            self.open(PatronFormScreen(self.operator, row.id))

    def action_history(self) -> None:
        """The highlighted patron's audit trail."""
        row = self.highlighted()
        if row is not None:
            self.app.push_screen(HistoryScreen(row.id, row.username))

    def action_delete_patron(self) -> None:
        """Ask, naming the patron, then delete."""
        row = self.highlighted()
        if row is None or not self.operator.may_edit:
            return
        question = f"Delete {row.username} ({row.name})? This cannot be undone."

        def answered(yes: bool | None) -> None:
            if yes:
                self._delete(row.id)

        self.app.push_screen(ConfirmScreen(question, yes="Delete", no="Keep"), answered)

    @work(thread=True, exclusive=True, exit_on_error=False, group="delete")
    def _delete(self, patron_id: int) -> None:
        self.post_message(self.PatronDeleted(delete_patron(patron_id, self.operator.username)))

    def on_search_screen_patron_deleted(self, message: PatronDeleted) -> None:
        """Say so and refresh the list."""
        self.say(f"Deleted {message.username}.")
        self.refresh_results()


def _next(choices: tuple[str, ...], current: str) -> str:
    return choices[(choices.index(current) + 1) % len(choices)]


def _timed_search(query: Query) -> tuple[SearchPage, float]:
    """A page for the query, and the seconds the store took to give it."""
    started = time.perf_counter()
    page = search(query.text, query.status, query.role, PAGE_SIZE, query.offset)
    return page, time.perf_counter() - started
