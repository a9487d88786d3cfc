"""`patrons bounces FILE`: take a mail provider's bounce report into the blacklist."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from pathlib import Path

from store.email_health import ingest_bounces
from tui.output import os_actor, print_json

NAME = "bounces"
HELP = "blacklist the hard bounces and complaints of a CSV report (address,type,date)"
ORDER = 61


def configure(parser: argparse.ArgumentParser) -> None:
    """Arguments of `patrons bounces`."""
    parser.add_argument("file", type=Path, help="the bounce report: CSV of address, type, date")
    parser.add_argument("--json", action="store_true", help="print JSON for scripts")


def run(args: argparse.Namespace) -> int:
    """Ingest the report; exit 1 when some lines were bad (they are listed and skipped)."""
    report = ingest_bounces(args.file, os_actor())
    if args.json:
        print_json(asdict(report))
        return 1 if report.bad else 0
    print(
        f"Blacklisted {len(report.added)} address{'es' if len(report.added) != 1 else ''}; "
        f"{len(report.already)} already on the blacklist; "
        f"{len(report.soft)} soft bounce{'s' if len(report.soft) != 1 else ''} left alone."
    )
    for address in report.added:
        print(f"  blacklisted: {address}")
    for bad in report.bad:
        print(f"  line {bad.line} skipped: {bad.problem} ({bad.text})")
    return 1 if report.bad else 0
