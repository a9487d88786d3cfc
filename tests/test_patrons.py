"""Saving, conflicts, deleting and the audit trail of patrons, on real SQLite files."""

from __future__ import annotations

import datetime as dt
import json
import threading
from typing import Any

import pytest
from peewee import IntegrityError

from store import audit
from store.contacts import add_contact, list_contacts, remove_contact
from store.errors import DeleteRefused, StoreError, ValidationError, VersionConflict
from store.loans import last_due_date, lend, return_loan
from store.models import AuditEntry, Contact, Patron, SystemGroupMembership, database
from store.patrons import delete_patron, find_patron, register, update
from store.startup import close_database
from tests.conftest import student_values


def test_saving_over_someone_elses_save_is_refused_naming_them(make_student: Any) -> None:
    loaded = make_student()
    update(loaded.id, {"surname": "Smyth"}, loaded.version, "alice")
    with pytest.raises(VersionConflict) as caught:
        update(loaded.id, {"given_name": "Zoe"}, loaded.version, "bob")
    assert "s00017 was saved by alice at" in str(caught.value)
    assert Patron.get_by_id(loaded.id).given_name == "Zoë"


def test_an_update_records_who_changed_which_field_before_and_after(make_student: Any) -> None:
    patron = make_student()
    update(patron.id, {"surname": "Smyth", "password": "s3cret-pass"}, patron.version, "alice")
    latest = audit.history(patron.id)[0]
    assert (latest.actor, latest.action) == ("alice", "updated")
    assert latest.changes["surname"] == ["Smith", "Smyth"]
    assert latest.changes["password"] == ["", "(changed)"]
    every_entry = " ".join(e.changes for e in AuditEntry.select())
    assert "s3cret-pass" not in every_entry and "scrypt$" not in every_entry


def test_an_unchanged_save_keeps_the_version(make_student: Any) -> None:
    patron = make_student()
    again = update(patron.id, {"surname": "Smith"}, patron.version, "alice")
    assert again.version == patron.version


def test_delete_is_refused_while_loans_are_out_saying_how_many(make_student: Any) -> None:
    patron = make_student()
    today = dt.date.today()
    first = lend(patron.id, "B1", today, today + dt.timedelta(days=14))
    lend(patron.id, "B2", today, today + dt.timedelta(days=14))
    with pytest.raises(DeleteRefused) as caught:
        delete_patron(patron.id, "alice")
    assert str(caught.value).startswith("s00017 still has 2 items on loan")
    return_loan(first.id, today)
    with pytest.raises(DeleteRefused, match="1 item on loan"):
        delete_patron(patron.id, "alice")


def test_delete_removes_contacts_and_memberships_and_leaves_an_audit_entry(
    make_student: Any,
) -> None:
    patron = make_student(system_groups="Librarian")
    add_contact(patron.id, "mum@example.org", "mother", "alice")
    delete_patron(patron.id, "alice")
    assert find_patron("s00017") is None
    assert Contact.select().count() == 0
    assert SystemGroupMembership.select().count() == 0
    entry = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
    assert (entry.action, entry.username, entry.actor) == ("deleted", "s00017", "alice")
    assert json.loads(entry.changes)["surname"] == ["Smith", None]


@pytest.mark.sqlite_only
def test_unique_indexes_guard_even_when_the_rules_are_bypassed(make_student: Any) -> None:
    make_student()
    with pytest.raises(IntegrityError):
        database.execute_sql(
            "INSERT INTO patron (username, username_key, barcode, surname, gender, given_name,"
            " middle_name, preferred_name, enabled, staff, generic, academic_level,"
            " search_text, sort_key, version, created_at, updated_at, updated_by,"
            " failed_sign_ins) VALUES ('x', 'x', '0001234', 'S', '', '', '', '', 1, 0, 0, '',"
            " '', '', 1, '2026-01-01', '2026-01-01', '', 0)"
        )


def test_two_operators_registering_one_barcode_at_once_make_one_patron(school: Any) -> None:
    outcomes: list[str] = []

    def save(username: str) -> None:
        try:
            register(student_values(username=username, barcode="0005555"), username)
            outcomes.append("saved")
        except ValidationError as exc:
            outcomes.append(exc.problems[0].message)
        finally:
            close_database()

    threads = [threading.Thread(target=save, args=(name,)) for name in ("op1", "op2", "op3")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("saved") == 1
    assert Patron.select().where(Patron.barcode == "0005555").count() == 1
    assert all("already belongs to" in o for o in outcomes if o != "saved")


def test_loans_are_not_due_after_the_until_date(make_student: Any) -> None:
    patron = make_student(until_date="2027-07-31")
    assert last_due_date(patron.id, dt.date(2027, 8, 14)) == dt.date(2027, 7, 31)
    assert last_due_date(patron.id, dt.date(2027, 7, 1)) == dt.date(2027, 7, 1)


def test_staff_need_a_library_group_to_borrow(school: Any) -> None:
    values = student_values(staff="yes", graduating_year="")
    staff = register(values, "t")
    with pytest.raises(StoreError, match="in no library group"):
        lend(staff.id, "B9", dt.date.today(), dt.date.today())
    staff = update(staff.id, {"library_group": "Staff"}, staff.version, "t")
    assert lend(staff.id, "B9", dt.date.today(), dt.date.today()).item_barcode == "B9"


def test_contacts_are_added_once_and_removed(make_student: Any) -> None:
    patron = make_student()
    contact = add_contact(patron.id, "Mum@Example.ORG", "mother", "alice")
    assert contact.email == "Mum@example.org"
    with pytest.raises(ValidationError, match="already a contact of s00017"):
        add_contact(patron.id, "Mum@example.org", "mother", "alice")
    with pytest.raises(ValidationError, match="Contact email 'not-an-address'"):
        add_contact(patron.id, "not-an-address", "father", "alice")
    with pytest.raises(ValidationError, match="Contact relationship contains a control"):
        add_contact(patron.id, "dad@example.org", "fa\x00ther", "alice")
    remove_contact(contact.id, "alice")
    assert list_contacts(patron.id) == []
