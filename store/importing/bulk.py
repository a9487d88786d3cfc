"""A first import into an empty patron table: write the rows, then index them once.

Each new patron written into a fully indexed table updates about a dozen b-trees at
random places and the trigram index row by row; building an index once over the finished
table sorts its entries in one pass instead. So when a users import is applied on SQLite
and the patron table is empty, the patron table's indexes are dropped inside the import's
one transaction and created again, from their own stored definitions, before it commits;
the trigram index is rebuilt once (store.search_index.bulk_insert). The unique indexes
are created again too: a duplicate that slipped past the import's own checks fails the
whole run instead of landing. A failed or cancelled run rolls back, indexes included.

With the table empty when the run began, no stored patron can own a file's username,
barcode or admin ID, so the run asks the database about none of them (see
MemoryReferences.empty_at_start); the file's own repeats are still caught.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from store import db as dbmod
from store import search_index
from store.importing.plan import memory_budget
from store.models import database


def patron_table_is_empty() -> bool:
    """True when there is no patron at all."""
    return database.execute_sql("SELECT 1 FROM patron LIMIT 1").fetchone() is None


def _patron_indexes() -> list[tuple[str, str]]:
    """The name and CREATE statement of every index of the patron table."""
    cursor = database.execute_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
        "AND tbl_name = 'patron' AND sql IS NOT NULL ORDER BY name"
    )
    return [(name, sql) for name, sql in cursor]


@contextmanager
def indexed_once(kind: str) -> Iterator[bool]:
    """Around an applied run: yields True when the patron table is indexed at the end.

    Call inside the run's write transaction (it holds the write lock, so the table stays
    empty for others until the commit). Yields False, changing nothing, for another kind
    of import, on PostgreSQL, or when the table holds any patron.
    """
    if kind != "users" or not dbmod.is_sqlite() or not patron_table_is_empty():
        yield False
        return
    indexes = _patron_indexes()
    with memory_budget():
        for name, _ in indexes:
            database.execute_sql(f'DROP INDEX "{name}"')
        # The trigram index is rebuilt before the other indexes exist, so the rebuild
        # reads the table in id order (a covering index would hand it ids out of order,
        # and the index then writes a segment at every step back).
        with search_index.bulk_insert():
            yield True
        for _, sql in indexes:
            database.execute_sql(sql)
