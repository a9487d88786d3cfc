"""A first import into a (nearly) empty patron table: write the rows, then index them once.

Each new patron written into a fully indexed table updates about a dozen b-trees at
random places and the trigram index row by row; building an index once over the finished
table sorts its entries in one pass instead. So when a users import is applied on SQLite
and the patron table holds few patrons next to the file's rows (a school's first import,
with only the administrators in the table), the patron table's indexes are dropped inside
the import's one transaction and created again, from their own stored definitions, before
it commits; the trigram index is rebuilt once (store.search_index.bulk_insert), and the
new patrons' short-query counts are tallied in memory as they are written instead of
through the change log a trigger would fill (store.search_grams.Tally). The unique indexes
are created again too: a duplicate that slipped past the import's own checks fails the
whole run instead of landing. A failed or cancelled run rolls back, indexes included.

Without the indexes a lookup by username, barcode or admin ID would read the whole
table, so the few patrons there when the run began are read into memory once
(`BulkLoad.owners`): who held what then is all the run asks (see store.importing.memory_refs;
the file's own repeats are caught by its own check), and their stored rows are then read
by id. Updates of those patrons keep their triggers and change log as usual.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from store import db as dbmod
from store import search_grams, search_index
from store.importing.memory_refs import OWNER_COLUMNS, Owner
from store.importing.plan import memory_budget
from store.models import database

# The insert trigger that would log every new patron for the short-query counts.
GRAM_TRIGGER = "search_gram_ai"
# Set the indexes aside only when the file has this many rows per patron already stored,
# and at most this many stored patrons (they are held in memory for the run).
ROWS_PER_STORED = 10
MOST_STORED = 10_000


class BulkLoad:
    """What a first import does differently while the patron table's indexes are set aside."""

    def __init__(self) -> None:
        self.tally = search_grams.Tally()
        self.owners: dict[str, dict[str, Owner]] = {kind: {} for kind in OWNER_COLUMNS}
        columns = ", ".join(OWNER_COLUMNS.values())
        cursor = database.execute_sql(f"SELECT id, username, {columns} FROM patron")
        for patron_id, username, *values in cursor:
            for kind, value in zip(OWNER_COLUMNS, values, strict=True):
                if value:
                    self.owners[kind][value] = (patron_id, username)

    def count(self, rows: list[dict[str, Any]]) -> None:
        """Count new patrons (their patron table columns) for the short queries."""
        add, flags_of, bucket_of = self.tally.add, search_grams.kind_flags, search_grams.bucket_of
        for row in rows:
            flags = flags_of(row["enabled"], row["staff"], row["generic"])
            add(1, row["search_text"], flags, bucket_of(row["sort_key"]))


def stored_patrons(at_most: int) -> int:
    """How many patrons are stored, counting no further than at_most + 1."""
    cursor = database.execute_sql(
        f"SELECT count(*) FROM (SELECT 1 FROM patron LIMIT {int(at_most) + 1}) AS some"
    )
    return int(cursor.fetchone()[0])


def _definitions(kind: str, condition: str) -> list[tuple[str, str]]:
    """The name and CREATE statement of each index or trigger of the patron table."""
    cursor = database.execute_sql(
        f"SELECT name, sql FROM sqlite_master WHERE type = '{kind}' "
        f"AND tbl_name = 'patron' AND sql IS NOT NULL AND {condition} ORDER BY name"
    )
    return [(name, sql) for name, sql in cursor]


@contextmanager
def indexed_once(kind: str, rows: int) -> Iterator[BulkLoad | None]:
    """Around an applied run of a file of about `rows` rows: yields a BulkLoad when the
    patron table is indexed at the end.

    Call inside the run's write transaction (it holds the write lock, so nobody else
    writes patrons until the commit). Yields None, changing nothing, for another kind of
    import, on PostgreSQL, or when the table holds too many patrons for the file.
    """
    if kind != "users" or not dbmod.is_sqlite():
        yield None
        return
    stored = stored_patrons(MOST_STORED)
    if stored > MOST_STORED or stored * ROWS_PER_STORED > rows:
        yield None
        return
    load = BulkLoad()
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
        with search_index.bulk_insert():
            yield load
        load.tally.write()
        for _, sql in indexes + triggers:
            database.execute_sql(sql)
