"""Access through the screens: a Librarian views only; disabled or expired accounts stay out.

Driven by keys through the real app, as an operator would try it: the keys of every
editing action and the command palette. What is checked is what would matter: the
database afterwards, and which screen is in front. The screens' checks do not depend on
the engine, so these run on SQLite only (asking for db_path).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
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

from store.accounts import REFUSED
from store.fields import LIBRARIAN, SYSTEM_ADMINISTRATOR
from store.models import AuditEntry, Patron
from store.patrons import find_patron, update
from store.profiles import system_groups_of


def everything(school: Path) -> tuple[Any, ...]:
    """Every patron with its version and groups, and the audit trail's length."""
    patrons = tuple(
        (p.username, p.version, system_groups_of(p.id)) for p in Patron.select().order_by(Patron.id)
    )
    return patrons, AuditEntry.select().where(~AuditEntry.action.startswith("sign")).count()


async def find(pilot: Pilot[object], text: str) -> None:
    """Go back to the search box, search for `text` and move into the results."""
    await pilot.press("escape")
    search = pilot.app.screen.query_one("#search")
    search.value = ""  # type: ignore[attr-defined]
    await type_text(pilot, text)
    await settle(pilot)
    await pilot.press("down")
    await settle(pilot)


async def palette(pilot: Pilot[object], command: str) -> None:
    """Try to run a command by name from the command palette; close it if none matched."""
    await pilot.press("ctrl+p")
    await settle(pilot)
    await type_text(pilot, command)
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    if screen_name(pilot) == "CommandPalette":
        await pilot.press("escape")
        await settle(pilot)


async def test_a_librarian_cannot_add_delete_import_merge_or_raise_themselves(
    school: Path, db_path: Path, make_student: Any
) -> None:
    make_admin()
    make_staff("libby", LIBRARIAN)
    make_student(username="zsmyth", barcode="1", surname="Smyth")
    make_student(username="zoe.smith", barcode="2")
    before = everything(school)
    async with make_app().run_test(size=(100, 30)) as pilot:
        await sign_in(pilot, "libby", PASSWORD)
        assert screen_name(pilot) == "SearchScreen"
        for key in ("ctrl+n", "ctrl+l"):
            await pilot.press(key)
            await settle(pilot)
            assert screen_name(pilot) == "SearchScreen", key
        await find(pilot, "smith")
        await pilot.press("ctrl+d")
        await settle(pilot)
        assert screen_name(pilot) == "SearchScreen"
        for command in ("Delete", "New", "Import"):
            await palette(pilot, command)
            assert screen_name(pilot) == "SearchScreen", command
        await find(pilot, "sm")
        await pilot.press("space", "space", "ctrl+r")
        await settle(pilot)
        assert screen_name(pilot) == "MergeCompareScreen"
        await pilot.press("m")
        await settle(pilot)
        await palette(pilot, "Merge")
        assert screen_name(pilot) == "MergeCompareScreen"
        await pilot.press("escape")
        await settle(pilot)
        await find(pilot, "libby")
        await pilot.press("enter")
        await settle(pilot)
        assert screen_name(pilot) == "PatronFormScreen"
        assert pilot.app.screen.query_one("#system_groups").disabled
        await pilot.press("ctrl+s")
        await palette(pilot, "Save")
        await settle(pilot)
    assert everything(school) == before
    libby = find_patron("libby")
    assert libby is not None and SYSTEM_ADMINISTRATOR not in system_groups_of(libby.id)


async def test_disabled_and_expired_accounts_cannot_sign_in(school: Path, db_path: Path) -> None:
    make_admin()
    gone = make_staff("gone", SYSTEM_ADMINISTRATOR)
    update(gone.id, {"enabled": "no"}, gone.version, "tester")
    old = make_staff("old", SYSTEM_ADMINISTRATOR)
    yesterday = dt.date.today() - dt.timedelta(days=1)
    update(old.id, {"until_date": yesterday.isoformat()}, old.version, "tester")
    for username in ("gone", "old"):
        async with make_app().run_test(size=(80, 24)) as pilot:
            await sign_in(pilot, username, PASSWORD)
            assert screen_name(pilot) == "SignInScreen", username
            assert status_of(pilot) == f"Error: {REFUSED}", username
