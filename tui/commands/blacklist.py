"""`patrons blacklist list|add|remove ADDRESS`: the addresses no mail is ever sent to."""

from __future__ import annotations

import argparse
from dataclasses import asdict

from store.email_health import add_by_hand, list_blacklist, remove_from_blacklist, uses_by_address
from tui.output import os_actor, print_json

NAME = "blacklist"
HELP = "list the blacklisted email addresses, or add or remove one by hand"
ORDER = 62


def configure(parser: argparse.ArgumentParser) -> None:
    """Arguments of `patrons blacklist`."""
    sub = parser.add_subparsers(dest="blacklist_command", metavar="ACTION", required=True)
    listing = sub.add_parser("list", help="every blacklisted address, why, and who uses it")
    listing.add_argument("--json", action="store_true", help="print JSON for scripts")
    add = sub.add_parser("add", help="blacklist an address by hand")
    add.add_argument("address")
    add.add_argument("--note", default="", help="why, in a few words")
    remove = sub.add_parser("remove", help="take an address off the blacklist")
    remove.add_argument("address")


def _list(as_json: bool) -> int:
    entries = list_blacklist()
    grouped = uses_by_address()
    if as_json:
        print_json(
            [
                {**asdict(e), "used_by": [asdict(u) for u in grouped.get(e.address, [])]}
                for e in entries
            ]
        )
        return 0
    if not entries:
        print("The blacklist is empty.")
    for e in entries:
        users = "; ".join(use.who for use in grouped.get(e.address, [])) or "no patron"
        note = f", {e.detail}" if e.detail else ""
        print(f"{e.address}  {e.why} {e.at:%Y-%m-%d} by {e.added_by}{note}  used by: {users}")
    return 0


def run(args: argparse.Namespace) -> int:
    """List, add or remove; the exit status is 0 unless the store refused."""
    if args.blacklist_command == "list":
        return _list(args.json)
    if args.blacklist_command == "add":
        entry, added = add_by_hand(args.address, os_actor(), args.note)
        if added:
            print(f"Blacklisted {entry.address}; no mail will be sent to it.")
        else:
            print(
                f"{entry.address} was already on the blacklist ({entry.why}, {entry.at:%Y-%m-%d})."
            )
        return 0
    entry = remove_from_blacklist(args.address, os_actor())
    print(
        f"Removed {entry.address} ({entry.why}) from the blacklist; mail may be sent to it again."
    )
    return 0
