"""Shared fixtures: a real SQLite file per test, opened through the store's own path."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from store import settings
from store.models import Patron
from store.patrons import register
from store.startup import close_database, open_database


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where this test's database file lives."""
    return tmp_path / "patrons.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Path]:
    """An opened, empty store on a real SQLite file; yields the file's path."""
    open_database(str(db_path))
    yield db_path
    close_database()


@pytest.fixture
def school(store: Path) -> Path:
    """A store with the references a profile needs: cohorts, a current period, groups."""
    for year in (2030, 2031):
        settings.create_cohort(year)
    settings.create_period("2026", current=True)
    settings.create_campus("North Campus", "N")
    settings.create_presentation_group("Banksia")
    settings.create_library_group("Staff", max_loans=20, loan_days=28)
    return store


def student_values(**overrides: Any) -> dict[str, Any]:
    """Field values of a valid student, as a person would type them."""
    values: dict[str, Any] = {
        "username": "s00017",
        "barcode": "0001234",
        "given_name": "Zoë",
        "surname": "Smith",
        "enabled": "yes",
        "staff": "no",
        "graduating_year": "2030",
    }
    values.update(overrides)
    return values


@pytest.fixture
def make_student(school: Path) -> Any:
    """Register a valid student, with any field overridden."""

    def make(**overrides: Any) -> Patron:
        return register(student_values(**overrides), actor="tester")

    return make
