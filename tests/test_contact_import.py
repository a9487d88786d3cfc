"""`patrons contacts`: parents' and guardians' addresses added to patrons by username."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from store.importing import ImportOptions, import_file, undo_batch
from store.models import Contact
from store.startup import close_database
from tui.cli import main

CONTACTS = ImportOptions(kind="contacts")
HEADER = "Username,Email,Relationship,Name"


def contacts(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "contacts.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_contacts_are_added_once_and_updated(make_student: Any, tmp_path: Path) -> None:
    student = make_student(username="s1")
    path = contacts(
        tmp_path,
        HEADER,
        "s1,mum@Example.ORG,mother,Jo Lee",
        "ghost,dad@example.org,father,",
        "s1,not-an-email,,",
        "s1,mum@example.org,guardian,",
    )
    report = import_file(path, CONTACTS, "tester", commit=True)
    rows = list(report.rows)
    assert report.counts == {"added": 1, "updated": 0, "unchanged": 0, "invalid": 3, "total": 4}
    assert rows[2].reasons == ["There is no patron with username ghost: import the patron first."]
    assert "Contact email 'not-an-email' is not a valid address" in rows[3].reasons[0]
    assert rows[4].reasons == ["Contact mum@example.org of s1 is also on line 2; give it once."]
    again = import_file(path, CONTACTS, "tester", commit=True)
    assert again.counts["unchanged"] == 1
    assert Contact.select().where(Contact.patron == student.id).count() == 1
    changed = contacts(tmp_path, HEADER, "s1,mum@example.org,guardian,")
    report = import_file(changed, CONTACTS, "tester", commit=True)
    assert list(report.rows)[1].changes == {"contact relationship": ["mother", "guardian"]}
    undo_batch(report.batch or 0, "tester", commit=True)
    assert Contact.get(Contact.patron == student.id).relationship == "mother"


def test_undo_removes_imported_contacts(make_student: Any, tmp_path: Path) -> None:
    make_student(username="s1")
    report = import_file(
        contacts(tmp_path, HEADER, "s1,mum@example.org,mother,"), CONTACTS, "tester", commit=True
    )
    undo = undo_batch(report.batch or 0, "tester", commit=True)
    assert undo.counts == {"undone": 1, "refused": 0, "total": 1}
    assert Contact.select().count() == 0


def test_the_contacts_command(
    make_student: Any, tmp_path: Path, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_student(username="s1")
    close_database()
    path = contacts(tmp_path, "s1;mum@example.org;mother;Jo Lee", "ghost;x@example.org;;")
    args = [
        "--db",
        str(db_path),
        "contacts",
        str(path),
        "--fields",
        "username,email,relationship,name",
        "--json",
    ]
    assert main([*args, "--commit"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["counts"] == {"added": 1, "updated": 0, "unchanged": 0, "invalid": 1, "total": 2}
    assert main(args) == 1
    assert json.loads(capsys.readouterr().out)["counts"]["unchanged"] == 1
