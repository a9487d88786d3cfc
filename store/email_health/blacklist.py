"""The email blacklist: addresses never used for sending, with why, when and by whom."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from store import audit
from store.db import writes
from store.emails import InvalidEmail, normalise_email
from store.errors import FieldProblem, NotFound, ValidationError
from store.models import BlacklistedEmail, utcnow
from store.text import clean

REASONS: dict[str, str] = {
    "invalid": "invalid address",
    "bounce": "hard bounce",
    "complaint": "complaint",
    "manual": "added by hand",
}
# Addresses mail cannot reach: while a patron uses one, the school's sending is disabled.
UNDELIVERABLE = frozenset({"invalid", "bounce"})
MAX_ADDRESS = 254  # the longest address mail can carry (RFC 5321)
WARNED_FIELDS = {"email": "Primary email", "contact_email": "Contact email"}


@dataclass(frozen=True)
class BlacklistEntry:
    """One blacklisted address as people see it."""

    address: str
    reason: str
    why: str
    detail: str
    at: dt.datetime
    added_by: str


def canonical(address: str) -> str:
    """The form an address is stored and compared in: normalised when valid, else trimmed."""
    text = clean(address)
    try:
        return normalise_email(text)
    except InvalidEmail:
        return text


def _entry(row: BlacklistedEmail) -> BlacklistEntry:
    return BlacklistEntry(
        row.address,
        row.reason,
        REASONS.get(row.reason, row.reason),
        row.detail,
        row.at,
        row.added_by,
    )


def find_entry(address: str) -> BlacklistEntry | None:
    """The blacklist entry for this address (in any valid spelling), if there is one."""
    row = BlacklistedEmail.get_or_none(BlacklistedEmail.address == canonical(address))
    return _entry(row) if row else None


def is_blacklisted(address: str) -> bool:
    """True when mail must never be sent to this address."""
    return find_entry(address) is not None


def list_blacklist() -> list[BlacklistEntry]:
    """Every blacklisted address, alphabetically."""
    return [_entry(row) for row in BlacklistedEmail.select().order_by(BlacklistedEmail.address)]


def blacklist_warning(values: Mapping[str, object]) -> str | None:
    """A sentence to show before saving when an edited email or contact email is blacklisted."""
    warnings = []
    for key, label in WARNED_FIELDS.items():
        raw = clean(values.get(key))
        entry = find_entry(raw) if raw else None
        if entry:
            warnings.append(
                f"{label} {entry.address} is on the blacklist ({entry.why}, "
                f"{entry.at:%Y-%m-%d}): no mail will be sent to it."
            )
    return " ".join(warnings) or None


def blacklist(
    address: str, reason: str, actor: str, detail: str = "", at: dt.datetime | None = None
) -> bool:
    """Put an address on the blacklist; False when it was there already (kept as it was)."""
    if reason not in REASONS:
        raise ValueError(f"unknown blacklist reason {reason!r}")
    key = canonical(address)
    if BlacklistedEmail.get_or_none(BlacklistedEmail.address == key):
        return False
    BlacklistedEmail.create(
        address=key, reason=reason, detail=detail, at=at or utcnow(), added_by=actor
    )
    audit.record(
        actor, "email blacklisted", changes={"address": [None, f"{key} ({REASONS[reason]})"]}
    )
    return True


@writes
def add_by_hand(address: str, actor: str, detail: str = "") -> tuple[BlacklistEntry, bool]:
    """Blacklist an address by hand; returns its entry and whether it was newly added."""
    key = canonical(address)
    if not key:
        raise ValidationError([FieldProblem("address", "Give the email address to blacklist.")])
    if len(key) > MAX_ADDRESS:
        raise ValidationError(
            [
                FieldProblem(
                    "address",
                    f"An email address has at most {MAX_ADDRESS} characters; this one has "
                    f"{len(key)}. Check what was pasted.",
                )
            ]
        )
    added = blacklist(address, "manual", actor, detail)
    entry = find_entry(address)
    assert entry is not None
    return entry, added


@writes
def remove_from_blacklist(address: str, actor: str) -> BlacklistEntry:
    """Take an address off the blacklist, so mail may be sent to it again."""
    row = BlacklistedEmail.get_or_none(BlacklistedEmail.address == canonical(address))
    if row is None:
        raise NotFound(
            f"{clean(address)} is not on the blacklist; 'patrons blacklist list' shows what is."
        )
    entry = _entry(row)
    row.delete_instance()
    audit.record(
        actor, "email unblacklisted", changes={"address": [f"{entry.address} ({entry.why})", None]}
    )
    return entry
