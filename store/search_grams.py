"""How many patrons contain a one- or two-character text, without reading every patron.

A trigram index cannot answer queries shorter than three characters, and counting them by
scanning costs tens of milliseconds at 100,000 patrons. So the store keeps, for every one-
and two-character piece of the folded search texts, how many patrons of each kind
(enabled, staff, generic) contain it, per first character of their sort key (their
"bucket"): `search_gram`. Triggers note each change to a patron in `search_gram_change` (a
cheap row per write); a count adds the pending changes to the stored counts, and
`fold_changes` merges them in, in one pass, when they pile up. The buckets tell a search
which stretches of the sort order hold any match at all, so it can skip the rest.
"""

from __future__ import annotations

import collections
import operator
from typing import Any

from peewee import OperationalError

from store import db as dbmod
from store.db import SQLITE_PRAGMAS
from store.models import database

SHORTEST, LONGEST = 1, 2
FOLD_AT = 500  # pending changes merged in by the next count that can take the write lock
_FLAGS = "({0}.enabled * 4 + {0}.staff * 2 + {0}.generic)"
_POSTGRES_FLAGS = "({0}.enabled::int * 4 + {0}.staff::int * 2 + {0}.generic::int)"
_BUCKET = "substr({0}.sort_key, 1, 1)"
_LOG = "INSERT INTO search_gram_change (sign, search_text, flags, bucket) VALUES "
SQLITE_GRAM_INDEX = [
    "CREATE TABLE IF NOT EXISTS search_gram (gram TEXT NOT NULL, flags INTEGER NOT NULL, "
    "bucket TEXT NOT NULL, patrons INTEGER NOT NULL, PRIMARY KEY (gram, flags, bucket)) "
    "WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS search_gram_change (id INTEGER PRIMARY KEY, "
    "sign INTEGER NOT NULL, search_text TEXT NOT NULL, flags INTEGER NOT NULL, "
    "bucket TEXT NOT NULL)",
    "CREATE TRIGGER IF NOT EXISTS search_gram_ai AFTER INSERT ON patron BEGIN "
    f"{_LOG}(1, new.search_text, {_FLAGS.format('new')}, {_BUCKET.format('new')}); END",
    "CREATE TRIGGER IF NOT EXISTS search_gram_ad AFTER DELETE ON patron BEGIN "
    f"{_LOG}(-1, old.search_text, {_FLAGS.format('old')}, {_BUCKET.format('old')}); END",
    "CREATE TRIGGER IF NOT EXISTS search_gram_au "
    "AFTER UPDATE OF search_text, sort_key, enabled, staff, generic ON patron BEGIN "
    f"{_LOG}(-1, old.search_text, {_FLAGS.format('old')}, {_BUCKET.format('old')}); "
    f"{_LOG}(1, new.search_text, {_FLAGS.format('new')}, {_BUCKET.format('new')}); END",
]
SQLITE_GRAM_INDEX_DROP = [
    "DROP TRIGGER IF EXISTS search_gram_ai",
    "DROP TRIGGER IF EXISTS search_gram_ad",
    "DROP TRIGGER IF EXISTS search_gram_au",
    "DROP TABLE IF EXISTS search_gram_change",
    "DROP TABLE IF EXISTS search_gram",
]

POSTGRES_GRAM_INDEX = [
    "CREATE TABLE IF NOT EXISTS search_gram (gram TEXT NOT NULL, flags INTEGER NOT NULL, "
    "bucket TEXT NOT NULL, patrons INTEGER NOT NULL, PRIMARY KEY (gram, flags, bucket))",
    "CREATE TABLE IF NOT EXISTS search_gram_change (id BIGSERIAL PRIMARY KEY, "
    "sign INTEGER NOT NULL, search_text TEXT NOT NULL, flags INTEGER NOT NULL, "
    "bucket TEXT NOT NULL)",
    "CREATE OR REPLACE FUNCTION search_gram_log() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN "
    "IF TG_OP IN ('UPDATE', 'DELETE') THEN "
    f"{_LOG}(-1, OLD.search_text, {_POSTGRES_FLAGS.format('OLD')}, "
    f"{_BUCKET.format('OLD')}); END IF; "
    "IF TG_OP IN ('UPDATE', 'INSERT') THEN "
    f"{_LOG}(1, NEW.search_text, {_POSTGRES_FLAGS.format('NEW')}, "
    f"{_BUCKET.format('NEW')}); END IF; "
    "RETURN NULL; END $$",
    "CREATE TRIGGER search_gram_log AFTER INSERT OR DELETE "
    "OR UPDATE OF search_text, sort_key, enabled, staff, generic ON patron "
    "FOR EACH ROW EXECUTE FUNCTION search_gram_log()",
]
POSTGRES_GRAM_INDEX_DROP = [
    "DROP TRIGGER IF EXISTS search_gram_log ON patron",
    "DROP TABLE IF EXISTS search_gram_change",
    "DROP TABLE IF EXISTS search_gram",
]
DELETE_CHUNK = 10_000


def grams(text: str) -> set[str]:
    """Every one- and two-character piece of the text that holds no whitespace.

    A query word never holds whitespace, so it is in the text exactly when it is in one
    of the text's whitespace-free runs.
    """
    found: set[str] = set()
    for run in text.split():
        found.update(run)
        found.update(map(operator.add, run, run[1:]))
    return found


def kind_flags(enabled: bool, staff: bool, generic: bool) -> int:
    """A patron's kind as the counts store it (the triggers' enabled * 4 + staff * 2 + generic)."""
    return enabled * 4 + staff * 2 + generic


def bucket_of(sort_key: str) -> str:
    """A patron's bucket: the first character of its sort key (the triggers' substr)."""
    return sort_key[:1]


