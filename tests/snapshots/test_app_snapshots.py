"""What the app looks like at 80x24: sign-in, search with results, the edit form.

Regenerate after a deliberate change to a screen:
    .venv/bin/python -m pytest tests/snapshots --snapshot-update
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from app_pilot import make_admin, make_app, settle, sign_in, type_text
from textual.pilot import Pilot
from textual.widgets import Input

SIZE = (80, 24)


async def steady(pilot: Pilot[object]) -> None:
    """Wait for workers, and stop text cursors blinking so every picture is the same."""
    await settle(pilot)
    for box in pilot.app.screen.query(Input):
        box.cursor_blink = False
    await pilot.pause()


@pytest.fixture
def people(make_student: Any, db_path: Path) -> None:
    """The same small school every time (on SQLite, so the picture never varies)."""
    make_admin()
    make_student(username="zm1", barcode="1", given_name="Zoë", surname="Müller")
    make_student(
        username="tj2", barcode="2", given_name="Thomas", preferred_name="Tom", surname="Jones"
    )
    make_student(username="ab3", barcode="3", given_name="Ann", surname="Bell", enabled="no")


def test_sign_in(snap_compare: Any, people: None) -> None:
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=steady)


def test_search_with_results(snap_compare: Any, people: None) -> None:
    async def search(pilot: Pilot[object]) -> None:
        await sign_in(pilot)
        await steady(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=search)


def test_edit_form(snap_compare: Any, people: None) -> None:
    async def open_tom(pilot: Pilot[object]) -> None:
        await sign_in(pilot)
        await type_text(pilot, "jones")
        await settle(pilot)
        await pilot.press("down", "enter")
        await steady(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=open_tom)
