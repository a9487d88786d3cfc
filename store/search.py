"""Patron search: any part of the names, username, barcode, admin ID or email.

Case and accent insensitive ("zoe" finds "Zoë"): queries and the stored search text are
folded alike. Exact username or barcode matches come first. How a keystroke avoids
reading every patron, identically on SQLite and PostgreSQL, is in store/search_index.py.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
from dataclasses import dataclass
from typing import Any, cast

from peewee import JOIN, SQL, Case, fn

from store import search_index
from store.models import BlacklistedEmail, Cohort, Contact, FormClass, FormClassMembership, Patron
from store.profiles import display_name
from store.references import DatabaseReferences
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


def _text_condition(folded: str) -> Any:
    """Every word of the query must appear somewhere in the patron's search text."""
    return functools.reduce(operator.and_, search_index.text_conditions(folded.split()))


def _filters(status: str, role: str) -> list[Any]:
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


def filter_conditions(status: str, role: str) -> list[Any]:
    """The conditions of a status and role filter, for other listings (e.g. export)."""
    return _filters(status, role)


def search(
    text: str = "",
    status: str = "all",
    role: str = "all",
    limit: int = 50,
    offset: int = 0,
) -> SearchPage:
    """A page of patrons matching `text` and the filters, with the total count."""
    raw = text.strip()
    filters = _filters(status, role)
    words = fold(raw).split()
    total = search_index.count(filters, words)
    if total == 0:
        return SearchPage(0, [])
    ids = search_index.page_ids(filters, words, raw, total, limit, offset)
    page = SQL(f'"t1"."id" IN {search_index.id_list(ids)}')  # cheaper to build than in_()
    return SearchPage(total, _page(page, raw, limit, 0) if ids else [])


def _email_blacklisted() -> Any:
    """True when the patron's primary email or any of their contacts is blacklisted."""
    primary = BlacklistedEmail.select(SQL("1")).where(BlacklistedEmail.address == Patron.email)
    contact = (
        Contact.select(SQL("1"))
        .join(BlacklistedEmail, on=(Contact.email == BlacklistedEmail.address))
        .where(Contact.patron == Patron.id)
    )
    return fn.EXISTS(primary) | fn.EXISTS(contact)


def _page(where: Any, raw: str, limit: int, offset: int) -> list[PatronRow]:
    period_id = DatabaseReferences().current_period_id() or 0
    exact = Case(
        None,
        [((Patron.username_key == raw.casefold()) | (Patron.barcode == raw), 0)],
        1,
    )
    query = (
        Patron.select(
            Patron.id,
            Patron.username,
            Patron.given_name,
            Patron.preferred_name,
            Patron.surname,
            Patron.barcode,
            Patron.academic_level,
            Patron.enabled,
            Patron.until_date,
            Patron.email,
            Patron.staff,
            Patron.generic,
            Patron.version,
            _email_blacklisted().alias("email_blacklisted"),
            Cohort.year.alias("cohort_year"),
            FormClass.name.alias("form_class_name"),
        )
        .join(Cohort, JOIN.LEFT_OUTER, on=(Patron.cohort == Cohort.id))
        .switch(Patron)
        .join(
            FormClassMembership,
            JOIN.LEFT_OUTER,
            on=(
                (FormClassMembership.patron == Patron.id)
                & (FormClassMembership.period == period_id)
            ),
        )
        .join(FormClass, JOIN.LEFT_OUTER, on=(FormClassMembership.form_class == FormClass.id))
        .order_by(exact, Patron.sort_key, Patron.id)
        .limit(limit)
        .offset(offset)
    )
    if where is not None:
        query = query.where(where)
    today = dt.date.today()
    rows = []
    for r in cast(list[dict[str, Any]], list(query.dicts())):
        cohort = str(r["cohort_year"]) if r["cohort_year"] else r["academic_level"]
        rows.append(
            PatronRow(
                id=r["id"],
                username=r["username"],
                name=display_name(r["given_name"], r["preferred_name"], r["surname"]),
                barcode=r["barcode"],
                cohort=cohort or "",
                form_class=r["form_class_name"] or "",
                status=status_of(r["enabled"], r["until_date"], today),
                email=r["email"] or "",
                staff=r["staff"],
                generic=r["generic"],
                version=r["version"],
                email_blacklisted=bool(r["email_blacklisted"]),
            )
        )
    return rows
