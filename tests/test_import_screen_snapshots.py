"""SVG snapshots at 80x24 of the import screen's field-order step and its preview."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from app_pilot import make_admin, make_app, settle, sign_in, type_text
from test_import_screen import own_config, write_csv
from textual.pilot import Pilot

from store import settings
from store.patrons import register
from store.startup import close_database, open_database

__all__ = ["own_config"]  # recent files in the test's own config folder, paths relative


@pytest.fixture
def sqlite_school(tmp_path: Path) -> Iterator[Path]:
    """One SQLite store whatever engines the other tests run on, so each snapshot has one
    name; a student to update and a file with every outcome."""
    open_database(str(tmp_path / "snapshot.db"))
    settings.create_cohort(2030)
    make_admin()
    register(
        {
            "username": "s2",
            "barcode": "B2",
            "given_name": "Old",
            "surname": "Kim",
            "enabled": "yes",
            "staff": "no",
            "graduating_year": "2030",
        },
        "tester",
    )
    yield write_csv(
        tmp_path / "students.csv",
        "Login,Library Barcode,First Name,Last Name,Active,Staff,Cohort",
        "s2,B2,Bo,Kim,yes,no,2030",
        "s3,B3,Cy,Ng,yes,no,2030",
        "s4,B4,Di,Wu,maybe,no,2030",
    )
    close_database()


async def open_fields(pilot: Pilot[Any]) -> None:
    await sign_in(pilot)
    await pilot.press("ctrl+l")
    await settle(pilot)
    await type_text(pilot, "students.csv")
    await pilot.press("enter")
    await settle(pilot)


def test_snapshot_of_the_field_order_step(sqlite_school: Path, snap_compare: Any) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await open_fields(pilot)
        await pilot.press("down", "down", "u")

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


def test_snapshot_of_the_preview(sqlite_school: Path, snap_compare: Any) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await open_fields(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        await pilot.press("down")

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)
