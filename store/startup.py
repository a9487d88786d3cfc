"""Opening the store: connect, bind the models, and bring the schema up to date."""

from __future__ import annotations

from peewee import DatabaseError

from store import db as dbmod
from store.models import database
from store.schema import ensure_schema


def open_database(target: str | None = None, create: bool = True) -> str:
    """Open the database named by a path or URL (or PATRONS_DB, or the default file).

    Returns the target as it may be shown to a person (passwords hidden).
    """
    resolved = dbmod.resolve_target(target)
    dbmod.bind(dbmod.connect(resolved, create=create))
    try:
        ensure_schema()
    except DatabaseError as exc:
        close_database()
        raise dbmod.unavailable(exc) from exc
    except Exception:
        close_database()
        raise
    return dbmod.describe(resolved)


def close_database() -> None:
    """Close this thread's connection, if open."""
    if database.obj is not None and not database.is_closed():
        database.close()
