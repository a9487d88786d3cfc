"""`patrons contacts FILE`: add email contacts (parents, guardians) to patrons by username."""

from __future__ import annotations

import argparse
from pathlib import Path

from store.importing import parse_fields
from tui.commands.import_ import add_file_options, run_file_import

NAME = "contacts"
HELP = "add email contacts to patrons from a CSV file (preview; --commit applies)"
ORDER = 32


def configure(parser: argparse.ArgumentParser) -> None:
    """Arguments of `patrons contacts`."""
    parser.add_argument("file", type=Path, help="the CSV file: username, email, relationship, name")
    add_file_options(parser, "contacts")


def run(args: argparse.Namespace) -> int:
    """Preview or apply the contacts."""
    fields = tuple(parse_fields("contacts", args.fields)) if args.fields else None
    return run_file_import(args, "contacts", fields)
