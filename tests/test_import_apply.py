"""Applying imports: one transaction, nothing on preview or crash, batches, undo, field orders."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from store import patrons
from store.errors import StoreError
from store.importing import (
    FileChanged,
    Hooks,
    ImportCancelled,
    ImportOptions,
    RowResult,
    UsageError,
    apply_import,
    field_order,
    import_file,
    list_batches,
    plan_import,
    save_field_order,
    undo_batch,
)
from store.models import ImportBatch, Patron
from store.profiles import profile_of

HEADER = "username,barcode,given_name,surname,enabled,staff,graduating_year,form_class"


def dump(db_path: Path) -> list[str]:
    """Every row of every table, as another connection sees the committed database."""
    with sqlite3.connect(db_path) as other:
        return list(other.iterdump())


def students(tmp_path: Path, count: int, given: str = "Ann") -> Path:
    path = tmp_path / "students.csv"
    lines = [HEADER] + [
        f"s{n},B{n:06d},{given},Lee{n},yes,no,2030,7{'AB'[n % 2]}" for n in range(count)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.sqlite_only
def test_a_preview_writes_nothing(school: Path, tmp_path: Path) -> None:
    before = dump(school)
    report = plan_import(students(tmp_path, 20), ImportOptions())
    assert report.counts["added"] == 20
    assert dump(school) == before


def test_a_crash_in_the_middle_leaves_the_database_exactly_as_before(
    make_student: Any, tmp_path: Path, db_path: Path
) -> None:
    make_student(username="s3", barcode="B000003", given_name="Old")
    before = dump(db_path)

    def crash(row: RowResult) -> None:
        if row.line == 1200:
            raise OSError("disk unplugged")

    with pytest.raises(OSError):
        import_file(students(tmp_path, 1500), ImportOptions(), "tester", True, Hooks(on_row=crash))
    assert dump(db_path) == before
    assert ImportBatch.select().count() == 0


@pytest.mark.sqlite_only
def test_cancelling_writes_nothing(school: Path, tmp_path: Path) -> None:
    before = dump(school)
    seen: list[int] = []
    hooks = Hooks(progress=lambda line, lines: seen.append(line), cancelled=lambda: bool(seen))
    with pytest.raises(ImportCancelled):
        import_file(students(tmp_path, 1200), ImportOptions(), "tester", True, hooks)
    assert seen == [501]
    assert dump(school) == before


def test_apply_writes_what_the_preview_showed_and_records_a_batch(
    school: Path, tmp_path: Path
) -> None:
    path = students(tmp_path, 30)
    preview = plan_import(path, ImportOptions())
    report = apply_import(preview, "tester")
    assert report.committed and report.rejudged == []
    assert [r.outcome for r in report.rows] == [r.outcome for r in preview.rows]
    assert Patron.select().count() == 30
    [batch] = list_batches()
    assert (batch.id, batch.actor, batch.file_name) == (report.batch, "tester", "students.csv")
    assert batch.counts == {"added": 30, "updated": 0, "unchanged": 0, "invalid": 0, "total": 30}


def test_rows_the_database_changed_under_are_judged_again(
    make_student: Any, tmp_path: Path
) -> None:
    path = students(tmp_path, 3)
    preview = plan_import(path, ImportOptions())
    make_student(username="other", barcode="B000001")  # takes row 3's barcode meanwhile
    report = apply_import(preview, "tester")
    rows = {row.line: row for row in report.rows}
    assert rows[3].outcome == "invalid"
    assert rows[3].reasons == ["Library barcode B000001 already belongs to other."]
    assert report.rejudged == [3]
    assert Patron.get_or_none(Patron.username == "s1") is None


def test_a_file_changed_since_the_preview_is_refused(school: Path, tmp_path: Path) -> None:
    path = students(tmp_path, 3)
    preview = plan_import(path, ImportOptions())
    students(tmp_path, 4)
    with pytest.raises(FileChanged, match="preview it again"):
        apply_import(preview, "tester")
    assert Patron.select().count() == 0


def test_undo_removes_added_and_restores_updated_patrons(
    make_student: Any, tmp_path: Path, db_path: Path
) -> None:
    make_student(username="s1", barcode="B000001", given_name="Old", form_class="7C")
    before = profile_of(Patron.get(Patron.username == "s1"))
    report = import_file(students(tmp_path, 3), ImportOptions(), "tester", True)
    preview = undo_batch(report.batch or 0, "tester", commit=False)
    assert preview.counts == {"undone": 3, "refused": 0, "total": 3}
    assert Patron.select().count() == 3
    done = undo_batch(report.batch or 0, "tester", commit=True)
    assert done.counts == {"undone": 3, "refused": 0, "total": 3}
    assert [p.username for p in Patron.select()] == ["s1"]
    assert profile_of(Patron.get(Patron.username == "s1")) == before
    restored = next(row for row in done.rows if row.outcome == "restored")
    assert restored.changes == {
        "given_name": ["Ann", "Old"],
        "surname": ["Lee1", "Smith"],
        "form_class": ["7B", "7C"],
    }
    with pytest.raises(StoreError, match="undone already"):
        undo_batch(report.batch or 0, "tester", commit=True)


def test_undo_refuses_patrons_changed_since_and_undoes_the_rest(
    school: Path, tmp_path: Path
) -> None:
    report = import_file(students(tmp_path, 2), ImportOptions(), "tester", True)
    s1 = Patron.get(Patron.username == "s1")
    patrons.update(s1.id, {"given_name": "Changed"}, s1.version, "librarian")
    undo = undo_batch(report.batch or 0, "tester", commit=True)
    refused = [row for row in undo.rows if row.outcome == "refused"]
    assert [row.username for row in refused] == ["s1"]
    assert "was changed again after the import (by librarian" in refused[0].reasons[0]
    assert [p.username for p in Patron.select()] == ["s1"]
    assert ImportBatch.get_by_id(report.batch).undone_at is None


def test_field_orders_are_saved_and_reused(school: Path, tmp_path: Path) -> None:
    save_field_order("SIS students", "users", HEADER.split(","))
    fields = field_order("SIS students", "users")
    path = tmp_path / "sis.csv"
    path.write_text("s1,B1,Ann,Lee,yes,no,2030,7A\n", encoding="utf-8")
    report = import_file(path, ImportOptions(fields=fields), "tester", True)
    assert report.counts["added"] == 1
    with pytest.raises(UsageError, match="saved: 'SIS students'"):
        field_order("SIS staff", "users")


def test_applying_judges_later_chunks_exactly_as_the_preview_did(
    make_student: Any, tmp_path: Path
) -> None:
    make_student(username="moving", barcode="OLD1")
    path = students(tmp_path, 700)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(1, "moving,NEW1,Ann,Lee,yes,no,2030,7A")
    lines.append("late,OLD1,Bob,Lee,yes,no,2030,7A")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    preview = plan_import(path, ImportOptions())
    report = apply_import(preview, "tester")
    last = list(report.rows)[-1]
    assert (last.outcome, last.reasons) == (
        "invalid",
        ["Library barcode OLD1 already belongs to moving."],
    )
    assert report.rejudged == []
    assert Patron.get(Patron.username == "moving").barcode == "NEW1"
