"""`patrons restore FILE`: put a checked backup in place of the database, in one step."""

from __future__ import annotations

import argparse
from pathlib import Path

from store.backup import restore_database

NAME = "restore"
HELP = "replace the database with a backup made by 'patrons backup' (checked first)"
ORDER = 81
# The database may be damaged or too new to open: restoring is how to mend it.
OPENS_DATABASE = False


def configure(parser: argparse.ArgumentParser) -> None:
    """Arguments of `patrons restore`."""
    parser.add_argument("file", help="the backup file to restore")
    parser.add_argument(
        "--force", action="store_true", help="replace the database that is there now"
    )


def run(args: argparse.Namespace) -> int:
    """Restore, and say what was replaced with what."""
    copied = restore_database(Path(args.file), args.db, force=args.force)
    before = "replacing the database that was there" if copied.replaced else "a new database"
    print(
        f"Restored {copied.path} from {args.file} ({before}): {copied.patrons} patrons, "
        f"schema version {copied.schema_version}, readable by you only."
    )
    return 0
