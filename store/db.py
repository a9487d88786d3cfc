"""Opening the database, and running writes safely when several operators share it."""

from __future__ import annotations

import functools
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import ParamSpec, TypeVar

import platformdirs
from peewee import (
    Database,
    DatabaseError,
    ImproperlyConfigured,
    InterfaceError,
    OperationalError,
    PostgresqlDatabase,
    SqliteDatabase,
)
from playhouse import db_url
from psycopg.errors import TransactionRollback

from store.errors import DatabaseBusy, DatabaseUnavailable
from store.models import database

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 5000,
    "synchronous": "normal",
    # Searches read the patron table and its indexes at random: mapping the file into
    # memory and a larger page cache keep those reads off system calls.
    "mmap_size": 256 * 1024 * 1024,
    "cache_size": -64 * 1024,
}
POSTGRES_DEFAULTS = {"connect_timeout": 10}
LOCK_RETRIES = 3

P = ParamSpec("P")
T = TypeVar("T")


def default_database_path() -> Path:
    """Where the database lives when neither --db nor PATRONS_DB says otherwise."""
    return platformdirs.user_data_path("patrons") / "patrons.db"


def resolve_target(target: str | None) -> str:
    """The database to use: the given path or URL, else PATRONS_DB, else the default file."""
    return target or os.environ.get("PATRONS_DB") or str(default_database_path())


def describe(target: str) -> str:
    """A URL or path fit to show a person: any password in it is hidden."""
    if "://" in target and "@" in target:
        scheme, rest = target.split("://", 1)
        credentials, host = rest.rsplit("@", 1)
        user = credentials.split(":", 1)[0]
        return f"{scheme}://{user}:***@{host}" if ":" in credentials else target
    return target


def _sqlite_path(target: str) -> str | None:
    if "://" not in target:
        return target
    if target.startswith("sqlite:///"):
        return target[len("sqlite:///") :]
    return None


def sqlite_file(target: str) -> Path | None:
    """The SQLite file a path or URL names; None for a server database or :memory:."""
    path = _sqlite_path(target)
    if path is None or path == ":memory:":
        return None
    return Path(path).expanduser()


def _create_private_file(path: Path) -> None:
    """Create an empty database file readable and writable by its owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)


def connect(target: str, create: bool = True) -> Database:
    """Build (but do not bind) a peewee database for a path or URL.

    A missing SQLite file is created (owner-only) when `create` is true, else refused.
    """
    path = _sqlite_path(target)
    if path is not None:
        file = Path(path).expanduser()
        if path != ":memory:" and not file.exists():
            if not create:
                raise DatabaseUnavailable(
                    f"There is no database at {file}. Check the path given by --db or "
                    "PATRONS_DB, or create one with 'patrons admin create'."
                )
            try:
                _create_private_file(file)
            except OSError as exc:
                raise DatabaseUnavailable(
                    f"Cannot create the database {file}: {exc.strerror}. "
                    "Choose a folder you can write to with --db."
                ) from exc
        return SqliteDatabase(str(file), pragmas=SQLITE_PRAGMAS, lock_type="IMMEDIATE", timeout=5)
    try:
        if target.startswith(("postgresql://", "postgres://")):
            # A server that does not answer is reported after a few seconds, not minutes.
            return db_url.connect(
                target, unquote_user=True, unquote_password=True, **POSTGRES_DEFAULTS
            )
        return db_url.connect(target)
    except Exception as exc:
        raise DatabaseUnavailable(
            f"Cannot use the database URL {describe(target)}: {exc}. "
            "Use sqlite:///PATH or postgresql://USER@HOST/NAME."
        ) from exc


def bind(db: Database) -> None:
    """Make `db` the database every model uses, and connect to it."""
    database.initialize(db)
    try:
        db.connect(reuse_if_open=True)
    except (DatabaseError, InterfaceError, ImproperlyConfigured, sqlite3.Error, OSError) as exc:
        raise unavailable(exc) from exc


def is_sqlite() -> bool:
    """True when the bound database is SQLite."""
    return isinstance(database.obj, SqliteDatabase)


def is_postgres() -> bool:
    """True when the bound database is PostgreSQL."""
    return isinstance(database.obj, PostgresqlDatabase)


def unavailable(exc: BaseException) -> DatabaseUnavailable:
    """Turn a driver error into a sentence saying what is wrong and what to do."""
    while "no transaction is active" in str(exc) and exc.__context__ is not None:
        # SQLite already rolled back (e.g. on a full disk); the failed second rollback
        # would hide the cause, which is the error it happened during.
        exc = exc.__context__
    text = str(exc).lower()
    if "readonly" in text or "read-only" in text:
        hint = "The database file is read-only. Ask IT to make it writable for you."
    elif "full" in text:
        hint = "The disk holding the database is full. Free some space and try again."
    elif "not a database" in text or "malformed" in text:
        hint = "The file is not a Patrons database, or it is damaged. Restore a backup."
    elif "unable to open" in text:
        hint = "The database file cannot be opened. Check the path and its permissions."
    elif "connection refused" in text or "could not translate host" in text or "timeout" in text:
        hint = "The database server does not answer. Check the host and port in the URL."
    elif "password authentication failed" in text or "no password supplied" in text:
        hint = "The database server refused the user name or password in the URL."
    elif "database" in text and "does not exist" in text:
        hint = "The database named in the URL does not exist on that server. Ask IT to create it."
    else:
        hint = f"The database reported: {exc}."
    return DatabaseUnavailable(hint)


RETRYABLE = (
    "database is locked",  # SQLite: another writer holds the file
    "database is busy",
    "deadlock detected",  # PostgreSQL: two writers waited on each other; one was stopped
    "could not serialize access",
)

# peewee passes PostgreSQL's deadlock and serialization failures through unwrapped.
RETRYABLE_ERRORS = (OperationalError, TransactionRollback)


def _is_locked(exc: BaseException) -> bool:
    text = str(exc).lower()
    return any(reason in text for reason in RETRYABLE)


@contextmanager
def write_transaction() -> Iterator[None]:
    """One all-or-nothing write; begins IMMEDIATE on SQLite so concurrent writers queue."""
    try:
        with database.atomic():
            yield
    except RETRYABLE_ERRORS as exc:
        if _is_locked(exc):
            raise
        raise unavailable(exc) from exc


def writes(func: Callable[P, T]) -> Callable[P, T]:
    """Run a write service in one transaction, retrying while another writer holds the lock."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        if database.transaction_depth() > 0:
            return func(*args, **kwargs)
        for attempt in range(LOCK_RETRIES + 1):
            try:
                with write_transaction():
                    return func(*args, **kwargs)
            except RETRYABLE_ERRORS as exc:
                if not _is_locked(exc):
                    raise unavailable(exc) from exc
                time.sleep(0.05 * (attempt + 1))
        raise DatabaseBusy(
            "The database is busy: another operator or an import is writing to it. "
            "Try again in a moment."
        )

    return wrapper
