"""A first import into an empty patron table (indexed once at the end) keeps every rule.

The first import of a district writes its patrons with the patron table's indexes set
aside and builds them once before the commit (store.importing.bulk). What a user sees
must not change: the same outcomes, taken values still refused afterwards, searches of
every length finding and counting exactly the imported patrons, undo emptying the table.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from peewee import IntegrityError

from store import search_grams
from store.errors import ValidationError
from store.importing import Hooks, ImportCancelled, ImportOptions, import_file, undo_batch
from store.models import Patron, database
from store.patrons import register
from store.search import search
from store.text import fold
from tests.conftest import student_values

HEADER = "username,barcode,admin_id,given_name,surname,email,enabled,staff,graduating_year"
GIVEN = ("Zoë", "Ann", "Émile", "Kai", "Søren", "Jo Ann")
SURNAMES = ("Smith", "Nguyễn", "O'Brien", "Lee", "Müller")
QUERIES = ("z", "e", "ø", "1", "sm", "jo", "le", "jo ann", "ngu", "smi", "müll", "b00001", "s12")


def district_file(path: Path, rows: int, *extra: str) -> Path:
    """Students with accented names, plus rows the import must refuse (and any extra)."""
    lines = [HEADER]
    for n in range(rows):
        given, surname = GIVEN[n % len(GIVEN)], SURNAMES[n % len(SURNAMES)]
        enabled, staff = "no" if n % 7 == 3 else "yes", "yes" if n % 11 == 5 else "no"
        email = f"s{n}@students.example.edu"
        lines.append(f"s{n},B{n:05d},SIS{n:05d},{given},{surname},{email},{enabled},{staff},2030")
    lines += [
        "s3,B99001,,Ann,Again,,yes,no,2030",  # username already on line 5
        "late1,B00004,,Ann,Again,,yes,no,2030",  # barcode already on line 6
        "late2,B99002,SIS00005,Ann,Again,,yes,no,2030",  # admin ID already on line 7
        "late3,B99003,,Ann,Again,not an address,yes,no,2030",  # an invalid email
        *extra,
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def patron_schema(db_path: Path) -> list[tuple[str, str, str]]:
    """The patron table's indexes and triggers as the database file defines them."""
    with sqlite3.connect(db_path) as other:
        return other.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'patron' "
            "AND type IN ('index', 'trigger') ORDER BY name"
        ).fetchall()


def schema_changes(db_path: Path) -> int:
    """SQLite's count of schema changes: it moves when indexes are dropped and created."""
    with sqlite3.connect(db_path) as other:
        return int(other.execute("PRAGMA schema_version").fetchone()[0])


def expected_page(query: str) -> tuple[int, list[int]]:
    """How many patrons contain every word of the query, and the first page's ids in
    search's order: an exact username or barcode first, then by sort key and id."""
    raw, words = query.strip(), fold(query).split()
    rows = Patron.select(
        Patron.id, Patron.username_key, Patron.barcode, Patron.sort_key, Patron.search_text
    )
    matches = [p for p in rows if all(word in p.search_text for word in words)]
    ordered = sorted(
        matches,
        key=lambda p: (raw.casefold() != p.username_key and raw != p.barcode, p.sort_key, p.id),
    )
    return len(matches), [p.id for p in ordered[:50]]


def stored_counts() -> list[tuple[str, int, str, int]]:
    """The short-query counts as stored (pending changes merged first)."""
    with database.atomic():
        search_grams.fold_changes()
    cursor = database.execute_sql(
        "SELECT gram, flags, bucket, patrons FROM search_gram WHERE patrons <> 0 "
        "ORDER BY gram, flags, bucket"
    )
    return [tuple(row) for row in cursor]


def assert_searches_match_the_patrons() -> None:
    for query in QUERIES:
        total, ids = expected_page(query)
        page = search(query)
        assert (page.total, [row.id for row in page.rows]) == (total, ids), query


@pytest.mark.sqlite_only
def test_a_first_import_leaves_every_index_and_trigger_as_it_was(
    school: Path, tmp_path: Path
) -> None:
    before, changes = patron_schema(school), schema_changes(school)
    assert len([kind for kind, _, _ in before if kind == "index"]) >= 10
    report = import_file(district_file(tmp_path / "a.csv", 120), ImportOptions(), "t", True)
    assert report.counts == {"added": 120, "updated": 0, "unchanged": 0, "invalid": 4, "total": 124}
    assert schema_changes(school) > changes  # the indexes were set aside and built again
    assert patron_schema(school) == before


