"""The patron form by keys: edit and save, errors at their fields, conflicts, discard,
the new input form, contacts, history and the tab order."""

from __future__ import annotations

import contextlib
from typing import Any

from app_pilot import (
    PASSWORD,
    make_admin,
    make_app,
    make_staff,
    screen_name,
    settle,
    sign_in,
    status_of,
    type_text,
)
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from screens.search import SearchScreen
from store.accounts import SignInRefused
from store.accounts import sign_in as sign_in_to_store
from store.contacts import list_contacts
from store.fields import LIBRARIAN
from store.models import Patron

FIELD_ORDER = [
    "username", "password", "email", "barcode", "admin_id", "gender", "given_name",
    "middle_name", "preferred_name", "surname", "enabled", "until_date", "staff", "generic",
    "graduating_year", "academic_level", "campus", "form_class", "presentation_group",
    "library_group", "group-library-circulation-only", "group-can-override-blocks",
    "group-librarian", "group-system-administrator",
]  # fmt: skip


def focused_id(pilot: Pilot[object]) -> str | None:
    return pilot.app.focused.id if pilot.app.focused is not None else None


async def tab_to(pilot: Pilot[object], field: str) -> None:
    """Press tab until the field has the cursor (as a person would)."""
    for _ in range(40):
        if focused_id(pilot) == field:
            return
        await pilot.press("tab")
    raise AssertionError(f"tab never reached {field}")


async def open_patron(pilot: Pilot[object], text: str) -> None:
    """Sign in, search for `text` and open the first result."""
    await sign_in(pilot)
    await type_text(pilot, text)
    await settle(pilot)
    await pilot.press("down", "enter")
    await settle(pilot)
    assert screen_name(pilot) == "PatronFormScreen"


async def retype(pilot: Pilot[object], field: str, text: str) -> None:
    await tab_to(pilot, field)
    await pilot.press("end", "ctrl+u")
    await type_text(pilot, text)


def error_at(pilot: Pilot[object], field: str) -> str:
    line = pilot.app.screen.query_one(f"#error-{field}", Static)
    return str(line.render()) if line.display else ""


def tom(make_student: Any) -> Patron:
    make_admin()
    return make_student(username="tj2", barcode="2", given_name="Tom", surname="Jones")


async def test_edit_save_then_the_change_shows_in_search_and_history(make_student: Any) -> None:
    tom(make_student)
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_patron(pilot, "jones")
        await retype(pilot, "surname", "Jonas")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen_name(pilot) == "SearchScreen"
        await pilot.press("escape", "escape")
        await type_text(pilot, "jonas")
        await settle(pilot)
        table = pilot.app.screen.query_one("#results", DataTable)
        assert [str(c) for c in table.get_row_at(0)[:2]] == ["tj2", "Tom Jonas"]
        await pilot.press("down", "ctrl+y")
        await settle(pilot)
        history = pilot.app.screen.query_one("#history", DataTable)
        newest = [str(c) for c in history.get_row_at(0)]
        assert newest[1:] == ["boss", "updated", "Surname: Jones -> Jonas"]
        detail = str(pilot.app.screen.query_one("#detail", Static).render())
        assert detail == "updated by boss:\nSurname: Jones -> Jonas"


async def test_a_new_patron_with_missing_fields_shows_each_error_at_its_field(
    school: Any,
) -> None:
    make_admin()
    async with make_app().run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert focused_id(pilot) == "username"
        await type_text(pilot, "newbie")
        await retype(pilot, "until_date", "31/12/2027")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen_name(pilot) == "PatronFormScreen"
        assert error_at(pilot, "barcode") == "✗ Library barcode is required."
        assert error_at(pilot, "surname") == "✗ Surname is required."
        assert "Staff member is required for a new patron" in error_at(pilot, "staff")
        assert "use YYYY-MM-DD" in error_at(pilot, "until_date")
        assert "A student needs a graduating year" in error_at(pilot, "graduating_year")
        assert error_at(pilot, "username") == ""
        assert focused_id(pilot) == "barcode"
        assert "Not saved: 5 problems" in status_of(pilot)
        assert not Patron.select().where(Patron.username == "newbie").exists()


async def test_the_new_input_form_opens_a_blank_form_after_saving(school: Any) -> None:
    make_admin()
    async with make_app().run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        await pilot.press("ctrl+n")
        await type_text(pilot, "newbie")
        await retype(pilot, "barcode", "N1")
        await retype(pilot, "surname", "Newman")
        await tab_to(pilot, "staff")
        await pilot.press("enter", "down", "enter")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert Patron.get(Patron.username == "newbie").staff is True
        assert screen_name(pilot) == "PatronFormScreen"
        assert status_of(pilot) == "Added newbie."
        assert pilot.app.screen.query_one("#username", Input).value == ""
        assert focused_id(pilot) == "username"


