"""The audit entries and batch items a chunk of import writes leaves behind."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from store.models import AuditEntry, BaseModel, ImportBatchItem, Patron, database, utcnow


def insert_sql(model: type[BaseModel], names: Sequence[str]) -> str:
    """An INSERT of the named fields with the bound database's placeholders."""
    columns = ", ".join(f'"{model._meta.fields[name].column_name}"' for name in names)
    marks = ", ".join([database.param] * len(names))
    return f"INSERT INTO {model._meta.table_name} ({columns}) VALUES ({marks})"


def execute_many(sql: str, rows: list[tuple[Any, ...]]) -> int:
    """Run one statement for many rows on the raw connection; returns the rows changed."""
    if not rows:
        return 0
    cursor = database.cursor()
    cursor.executemany(sql, rows)
    return int(cursor.rowcount)


def now_value() -> Any:
    """The current time as the timestamp columns store it."""
    return Patron.updated_at.db_value(utcnow())


def as_json(value: Any) -> str:
    """A JSON text for an audit or batch column."""
    return json.dumps(value, ensure_ascii=False, default=str)


class Trail:
    """Audit entries and batch items for one batch, written with the chunk they belong to."""

    def __init__(self, actor: str, batch_id: int) -> None:
        self.actor = actor
        self.batch_id = batch_id
        self.now = now_value()
        self.entries: list[tuple[Any, ...]] = []
        self.items: list[tuple[Any, ...]] = []

    def note(
        self,
        patron_id: int,
        username: str,
        action: str,
        outcome: str,
        changes: dict[str, Any],
        before: dict[str, Any],
        version_after: int,
    ) -> None:
        """Queue the audit entry and the batch item of one written row."""
        self.entries.append(
            (
                self.now,
                self.actor,
                f"{action} by import #{self.batch_id}",
                patron_id,
                username,
                as_json(changes),
            )
        )
        self.items.append((self.batch_id, patron_id, outcome, as_json(before), version_after))

    def flush(self) -> None:
        """Write the queued entries and items."""
        execute_many(
            insert_sql(AuditEntry, ["at", "actor", "action", "patron_id", "username", "changes"]),
            self.entries,
        )
        execute_many(
            insert_sql(
                ImportBatchItem, ["batch", "patron_id", "outcome", "before", "version_after"]
            ),
            self.items,
        )
        self.entries, self.items = [], []
