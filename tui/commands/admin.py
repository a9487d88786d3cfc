"""`patrons admin create USERNAME`: create a System Administrator."""

from __future__ import annotations

import argparse
import getpass
import sys

from store.accounts import create_administrator
from store.errors import ValidationError
from tui.output import fail, os_actor

NAME = "admin"
HELP = "manage operator accounts (admin create USERNAME)"
ORDER = 10
CREATES_DATABASE = True


def configure(parser: argparse.ArgumentParser) -> None:
    """Arguments of `patrons admin`."""
    sub = parser.add_subparsers(dest="admin_command", metavar="ACTION", required=True)
    create = sub.add_parser("create", help="create a System Administrator")
    create.add_argument("username")
    create.add_argument("--surname", default="", help="surname (default: the username)")
    create.add_argument("--barcode", default="", help="library barcode (default: ADMIN-USERNAME)")
    create.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of standard input (for scripts)",
    )


def _read_password(from_stdin: bool) -> str | None:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        return None
    first = getpass.getpass("Password (at least 8 characters): ")
    second = getpass.getpass("Password again: ")
    if first != second:
        raise ValueError("The two passwords differ; nothing was created. Run the command again.")
    return first


def run(args: argparse.Namespace) -> int:
    """Create the administrator and say so."""
    try:
        password = _read_password(args.password_stdin)
    except ValueError as exc:
        return fail(str(exc))
    if password is None:
        return fail("No terminal to ask for a password: pipe it in with --password-stdin.")
    try:
        patron = create_administrator(
            args.username, password, os_actor(), surname=args.surname, barcode=args.barcode
        )
    except ValidationError as exc:
        return fail(" ".join(p.message for p in exc.problems))
    print(f"Created System Administrator {patron.username} (barcode {patron.barcode}).")
    return 0
