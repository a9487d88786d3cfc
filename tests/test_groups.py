"""Library group membership in bulk: lists, plan, the one-group rule, one transaction."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from peewee import IntegrityError

from store import groups, settings
from store.audit import history
from store.errors import NotFound
from store.models import LibraryGroup, Patron
from store.patrons import get_patron
from store.profiles import profile_of


@pytest.fixture
def staffroom(make_student: Any) -> dict[str, Patron]:
    """Three teachers (one already in Students), two students, and two library groups."""
    settings.create_library_group("Students", 5, 14)
    people = {
        "ada": make_student(username="ada", barcode="S1", surname="Ada", staff="yes"),
        "bea": make_student(username="bea", barcode="S2", surname="Bea", staff="yes"),
        "cal": make_student(
            username="cal", barcode="S3", surname="Cal", staff="yes", library_group="Students"
        ),
        "dan": make_student(username="dan", barcode="P1", surname="Dan"),
        "eve": make_student(username="eve", barcode="P2", surname="Eve"),
    }
    return people


def staff_group() -> LibraryGroup:
    return LibraryGroup.get(LibraryGroup.name == "Staff")


def usernames(page: groups.MemberPage) -> list[str]:
    return [row.username for row in page.rows]


def test_available_lists_non_members_filtered_by_role_and_search(staffroom: Any) -> None:
    draft = groups.MembershipDraft(staff_group().id)
    assert usernames(groups.available(draft, role="staff")) == ["ada", "bea", "cal"]
    assert groups.available(draft, role="staff").rows[2].group == "Students"
    assert usernames(groups.available(draft, text="EVE")) == ["eve"]
    assert groups.selected(draft).total == 0


def test_the_draft_moves_patrons_across_before_saving(staffroom: Any) -> None:
    draft = groups.MembershipDraft(staff_group().id)
    draft.add(groups.available_ids(draft, role="staff"))
    assert usernames(groups.selected(draft)) == ["ada", "bea", "cal"]
    assert usernames(groups.available(draft)) == ["dan", "eve"]
    draft.remove([staffroom["bea"].id])
    assert usernames(groups.selected(draft)) == ["ada", "cal"]
    assert profile_of(get_patron(staffroom["ada"].id))["library_group"] is None


def test_pages_hold_a_limited_number_of_rows_and_the_total(staffroom: Any) -> None:
    draft = groups.MembershipDraft(staff_group().id)
    page = groups.available(draft, limit=2, offset=2)
    assert page.total == 5
    assert usernames(page) == ["cal", "dan"]


def test_the_plan_says_who_moves_from_another_group(staffroom: Any) -> None:
    draft = groups.MembershipDraft(staff_group().id)
    draft.add(groups.available_ids(draft, role="staff"))
    plan = groups.plan_membership(draft)
    assert [c.username for c in plan.moving] == ["cal"]
    assert plan.sentences() == [
        "2 patrons join Staff.",
        "1 patron moves to Staff from another library group (1 from Students): "
        "a patron belongs to one library group only.",
    ]


def test_applying_saves_all_members_with_the_groups_rights_and_audit(staffroom: Any) -> None:
    group = staff_group()
    draft = groups.MembershipDraft(group.id)
    draft.add(groups.available_ids(draft, role="staff"))
    draft.remove([staffroom["bea"].id])
    groups.apply_membership(draft, "librarian")
    cal = get_patron(staffroom["cal"].id)
    assert profile_of(cal)["library_group"] == "Staff"
    assert LibraryGroup.get_by_id(cal.library_group_id).max_loans == 20
    assert cal.version == staffroom["cal"].version + 1
    assert profile_of(get_patron(staffroom["bea"].id))["library_group"] is None
    [entry, *_] = history(cal.id)
    assert (entry.actor, entry.changes) == ("librarian", {"library_group": ["Students", "Staff"]})
    assert len(history(staffroom["bea"].id)) == 1  # only "created": nothing changed for bea


def test_removing_members_takes_them_out(staffroom: Any) -> None:
    group = staff_group()
    draft = groups.MembershipDraft(group.id)
    draft.add([staffroom["ada"].id, staffroom["bea"].id])
    groups.apply_membership(draft, "librarian")
    draft = groups.MembershipDraft(group.id)
    draft.remove([staffroom["ada"].id, staffroom["dan"].id])
    plan = groups.apply_membership(draft, "librarian")
    assert [c.username for c in plan.leaving] == ["ada"]
    assert usernames(groups.selected(groups.MembershipDraft(group.id))) == ["bea"]


def test_a_failure_while_applying_leaves_every_patron_as_it_was(
    staffroom: Any, db_path: Path
) -> None:
    """An SQLite trigger fails the audit insert that comes after the members' update."""
    draft = groups.MembershipDraft(staff_group().id)
    draft.add(groups.available_ids(draft, role="staff"))
    Patron._meta.database.execute_sql(
        "CREATE TRIGGER full_disk BEFORE INSERT ON audit_entry "
        "BEGIN SELECT RAISE(ABORT, 'disk full'); END"
    )
    with pytest.raises(IntegrityError, match="full"):
        groups.apply_membership(draft, "librarian")
    assert Patron.select().where(Patron.library_group == staff_group().id).count() == 0
    assert profile_of(get_patron(staffroom["cal"].id))["library_group"] == "Students"


def test_a_group_removed_meanwhile_is_reported(staffroom: Any) -> None:
    draft = groups.MembershipDraft(staff_group().id)
    draft.add([staffroom["ada"].id])
    settings.remove_library_group(staff_group().id, "admin")
    with pytest.raises(NotFound, match="no longer exists"):
        groups.apply_membership(draft, "librarian")


def test_usernames_are_found_ignoring_case_and_unknown_ones_returned(staffroom: Any) -> None:
    ids, unknown = groups.patrons_named(["ADA", " bea ", "zed", "ada", ""])
    assert ids == [staffroom["ada"].id, staffroom["bea"].id]
    assert unknown == ["zed"]


def test_find_library_group_names_the_groups_there_are(staffroom: Any) -> None:
    assert groups.find_library_group("staff").name == "Staff"
    with pytest.raises(NotFound) as exc:
        groups.find_library_group("Teachers")
    assert str(exc.value) == (
        "There is no library group 'Teachers' (there are: Staff, Students). "
        "Create it first with 'patrons group create NAME'."
    )


def test_a_large_draft_is_listed_and_applied(school: Any) -> None:
    """More ids than one statement takes parameters: a district moving everyone at once."""
    count = 33_000
    rows = [(f"u{i}", f"u{i}", f"B{i}", "Many", True, f"many {i:06d}") for i in range(count)]
    columns: list[Any] = [Patron.username, Patron.username_key, Patron.barcode, Patron.surname]
    columns += [Patron.staff, Patron.sort_key]
    with Patron._meta.database.atomic():
        # 1,000 rows a statement: with its defaults PostgreSQL binds ~20 values a row.
        for start in range(0, count, 1000):
            Patron.insert_many(rows[start : start + 1000], fields=columns).execute()
    draft = groups.MembershipDraft(staff_group().id)
    draft.add(groups.available_ids(draft, role="staff"))
    assert groups.selected(draft, limit=10).total == count
    assert groups.available(draft).total == 0
    plan = groups.apply_membership(draft, "admin")
    assert len(plan.joining) == count
    assert Patron.select().where(Patron.library_group == staff_group().id).count() == count
