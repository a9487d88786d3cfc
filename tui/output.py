"""Small helpers the commands share for printing to people and scripts."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from typing import Any


def fail(message: str, status: int = 2) -> int:
    """Print one clear line on stderr and return the exit status to use."""
    print(f"patrons: {message}", file=sys.stderr)
    return status


def print_json(data: Any) -> None:
    """Print one JSON document on stdout."""
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def os_actor() -> str:
    """The actor recorded for the machine's own operator running a command."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "command line"


def positive_int(text: str) -> int:
    """An argparse type for counts such as --limit: a whole number of 1 or more."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of 1 or more")
    return value
