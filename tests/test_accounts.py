"""Signing in: neutral refusals, lockout kept in the database, the audit trail, groups."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from store import accounts
from store.accounts import REFUSED, SignInRefused, create_administrator, sign_in
from store.fields import LIBRARIAN, LIBRARY_USERS
from store.models import AuditEntry, Patron
from store.patrons import update

PASSWORD = "correct horse"


@pytest.fixture
def admin(school: Path) -> Patron:
    return create_administrator("boss", PASSWORD, actor="tester")


def refusal(username: str, password: str) -> str:
    with pytest.raises(SignInRefused) as caught:
        sign_in(username, password)
    return str(caught.value)


def test_right_password_signs_in_and_is_audited(admin: Patron) -> None:
    operator = sign_in(" BOSS ", PASSWORD)
    assert (operator.username, operator.is_admin, operator.may_edit) == ("boss", True, True)
    assert AuditEntry.select().where(AuditEntry.action == "signed in").count() == 1


def test_every_kind_of_refusal_reads_the_same(admin: Patron, make_student: Any) -> None:
    disabled = make_student(username="off", barcode="1", password=PASSWORD, enabled="no")
    expired = make_student(username="old", barcode="2", password=PASSWORD)
    update(expired.id, {"until_date": "2020-01-01"}, expired.version, "tester")
    assert disabled.enabled is False
    messages = {
        refusal("boss", "wrong password"),
        refusal("nobody", PASSWORD),
        refusal("off", PASSWORD),
        refusal("old", PASSWORD),
    }
    assert messages == {REFUSED}
    failures = AuditEntry.select().where(AuditEntry.action == "sign-in failed").count()
    assert failures == 4
    assert not AuditEntry.select().where(AuditEntry.changes.contains("wrong password")).exists()


def test_five_failures_lock_the_username_even_for_the_right_password(admin: Patron) -> None:
    for _ in range(4):
        assert refusal("boss", "nope nope") == REFUSED
    assert "locked until" in refusal("boss", "nope nope")
    assert "locked until" in refusal("boss", PASSWORD)
    locked = Patron.get_by_id(admin.id).locked_until
    assert locked is not None and locked > dt.datetime.now(dt.UTC).replace(tzinfo=None)


def test_the_lock_ends_after_fifteen_minutes(admin: Patron) -> None:
    past = dt.datetime(2020, 1, 1)
    Patron.update(locked_until=past).where(Patron.id == admin.id).execute()
    assert sign_in("boss", PASSWORD).username == "boss"


def test_a_success_resets_the_count(admin: Patron) -> None:
    for _ in range(4):
        refusal("boss", "nope nope")
    sign_in("boss", PASSWORD)
    assert Patron.get_by_id(admin.id).failed_sign_ins == 0
    assert refusal("boss", "nope nope") == REFUSED


def test_unknown_usernames_lock_alike(school: Path) -> None:
    messages = [refusal("ghost", "whatever1") for _ in range(6)]
    assert messages[:4] == [REFUSED] * 4
    assert all("ghost is locked until" in m for m in messages[4:])


def test_a_patron_outside_the_operator_groups_is_told_which_group(make_student: Any) -> None:
    make_student(password=PASSWORD)
    message = refusal("s00017", PASSWORD)
    assert "System Administrator" in message and "Librarian" in message


def test_a_librarian_may_view_but_not_edit(make_student: Any) -> None:
    make_student(password=PASSWORD, system_groups=f"{LIBRARY_USERS},{LIBRARIAN}")
    operator = sign_in("s00017", PASSWORD)
    assert (operator.is_admin, operator.may_edit) == (False, False)


def test_an_administrator_may_lift_a_lock_early(admin: Patron) -> None:
    for _ in range(5):
        refusal("boss", "nope nope")
    assert accounts.locked_until(Patron.get_by_id(admin.id)) is not None
    accounts.unlock_sign_in(admin.id, actor="colleague")
    assert accounts.locked_until(Patron.get_by_id(admin.id)) is None
    assert sign_in("boss", PASSWORD).username == "boss"
    assert AuditEntry.select().where(AuditEntry.action == "sign-in unlocked").count() == 1
