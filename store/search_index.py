"""The fast paths of patron search, the same answers on SQLite and PostgreSQL.

A query is split into words; a patron matches when every word is a substring of its
folded search text. SQLite answers words of three characters or more from the FTS5
trigram index `patron_search`, PostgreSQL from the pg_trgm GIN index (LIKE '%word%');
shorter words are a plain substring test on both. Both indexes compare the folded text
exactly, so both engines find the same patrons.

Order: exact username or barcode matches first, then the sort key in code point order
(SQLite's BINARY, PostgreSQL's "C" collation), then the id. A page is found without sorting
every match: the exact matches come from the unique indexes; when matches are dense the
sort-key index is walked until the page is full, when they are sparse the few candidates
are sorted.
"""

from __future__ import annotations

import collections
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
DENSE_SHARE = 0.2  # matches at least this share of all patrons count as dense
WALK_REACH = 4  # a dense walk reads this many times the rows the page should need


def _all_of(conditions: list[Any]) -> Any:
    """The conjunction of conditions; None when there are none."""
    return functools.reduce(operator.and_, conditions) if conditions else None


def _fts_phrases(words: list[str]) -> str:
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
            [_fts_phrases(long_words)],
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


def _sql(conditions: list[Any]) -> tuple[str, list[Any]]:
    """The SQL of a conjunction of conditions on patron (aliased t1), and its parameters.

    The hot paths below are SQL text: peewee takes milliseconds to build a query.
    """
    where = _all_of(conditions)
    if where is None:
        return "1 = 1", []
    text, params = database.get_sql_context().sql(where).query()
    return text, list(params)


def _ids(text: str, params: list[Any]) -> list[int]:
    return [row[0] for row in database.execute_sql(text, params).fetchall()]


def id_list(ids: list[int]) -> str:
    """A literal list of ids for IN (...), never empty."""
    return "(" + ",".join(str(int(i)) for i in ids or [0]) + ")"


def count(filters: list[Any], words: list[str]) -> int:
    """How many patrons match the filters and every word."""
    if dbmod.is_sqlite() and words and not filters and min(map(len, words)) >= TRIGRAM:
        # The trigram index alone knows the answer: no patron row is read.
        cursor = database.execute_sql(
            "SELECT count(*) FROM patron_search WHERE patron_search MATCH ?",
            (_fts_phrases(words),),
        )
        return int(cursor.fetchone()[0])
    if len(words) == 1 and len(words[0]) <= search_grams.LONGEST:
        return search_grams.count(words[0], *_sql(filters))
    where, params = _sql(filters + text_conditions(words))
    cursor = database.execute_sql(f"SELECT count(*) FROM patron AS t1 WHERE {where}", params)
    return int(cursor.fetchone()[0])


def _exact_ids(filters: list[Any], words: list[str], raw: str) -> list[int]:
    """Matching patrons whose username or barcode is exactly the query, in sort order."""
    mark = database.param
    candidates = _ids(
        f"SELECT id FROM patron WHERE username_key = {mark} OR barcode = {mark}",
        [raw.casefold(), raw],
    )
    if not candidates:
        return []
    where, params = _sql(filters + text_conditions(words, indexed=False))
    return _ids(
        f"SELECT t1.id FROM patron AS t1 WHERE t1.id IN {id_list(candidates)} AND {where} "
        "ORDER BY t1.sort_key, t1.id",
        params,
    )


def _ordered_ids(
    conditions: list[Any],
    extra: str,
    order: str,
    limit: int,
    offset: int,
    source: str = "patron AS t1",
) -> list[int]:
    where, params = _sql(conditions)
    return _ids(
        f"SELECT t1.id FROM {source} WHERE {where}{extra} "
        f"ORDER BY {order}, t1.id LIMIT {int(limit)} OFFSET {int(offset)}",
        params,
    )


def _bucket_range(bucket: str) -> list[Any]:
    """The conditions of one bucket: sort keys starting with that character."""
    if not bucket:
        return [Patron.sort_key == ""]
    following = ord(bucket) + 1
    if 0xD800 <= following <= 0xDFFF:
        following = 0xE000  # surrogates are never part of a text
    if following > 0x10FFFF:
        return [Patron.sort_key >= bucket]
    return [Patron.sort_key >= bucket, Patron.sort_key < chr(following)]


def _walk_buckets(
    conditions: list[Any], exact: list[int], buckets: dict[str, int], wanted: int, skip: int
) -> list[int]:
    """A page of matches found by walking only the buckets that hold any.

    `buckets` counts the matches per first character of the sort key, exact matches
    included; those are on the page already, so they are neither walked nor skipped.
    """
    shown: collections.Counter[str] = collections.Counter()
    extra = ""
    if exact:
        shown.update(
            row[0]
            for row in database.execute_sql(
                f"SELECT substr(sort_key, 1, 1) FROM patron WHERE id IN {id_list(exact)}"
            ).fetchall()
        )
        extra = f" AND t1.id NOT IN {id_list(exact)}"
    found: list[int] = []
    for bucket in sorted(buckets):
        here = buckets[bucket] - shown[bucket]
        if skip >= here:
            skip -= here
            continue
        found += _ordered_ids(
            conditions + _bucket_range(bucket), extra, "t1.sort_key", wanted - len(found), skip
        )
        skip = 0
        if len(found) >= wanted:
            break
    return found


def page_ids(
    filters: list[Any], words: list[str], raw: str, total: int, limit: int, offset: int
) -> list[int]:
    """The ids of one page of matches, in result order."""
    exact = _exact_ids(filters, words, raw) if raw else []
    head = exact[offset : offset + limit]
    wanted = limit - len(head)
    if wanted <= 0:
        return head
    skip = max(0, offset - len(exact))
    extra = f" AND t1.id NOT IN {id_list(exact)}" if exact else ""
    highest = database.execute_sql("SELECT max(id) FROM patron").fetchone()[0] or 1
    plain = filters + text_conditions(words, indexed=False)
    if len(words) == 1 and len(words[0]) <= search_grams.LONGEST:
        buckets = search_grams.counts_by_bucket(words[0], *_sql(filters))
        return head + _walk_buckets(plain, exact, buckets, wanted, skip)
    if dbmod.is_sqlite() and all(len(word) < TRIGRAM for word in words):
        # No index finds the candidates: walk the covering index patron_sort_walk in
        # result order until the page is full (at worst one pass, never the table).
        return head + _ordered_ids(plain, extra, "t1.sort_key", wanted, skip)
    if total >= highest * DENSE_SHARE:
        # Walk the first rows in sort order (index only), hoping the page is among them;
        # matches may cluster (a surname late in the alphabet), so the walk is bounded.
        reach = WALK_REACH * (skip + wanted) * highest // total
        window = f" AND t1.id IN (SELECT id FROM patron ORDER BY sort_key, id LIMIT {reach})"
        found = _ordered_ids(plain, extra + window, "t1.sort_key", wanted, skip)
        if len(found) == wanted or reach >= highest:
            return head + found
    found = filters + text_conditions(words)
    if dbmod.is_postgres():
        return head + _ordered_ids(found, extra, "t1.sort_key", wanted, skip)
    # Sort the candidates the index found (unary + keeps SQLite from walking sort_key),
    # reading their sort keys from the narrow patron_sort_by_id rather than the table,
    # unless a short word needs the search text.
    narrow = min(map(len, words)) >= TRIGRAM
    source = "patron AS t1 INDEXED BY patron_sort_by_id" if narrow else "patron AS t1"
    return head + _ordered_ids(found, extra, "+t1.sort_key", wanted, skip, source)
