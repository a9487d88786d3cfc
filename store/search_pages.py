"""One page of search results in result order, without sorting every match.

Order: exact username or barcode matches first, then the sort key in code point order
(SQLite's BINARY, PostgreSQL's "C" collation), then the id. The exact matches come from the
unique indexes. The rest, by how the query's words can be found:
- one word of one or two characters: the sort-key index is walked, but only through the
  stretches (buckets: sort keys starting with one character) that the short-query counts
  say hold a match, and whole buckets before the page are skipped by their counts;
- several short words: the sort-key index is walked until the page is full;
- longer words, many matches: the first rows in sort order are walked, hoping the page is
  among them; few matches (or a failed walk): the candidates the trigram index finds are
  sorted. When the short-query counts show a query can only have few matches, the
  candidates are read once for both the count and the page.
"""

from __future__ import annotations

import collections
from dataclasses import dataclass
from typing import Any

from store import db as dbmod
from store import search_grams
from store.models import Patron, database
from store.search_index import (
    TRIGRAM,
    count,
    fts_phrases,
    id_list,
    ids_of,
    sql_of,
    text_conditions,
)

DENSE_SHARE = 0.2  # matches at least this share of all patrons count as dense
WALK_REACH = 4  # a dense walk reads this many times the rows the page should need
COUNT_ROW = -1  # marks the row carrying the count among a page's rows


