"""Search gives the same patrons in the same order on every engine, and on every path.

The store answers a query through a trigram index, a substring scan, a walk of the sort
order or a sort of the candidates, depending on the engine and on how many patrons match.
Whatever the path, the answer must be the plain definition, computed here in Python: every
folded word of the query is in the folded search text; exact username or barcode matches
first, then the sort key in code point order, then the id.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from bench.data import fill
from store import search_grams, search_index
from store.db import is_sqlite
from store.models import Patron, database
from store.patrons import delete_patron, register, update
from store.search import search
from store.text import fold

TRICKY = [
    ("obrien", "Ó'Brien", "Seán"),
    ("dquote", 'Say "Hi"', "Ana"),
    ("percent", "Hundred%", "Max"),
    ("under", "Snake_Case", "Kai"),
    ("slash", "Back\\Slash", "Eli"),
    ("strasse", "Straße", "Björn"),
    ("angstrom", "Ångström", "Léa"),
    ("zoe.smith", "Smith", "Zoë"),
    ("glob", "Star*Gaze?[x]", "Ivy"),
]
QUERIES = [
    "",
    "s",
    "z",
    "ö",
    "%",
    "_",
    "\\",
    '"',
    "'",
    "sm",
    "zo",
    "ss",
    "e@",
    "smi",
    "smith",
    "zoë smi",
    "ZOE",
    "strasse",
    "STRASSE",
    "ångs",
    "d%",
    "ke_c",
    "k\\s",
    '"hi"',
    "o'b",
    "students.example",
    "0000042",
    "zoe.smith",
    "s00",
    "qqq",
    "x y",
    "*",
    "?",
    "[",
    "]",
    "r*g",
    "e?[x",
    "[x]",
]
FILTERS = [("all", "all"), ("enabled", "all"), ("all", "staff"), ("disabled", "students")]


@pytest.fixture
def district(store: Any) -> None:
    """Three hundred generated patrons and a few whose names are hard to match."""
    fill(300, seed=7)
    for serial, (username, surname, given_name) in enumerate(TRICKY, start=1000):
        register(
            {
                "username": username,
                "barcode": f"{serial:07d}",
                "given_name": given_name,
                "surname": surname,
                "enabled": "yes",
                "staff": "no",
                "graduating_year": "2030",
            },
            actor="tester",
        )


def _expected(text: str, status: str, role: str) -> list[str]:
    raw = text.strip()
    words = fold(raw).split()
    chosen = []
    for p in Patron.select():
        if status != "all" and p.enabled != (status == "enabled"):
            continue
        if role == "staff" and not p.staff or role == "generic" and not p.generic:
            continue
        if role == "students" and (p.staff or p.generic):
            continue
        if all(word in p.search_text for word in words):
            exact = p.username_key == raw.casefold() or p.barcode == raw
            chosen.append(((not exact, p.sort_key, p.id), p.username))
    return [username for _, username in sorted(chosen)]


def _assert_definition_kept(status: str = "all", role: str = "all") -> None:
    for text in QUERIES:
        expected = _expected(text, status, role)
        everything = search(text, status, role, limit=1000)
        assert everything.total == len(expected), text
        assert [row.username for row in everything.rows] == expected, text


@pytest.mark.parametrize("status, role", FILTERS)
def test_every_query_finds_exactly_the_patrons_the_definition_says_in_order(
    district: None, status: str, role: str
) -> None:
    _assert_definition_kept(status, role)
    for text in QUERIES:
        expected = _expected(text, status, role)
        for offset in (0, 3, 40):
            page = search(text, status, role, limit=7, offset=offset)
            assert page.total == len(expected), text
            assert [row.username for row in page.rows] == expected[offset : offset + 7], text


def test_the_generated_district_holds_the_tricky_names(district: None) -> None:
    assert [row.username for row in search("strasse").rows] == ["strasse"]
    assert [row.username for row in search("hundred%").rows] == ["percent"]
    assert search("").total == 300 + len(TRICKY)


def test_a_failed_bulk_insert_leaves_the_index_kept_row_by_row(make_student: Any) -> None:
    with pytest.raises(RuntimeError), search_index.bulk_insert():
        raise RuntimeError("the file could not be read")
    make_student(surname="Findme")
    assert [row.name for row in search("findme").rows] == ["Zoë Findme"]


def test_counts_follow_edits_deletes_and_the_merging_of_pending_changes(
    district: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    patrons = list(Patron.select())
    for patron in patrons[::7]:
        update(patron.id, {"surname": "Zzyzx", "enabled": "no"}, patron.version, "tester")
    for patron in patrons[3::11]:
        delete_patron(patron.id, "tester")
    for status, role in FILTERS:
        _assert_definition_kept(status, role)
    monkeypatch.setattr(search_grams, "FOLD_AT", 1)
    search("zz")
    if is_sqlite():
        pending = database.execute_sql("SELECT count(*) FROM search_gram_change").fetchone()
        assert pending[0] == 0
    for status, role in FILTERS:
        _assert_definition_kept(status, role)


@given(text=st.text(max_size=30), word=st.text(min_size=1, max_size=2))
def test_a_short_word_is_counted_exactly_when_it_is_in_the_text(text: str, word: str) -> None:
    assume(word.split() == [word])  # a query word: no whitespace
    assert (word in search_grams.grams(text)) == (word in text)
