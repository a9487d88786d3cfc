"""`patrons duplicates`: the candidate groups with their reasons, as text and as JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tui.cli import main


@pytest.fixture
def near_duplicates(make_student: Any, db_path: Path) -> str:
    make_student(username="zsmyth", barcode="1", given_name="Zoe", surname="Smyth")
    make_student(username="zoe.smith", barcode="2", email="zoe@example.org")
    make_student(username="other", barcode="3", given_name="Noah")
    return str(db_path)


def test_prints_each_group_with_its_reasons_and_patrons(
    near_duplicates: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", near_duplicates, "duplicates"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "1. likelihood 60"
    assert lines[1] == "   - similar names in the same cohort: Zoe Smyth / Zoë Smith"
    assert lines[2].split() == ["zsmyth", "Zoe", "Smyth", "2030"]
    assert lines[3].split() == ["zoe.smith", "Zoë", "Smith", "2030", "zoe@example.org"]
    assert lines[-1] == "1 group of likely duplicates."


def test_json_gives_reasons_and_patrons_for_scripts(
    near_duplicates: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", near_duplicates, "duplicates", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["total"] == 1
    group = report["groups"][0]
    assert [r["kind"] for r in group["reasons"]] == ["similar_name"]
    assert [p["username"] for p in group["patrons"]] == ["zsmyth", "zoe.smith"]


def test_says_so_and_exits_1_when_there_are_none(
    make_student: Any, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_student()
    assert main(["--db", str(db_path), "duplicates"]) == 1
    assert capsys.readouterr().out == "No likely duplicates found.\n"
