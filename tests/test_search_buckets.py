"""Short queries skip the stretches of the sort order that hold no match.

The counts of one- and two-character pieces are kept per first character of the sort key.
These tests check what a user would see if that went wrong: a page that skips a patron, a
wrong count, or an older database whose counts were not brought along.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from store import search_grams
from store.models import Patron, SchemaInfo, database
from store.patrons import update
from store.search import search
from store.startup import close_database, open_database

# The short-query counts as schema version 1 kept them: no bucket.
VERSION_1_GRAM_INDEX = [
    "CREATE TABLE search_gram (gram TEXT NOT NULL, flags INTEGER NOT NULL, "
    "patrons INTEGER NOT NULL, PRIMARY KEY (gram, flags)) WITHOUT ROWID",
    "CREATE TABLE search_gram_change (id INTEGER PRIMARY KEY, "
    "sign INTEGER NOT NULL, search_text TEXT NOT NULL, flags INTEGER NOT NULL)",
    "INSERT INTO search_gram VALUES ('zz', 4, 99)",  # stale: must not survive
]


def _usernames(text: str, **options: Any) -> list[str]:
    return [row.username for row in search(text, limit=1000, **options).rows]


def _surnames(make_student: Any, surnames: list[str]) -> None:
    for number, surname in enumerate(surnames):
        make_student(
            username=f"p{number:03d}", barcode=f"{number:07d}", surname=surname, given_name="Al"
        )


@pytest.mark.sqlite_only
def test_a_version_1_database_gets_its_counts_rebuilt_per_bucket(
    store: Path, make_student: Any
) -> None:
    _surnames(make_student, ["Smith", "Asmara", "Zed"])
    for statement in search_grams.SQLITE_GRAM_INDEX_DROP + VERSION_1_GRAM_INDEX:
        database.execute_sql(statement)
    SchemaInfo.update(version=1).execute()
    close_database()

    open_database(str(store))

    assert SchemaInfo.get().version == 2
    assert _usernames("sm") == ["p001", "p000"]  # Asmara, then Smith
    assert search("zz").total == 0
    assert search("z").total == 1


@pytest.mark.parametrize("folded", [False, True], ids=["pending", "folded"])
def test_a_page_deep_in_the_results_skips_whole_buckets_exactly(
    make_student: Any, folded: bool
) -> None:
    surnames = [f"{initial}smith" for initial in "abcdefgh"] * 3 + ["Smith", "Osmond"]
    _surnames(make_student, surnames + ["Zed"])
    if folded:
        with database.atomic():
            search_grams.fold_changes()
    everything = _usernames("sm")
    assert len(everything) == len(surnames)
    for offset in range(0, len(surnames), 5):
        page = search("sm", limit=5, offset=offset)
        assert page.total == len(surnames)
        assert [row.username for row in page.rows] == everything[offset : offset + 5]


def test_an_exact_username_first_is_not_counted_twice_when_paging(make_student: Any) -> None:
    _surnames(make_student, ["Asmith", "Bsmith", "Csmith"])
    make_student(username="sm", barcode="0000099", surname="Aasmith", given_name="Al")
    assert _usernames("sm") == ["sm", "p000", "p001", "p002"]
    pages = [[row.username for row in search("sm", limit=1, offset=n).rows] for n in range(5)]
    assert pages == [["sm"], ["p000"], ["p001"], ["p002"], []]


def test_a_renamed_patron_moves_to_the_bucket_of_its_new_surname(make_student: Any) -> None:
    _surnames(make_student, ["Asmith", "Zed"])
    zed = Patron.get(Patron.username == "p001")
    update(zed.id, {"surname": "Smyth"}, zed.version, "tester")
    second = search("sm", limit=1, offset=1)
    assert [row.username for row in second.rows] == ["p001"]
    assert search("sm", status="enabled").total == 2
    assert _usernames("ze") == []
