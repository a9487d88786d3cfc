"""A first import into an empty patron table: write the rows, then index them once.

Each new patron written into a fully indexed table updates about a dozen b-trees at
random places and the trigram index row by row; building an index once over the finished
table sorts its entries in one pass instead. So when a users import is applied on SQLite
and the patron table is empty, the patron table's indexes are dropped inside the import's
one transaction and created again, from their own stored definitions, before it commits;
the trigram index is rebuilt once (store.search_index.bulk_insert), and the short-query
counts are tallied in memory as rows are written instead of through the change log a
trigger would fill (store.search_grams.Tally). The unique indexes
are created again too: a duplicate that slipped past the import's own checks fails the
whole run instead of landing. A failed or cancelled run rolls back, indexes included.

With the table empty when the run began, no stored patron can own a file's username,
barcode or admin ID, so the run asks the database about none of them (see
MemoryReferences.empty_at_start); the file's own repeats are still caught.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from store import db as dbmod
from store import search_grams, search_index
from store.importing.plan import memory_budget
from store.models import database

# The insert trigger that would log every new patron for the short-query counts.
GRAM_TRIGGER = "search_gram_ai"


class BulkLoad:
    """What a first import does differently while the patron table is set aside."""

    def __init__(self) -> None:
        self.tally = search_grams.Tally()

    def count(self, rows: list[dict[str, Any]]) -> None:
        """Count new patrons (their patron table columns) for the short queries."""
        add, flags_of, bucket_of = self.tally.add, search_grams.kind_flags, search_grams.bucket_of
        for row in rows:
            flags = flags_of(row["enabled"], row["staff"], row["generic"])
            add(1, row["search_text"], flags, bucket_of(row["sort_key"]))


def patron_table_is_empty() -> bool:
    """True when there is no patron at all."""
    return database.execute_sql("SELECT 1 FROM patron LIMIT 1").fetchone() is None


def _definitions(kind: str, condition: str) -> list[tuple[str, str]]:
    """The name and CREATE statement of each index or trigger of the patron table."""
    cursor = database.execute_sql(
        f"SELECT name, sql FROM sqlite_master WHERE type = '{kind}' "
        f"AND tbl_name = 'patron' AND sql IS NOT NULL AND {condition} ORDER BY name"
    )
    return [(name, sql) for name, sql in cursor]


@contextmanager
def indexed_once(kind: str) -> Iterator[BulkLoad | None]:
    """Around an applied run: yields a BulkLoad when the patron table is indexed at the end.

    Call inside the run's write transaction (it holds the write lock, so the table stays
    empty for others until the commit). Yields None, changing nothing, for another kind
    of import, on PostgreSQL, or when the table holds any patron.
    """
    if kind != "users" or not dbmod.is_sqlite() or not patron_table_is_empty():
        yield None
        return
    indexes = _definitions("index", "1 = 1")
    triggers = _definitions("trigger", f"name = '{GRAM_TRIGGER}'")
    with memory_budget():
        for name, _ in indexes:
            database.execute_sql(f'DROP INDEX "{name}"')
        for name, _ in triggers:
            database.execute_sql(f'DROP TRIGGER "{name}"')
        # The trigram index is rebuilt before the other indexes exist, so the rebuild
        # reads the table in id order (a covering index would hand it ids out of order,
        # and the index then writes a segment at every step back).
        load = BulkLoad()
        with search_index.bulk_insert():
            yield load
        load.tally.write()
        for _, sql in indexes + triggers:
            database.execute_sql(sql)
