"""`patrons backup FILE`: a consistent, owner-only copy of the database, taken live."""

from __future__ import annotations

import argparse
from pathlib import Path

from store.backup import backup_database

NAME = "backup"
HELP = "copy the database to FILE (readable by you only) while others keep working"
ORDER = 80


def configure(parser: argparse.ArgumentParser) -> None:
    """Arguments of `patrons backup`."""
    parser.add_argument("file", help="the backup file to write")
    parser.add_argument("--force", action="store_true", help="replace FILE if it exists")


def run(args: argparse.Namespace) -> int:
    """Take the backup and say what it holds and how to restore it."""
    copied = backup_database(Path(args.file), force=args.force)
    verb = "Replaced" if copied.replaced else "Wrote"
    print(
        f"{verb} {copied.path}: {copied.patrons} patrons, schema version "
        f"{copied.schema_version}, readable by you only. "
        f"Restore it with: patrons restore {copied.path}"
    )
    return 0
