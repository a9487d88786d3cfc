"""Every rule and outcome of a users import, judged from real CSV files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from store.importing import ImportOptions, ImportReport, RowResult, import_file
from store.models import (
    AuditEntry,
    Cohort,
    FormClass,
    FormClassMembership,
    Patron,
    SystemGroupMembership,
)
from store.passwords import verify_password
from store.profiles import profile_of
from store.search import search

HEADER = "username,barcode,given_name,surname,enabled,staff,graduating_year"


def run(tmp_path: Path, *lines: str, commit: bool = False, **options: Any) -> dict[int, RowResult]:
    """Import the lines (header first) and return each row's result by line number."""
    path = tmp_path / "students.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = import_file(path, ImportOptions(**options), "tester", commit)
    return rows_of(report)


def rows_of(report: ImportReport) -> dict[int, RowResult]:
    try:
        return {row.line or 0: row for row in report.rows}
    finally:
        report.rows.close()


def test_every_outcome_in_one_file_with_counts(make_student: Any, tmp_path: Path) -> None:
    make_student(username="same", barcode="B1", given_name="Ann")
    make_student(username="moved", barcode="B2", given_name="Bob")
    path = tmp_path / "students.csv"
    path.write_text(
        f"{HEADER}\nsame,B1,Ann,Smith,yes,no,2030\nmoved,B2,Robert,Smith,yes,no,2030\n"
        "new,B3,Cy,Lee,yes,no,2031\nbad,B4,Di,Lee,perhaps,no,2031\n",
        encoding="utf-8",
    )
    report = import_file(path, ImportOptions(), "tester", commit=False)
    assert report.counts == {"added": 1, "updated": 1, "unchanged": 1, "invalid": 1, "total": 4}
    rows = rows_of(report)
    assert [rows[n].outcome for n in range(1, 6)] == [
        "header",
        "unchanged",
        "updated",
        "added",
        "invalid",
    ]
    assert rows[3].changes == {"given_name": ["Bob", "Robert"]}
    assert rows[5].reasons == [
        "Enabled 'perhaps' is not yes or no: use Y, yes, true or 1, or N, no, false or 0."
    ]


def test_a_new_patron_needs_every_mandatory_field(school: Path, tmp_path: Path) -> None:
    rows = run(tmp_path, "username,given_name", "s1,Ann")
    assert rows[2].outcome == "invalid"
    text = " ".join(rows[2].reasons)
    for words in (
        "Library barcode is required",
        "Surname is required",
        "Enabled is required",
        "Staff member is required",
        "graduating year",
    ):
        assert words in text


def test_a_student_needs_a_year_or_level_and_staff_do_not(school: Path, tmp_path: Path) -> None:
    rows = run(
        tmp_path,
        "username,barcode,surname,enabled,staff,academic_level",
        "s1,B1,Lee,yes,no,",
        "s2,B2,Lee,yes,no,Year 7",
        "t1,B3,Lee,yes,yes,",
    )
    assert rows[2].outcome == "invalid"
    assert "A student needs a graduating year or an academic level" in rows[2].reasons[0]
    assert (rows[3].outcome, rows[4].outcome) == ("added", "added")


def test_barcode_or_admin_id_of_another_username_makes_the_row_invalid(
    make_student: Any, tmp_path: Path
) -> None:
    make_student(username="owner", barcode="B1", admin_id="A1")
    rows = run(
        tmp_path,
        f"{HEADER},admin_id",
        "s1,B1,Ann,Lee,yes,no,2030,",
        "s2,B2,Ann,Lee,yes,no,2030,A1",
    )
    assert rows[2].reasons == ["Library barcode B1 already belongs to owner."]
    assert rows[3].reasons == ["Admin system ID A1 already belongs to owner."]


