"""The fast paths of patron search, the same answers on SQLite and PostgreSQL.

A query is split into words; a patron matches when every word is a substring of its
folded search text. SQLite answers words of three characters or more from the FTS5
trigram index `patron_search`, PostgreSQL from the pg_trgm GIN index (LIKE '%word%');
shorter words are a plain substring test on both. Both indexes compare the folded text
exactly, so both engines find the same patrons. How a page of them is found in result
order is in store/search_pages.py.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from peewee import SQL, Expression, fn

from store import db as dbmod
from store import search_grams
from store.models import Patron, database
from store.schema import SQLITE_SEARCH_INSERT_TRIGGER

TRIGRAM = 3


def _all_of(conditions: list[Any]) -> Any:
    """The conjunction of conditions; None when there are none."""
    return functools.reduce(operator.and_, conditions) if conditions else None


def fts_phrases(words: list[str]) -> str:
    return " AND ".join('"' + word.replace('"', '""') + '"' for word in words)


def _like_pattern(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _glob_pattern(word: str) -> str:
    return "*" + "".join(f"[{ch}]" if ch in "*?[" else ch for ch in word) + "*"


def text_conditions(words: list[str], indexed: bool = True) -> list[Any]:
    """Conditions true when every word is in the search text.

    With `indexed`, words long enough for a trigram index are looked up in it; without,
    every word is a substring test, which suits walking rows in another index's order.
    """
    if dbmod.is_postgres():
        if indexed:
            return [Patron.search_text % _like_pattern(word) for word in words]
        return [fn.strpos(Patron.search_text, word) > 0 for word in words]
    long_words = [w for w in words if len(w) >= TRIGRAM] if indexed else []
    conditions: list[Any] = []
    if long_words:
        matching = SQL(
            "(SELECT rowid FROM patron_search WHERE patron_search MATCH ?)",
            [fts_phrases(long_words)],
        )
        conditions.append(Patron.id.in_(matching))
    # GLOB (case-sensitive, the text is folded already) tests a substring faster than instr.
    conditions += [
        Expression(Patron.search_text, "GLOB", _glob_pattern(word))
        for word in words
        if word not in long_words
    ]
    return conditions


@contextmanager
def bulk_insert() -> Iterator[None]:
    """Insert many patrons, then index them in one pass (SQLite's trigram index).

    Indexing row by row from the insert trigger costs about four times as much as one
    rebuild at the end; the rebuild reads the whole table, so this pays only when most of
    the table is new (a first import, a generated district). All in one transaction.
    """
    with database.atomic():
        if not dbmod.is_sqlite():
            yield
            search_grams.fold_changes()
            return
        database.execute_sql("DROP TRIGGER patron_search_ai")
        yield
        database.execute_sql("INSERT INTO patron_search(patron_search) VALUES ('rebuild')")
        database.execute_sql(SQLITE_SEARCH_INSERT_TRIGGER)
        search_grams.fold_changes()


def sql_of(conditions: list[Any]) -> tuple[str, list[Any]]:
    """The SQL of a conjunction of conditions on patron (aliased t1), and its parameters.

    The hot paths below are SQL text: peewee takes milliseconds to build a query.
    """
    where = _all_of(conditions)
    if where is None:
        return "1 = 1", []
    text, params = database.get_sql_context().sql(where).query()
    return text, list(params)


def ids_of(text: str, params: list[Any]) -> list[int]:
    """The first column of a query's rows: ids."""
    return [row[0] for row in database.execute_sql(text, params).fetchall()]


def id_list(ids: list[int]) -> str:
    """A literal list of ids for IN (...), never empty."""
    return "(" + ",".join(str(int(i)) for i in ids or [0]) + ")"


def count(filters: list[Any], words: list[str]) -> int:
    """How many patrons match the filters and every word.

    A single word of one or two characters is counted from its buckets instead
    (search_pages.find, through search_grams.counts_by_bucket).
    """
    if dbmod.is_sqlite() and words and not filters and min(map(len, words)) >= TRIGRAM:
        # The trigram index alone knows the answer: no patron row is read.
        cursor = database.execute_sql(
            "SELECT count(*) FROM patron_search WHERE patron_search MATCH ?",
            (fts_phrases(words),),
        )
        return int(cursor.fetchone()[0])
    where, params = sql_of(filters + text_conditions(words))
    cursor = database.execute_sql(f"SELECT count(*) FROM patron AS t1 WHERE {where}", params)
    return int(cursor.fetchone()[0])
