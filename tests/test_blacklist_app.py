"""The blacklist in the real app, by keys only: the home banner, the blacklist screen, the
patron form correcting an address, the mark in the results, and the warning before saving."""

from __future__ import annotations

from typing import Any

from app_pilot import make_admin, make_app, screen_name, settle, sign_in, type_text
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from screens.blacklist_banner import BlacklistBanner
from store.contacts import list_contacts
from store.email_health import add_by_hand, check_emails
from store.models import Patron
from store.patrons import get_patron


def banner(pilot: Pilot[object]) -> BlacklistBanner:
    return pilot.app.screen.query_one(BlacklistBanner)


def table(pilot: Pilot[object], table_id: str) -> list[list[str]]:
    rows = pilot.app.screen.query_one(table_id, DataTable)
    return [[str(cell) for cell in rows.get_row_at(n)] for n in range(rows.row_count)]


async def open_patron(pilot: Pilot[object], username: str) -> None:
    """Sign in, search for the patron and open them."""
    await sign_in(pilot)
    await type_text(pilot, username)
    await settle(pilot)
    await pilot.press("down", "enter")
    await settle(pilot)


async def retype_email(pilot: Pilot[object], address: str) -> None:
    """Tab to the primary email, as a person would, and type the new address over it."""
    for _ in range(10):
        if pilot.app.focused is not None and pilot.app.focused.id == "email":
            break
        await pilot.press("tab")
    await pilot.press("end", "ctrl+u")
    await type_text(pilot, address)


async def test_banner_blacklist_patron_fix_and_the_banner_is_gone(make_student: Any) -> None:
    make_admin()
    zoe = make_student(username="zm1", barcode="1")
    make_student(username="tj2", barcode="2", given_name="Tom", surname="Jones")
    Patron.update(email="zoe@@example.org").where(Patron.id == zoe.id).execute()
    check_emails("cron")

    async with make_app().run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        assert banner(pilot).display
        assert "Email sending is disabled" in str(banner(pilot).render())
        marks = {row[0]: row[-1] for row in table(pilot, "#results")}
        assert marks["zm1"] == "blacklisted" and marks["tj2"] == ""

        await pilot.press("ctrl+o")
        await settle(pilot)
        assert screen_name(pilot) == "BlacklistScreen"
        assert table(pilot, "#entries")[0][:3] == [
            "zoe@@example.org",
            "invalid address",
            "zm1 Zoë Smith",
        ]

        await pilot.press("enter")
        await settle(pilot)
        assert screen_name(pilot) == "PatronFormScreen"
        await retype_email(pilot, "zoe@example.org")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen_name(pilot) == "BlacklistScreen"
        assert table(pilot, "#entries")[0][2:] == ["", ""]

        await pilot.press("escape")
        await settle(pilot)
        assert screen_name(pilot) == "SearchScreen"
        assert not banner(pilot).display
        assert {row[0]: row[-1] for row in table(pilot, "#results")}["zm1"] == ""
    assert get_patron(zoe.id).email == "zoe@example.org"


async def test_saving_a_blacklisted_email_asks_first(make_student: Any) -> None:
    make_admin()
    zoe = make_student(username="zm1", barcode="1", email="zoe@example.org")
    add_by_hand("mum@example.org", "alice")

    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_patron(pilot, "zm1")
        await retype_email(pilot, "mum@example.org")
        await pilot.press("ctrl+s")
        await settle(pilot)
        question = str(pilot.app.screen.query_one("#question", Static).render())
        assert question.startswith("Primary email mum@example.org is on the blacklist")
        assert "Save it anyway?" in question

        await pilot.press("n")
        await settle(pilot)
        assert screen_name(pilot) == "PatronFormScreen"
        assert get_patron(zoe.id).email == "zoe@example.org"

        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert screen_name(pilot) == "SearchScreen"
    assert get_patron(zoe.id).email == "mum@example.org"


async def test_adding_a_blacklisted_contact_asks_first(make_student: Any) -> None:
    make_admin()
    zoe = make_student(username="zm1", barcode="1")
    add_by_hand("mum@example.org", "alice")

    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_patron(pilot, "zm1")
        await pilot.press("shift+tab", "shift+tab")
        await type_text(pilot, "mum@example.org")
        await pilot.press("tab")
        await type_text(pilot, "mother")
        await pilot.press("enter")
        await settle(pilot)
        question = str(pilot.app.screen.query_one("#question", Static).render())
        assert question.startswith("Contact email mum@example.org is on the blacklist")
        await pilot.press("y")
        await settle(pilot)
    assert [c.email for c in list_contacts(zoe.id)] == ["mum@example.org"]
