"""Exporting patrons as CSV that re-imports unchanged, streamed row by row.

The columns are the import's field keys (never the password), so an exported file fed
back to `patrons import` changes nothing. Cells a spreadsheet would run as a formula are
neutralised as OWASP recommends (store.text.guard_formula); the import undoes it exactly
(store.text.unguard_formula, applied to every cell it reads).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from typing import Any, TextIO

from peewee import JOIN

from store.errors import StoreError
from store.importing.mapping import USER_FIELDS
from store.models import (
    Campus,
    Cohort,
    FormClass,
    FormClassMembership,
    Patron,
    PresentationGroup,
)
from store.references import DatabaseReferences
from store.search import filter_conditions
from store.text import guard_formula

EXPORT_FIELDS: tuple[str, ...] = tuple(key for key in USER_FIELDS if key != "password")
# --where word -> (status filter, role filter) of the search.
WHERE_FILTERS: dict[str, tuple[str, str]] = {
    "enabled": ("enabled", "all"),
    "disabled": ("disabled", "all"),
    "staff": ("all", "staff"),
    "students": ("all", "students"),
}


class ExportRefused(StoreError):
    """The export cannot be done as asked (a bad field list or filter)."""


def parse_export_fields(text: str | None) -> list[str]:
    """The fields to export (all of them by default); ExportRefused naming a bad key."""
    if not text:
        return list(EXPORT_FIELDS)
    keys = [item.strip().lower() for item in text.split(",") if item.strip()]
    for key in keys:
        if key == "password":
            raise ExportRefused("Passwords are never exported; remove 'password' from --fields.")
        if key not in EXPORT_FIELDS:
            raise ExportRefused(
                f"'{key}' is not a field that can be exported; use: {', '.join(EXPORT_FIELDS)}."
            )
        if keys.count(key) > 1:
            raise ExportRefused(f"The field '{key}' is given twice; name each field once.")
    if "username" not in keys:
        raise ExportRefused("--fields needs 'username': the import recognises each patron by it.")
    return keys


def _where(filters: Sequence[str]) -> list[Any]:
    status, role = "all", "all"
    for word in filters:
        word_status, word_role = WHERE_FILTERS[word]
        if word_status != "all" and status not in ("all", word_status):
            raise ExportRefused("--where enabled and --where disabled exclude each other.")
        if word_role != "all" and role not in ("all", word_role):
            raise ExportRefused("--where staff and --where students exclude each other.")
        status = word_status if word_status != "all" else status
        role = word_role if word_role != "all" else role
    return filter_conditions(status, role)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return guard_formula(str(value))


def patron_rows(fields: Sequence[str], filters: Sequence[str] = ()) -> Iterator[list[str]]:
    """Each matching patron as CSV cells in `fields` order, streamed in username order."""
    period_id = DatabaseReferences().current_period_id() or 0
    columns = {
        "graduating_year": Cohort.year,
        "campus": Campus.import_id,
        "form_class": FormClass.name,
        "presentation_group": PresentationGroup.name,
    }
    selected = [columns.get(key) or getattr(Patron, key) for key in fields]
    query = (
        Patron.select(*selected)
        .join(Cohort, JOIN.LEFT_OUTER, on=Patron.cohort == Cohort.id)
        .switch(Patron)
        .join(Campus, JOIN.LEFT_OUTER, on=Patron.campus == Campus.id)
        .switch(Patron)
        .join(
            PresentationGroup, JOIN.LEFT_OUTER, on=Patron.presentation_group == PresentationGroup.id
        )
        .switch(Patron)
        .join(
            FormClassMembership,
            JOIN.LEFT_OUTER,
            on=(FormClassMembership.patron == Patron.id)
            & (FormClassMembership.period == period_id),
        )
        .join(FormClass, JOIN.LEFT_OUTER, on=FormClassMembership.form_class == FormClass.id)
        .order_by(Patron.username_key)
    )
    conditions = _where(filters)
    if conditions:
        query = query.where(*conditions)
    for row in query.tuples().iterator():
        yield [_cell(value) for value in row]


def write_csv(out: TextIO, fields: Sequence[str], filters: Sequence[str] = ()) -> int:
    """Write the header row and every matching patron to `out`; returns how many patrons.

    `out` should be opened with encoding 'utf-8-sig' and newline='' (see the CSV module).
    """
    writer = csv.writer(out)
    writer.writerow(fields)
    count = 0
    for cells in patron_rows(fields, filters):
        writer.writerow(cells)
        count += 1
    return count