def _exact_ids(filters: list[Any], words: list[str], raw: str) -> list[int]:
    """Matching patrons whose username or barcode is exactly the query, in sort order."""
    mark = database.param
    candidates = ids_of(
        f"SELECT id FROM patron WHERE username_key = {mark} OR barcode = {mark}",
        [raw.casefold(), raw],
    )
    if not candidates:
        return []
    where, params = sql_of(filters + text_conditions(words, indexed=False))
    return ids_of(
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
    where, params = sql_of(conditions)
    mark = database.param
    return ids_of(
        f"SELECT t1.id FROM {source} WHERE {where}{extra} "
        f"ORDER BY {order}, t1.id LIMIT {mark} OFFSET {mark}",
        [*params, int(limit), int(offset)],
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


@dataclass(frozen=True)
class _Start:
    """How a page begins: the exact matches on it, and what the other matches must supply."""

    exact: list[int]  # every exact match, in result order
    head: list[int]  # the exact matches on this page
    wanted: int  # rows still to find after the head
    skip: int  # other matches to pass over before the first wanted one

    def not_exact(self, column: str = "t1.id") -> str:
        """SQL leaving the exact matches out of the others, by their id column."""
        return f" AND {column} NOT IN {id_list(self.exact)}" if self.exact else ""


def _start(filters: list[Any], words: list[str], raw: str, limit: int, offset: int) -> _Start:
    exact = _exact_ids(filters, words, raw) if raw else []
    head = exact[offset : offset + limit]
    return _Start(exact, head, limit - len(head), max(0, offset - len(exact)))


def _walk_buckets(conditions: list[Any], start: _Start, buckets: dict[str, int]) -> list[int]:
    """The page's other matches, found by walking only the buckets that hold any.

    `buckets` counts the matches per first character of the sort key, exact matches
    included; those are on the page already, so they are neither walked nor skipped.
    """
    shown: collections.Counter[str] = collections.Counter()
    if start.exact:
        shown.update(
            row[0]
            for row in database.execute_sql(
                f"SELECT substr(sort_key, 1, 1) FROM patron WHERE id IN {id_list(start.exact)}"
            ).fetchall()
        )
    found: list[int] = []
    skip = start.skip
    for bucket in sorted(buckets):
        here = buckets[bucket] - shown[bucket]
        if skip >= here:
            skip -= here
            continue
        ranged = conditions + _bucket_range(bucket)
        wanted = start.wanted - len(found)
        found += _ordered_ids(ranged, start.not_exact(), "t1.sort_key", wanted, skip)
        skip = 0
        if len(found) >= start.wanted:
            break
    return found


def _other_ids(filters: list[Any], words: list[str], start: _Start, total: int) -> list[int]:
    """The page's other matches, for any query but one short word or few matches."""
    extra, wanted, skip = start.not_exact(), start.wanted, start.skip
    plain = filters + text_conditions(words, indexed=False)
    if dbmod.is_sqlite() and all(len(word) < TRIGRAM for word in words):
        # No index finds the candidates: walk the covering index patron_sort_walk in
        # result order until the page is full (at worst one pass, never the table).
        return _ordered_ids(plain, extra, "t1.sort_key", wanted, skip)
    highest = database.execute_sql("SELECT max(id) FROM patron").fetchone()[0] or 1
    if total >= highest * DENSE_SHARE:
        # Walk the first rows in sort order (index only), hoping the page is among them;
        # matches may cluster (a surname late in the alphabet), so the walk is bounded.
        reach = WALK_REACH * (skip + wanted) * highest // total
        window = f" AND t1.id IN (SELECT id FROM patron ORDER BY sort_key, id LIMIT {reach})"
        found = _ordered_ids(plain, extra + window, "t1.sort_key", wanted, skip)
        if len(found) == wanted or reach >= highest:
            return found
    candidates = filters + text_conditions(words)
    if dbmod.is_postgres():
        return _ordered_ids(candidates, extra, "t1.sort_key", wanted, skip)
    # Sort the candidates the index found (unary + keeps SQLite from walking sort_key),
    # reading their sort keys from the narrow patron_sort_by_id rather than the table,
    # unless a short word needs the search text.
    narrow = min(map(len, words)) >= TRIGRAM
    source = "patron AS t1 INDEXED BY patron_sort_by_id" if narrow else "patron AS t1"
    return _ordered_ids(candidates, extra, "+t1.sort_key", wanted, skip, source)


def _surely_sparse(filters: list[Any], words: list[str]) -> bool:
    """True when the short-query counts show that few patrons can match these long words.

    A patron holding a word holds each of its two-character pieces, so the rarest piece
    bounds the matches. The stored counts leave out pending changes: a wrong guess only
    picks the slower way to the same answer.
    """
    if filters or not words or min(map(len, words)) < TRIGRAM:
        return False
    pieces = sorted({word[i : i + 2] for word in words for i in range(len(word) - 1)})
    marks = ", ".join(database.param for _ in pieces)
    counted = database.execute_sql(
        f"SELECT sum(patrons) FROM search_gram WHERE gram IN ({marks}) GROUP BY gram", pieces
    ).fetchall()
    bound = min(n for (n,) in counted) if len(counted) == len(pieces) else 0
    highest = database.execute_sql("SELECT max(id) FROM patron").fetchone()[0] or 1
    return bool(bound < highest * DENSE_SHARE)


def _matches_with_sort_keys(words: list[str]) -> tuple[str, list[Any]]:
    """A query of the id and sort key of every patron holding all these long words."""
    if dbmod.is_sqlite():
        return (
            "SELECT t1.id, t1.sort_key FROM patron_search CROSS JOIN patron AS t1 "
            "INDEXED BY patron_sort_by_id ON t1.id = patron_search.rowid "
            "WHERE patron_search MATCH ?",
            [fts_phrases(words)],
        )
    where, params = sql_of(text_conditions(words))
    return f"SELECT t1.id, t1.sort_key FROM patron AS t1 WHERE {where}", params


def _counted_candidates(words: list[str], start: _Start) -> tuple[int, list[int]]:
    """The count, and the page's other matches, from one read of the trigram index."""
    extra = start.not_exact("id")
    matches, params = _matches_with_sort_keys(words)
    mark = database.param
    rows = database.execute_sql(
        f"WITH found AS MATERIALIZED ({matches}) "
        f"SELECT {COUNT_ROW}, (SELECT count(*) FROM found), '' UNION ALL "
        "SELECT * FROM (SELECT id, CAST(NULL AS BIGINT), sort_key FROM found WHERE 1 = 1"
        f"{extra} ORDER BY sort_key, id LIMIT {mark} OFFSET {mark}) AS page",
        [*params, max(start.wanted, 0), start.skip],
    ).fetchall()
    total = next(n for pid, n, _ in rows if pid == COUNT_ROW)
    page = sorted((key, pid) for pid, _, key in rows if pid != COUNT_ROW)
    return int(total), [pid for _, pid in page]


def find(
    filters: list[Any], words: list[str], raw: str, limit: int, offset: int
) -> tuple[int, list[int]]:
    """How many patrons match, and the ids of one page of them in result order."""
    start = _start(filters, words, raw, limit, offset)
    if _surely_sparse(filters, words):
        total, others = _counted_candidates(words, start)
        return total, start.head + others
    if len(words) == 1 and len(words[0]) <= search_grams.LONGEST:
        buckets = search_grams.counts_by_bucket(words[0], *sql_of(filters))
        plain = filters + text_conditions(words, indexed=False)
        others = _walk_buckets(plain, start, buckets) if start.wanted > 0 else []
        return sum(buckets.values()), start.head + others
    total = count(filters, words)
    if total == 0 or start.wanted <= 0:
        return total, start.head
    return total, start.head + _other_ids(filters, words, start, total)