class Tally:
    """Changes to the counts, added up in memory and then written in one statement."""

    def __init__(self) -> None:
        self._delta: dict[tuple[int, int, str], collections.Counter[str]] = {}

    def add(self, sign: int, text: str, flags: int, bucket: str) -> None:
        """Count a patron's search text in (sign 1) or out (sign -1) of its kind and bucket."""
        counted = self._delta.get((sign, flags, bucket))
        if counted is None:
            counted = self._delta[sign, flags, bucket] = collections.Counter()
        counted.update(grams(text))

    def write(self) -> None:
        """Add what was tallied to the stored counts, then start again from nothing."""
        totals: collections.Counter[tuple[str, int, str]] = collections.Counter()
        for (sign, flags, bucket), counted in self._delta.items():
            for gram, n in counted.items():
                totals[gram, flags, bucket] += sign * n
        mark = database.param
        database.cursor().executemany(
            "INSERT INTO search_gram (gram, flags, bucket, patrons) "
            f"VALUES ({mark}, {mark}, {mark}, {mark}) ON CONFLICT (gram, flags, bucket) "
            "DO UPDATE SET patrons = search_gram.patrons + excluded.patrons",
            [(gram, flags, bucket, n) for (gram, flags, bucket), n in totals.items() if n],
        )
        self._delta = {}


def fold_changes() -> None:
    """Merge the pending changes into the stored counts (call inside a write transaction)."""
    if dbmod.is_postgres():
        database.execute_sql("LOCK TABLE search_gram IN EXCLUSIVE MODE")  # one merge at once
    changes = database.execute_sql(
        "SELECT id, sign, search_text, flags, bucket FROM search_gram_change ORDER BY id"
    ).fetchall()
    if not changes:
        return
    tally = Tally()
    for _, sign, text, flags, bucket in changes:
        tally.add(sign, text, flags, bucket)
    tally.write()
    # Exactly the changes read: on PostgreSQL a lower id may commit after a higher one.
    ids = [str(int(change[0])) for change in changes]
    for start in range(0, len(ids), DELETE_CHUNK):
        chunk = ",".join(ids[start : start + DELETE_CHUNK])
        database.execute_sql(f"DELETE FROM search_gram_change WHERE id IN ({chunk})")


def rebuild() -> None:
    """Count every patron afresh (inside a write transaction): a new or changed gram index."""
    statements, flags = SQLITE_GRAM_INDEX_DROP + SQLITE_GRAM_INDEX, _FLAGS
    if dbmod.is_postgres():
        statements, flags = POSTGRES_GRAM_INDEX_DROP + POSTGRES_GRAM_INDEX, _POSTGRES_FLAGS
    for statement in statements:
        database.execute_sql(statement)
    database.execute_sql(
        "INSERT INTO search_gram_change (sign, search_text, flags, bucket) "
        f"SELECT 1, t1.search_text, {flags.format('t1')}, {_BUCKET.format('t1')} "
        "FROM patron AS t1"
    )
    fold_changes()


def _fold_if_free() -> None:
    """Fold the pending changes unless another writer holds the counts right now."""
    if database.transaction_depth() > 0:
        return
    sqlite = dbmod.is_sqlite()
    if sqlite:
        database.execute_sql("PRAGMA busy_timeout = 0")
    try:
        with database.atomic():
            if not sqlite:
                database.execute_sql("LOCK TABLE search_gram IN EXCLUSIVE MODE NOWAIT")
            fold_changes()
    except OperationalError:
        pass  # busy: the next count tries again, and counts stay exact meanwhile
    finally:
        if sqlite:
            database.execute_sql(f"PRAGMA busy_timeout = {SQLITE_PRAGMAS['busy_timeout']}")


def counts_by_bucket(word: str, filter_sql: str, params: list[Any]) -> dict[str, int]:
    """Per bucket, the patrons whose search text contains `word` (1-2 characters) and who
    pass the filter; buckets without any are left out.

    `filter_sql` is a condition on t1.enabled, t1.staff and t1.generic.
    """
    mark = database.param
    position = "strpos" if dbmod.is_postgres() else "instr"
    kinds = (
        "(SELECT t1.flags FROM (SELECT n AS flags, ((n >> 2) & 1) = 1 AS enabled, "
        "((n >> 1) & 1) = 1 AS staff, (n & 1) = 1 AS generic FROM (SELECT 0 AS n "
        "UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 "
        "UNION ALL SELECT 5 "
        f"UNION ALL SELECT 6 UNION ALL SELECT 7) AS kind) AS t1 WHERE {filter_sql})"
    )
    first, last = database.execute_sql("SELECT min(id), max(id) FROM search_gram_change").fetchone()
    stored = (
        f"SELECT bucket, patrons AS n FROM search_gram WHERE gram = {mark} AND flags IN {kinds}"
    )
    if first is None:
        # Nothing pending: the change log is not read at all (on PostgreSQL it may hold the
        # dead rows of a large merge until autovacuum, each costing a read).
        rows = database.execute_sql(
            f"SELECT bucket, sum(n) FROM ({stored}) AS counted GROUP BY bucket", [word, *params]
        ).fetchall()
    else:
        # One statement, so the counts and the pending changes are read at the same moment,
        # even while another connection merges the changes in.
        rows = database.execute_sql(
            f"SELECT bucket, sum(n) FROM ({stored} UNION ALL SELECT bucket, sign AS n "
            f"FROM search_gram_change WHERE {position}(search_text, {mark}) > 0 "
            f"AND flags IN {kinds}) AS counted GROUP BY bucket",
            [word, *params, word, *params],
        ).fetchall()
        if last - first + 1 >= FOLD_AT:
            _fold_if_free()
    return {bucket: int(n) for bucket, n in rows if n}
