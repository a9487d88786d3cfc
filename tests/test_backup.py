"""`patrons backup` and `patrons restore`: owner-only, consistent, checked and atomic."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from store.models import Patron
from store.schema import CURRENT_VERSION
from store.startup import close_database, open_database
from tui.cli import main


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def usernames(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return [r[0] for r in conn.execute("SELECT username FROM patron ORDER BY username")]
    finally:
        conn.close()


def leftovers(folder: Path) -> list[str]:
    """Temporary files a backup or restore left behind (there must be none)."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.fixture
def one_patron(make_student: Any, db_path: Path) -> Iterator[Path]:
    """A database file holding one patron, closed so commands see it as others would."""
    make_student()
    close_database()
    yield db_path


def test_a_new_database_and_its_side_files_are_owner_only_whatever_the_umask(
    tmp_path: Path,
) -> None:
    previous = os.umask(0)
    try:
        open_database(str(tmp_path / "fresh.db"))
        Patron.select().count()
    finally:
        os.umask(previous)
    try:
        for name in ("fresh.db", "fresh.db-wal", "fresh.db-shm"):
            assert mode_of(tmp_path / name) == 0o600, name
    finally:
        close_database()


def test_backup_then_restore_brings_back_exactly_what_was_saved(
    one_patron: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = tmp_path / "monday.db"
    assert main(["--db", str(one_patron), "backup", str(backup)]) == 0
    said = capsys.readouterr().out
    version = f"schema version {CURRENT_VERSION}"
    assert f"Wrote {backup}: 1 patrons, {version}, readable by you only." in said
    assert mode_of(backup) == 0o600
    assert not Path(f"{backup}-wal").exists(), "a backup is one self-contained file"
    assert usernames(backup) == ["s00017"]

    conn = sqlite3.connect(one_patron)
    conn.execute("UPDATE patron SET username = 'changed'")
    conn.commit()
    conn.close()
    assert main(["--db", str(one_patron), "restore", str(backup), "--force"]) == 0
    assert "replacing the database that was there" in capsys.readouterr().out
    assert usernames(one_patron) == ["s00017"]
    assert mode_of(one_patron) == 0o600
    assert leftovers(tmp_path) == []


def test_backup_is_consistent_while_another_operator_is_writing(
    one_patron: Path, tmp_path: Path
) -> None:
    writer = sqlite3.connect(one_patron, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE patron SET surname = 'Half-saved'")
    try:
        assert main(["--db", str(one_patron), "backup", str(tmp_path / "b.db")]) == 0
    finally:
        writer.execute("COMMIT")
        writer.close()
    conn = sqlite3.connect(tmp_path / "b.db")
    assert conn.execute("SELECT surname FROM patron").fetchall() == [("Smith",)]
    conn.close()


def test_backup_never_overwrites_without_force_nor_onto_the_database(
    one_patron: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    existing = tmp_path / "old.db"
    existing.write_text("keep me")
    assert main(["--db", str(one_patron), "backup", str(existing)]) == 2
    assert "already exists; name a new file, or add --force" in capsys.readouterr().err
    assert existing.read_text() == "keep me"
    assert main(["--db", str(one_patron), "backup", str(one_patron), "--force"]) == 2
    assert "is the database itself" in capsys.readouterr().err
    assert main(["--db", str(one_patron), "backup", str(tmp_path / "no" / "b.db")]) == 2
    assert "The folder" in capsys.readouterr().err
    assert main(["--db", str(one_patron), "backup", str(existing), "--force"]) == 0
    assert usernames(existing) == ["s00017"] and mode_of(existing) == 0o600
    assert leftovers(tmp_path) == []


def test_restore_refuses_to_replace_a_database_without_force(
    one_patron: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = tmp_path / "b.db"
    assert main(["--db", str(one_patron), "backup", str(backup)]) == 0
    before = one_patron.read_bytes()
    assert main(["--db", str(one_patron), "restore", str(backup)]) == 2
    assert "already holds a database; restoring would replace it" in capsys.readouterr().err
    assert one_patron.read_bytes() == before


def _not_sqlite(path: Path) -> None:
    path.write_text("username,barcode\nzoe,1\n")


def _other_sqlite(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.close()


def _too_new(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE schema_info (id INTEGER PRIMARY KEY, version INTEGER)")
    conn.execute("CREATE TABLE patron (id INTEGER PRIMARY KEY)")
    conn.execute("INSERT INTO schema_info (version) VALUES (99)")
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (_not_sqlite, "is not a Patrons database"),
        (_other_sqlite, "is not a Patrons database"),
        (
            _too_new,
            f"is at schema version 99; this program understands versions 1 to {CURRENT_VERSION}",
        ),
    ],
)
def test_restore_checks_the_file_first_and_changes_nothing_when_it_is_wrong(
    one_patron: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], spoil: Any, message: str
) -> None:
    bad = tmp_path / "bad.db"
    spoil(bad)
    before = one_patron.read_bytes()
    assert main(["--db", str(one_patron), "restore", str(bad), "--force"]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert one_patron.read_bytes() == before
    assert leftovers(tmp_path) == []


def test_restore_refuses_a_damaged_backup(
    one_patron: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = tmp_path / "b.db"
    assert main(["--db", str(one_patron), "backup", str(backup)]) == 0
    data = bytearray(backup.read_bytes())
    page = 4096
    data[page + 8 : 2 * page] = b"\xff" * (page - 8)  # wreck the second page's cells
    backup.write_bytes(bytes(data))
    before = one_patron.read_bytes()
    assert main(["--db", str(one_patron), "restore", str(backup), "--force"]) == 2
    err = capsys.readouterr().err
    assert "b.db" in err and ("damaged" in err or "not a Patrons database" in err)
    assert one_patron.read_bytes() == before


def test_restore_refuses_while_another_operator_has_the_database_open(
    one_patron: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = tmp_path / "b.db"
    assert main(["--db", str(one_patron), "backup", str(backup)]) == 0
    other = sqlite3.connect(one_patron)
    other.execute("SELECT count(*) FROM patron").fetchone()
    try:
        assert main(["--db", str(one_patron), "restore", str(backup), "--force"]) == 2
    finally:
        other.close()
    assert "is in use by another Patrons; ask everyone to close it" in capsys.readouterr().err
    assert usernames(one_patron) == ["s00017"]
    assert leftovers(tmp_path) == []


def test_restore_mends_a_damaged_database_and_ignores_its_stale_log(
    one_patron: Path, tmp_path: Path
) -> None:
    backup = tmp_path / "b.db"
    assert main(["--db", str(one_patron), "backup", str(backup)]) == 0
    one_patron.write_bytes(b"\x00garbage" * 1000)
    Path(f"{one_patron}-wal").write_bytes(b"stale log of the damaged file" * 100)
    assert main(["--db", str(one_patron), "search", "smith"]) == 2
    assert main(["--db", str(one_patron), "restore", str(backup), "--force"]) == 0
    assert not Path(f"{one_patron}-wal").exists()
    assert main(["--db", str(one_patron), "search", "smith"]) == 0


def test_restore_into_a_new_place_needs_no_force(
    one_patron: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = tmp_path / "b.db"
    assert main(["--db", str(one_patron), "backup", str(backup)]) == 0
    fresh = tmp_path / "elsewhere" / "patrons.db"
    assert main(["--db", str(fresh), "restore", str(backup)]) == 0
    assert "(a new database): 1 patrons" in capsys.readouterr().out
    assert usernames(fresh) == ["s00017"] and mode_of(fresh) == 0o600


def test_restore_of_a_missing_file_and_postgresql_say_what_to_do(
    one_patron: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(one_patron), "restore", str(tmp_path / "nope.db")]) == 2
    assert "There is no backup file" in capsys.readouterr().err
    url = "postgresql://library@db.example.org/patrons"
    assert main(["--db", url, "restore", str(tmp_path / "nope.db")]) == 2
    assert "back it up with pg_dump and restore it with pg_restore" in capsys.readouterr().err
