"""Helpers for Pilot tests of the app: type like a person, wait for workers, sign in."""

from __future__ import annotations

import contextlib

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Static
from textual.worker import WorkerCancelled, WorkerFailed

from store.accounts import create_administrator
from store.models import Patron
from store.patrons import register
from tui.app import PatronsApp

PASSWORD = "pass1234"


def make_app() -> PatronsApp:
    """The app as `patrons` opens it, on the store the test opened."""
    return PatronsApp(database_label="test.db")


def make_admin(username: str = "boss") -> Patron:
    """A System Administrator who signs in with PASSWORD."""
    return create_administrator(username, PASSWORD, actor="tester", surname="Boss")


async def settle(pilot: Pilot[object]) -> None:
    """Wait until every worker and the messages they posted have been handled.

    A search overtaken by a newer one is cancelled, and a refused store call ends in
    error; both are normal here (the screens report them), so waiting ignores them.
    """
    app: App[object] = pilot.app
    for _ in range(3):
        for worker in list(app.workers):
            with contextlib.suppress(WorkerCancelled, WorkerFailed):
                await worker.wait()
        await pilot.pause()


async def type_text(pilot: Pilot[object], text: str) -> None:
    """Press one key per character, as a person types."""
    await pilot.press(*("space" if char == " " else char for char in text))


async def sign_in(pilot: Pilot[object], username: str = "boss", password: str = PASSWORD) -> None:
    """Type the username and password on the sign-in screen and press enter."""
    await settle(pilot)
    await type_text(pilot, username)
    await pilot.press("enter")
    await type_text(pilot, password)
    await pilot.press("enter")
    await settle(pilot)


def status_of(pilot: Pilot[object]) -> str:
    """The sentence in the current screen's status line."""
    return str(pilot.app.screen.query_one("#status", Static).render())


def screen_name(pilot: Pilot[object]) -> str:
    """The class name of the screen in front."""
    return type(pilot.app.screen).__name__


def make_staff(username: str, *groups: str) -> Patron:
    """A staff patron who signs in with PASSWORD, in Library Users and the given groups."""
    return register(
        {
            "username": username,
            "barcode": f"B-{username}",
            "surname": username.capitalize(),
            "enabled": "yes",
            "staff": "yes",
            "password": PASSWORD,
            "system_groups": ",".join(groups),
        },
        actor="tester",
    )
