"""How many patrons contain a one- or two-character text, without reading every patron.

A trigram index cannot answer queries shorter than three characters, and counting them by
scanning costs tens of milliseconds at 100,000 patrons. So the store keeps, for every one-
and two-character piece of the folded search texts, how many patrons of each kind
(enabled, staff, generic) contain it: `search_gram`. Triggers note each change to a patron
in `search_gram_change` (a cheap row per write); a count adds the pending changes to the
stored counts, and `fold_changes` merges them in, in one pass, when they pile up.
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
_LOG = "INSERT INTO search_gram_change (sign, search_text, flags) VALUES "
SQLITE_GRAM_INDEX = [
    "CREATE TABLE IF NOT EXISTS search_gram (gram TEXT NOT NULL, flags INTEGER NOT NULL, "
    "patrons INTEGER NOT NULL, PRIMARY KEY (gram, flags)) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS search_gram_change (id INTEGER PRIMARY KEY, "
    "sign INTEGER NOT NULL, search_text TEXT NOT NULL, flags INTEGER NOT NULL)",
    "CREATE TRIGGER IF NOT EXISTS search_gram_ai AFTER INSERT ON patron BEGIN "
    f"{_LOG}(1, new.search_text, {_FLAGS.format('new')}); END",
    "CREATE TRIGGER IF NOT EXISTS search_gram_ad AFTER DELETE ON patron BEGIN "
    f"{_LOG}(-1, old.search_text, {_FLAGS.format('old')}); END",
    "CREATE TRIGGER IF NOT EXISTS search_gram_au "
    "AFTER UPDATE OF search_text, enabled, staff, generic ON patron BEGIN "
    f"{_LOG}(-1, old.search_text, {_FLAGS.format('old')}); "
    f"{_LOG}(1, new.search_text, {_FLAGS.format('new')}); END",
]

POSTGRES_GRAM_INDEX = [
    "CREATE TABLE IF NOT EXISTS search_gram (gram TEXT NOT NULL, flags INTEGER NOT NULL, "
    "patrons INTEGER NOT NULL, PRIMARY KEY (gram, flags))",
    "CREATE TABLE IF NOT EXISTS search_gram_change (id BIGSERIAL PRIMARY KEY, "
    "sign INTEGER NOT NULL, search_text TEXT NOT NULL, flags INTEGER NOT NULL)",
    "CREATE OR REPLACE FUNCTION search_gram_log() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN "
    "IF TG_OP IN ('UPDATE', 'DELETE') THEN "
    f"{_LOG}(-1, OLD.search_text, "
    "OLD.enabled::int * 4 + OLD.staff::int * 2 + OLD.generic::int); END IF; "
    "IF TG_OP IN ('UPDATE', 'INSERT') THEN "
    f"{_LOG}(1, NEW.search_text, "
    "NEW.enabled::int * 4 + NEW.staff::int * 2 + NEW.generic::int); END IF; "
    "RETURN NULL; END $$",
    "CREATE TRIGGER search_gram_log AFTER INSERT OR DELETE "
    "OR UPDATE OF search_text, enabled, staff, generic ON patron "
    "FOR EACH ROW EXECUTE FUNCTION search_gram_log()",
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


def fold_changes() -> None:
    """Merge the pending changes into the stored counts (call inside a write transaction)."""
    if dbmod.is_postgres():
        database.execute_sql("LOCK TABLE search_gram IN EXCLUSIVE MODE")  # one merge at once
    changes = database.execute_sql(
        "SELECT id, sign, search_text, flags FROM search_gram_change ORDER BY id"
    ).fetchall()
    if not changes:
        return
    delta: dict[tuple[int, int], collections.Counter[str]] = {}
    for _, sign, text, flags in changes:
        delta.setdefault((sign, flags), collections.Counter()).update(grams(text))
    totals: collections.Counter[tuple[str, int]] = collections.Counter()
    for (sign, flags), counted in delta.items():
        for gram, n in counted.items():
            totals[gram, flags] += sign * n
    mark = database.param
    database.cursor().executemany(
        f"INSERT INTO search_gram (gram, flags, patrons) VALUES ({mark}, {mark}, {mark}) "
        "ON CONFLICT (gram, flags) DO UPDATE SET patrons = search_gram.patrons + excluded.patrons",
        [(gram, flags, n) for (gram, flags), n in totals.items() if n],
    )
    # Exactly the changes read: on PostgreSQL a lower id may commit after a higher one.
    ids = [str(int(change[0])) for change in changes]
    for start in range(0, len(ids), DELETE_CHUNK):
        chunk = ",".join(ids[start : start + DELETE_CHUNK])
        database.execute_sql(f"DELETE FROM search_gram_change WHERE id IN ({chunk})")


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


def count(word: str, filter_sql: str, params: list[Any]) -> int:
    """Patrons whose search text contains `word` (1-2 characters) and who pass the filter.

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
    # One statement, so the counts and the pending changes are read at the same moment,
    # even while another connection merges the changes in.
    total = database.execute_sql(
        "SELECT (SELECT coalesce(sum(patrons), 0) FROM search_gram "
        f"WHERE gram = {mark} AND flags IN {kinds}) + (SELECT coalesce(sum(sign), 0) "
        f"FROM search_gram_change WHERE {position}(search_text, {mark}) > 0 "
        f"AND flags IN {kinds})",
        [word, *params, word, *params],
    ).fetchone()[0]
    first, last = database.execute_sql("SELECT min(id), max(id) FROM search_gram_change").fetchone()
    if first is not None and last - first + 1 >= FOLD_AT:
        _fold_if_free()
    return int(total)
