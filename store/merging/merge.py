"""Merge two or more patrons into one target, in one transaction, ready to be undone.

The target takes the chosen value of each field; loans, contacts (without duplicates),
form class memberships and system groups (a union) move to it; the others are removed.
A primary email that does not survive is kept as a contact, so nothing held is lost.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from peewee import IntegrityError

from store import audit
from store.db import writes
from store.errors import StoreError, VersionConflict
from store.fields import LABELS, SYSTEM_GROUPS
from store.merging.compare import CHOSEN_FIELDS, Comparison, compare_patrons, default_choices
from store.merging.moves import Moved, move_belongings, target_state
from store.merging.snapshot import memberships_image, row_image
from store.models import MergeRecord, Patron, utcnow
from store.patrons import judge, patron_columns, set_form_class, set_system_groups
from store.profiles import current_form_class
from store.references import DatabaseReferences
from store.rules import Profile


class MergeRefused(StoreError):
    """The merge cannot be done as asked; the message says why and what to do."""


@dataclass(frozen=True)
class MergeOutcome:
    """A finished merge: the surviving patron and what was taken from each other record."""

    merge_id: int
    target_id: int
    username: str
    merged: tuple[str, ...]
    taken: dict[str, str]


class MergeReferences(DatabaseReferences):
    """The rules' lookups, treating values held by the records being merged as free."""

    def __init__(self, ids: Sequence[int]) -> None:
        self.ids = frozenset(ids)

    def _free(self, owner: tuple[int, str] | None) -> tuple[int, str] | None:
        return None if owner and owner[0] in self.ids else owner

    def owner_of_username(self, username_key: str) -> tuple[int, str] | None:
        return self._free(super().owner_of_username(username_key))

    def owner_of_barcode(self, barcode: str) -> tuple[int, str] | None:
        return self._free(super().owner_of_barcode(barcode))

    def owner_of_admin_id(self, admin_id: str) -> tuple[int, str] | None:
        return self._free(super().owner_of_admin_id(admin_id))


def _others(target_id: int, other_ids: Sequence[int]) -> list[int]:
    others = list(dict.fromkeys(other_ids))
    if target_id in others or not others:
        raise MergeRefused(
            "A patron cannot be merged with itself: choose at least one other patron to merge."
        )
    return others


def _check_versions(comparison: Comparison, versions: Mapping[int, int] | None) -> None:
    for pid, version in (versions or {}).items():
        if comparison.versions.get(pid) != version:
            name = comparison.profiles[pid]["username"]
            raise VersionConflict(
                f"{name} was changed by someone else since you compared the records. "
                "Open the comparison again, then merge."
            )


def _picks(comparison: Comparison, target_id: int, choices: Mapping[str, int]) -> dict[str, int]:
    picks = {**default_choices(comparison, target_id), **choices}
    for field, source in picks.items():
        if field not in CHOSEN_FIELDS or source not in comparison.ids:
            raise MergeRefused(
                f"Cannot take {LABELS.get(field, field)} from patron #{source}: choose a field "
                "that can be chosen and one of the records being merged."
            )
    return picks


def merged_profile(comparison: Comparison, picks: Mapping[str, int]) -> Profile:
    """The chosen value of every field, with the union of everyone's system groups."""
    values = {f: comparison.profiles[picks[f]][f] for f in CHOSEN_FIELDS if f != "password"}
    groups = {g for pid in comparison.ids for g in comparison.profiles[pid]["system_groups"]}
    values["system_groups"] = tuple(name for name in SYSTEM_GROUPS if name in groups)
    return values


def _taken(comparison: Comparison, picks: Mapping[str, int], moved: Moved, pid: int) -> str:
    target = comparison.profiles[comparison.ids[0]]
    fields = [
        LABELS[f]
        for f, source in picks.items()
        if source == pid and target[f] != comparison.profiles[pid][f]
    ]
    counts = moved.counts(pid)
    return "; ".join(part for part in (", ".join(fields), counts) if part) or "nothing"


def _write(
    comparison: Comparison, after: Profile, password_hash: str | None, actor: str
) -> tuple[Moved, int]:
    """Move belongings, remove the others and save the target; returns its new version."""
    target_id, others = comparison.ids[0], list(comparison.ids[1:])
    refs = MergeReferences(comparison.ids)
    try:
        moved = move_belongings(target_id, others, comparison.profiles, after["email"])
        Patron.delete().where(Patron.id.in_(others)).execute()
        version = comparison.versions[target_id] + 1
        Patron.update(
            **patron_columns(after, refs),
            password_hash=password_hash,
            version=version,
            updated_at=utcnow(),
            updated_by=actor,
        ).where(Patron.id == target_id).execute()
        set_system_groups(target_id, after["system_groups"])
        if current_form_class(target_id) != after["form_class"]:
            set_form_class(target_id, after["form_class"], refs.current_period_id())
    except IntegrityError as exc:
        raise MergeRefused(
            f"The merge could not be completed, so nothing was changed: {exc}. Try again; "
            "if it happens again, ask IT to check the database."
        ) from exc
    return moved, version


def _audit(
    comparison: Comparison, before: Profile, after: Profile, taken: dict[str, str], actor: str
) -> None:
    target_id, others = comparison.ids[0], comparison.ids[1:]
    changes: dict[str, Any] = audit.diff(before, after)
    changes.update({f"taken from {name}": [None, text] for name, text in taken.items()})
    action = f"merged with {', '.join(taken)}"
    audit.record(actor, action, target_id, after["username"], changes)
    for pid in others:
        name = comparison.profiles[pid]["username"]
        audit.record(actor, f"merged into {after['username']}", pid, name, {})


@writes
def merge_patrons(
    target_id: int,
    other_ids: Sequence[int],
    choices: Mapping[str, int],
    actor: str,
    versions: Mapping[int, int] | None = None,
) -> MergeOutcome:
    """Merge `other_ids` into `target_id`; `choices` says whose value survives per field.

    Fields not in `choices` keep the target's value, or another's where the target's is
    blank. Refused (nothing changed) for a patron merged with itself, a stale comparison
    (`versions` as loaded) or a merged profile that breaks a rule.
    """
    others = _others(target_id, other_ids)
    comparison = compare_patrons([target_id, *others])
    _check_versions(comparison, versions)
    picks = _picks(comparison, target_id, choices)
    before = {k: v for k, v in comparison.profiles[target_id].items() if k != "password"}
    refs = MergeReferences(comparison.ids)
    after, _ = judge(merged_profile(comparison, picks), before, target_id, refs)
    images = {pid: {"row": row_image(pid), **memberships_image(pid)} for pid in comparison.ids}
    password_hash = images[picks["password"]]["row"]["password_hash"]
    moved, version = _write(comparison, after, password_hash, actor)
    taken = {
        comparison.profiles[pid]["username"]: _taken(comparison, picks, moved, pid)
        for pid in others
    }
    snapshot = {
        "target": images[target_id],
        "others": [images[pid] for pid in others],
        "moved": moved.image(),
        "after": {"username": after["username"], **target_state(target_id)},
    }
    record = MergeRecord.create(
        actor=actor,
        target_id=target_id,
        target_version_after=version,
        snapshot=json.dumps(snapshot, ensure_ascii=False),
    )
    _audit(comparison, before, after, taken, actor)
    return MergeOutcome(record.id, target_id, after["username"], tuple(taken), taken)
