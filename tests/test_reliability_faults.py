"""Faults: a killed process, a read-only file and a full disk leave the data as it was.

Each fault is real where it can be made without privileges: the process is killed with
SIGKILL in the middle of a transaction, the file is made read-only (immutable when the
tests run as root, since root ignores permissions), and a full disk is SQLite's own
"database or disk is full", reached through PRAGMA max_page_count, or /dev/full.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from store import db as dbmod
from store.startup import close_database, open_database
from tui.cli import main

HELPERS = Path(__file__).parent / "helpers"
PATRONS = str(Path(sys.executable).parent / "patrons")


def dump(db: Path) -> list[str]:
    """Every row of every table, as SQL: equal dumps mean equal databases."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return list(conn.iterdump())
    finally:
        conn.close()


@pytest.fixture
def empty_db(db_path: Path) -> Path:
    """A new database holding the schema only, closed."""
    open_database(str(db_path))
    close_database()
    return db_path


def count_patrons(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute("SELECT count(*) FROM patron").fetchone()[0])
    finally:
        conn.close()


def kill_midway(helper: str, *args: str) -> None:
    """Run a helper until it says it is in the middle of its write, then SIGKILL it."""
    process = subprocess.Popen(
        [sys.executable, str(HELPERS / helper), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "mid-write"
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL


def run_helper(helper: str, *args: str) -> str:
    """Run a helper to the end; its standard output."""
    done = subprocess.run(
        [sys.executable, str(HELPERS / helper), *args], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_a_bulk_write_killed_midway_leaves_the_database_as_before_and_can_run_again(
    empty_db: Path,
) -> None:
    before = dump(empty_db)
    kill_midway("demo_until_killed.py", str(empty_db), "300", "--pause-at", "200")
    assert dump(empty_db) == before
    count = run_helper("demo_until_killed.py", str(empty_db), "300")
    assert int(count) == count_patrons(empty_db) >= 300


def test_an_import_killed_midway_leaves_the_database_as_before_and_can_run_again(
    school: Path, db_path: Path, tmp_path: Path
) -> None:
    rows = [f"s{n},{n:07d},Student{n},yes,no,2030" for n in range(3000)]
    big = tmp_path / "students.csv"
    big.write_text("username,barcode,surname,enabled,staff,graduating_year\n" + "\n".join(rows))
    close_database()
    before = dump(db_path)
    kill_midway("import_until_killed.py", str(db_path), str(big))  # a chunk is written
    assert dump(db_path) == before
    again = subprocess.run(
        [PATRONS, "--db", str(db_path), "import", str(big), "--commit"],
        capture_output=True,
        text=True,
    )
    assert again.returncode == 0, again.stderr
    assert count_patrons(db_path) == 3000


def test_a_merge_killed_midway_leaves_the_database_as_before_and_can_run_again(
    empty_db: Path,
) -> None:
    run_helper("demo_until_killed.py", str(empty_db), "120")
    conn = sqlite3.connect(empty_db)
    ids = [str(row[0]) for row in conn.execute("SELECT id FROM patron WHERE NOT staff LIMIT 30")]
    conn.close()
    before, patrons = dump(empty_db), count_patrons(empty_db)
    kill_midway("merge_until_killed.py", str(empty_db), *ids, "--pause")
    assert dump(empty_db) == before
    run_helper("merge_until_killed.py", str(empty_db), *ids)
    assert count_patrons(empty_db) == patrons - 29


@contextmanager
def read_only(path: Path) -> Iterator[None]:
    """Make the file read-only for this process, even when it runs as root."""
    if os.geteuid() == 0:
        chattr = shutil.which("chattr")
        if chattr is None or subprocess.run([chattr, "+i", str(path)]).returncode != 0:
            pytest.skip("running as root, and this file system cannot make a file immutable")
        try:
            yield
        finally:
            subprocess.run([chattr, "-i", str(path)], check=True)
    else:
        path.chmod(0o444)
        try:
            yield
        finally:
            path.chmod(0o600)


def test_a_read_only_database_is_still_searchable_and_refuses_writes_in_a_sentence(
    db_path: Path,
) -> None:
    db = str(db_path)
    assert subprocess.run([PATRONS, "--db", db, "demo", "--patrons", "20"]).returncode == 0
    before = dump(db_path)
    with read_only(db_path):
        found = subprocess.run(
            [PATRONS, "--db", db, "search", "zoe"], capture_output=True, text=True
        )
        assert found.returncode == 0 and "zoe.smith" in found.stdout
        write = subprocess.run(
            [PATRONS, "--db", db, "demo", "--patrons", "20", "--force"],
            capture_output=True,
            text=True,
        )
    assert write.returncode == 2
    assert write.stderr == (
        "patrons: The database file is read-only. Ask IT to make it writable for you.\n"
    )
    assert dump(db_path) == before


def test_a_full_disk_stops_a_bulk_write_with_a_sentence_and_keeps_what_was_there(
    empty_db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = dump(empty_db)
    pages = sqlite3.connect(empty_db).execute("PRAGMA page_count").fetchone()[0]
    monkeypatch.setitem(dbmod.SQLITE_PRAGMAS, "max_page_count", pages + 20)
    assert main(["--db", str(empty_db), "demo", "--patrons", "300"]) == 2
    assert capsys.readouterr().err == (
        "patrons: The disk holding the database is full. Free some space and try again.\n"
    )
    assert dump(empty_db) == before
    monkeypatch.delitem(dbmod.SQLITE_PRAGMAS, "max_page_count")
    assert main(["--db", str(empty_db), "demo", "--patrons", "300"]) == 0


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_an_export_onto_a_full_disk_says_so(empty_db: Path) -> None:
    with open("/dev/full", "wb") as full:
        result = subprocess.run(
            [PATRONS, "--db", str(empty_db), "export"], stdout=full, stderr=subprocess.PIPE
        )
    assert result.returncode == 2
    assert result.stderr.decode() == (
        "patrons: The export could not be written: No space left on device.\n"
    )
