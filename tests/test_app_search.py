"""The home screen: search as you type, filters, pages, open and delete, by keys only."""

from __future__ import annotations

import datetime as dt
from typing import Any

from app_pilot import make_admin, make_app, screen_name, settle, sign_in, status_of, type_text
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from screens.search import Query, SearchScreen
from store.loans import lend
from store.models import Patron
from store.search import SearchPage


def usernames(pilot: Pilot[object]) -> list[str]:
    """The usernames in the results table, top to bottom."""
    table = pilot.app.screen.query_one("#results", DataTable)
    return [str(table.get_row_at(n)[0]) for n in range(table.row_count)]


def summary(pilot: Pilot[object]) -> str:
    return str(pilot.app.screen.query_one("#summary", Static).render())


def students(make_student: Any) -> None:
    make_admin()
    make_student(username="zm1", barcode="1", given_name="Zoë", surname="Müller")
    make_student(username="tj2", barcode="2", given_name="Tom", surname="Jones")
    make_student(username="ab3", barcode="3", given_name="Ann", surname="Bell", enabled="no")


async def test_typing_part_of_a_name_without_its_accent_finds_the_patron(
    make_student: Any,
) -> None:
    students(make_student)
    async with make_app().run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        assert pilot.app.focused is not None and pilot.app.focused.id == "search"
        assert summary(pilot).startswith("4 patrons match")
        await type_text(pilot, "mulle")
        await settle(pilot)
        assert usernames(pilot) == ["zm1"]
        assert summary(pilot).startswith("1 patron matches")


async def test_down_moves_into_the_results_and_enter_opens_the_patron(make_student: Any) -> None:
    students(make_student)
    async with make_app().run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        await type_text(pilot, "jones")
        await settle(pilot)
        await pilot.press("down")
        assert isinstance(pilot.app.focused, DataTable)
        await pilot.press("enter")
        await settle(pilot)
        assert screen_name(pilot) == "PatronFormScreen"
        assert pilot.app.screen.query_one("#username", Input).value == "tj2"


async def test_filters_cycle_by_key_and_status_is_a_word(make_student: Any) -> None:
    students(make_student)
    async with make_app().run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        table = pilot.app.screen.query_one("#results", DataTable)
        assert "disabled" in [str(table.get_row_at(n)[5]) for n in range(table.row_count)]
        await pilot.press("ctrl+f")
        await settle(pilot)
        assert "ab3" not in usernames(pilot) and "enabled only" in summary(pilot)
        await pilot.press("ctrl+f")
        await settle(pilot)
        assert usernames(pilot) == ["ab3"] and "disabled only" in summary(pilot)
        await pilot.press("ctrl+f", "ctrl+t")
        await settle(pilot)
        assert usernames(pilot) == ["boss"] and "staff" in summary(pilot)
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert sorted(usernames(pilot)) == ["ab3", "tj2", "zm1"]


async def test_the_command_palette_runs_the_screen_actions(make_student: Any) -> None:
    students(make_student)
    async with make_app().run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        await pilot.press("ctrl+p")
        await type_text(pilot, "Status")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert "enabled only" in summary(pilot)
        assert isinstance(pilot.app.focused, Input)
        await pilot.press("ctrl+p")
        await type_text(pilot, "Delete")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert screen_name(pilot) == "ConfirmScreen"


async def test_results_come_a_page_at_a_time(make_student: Any) -> None:
    make_admin()
    for n in range(60):
        make_student(username=f"p{n:02}", barcode=f"B{n}", surname=f"Page{n:02}")
    async with make_app().run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        assert len(usernames(pilot)) == 50
        assert "showing 1-50" in summary(pilot)
        await pilot.press("pagedown")
        await settle(pilot)
        assert "showing 51-61" in summary(pilot) and len(usernames(pilot)) == 11
        await pilot.press("pageup")
        await settle(pilot)
        assert "showing 1-50" in summary(pilot)


async def test_a_result_for_an_older_query_is_dropped(make_student: Any) -> None:
    students(make_student)
    async with make_app().run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        await type_text(pilot, "jones")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, SearchScreen)
        screen.post_message(SearchScreen.ResultsFound(Query(text="jone"), SearchPage(0, [])))
        await settle(pilot)
        assert usernames(pilot) == ["tj2"]


async def test_delete_is_refused_while_loans_are_out(make_student: Any) -> None:
    students(make_student)
    tom = Patron.get(Patron.username == "tj2")
    lend(tom.id, "BOOK-1", dt.date(2026, 3, 1), dt.date(2026, 3, 15))
    async with make_app().run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        await type_text(pilot, "jones")
        await settle(pilot)
        await pilot.press("down", "ctrl+d")
        await settle(pilot)
        question = str(pilot.app.screen.query_one("#question", Static).render())
        assert "Delete tj2 (Tom Jones)?" in question
        await pilot.press("y")
        await settle(pilot)
        assert "tj2 still has 1 item on loan" in status_of(pilot)
        assert usernames(pilot) == ["tj2"]


async def test_delete_asks_then_removes_the_patron(make_student: Any) -> None:
    students(make_student)
    async with make_app().run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        await type_text(pilot, "jones")
        await settle(pilot)
        await pilot.press("down", "ctrl+d", "n")
        await settle(pilot)
        assert usernames(pilot) == ["tj2"]
        await pilot.press("ctrl+d", "y")
        await settle(pilot)
        assert status_of(pilot) == "Deleted tj2."
        assert usernames(pilot) == []
        assert not Patron.select().where(Patron.username == "tj2").exists()


async def test_a_slow_store_is_searched_in_the_background_and_typing_still_finds(
    make_student: Any, monkeypatch: Any
) -> None:
    import screens.search

    students(make_student)
    monkeypatch.setattr(screens.search, "SLOW_SEARCH", 0.0)  # every search counts as slow
    async with make_app().run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        await type_text(pilot, "mulle")
        await settle(pilot)
        assert usernames(pilot) == ["zm1"]
        assert summary(pilot).startswith("1 patron matches")
        await type_text(pilot, "x")
        await settle(pilot)
        assert usernames(pilot) == [] and summary(pilot).startswith("0 patrons match")
