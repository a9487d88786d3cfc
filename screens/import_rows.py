"""How an import row's outcome reads on screen: a symbol and a word (never colour alone),
a short detail for the table, and the full reasons or changes for the panel."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from store.importing import RowResult

MARKS = {
    "added": ("+", "green"),
    "updated": ("~", "yellow"),
    "unchanged": ("=", "dim"),
    "invalid": ("✗", "bold red"),
    "header": ("#", "blue"),
    "removed": ("-", "green"),
    "restored": ("↺", "green"),
    "refused": ("✗", "bold red"),
}
COUNTED = ("added", "updated", "unchanged", "invalid")


def outcome_cell(outcome: str) -> Text:
    """The outcome as symbol and word, coloured."""
    mark, style = MARKS.get(outcome, ("?", ""))
    return Text(f"{mark} {outcome}", style=style)


def short_detail(row: RowResult) -> str:
    """One line for the table: the first reason, or which fields change."""
    if row.outcome == "invalid":
        more = f" (+{len(row.reasons) - 1} more)" if len(row.reasons) > 1 else ""
        return (row.reasons[0] if row.reasons else "") + more
    if row.outcome == "header":
        return "header row: not imported"
    if row.outcome == "added":
        return f"new, {len(row.changes)} fields given"
    return ", ".join(row.changes)


def _value(value: Any) -> str:
    return "(blank)" if value in (None, "", []) else str(value)


def full_detail(row: RowResult) -> str:
    """Everything about the row: every reason, or every change as old -> new."""
    where = f"Line {row.line}" if row.line is not None else "Patron"
    who = f" ({row.username})" if row.username else ""
    if row.outcome == "header":
        return f"{where} is the header row: it names the columns and is not imported."
    reasons = "\n".join(f"• {reason}" for reason in row.reasons)
    if row.outcome == "refused":
        return f"{row.username or 'A patron'} could not be undone:\n{reasons}"
    if row.outcome == "invalid":
        return f"{where}{who} is invalid; nothing of it is written:\n{reasons}"
    if not row.changes:
        return f"{where}{who} is {row.outcome}: nothing changes."
    changes = "\n".join(
        f"  {key}: {_value(old)} -> {_value(new)}" for key, (old, new) in row.changes.items()
    )
    return f"{where}{who} is {row.outcome}:\n{changes}"


def counts_line(counts: dict[str, int]) -> str:
    """'3 added · 1 updated · 0 unchanged · 2 invalid · 6 total'."""
    words = [f"{counts.get(key, 0):,} {key}" for key in COUNTED]
    total = sum(counts.get(key, 0) for key in COUNTED)
    return " · ".join([*words, f"{total:,} total"])
