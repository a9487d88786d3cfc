"""The import preview by keys only: every outcome told apart, the reason panel following
the cursor, the invalid-only filter, apply with its confirmation and summary, invalid rows
saved as CSV, undo of a batch, and a 20,000-row file previewed without freezing."""

from __future__ import annotations

import asyncio
import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app_pilot import make_app, screen_name, settle
from test_import_screen import choose_file, open_import, own_config, school_file, write_csv
from textual import events
from textual.pilot import Pilot
from textual.widgets import DataTable, ProgressBar, Static

from store.importing import ImportOptions, import_file, plan_import
from store.models import Patron
from store.patrons import find_patron, update

__all__ = ["own_config", "school_file"]  # fixtures shared with test_import_screen

HEADER = "username,barcode,given_name,surname,enabled,staff,graduating_year"


def every_outcome(tmp_path: Path, make_student: Any) -> Path:
    """A file with a header, one row added, one updated, one unchanged and two invalid."""
    make_student(username="s1", barcode="B1", given_name="Ann", surname="Lee")
    make_student(username="s2", barcode="B2", given_name="Old", surname="Kim")
    return write_csv(
        tmp_path / "students.csv",
        HEADER,
        "s1,B1,Ann,Lee,yes,no,2030",
        "s2,B2,Bo,Kim,yes,no,2030",
        "s3,B3,Cy,Ng,yes,no,2030",
        "s4,B4,Di,Wu,maybe,no,2030",
        "s5,B1,Ed,Oh,yes,no,2030",
    )


async def preview(pilot: Pilot[Any], path: Path) -> None:
    """From the home screen: open the import, choose the file, take the header's fields,
    and preview."""
    await open_import(pilot)
    await choose_file(pilot, path)
    await pilot.press("ctrl+n")
    await settle(pilot)


def table_rows(pilot: Pilot[Any]) -> list[list[str]]:
    """The rows of the table on show (every row, or only the invalid ones)."""
    table = next(table for table in pilot.app.screen.query(DataTable) if table.display)
    return [[str(cell) for cell in table.get_row_at(n)] for n in range(table.row_count)]


def text_of(pilot: Pilot[Any], selector: str) -> str:
    return str(pilot.app.screen.query_one(selector, Static).render())


async def test_every_outcome_is_told_apart_and_the_panel_follows_the_cursor(
    school_file: Path, tmp_path: Path, make_student: Any
) -> None:
    path = every_outcome(tmp_path, make_student)
    async with make_app().run_test(size=(80, 24)) as pilot:
        await preview(pilot, path)
        assert screen_name(pilot) == "ImportPreviewScreen"
        assert "1 added · 1 updated · 1 unchanged · 2 invalid · 5 total" in text_of(
            pilot, "#counts"
        )
        assert [row[1] for row in table_rows(pilot)] == [
            "# header",
            "= unchanged",
            "~ updated",
            "+ added",
            "✗ invalid",
            "✗ invalid",
        ]
        assert "header row" in text_of(pilot, "#row-detail")
        await pilot.press("down", "down")
        assert "Line 3 (s2) is updated" in text_of(pilot, "#row-detail")
        assert "given_name: Old -> Bo" in text_of(pilot, "#row-detail")
        await pilot.press("down", "down")
        detail = text_of(pilot, "#row-detail")
        assert "Line 5 (s4) is invalid" in detail and "maybe" in detail
        await pilot.press("down")
        assert "Line 6 (s5)" in text_of(pilot, "#row-detail")
        assert "barcode B1 is also on line 2" in text_of(pilot, "#row-detail")


async def test_the_filter_shows_only_the_invalid_rows(
    school_file: Path, tmp_path: Path, make_student: Any
) -> None:
    path = every_outcome(tmp_path, make_student)
    async with make_app().run_test(size=(80, 24)) as pilot:
        await preview(pilot, path)
        await pilot.press("i")
        assert [row[2] for row in table_rows(pilot)] == ["s4", "s5"]
        assert "invalid rows only" in text_of(pilot, "#counts")
        assert "Line 5 (s4) is invalid" in text_of(pilot, "#row-detail")
        await pilot.press("i")
        assert len(table_rows(pilot)) == 6


async def test_apply_after_confirming_then_the_summary_and_the_invalid_rows_as_csv(
    school_file: Path, tmp_path: Path, make_student: Any
) -> None:
    path = every_outcome(tmp_path, make_student)
    async with make_app().run_test(size=(80, 24)) as pilot:
        await preview(pilot, path)
        await pilot.press("ctrl+s")
        await settle(pilot)
        question = text_of(pilot, "#question")
        assert "1 added · 1 updated · 1 unchanged · 2 invalid · 5 total" in question
        await pilot.press("n")
        await settle(pilot)
        assert find_patron("s3") is None

        await pilot.press("ctrl+s", "y")
        await settle(pilot)
        assert screen_name(pilot) == "ImportSummaryScreen"
        summary = text_of(pilot, "#applied")
        assert "as import batch #1" in summary
        assert "1 added · 1 updated · 1 unchanged · 2 invalid · 5 total" in summary
        assert find_patron("s3") is not None

        await pilot.press("s")
        await settle(pilot)
        await pilot.press("enter")  # the suggested name: students-invalid.csv beside the file
        await settle(pilot)
        assert "Saved 2 invalid rows" in text_of(pilot, "#status")
        with open(tmp_path / "students-invalid.csv", encoding="utf-8-sig", newline="") as saved:
            rows = list(csv.reader(saved))
        assert rows[0] == [*HEADER.split(","), "reasons"]
        assert [row[:7] for row in rows[1:]] == [
            ["s4", "B4", "Di", "Wu", "maybe", "no", "2030"],
            ["s5", "B1", "Ed", "Oh", "yes", "no", "2030"],
        ]
        assert "maybe" in rows[1][7] and "B1" in rows[2][7]
        again = plan_import(tmp_path / "students-invalid.csv", ImportOptions())
        assert again.header_line == 1 and again.fields[-1] == "skip"  # reasons are skipped
        again.rows.close()

        await pilot.press("enter")
        await settle(pilot)
        assert screen_name(pilot) == "ImportStartScreen"
        assert "applied" in text_of(pilot, "#status")


