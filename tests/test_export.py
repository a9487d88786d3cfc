"""`patrons export`: CSV with the import's keys, never passwords, formulas defused, streamed."""

from __future__ import annotations

import csv
import io
import json
import stat
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from store.export import EXPORT_FIELDS, write_csv
from store.models import Patron
from store.patrons import register, update
from store.startup import close_database, open_database
from store.text import guard_formula, unguard_formula
from tests.conftest import student_values
from tui.cli import main

BOM = b"\xef\xbb\xbf"


def read_export(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    assert data.startswith(BOM), "spreadsheets need the BOM to read UTF-8"
    return list(csv.reader(io.StringIO(data[len(BOM) :].decode("utf-8"), newline="")))


def export(db: Path, *args: str) -> int:
    return main(["--db", str(db), "export", *args])


def test_export_writes_every_import_key_and_the_values_as_typed(
    make_student: Any, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_student(
        email="Zoe.Smith@Example.org",
        admin_id="SIS0042",
        gender="F",
        middle_name="Anne",
        preferred_name="Zo",
        academic_level="Year 9",
        campus="N",
        form_class="9B",
        presentation_group="Banksia",
        password="secret-pass-1",
    )
    out = tmp_path / "out.csv"
    assert export(db_path, str(out)) == 0
    assert "Exported 1 patron to" in capsys.readouterr().out
    header, row = read_export(out)
    assert header == list(EXPORT_FIELDS)
    assert "password" not in header
    assert dict(zip(header, row, strict=True)) == {
        "username": "s00017",
        "email": "Zoe.Smith@example.org",
        "barcode": "0001234",
        "admin_id": "SIS0042",
        "gender": "F",
        "given_name": "Zoë",
        "middle_name": "Anne",
        "preferred_name": "Zo",
        "surname": "Smith",
        "enabled": "yes",
        "staff": "no",
        "generic": "no",
        "graduating_year": "2030",
        "academic_level": "Year 9",
        "campus": "N",
        "form_class": "9B",
        "presentation_group": "Banksia",
    }
    assert b"scrypt" not in out.read_bytes() and b"secret-pass-1" not in out.read_bytes()


def test_the_export_file_is_readable_by_its_owner_only_and_never_overwritten_silently(
    make_student: Any, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_student()
    out = tmp_path / "out.csv"
    out.write_text("keep me")
    assert export(db_path, str(out)) == 2
    assert "already exists" in capsys.readouterr().err
    assert out.read_text() == "keep me"
    assert export(db_path, str(out), "--force") == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert len(read_export(out)) == 2


def test_formula_cells_are_defused_and_come_back_exactly(
    make_student: Any, db_path: Path, tmp_path: Path
) -> None:
    names = {
        "surname": '=HYPERLINK("http://evil","x")',
        "given_name": "+1+2",
        "middle_name": "-3",
        "preferred_name": "@SUM(A1)",
        "academic_level": "'=already quoted",
    }
    make_student(**names)
    out = tmp_path / "out.csv"
    assert export(db_path, str(out)) == 0
    header, row = read_export(out)
    cells = dict(zip(header, row, strict=True))
    for key, value in names.items():
        assert cells[key] == "'" + value
        assert unguard_formula(cells[key]) == value
    assert cells["username"] == "s00017"


@given(st.text())
def test_unguard_undoes_guard_for_any_text(text: str) -> None:
    guarded = guard_formula(text)
    assert unguard_formula(guarded) == text
    assert guarded[:1] not in ("=", "+", "-", "@", "\t", "\r")


def test_where_and_fields_choose_rows_and_columns(
    make_student: Any, db_path: Path, tmp_path: Path
) -> None:
    make_student()
    make_student(username="gone", barcode="0009", enabled="no")
    register(
        student_values(username="teacher", barcode="0010", staff="yes", graduating_year=""),
        actor="tester",
    )
    out = tmp_path / "out.csv"
    db = db_path
    assert export(db, str(out), "--where", "students", "--where", "enabled") == 0
    assert [r[0] for r in read_export(out)[1:]] == ["s00017"]
    assert export(db, str(out), "--force", "--where", "staff", "--fields", "username,staff") == 0
    assert read_export(out) == [["username", "staff"], ["teacher", "yes"]]
    assert (
        export(db, str(out), "--force", "--where", "disabled", "--fields", "barcode,username") == 0
    )
    assert read_export(out) == [["barcode", "username"], ["0009", "gone"]]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--fields", "username,password"], "Passwords are never exported"),
        (["--fields", "username,shoe_size"], "'shoe_size' is not a field that can be exported"),
        (["--fields", "email,barcode"], "--fields needs 'username'"),
        (["--fields", "username,email,email"], "The field 'email' is given twice"),
        (["--where", "enabled", "--where", "disabled"], "exclude each other"),
    ],
)
def test_a_bad_request_is_one_sentence_and_writes_nothing(
    make_student: Any,
    db_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    make_student()
    out = tmp_path / "out.csv"
    assert export(db_path, str(out), *args) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_export_to_standard_output(
    make_student: Any, db_path: Path, tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    make_student()
    assert export(db_path, "--fields", "username,barcode") == 0
    assert capsysbinary.readouterr().out == BOM + b"username,barcode\r\ns00017,0001234\r\n"


def _add_patrons(count: int, start: int) -> None:
    rows = [
        {
            "username": f"u{n}",
            "username_key": f"u{n}",
            "barcode": f"{n:08d}",
            "surname": f"Surname{n}" * 4,
            "given_name": f"Given{n}" * 4,
            "email": f"u{n}@students.example.edu",
        }
        for n in range(start, start + count)
    ]
    Patron.insert_many(rows).execute()


class Discard(io.StringIO):
    """A sink that keeps nothing, so only the export's own memory is measured."""

    def write(self, text: str) -> int:
        return len(text)


def peak_memory_of_export() -> tuple[int, int]:
    """How many patrons were exported, and the most memory the export held at once."""
    tracemalloc.start()
    try:
        count = write_csv(Discard(), list(EXPORT_FIELDS))
        return count, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_rows_are_streamed_so_memory_does_not_grow_with_the_table(
    school: Path, db_path: Path
) -> None:
    _add_patrons(300, 0)
    _, small = peak_memory_of_export()
    _add_patrons(5700, 300)
    count, large = peak_memory_of_export()
    assert count == 6000
    # Twenty times the rows: held whole, the peak would grow about twentyfold.
    assert large < 3 * small


def import_json(db: Path, path: Path, capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    main(["--db", str(db), "import", str(path), "--json", *args])
    return json.loads(capsys.readouterr().out)


def test_an_export_re_imports_as_all_unchanged_formulas_and_all(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "school.db"
    assert main(["--db", str(db), "demo", "--patrons", "60"]) == 0
    capsys.readouterr()
    open_database(str(db))
    teacher = Patron.get(Patron.staff == True)  # noqa: E712
    update(teacher.id, {"surname": "=cmd|' /C calc'!A0", "given_name": "'@x"}, teacher.version, "t")
    close_database()
    out = tmp_path / "all.csv"
    assert export(db, str(out)) == 0
    capsys.readouterr()
    assert "'=cmd|' /C calc'!A0" in out.read_text(encoding="utf-8-sig")
    report = import_json(db, out, capsys)
    assert report["counts"]["unchanged"] == report["counts"]["total"] > 60
    assert report["counts"]["invalid"] == 0
