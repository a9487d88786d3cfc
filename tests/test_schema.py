"""Opening databases: the schema version, pragmas, permissions and clear refusals."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from store.errors import DatabaseUnavailable, SchemaTooNew
from store.models import SchemaInfo, database
from store.schema import CURRENT_VERSION
from store.startup import close_database, open_database


@pytest.mark.sqlite_only
def test_a_new_database_is_at_the_current_version_with_sqlite_pragmas(store: Path) -> None:
    assert SchemaInfo.get().version == CURRENT_VERSION
    assert database.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert database.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert database.execute_sql("PRAGMA busy_timeout").fetchone()[0] == 5000


@pytest.mark.sqlite_only
def test_a_new_database_file_is_readable_by_its_owner_only(store: Path) -> None:
    assert stat.S_IMODE(store.stat().st_mode) == 0o600


def test_a_database_from_a_newer_program_is_refused(store: Path) -> None:
    SchemaInfo.update(version=CURRENT_VERSION + 1).execute()
    close_database()
    with pytest.raises(SchemaTooNew) as caught:
        open_database(str(store))
    assert f"schema version {CURRENT_VERSION + 1}" in str(caught.value)
    assert "Upgrade Patrons" in str(caught.value)


def test_reopening_keeps_the_data(store: Path) -> None:
    from store.settings import create_cohort

    create_cohort(2031)
    close_database()
    open_database(str(store))
    from store.models import Cohort

    assert [c.year for c in Cohort.select()] == [2031]


def test_a_file_that_is_not_a_database_gets_a_sentence(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_text("these are not the tables you are looking for\n" * 100)
    with pytest.raises(DatabaseUnavailable, match="not a Patrons database"):
        open_database(str(bogus))


def test_a_missing_database_is_refused_when_not_creating(tmp_path: Path) -> None:
    with pytest.raises(DatabaseUnavailable, match="There is no database at"):
        open_database(str(tmp_path / "missing.db"), create=False)
