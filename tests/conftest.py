"""Shared fixtures: a real database per test (SQLite, and PostgreSQL when configured)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import postgres_schemas
import pytest

from store import settings
from store.models import Patron
from store.patrons import register
from store.startup import close_database, open_database


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where this test's database file lives."""
    return tmp_path / "patrons.db"


def pytest_configure(config: pytest.Config) -> None:
    """Register the marker of tests that work on the SQLite file itself."""
    config.addinivalue_line("markers", "sqlite_only: runs on the SQLite store only")


ENGINES = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param(
        "postgresql",
        id="postgresql",
        marks=pytest.mark.skipif(
            not postgres_schemas.SERVER, reason="PATRONS_TEST_PG names no PostgreSQL server"
        ),
    ),
]


@pytest.fixture(params=ENGINES)
def store(request: pytest.FixtureRequest) -> Iterator[Path | str]:
    """An opened, empty store: a real SQLite file (yields its path), and, when
    PATRONS_TEST_PG names a server, a fresh PostgreSQL schema (yields its URL).

    A test that also asks for `db_path`, or is marked `sqlite_only`, works on the SQLite
    file itself, so it runs on SQLite only; so do snapshot tests (one picture each).
    """
    if request.param == "sqlite":
        path: Path = request.getfixturevalue("db_path")
        open_database(str(path))
        yield path
        close_database()
        return
    file_bound = "db_path" in request.fixturenames or "snap_compare" in request.fixturenames
    if file_bound or request.node.get_closest_marker("sqlite_only"):
        pytest.skip("this test works on the SQLite file itself")
    with postgres_schemas.fresh_schema() as url:
        open_database(url)
        try:
            yield url
        finally:
            close_database()


@pytest.fixture
def school(store: Path | str) -> Path | str:
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
