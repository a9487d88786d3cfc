"""`patrons duplicates`: likely duplicate patrons with the reasons, for reports and scripts."""

from __future__ import annotations

import argparse
from dataclasses import asdict

from store.merging.candidates import CandidateGroup, find_candidates
from tui.output import positive_int, print_json

NAME = "duplicates"
HELP = "list groups of patrons who are likely one person, most likely first, with the reasons"
ORDER = 40
WIDTHS = (18, 28, 10, 30)


def configure(parser: argparse.ArgumentParser) -> None:
    """Arguments of `patrons duplicates`."""
    parser.add_argument("--limit", type=positive_int, help="show at most this many groups")
    parser.add_argument("--json", action="store_true", help="print JSON for scripts")


def _as_json(group: CandidateGroup) -> dict[str, object]:
    return {
        "likelihood": group.score,
        "reasons": [asdict(reason) for reason in group.reasons],
        "patrons": [asdict(member) for member in group.members],
    }


def _print_group(number: int, group: CandidateGroup) -> None:
    print(f"{number}. likelihood {group.score}")
    for reason in group.reasons:
        print(f"   - {reason.text}")
    for m in group.members:
        cells = (m.username, m.name, m.cohort, m.email)
        print(
            "   " + "  ".join(c[:w].ljust(w) for c, w in zip(cells, WIDTHS, strict=True)).rstrip()
        )


def run(args: argparse.Namespace) -> int:
    """Print the candidate groups; exit 1 when there are none."""
    groups = find_candidates()
    shown = groups[: args.limit] if args.limit is not None else groups
    if args.json:
        print_json({"total": len(groups), "groups": [_as_json(g) for g in shown]})
        return 0 if groups else 1
    if not groups:
        print("No likely duplicates found.")
        return 1
    for number, group in enumerate(shown, start=1):
        _print_group(number, group)
    more = f" (showing {len(shown)}; use --limit for more)" if len(shown) < len(groups) else ""
    print(f"{len(groups)} group{'s' if len(groups) != 1 else ''} of likely duplicates{more}.")
    return 0
