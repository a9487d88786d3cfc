"""The two membership lists: their rows and titles, sized for an 80-column terminal."""

from __future__ import annotations

from textual.widgets import DataTable

from store.groups import MemberPage, MemberRow
from store.search import ROLE_FILTERS

ROLES: tuple[str, ...] = ROLE_FILTERS


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def fill_available(table: DataTable[str], rows: list[MemberRow]) -> None:
    """Patrons outside the group, with the library group they are in now, if any."""
    cursor = table.cursor_row
    table.clear()
    for row in rows:
        table.add_row(_fit(row.username, 12), _fit(row.name, 12), _fit(row.group, 8))
    if rows:
        table.move_cursor(row=min(max(cursor, 0), len(rows) - 1))


def fill_members(table: DataTable[str], rows: list[MemberRow]) -> None:
    """The group's members as they will be after saving."""
    cursor = table.cursor_row
    table.clear()
    for row in rows:
        table.add_row(_fit(row.username, 12), _fit(row.name, 22))
    if rows:
        table.move_cursor(row=min(max(cursor, 0), len(rows) - 1))


def title(side: str, page: MemberPage, role: str) -> str:
    """ "Available: 1,234 staff (100 shown)": the search narrows what a page holds."""
    who = "" if role == "all" else f" {role}"
    more = f" ({len(page.rows)} shown)" if page.total > len(page.rows) else ""
    return f"{side}: {page.total:,}{who}{more}"
