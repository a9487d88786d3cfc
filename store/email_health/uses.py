"""Who uses a blacklisted address, and whether the school's email sending is disabled.

Nothing here is stored: flags and the sending state are worked out from the blacklist and
the addresses patrons hold now, so correcting an address lifts its flag at once, and
sending is enabled again as soon as no undeliverable address is left in use.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from store.email_health.blacklist import REASONS, UNDELIVERABLE
from store.models import BlacklistedEmail, Contact, Patron
from store.profiles import display_name


@dataclass(frozen=True)
class AddressUse:
    """A patron's primary email or one of their contacts that is on the blacklist."""

    address: str
    reason: str
    patron_id: int
    username: str
    name: str
    role: str
    contact_id: int | None = None

    @property
    def why(self) -> str:
        """Why the address is blacklisted, in words."""
        return REASONS.get(self.reason, self.reason)

    @property
    def who(self) -> str:
        """The patron and the place the address is held, e.g. "s00017 Zoë Smith (contact)"."""
        return f"{self.username} {self.name} ({self.role})"


@dataclass(frozen=True)
class SendingStatus:
    """Whether the school's email sending is disabled, and the addresses to blame."""

    addresses: list[str]

    @property
    def disabled(self) -> bool:
        """True while any patron or contact uses an address mail cannot reach."""
        return bool(self.addresses)

    @property
    def summary(self) -> str:
        """One short sentence (empty while sending is enabled)."""
        if not self.addresses:
            return ""
        count = f"{len(self.addresses)} address{'es' if len(self.addresses) != 1 else ''}"
        return (
            f"Email sending is disabled: {count} in use cannot receive mail "
            "(invalid or hard bounce)."
        )

    @property
    def reason(self) -> str:
        """The summary with every address and what to do (empty while sending is enabled)."""
        if not self.addresses:
            return ""
        listed = ", ".join(self.addresses)
        return f"{self.summary} {listed}. Correct them on the patrons, or remove them."


def blacklisted_uses() -> list[AddressUse]:
    """Every patron and contact using a blacklisted address (in two queries), by address."""
    columns = (Patron.id, Patron.username, Patron.given_name, Patron.preferred_name, Patron.surname)
    primary = (
        Patron.select(*columns, BlacklistedEmail.address, BlacklistedEmail.reason)
        .join(BlacklistedEmail, on=(Patron.email == BlacklistedEmail.address))
        .dicts()
    )
    contacts = (
        Contact.select(
            *columns,
            BlacklistedEmail.address,
            BlacklistedEmail.reason,
            Contact.id.alias("contact_id"),
            Contact.relationship,
        )
        .join(Patron, on=(Contact.patron == Patron.id))
        .join(BlacklistedEmail, on=(Contact.email == BlacklistedEmail.address))
        .dicts()
    )
    uses = [_use(row, "primary email") for row in cast(list[dict[str, Any]], list(primary))]
    for row in cast(list[dict[str, Any]], list(contacts)):
        role = f"contact ({row['relationship']})" if row["relationship"] else "contact"
        uses.append(_use(row, role, row["contact_id"]))
    return sorted(uses, key=lambda u: (u.address, u.username.casefold(), u.contact_id or 0))


def _use(row: dict[str, Any], role: str, contact_id: int | None = None) -> AddressUse:
    return AddressUse(
        address=row["address"],
        reason=row["reason"],
        patron_id=row["id"],
        username=row["username"],
        name=display_name(row["given_name"], row["preferred_name"], row["surname"]),
        role=role,
        contact_id=contact_id,
    )


def uses_by_address(uses: list[AddressUse] | None = None) -> dict[str, list[AddressUse]]:
    """The blacklisted addresses in use, each with who uses it."""
    grouped: dict[str, list[AddressUse]] = {}
    for use in blacklisted_uses() if uses is None else uses:
        grouped.setdefault(use.address, []).append(use)
    return grouped


def sending_status(uses: list[AddressUse] | None = None) -> SendingStatus:
    """Sending is disabled while any patron or contact uses an address mail cannot reach."""
    uses = blacklisted_uses() if uses is None else uses
    return SendingStatus(sorted({u.address for u in uses if u.reason in UNDELIVERABLE}))


def email_alert() -> str | None:
    """The home screen's banner text, or None when every address in use may receive mail."""
    uses = blacklisted_uses()
    status = sending_status(uses)
    if status.disabled:
        return status.summary
    if uses:
        patrons = len({u.patron_id for u in uses})
        return (
            f"{patrons} patron{'s use' if patrons != 1 else ' uses'} a blacklisted address; "
            "no mail is sent to it."
        )
    return None