async def test_undo_a_batch_after_confirming_and_hear_what_could_not_be_undone(
    school_file: Path, tmp_path: Path, make_student: Any
) -> None:
    path = every_outcome(tmp_path, make_student)
    import_file(path, ImportOptions(), "boss", commit=True).rows.close()
    s2 = find_patron("s2")
    assert s2 is not None
    update(s2.id, {"surname": "Changed"}, s2.version, "someone")
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_import(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert screen_name(pilot) == "ImportBatchesScreen"
        row = [str(c) for c in pilot.app.screen.query_one("#batches", DataTable).get_row_at(0)]
        assert row[0] == "1" and row[2] == "boss" and row[4] == "students.csv"
        assert "1 added" in row[5] and "2 invalid" in row[5]

        await pilot.press("u")
        await settle(pilot)
        question = text_of(pilot, "#question")
        assert "Undo import #1 of students.csv" in question
        assert "1 of its changes can be undone; 1 cannot be" in question
        await pilot.press("n")
        await settle(pilot)
        assert find_patron("s3") is not None  # kept: the trial run wrote nothing
        assert "changed again after the import" in text_of(pilot, "#undo-report")
        await pilot.press("u")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert "1 undone, 1 could not be undone" in text_of(pilot, "#status")
        report = text_of(pilot, "#undo-report")
        assert "s2 could not be undone" in report and "changed again after the import" in report
    assert find_patron("s3") is None
    assert Patron.get(Patron.username == "s2").surname == "Changed"


def many_rows(tmp_path: Path, count: int) -> Path:
    lines = [HEADER] + [f"p{n},P{n:06d},Ann,Lee{n},yes,no,2030" for n in range(count)]
    return write_csv(tmp_path / "big.csv", *lines)


async def start_big_preview(pilot: Pilot[Any], path: Path) -> ProgressBar:
    """Start the preview and return as soon as its first rows are on screen."""
    await open_import(pilot)
    await choose_file(pilot, path)
    await pilot.press("ctrl+n")
    bar = pilot.app.screen.query_one(ProgressBar)
    while not bar.progress:
        await pilot.pause()
    return bar


async def key_now(pilot: Pilot[Any], key: str, answered: Callable[[], bool]) -> None:
    """Deliver a key as the terminal does and wait until the screen has answered it.

    Pilot.press waits until the process is idle, which it is not while a worker thread
    judges rows; this waits only for the answer.
    """
    event = events.Key(key, key if len(key) == 1 else None)
    event.set_sender(pilot.app)
    pilot.app.post_message(event)
    for _ in range(100_000):
        if answered():
            return
        await asyncio.sleep(0)  # let the app's loop handle the key
    raise AssertionError(f"The screen did not answer {key}.")


async def test_a_20000_row_file_previews_while_the_screen_answers_keys(
    school_file: Path, tmp_path: Path
) -> None:
    path = many_rows(tmp_path, 20_000)
    async with make_app().run_test(size=(80, 24)) as pilot:
        bar = await start_big_preview(pilot, path)
        screen = pilot.app.screen
        table = screen.query_one("#rows", DataTable)
        await key_now(
            pilot, "down", lambda: "Line 2 (p0) is added" in text_of(pilot, "#row-detail")
        )
        assert table.cursor_row == 1
        assert screen.state == "previewing" and bar.percentage is not None and bar.percentage < 1
        await key_now(pilot, "i", lambda: screen.invalid_only)
        assert screen.state == "previewing" and bar.percentage < 1
        assert "invalid rows only" in text_of(pilot, "#counts")
        await key_now(pilot, "i", lambda: not screen.invalid_only)
        await settle(pilot)
        assert "20,000 added · 0 updated · 0 unchanged · 0 invalid · 20,000 total" in text_of(
            pilot, "#counts"
        )
        assert len(table.rows) == 20_001


async def test_a_large_preview_can_be_cancelled(school_file: Path, tmp_path: Path) -> None:
    path = many_rows(tmp_path, 20_000)
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_import(pilot)
        await choose_file(pilot, path)
        await pilot.press("ctrl+n", "escape")  # the worker checks between chunks of rows
        await settle(pilot)
        assert "Preview cancelled after" in text_of(pilot, "#status")
        assert "Cancelled preview of big.csv" in text_of(pilot, "#counts")
        assert len(table_rows(pilot)) < 20_000
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen_name(pilot) == "ImportPreviewScreen"
        await pilot.press("escape")
        await settle(pilot)
        assert screen_name(pilot) == "ImportFieldsScreen"
    assert Patron.select().where(Patron.username.startswith("p")).count() == 0
