"""The blacklist screen and the home banner, driven by keys through a small test app.

The app stands in for the real shell: a home screen with the banner and the key, and a
one-field patron screen to correct an address through the store's own update.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from screens.blacklist_banner import BlacklistBanner
from screens.blacklist_screen import BlacklistScreen
from store import settings
from store.email_health import add_by_hand, check_emails, find_entry
from store.models import BlacklistedEmail, Patron
from store.patrons import get_patron, register, update
from store.startup import close_database, open_database
from tests.conftest import student_values


class EmailEditor(Screen[None]):
    """Stands in for the patron screen: the primary email, saved with ctrl+s."""

    BINDINGS = [Binding("ctrl+s", "save", "Save")]

    def __init__(self, patron_id: int) -> None:
        super().__init__()
        self.patron_id = patron_id

    def compose(self) -> ComposeResult:
        yield Input(get_patron(self.patron_id).email or "", id="email")

    def action_save(self) -> None:
        patron = get_patron(self.patron_id)
        update(patron.id, {"email": self.query_one(Input).value}, patron.version, "tester")
        self.dismiss(None)


class Home(Screen[None]):
    BINDINGS = [Binding("ctrl+o", "blacklist", "Blacklist")]

    def __init__(self, may_edit: bool) -> None:
        super().__init__()
        self.may_edit = may_edit

    def compose(self) -> ComposeResult:
        yield BlacklistBanner("ctrl+o")

    def action_blacklist(self) -> None:
        screen = BlacklistScreen("tester", self.may_edit, EmailEditor)
        self.app.push_screen(screen, lambda _: self.query_one(BlacklistBanner).check())


class HomeApp(App[None]):
    def __init__(self, may_edit: bool = True) -> None:
        super().__init__()
        self.may_edit = may_edit

    def on_mount(self) -> None:
        self.push_screen(Home(self.may_edit))


async def settle(pilot: Pilot[None]) -> None:
    """Let every worker finish and its messages be handled."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def banner(app: App[None]) -> BlacklistBanner:
    return app.screen.query_one(BlacklistBanner)


def table_rows(app: App[None]) -> list[list[str]]:
    table = app.screen.query_one("#entries", DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def test_from_banner_to_corrected_address_and_back(make_student: Any) -> None:
    zoe = make_student()
    Patron.update(email="zoe@@example.org").where(Patron.id == zoe.id).execute()
    check_emails("cron")

    app = HomeApp()
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        assert banner(app).display
        assert "Email sending is disabled" in str(banner(app).render())
        assert "Press ctrl+o to see the blacklist." in str(banner(app).render())

        await pilot.press("ctrl+o")
        await settle(pilot)
        assert isinstance(app.screen, BlacklistScreen)
        assert table_rows(app) == [
            ["zoe@@example.org", "invalid address", "s00017 Zoë Smith", "primary email"]
        ]

        await pilot.press("enter")
        await pilot.press("ctrl+u", *"zoe@example.org", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, BlacklistScreen)
        assert table_rows(app)[0][2:] == ["", ""]
        detail = str(app.screen.query_one("#detail", Static).render())
        assert detail.endswith("No patron or contact uses it.")
        assert "Email sending is enabled." in str(app.screen.query_one("#sending", Static).render())

        await pilot.press("escape")
        await settle(pilot)
        assert not banner(app).display
    assert get_patron(zoe.id).email == "zoe@example.org"


async def test_an_address_is_removed_after_confirming(make_student: Any) -> None:
    make_student(email="zoe@example.org")
    add_by_hand("zoe@example.org", "alice")

    app = HomeApp()
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        assert "1 patron uses a blacklisted address" in str(banner(app).render())
        await pilot.press("ctrl+o")
        await settle(pilot)
        await pilot.press("r", "n")
        await settle(pilot)
        assert find_entry("zoe@example.org") is not None

        await pilot.press("r", "y")
        await settle(pilot)
        assert table_rows(app) == []
        assert "Removed zoe@example.org" in str(app.screen.query_one("#status", Static).render())
        await pilot.press("escape")
        await settle(pilot)
        assert not banner(app).display
    assert find_entry("zoe@example.org") is None


async def test_a_librarian_cannot_remove(make_student: Any) -> None:
    make_student(email="zoe@example.org")
    add_by_hand("zoe@example.org", "alice")

    app = HomeApp(may_edit=False)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, BlacklistScreen)
        assert len(table_rows(app)) == 1
    assert find_entry("zoe@example.org") is not None


async def test_no_banner_while_all_is_well(make_student: Any) -> None:
    make_student(email="zoe@example.org")

    app = HomeApp()
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        assert not banner(app).display


@pytest.fixture
def sqlite_school(tmp_path: Path) -> Iterator[None]:
    """One SQLite store whatever engines the other tests run on, so the snapshot has one name."""
    open_database(str(tmp_path / "snapshot.db"))
    settings.create_cohort(2030)
    yield
    close_database()


def test_snapshot_of_the_blacklist_screen(sqlite_school: None, snap_compare: Any) -> None:
    register(student_values(email="zoe@example.org"), "tester")
    add_by_hand("zoe@example.org", "alice", "asked for no mail")
    add_by_hand("old.address@example.org", "alice")
    BlacklistedEmail.update(at=dt.datetime(2026, 11, 20, 9, 30)).execute()

    async def open_blacklist(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)

    assert snap_compare(HomeApp(), terminal_size=(80, 24), run_before=open_blacklist)