@pytest.mark.sqlite_only
def test_a_first_import_beside_a_few_stored_patrons_judges_them_as_usual(
    school: Path, tmp_path: Path
) -> None:
    register(student_values(username="Keep1", barcode="K1", surname="Stays"), actor="t")
    register(student_values(username="keep2", barcode="K2", admin_id="SISK2"), actor="t")
    before, changes = patron_schema(school), schema_changes(school)
    path = district_file(
        tmp_path / "a.csv",
        60,
        "KEEP1,K1,,Zoë,Moved,,yes,no,2030",  # updates a stored patron
        "late4,K2,,Ann,Again,,yes,no,2030",  # a stored patron's barcode
        "late5,B99005,SISK2,Ann,Again,,yes,no,2030",  # a stored patron's admin ID
        "keep2,K2,SISK2,Zoë,Smith,,yes,no,2030",  # as stored
    )
    report = import_file(path, ImportOptions(), "t", True)
    assert schema_changes(school) > changes
    assert patron_schema(school) == before
    rows = {row.username: row for row in report.rows}
    assert (rows["KEEP1"].outcome, rows["KEEP1"].changes) == (
        "updated",
        {"username": ["Keep1", "KEEP1"], "surname": ["Stays", "Moved"]},
    )
    assert rows["late4"].reasons == ["Library barcode K2 already belongs to keep2."]
    assert rows["late5"].reasons == ["Admin system ID SISK2 already belongs to keep2."]
    assert rows["keep2"].outcome == "unchanged"
    assert report.counts["added"] == 60
    assert Patron.get(Patron.username_key == "keep1").version == 2
    assert_searches_match_the_patrons()
    tallied = stored_counts()
    with database.atomic():
        search_grams.rebuild()
    assert stored_counts() == tallied


def test_a_first_import_still_refuses_the_files_own_repeats(school: Path, tmp_path: Path) -> None:
    report = import_file(district_file(tmp_path / "a.csv", 12), ImportOptions(), "t", True)
    reasons = {row.username: row.reasons for row in report.rows if row.outcome == "invalid"}
    assert reasons["s3"] == [
        "Username s3 is also on line 5: a username may appear once in a file; "
        "this later row was not imported."
    ]
    assert reasons["late1"] == [
        "Library barcode B00004 is also on line 6 of this file; it can belong to one patron only."
    ]
    assert reasons["late2"] == [
        "Admin system ID SIS00005 is also on line 7 of this file; it can belong to one patron only."
    ]
    assert reasons["late3"] == [
        "Primary email 'not an address' is not a valid address: An email address must have "
        "an @-sign. Correct it or leave it blank."
    ]


def test_after_a_first_import_its_barcodes_and_usernames_are_still_taken(
    school: Path, tmp_path: Path
) -> None:
    import_file(district_file(tmp_path / "a.csv", 30), ImportOptions(), "t", True)
    with pytest.raises(ValidationError, match="Library barcode B00007 already belongs to s7"):
        register(student_values(username="new1", barcode="B00007"), actor="t")
    with pytest.raises(ValidationError, match="Username S7 already belongs to s7"):
        register(student_values(username="S7", barcode="B77777"), actor="t")
    # The unique indexes themselves are back: the database refuses a duplicate too.
    with pytest.raises(IntegrityError), database.atomic():
        Patron.update(barcode="B00008").where(Patron.username == "s9").execute()


def test_searches_find_and_count_a_first_imports_patrons_by_every_length(
    school: Path, tmp_path: Path
) -> None:
    import_file(district_file(tmp_path / "a.csv", 300), ImportOptions(), "t", True)
    assert_searches_match_the_patrons()
    assert [row.username for row in search("B00042").rows] == ["s42"]
    assert search("nguyen").total == 60


def test_a_first_imports_short_query_counts_equal_a_count_from_scratch(
    school: Path, tmp_path: Path
) -> None:
    import_file(district_file(tmp_path / "a.csv", 200), ImportOptions(), "t", True)
    tallied = stored_counts()
    assert len(tallied) > 100
    with database.atomic():
        search_grams.rebuild()
    assert stored_counts() == tallied
    assert search("s").total == 200
    assert search("s", status="disabled").total == len([n for n in range(200) if n % 7 == 3])


def test_undo_of_a_first_import_empties_the_table_and_its_searches(
    school: Path, tmp_path: Path
) -> None:
    report = import_file(district_file(tmp_path / "a.csv", 40), ImportOptions(), "t", True)
    done = undo_batch(report.batch or 0, "t", commit=True)
    assert done.counts == {"undone": 40, "refused": 0, "total": 40}
    assert Patron.select().count() == 0
    for query in QUERIES:
        assert search(query).total == 0, query
    again = import_file(district_file(tmp_path / "a.csv", 40), ImportOptions(), "t", True)
    assert again.counts["added"] == 40
    assert_searches_match_the_patrons()


@pytest.mark.sqlite_only
def test_a_cancelled_first_import_leaves_the_empty_table_fully_indexed(
    school: Path, tmp_path: Path
) -> None:
    before = patron_schema(school)
    chunks = iter(range(3))
    hooks = Hooks(cancelled=lambda: next(chunks, None) is None)
    with pytest.raises(ImportCancelled):
        import_file(district_file(tmp_path / "a.csv", 2000), ImportOptions(), "t", True, hooks)
    assert patron_schema(school) == before
    assert Patron.select().count() == 0
    assert search("ann").total == 0
