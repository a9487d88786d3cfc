"""Bounce reports: a mail provider's CSV of address, type, date, taken into the blacklist.

Hard bounces and complaints are blacklisted; soft (temporary) bounces are counted and left
alone. The file is read as imports are (encoding and delimiter found by store.importing).
A line that cannot be understood is reported with its number and skipped; a file that
cannot be read at all stops everything, and nothing is written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from store.db import writes
from store.email_health.blacklist import blacklist
from store.emails import InvalidEmail, normalise_email
from store.importing.reading import open_table
from store.text import clean

# Bounce types as providers spell them, and the blacklist reason each means (None: soft).
BOUNCE_TYPES: dict[str, str | None] = {
    **dict.fromkeys(("hard", "hard bounce", "hardbounce", "permanent", "bounce"), "bounce"),
    **dict.fromkeys(("complaint", "spam", "spam report", "spamreport", "abuse"), "complaint"),
    **dict.fromkeys(("soft", "soft bounce", "softbounce", "transient", "temporary"), None),
}
HEADER_WORDS = frozenset({"address", "email", "email address", "recipient"})


@dataclass(frozen=True)
class BadLine:
    """A line of the report that was skipped, and why."""

    line: int
    text: str
    problem: str


@dataclass
class BounceReport:
    """What ingesting one bounce report did."""

    added: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    soft: list[str] = field(default_factory=list)
    bad: list[BadLine] = field(default_factory=list)


def _parse_date(text: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(text)
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment


def _bounce(cells: list[str]) -> tuple[str, str | None, dt.datetime]:
    """(normalised address, blacklist reason or None for soft, when) or ValueError saying why."""
    if len(cells) < 3:
        raise ValueError("expected three columns: address, type, date")
    address, kind, when = (clean(cell) for cell in cells[:3])
    try:
        address = normalise_email(address)
    except InvalidEmail as exc:
        raise ValueError(f"address '{address}' is not an email address: {exc}") from exc
    if kind.casefold() not in BOUNCE_TYPES:
        raise ValueError(f"type '{kind}' is unknown: use hard, soft or complaint")
    try:
        moment = _parse_date(when)
    except ValueError as exc:
        raise ValueError(
            f"date '{when}' is not a date: use YYYY-MM-DD or YYYY-MM-DD HH:MM"
        ) from exc
    return address, BOUNCE_TYPES[kind.casefold()], moment


@writes
def ingest_bounces(path: Path, actor: str) -> BounceReport:
    """Blacklist the hard bounces and complaints of a report; every bad line is reported."""
    report = BounceReport()
    for row in open_table(path).rows():
        number, cells = row.line, row.cells
        if not any(clean(cell) for cell in cells):
            continue
        if number == 1 and clean(cells[0]).casefold() in HEADER_WORDS:
            continue
        try:
            address, reason, moment = _bounce(cells)
        except ValueError as exc:
            report.bad.append(BadLine(number, ",".join(cells), str(exc)))
            continue
        if reason is None:
            report.soft.append(address)
        elif blacklist(address, reason, actor, f"{cells[1].strip()} in {path.name}", moment):
            report.added.append(address)
        else:
            report.already.append(address)
    return report
