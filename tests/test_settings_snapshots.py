"""What the settings and membership screens look like at 80x24.

Regenerate after a deliberate change to a screen:
    .venv/bin/python -m pytest tests/test_settings_snapshots.py --snapshot-update
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app_pilot import settle
from test_settings_screen import ScreenApp
from textual.pilot import Pilot

from screens.groups_membership import GroupMembershipScreen
from screens.settings_screen import SettingsScreen
from store import settings
from store.models import LibraryGroup

SIZE = (80, 24)


def test_library_groups_in_settings(snap_compare: Any, school: Path, db_path: Path) -> None:
    settings.create_library_group("Visitors", 2, 7, may_reserve=False)

    async def to_library_groups(pilot: Pilot[object]) -> None:
        await settle(pilot)
        await pilot.press("down", "down", "down", "down", "down", "enter")
        await settle(pilot)

    app = ScreenApp(lambda: SettingsScreen("admin", True))
    assert snap_compare(app, terminal_size=SIZE, run_before=to_library_groups)


def test_membership_with_unsaved_changes(
    snap_compare: Any, make_student: Any, db_path: Path
) -> None:
    for n, name in enumerate(("Ada", "Bea", "Cal")):
        make_student(username=name.lower(), barcode=str(n), surname=name, staff="yes")
    make_student(username="dan", barcode="9", surname="Dan")
    staff = LibraryGroup.get(LibraryGroup.name == "Staff")

    async def add_staff(pilot: Pilot[object]) -> None:
        await settle(pilot)
        await pilot.press("ctrl+f")
        await settle(pilot)
        await pilot.press("ctrl+t")
        await settle(pilot)
        await pilot.press("tab", "tab", "r")
        await settle(pilot)

    app = ScreenApp(lambda: GroupMembershipScreen(staff.id, "Staff", "librarian", True))
    assert snap_compare(app, terminal_size=SIZE, run_before=add_staff)
