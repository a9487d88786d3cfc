"""Settings and library groups reached from the home screen of the real app, by keys only.

ctrl+s opens Settings for a System Administrator (library group members through its
Library groups list) and the library groups for a Librarian. ctrl+b would be tmux's prefix,
and the other ctrl+letters of the home screen are taken.
"""

from __future__ import annotations

from typing import Any

from app_pilot import make_admin, make_app, make_staff, screen_name, settle, sign_in, type_text
from textual.widgets import Select

from store.fields import LIBRARIAN
from store.models import Patron
from store.patrons import get_patron
from store.profiles import profile_of


async def test_an_administrator_reaches_settings_then_a_groups_members(
    make_student: Any,
) -> None:
    make_admin()
    async with make_app().run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen_name(pilot) == "SettingsScreen"
        await pilot.press("down", "down", "down", "down", "down", "enter", "m")
        await settle(pilot)
        assert screen_name(pilot) == "GroupMembershipScreen"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert screen_name(pilot) == "SearchScreen"


async def test_a_librarian_puts_staff_in_a_group(make_student: Any) -> None:
    make_admin()
    make_staff("libby", LIBRARIAN)
    teacher = make_student(username="tea", barcode="T1", surname="Teacher", staff="yes")
    async with make_app().run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "libby")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen_name(pilot) == "LibraryGroupsScreen"
        await pilot.press("enter")  # the only group: Staff
        await settle(pilot)
        await type_text(pilot, "teacher")
        await settle(pilot)
        await pilot.press("ctrl+t", "ctrl+s")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        await pilot.press("escape", "escape")  # back home, where the search box has the focus
        await settle(pilot)
        await type_text(pilot, "tea")
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert screen_name(pilot) == "PatronFormScreen"
        assert pilot.app.screen.query_one("#library_group", Select).value == "Staff"
    saved = get_patron(teacher.id)
    assert profile_of(saved)["library_group"] == "Staff"
    assert saved.updated_by == "libby"
    assert Patron.select().where(Patron.library_group.is_null(False)).count() == 1