async def test_leaving_with_unsaved_changes_asks_first(make_student: Any) -> None:
    tom(make_student)
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_patron(pilot, "jones")
        await retype(pilot, "surname", "Jonas")
        await pilot.press("escape")
        await settle(pilot)
        assert screen_name(pilot) == "ConfirmScreen"
        await pilot.press("n")
        assert screen_name(pilot) == "PatronFormScreen"
        await pilot.press("escape", "y")
        await settle(pilot)
        assert screen_name(pilot) == "SearchScreen"
        assert Patron.get(Patron.username == "tj2").surname == "Jones"


async def test_a_stale_save_says_who_saved_and_offers_to_reload(make_student: Any) -> None:
    tom(make_student)
    make_admin("colleague")
    first, second = make_app(), make_app()
    async with first.run_test(size=(80, 24)) as pilot_a:
        await open_patron(pilot_a, "jones")
        await retype(pilot_a, "given_name", "Thomas")
        async with second.run_test(size=(80, 24)) as pilot_b:
            await sign_in(pilot_b, "colleague")
            await type_text(pilot_b, "jones")
            await settle(pilot_b)
            await pilot_b.press("down", "enter")
            await settle(pilot_b)
            await retype(pilot_b, "surname", "Jonas")
            await pilot_b.press("ctrl+s")
            await settle(pilot_b)
        await pilot_a.press("ctrl+s")
        await settle(pilot_a)
        question = str(pilot_a.app.screen.query_one("#question", Static).render())
        assert "tj2 was saved by colleague at" in question and "Reload now?" in question
        await pilot_a.press("y")
        await settle(pilot_a)
        screen = pilot_a.app.screen
        assert screen.query_one("#surname", Input).value == "Jonas"
        assert screen.query_one("#given_name", Input).value == "Tom"
    assert Patron.get(Patron.username == "tj2").given_name == "Tom"


async def test_contacts_are_added_and_removed(make_student: Any) -> None:
    patron = tom(make_student)
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_patron(pilot, "jones")
        await pilot.press("shift+tab", "shift+tab")
        assert focused_id(pilot) == "contact-email"
        await type_text(pilot, "mum@example.org")
        await pilot.press("tab")
        await type_text(pilot, "mother")
        await pilot.press("enter")
        await settle(pilot)
        assert [(c.email, c.relationship) for c in list_contacts(patron.id)] == [
            ("mum@example.org", "mother")
        ]
        table = pilot.app.screen.query_one("#contact-list", DataTable)
        assert [str(c) for c in table.get_row_at(0)] == ["mum@example.org", "mother"]
        await type_text(pilot, "not an address")
        await pilot.press("enter")
        await settle(pilot)
        note = str(pilot.app.screen.query_one("#contact-error", Static).render())
        assert "Contact email 'not an address' is not a valid address" in note
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert list_contacts(patron.id) == []


async def test_tab_follows_the_manual_order_of_the_fields(make_student: Any) -> None:
    tom(make_student)
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_patron(pilot, "jones")
        seen = [focused_id(pilot)]
        for _ in range(len(FIELD_ORDER) + 2):
            await pilot.press("tab")
            seen.append(focused_id(pilot))
    assert seen == [*FIELD_ORDER, "contact-list", "contact-email", "contact-relationship"]


async def test_an_administrator_lifts_a_sign_in_lock_from_the_form(school: Any) -> None:
    make_admin()
    make_staff("libby", LIBRARIAN)
    for _ in range(5):
        with contextlib.suppress(SignInRefused):
            sign_in_to_store("libby", "nope1234")
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_patron(pilot, "libby")
        heading = pilot.app.screen.query_one("#heading", Static)
        assert "sign-in locked until" in str(heading.render())
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert "sign-in locked" not in str(heading.render())
        assert status_of(pilot) == "libby may sign in again."
    assert sign_in_to_store("libby", PASSWORD).username == "libby"


async def test_after_saving_the_cursor_stays_on_the_patron(make_student: Any) -> None:
    tom(make_student)
    make_student(username="aj4", barcode="4", given_name="Amy", surname="Jones")
    async with make_app().run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        await type_text(pilot, "jones")
        await settle(pilot)
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        await retype(pilot, "middle_name", "Lee")
        await pilot.press("ctrl+s")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, SearchScreen)
        highlighted = screen.highlighted()
        assert highlighted is not None and highlighted.username == "tj2"
