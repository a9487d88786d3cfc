"""`patrons demo`: fill a database with realistic sample data to try the program on."""

from __future__ import annotations

import argparse

from store.demo import fill_demo, wipe_all
from store.models import Patron
from tui.output import fail, os_actor

NAME = "demo"
HELP = "fill a database with sample cohorts, classes, groups, staff, students and loans"
ORDER = 90
CREATES_DATABASE = True


def configure(parser: argparse.ArgumentParser) -> None:
    """Arguments of `patrons demo`."""
    parser.add_argument("--patrons", type=int, default=600, help="how many (default 600)")
    parser.add_argument(
        "--force", action="store_true", help="wipe a database that already holds patrons"
    )


def run(args: argparse.Namespace) -> int:
    """Fill the database, refusing one that holds patrons unless --force."""
    if args.patrons < 10:
        return fail(f"--patrons {args.patrons} is too few for a school; use 10 or more.")
    if Patron.select().exists():
        if not args.force:
            return fail(
                "This database already holds patrons; the demo would mix with them. "
                "Use --force to wipe it first, or name another file with --db."
            )
        wipe_all()
    count = fill_demo(args.patrons, os_actor())
    print(f"Filled the database with {count} patrons, their contacts and loans.")
    return 0
