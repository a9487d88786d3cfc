"""Academic periods (exactly one current) and the form classes of a period."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from store import settings
from store.audit import history
from store.errors import DeleteRefused, ValidationError
from store.models import AcademicPeriod, FormClass, FormClassMembership
from store.patrons import get_patron
from store.profiles import profile_of


def period(name: str) -> AcademicPeriod:
    return AcademicPeriod.get(AcademicPeriod.name == name)


def current_names() -> list[str]:
    return [i.name for i in settings.list_periods() if i.detail.startswith("current")]


def test_the_first_period_becomes_current_and_later_ones_do_not(store: Path) -> None:
    settings.create_period("2026")
    settings.create_period("2027")
    assert current_names() == ["2026"]


def test_switching_the_current_period_keeps_exactly_one(make_student: Any) -> None:
    patron = make_student(form_class="7B")
    next_year = settings.create_period("2027")
    settings.set_current_period(next_year.id)
    assert current_names() == ["2027"]
    assert profile_of(get_patron(patron.id))["form_class"] is None
    settings.set_current_period(period("2026").id)
    assert profile_of(get_patron(patron.id))["form_class"] == "7B"


def test_period_names_are_required_and_unique(school: Path) -> None:
    with pytest.raises(ValidationError, match="The academic period 2026 already exists."):
        settings.create_period(" 2026 ")
    with pytest.raises(ValidationError, match="Academic period is required"):
        settings.create_period("")
    settings.rename_period(period("2026").id, "2026 school year")
    assert [i.name for i in settings.list_periods()] == ["2026 school year"]


def test_the_current_period_cannot_be_removed(school: Path) -> None:
    with pytest.raises(DeleteRefused) as exc:
        settings.remove_period(period("2026").id)
    assert str(exc.value) == (
        "2026 is the current academic period: make another period current first."
    )


def test_a_past_period_with_members_is_removed_only_when_confirmed(make_student: Any) -> None:
    make_student(form_class="7B")
    settings.set_current_period(settings.create_period("2027").id)
    past = period("2026")
    with pytest.raises(DeleteRefused) as exc:
        settings.remove_period(past.id)
    assert str(exc.value).startswith(
        "The academic period 2026 is used by 1 patron: they are in its 1 form class."
    )
    assert settings.remove_period(past.id, with_form_classes=True) == "2026"
    assert FormClass.select().count() == 0
    assert FormClassMembership.select().count() == 0


def test_form_classes_of_a_period_add_rename(make_student: Any) -> None:
    patron = make_student(form_class="7B")
    current = period("2026")
    settings.create_form_class(current.id, "8A")
    with pytest.raises(ValidationError, match="The form class 7b already exists in this period."):
        settings.create_form_class(current.id, "7b")
    seven_b = FormClass.get(FormClass.name == "7B")
    settings.rename_form_class(seven_b.id, "7 Blue")
    assert profile_of(get_patron(patron.id))["form_class"] == "7 Blue"
    assert [(i.name, i.patrons) for i in settings.list_form_classes(current.id)] == [
        ("7 Blue", 1),
        ("8A", 0),
    ]


def test_removing_a_form_class_in_use_moves_patrons_within_its_period(make_student: Any) -> None:
    patron = make_student(form_class="7B")
    current = period("2026")
    seven_b = FormClass.get(FormClass.name == "7B")
    with pytest.raises(DeleteRefused, match="The form class 7B is used by 1 patron"):
        settings.remove_form_class(seven_b.id, "tester")
    other_year = settings.create_period("2027")
    elsewhere = settings.create_form_class(other_year.id, "7C")
    with pytest.raises(DeleteRefused, match="same period"):
        settings.remove_form_class(seven_b.id, "tester", move_to=elsewhere.id)
    eight_a = settings.create_form_class(current.id, "8A")
    settings.remove_form_class(seven_b.id, "tester", move_to=eight_a.id)
    assert profile_of(get_patron(patron.id))["form_class"] == "8A"
    assert history(patron.id)[0].changes == {"form_class": ["7B", "8A"]}
