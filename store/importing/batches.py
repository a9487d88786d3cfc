"""Past import runs (who, when, file, counts) and saved field orders."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from store.db import writes
from store.importing.mapping import KIND_FIELDS, UsageError, parse_fields
from store.models import FieldOrder, ImportBatch


@dataclass(frozen=True)
class BatchSummary:
    """One applied import as the list of batches shows it."""

    id: int
    at: dt.datetime
    actor: str
    kind: str
    file_name: str
    counts: dict[str, int]
    undone_at: dt.datetime | None


def list_batches(limit: int = 100) -> list[BatchSummary]:
    """The most recent import batches, newest first."""
    query = ImportBatch.select().order_by(ImportBatch.id.desc()).limit(limit)
    return [
        BatchSummary(b.id, b.at, b.actor, b.kind, b.file_name, json.loads(b.counts), b.undone_at)
        for b in query
    ]


@writes
def save_field_order(name: str, kind: str, fields: list[str]) -> FieldOrder:
    """Save (or replace) a named field order for imports of this kind."""
    name = name.strip()
    if not name:
        raise UsageError("A saved field order needs a name, e.g. 'SIS students'.")
    if kind not in KIND_FIELDS:
        raise UsageError(f"'{kind}' is not a kind of import; use users, rename or contacts.")
    text = ",".join(parse_fields(kind, fields))
    row = FieldOrder.get_or_none(FieldOrder.name == name)
    if row is None:
        return FieldOrder.create(name=name, kind=kind, fields=text)
    row.kind, row.fields = kind, text
    row.save()
    return row


def field_orders(kind: str | None = None) -> list[FieldOrder]:
    """The saved field orders (of one kind), by name."""
    query = FieldOrder.select().order_by(FieldOrder.name)
    return list(query.where(FieldOrder.kind == kind) if kind else query)


def field_order(name: str, kind: str) -> tuple[str, ...]:
    """The fields of a saved order; UsageError naming the saved ones when there is none."""
    row = FieldOrder.get_or_none((FieldOrder.name == name) & (FieldOrder.kind == kind))
    if row is None:
        known = ", ".join(f"'{r.name}'" for r in field_orders(kind)) or "none yet"
        raise UsageError(f"There is no saved field order '{name}' for {kind}; saved: {known}.")
    return tuple(row.fields.split(","))
