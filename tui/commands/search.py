"""`patrons search TEXT`: the app's search, for scripts and staff without the full screen."""

from __future__ import annotations

import argparse
from dataclasses import asdict

from store.search import ROLE_FILTERS, STATUS_FILTERS, search
from tui.output import positive_int, print_json

NAME = "search"
HELP = "find patrons by any part of name, username, barcode, admin ID or email"
ORDER = 20


def configure(parser: argparse.ArgumentParser) -> None:
    """Arguments of `patrons search`."""
    parser.add_argument("text", help="what to look for (case and accents ignored)")
    parser.add_argument(
        "--limit", type=positive_int, default=50, help="at most this many (default 50)"
    )
    parser.add_argument("--status", choices=STATUS_FILTERS, default="all")
    parser.add_argument("--role", choices=ROLE_FILTERS, default="all")
    parser.add_argument("--json", action="store_true", help="print JSON for scripts")


def run(args: argparse.Namespace) -> int:
    """Print the matches; exit 1 when nothing matched."""
    page = search(args.text, status=args.status, role=args.role, limit=args.limit)
    if args.json:
        print_json({"total": page.total, "patrons": [asdict(row) for row in page.rows]})
        return 0 if page.total else 1
    if not page.rows:
        print(f"No patron matches '{args.text}'.")
        return 1
    widths = (16, 28, 14, 8, 8)
    header = ("USERNAME", "NAME", "BARCODE", "COHORT", "STATUS")
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    for row in page.rows:
        cells = (row.username, row.name, row.barcode, row.cohort, row.status)
        print("  ".join(c[:w].ljust(w) for c, w in zip(cells, widths, strict=True)))
    shown = len(page.rows)
    more = f" (showing {shown}; use --limit for more)" if page.total > shown else ""
    print(f"{page.total} patron{'s' if page.total != 1 else ''} found{more}.")
    return 0
