"""`patrons check-emails`: the daily check of every address patrons hold (meant for cron)."""

from __future__ import annotations

import argparse
from dataclasses import asdict

from store.email_health import CheckReport, check_emails, uses_by_address
from tui.output import os_actor, print_json

NAME = "check-emails"
HELP = "check every primary and contact email; blacklist the invalid ones (exit 1 if any found)"
ORDER = 60


def configure(parser: argparse.ArgumentParser) -> None:
    """Arguments of `patrons check-emails`."""
    parser.add_argument(
        "--deliverability",
        action="store_true",
        help="also ask DNS whether each domain takes mail (needs a network)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON for scripts")


def _as_json(report: CheckReport) -> dict[str, object]:
    return {
        "checked": report.checked,
        "invalid": [asdict(bad) for bad in report.invalid],
        "newly_blacklisted": report.newly_blacklisted,
        "normalised": [{"from": old, "to": new} for old, new in report.normalised],
        "not_normalised": report.not_normalised,
        "unknown": report.unknown,
        "blacklisted_in_use": [asdict(use) for use in report.uses],
        "sending_disabled": report.status.disabled,
        "sending_reason": report.status.reason,
    }


def _print_summary(report: CheckReport) -> None:
    print(
        f"Checked {report.checked} address{'es' if report.checked != 1 else ''}: "
        f"{len(report.invalid)} invalid ({report.newly_blacklisted} newly blacklisted), "
        f"{len(report.normalised)} normalised."
    )
    for bad in report.invalid:
        print(f"  invalid: {bad.address}: {bad.problem}")
    for old, new in report.normalised:
        print(f"  normalised: {old} -> {new}")
    for line in report.not_normalised:
        print(f"  not normalised: {line}")
    if report.unknown:
        print(f"  deliverability unknown for {len(report.unknown)}, e.g. {report.unknown[0]}")
    grouped = uses_by_address(report.uses)
    if grouped:
        print("Blacklisted addresses still in use (no mail is sent to them):")
    for address, uses in grouped.items():
        print(f"  {address} ({uses[0].why}): {'; '.join(use.who for use in uses)}")
    print(report.status.reason or "Email sending is enabled.")


def run(args: argparse.Namespace) -> int:
    """Run the check; exit 1 when an invalid or blacklisted address is in use."""
    report = check_emails(os_actor(), deliverability=args.deliverability)
    if args.json:
        print_json(_as_json(report))
    else:
        _print_summary(report)
    return 1 if report.found else 0
