"""Undo a merge: the removed records come back with their loans, contacts and groups, and
the target gets its previous values; refused, with every reason, if anything changed since."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from peewee import IntegrityError

from store import audit
from store.db import writes
from store.errors import NotFound, StoreError
from store.merging.moves import target_state
from store.merging.snapshot import restore_memberships, row_values
from store.models import Contact, FormClass, Loan, MergeRecord, Patron, utcnow
from store.profiles import profile_of


class UndoRefused(StoreError):
    """The merge cannot be undone; the message lists every reason."""


@dataclass(frozen=True)
class MergeSummary:
    """A merge as lists show it."""

    id: int
    at: dt.datetime
    actor: str
    target_id: int
    username: str
    merged: tuple[str, ...]
    undone: bool


def _summary(record: MergeRecord) -> MergeSummary:
    snapshot = json.loads(record.snapshot)
    merged = tuple(image["row"]["username"] for image in snapshot["others"])
    username = snapshot["after"]["username"]
    undone = record.undone_at is not None
    target_id = record.target_id
    return MergeSummary(record.id, record.at, record.actor, target_id, username, merged, undone)


def list_merges(limit: int = 50) -> list[MergeSummary]:
    """The most recent merges, newest first."""
    query = MergeRecord.select().order_by(MergeRecord.id.desc()).limit(limit)
    return [_summary(record) for record in query]


def _record(merge_id: int) -> MergeRecord:
    record = MergeRecord.get_or_none(MergeRecord.id == merge_id)
    if record is None:
        raise NotFound(f"Merge #{merge_id} does not exist; list merges to find its number.")
    return record


def _taken_values(snapshot: dict[str, Any], target_id: int) -> list[str]:
    problems = []
    for image in [snapshot["target"], *snapshot["others"]]:
        row = image["row"]
        reused = Patron.get_or_none(Patron.id == row["id"])
        if image is not snapshot["target"] and reused:
            problems.append(
                f"{row['username']}'s record number {row['id']} now belongs to "
                f"{reused.username}, registered since."
            )
        for column, label in (("username_key", "Username"), ("barcode", "Barcode")):
            owner = Patron.get_or_none(getattr(Patron, column) == row[column])
            if owner and owner.id != target_id:
                problems.append(f"{label} {row[column]} now belongs to {owner.username}.")
        owner = Patron.get_or_none(Patron.admin_id == row["admin_id"]) if row["admin_id"] else None
        if owner and owner.id != target_id:
            problems.append(f"Admin system ID {row['admin_id']} now belongs to {owner.username}.")
        for form_class_id, _period in image["forms"]:
            if not FormClass.get_or_none(FormClass.id == form_class_id):
                problems.append(f"A form class {row['username']} was in has been removed.")
    return problems


def undo_problems(merge_id: int) -> list[str]:
    """Every reason the merge cannot be undone now; empty when it can."""
    record = _record(merge_id)
    if record.undone_at is not None:
        return [f"Merge #{merge_id} was already undone on {record.undone_at:%Y-%m-%d %H:%M} UTC."]
    snapshot = json.loads(record.snapshot)
    target = Patron.get_or_none(Patron.id == record.target_id)
    name = snapshot["after"]["username"]
    if target is None:
        return [f"{name}, the patron the records were merged into, has been deleted since."]
    problems = []
    if target.version != record.target_version_after:
        problems.append(
            f"{target.username} was changed by {target.updated_by or 'someone'} on "
            f"{target.updated_at:%Y-%m-%d %H:%M} UTC since the merge."
        )
    state = target_state(target.id)
    if state["contacts"] != snapshot["after"]["contacts"]:
        problems.append(f"{target.username}'s contacts were changed since the merge.")
    if state["loans"] != snapshot["after"]["loans"]:
        problems.append(f"{target.username}'s loans changed since the merge (lent or returned).")
    return problems + _taken_values(snapshot, target.id)


def _restore_other(image: dict[str, Any], moved: dict[str, Any]) -> None:
    pid = image["row"]["id"]
    Patron.insert(**row_values(image["row"])).execute()
    restore_memberships(pid, image)
    for contact in moved["contacts"].get(str(pid), []):
        if contact["id"] in moved["moved_contacts"]:
            Contact.update(patron=pid).where(Contact.id == contact["id"]).execute()
        else:
            Contact.insert(patron=pid, **contact).execute()
    Loan.update(patron=pid).where(Loan.id.in_(moved["loans"].get(str(pid), []))).execute()


@writes
def undo_merge(merge_id: int, actor: str) -> MergeSummary:
    """Put everything back as it was before the merge, or raise UndoRefused with reasons."""
    problems = undo_problems(merge_id)
    if problems:
        raise UndoRefused("The merge cannot be undone: " + " ".join(problems))
    record = _record(merge_id)
    snapshot = json.loads(record.snapshot)
    target = Patron.get_by_id(record.target_id)
    merged_profile = profile_of(target)
    moved = snapshot["moved"]
    values = row_values(snapshot["target"]["row"])
    values.update(version=target.version + 1, updated_at=utcnow(), updated_by=actor)
    try:
        Patron.update(**values).where(Patron.id == target.id).execute()
        Contact.delete().where(Contact.id.in_(moved["added_contacts"])).execute()
        for image in snapshot["others"]:
            _restore_other(image, moved)
        restore_memberships(target.id, snapshot["target"])
    except IntegrityError as exc:
        raise UndoRefused(
            f"The merge cannot be undone: something the records referred to is gone ({exc})."
        ) from exc
    record.undone_at = utcnow()
    record.save()
    restored = profile_of(Patron.get_by_id(target.id))
    audit.record(
        actor, "merge undone", target.id, restored["username"], audit.diff(merged_profile, restored)
    )
    for image in snapshot["others"]:
        row = image["row"]
        audit.record(actor, "restored by undoing a merge", row["id"], row["username"], {})
    return _summary(record)
