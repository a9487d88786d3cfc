"""Undoing an import batch: remove the patrons it added, restore the fields it changed.

A patron changed again after the import (its version moved on), deleted since, or whose
old values now clash with another patron is refused with the reason; the rest is undone.
Without commit the same work runs and is rolled back, so the preview is exact.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from peewee import IntegrityError

from store import audit
from store.db import writes
from store.errors import DeleteRefused, NotFound, StoreError, ValidationError
from store.importing.outcomes import RowResult
from store.models import Contact, ImportBatch, ImportBatchItem, Patron, database, utcnow
from store.patrons import delete_patron, judge, patron_columns, set_form_class
from store.profiles import profile_of
from store.references import DatabaseReferences


class Refused(StoreError):
    """This item of the batch cannot be undone; the message says why."""


@dataclass
class UndoReport:
    """What undoing a batch did (or, in a preview, would do) to each patron."""

    batch: int
    file_name: str
    committed: bool
    rows: list[RowResult] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        """undone, refused and total."""
        refused = sum(1 for row in self.rows if row.outcome == "refused")
        return {"undone": len(self.rows) - refused, "refused": refused, "total": len(self.rows)}


def _patron(item: ImportBatchItem) -> Patron:
    patron = Patron.get_or_none(Patron.id == item.patron_id)
    if patron is None:
        raise Refused(f"Patron #{item.patron_id} was deleted after the import.")
    return patron


def _unchanged_since(patron: Patron, item: ImportBatchItem) -> None:
    if patron.version != item.version_after:
        when = patron.updated_at.strftime("%Y-%m-%d %H:%M")
        raise Refused(
            f"{patron.username} was changed again after the import (by {patron.updated_by} at "
            f"{when} UTC); undo that change by hand first, or leave this patron as it is."
        )


Undone = tuple[str, dict[str, list[object]]]


def _restore_patron(
    item: ImportBatchItem, before: dict[str, object], actor: str, note: str
) -> Undone:
    patron = _patron(item)
    _unchanged_since(patron, item)
    if item.outcome == "added":
        delete_patron(patron.id, actor)
        return "removed", {"username": [patron.username, None]}
    current = profile_of(patron)
    values = {key: value for key, value in before.items() if key != "password_hash"}
    after, _ = judge(values, current, patron.id)
    refs = DatabaseReferences()
    columns = patron_columns(after, refs)
    if "password_hash" in before:
        columns["password_hash"] = before["password_hash"]
    columns.update(version=patron.version + 1, updated_at=utcnow(), updated_by=actor)
    Patron.update(**columns).where(Patron.id == patron.id).execute()
    if "form_class" in before:
        set_form_class(patron.id, after["form_class"], refs.current_period_id())
    changes = audit.diff(current, after)
    audit.record(actor, f"updated by {note}", patron.id, after["username"], changes)
    return "restored", changes


def _restore_contact(
    item: ImportBatchItem, before: dict[str, str], actor: str, note: str
) -> Undone:
    patron = _patron(item)
    contact = Contact.get_or_none(
        (Contact.patron == patron.id) & (Contact.email == before["email"])
    )
    if contact is None:
        raise Refused(f"The contact {before['email']} of {patron.username} was removed since.")
    if item.outcome == "added":
        contact.delete_instance()
        change: dict[str, list[object]] = {"contact": [before["email"], None]}
        audit.record(actor, f"contact removed by {note}", patron.id, patron.username, change)
        return "removed", change
    changes: dict[str, list[object]] = {
        f"contact {key}": [getattr(contact, key), before[key]]
        for key in ("relationship", "name")
        if getattr(contact, key) != before[key]
    }
    contact.relationship, contact.name = before["relationship"], before["name"]
    contact.save()
    audit.record(actor, f"contact updated by {note}", patron.id, patron.username, changes)
    return "restored", changes


def _undo_item(item: ImportBatchItem, kind: str, actor: str) -> RowResult:
    before = json.loads(item.before)
    note = f"undo of import #{item.batch_id}"
    name = Patron.select(Patron.username).where(Patron.id == item.patron_id).scalar() or ""
    try:
        with database.atomic():
            if kind == "contacts":
                outcome, changes = _restore_contact(item, before, actor, note)
            else:
                outcome, changes = _restore_patron(item, before, actor, note)
    except (Refused, DeleteRefused, NotFound) as exc:
        return RowResult(None, name, "refused", [str(exc)])
    except ValidationError as exc:
        reasons = [f"Its earlier values break a rule now: {p.message}" for p in exc.problems]
        return RowResult(None, name, "refused", reasons)
    except IntegrityError:
        return RowResult(
            None, name, "refused", ["Its earlier values now belong to another patron."]
        )
    item.undone_at = utcnow()
    item.save()
    return RowResult(None, name, outcome, changes=changes)


@writes
def undo_batch(batch_id: int, actor: str, commit: bool) -> UndoReport:
    """Undo what the batch did, newest item first; without commit nothing is kept."""
    batch = ImportBatch.get_or_none(ImportBatch.id == batch_id)
    if batch is None:
        raise NotFound(f"There is no import batch #{batch_id}; 'patrons import --list' lists them.")
    if batch.undone_at is not None:
        raise Refused(
            f"Import batch #{batch_id} was undone already, at {batch.undone_at:%Y-%m-%d %H:%M} UTC."
        )
    report = UndoReport(batch_id, batch.file_name, commit)
    with database.atomic() as savepoint:
        items = (
            ImportBatchItem.select()
            .where((ImportBatchItem.batch == batch_id) & ImportBatchItem.undone_at.is_null())
            .order_by(ImportBatchItem.id.desc())
        )
        report.rows = [_undo_item(item, batch.kind, actor) for item in items]
        if not report.counts["refused"]:
            batch.undone_at = utcnow()
            batch.save()
        if not commit:
            savepoint.rollback()
    return report
