"""What the blacklist screen lists: one row per address and patron or contact using it."""

from __future__ import annotations

from dataclasses import dataclass

from store.email_health import (
    AddressUse,
    BlacklistEntry,
    SendingStatus,
    list_blacklist,
    sending_status,
    uses_by_address,
)


@dataclass(frozen=True)
class BlacklistRow:
    """An address and one patron or contact using it (None: nobody uses it)."""

    entry: BlacklistEntry
    use: AddressUse | None

    def cells(self) -> tuple[str, str, str, str]:
        """Address, why, who uses it, and as what."""
        who = f"{self.use.username} {self.use.name}" if self.use else ""
        return self.entry.address, self.entry.why, who, self.use.role if self.use else ""

    def describe(self) -> str:
        """Everything about the row in one sentence, for the line under the table."""
        entry = self.entry
        note = f": {entry.detail}" if entry.detail else ""
        users = f"Used by {self.use.who}." if self.use else "No patron or contact uses it."
        since = f"since {entry.at:%Y-%m-%d} (by {entry.added_by})"
        return f"{entry.address}: {entry.why} {since}{note}. {users}"


def load_rows() -> tuple[list[BlacklistRow], SendingStatus]:
    """The rows, alphabetically by address, and the school's sending state (three queries)."""
    grouped = uses_by_address()
    rows: list[BlacklistRow] = []
    for entry in list_blacklist():
        users: list[AddressUse | None] = [*grouped.get(entry.address, [])] or [None]
        rows += [BlacklistRow(entry, use) for use in users]
    uses = [use for found in grouped.values() for use in found]
    return rows, sending_status(uses)
