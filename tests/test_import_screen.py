"""The import screen by keys only: choose a file, tick and order its fields, header
auto-mapping, saved field orders, and who may reach it. Preview, apply and undo are in
test_import_screen_preview.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from app_pilot import make_admin, make_app, make_staff, screen_name, settle, sign_in, type_text
from textual.pilot import Pilot
from textual.widgets import DataTable, DirectoryTree, Input, Static

from screens.widgets.field_order_list import FieldOrderList
from store.importing import field_order, save_field_order

HEADER = "username,barcode,given_name,surname,enabled,staff,graduating_year"


@pytest.fixture
def school_file(school: Path | str, db_path: Path) -> Path:
    """The school's SQLite file, with a System Administrator who signs in."""
    make_admin()
    return db_path


@pytest.fixture(autouse=True)
def own_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Recent files go to this test's own config folder, never the real one; paths are
    typed relative to the test's folder (short, so the test types fewer keys)."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.chdir(tmp_path)
    yield tmp_path / "config"


def write_csv(path: Path, *lines: str) -> Path:
    """A CSV file of these lines."""
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


async def open_import(pilot: Pilot[Any]) -> None:
    """Sign in and open the import screen by its key."""
    await sign_in(pilot)
    await pilot.press("ctrl+l")
    await settle(pilot)


async def choose_file(pilot: Pilot[Any], path: Path) -> None:
    """Type the file's path (relative to the test's folder) and press enter."""
    await type_text(pilot, str(path.relative_to(Path.cwd())))
    await pilot.press("enter")
    await settle(pilot)


async def go_to(pilot: Pilot[Any], key: str) -> None:
    """Move the highlight to a field with the arrow keys."""
    index = [entry.key for entry in field_list(pilot).entries].index(key)
    await pilot.press("home", *["down"] * index)


async def tick(pilot: Pilot[Any], *keys: str) -> None:
    """Move to each field with the arrow keys and press space."""
    for key in keys:
        await go_to(pilot, key)
        await pilot.press("space")


def field_list(pilot: Pilot[Any]) -> FieldOrderList:
    return pilot.app.screen.query_one(FieldOrderList)


def sample_columns(pilot: Pilot[Any]) -> list[str]:
    """The headings of the first-rows table, left to right."""
    table = pilot.app.screen.query_one("#sample", DataTable)
    return [str(column.label) for column in table.ordered_columns]


def sample_row(pilot: Pilot[Any], index: int) -> list[str]:
    table = pilot.app.screen.query_one("#sample", DataTable)
    return [str(cell) for cell in table.get_row_at(index)]


def fit(pilot: Pilot[Any]) -> str:
    return str(pilot.app.screen.query_one("#fit", Static).render())


async def test_librarians_cannot_reach_the_import_screen(school_file: Path) -> None:
    make_staff("libby", "Librarian")
    async with make_app().run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "libby")
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert screen_name(pilot) == "SearchScreen"
        commands = [c.title for c in pilot.app.get_system_commands(pilot.app.screen)]
        assert "Import" not in commands


async def test_the_command_palette_opens_the_import_screen(school_file: Path) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        await pilot.press("ctrl+p")
        await type_text(pilot, "Import")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert screen_name(pilot) == "ImportStartScreen"


