"""The audit entries and batch items a chunk of import writes leaves behind."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from store import db as dbmod
from store.importing.outcomes import JSON
from store.models import AuditEntry, BaseModel, ImportBatchItem, Patron, database, utcnow

MAX_PARAMETERS = 30000


def insert_rows(model: type[BaseModel], names: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    """Insert many rows with multi-row INSERT statements.

    One statement per few hundred rows rather than one per row: triggers such as the
    search index's then run inside one statement, which made a 100,000-row import of new
    patrons about five times faster than executemany here.
    """
    columns = ", ".join(f'"{model._meta.fields[name].column_name}"' for name in names)
    one = "(" + ", ".join([database.param] * len(names)) + ")"
    step = max(1, min(500, MAX_PARAMETERS // len(names)))
    cursor = database.cursor()
    for start in range(0, len(rows), step):
        part = rows[start : start + step]
        values = ", ".join([one] * len(part))
        sql = f"INSERT INTO {model._meta.table_name} ({columns}) VALUES {values}"
        cursor.execute(sql, [value for row in part for value in row])


def execute_many(sql: str, rows: list[tuple[Any, ...]]) -> int:
    """Run one statement for many rows on the raw connection; returns the rows changed."""
    if not rows:
        return 0
    cursor = database.cursor()
    cursor.executemany(sql, rows)
    return int(cursor.rowcount)


def now_value() -> Any:
    """The current time as the timestamp columns store it.

    On SQLite as the text the driver's datetime adapter would make of it, once: adapting
    it again for every row's columns cost more than the rest of those columns.
    """
    now = Patron.updated_at.db_value(utcnow())
    return now.isoformat(" ") if dbmod.is_sqlite() else now


def as_json(value: Any) -> str:
    """A JSON text for an audit or batch column."""
    return JSON.encode(value)


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
        changes_text: str = "",
    ) -> None:
        """Queue the audit entry and the batch item of one written row.

        `changes_text` is the changes already encoded as JSON, when they were.
        """
        self.entries.append(
            (
                self.now,
                self.actor,
                f"{action} by import #{self.batch_id}",
                patron_id,
                username,
                changes_text or as_json(changes),
            )
        )
        before_text = as_json(before) if before else "{}"
        self.items.append((self.batch_id, patron_id, outcome, before_text, version_after))

    def flush(self) -> None:
        """Write the queued entries and items."""
        insert_rows(
            AuditEntry, ["at", "actor", "action", "patron_id", "username", "changes"], self.entries
        )
        insert_rows(
            ImportBatchItem,
            ["batch", "patron_id", "outcome", "before", "version_after"],
            self.items,
        )
        self.entries, self.items = [], []
