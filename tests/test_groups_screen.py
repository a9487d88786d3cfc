"""Library group membership on screen, by keys only at 80x24, through a small test app."""

from __future__ import annotations

from typing import Any

from app_pilot import settle, type_text
from test_settings_screen import ScreenApp, press, rows, text_of
from textual.widgets import DataTable

from screens.groups_membership import GroupMembershipScreen
from screens.groups_screen import LibraryGroupsScreen
from screens.settings_confirm import ConfirmSetting
from store import settings
from store.models import LibraryGroup, Patron
from store.patrons import get_patron
from store.profiles import profile_of


def teachers(make_student: Any) -> dict[str, Patron]:
    """Three teachers (cal in Students) and a student who shares their surname."""
    settings.create_library_group("Students")
    return {
        "ada": make_student(username="ada", barcode="1", surname="Teacher", staff="yes"),
        "bea": make_student(username="bea", barcode="2", surname="Teacher", staff="yes"),
        "cal": make_student(
            username="cal", barcode="3", surname="Teacher", staff="yes", library_group="Students"
        ),
        "dan": make_student(username="dan", barcode="4", surname="Teacher"),
    }


def membership_app(may_manage: bool = True) -> ScreenApp:
    staff = LibraryGroup.get(LibraryGroup.name == "Staff")
    return ScreenApp(lambda: GroupMembershipScreen(staff.id, "Staff", "librarian", may_manage))


def group_of(patron: Patron) -> str | None:
    return profile_of(get_patron(patron.id))["library_group"]


async def test_bulk_add_staff_found_remove_one_save(make_student: Any) -> None:
    people = teachers(make_student)
    async with membership_app().run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_text(pilot, "teacher")
        await press(pilot, "ctrl+f")  # staff only
        assert text_of(pilot, "#available-title") == "Available: 3 staff"
        await press(pilot, "ctrl+t")  # every patron the search finds
        assert [r[0] for r in rows(pilot, "#members")] == ["ada", "bea", "cal"]
        assert rows(pilot, "#available") == []
        await press(pilot, "tab", "tab", "down", "r")  # take bea out again
        assert [r[0] for r in rows(pilot, "#members")] == ["ada", "cal"]
        assert group_of(people["ada"]) is None  # nothing saved yet
        await press(pilot, "ctrl+s")
        assert isinstance(pilot.app.screen, ConfirmSetting)
        assert pilot.app.screen.question == (
            "1 patron joins Staff. 1 patron moves to Staff from another library group "
            "(1 from Students): a patron belongs to one library group only. Save?"
        )
        await press(pilot, "y")
        assert text_of(pilot, "#status").startswith("Saved. 1 patron joins Staff.")
    assert [group_of(people[name]) for name in ("ada", "bea", "cal", "dan")] == [
        "Staff",
        None,
        "Staff",
        None,
    ]


async def test_enter_moves_the_highlighted_patron_across(make_student: Any) -> None:
    people = teachers(make_student)
    async with membership_app().run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "down")  # from the search box into Available
        await press(pilot, "enter")
        assert [r[0] for r in rows(pilot, "#members")] == ["ada"]
        assert "ada will join Staff." in text_of(pilot, "#status")
        await press(pilot, "escape")  # from the list back to the search box, not away
        assert pilot.app.screen.focused is pilot.app.screen.query_one("#search")
        await press(pilot, "ctrl+s", "y")
    assert group_of(people["ada"]) == "Staff"


async def test_leaving_with_unsaved_changes_asks_first(make_student: Any) -> None:
    people = teachers(make_student)
    async with membership_app().run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+t", "escape")
        assert isinstance(pilot.app.screen, ConfirmSetting)
        await press(pilot, "n")
        assert isinstance(pilot.app.screen, GroupMembershipScreen)
        await press(pilot, "escape", "y")
        assert not isinstance(pilot.app.screen, GroupMembershipScreen)
    assert group_of(people["ada"]) is None


async def test_lists_show_one_page_of_the_current_search(school: Any) -> None:
    rows_in = [(f"p{i:03d}", f"p{i:03d}", f"B{i}", "Page", f"page {i:03d}") for i in range(150)]
    columns: list[Any] = [Patron.username, Patron.username_key, Patron.barcode, Patron.surname]
    Patron.insert_many(rows_in, fields=[*columns, Patron.sort_key]).execute()
    Patron.update(search_text=Patron.username_key).execute()
    async with membership_app().run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert text_of(pilot, "#available-title") == "Available: 150 (100 shown)"
        assert pilot.app.screen.query_one("#available", DataTable).row_count == 100
        await type_text(pilot, "p14")
        await settle(pilot)
        assert text_of(pilot, "#available-title") == "Available: 10"


async def test_the_groups_list_opens_a_groups_membership(make_student: Any) -> None:
    teachers(make_student)
    app = ScreenApp(lambda: LibraryGroupsScreen("librarian", may_manage=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert rows(pilot, "#groups") == [
            ["Staff", "20 loans, 28 days, may reserve", "0"],
            ["Students", "5 loans, 14 days, may reserve", "1"],
        ]
        await press(pilot, "enter")
        assert isinstance(pilot.app.screen, GroupMembershipScreen)
        assert pilot.app.screen.group_name == "Staff"


async def test_without_the_right_nothing_can_be_changed(make_student: Any) -> None:
    people = teachers(make_student)
    async with membership_app(may_manage=False).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert text_of(pilot, "#status") == (
            "Library group membership is for Librarians and System Administrators."
        )
        await press(pilot, "ctrl+t", "ctrl+s")
        assert rows(pilot, "#members") == []
    assert group_of(people["ada"]) is None
