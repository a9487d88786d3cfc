"""Every rule of DESIGN.md's profile table, checked through the store's register/update."""

from __future__ import annotations

from typing import Any

import pytest

from store.errors import ValidationError
from store.models import FormClass, FormClassMembership, Patron
from store.passwords import verify_password
from store.patrons import register, update
from store.profiles import profile_of
from tests.conftest import student_values


def problems_of(values: dict[str, Any]) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        register(values, actor="tester")
    return caught.value.by_field()


def test_a_valid_student_is_saved_with_every_value(school: Any) -> None:
    patron = register(student_values(email="Zoe.Smith@Example.EDU ", gender="f"), "tester")
    profile = profile_of(patron)
    assert profile["username"] == "s00017"
    assert profile["barcode"] == "0001234"
    assert profile["gender"] == "F"
    assert profile["graduating_year"] == 2030
    assert profile["email"] == "Zoe.Smith@example.edu"
    assert profile["system_groups"] == ("Library Users",)


def test_username_is_required_trimmed_and_unique_ignoring_case(make_student: Any) -> None:
    assert make_student(username="  s00017 ").username == "s00017"
    found = problems_of(student_values(username="S00017", barcode="999"))
    assert found["username"] == ["Username S00017 already belongs to s00017."]
    assert "Username is required." in problems_of(student_values(username=" "))["username"]


def test_barcode_keeps_leading_zeros_and_belongs_to_one_patron(make_student: Any) -> None:
    assert make_student(barcode="0001234").barcode == "0001234"
    found = problems_of(student_values(username="other", barcode="0001234"))
    assert found["barcode"] == ["Library barcode 0001234 already belongs to s00017."]
    assert problems_of(student_values(username="x", barcode=""))["barcode"] == [
        "Library barcode is required."
    ]


def test_admin_id_is_optional_but_unique_when_present(make_student: Any) -> None:
    make_student(admin_id="")
    make_student(username="b", barcode="2", admin_id="")
    make_student(username="c", barcode="3", admin_id="SIS1")
    found = problems_of(student_values(username="d", barcode="4", admin_id="SIS1"))
    assert found["admin_id"] == ["Admin system ID SIS1 already belongs to c."]


def test_password_needs_eight_characters_and_is_stored_only_as_a_hash(school: Any) -> None:
    found = problems_of(student_values(password="short"))
    assert found["password"] == ["Password is 5 characters long; it needs at least 8."]
    patron = register(student_values(password="Correct-Horse"), "tester")
    stored = Patron.get_by_id(patron.id).password_hash
    assert "Correct-Horse" not in stored and stored.startswith("scrypt$")
    assert verify_password("Correct-Horse", stored)
    assert not verify_password("correct-horse", stored)


def test_invalid_email_names_the_field_and_the_value(school: Any) -> None:
    message = problems_of(student_values(email="zoe@@example"))["email"][0]
    assert message.startswith("Primary email 'zoe@@example' is not a valid address")


@pytest.mark.parametrize("value", ["X", "male", "?"])
def test_gender_is_m_f_or_blank(school: Any, value: str) -> None:
    assert problems_of(student_values(gender=value))["gender"] == [
        f"Gender '{value}' is not allowed: use M, F or leave it blank."
    ]


def test_surname_enabled_and_staff_are_required_for_a_new_patron(school: Any) -> None:
    found = problems_of(student_values(surname="", enabled="", staff=None))
    assert found["surname"] == ["Surname is required."]
    assert found["enabled"] == ["Enabled is required for a new patron: say yes or no."]
    assert found["staff"] == ["Staff member is required for a new patron: say yes or no."]


@pytest.mark.parametrize("word", ["Y", "yes", "TRUE", "1", "n", "No", "false", "0"])
def test_yes_no_words_in_any_case(school: Any, word: str) -> None:
    patron = register(student_values(enabled=word), "tester")
    assert patron.enabled is (word.lower() in ("y", "yes", "true", "1"))


def test_other_yes_no_words_are_errors_naming_field_and_value(school: Any) -> None:
    assert problems_of(student_values(staff="maybe"))["staff"] == [
        "Staff member 'maybe' is not yes or no: use Y, yes, true or 1, or N, no, false or 0."
    ]


def test_generic_is_never_staff_and_needs_no_cohort(school: Any) -> None:
    found = problems_of(student_values(generic="yes", staff="yes"))
    assert "cannot be a staff member" in found["generic"][0]
    generic = register(
        student_values(username="cat", barcode="G1", generic="y", graduating_year=""), "t"
    )
    assert generic.generic and not generic.staff


def test_a_student_needs_a_graduating_year_or_academic_level(school: Any) -> None:
    found = problems_of(student_values(graduating_year=""))
    assert "needs a graduating year or an academic level" in found["graduating_year"][0]
    by_level = register(student_values(graduating_year="", academic_level="Year 9"), "t")
    assert by_level.academic_level == "Year 9"
    staff = register(
        student_values(username="t1", barcode="9", staff="yes", graduating_year=""), "t"
    )
    assert staff.staff


def test_references_must_exist(school: Any) -> None:
    found = problems_of(
        student_values(
            graduating_year="2040", campus="Z", presentation_group="Nope", library_group="Gone"
        )
    )
    assert 'create the cohort "Class of 2040"' in found["graduating_year"][0]
    assert found["campus"][0].startswith("Campus 'Z' does not exist")
    assert found["presentation_group"][0].startswith("Presentation group 'Nope' does not exist")
    assert found["library_group"][0].startswith("Library group 'Gone' does not exist")


def test_every_problem_of_a_record_is_reported_at_once(school: Any) -> None:
    found = problems_of(
        {"username": "", "barcode": "", "surname": "", "enabled": "x", "gender": "Q"}
    )
    assert set(found) >= {"username", "barcode", "surname", "enabled", "gender", "staff"}


def test_form_class_is_created_in_the_current_period_one_per_patron(make_student: Any) -> None:
    patron = make_student(form_class="7B")
    assert profile_of(patron)["form_class"] == "7B"
    patron = update(patron.id, {"form_class": "8A"}, patron.version, "tester")
    assert profile_of(patron)["form_class"] == "8A"
    assert FormClassMembership.select().where(FormClassMembership.patron == patron.id).count() == 1
    assert sorted(f.name for f in FormClass.select()) == ["7B", "8A"]


def test_system_groups_always_keep_library_users(make_student: Any) -> None:
    patron = make_student(system_groups="Librarian")
    assert profile_of(patron)["system_groups"] == ("Library Users", "Librarian")
    patron = update(patron.id, {"system_groups": []}, patron.version, "tester")
    assert profile_of(patron)["system_groups"] == ("Library Users",)
    found = problems_of(student_values(username="x", barcode="x", system_groups="Wizards"))
    assert "'Wizards' is not a system group" in found["system_groups"][0]


def test_until_date_must_be_a_date_in_the_stated_format(school: Any) -> None:
    found = problems_of(student_values(until_date="31/07/2027"))
    assert found["until_date"] == [
        "Until date '31/07/2027' is not a date: use YYYY-MM-DD, e.g. 2027-07-31."
    ]


def test_control_characters_and_overlong_text_are_refused(school: Any) -> None:
    found = problems_of(student_values(given_name="Zo\x00e", surname="S" * 300))
    assert found["given_name"] == ["Given name contains a control character; remove it."]
    assert found["surname"] == ["Surname is 300 characters long; at most 255 are allowed."]
