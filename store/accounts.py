"""Operator accounts: System Administrators and Librarians are patrons in system groups.

Creating the first administrator, signing in (with lockout), and what an operator may do.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from store import audit
from store.db import writes
from store.errors import FieldProblem, StoreError, ValidationError
from store.fields import LIBRARIAN, LIBRARY_USERS, SYSTEM_ADMINISTRATOR
from store.models import AuditEntry, Patron, SystemGroupMembership, utcnow
from store.passwords import hash_password, verify_password
from store.patrons import register
from store.profiles import system_groups_of


def has_administrator() -> bool:
    """True when at least one patron is a System Administrator."""
    return (
        SystemGroupMembership.select()
        .where(SystemGroupMembership.group == SYSTEM_ADMINISTRATOR)
        .exists()
    )


def create_administrator(
    username: str, password: str, actor: str, surname: str = "", barcode: str = ""
) -> Patron:
    """A staff patron in System Administrator, with a password; every profile rule applies."""
    if not password:
        raise ValidationError(
            [FieldProblem("password", "Password is required: an administrator signs in with it.")]
        )
    return register(
        {
            "username": username,
            "password": password,
            "surname": surname or username,
            "barcode": barcode or f"ADMIN-{username}",
            "enabled": True,
            "staff": True,
            "system_groups": (LIBRARY_USERS, SYSTEM_ADMINISTRATOR),
        },
        actor,
    )


# Signing in to the app ------------------------------------------------------------------

LOCK_AFTER_FAILURES = 5
LOCK_MINUTES = 15
REFUSED = (
    "Sign-in refused: the username or password is wrong, or this account may not sign in "
    "now. Check both and try again."
)
OPERATOR_GROUPS = (SYSTEM_ADMINISTRATOR, LIBRARIAN)


class SignInRefused(StoreError):
    """The sign-in was refused; the message is safe to show (it never says which part failed)."""


@dataclass(frozen=True)
class Operator:
    """The person signed in to the app, and what they may do (DESIGN.md "Who may do what")."""

    patron_id: int
    username: str
    is_admin: bool

    @property
    def may_edit(self) -> bool:
        """System Administrators edit profiles; Librarians only search and view."""
        return self.is_admin


@functools.cache
def _decoy_hash() -> str:
    """A hash to check unknown usernames against, so they take as long as known ones."""
    return hash_password("not a real password")


def sign_in(username: str, password: str) -> Operator:
    """The operator for these credentials, or SignInRefused with a neutral sentence.

    Five failures in a row lock the username for fifteen minutes (kept in the database).
    Every attempt is written to the audit trail; the password never is.
    """
    typed = username.strip()
    patron = Patron.get_or_none(Patron.username_key == typed.casefold())
    stored = patron.password_hash if patron is not None else _decoy_hash()
    matches = verify_password(password, stored) and patron is not None
    outcome = _settle(typed, patron.id if patron is not None else None, matches, utcnow())
    if isinstance(outcome, str):
        raise SignInRefused(outcome)
    return outcome


def _locked_message(username: str, until: dt.datetime) -> str:
    return (
        f"Too many failed sign-ins: {username} is locked until {until:%H:%M} UTC. "
        "Try again then, or ask a System Administrator."
    )


def _may_sign_in(patron: Patron, now: dt.datetime) -> bool:
    expired = patron.until_date is not None and patron.until_date < now.date()
    return bool(patron.enabled) and not expired


@writes
def _settle(typed: str, patron_id: int | None, matches: bool, now: dt.datetime) -> Operator | str:
    """Record the attempt and update the failure count; the Operator or a refusal sentence."""
    if patron_id is None:
        return _unknown_failure(typed, now)
    patron = Patron.get_by_id(patron_id)
    if patron.locked_until is not None and patron.locked_until > now:
        audit.record(typed, "sign-in refused: locked", patron.id, patron.username)
        return _locked_message(typed, patron.locked_until)
    if not (matches and _may_sign_in(patron, now)):
        failures = patron.failed_sign_ins + 1
        locked = (
            now + dt.timedelta(minutes=LOCK_MINUTES) if failures >= LOCK_AFTER_FAILURES else None
        )
        Patron.update(failed_sign_ins=0 if locked else failures, locked_until=locked).where(
            Patron.id == patron.id
        ).execute()
        audit.record(typed, "sign-in failed", patron.id, patron.username)
        return _locked_message(typed, locked) if locked else REFUSED
    Patron.update(failed_sign_ins=0, locked_until=None).where(Patron.id == patron.id).execute()
    groups = system_groups_of(patron.id)
    if not any(group in groups for group in OPERATOR_GROUPS):
        audit.record(typed, "sign-in refused: no operator group", patron.id, patron.username)
        return (
            f"{patron.username} may not use Patrons: it needs the {SYSTEM_ADMINISTRATOR} "
            f"group (to edit) or the {LIBRARIAN} group (to search and view). Ask a "
            f"{SYSTEM_ADMINISTRATOR} to add you."
        )
    audit.record(typed, "signed in", patron.id, patron.username)
    return Operator(patron.id, patron.username, SYSTEM_ADMINISTRATOR in groups)


def _unknown_failure(typed: str, now: dt.datetime) -> str:
    """Unknown usernames lock like known ones (counted in the audit trail), revealing nothing."""
    key = typed.casefold()
    since = now - dt.timedelta(minutes=LOCK_MINUTES)
    recent = list(
        AuditEntry.select(AuditEntry.at)
        .where(
            (AuditEntry.patron_id.is_null())
            & (AuditEntry.username == key)
            & (AuditEntry.action == "sign-in failed")
            & (AuditEntry.at > since)
        )
        .order_by(AuditEntry.at.desc())
        .limit(LOCK_AFTER_FAILURES)
    )
    if len(recent) >= LOCK_AFTER_FAILURES:
        audit.record(typed, "sign-in refused: locked", None, key)
        return _locked_message(typed, recent[0].at + dt.timedelta(minutes=LOCK_MINUTES))
    audit.record(typed, "sign-in failed", None, key)
    if len(recent) + 1 >= LOCK_AFTER_FAILURES:
        return _locked_message(typed, now + dt.timedelta(minutes=LOCK_MINUTES))
    return REFUSED


@writes
def unlock_sign_in(patron_id: int, actor: str) -> None:
    """Lift a sign-in lock (and forget the failures) before its fifteen minutes are up."""
    patron = Patron.get_by_id(patron_id)
    Patron.update(failed_sign_ins=0, locked_until=None).where(Patron.id == patron_id).execute()
    audit.record(actor, "sign-in unlocked", patron_id, patron.username)


def locked_until(patron: Patron) -> dt.datetime | None:
    """When the patron's sign-in lock ends, if it is locked now."""
    if patron.locked_until is not None and patron.locked_until > utcnow():
        return patron.locked_until
    return None
