"""The schema version: create a new database, migrate an older one, refuse a newer one."""

from __future__ import annotations

from collections.abc import Callable

from peewee import Database

from store import db as dbmod
from store import search_grams
from store.errors import SchemaTooNew
from store.models import MODELS, SchemaInfo, database
from store.search_grams import POSTGRES_GRAM_INDEX, SQLITE_GRAM_INDEX

SQLITE_SEARCH_INSERT_TRIGGER = (
    "CREATE TRIGGER IF NOT EXISTS patron_search_ai AFTER INSERT ON patron BEGIN "
    "INSERT INTO patron_search(rowid, search_text) VALUES (new.id, new.search_text); END"
)
SQLITE_SEARCH_INDEX = [
    # A trigram index over the folded search text, kept in step with the patron table.
    # The text is folded already, so the index compares it exactly (case_sensitive 1),
    # as a substring test and PostgreSQL's LIKE do: both engines find the same patrons.
    "CREATE VIRTUAL TABLE IF NOT EXISTS patron_search USING fts5("
    "search_text, content='patron', content_rowid='id', tokenize='trigram case_sensitive 1')",
    SQLITE_SEARCH_INSERT_TRIGGER,
    "CREATE TRIGGER IF NOT EXISTS patron_search_ad AFTER DELETE ON patron BEGIN "
    "INSERT INTO patron_search(patron_search, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS patron_search_au AFTER UPDATE OF search_text ON patron BEGIN "
    "INSERT INTO patron_search(patron_search, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO patron_search(rowid, search_text) VALUES (new.id, new.search_text); END",
    # Queries of one or two characters walk the patrons in result order until the page is
    # full; this index holds all that walk reads, so it never visits the table's rows.
    "CREATE INDEX IF NOT EXISTS patron_sort_walk "
    "ON patron (sort_key, id, search_text, enabled, staff, generic)",
    # The few candidates of a longer query are sorted by their sort keys, read from this
    # narrow index rather than from the table's wide rows.
    "CREATE INDEX IF NOT EXISTS patron_sort_by_id "
    "ON patron (id, sort_key, enabled, staff, generic)",
]

POSTGRES_SEARCH_INDEX = [
    # pg_trgm answers LIKE '%text%' from a GIN trigram index (a trusted extension: the
    # database's owner may create it).
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS patron_search_trgm ON patron USING gin (search_text gin_trgm_ops)",
    # Results are ordered by code point, as SQLite orders text, whatever the database's
    # locale: the sort key (and its index) use the "C" collation.
    'ALTER TABLE patron ALTER COLUMN sort_key TYPE TEXT COLLATE "C"',
]


def _create_version_1(db: Database) -> None:
    db.create_tables(MODELS)
    # Exactly one current academic period: a partial unique index guards it.
    db.execute_sql(
        "CREATE UNIQUE INDEX IF NOT EXISTS academic_period_one_current "
        "ON academic_period (is_current) WHERE is_current"
    )
    if dbmod.is_sqlite():
        statements = SQLITE_SEARCH_INDEX + SQLITE_GRAM_INDEX
    else:
        statements = POSTGRES_SEARCH_INDEX + POSTGRES_GRAM_INDEX
    for statement in statements:
        db.execute_sql(statement)


POSTGRES_SORT_WALK_INDEX = (
    # Short queries walk the patrons in result order through stretches of the sort key;
    # with everything the walk tests in the index, PostgreSQL reads no table rows (once
    # vacuum has marked the pages all-visible, as autovacuum does after an import).
    "CREATE INDEX IF NOT EXISTS patron_sort_walk ON patron (sort_key, id) "
    "INCLUDE (search_text, enabled, staff, generic)"
)


def _walk_short_queries_by_bucket(db: Database) -> None:
    """Version 2: the short-query counts are kept per first character of the sort key,
    and PostgreSQL gets the covering index that walks them (SQLite has it since 1)."""
    search_grams.rebuild()
    if dbmod.is_postgres():
        db.execute_sql(POSTGRES_SORT_WALK_INDEX)


# MIGRATIONS[n] brings a database from version n to version n + 1 (0 means empty).
MIGRATIONS: list[Callable[[Database], None]] = [_create_version_1, _walk_short_queries_by_bucket]
CURRENT_VERSION = len(MIGRATIONS)


def stored_version(db: Database) -> int:
    """The schema version written in the database; 0 for an empty one."""
    if not SchemaInfo.table_exists():
        return 0
    row = SchemaInfo.select().first()
    return row.version if row else 0


def ensure_schema() -> int:
    """Bring the bound database to CURRENT_VERSION, or refuse one that is newer.

    Each migration runs in the same transaction as the version bump: all or nothing.
    """
    db = database.obj
    version = stored_version(db)
    if version > CURRENT_VERSION:
        raise SchemaTooNew(
            f"This database is at schema version {version}, written by a newer Patrons; "
            f"this program understands up to version {CURRENT_VERSION}. "
            "Upgrade Patrons before using this database."
        )
    if version == CURRENT_VERSION:
        return version
    with dbmod.write_transaction():
        for step in MIGRATIONS[version:]:
            step(db)
        SchemaInfo.delete().execute()
        SchemaInfo.create(version=CURRENT_VERSION)
    return CURRENT_VERSION
