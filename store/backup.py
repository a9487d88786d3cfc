"""Backing up and restoring a SQLite database: consistent, owner-only, checked, atomic.

A backup uses SQLite's online backup API, so others keep working while it is taken, and
is written to an owner-only file beside the destination, then renamed into place: a
failed or killed backup never leaves half a file. A restore copies and checks the backup
(integrity, that it is a Patrons database, the schema version) beside the database, then
renames it over the database in one step. PostgreSQL has its own tools for both.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from store import db as dbmod
from store.errors import StoreError
from store.models import Patron, SchemaInfo, database
from store.schema import CURRENT_VERSION

PG_ADVICE = (
    "This database is PostgreSQL: back it up with pg_dump and restore it with pg_restore, "
    "e.g. 'pg_dump --format=custom --file=patrons.dump URL' and "
    "'pg_restore --clean --if-exists --dbname=URL patrons.dump'."
)


class BackupRefused(StoreError):
    """A backup or restore cannot be done as asked; nothing was changed."""


@dataclass(frozen=True)
class Copied:
    """What a backup or restore wrote: where, how many patrons, at which schema version."""

    path: Path
    patrons: int
    schema_version: int
    replaced: bool


def file_problem(exc: OSError, path: Path) -> str:
    """A sentence for a failed file write, saying what to do."""
    if exc.errno == errno.ENOSPC:
        return f"The disk holding {path.parent} is full; free some space or choose another place."
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"You cannot write in {path.parent} (permission or read-only); choose another place."
    if exc.errno == errno.ENOENT:
        return f"The folder {path.parent} does not exist; create it or choose another place."
    return f"{path} cannot be written: {exc.strerror or exc}."


def refuse_existing(path: Path, force: bool) -> bool:
    """Refuse to replace an existing file unless forced; True when one will be replaced."""
    if path.is_dir():
        raise BackupRefused(f"{path} is a folder; name a file in it.")
    if not path.exists():
        return False
    if not force:
        raise BackupRefused(
            f"{path} already exists; name a new file, or add --force to replace it."
        )
    return True


def private_temp_beside(path: Path) -> Path:
    """A new, empty, owner-only file in the folder of `path`, so a rename onto it is atomic."""
    try:
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise BackupRefused(file_problem(exc, path)) from exc
    os.close(fd)
    return Path(name)


def put_in_place(temp: Path, path: Path) -> None:
    """Flush `temp` to disk and rename it onto `path` in one step."""
    with open(temp, "rb+") as written:
        os.fsync(written.fileno())
    os.replace(temp, path)
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def _inspect(conn: sqlite3.Connection, name: str) -> tuple[int, int]:
    """The schema version and patron count of a copy, after checking it is sound."""
    verdict = conn.execute("PRAGMA integrity_check").fetchone()[0]
    if verdict != "ok":
        raise BackupRefused(f"{name} is damaged ({verdict}); use another backup.")
    row = conn.execute(f"SELECT max(version) FROM {SchemaInfo._meta.table_name}").fetchone()
    patrons = conn.execute(f"SELECT count(*) FROM {Patron._meta.table_name}").fetchone()[0]
    version = row[0] or 0
    if not 1 <= version <= CURRENT_VERSION:
        raise BackupRefused(
            f"{name} is at schema version {version}; this program understands versions 1 to "
            f"{CURRENT_VERSION}. Use the Patrons that wrote it, or upgrade this one."
        )
    return version, patrons


def _copy(source: sqlite3.Connection, temp: Path, name: str) -> tuple[int, int]:
    """Copy `source` into the empty file `temp` as a standalone file, and check the copy."""
    target = sqlite3.connect(temp)
    try:
        source.backup(target)
        target.execute("PRAGMA journal_mode=DELETE")
        return _inspect(target, name)
    except sqlite3.DatabaseError as exc:
        if isinstance(exc, sqlite3.OperationalError) and "full" in str(exc).lower():
            raise BackupRefused(
                f"The disk holding {temp.parent} is full; free some space or choose another "
                "place. Nothing was written."
            ) from exc
        raise BackupRefused(
            f"{name} is not a Patrons database ({exc}); name a file made by 'patrons backup'."
        ) from exc
    finally:
        target.close()


def backup_database(dest: Path, force: bool = False) -> Copied:
    """Copy the open SQLite database to `dest` (owner-only) while others keep working."""
    if not dbmod.is_sqlite():
        raise BackupRefused(PG_ADVICE)
    live = Path(database.database)
    dest = dest.expanduser()
    if dest.exists() and dest.resolve() == live.resolve():
        raise BackupRefused(f"{dest} is the database itself; name another file for the backup.")
    replaced = refuse_existing(dest, force)
    temp = private_temp_beside(dest)
    try:
        version, patrons = _copy(database.connection(), temp, str(live))
        put_in_place(temp, dest)
    except OSError as exc:
        raise BackupRefused(file_problem(exc, dest)) from exc
    finally:
        temp.unlink(missing_ok=True)
    return Copied(dest, patrons, version, replaced)


def _take_offline(live: Path) -> None:
    """Make sure nobody uses the database, and fold its write-ahead log into it.

    Leaving WAL mode needs the only connection; a damaged file's side files are removed,
    since they belong to the file being replaced.
    """
    conn = sqlite3.connect(live, timeout=1)
    try:
        conn.execute("PRAGMA journal_mode=DELETE").fetchone()
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc).lower() or "busy" in str(exc).lower():
            raise BackupRefused(
                f"{live} is in use by another Patrons; ask everyone to close it, then restore."
            ) from exc
        _remove_side_files(live)
    except sqlite3.DatabaseError:
        _remove_side_files(live)
    finally:
        conn.close()


def _remove_side_files(live: Path) -> None:
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{live}{suffix}").unlink(missing_ok=True)


def restore_database(source: Path, target: str | None, force: bool = False) -> Copied:
    """Replace the SQLite database named by `target` with a checked copy of `source`."""
    live = dbmod.sqlite_file(dbmod.resolve_target(target))
    if live is None:
        raise BackupRefused(PG_ADVICE)
    source = source.expanduser()
    if not source.is_file():
        raise BackupRefused(f"There is no backup file {source}; check the name and folder.")
    if live.exists() and live.samefile(source):
        raise BackupRefused(f"{source} is the database itself; name a backup file to restore.")
    replaced = live.exists() and live.stat().st_size > 0
    if replaced and not force:
        raise BackupRefused(
            f"{live} already holds a database; restoring would replace it. Take a backup of "
            "it first if you may need it, then run the restore again with --force."
        )
    live.parent.mkdir(parents=True, exist_ok=True)
    temp = private_temp_beside(live)
    try:
        reader = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        try:
            version, patrons = _copy(reader, temp, str(source))
        finally:
            reader.close()
        if replaced:
            _take_offline(live)
        put_in_place(temp, live)
    except OSError as exc:
        raise BackupRefused(file_problem(exc, live)) from exc
    finally:
        temp.unlink(missing_ok=True)
    return Copied(live, patrons, version, replaced)