def test_the_same_values_on_an_earlier_row_make_later_rows_invalid(
    school: Path, tmp_path: Path
) -> None:
    rows = run(
        tmp_path,
        f"{HEADER},admin_id",
        "s1,B1,Ann,Lee,yes,no,2030,A1",
        "s2,B1,Bob,Lee,yes,no,2030,A2",
        "s3,B3,Cy,Lee,yes,no,2030,A1",
        "S1,B9,Ann,Lee,yes,no,2030,A9",
    )
    assert rows[2].outcome == "added"
    assert rows[3].reasons == [
        "Library barcode B1 is also on line 2 of this file; it can belong to one patron only."
    ]
    assert rows[4].reasons == [
        "Admin system ID A1 is also on line 2 of this file; it can belong to one patron only."
    ]
    assert rows[5].reasons[0].startswith("Username S1 is also on line 2")


def test_a_blank_cell_keeps_the_stored_value_unless_blank_clears(
    make_student: Any, tmp_path: Path
) -> None:
    make_student(username="s1", barcode="B1", middle_name="Jo", email="ann@example.com")
    lines = ("username,middle_name,email,surname", "s1,,,Smith")
    assert run(tmp_path, *lines)[2].outcome == "unchanged"
    rows = run(tmp_path, *lines, commit=True, blank_clears=True)
    assert rows[2].changes == {"middle_name": ["Jo", ""], "email": ["ann@example.com", None]}
    patron = Patron.get(Patron.username == "s1")
    assert (patron.middle_name, patron.email) == ("", None)


def test_missing_references_say_which_and_how_to_create_them(school: Path, tmp_path: Path) -> None:
    rows = run(
        tmp_path,
        f"{HEADER},campus,presentation_group",
        "s1,B1,Ann,Lee,yes,no,2044,Z,Waratah",
    )
    assert rows[2].reasons == [
        'Graduating year 2044 has no cohort: create the cohort "Class of 2044" in Settings '
        "first (an import may use --create-cohorts).",
        "Campus 'Z' does not exist: use the import ID of an existing campus, or create it "
        "in Settings.",
        "Presentation group 'Waratah' does not exist: create it in Settings first.",
    ]


def test_create_cohorts_creates_the_missing_cohort_once(school: Path, tmp_path: Path) -> None:
    rows = run(
        tmp_path,
        HEADER,
        "s1,B1,Ann,Lee,yes,no,2044",
        "s2,B2,Bob,Lee,yes,no,2044",
        commit=True,
        create_cohorts=True,
    )
    assert [rows[2].outcome, rows[3].outcome] == ["added", "added"]
    cohort = Cohort.get(Cohort.year == 2044)
    assert Patron.select().where(Patron.cohort == cohort).count() == 2


def test_form_classes_are_created_and_a_moved_student_leaves_the_old_one(
    school: Path, tmp_path: Path
) -> None:
    run(tmp_path, f"{HEADER},form_class", "s1,B1,Ann,Lee,yes,no,2030,7A", commit=True)
    rows = run(tmp_path, "username,form_class", "s1,7B", commit=True)
    assert rows[2].changes == {"form_class": ["7A", "7B"]}
    patron = Patron.get(Patron.username == "s1")
    classes = [
        m.form_class.name
        for m in FormClassMembership.select().where(FormClassMembership.patron == patron)
    ]
    assert classes == ["7B"]
    assert sorted(FormClass.select(FormClass.name).tuples()) == [("7A",), ("7B",)]
    assert run(tmp_path, "username,form_class", "s1,7b")[2].outcome == "unchanged"


def test_staff_and_students_in_one_file_are_each_judged_by_their_flag(
    school: Path, tmp_path: Path
) -> None:
    rows = run(tmp_path, HEADER, "t1,B1,Ann,Lee,yes,yes,", "s1,B2,Bob,Lee,yes,no,")
    assert rows[2].outcome == "added"
    assert rows[3].outcome == "invalid"


