"""Merge-assist in the real app, keys only: from the home screen to a merged patron."""

from __future__ import annotations

from typing import Any

from app_pilot import make_admin, make_app, screen_name, settle, sign_in, status_of, type_text
from textual.pilot import Pilot
from textual.widgets import DataTable

from store.fields import PROFILE_FIELDS
from store.models import Patron
from store.search import search


def near_duplicates(make_student: Any) -> None:
    make_admin()
    make_student(username="zsmyth", barcode="1", given_name="Zoe", surname="Smyth", email="z@x.org")
    make_student(username="zoe.smith", barcode="2", admin_id="SIS9")
    make_student(username="noah", barcode="3", given_name="Noah", surname="Kelly")


def results(pilot: Pilot[object]) -> list[str]:
    table = pilot.app.screen.query_one("#results", DataTable)
    return [str(table.get_row_at(n)[0]) for n in range(table.row_count)]


async def mark(pilot: Pilot[object], username: str) -> None:
    """Move down the results to the patron and press space."""
    table = pilot.app.screen.query_one("#results", DataTable)
    for _ in range(table.row_count):
        if results(pilot)[table.cursor_row] == username:
            break
        await pilot.press("down")
    await pilot.press("space")


async def press_until(pilot: Pilot[object], key: str, row: int, column: int) -> None:
    """Arrow keys until the side-by-side cursor is on a row and a column."""
    table = pilot.app.screen.query_one("#fields", DataTable)
    await pilot.press(*["down" if table.cursor_row < row else "up"] * abs(table.cursor_row - row))
    steps = abs(table.cursor_column - column)
    await pilot.press(*["right" if table.cursor_column < column else "left"] * steps)
    assert (table.cursor_row, table.cursor_column) == (row, column)
    await pilot.press(key)


async def test_merge_assist_from_the_home_screen_to_the_result_in_search(
    make_student: Any,
) -> None:
    near_duplicates(make_student)
    async with make_app().run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert screen_name(pilot) == "MergeCandidatesScreen"
        await pilot.press("enter")
        await settle(pilot)
        assert screen_name(pilot) == "MergeCompareScreen"
        await press_until(pilot, "t", 0, 3)  # zoe.smith is the target
        await press_until(pilot, "space", PROFILE_FIELDS.index("given_name"), 2)
        await press_until(pilot, "space", PROFILE_FIELDS.index("surname"), 2)
        await pilot.press("m", "y")
        await settle(pilot)
        assert status_of(pilot) == "Merged zsmyth into zoe.smith."
        await pilot.press("escape")
        await settle(pilot)
        await type_text(pilot, "smyth")
        await settle(pilot)
        assert results(pilot) == ["zoe.smith"]
    assert [row.name for row in search("zoe.smith").rows] == ["Zoe Smyth"]


async def test_mark_two_patrons_by_hand_from_search_and_merge_them(make_student: Any) -> None:
    near_duplicates(make_student)
    async with make_app().run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        await type_text(pilot, "o")
        await settle(pilot)
        await pilot.press("down")
        await mark(pilot, "noah")
        await mark(pilot, "zsmyth")
        assert status_of(pilot) == "2 marked; ctrl+r compares them to merge."
        assert {"✓ noah", "✓ zsmyth"} <= set(results(pilot))
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert screen_name(pilot) == "MergeCompareScreen"
        await pilot.press("m", "y")
        await settle(pilot)
        assert screen_name(pilot) == "SearchScreen"
        assert status_of(pilot) == "Merged zsmyth into noah."
        assert not any(name.startswith("✓") for name in results(pilot))
    assert Patron.get_or_none(Patron.username == "zsmyth") is None
