"""The audit trail: who did what to which patron, and when. Never holds a password."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from store.models import AuditEntry

SECRET_FIELDS = frozenset({"password", "password_hash"})


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, tuple | list | set | frozenset):
        return list(value)
    return value


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [before, after]} for each field whose value changed; secrets shown as changed."""
    changes: dict[str, list[Any]] = {}
    for key in {**before, **after}:
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        if key in SECRET_FIELDS:
            changes["password"] = ["", "(changed)"]
        else:
            changes[key] = [_plain(old), _plain(new)]
    return changes


def record(
    actor: str,
    action: str,
    patron_id: int | None = None,
    username: str = "",
    changes: dict[str, Any] | None = None,
) -> AuditEntry:
    """Write one audit entry."""
    safe = {k: v for k, v in (changes or {}).items() if k not in SECRET_FIELDS}
    if changes and "password" in changes:
        safe["password"] = ["", "(changed)"]
    return AuditEntry.create(
        actor=actor,
        action=action,
        patron_id=patron_id,
        username=username,
        changes=json.dumps(safe, default=_plain, ensure_ascii=False),
    )


@dataclass(frozen=True)
class HistoryItem:
    """One audit entry as shown in a patron's history."""

    at: dt.datetime
    actor: str
    action: str
    changes: dict[str, list[Any]]


def history(patron_id: int, limit: int = 200) -> list[HistoryItem]:
    """A patron's audit trail, newest first."""
    query = (
        AuditEntry.select()
        .where(AuditEntry.patron_id == patron_id)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(limit)
    )
    return [HistoryItem(e.at, e.actor, e.action, json.loads(e.changes)) for e in query]
