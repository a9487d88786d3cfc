"""Merge-assist screens driven by keys through a small app of their own."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app_pilot import settle, status_of
from textual.app import App
from textual.coordinate import Coordinate
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DataTable, Static

from screens.merge_candidates import MergeCandidatesScreen
from screens.merge_compare import MergeCompareScreen
from store.accounts import Operator
from store.fields import PROFILE_FIELDS
from store.merging.merge import merge_patrons
from store.models import Patron
from store.patrons import update
from store.search import search

ADMIN = Operator(patron_id=0, username="boss", is_admin=True)
LIBRARIAN = Operator(patron_id=0, username="libby", is_admin=False)


class MergeTestApp(App[object]):
    """Opens one screen, as the home screen would."""

    def __init__(self, screen: Screen[Any]) -> None:
        super().__init__()
        self.first = screen

    def on_mount(self) -> None:
        self.push_screen(self.first)


def near_duplicates(make_student: Any) -> tuple[Patron, Patron]:
    first = make_student(
        username="zsmyth", barcode="1", given_name="Zoe", surname="Smyth", email="zs@x.org"
    )
    second = make_student(username="zoe.smith", barcode="2", admin_id="SIS9")
    return first, second


def cell(pilot: Pilot[object], field: str, column: int) -> str:
    table = pilot.app.screen.query_one("#fields", DataTable)
    return str(table.get_cell_at(Coordinate(table.get_row_index(field), column)))


async def go_to(pilot: Pilot[object], field: str, column: int) -> None:
    """Move the cursor by arrow keys to a field's row and a column."""
    table = pilot.app.screen.query_one("#fields", DataTable)
    row = PROFILE_FIELDS.index(field)
    while table.cursor_row != row:
        await pilot.press("down" if table.cursor_row < row else "up")
    while table.cursor_column != column:
        await pilot.press("right" if table.cursor_column < column else "left")


async def test_open_a_group_choose_target_and_values_then_merge(make_student: Any) -> None:
    near_duplicates(make_student)
    async with MergeTestApp(MergeCandidatesScreen(ADMIN)).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        groups = pilot.app.screen.query_one("#groups", DataTable)
        assert [str(c) for c in groups.get_row_at(0)] == ["60", "similar name", "zsmyth, zoe.smith"]
        detail = str(pilot.app.screen.query_one("#detail", Static).render())
        assert "similar names in the same cohort: Zoe Smyth / Zoë Smith" in detail
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, MergeCompareScreen)
        await go_to(pilot, "username", 3)
        await pilot.press("t")
        columns = pilot.app.screen.query_one("#fields", DataTable).ordered_columns
        assert [str(c.label) for c in columns[2:]] == ["  zsmyth", "★ zoe.smith"]
        await go_to(pilot, "surname", 2)
        await pilot.press("space")
        await go_to(pilot, "given_name", 2)
        await pilot.press("enter")
        assert cell(pilot, "given_name", 2) == "● Zoe"
        await pilot.press("m", "y")
        await settle(pilot)
        assert isinstance(pilot.app.screen, MergeCandidatesScreen)
        assert status_of(pilot) == "Merged zsmyth into zoe.smith."
    rows = search("smyth").rows
    assert [(row.username, row.name, row.email) for row in rows] == [
        ("zoe.smith", "Zoe Smyth", "zs@x.org")
    ]


async def test_differences_are_marked_by_a_symbol_and_the_kept_value(make_student: Any) -> None:
    first, second = near_duplicates(make_student)
    screen = MergeCompareScreen(ADMIN, [first.id, second.id])
    async with MergeTestApp(screen).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = pilot.app.screen.query_one("#fields", DataTable)
        flags = {f: str(table.get_cell_at(Coordinate(n, 0))) for n, f in enumerate(PROFILE_FIELDS)}
        assert flags["surname"] == flags["admin_id"] == "≠"
        assert flags["graduating_year"] == flags["gender"] == " "
        assert cell(pilot, "surname", 2) == "● Smyth"
        assert cell(pilot, "surname", 3) == "  Smith"
        assert cell(pilot, "admin_id", 3) == "● SIS9"  # the target's is blank


async def test_a_librarian_may_compare_but_not_merge(make_student: Any) -> None:
    first, second = near_duplicates(make_student)
    screen = MergeCompareScreen(LIBRARIAN, [first.id, second.id])
    async with MergeTestApp(screen).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("m", "y")
        await settle(pilot)
        assert pilot.app.screen is screen
    assert Patron.select().count() == 2


async def test_a_record_can_be_left_out_of_a_group(make_student: Any) -> None:
    first, second = near_duplicates(make_student)
    third = make_student(username="zoe.s", barcode="3")
    screen = MergeCompareScreen(ADMIN, [first.id, second.id, third.id])
    async with MergeTestApp(screen).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await go_to(pilot, "username", 4)
        await pilot.press("x")
        assert status_of(pilot) == "Left zoe.s out of this merge."
        assert len(pilot.app.screen.query_one("#fields", DataTable).columns) == 4
        await pilot.press("m", "y")
        await settle(pilot)
    assert {p.username for p in Patron.select()} == {"zsmyth", "zoe.s"}


async def test_undo_the_last_merge_from_merge_assist(make_student: Any) -> None:
    first, second = near_duplicates(make_student)
    merge_patrons(first.id, [second.id], {}, "boss")
    async with MergeTestApp(MergeCandidatesScreen(ADMIN)).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "No likely duplicates found." in str(
            pilot.app.screen.query_one("#summary", Static).render()
        )
        await pilot.press("u", "y")
        await settle(pilot)
        assert status_of(pilot).startswith("Undid the merge: zoe.smith and zsmyth are back")
        assert pilot.app.screen.query_one("#groups", DataTable).row_count == 1
    assert Patron.select().count() == 2


def test_snapshot_of_the_side_by_side_view(
    make_student: Any, snap_compare: Any, db_path: Path
) -> None:
    """At 80x24 (on SQLite only: one picture is enough)."""
    first, second = near_duplicates(make_student)

    async def loaded(pilot: Pilot[object]) -> None:
        await settle(pilot)

    app = MergeTestApp(MergeCompareScreen(ADMIN, [first.id, second.id]))
    assert snap_compare(app, terminal_size=(80, 24), run_before=loaded)


async def test_a_record_changed_meanwhile_is_not_merged_and_the_screen_says_why(
    make_student: Any,
) -> None:
    first, second = near_duplicates(make_student)
    screen = MergeCompareScreen(ADMIN, [first.id, second.id])
    async with MergeTestApp(screen).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        update(second.id, {"middle_name": "Ann"}, second.version, "someone")
        await pilot.press("m", "y")
        await settle(pilot)
        assert pilot.app.screen is screen
        assert status_of(pilot).startswith("Error: zoe.smith was changed by someone else")
    assert Patron.select().count() == 2
