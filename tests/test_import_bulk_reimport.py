"""A nightly re-import of unchanged rows takes shortcuts; its outcomes must not change.

An unchanged row is not parsed again (its cells are the stored values' own text), and the
owners of a chunk's values are read together with its stored patrons. What was decided:
a row that asks for no change is unchanged, unless the stored patron breaks a rule that
concerns the whole profile today (then it is invalid with that rule's reason, as a row
asking for a change would be, and nothing is written); a stored value that today's
field rules would refuse is not refused again while the file leaves it as it is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from store.importing import ImportOptions, import_file, plan_import
from store.models import Patron

HEADER = "username,barcode,given_name,surname,email,enabled,staff,graduating_year"


def write(path: Path, *rows: str) -> Path:
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def outcomes(path: Path, commit: bool) -> list[tuple[str, str, list[str]]]:
    report = (
        import_file(path, ImportOptions(), "t", commit=True)
        if commit
        else plan_import(path, ImportOptions())
    )
    return [(row.username, row.outcome, row.reasons) for row in report.rows][1:]


def test_an_unchanged_row_of_a_patron_breaking_a_profile_rule_today_is_invalid(
    make_student: Any, tmp_path: Path
) -> None:
    make_student(username="s1", barcode="B1", surname="Lee", email="s1@example.org")
    # Stored before the rule existed: a student with neither graduating year nor level.
    Patron.update(cohort=None).where(Patron.username == "s1").execute()
    path = write(tmp_path / "a.csv", "s1,B1,Zoë,Lee,s1@example.org,yes,no,")
    expected = [
        (
            "s1",
            "invalid",
            [
                "A student needs a graduating year or an academic level: fill one in, "
                "or mark the patron as staff or generic."
            ],
        )
    ]
    assert outcomes(path, commit=False) == expected
    assert outcomes(path, commit=True) == expected
    assert Patron.get(Patron.username == "s1").version == 1


def test_a_stored_value_todays_field_rules_refuse_is_unchanged_while_the_file_keeps_it(
    make_student: Any, tmp_path: Path
) -> None:
    make_student(username="s1", barcode="B1", surname="Lee", email="s1@example.org")
    Patron.update(email="s1@localhost").where(Patron.username == "s1").execute()
    same = write(tmp_path / "a.csv", "s1,B1,Zoë,Lee,s1@localhost,yes,no,2030")
    assert outcomes(same, commit=True) == [("s1", "unchanged", [])]
    moved = write(tmp_path / "b.csv", "s1,B1,Zoë,Lee-Smith,s1@localhost,yes,no,2030")
    [(username, outcome, reasons)] = outcomes(moved, commit=True)
    assert (username, outcome) == ("s1", "invalid")
    assert reasons[0].startswith("Primary email 's1@localhost' is not a valid address")
    assert Patron.get(Patron.username == "s1").surname == "Lee"


def test_a_value_held_by_a_patron_later_in_the_same_chunk_is_still_refused(
    make_student: Any, tmp_path: Path
) -> None:
    make_student(username="s1", barcode="B1", surname="Lee")
    make_student(username="s2", barcode="B2", surname="Ng")
    path = write(
        tmp_path / "a.csv",
        "new1,B2,Ann,Park,,yes,no,2030",
        "s1,B1,Zoë,Lee,,yes,no,2030",
        "s2,B2,Zoë,Ng,,yes,no,2030",
    )
    assert outcomes(path, commit=True) == [
        ("new1", "invalid", ["Library barcode B2 already belongs to s2."]),
        ("s1", "unchanged", []),
        ("s2", "unchanged", []),
    ]
