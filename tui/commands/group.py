"""`patrons group`: library groups and their members, for scripts.

Exit status of add/remove: 0 when every username was applied, 1 when some usernames are
unknown (the rest are applied), 2 when nothing could be done.
"""

from __future__ import annotations

import argparse
import sys

from store import groups, settings
from tui.output import fail, os_actor, print_json

NAME = "group"
HELP = "library groups and their members (group create|add|remove|list)"
ORDER = 40
PAGE = 500


def configure(parser: argparse.ArgumentParser) -> None:
    """Arguments of `patrons group`."""
    sub = parser.add_subparsers(dest="group_command", metavar="ACTION", required=True)
    create = sub.add_parser("create", help="create a library group with its circulation rights")
    create.add_argument("name")
    create.add_argument("--max-loans", default="5", metavar="N", help="default 5")
    create.add_argument("--loan-days", default="14", metavar="N", help="default 14")
    create.add_argument("--no-reserve", action="store_true", help="members may not reserve")
    for action, verb in (("add", "put patrons in"), ("remove", "take patrons out of")):
        change = sub.add_parser(action, help=f"{verb} a library group")
        change.add_argument("group")
        change.add_argument("usernames", nargs="*", metavar="USERNAME")
        change.add_argument(
            "--from", dest="from_file", metavar="FILE", help="one username a line ('-': stdin)"
        )
        change.add_argument("--dry-run", action="store_true", help="say what would change only")
    listing = sub.add_parser("list", help="the members of a group, or every group")
    listing.add_argument("group", nargs="?")
    listing.add_argument("--json", action="store_true", help="print JSON for scripts")


def _read_usernames(path: str) -> list[str]:
    """Usernames from a file, one a line; blank lines and lines starting with # skipped."""
    if path == "-":
        lines = sys.stdin.read().splitlines()
    else:
        with open(path, encoding="utf-8-sig") as file:
            lines = file.read().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def _change(args: argparse.Namespace) -> int:
    group = groups.find_library_group(args.group)
    names = list(args.usernames)
    if args.from_file:
        try:
            names += _read_usernames(args.from_file)
        except (OSError, UnicodeDecodeError) as exc:
            reason = getattr(exc, "strerror", None) or "it is not UTF-8 text"
            return fail(f"Cannot read {args.from_file}: {reason}. Nothing was changed.")
    if not names:
        return fail("Name at least one username, or a file with --from FILE.")
    ids, unknown = groups.patrons_named(names)
    if unknown:
        shown = ", ".join(name.encode("utf-8", "backslashreplace").decode() for name in unknown)
        print(f"patrons: unknown usernames, not applied: {shown}", file=sys.stderr)
    if not ids:
        return fail(f"None of the usernames is known; {group.name} was not changed.")
    draft = groups.MembershipDraft(group.id)
    (draft.add if args.group_command == "add" else draft.remove)(ids)
    plan = (
        groups.plan_membership(draft)
        if args.dry_run
        else groups.apply_membership(draft, os_actor())
    )
    for change in plan.moving:
        print(f"{change.username} moves from {change.before} to {plan.group}.")
    print(" ".join(plan.sentences()))
    changed = len(plan.joining) + len(plan.leaving)
    if changed < len(ids):
        state = "already in" if args.group_command == "add" else "not in"
        rest = len(ids) - changed
        print(f"{rest} of the patrons named {'was' if rest == 1 else 'were'} {state} {plan.group}.")
    if args.dry_run:
        print("Dry run: nothing was saved.")
    return 1 if unknown else 0


def _members(count: int) -> str:
    return f"{count} member" if count == 1 else f"{count} members"


def _list(args: argparse.Namespace) -> int:
    if args.group is None:
        items = settings.list_library_groups()
        if args.json:
            print_json([{"name": i.name, "members": i.patrons, **i.values} for i in items])
            return 0
        for item in items:
            print(f"{item.name}: {_members(item.patrons)}; {item.detail}")
        return 0
    draft = groups.MembershipDraft(groups.find_library_group(args.group).id)
    rows: list[groups.MemberRow] = []
    page = groups.selected(draft, limit=PAGE)
    while page.rows:
        rows += page.rows
        page = groups.selected(draft, limit=PAGE, offset=len(rows))
    if args.json:
        print_json([{"username": r.username, "name": r.name, "barcode": r.barcode} for r in rows])
        return 0
    for row in rows:
        print(f"{row.username:<20} {row.name[:36]:<36} {row.barcode}")
    print(f"{_members(len(rows))}.")
    return 0


def run(args: argparse.Namespace) -> int:
    """Create a group, change its members or list them."""
    if args.group_command == "create":
        group = settings.create_library_group(
            args.name, args.max_loans, args.loan_days, may_reserve=not args.no_reserve
        )
        print(f"Created library group {group.name}: {settings.rights_of(group)}.")
        return 0
    if args.group_command == "list":
        return _list(args)
    return _change(args)