def test_a_row_with_the_wrong_number_of_cells_says_expected_and_found(
    school: Path, tmp_path: Path
) -> None:
    rows = run(tmp_path, HEADER, "s1,B1,Ann", "s2,B2,Ann,Lee,yes,no,2030,extra")
    assert "(expected 7, found 3)" in rows[2].reasons[0]
    assert "(expected 7, found 8)" in rows[3].reasons[0]
    assert rows[2].username == "s1"


def test_every_reason_names_the_field_and_the_value(school: Path, tmp_path: Path) -> None:
    rows = run(
        tmp_path,
        f"{HEADER},gender,email",
        "s1,B 1,Ann,Lee,yes,maybe,30,X,not-an-email",
    )
    text = " ".join(rows[2].reasons)
    for words in (
        "Library barcode 'B 1' contains a space",
        "Staff member 'maybe'",
        "Graduating year '30' is not a year",
        "Gender 'X' is not allowed",
        "Primary email 'not-an-email' is not a valid address",
    ):
        assert words in text


def test_written_patrons_keep_search_groups_versions_and_the_trail(
    make_student: Any, tmp_path: Path
) -> None:
    make_student(username="old", barcode="B0", given_name="Ann")
    rows = run(
        tmp_path,
        f"{HEADER},password",
        "Zoe.New,B1,Zoë,Muñoz,yes,no,2030,secret-password",
        "old,B0,Annie,Smith,yes,no,2030,",
        commit=True,
    )
    assert rows[2].changes["password"] == ["", "(changed)"]
    new = Patron.get(Patron.username == "Zoe.New")
    assert (new.username_key, new.version, new.updated_by) == ("zoe.new", 1, "tester")
    assert verify_password("secret-password", new.password_hash)
    assert [
        m.group for m in SystemGroupMembership.select().where(SystemGroupMembership.patron == new)
    ] == ["Library Users"]
    assert [row.username for row in search("munoz").rows] == ["Zoe.New"]
    old = Patron.get(Patron.username == "old")
    assert (old.version, profile_of(old)["given_name"]) == (2, "Annie")
    assert [row.username for row in search("annie").rows] == ["old"]
    entries = list(AuditEntry.select().where(AuditEntry.action.startswith("created by import")))
    assert [e.username for e in entries] == ["Zoe.New"]
    assert "secret-password" not in json.dumps([e.changes for e in AuditEntry.select()])
    again = run(tmp_path, f"{HEADER},password", "Zoe.New,B1,Zoë,Muñoz,yes,no,2030,secret-password")
    assert again[2].outcome == "unchanged"


def test_repeats_are_found_across_the_whole_file_not_only_nearby_rows(
    school: Path, tmp_path: Path
) -> None:
    body = [f"s{n},B{n},Ann,Lee,yes,no,2030" for n in range(1200)]
    rows = run(tmp_path, HEADER, *body, "s0,X1,Ann,Lee,yes,no,2030", "late,B1,Ann,Lee,yes,no,2030")
    assert rows[1202].reasons[0].startswith("Username s0 is also on line 2:")
    assert rows[1203].reasons == [
        "Library barcode B1 is also on line 3 of this file; it can belong to one patron only."
    ]


def test_the_same_values_written_differently_are_unchanged_and_a_real_change_is_not(
    make_student: Any, tmp_path: Path
) -> None:
    make_student(username="s1", gender="F", email="ann@example.org")
    header = "username,barcode,gender,enabled,staff,graduating_year,email,surname"
    rows = run(
        tmp_path, header, " s1 , 0001234 ,f,Y,FALSE,2030,ann@EXAMPLE.org,Smith ", commit=True
    )
    assert (rows[2].outcome, rows[2].changes) == ("unchanged", {})
    rows = run(tmp_path, header, "s1,0001234,F,N,no,2030,ann@example.org,Smith", commit=True)
    assert (rows[2].outcome, rows[2].changes) == ("updated", {"enabled": [True, False]})
