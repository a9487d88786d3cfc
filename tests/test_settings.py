"""Settings in the store: cohorts, campuses, presentation and library groups."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from store import settings
from store.audit import history
from store.errors import DeleteRefused, ValidationError
from store.models import Campus, Cohort, LibraryGroup, PresentationGroup
from store.patrons import get_patron
from store.profiles import profile_of


def only_problem(exc: pytest.ExceptionInfo[ValidationError]) -> tuple[str, str]:
    [problem] = exc.value.problems
    return problem.field, problem.message


def test_cohorts_are_listed_as_classes_with_their_patrons(make_student: Any) -> None:
    make_student()
    items = settings.list_cohorts()
    assert [(i.name, i.patrons) for i in items] == [("Class of 2031", 0), ("Class of 2030", 1)]


def test_cohort_year_must_be_four_digits_and_new(school: Path) -> None:
    with pytest.raises(ValidationError) as exc:
        settings.create_cohort("31")
    assert only_problem(exc) == (
        "year",
        "Graduating year '31' is not a year: use four digits, e.g. 2031.",
    )
    with pytest.raises(ValidationError, match="is not a year"):
        settings.create_cohort("２０３２")  # full-width digits
    with pytest.raises(ValidationError) as exc:
        settings.create_cohort("2030")
    assert only_problem(exc) == ("year", "The cohort Class of 2030 already exists.")


def test_renaming_a_cohort_changes_its_patrons_year(make_student: Any) -> None:
    patron = make_student()
    cohort = Cohort.get(Cohort.year == 2030)
    settings.rename_cohort(cohort.id, "2032")
    assert profile_of(get_patron(patron.id))["graduating_year"] == 2032


def test_a_cohort_in_use_cannot_be_removed(make_student: Any) -> None:
    make_student()
    cohort = Cohort.get(Cohort.year == 2030)
    with pytest.raises(DeleteRefused) as exc:
        settings.remove_cohort(cohort.id)
    assert str(exc.value) == (
        "Class of 2030 is used by 1 patron: give them another graduating year first "
        "(edit them or re-import)."
    )
    unused = Cohort.get(Cohort.year == 2031)
    assert settings.remove_cohort(unused.id) == "Class of 2031"
    assert [i.name for i in settings.list_cohorts()] == ["Class of 2030"]


def test_campus_import_id_is_unique_and_without_spaces(school: Path) -> None:
    with pytest.raises(ValidationError) as exc:
        settings.create_campus("Northern", "n")
    assert only_problem(exc) == ("import_id", "Import ID n already belongs to another campus.")
    with pytest.raises(ValidationError) as exc:
        settings.create_campus("South", "S 1")
    assert only_problem(exc) == ("import_id", "Import ID 'S 1' contains a space; remove it.")
    with pytest.raises(ValidationError) as exc:
        settings.create_campus("  ", "S")
    assert only_problem(exc) == ("name", "Campus name is required: type one.")


def test_renaming_a_campus_shows_on_profiles(make_student: Any) -> None:
    patron = make_student(campus="N")
    campus = Campus.get(Campus.import_id == "N")
    settings.rename_campus(campus.id, "Northern Campus", "NTH")
    assert profile_of(get_patron(patron.id))["campus"] == "NTH"
    assert [(i.name, i.detail) for i in settings.list_campuses()] == [
        ("Northern Campus", "import ID NTH")
    ]


def test_removing_a_campus_in_use_is_refused_or_moves_its_patrons(make_student: Any) -> None:
    patron = make_student(campus="N")
    north = Campus.get(Campus.import_id == "N")
    with pytest.raises(DeleteRefused) as exc:
        settings.remove_campus(north.id, "tester")
    assert str(exc.value) == (
        "The campus North Campus is used by 1 patron: move them to another campus first; "
        "removing it in Settings offers to."
    )
    south = settings.create_campus("South Campus", "S")
    with pytest.raises(DeleteRefused, match="not the one being removed"):
        settings.remove_campus(north.id, "tester", move_to=north.id)
    settings.remove_campus(north.id, "tester", move_to=south.id)
    moved = get_patron(patron.id)
    assert profile_of(moved)["campus"] == "S"
    assert moved.version == patron.version + 1
    assert history(patron.id)[0].changes == {"campus": ["N", "S"]}


def test_presentation_groups_add_rename_remove(make_student: Any) -> None:
    patron = make_student(presentation_group="Banksia")
    banksia = PresentationGroup.get(PresentationGroup.name == "Banksia")
    with pytest.raises(ValidationError) as exc:
        settings.create_presentation_group("banksia")
    assert only_problem(exc) == ("name", "A presentation group named banksia already exists.")
    waratah = settings.create_presentation_group("Waratah")
    settings.rename_presentation_group(banksia.id, "Banksia House")
    assert profile_of(get_patron(patron.id))["presentation_group"] == "Banksia House"
    with pytest.raises(DeleteRefused, match="is used by 1 patron"):
        settings.remove_presentation_group(banksia.id, "tester")
    settings.remove_presentation_group(banksia.id, "tester", move_to=waratah.id)
    assert profile_of(get_patron(patron.id))["presentation_group"] == "Waratah"
    assert [(i.name, i.patrons) for i in settings.list_presentation_groups()] == [("Waratah", 1)]


def test_library_groups_carry_rights_checked_as_numbers(school: Path) -> None:
    with pytest.raises(ValidationError) as exc:
        settings.create_library_group("Visitors", max_loans="lots")
    assert only_problem(exc) == (
        "max_loans",
        "Maximum loans 'lots' is not a whole number from 0 to 999: type one.",
    )
    for days in ("0", "²", "-3", "7.5"):
        with pytest.raises(ValidationError) as exc:
            settings.create_library_group("Visitors", loan_days=days)
        assert only_problem(exc)[0] == "loan_days"
    group = settings.create_library_group("Visitors", "2", "7", may_reserve=False)
    settings.change_library_group(group.id, "Guests", 3, "10", False)
    assert [(i.name, i.detail) for i in settings.list_library_groups()] == [
        ("Guests", "3 loans, 10 days, may not reserve"),
        ("Staff", "20 loans, 28 days, may reserve"),
    ]


def test_removing_a_library_group_moves_members_to_another(make_student: Any) -> None:
    teacher = make_student(username="t1", barcode="T1", staff="yes", library_group="Staff")
    staff = LibraryGroup.get(LibraryGroup.name == "Staff")
    with pytest.raises(DeleteRefused) as exc:
        settings.remove_library_group(staff.id, "tester")
    assert str(exc.value).startswith("The library group Staff is used by 1 patron")
    teachers = settings.create_library_group("Teachers", 30, 28)
    assert settings.remove_library_group(staff.id, "tester", move_to=teachers.id) == "Staff"
    assert profile_of(get_patron(teacher.id))["library_group"] == "Teachers"
    assert [i.name for i in settings.list_library_groups()] == ["Teachers"]


def test_a_name_too_long_or_with_control_characters_is_refused(school: Path) -> None:
    with pytest.raises(ValidationError) as exc:
        settings.create_library_group("x" * 101)
    assert only_problem(exc)[1] == "Library group name is 101 characters long; at most 100."
    with pytest.raises(ValidationError) as exc:
        settings.create_presentation_group("Bad\tname")
    assert "control character" in only_problem(exc)[1]
