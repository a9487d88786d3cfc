"""`patrons rename FILE`: give patrons new usernames (two columns: username, new username)."""

from __future__ import annotations

import argparse
from pathlib import Path

from tui.commands.import_ import add_file_options, run_file_import

NAME = "rename"
HELP = "rename patrons from a CSV file of username, new username (preview; --commit applies)"
ORDER = 31


def configure(parser: argparse.ArgumentParser) -> None:
    """Arguments of `patrons rename`."""
    parser.add_argument("file", type=Path, help="the CSV file: username, new username")
    add_file_options(parser, "rename")


def run(args: argparse.Namespace) -> int:
    """Preview or apply the renames."""
    return run_file_import(args, "rename", ("username", "new_username"))
