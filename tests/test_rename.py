"""`patrons rename`: usernames aligned with the network's sign-on, loans and contacts kept."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from store.contacts import add_contact
from store.importing import ImportOptions, import_file, undo_batch
from store.loans import lend
from store.models import Contact, Loan, Patron
from store.search import search
from store.startup import close_database
from tui.cli import main

RENAME = ImportOptions(kind="rename", fields=("username", "new_username"))


def renames(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "renames.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def outcomes(path: Path, commit: bool = False) -> list[tuple[str, list[str]]]:
    report = import_file(path, RENAME, "tester", commit)
    try:
        return [(row.outcome, row.reasons) for row in report.rows]
    finally:
        report.rows.close()


def test_every_rename_rule(make_student: Any, tmp_path: Path) -> None:
    for n in (1, 2, 3):
        make_student(username=f"s{n}", barcode=f"B{n}")
    path = renames(
        tmp_path,
        "username,new_username",
        "s1,ann.lee",
        "s2,s3",
        "ghost,g1",
        "s1,again",
        "s3,ANN.LEE",
        "s3,s3",
        "s2,has space",
    )
    rows = outcomes(path)
    assert rows[0] == ("header", [])
    assert rows[1] == ("updated", [])
    assert rows[2] == ("invalid", ["New username s3 already belongs to s3."])
    assert rows[3] == ("invalid", ["There is no patron with username ghost: check the spelling."])
    assert rows[4] == ("invalid", ["s1 is renamed on line 2 already; rename a patron once."])
    assert rows[5][1][0].startswith("New username ANN.LEE is used on line 2 of this file")
    assert rows[6] == (
        "invalid",
        [
            "s3 is renamed on line 6 already; rename a patron once.",
            "New username s3 is used on line 3 of this file; rename in two runs, or choose "
            "another.",
        ],
    )
    assert "New username 'has space' contains a space" in " ".join(rows[7][1])


def test_a_rename_keeps_loans_contacts_and_search(make_student: Any, tmp_path: Path) -> None:
    patron = make_student(username="s1", barcode="B1", surname="Muñoz")
    add_contact(patron.id, "mum@example.org", "mother", "tester")
    lend(patron.id, "BOOK1", dt.date(2026, 3, 1), dt.date(2026, 3, 15))
    report = import_file(renames(tmp_path, "s1,jose.munoz"), RENAME, "tester", commit=True)
    assert report.counts == {"added": 0, "updated": 1, "unchanged": 0, "invalid": 0, "total": 1}
    renamed = Patron.get_by_id(patron.id)
    assert (renamed.username, renamed.username_key, renamed.version) == ("jose.munoz",) * 2 + (2,)
    assert Contact.get(Contact.patron == patron.id).email == "mum@example.org"
    assert Loan.get(Loan.patron == patron.id).item_barcode == "BOOK1"
    assert [row.username for row in search("jose.mu").rows] == ["jose.munoz"]
    undo_batch(report.batch or 0, "tester", commit=True)
    assert Patron.get_by_id(patron.id).username == "s1"


def test_the_rename_command(
    make_student: Any, tmp_path: Path, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_student(username="s1", barcode="B1")
    close_database()
    path = renames(tmp_path, "s1,ann.lee", "ghost,g1")
    assert main(["--db", str(db_path), "rename", str(path), "--commit", "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["counts"] == {"added": 0, "updated": 1, "unchanged": 0, "invalid": 1, "total": 2}
    assert report["rows"][0]["changes"] == {"username": ["s1", "ann.lee"]}
    assert main(["--db", str(db_path), "search", "ann.lee"]) == 0
