"""Records side by side: every field of each, which fields differ, and default choices."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from store.fields import PROFILE_FIELDS
from store.models import Patron
from store.patrons import get_patron
from store.profiles import profile_of
from store.rules import Profile

UNION_FIELDS = frozenset({"system_groups"})  # every record's groups survive, not a choice
CHOSEN_FIELDS: tuple[str, ...] = tuple(k for k in PROFILE_FIELDS if k not in UNION_FIELDS)
PASSWORD_SET = "(set)"


@dataclass(frozen=True)
class Comparison:
    """Patrons to merge, each as a profile (password shown only as set or not)."""

    ids: tuple[int, ...]
    profiles: dict[int, Profile]
    versions: dict[int, int]

    def without(self, patron_id: int) -> Comparison:
        """The same comparison with one record left out."""
        return Comparison(
            tuple(pid for pid in self.ids if pid != patron_id),
            {pid: p for pid, p in self.profiles.items() if pid != patron_id},
            {pid: v for pid, v in self.versions.items() if pid != patron_id},
        )

    def differs(self, field: str) -> bool:
        """True when the records do not all hold the same value for the field."""
        return len({value_text(self.profiles[pid][field]) for pid in self.ids}) > 1


def comparable_profile(patron: Patron) -> Profile:
    """The patron's profile with the password as PASSWORD_SET or blank."""
    return {**profile_of(patron), "password": PASSWORD_SET if patron.password_hash else ""}


def compare_patrons(ids: Sequence[int]) -> Comparison:
    """Load the patrons to compare, in the order given (NotFound if one is gone)."""
    patrons = [get_patron(pid) for pid in dict.fromkeys(ids)]
    return Comparison(
        tuple(p.id for p in patrons),
        {p.id: comparable_profile(p) for p in patrons},
        {p.id: p.version for p in patrons},
    )


def is_blank(value: object) -> bool:
    """True for a value a person would call empty."""
    return value is None or value == "" or value == ()


def default_choices(comparison: Comparison, target_id: int) -> dict[str, int]:
    """For each field, whose value survives: the target's, or the first other's if blank."""
    others = [pid for pid in comparison.ids if pid != target_id]
    choices = {}
    for field in CHOSEN_FIELDS:
        source = target_id
        if is_blank(comparison.profiles[target_id][field]):
            filled = [pid for pid in others if not is_blank(comparison.profiles[pid][field])]
            source = filled[0] if filled else target_id
        choices[field] = source
    return choices


def value_text(value: object) -> str:
    """A field value as text for people: yes/no, dates as YYYY-MM-DD, groups joined."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return ", ".join(str(item) for item in value)
    return str(value)
