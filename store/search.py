"""Patron search: any part of the names, username, barcode, admin ID or email.

Case and accent insensitive ("zoe" finds "Zoë"): queries and the stored search text are
folded alike. Exact username or barcode matches come first. How a keystroke avoids
reading every patron, identically on SQLite and PostgreSQL, is in store/search_index.py
and store/search_pages.py.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
from dataclasses import dataclass
from typing import Any

from store import db as dbmod
from store import search_index, search_pages
from store.models import Patron, database
from store.profiles import display_name
from store.search_index import id_list
from store.text import fold

STATUS_FILTERS = ("all", "enabled", "disabled")
ROLE_FILTERS = ("all", "staff", "students", "generic")


@dataclass(frozen=True)
class PatronRow:
    """One patron as the search list shows it."""

    id: int
    username: str
    name: str
    barcode: str
    cohort: str
    form_class: str
    status: str
    email: str
    staff: bool
    generic: bool
    version: int
    email_blacklisted: bool = False


@dataclass(frozen=True)
class SearchPage:
    """A page of results and how many patrons match in all."""

    total: int
    rows: list[PatronRow]


def status_of(enabled: bool, until_date: dt.date | None, today: dt.date | None = None) -> str:
    """enabled, disabled, or expired (the until date has passed)."""
    if not enabled:
        return "disabled"
    if until_date and until_date < (today or dt.date.today()):
        return "expired"
    return "enabled"


def text_condition(folded: str) -> Any:
    """Every word of the query must appear somewhere in the patron's search text."""
    return functools.reduce(operator.and_, search_index.text_conditions(folded.split()))


def filter_conditions(status: str, role: str) -> list[Any]:
    """The conditions of the status and role filters, shared with export and groups."""
    if status not in STATUS_FILTERS or role not in ROLE_FILTERS:
        raise ValueError(f"unknown filter {status!r}/{role!r}")
    conditions: list[Any] = []
    if status == "enabled":
        conditions.append(Patron.enabled == True)  # noqa: E712
    elif status == "disabled":
        conditions.append(Patron.enabled == False)  # noqa: E712
    if role == "staff":
        conditions.append(Patron.staff == True)  # noqa: E712
    elif role == "generic":
        conditions.append(Patron.generic == True)  # noqa: E712
    elif role == "students":
        conditions += [Patron.staff == False, Patron.generic == False]  # noqa: E712
    return conditions


def search(
    text: str = "",
    status: str = "all",
    role: str = "all",
    limit: int = 50,
    offset: int = 0,
) -> SearchPage:
    """A page of patrons matching `text` and the filters, with the total count."""
    raw = text.strip()
    filters = filter_conditions(status, role)
    words = fold(raw).split()
    total, ids = search_pages.find(filters, words, raw, limit, offset)
    return SearchPage(total, _page(ids))


# The page's rows, by id: SQL text run as it is, since building it with peewee costs more
# than the database takes to answer. SQLite gets the ids written into the text; PostgreSQL
# gets them as one array parameter, so the text never changes and the server plans it
# once (planning this join costs it about 2 ms, five times the query itself).
PAGE_SQL = (
    "SELECT t1.id, t1.username, t1.given_name, t1.preferred_name, t1.surname, t1.barcode, "
    "t1.academic_level, t1.enabled, t1.until_date, t1.email, t1.staff, t1.generic, "
    "t1.version, (EXISTS(SELECT 1 FROM blacklisted_email AS b WHERE b.address = t1.email) "
    "OR EXISTS(SELECT 1 FROM contact AS c JOIN blacklisted_email AS b "
    "ON c.email = b.address WHERE c.patron_id = t1.id)), co.year, fc.name "
    "FROM patron AS t1 LEFT JOIN cohort AS co ON t1.cohort_id = co.id "
    "LEFT JOIN form_class_membership AS m ON m.patron_id = t1.id "
    "AND m.period_id = (SELECT id FROM academic_period WHERE is_current) "
    "LEFT JOIN form_class AS fc ON m.form_class_id = fc.id WHERE {ids}"
)


def _date(value: Any) -> dt.date | None:
    """SQLite gives dates as ISO text, PostgreSQL as dates."""
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _page(ids: list[int]) -> list[PatronRow]:
    """The rows of these patrons, in the order of `ids`."""
    if not ids:
        return []
    if dbmod.is_postgres():
        cursor = database.execute_sql(PAGE_SQL.format(ids="t1.id = ANY(%s)"), [ids])
    else:
        cursor = database.execute_sql(PAGE_SQL.format(ids=f"t1.id IN {id_list(ids)}"))
    today = dt.date.today()
    rows = {}
    for r in cursor.fetchall():
        (pid, username, given, preferred, surname, barcode, level, enabled, until) = r[:9]
        (email, staff, generic, version, blacklisted, year, form_class) = r[9:]
        rows[pid] = PatronRow(
            id=pid,
            username=username,
            name=display_name(given, preferred, surname),
            barcode=barcode,
            cohort=(str(year) if year else level) or "",
            form_class=form_class or "",
            status=status_of(bool(enabled), _date(until), today),
            email=email or "",
            staff=bool(staff),
            generic=bool(generic),
            version=version,
            email_blacklisted=bool(blacklisted),
        )
    return [rows[i] for i in ids]
