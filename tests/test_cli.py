"""The `patrons` command: its subcommands, output and clear errors with exit statuses."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from store.models import SchemaInfo
from store.schema import CURRENT_VERSION
from store.startup import close_database, open_database
from tui.cli import main

PATRONS = str(Path(sys.executable).parent / "patrons")


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PATRONS, *args], input=stdin, capture_output=True, text=True, timeout=120
    )


def test_admin_create_reads_the_password_from_stdin(tmp_path: Path) -> None:
    db = str(tmp_path / "p.db")
    result = run("--db", db, "admin", "create", "head", "--password-stdin", stdin="long-enough\n")
    assert result.returncode == 0, result.stderr
    assert "Created System Administrator head" in result.stdout
    again = run("--db", db, "admin", "create", "HEAD", "--password-stdin", stdin="long-enough\n")
    assert again.returncode == 2
    assert again.stderr.strip() == "patrons: Username HEAD already belongs to head."


def test_admin_create_refuses_a_short_password(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("short\n"))
    status = main(["--db", str(tmp_path / "p.db"), "admin", "create", "x", "--password-stdin"])
    assert status == 2
    assert "Password is 5 characters long; it needs at least 8." in capsys.readouterr().err


def test_demo_then_search_finds_patrons_in_text_and_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "p.db")
    assert main(["--db", db, "demo", "--patrons", "40"]) == 0
    capsys.readouterr()
    assert main(["--db", db, "search", "zoe smith"]) == 0
    out = capsys.readouterr().out
    assert "zoe.smith" in out and "found" in out
    assert main(["--db", db, "search", "munoz", "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert {"jmunoz", "jose.munoz"} <= {p["username"] for p in found["patrons"]}
    assert main(["--db", db, "search", "no-such-person-anywhere"]) == 1


def test_demo_refuses_a_database_with_patrons_unless_forced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "p.db")
    assert main(["--db", db, "demo", "--patrons", "20"]) == 0
    assert main(["--db", db, "demo", "--patrons", "20"]) == 2
    assert "already holds patrons" in capsys.readouterr().err
    assert main(["--db", db, "demo", "--patrons", "20", "--force"]) == 0


def test_search_on_a_missing_database_says_so(tmp_path: Path) -> None:
    result = run("--db", str(tmp_path / "nothing.db"), "search", "x")
    assert result.returncode == 2
    assert result.stderr.startswith("patrons: There is no database at")
    assert "Traceback" not in result.stderr


def test_a_newer_schema_is_refused_by_every_command(tmp_path: Path) -> None:
    db = str(tmp_path / "p.db")
    open_database(db)
    SchemaInfo.update(version=CURRENT_VERSION + 1).execute()
    close_database()
    result = run("--db", db, "search", "x")
    assert result.returncode == 2
    assert "written by a newer Patrons" in result.stderr


def test_bad_arguments_get_one_line_and_status_2(tmp_path: Path) -> None:
    result = run("--db", str(tmp_path / "p.db"), "search")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "the following arguments are required: text" in result.stderr
    assert run("no-such-command").returncode == 2


@pytest.mark.parametrize("command", [["search", "x"], ["duplicates"]])
def test_a_limit_below_one_is_refused_naming_the_value(tmp_path: Path, command: list[str]) -> None:
    result = run("--db", str(tmp_path / "p.db"), *command, "--limit", "0")
    assert result.returncode == 2
    assert "argument --limit: '0' is not a whole number of 1 or more" in result.stderr


@pytest.mark.parametrize("command", [[], ["admin", "create"], ["search"], ["demo"]])
def test_every_command_has_help(command: list[str]) -> None:
    result = run(*command, "--help")
    assert result.returncode == 0
    assert result.stdout.startswith("usage: patrons")


def test_patrons_db_and_the_default_data_directory_are_used(tmp_path: Path) -> None:
    import os

    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data")}
    env.pop("PATRONS_DB", None)
    made = subprocess.run(
        [PATRONS, "admin", "create", "head", "--password-stdin"],
        input="long-enough\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "data" / "patrons" / "patrons.db").exists()
    env["PATRONS_DB"] = str(tmp_path / "data" / "patrons" / "patrons.db")
    env["XDG_DATA_HOME"] = str(tmp_path / "elsewhere")
    found = subprocess.run(
        [PATRONS, "search", "head"], capture_output=True, text=True, env=env, timeout=120
    )
    assert found.returncode == 0 and "head" in found.stdout
