"""`patrons group`: create, add, add --from FILE, remove, list, and the exit statuses."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from store.startup import close_database
from tui.cli import main

PATRONS = str(Path(sys.executable).parent / "patrons")


@pytest.fixture
def db(make_student: Any, db_path: Path) -> str:
    """A school with teachers ada, bea and cal (cal in Students) and student dan."""
    from store import settings

    settings.create_library_group("Students")
    make_student(username="ada", barcode="S1", surname="Ada", staff="yes")
    make_student(username="bea", barcode="S2", surname="Bea", staff="yes")
    make_student(username="cal", barcode="S3", surname="Cal", staff="yes", library_group="Students")
    make_student(username="dan", barcode="P1", surname="Dan")
    close_database()
    return str(db_path)


def group(db: str, *args: str) -> int:
    return main(["--db", db, "group", *args])


def members(db: str, name: str, capsys: pytest.CaptureFixture[str]) -> list[str]:
    capsys.readouterr()
    assert group(db, "list", name, "--json") == 0
    return [row["username"] for row in json.loads(capsys.readouterr().out)]


def test_create_a_group_with_its_rights(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        group(db, "create", "Visitors", "--max-loans", "2", "--loan-days", "7", "--no-reserve") == 0
    )
    assert (
        capsys.readouterr().out
        == "Created library group Visitors: 2 loans, 7 days, may not reserve.\n"
    )
    assert group(db, "create", "visitors") == 2
    assert capsys.readouterr().err == ("patrons: A library group named visitors already exists.\n")
    assert group(db, "create", "Guests", "--loan-days", "soon") == 2
    assert "Loan days 'soon' is not a whole number from 1 to 3650" in capsys.readouterr().err


def test_add_reports_moves_and_applies_all(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert group(db, "add", "staff", "ADA", "cal") == 0
    out = capsys.readouterr().out
    assert out.splitlines() == [
        "cal moves from Students to Staff.",
        "1 patron joins Staff. 1 patron moves to Staff from another library group "
        "(1 from Students): a patron belongs to one library group only.",
    ]
    assert members(db, "Staff", capsys) == ["ada", "cal"]
    assert members(db, "Students", capsys) == []


def test_unknown_usernames_are_reported_and_the_rest_applied(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert group(db, "add", "Staff", "ada", "zed", "yan") == 1
    captured = capsys.readouterr()
    assert captured.err == "patrons: unknown usernames, not applied: zed, yan\n"
    assert members(db, "Staff", capsys) == ["ada"]


def test_nothing_could_be_done_exits_2(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert group(db, "add", "Staff", "zed") == 2
    assert "None of the usernames is known; Staff was not changed." in capsys.readouterr().err
    assert group(db, "add", "Teachers", "ada") == 2
    assert capsys.readouterr().err == (
        "patrons: There is no library group 'Teachers' (there are: Staff, Students). "
        "Create it first with 'patrons group create NAME'.\n"
    )
    assert group(db, "add", "Staff") == 2
    assert "Name at least one username" in capsys.readouterr().err
    assert group(db, "add", "Staff", "--from", str(Path(db).parent / "missing.txt")) == 2
    assert "missing.txt: No such file or directory. Nothing was changed." in capsys.readouterr().err
    assert members(db, "Staff", capsys) == []


def test_add_from_a_file_of_usernames(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    names = tmp_path / "staff.txt"
    names.write_text("# all teachers\nada\n\n  bea  \nnobody\n", encoding="utf-8")
    assert group(db, "add", "Staff", "--from", str(names)) == 1
    assert members(db, "Staff", capsys) == ["ada", "bea"]


def test_dry_run_saves_nothing(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert group(db, "add", "Staff", "ada", "--dry-run") == 0
    assert capsys.readouterr().out == "1 patron joins Staff.\nDry run: nothing was saved.\n"
    assert members(db, "Staff", capsys) == []


def test_remove_takes_members_out(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    group(db, "add", "Staff", "ada", "bea")
    capsys.readouterr()
    assert group(db, "remove", "Staff", "ada", "dan") == 0
    assert capsys.readouterr().out == (
        "1 patron leaves Staff.\n1 of the patrons named was not in Staff.\n"
    )
    assert members(db, "Staff", capsys) == ["bea"]


def test_list_shows_groups_and_members_as_text(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    group(db, "add", "Staff", "ada")
    capsys.readouterr()
    assert group(db, "list") == 0
    assert capsys.readouterr().out == (
        "Staff: 1 member; 20 loans, 28 days, may reserve\n"
        "Students: 1 member; 5 loans, 14 days, may reserve\n"
    )
    assert group(db, "list", "Staff") == 0
    assert capsys.readouterr().out.splitlines()[-1] == "1 member."


def test_the_installed_command_reads_usernames_from_stdin(db: str) -> None:
    result = subprocess.run(
        [PATRONS, "--db", db, "group", "add", "Staff", "--from", "-"],
        input="ada\nbea\n",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "2 patrons join Staff.\n"


def test_usernames_that_are_not_valid_text_are_unknown(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert group(db, "add", "Staff", "ada", "b\udcffd") == 1
    assert capsys.readouterr().err == "patrons: unknown usernames, not applied: b\\udcffd\n"
    assert members(db, "Staff", capsys) == ["ada"]
    assert group(db, "create", "Bad\udcffname") == 2
    assert "holds bytes that are not valid text" in capsys.readouterr().err
