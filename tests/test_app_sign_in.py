"""First run and sign-in, driven by key presses only."""

from __future__ import annotations

from pathlib import Path

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

from store.accounts import REFUSED, has_administrator
from store.fields import LIBRARIAN
from store.models import AuditEntry
from store.startup import close_database, open_database


async def test_first_run_creates_the_administrator_then_signs_in(store: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert screen_name(pilot) == "FirstRunScreen"
        for text in ("boss", "Boss", "0001"):
            await type_text(pilot, text)
            await pilot.press("tab")
        await type_text(pilot, PASSWORD)
        await pilot.press("tab")
        await type_text(pilot, PASSWORD)
        await pilot.press("enter")
        await settle(pilot)
        assert has_administrator()
        assert screen_name(pilot) == "SignInScreen"
        await type_text(pilot, PASSWORD)
        await pilot.press("enter")
        await settle(pilot)
        assert screen_name(pilot) == "SearchScreen"
        assert app.operator is not None and app.operator.username == "boss"


async def test_first_run_refuses_two_different_passwords(store: Path) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_text(pilot, "boss")
        for _ in range(3):
            await pilot.press("tab")
        await type_text(pilot, PASSWORD)
        await pilot.press("tab")
        await type_text(pilot, "pass4321")
        await pilot.press("enter")
        await settle(pilot)
        assert "The two passwords differ" in status_of(pilot)
        assert not has_administrator()


async def test_first_run_shows_a_short_password_problem(store: Path) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_text(pilot, "boss")
        for _ in range(3):
            await pilot.press("tab")
        await type_text(pilot, "short")
        await pilot.press("tab")
        await type_text(pilot, "short")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Password is 5 characters long" in status_of(pilot)
        assert pilot.app.focused is not None and pilot.app.focused.id == "password"


async def test_the_right_password_opens_the_search(school: Path) -> None:
    make_admin()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        assert screen_name(pilot) == "SearchScreen"
        assert "boss · System Administrator" in str(app.sub_title)
        assert AuditEntry.select().where(AuditEntry.action == "signed in").count() == 1


async def test_wrong_password_and_unknown_user_read_the_same(school: Path) -> None:
    make_admin()
    async with make_app().run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "boss", "nope1234")
        wrong_password = status_of(pilot)
        await pilot.press("shift+tab", "ctrl+u")
        await sign_in(pilot, "nobody", PASSWORD)
        unknown_user = status_of(pilot)
        assert screen_name(pilot) == "SignInScreen"
    assert wrong_password == unknown_user == f"Error: {REFUSED}"


async def test_five_failures_lock_the_username_across_restarts(school: Path) -> None:
    make_admin()
    async with make_app().run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "boss", "nope1234")
        for _ in range(4):
            await type_text(pilot, "nope1234")
            await pilot.press("enter")
            await settle(pilot)
        assert "boss is locked until" in status_of(pilot)
    close_database()
    open_database(str(school))
    async with make_app().run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "boss", PASSWORD)
        assert screen_name(pilot) == "SignInScreen"
        assert "boss is locked until" in status_of(pilot)


async def test_a_patron_without_an_operator_group_is_told_which_group(school: Path) -> None:
    make_admin()
    make_staff("teacher")
    async with make_app().run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "teacher", PASSWORD)
        assert screen_name(pilot) == "SignInScreen"
        assert "needs the System Administrator group" in status_of(pilot)


async def test_a_librarian_sees_search_and_profiles_read_only(school: Path) -> None:
    make_admin()
    make_staff("libby", LIBRARIAN)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "libby", PASSWORD)
        assert "Librarian (view only)" in str(app.sub_title)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert screen_name(pilot) == "SearchScreen"
        await type_text(pilot, "boss")
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert screen_name(pilot) == "PatronFormScreen"
        assert "read only" in str(app.screen.query_one("#heading").render())
        assert app.screen.query_one("#surname").disabled
        await pilot.press("ctrl+s")
        await pilot.press("escape")
        await settle(pilot)
        assert screen_name(pilot) == "SearchScreen"
        await pilot.press("ctrl+d")
        await settle(pilot)
        assert screen_name(pilot) == "SearchScreen"
