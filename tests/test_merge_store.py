"""Merging patrons and undoing a merge, on real SQLite files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from store import audit
from store.contacts import add_contact, list_contacts
from store.errors import VersionConflict
from store.fields import LIBRARIAN, LIBRARY_USERS
from store.loans import lend, return_loan
from store.merging.merge import MergeRefused, merge_patrons
from store.merging.undo import UndoRefused, list_merges, undo_merge, undo_problems
from store.models import AuditEntry, Loan, MergeRecord, Patron, database
from store.patrons import find_patron, register, update
from store.profiles import profile_of
from store.search import search
from tests.conftest import student_values

TODAY = dt.date(2026, 3, 2)


@pytest.fixture
def pair(make_student: Any) -> tuple[Patron, Patron]:
    """zsmyth (the target) and zoe.smith, with loans, contacts and a form class."""
    target = make_student(
        username="zsmyth", barcode="100", given_name="Zoe", surname="Smyth", email="zs@x.org"
    )
    other = make_student(
        username="zoe.smith",
        barcode="200",
        admin_id="SIS9",
        email="zoe@x.org",
        form_class="9A",
        system_groups="Librarian",
    )
    lend(other.id, "B1", TODAY, TODAY + dt.timedelta(days=14))
    add_contact(target.id, "mum@x.org", "mother", "tester")
    add_contact(other.id, "mum@x.org", "mother", "tester")
    add_contact(other.id, "dad@x.org", "father", "tester")
    return target, other


def test_merge_takes_the_chosen_value_of_each_field(pair: tuple[Patron, Patron]) -> None:
    target, other = pair
    outcome = merge_patrons(target.id, [other.id], {"surname": other.id}, "admin")
    merged = profile_of(Patron.get_by_id(target.id))
    assert (merged["username"], merged["given_name"], merged["surname"]) == (
        "zsmyth",
        "Zoe",
        "Smith",
    )
    assert merged["admin_id"] == "SIS9"  # the target's was blank
    assert merged["form_class"] == "9A"
    assert merged["system_groups"] == (LIBRARY_USERS, LIBRARIAN)
    assert Patron.get_or_none(Patron.id == other.id) is None
    assert outcome.merged == ("zoe.smith",)
    assert [row.username for row in search("smith").rows] == ["zsmyth"]


def test_loans_and_contacts_move_without_duplicates(pair: tuple[Patron, Patron]) -> None:
    target, other = pair
    merge_patrons(target.id, [other.id], {}, "admin")
    assert [loan.item_barcode for loan in Loan.select().where(Loan.patron == target.id)] == ["B1"]
    contacts = [(c.email, c.relationship) for c in list_contacts(target.id)]
    assert contacts == [
        ("mum@x.org", "mother"),
        ("dad@x.org", "father"),
        ("zoe@x.org", "previous primary email"),
    ]


def test_unique_fields_come_from_one_record_and_the_others_are_freed(
    pair: tuple[Patron, Patron],
) -> None:
    target, other = pair
    choices = {"username": other.id, "barcode": other.id, "admin_id": target.id}
    merge_patrons(target.id, [other.id], choices, "admin")
    merged = Patron.get_by_id(target.id)
    assert (merged.username, merged.barcode, merged.admin_id) == ("zoe.smith", "200", None)
    reused = register(student_values(username="zsmyth", barcode="100", admin_id="SIS9"), "t")
    assert reused.id != target.id


def test_the_audit_trail_says_what_was_taken_from_each(pair: tuple[Patron, Patron]) -> None:
    target, other = pair
    merge_patrons(target.id, [other.id], {"surname": other.id}, "admin")
    entry = audit.history(target.id)[0]
    assert (entry.actor, entry.action) == ("admin", "merged with zoe.smith")
    assert entry.changes["surname"] == ["Smyth", "Smith"]
    assert entry.changes["taken from zoe.smith"] == [
        None,
        "Admin system ID, Surname, Form class; 1 loan, 2 contacts",
    ]
    assert audit.history(other.id)[0].action == "merged into zsmyth"


def test_a_patron_merged_with_itself_is_refused(pair: tuple[Patron, Patron]) -> None:
    target, _ = pair
    for others in ([target.id], []):
        with pytest.raises(MergeRefused, match="cannot be merged with itself"):
            merge_patrons(target.id, others, {}, "admin")


def test_a_stale_comparison_is_refused(pair: tuple[Patron, Patron]) -> None:
    target, other = pair
    update(other.id, {"middle_name": "Ann"}, other.version, "someone")
    with pytest.raises(VersionConflict, match="zoe.smith was changed"):
        merge_patrons(target.id, [other.id], {}, "admin", versions={other.id: other.version})


def test_a_merge_that_fails_midway_changes_nothing(
    pair: tuple[Patron, Patron], db_path: Path
) -> None:
    """The database refuses the removal step (a SQLite trigger): everything rolls back."""
    target, other = pair
    database.execute_sql(
        "CREATE TRIGGER refuse_delete BEFORE DELETE ON patron "
        "BEGIN SELECT RAISE(ABORT, 'disk trouble'); END"
    )
    entries = AuditEntry.select().count()
    with pytest.raises(MergeRefused, match="nothing was changed: disk trouble"):
        merge_patrons(target.id, [other.id], {"surname": other.id}, "admin")
    assert Loan.get(Loan.item_barcode == "B1").patron_id == other.id
    assert [c.email for c in list_contacts(other.id)] == ["mum@x.org", "dad@x.org"]
    assert [c.email for c in list_contacts(target.id)] == ["mum@x.org"]
    assert Patron.get_by_id(target.id).surname == "Smyth"
    assert (MergeRecord.select().count(), AuditEntry.select().count()) == (0, entries)


def test_undo_restores_the_records_their_loans_contacts_and_the_target(
    pair: tuple[Patron, Patron],
) -> None:
    target, other = pair
    before = {pid: profile_of(Patron.get_by_id(pid)) for pid in (target.id, other.id)}
    outcome = merge_patrons(target.id, [other.id], {"username": other.id}, "admin")
    summary = undo_merge(outcome.merge_id, "admin")
    assert summary.undone and list_merges()[0].undone
    after = {pid: profile_of(Patron.get_by_id(pid)) for pid in (target.id, other.id)}
    assert after == before
    assert Loan.get(Loan.item_barcode == "B1").patron_id == other.id
    assert [c.email for c in list_contacts(other.id)] == ["mum@x.org", "dad@x.org"]
    assert [c.email for c in list_contacts(target.id)] == ["mum@x.org"]
    assert {row.username for row in search("smith").rows} == {"zoe.smith"}
    assert audit.history(target.id)[0].action == "merge undone"


# SQLite gives a new patron the id a deleted one had; PostgreSQL never reuses an id, so
# the "record number now belongs to" reason cannot arise there.
@pytest.mark.sqlite_only
def test_undo_is_refused_with_reasons_after_a_later_change(pair: tuple[Patron, Patron]) -> None:
    target, other = pair
    outcome = merge_patrons(target.id, [other.id], {}, "admin")
    merged = Patron.get_by_id(target.id)
    update(target.id, {"middle_name": "Ann"}, merged.version, "bob")
    return_loan(Loan.get(Loan.item_barcode == "B1").id, TODAY)
    newcomer = register(student_values(username="zoe.smith", barcode="999"), "carol")
    reused = f"zoe.smith's record number {other.id} now belongs to zoe.smith, registered since."
    problems = undo_problems(outcome.merge_id)
    assert problems[0].startswith("zsmyth was changed by bob on")
    assert problems[1:] == [
        "zsmyth's loans changed since the merge (lent or returned).",
        *([reused] if newcomer.id == other.id else []),  # SQLite hands out a freed number
        "Username zoe.smith now belongs to zoe.smith.",
    ]
    with pytest.raises(UndoRefused, match="cannot be undone: zsmyth was changed by bob"):
        undo_merge(outcome.merge_id, "admin")
    assert find_patron("zsmyth") is not None and Patron.select().count() == 2


def test_a_merge_is_undone_only_once(pair: tuple[Patron, Patron]) -> None:
    target, other = pair
    outcome = merge_patrons(target.id, [other.id], {}, "admin")
    undo_merge(outcome.merge_id, "admin")
    with pytest.raises(UndoRefused, match="already undone"):
        undo_merge(outcome.merge_id, "admin")


def test_three_records_merge_into_one_with_every_loan_and_group(
    pair: tuple[Patron, Patron], make_student: Any
) -> None:
    target, other = pair
    third = make_student(username="zoe.s", barcode="300", password="a-long-secret", form_class="9C")
    lend(third.id, "B3", TODAY, TODAY + dt.timedelta(days=14))
    choices = {"form_class": third.id, "password": third.id}
    outcome = merge_patrons(target.id, [other.id, third.id], choices, "admin")
    assert outcome.merged == ("zoe.smith", "zoe.s")
    merged = Patron.get_by_id(target.id)
    assert profile_of(merged)["form_class"] == "9C"
    assert merged.password_hash == third.password_hash is not None
    loans = Loan.select().where(Loan.patron == target.id).order_by(Loan.item_barcode)
    assert [loan.item_barcode for loan in loans] == ["B1", "B3"]
    assert Patron.select().count() == 1
    undo_merge(outcome.merge_id, "admin")
    assert Patron.get_by_id(target.id).password_hash is None
    assert profile_of(Patron.get_by_id(third.id))["form_class"] == "9C"