async def test_a_typed_path_is_completed_and_the_file_remembered(
    school_file: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    write_csv(folder / "students.csv", HEADER, "s1,B1,Ann,Lee,yes,no,2030")
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_import(pilot)
        await type_text(pilot, "exp")
        await pilot.press("right")
        await pilot.pause()
        await type_text(pilot, "st")
        await pilot.press("right")
        await pilot.pause()
        assert pilot.app.screen.query_one("#path", Input).value == "exports/students.csv"
        await pilot.press("enter")
        await settle(pilot)
        assert screen_name(pilot) == "ImportFieldsScreen"

        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+u", "tab", "enter")
        await settle(pilot)
        assert screen_name(pilot) == "ImportFieldsScreen"
        assert "students.csv" in str(pilot.app.screen.query_one("#heading", Static).render())


async def test_the_file_browser_picks_a_file_by_keys(school_file: Path, tmp_path: Path) -> None:
    write_csv(tmp_path / "pupils.csv", HEADER, "s1,B1,Ann,Lee,yes,no,2030")
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_import(pilot)
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert screen_name(pilot) == "FileBrowseScreen"
        tree = pilot.app.screen.query_one(DirectoryTree)
        for _ in range(500):  # the tree reads the folder in its own (never-ending) worker
            if tree.root.children:
                break
            await pilot.pause()
        names = [node.label.plain for node in tree.root.children]
        await pilot.press(*["down"] * (names.index("pupils.csv") + 1), "enter")
        await pilot.pause()
        await settle(pilot)
        assert screen_name(pilot) == "ImportFieldsScreen"
        assert "pupils.csv" in str(pilot.app.screen.query_one("#heading", Static).render())


async def test_a_missing_file_is_named_with_the_fix(school_file: Path, tmp_path: Path) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_import(pilot)
        await choose_file(pilot, tmp_path / "nothere.csv")
        assert screen_name(pilot) == "ImportStartScreen"
        status = str(pilot.app.screen.query_one("#status", Static).render())
        assert "There is no file" in status and "check the name and folder" in status


async def test_untick_all_tick_four_and_reorder_them_the_columns_follow(
    school_file: Path, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "plain.csv", "B1,s1,Lee,Ann", "B2,s2,Kim,Bo")
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_import(pilot)
        await choose_file(pilot, path)
        assert "does not name fields" in fit(pilot)
        await pilot.press("n")
        assert field_list(pilot).fields == []
        await tick(pilot, "username", "barcode", "given_name", "surname")
        assert field_list(pilot).fields == ["username", "barcode", "given_name", "surname"]
        assert "4 fields ticked for the file's 4 columns" in fit(pilot)
        assert sample_columns(pilot) == ["username", "barcode", "given_name", "surname"]
        assert sample_row(pilot, 0) == ["B1", "s1", "Lee", "Ann"]

        await go_to(pilot, "barcode")
        await pilot.press("t")  # barcode to the top: first column
        assert sample_columns(pilot) == ["barcode", "username", "given_name", "surname"]
        await go_to(pilot, "surname")
        await pilot.press("u")  # surname up, above given_name
        assert sample_columns(pilot) == ["barcode", "username", "surname", "given_name"]
        await go_to(pilot, "username")
        await pilot.press("d")  # username below surname
        assert sample_columns(pilot) == ["barcode", "surname", "username", "given_name"]
        await pilot.press("b")  # username to the bottom: last column
        assert sample_columns(pilot) == ["barcode", "surname", "given_name", "username"]
        assert sample_row(pilot, 0) == ["B1", "s1", "Lee", "Ann"]


async def test_a_count_mismatch_is_said_plainly(school_file: Path, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "plain.csv", "s1,B1,Lee,Ann,extra", "s2,B2,Kim,Bo,extra")
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_import(pilot)
        await choose_file(pilot, path)
        await tick(pilot, "barcode")
        assert "2 fields are ticked but the file has 5 columns: tick 3 more" in fit(pilot)
        assert sample_columns(pilot)[2:] == [
            "col 3: no field",
            "col 4: no field",
            "col 5: no field",
        ]
        await pilot.press("a")
        assert "untick" in fit(pilot)


async def test_a_header_row_ticks_and_orders_the_fields(school_file: Path, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "sis.csv",
        "Last Name,Login,Library Barcode,First Name,,Cohort",
        "Lee,s1,B1,Ann,x,2030",
    )
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_import(pilot)
        await choose_file(pilot, path)
        assert field_list(pilot).fields == [
            "surname",
            "username",
            "barcode",
            "given_name",
            "skip",
            "graduating_year",
        ]
        assert "The first row is a header" in fit(pilot)
        assert "6 fields ticked for the file's 6 columns" in fit(pilot)
        assert sample_row(pilot, 0) == ["Lee", "s1", "B1", "Ann", "x", "2030"]
        await pilot.press("h")
        assert "read as data" in fit(pilot)
        assert sample_row(pilot, 0)[0] == "Last Name"


async def test_save_a_field_order_and_use_it_again(school_file: Path, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "plain.csv", "s1,B1,Lee", "s2,B2,Kim")
    save_field_order("SIS staff", "users", ["username", "surname", "barcode"])
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_import(pilot)
        await choose_file(pilot, path)
        await tick(pilot, "barcode", "surname")
        assert field_list(pilot).fields == ["username", "barcode", "surname"]
        await pilot.press("ctrl+s")
        await settle(pilot)
        await type_text(pilot, "SIS students")
        await pilot.press("enter")
        await settle(pilot)
        saved = field_order("SIS students", "users")
        assert list(saved) == ["username", "barcode", "surname"]
        assert "patrons import --profile 'SIS students'" in str(
            pilot.app.screen.query_one("#status", Static).render()
        )

        await pilot.press("o")
        await settle(pilot)
        assert screen_name(pilot) == "PickScreen"
        await pilot.press("enter")  # 'SIS staff' comes first by name
        await settle(pilot)
        assert field_list(pilot).fields == ["username", "surname", "barcode"]
        assert sample_columns(pilot) == ["username", "surname", "barcode"]


async def test_choosing_usernames_offers_the_rename_fields(
    school_file: Path, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "renames.csv", "old,new", "s1,s1x")
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_import(pilot)
        await pilot.press("shift+tab", "down", "enter", "tab")
        await choose_file(pilot, path)
        assert [entry.key for entry in field_list(pilot).entries] == ["username", "new_username"]
        assert field_list(pilot).fields == ["username", "new_username"]
        assert "The first row is a header" in fit(pilot)
