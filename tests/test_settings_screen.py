"""The settings screen, driven by keys only at 80x24 through a small test app."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from app_pilot import settle, type_text
from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DataTable, Static

from screens.settings_screen import SettingsScreen
from store import settings
from store.models import Campus, Cohort, FormClass, LibraryGroup


class ScreenApp(App[object]):
    """Stands in for the app shell: it opens one screen, as the home screen's key does."""

    def __init__(self, make_screen: Callable[[], Screen[Any]]) -> None:
        super().__init__()
        self.make_screen = make_screen

    def on_mount(self) -> None:
        self.push_screen(self.make_screen())


async def press(pilot: Pilot[Any], *keys: str) -> None:
    """Press keys, then wait until the screen has caught up."""
    await pilot.press(*keys)
    await settle(pilot)


def rows(pilot: Pilot[Any], table_id: str = "#items") -> list[list[str]]:
    """The cells of a table on the current screen."""
    table = pilot.app.screen.query_one(table_id, DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def text_of(pilot: Pilot[Any], selector: str) -> str:
    """What a Static on the current screen says."""
    return str(pilot.app.screen.query_one(selector, Static).render())


def settings_app(is_admin: bool = True) -> ScreenApp:
    return ScreenApp(lambda: SettingsScreen("admin", is_admin))


async def test_create_a_cohort_a_campus_and_a_library_group(store: Path) -> None:
    async with settings_app().run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "a")
        await type_text(pilot, "2032")
        await press(pilot, "enter")
        assert rows(pilot) == [["Class of 2032", "0", ""]]

        await press(pilot, "down", "down", "down")  # Campuses
        await press(pilot, "a")
        await type_text(pilot, "South Campus")
        await pilot.press("tab")
        await type_text(pilot, "S")
        await press(pilot, "ctrl+s")
        assert rows(pilot) == [["South Campus", "0", "import ID S"]]

        await press(pilot, "down", "down")  # Library groups
        await press(pilot, "a")
        await type_text(pilot, "Staff")
        await pilot.press("tab")
        await type_text(pilot, "20")
        await pilot.press("tab")
        await type_text(pilot, "28")
        await pilot.press("tab", "space")  # may not reserve
        await press(pilot, "ctrl+s")
        assert rows(pilot) == [["Staff", "0", "20 loans, 28 days, may not reserve"]]
    assert [c.year for c in Cohort.select()] == [2032]
    assert [(c.name, c.import_id) for c in Campus.select()] == [("South Campus", "S")]
    group = LibraryGroup.get()
    assert (group.max_loans, group.loan_days, group.may_reserve) == (20, 28, False)


async def test_a_bad_value_is_shown_at_its_field_and_nothing_saved(school: Path) -> None:
    async with settings_app().run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "a")
        await type_text(pilot, "31")
        await press(pilot, "enter")
        assert text_of(pilot, "#error-year") == (
            "Graduating year '31' is not a year: use four digits, e.g. 2031."
        )
        assert pilot.app.screen.focused is pilot.app.screen.query_one("#field-year")
        await press(pilot, "escape")
        assert [r[0] for r in rows(pilot)] == ["Class of 2031", "Class of 2030"]


async def test_removing_a_library_group_in_use_is_refused_with_the_count(
    make_student: Any,
) -> None:
    make_student(username="t1", barcode="T1", staff="yes", library_group="Staff")
    make_student(username="t2", barcode="T2", staff="yes", library_group="Staff")
    async with settings_app().run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "down", "down", "down", "down", "down", "enter")  # into the list
        await press(pilot, "d")
        reason = (
            "The library group Staff is used by 2 patrons: move them to another library "
            "group first; removing it in Settings offers to."
        )
        assert text_of(pilot, "#reason") == reason
        await press(pilot, "escape")
        assert text_of(pilot, "#status") == reason
        assert rows(pilot) == [["Staff", "2", "20 loans, 28 days, may reserve"]]


async def test_removal_in_use_offers_to_move_them_to_another(make_student: Any) -> None:
    teacher = make_student(username="t1", barcode="T1", staff="yes", library_group="Staff")
    settings.create_library_group("Teachers")
    async with settings_app().run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "down", "down", "down", "down", "down", "enter")
        await press(pilot, "d")
        await press(pilot, "enter")  # move them to the first other group: Teachers
        assert rows(pilot) == [["Teachers", "1", "5 loans, 14 days, may reserve"]]
        assert text_of(pilot, "#status") == (
            "Removed the library group Staff after moving its patrons."
        )
    assert LibraryGroup.get_by_id(type(teacher).get_by_id(teacher.id).library_group_id).name == (
        "Teachers"
    )


async def test_switching_the_current_period_is_confirmed(school: Path) -> None:
    settings.create_period("2027")
    async with settings_app().run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "down", "enter")  # Academic periods
        assert rows(pilot) == [
            ["2027", "0", "0 form classes"],
            ["2026", "0", "current, 0 form classes"],
        ]
        await press(pilot, "c", "n")
        assert rows(pilot)[0] == ["2027", "0", "0 form classes"]
        await press(pilot, "c", "y")
        assert rows(pilot)[0] == ["2027", "0", "current, 0 form classes"]
        assert text_of(pilot, "#status") == "2027 is now the current academic period."


async def test_form_classes_of_a_period_are_added_to_it(school: Path) -> None:
    async with settings_app().run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "down", "enter")
        await press(pilot, "f")
        assert text_of(pilot, "#heading") == "Form classes of 2026 (0)"
        await press(pilot, "a")
        await type_text(pilot, "7B")
        await press(pilot, "enter")
        assert rows(pilot) == [["7B", "0", ""]]
        await press(pilot, "escape")
        assert text_of(pilot, "#heading") == "Academic periods (1)"
    assert [(f.name, f.period.name) for f in FormClass.select()] == [("7B", "2026")]


async def test_a_librarian_sees_settings_read_only(school: Path) -> None:
    async with settings_app(is_admin=False).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert text_of(pilot, "#status") == (
            "Settings are for System Administrators: ask one to change them."
        )
        await press(pilot, "a")
        assert isinstance(pilot.app.screen, SettingsScreen)
        assert len(rows(pilot)) == 2
