"""Cohorts: graduating years, shown as "Class of YYYY"."""

from __future__ import annotations

from store.db import writes
from store.models import (
    Cohort,
    Patron,
)
from store.settings.common import (
    SettingItem,
    get_row,
    in_use,
    invalid,
    parse_year,
    usage_counts,
)


def cohort_label(year: int) -> str:
    """How a cohort is shown to people."""
    return f"Class of {year}"


def list_cohorts() -> list[SettingItem]:
    """Every cohort, latest graduating year first, with its number of patrons."""
    used = usage_counts(Patron.cohort)
    return [
        SettingItem(c.id, cohort_label(c.year), "", used.get(c.id, 0), {"year": c.year})
        for c in Cohort.select().order_by(Cohort.year.desc())
    ]


def _checked_year(raw: object, self_id: int | None) -> int:
    year = parse_year(raw)
    query = Cohort.select().where(Cohort.year == year)
    if self_id is not None:
        query = query.where(Cohort.id != self_id)
    if query.exists():
        raise invalid("year", f"The cohort {cohort_label(year)} already exists.")
    return year


@writes
def create_cohort(year: int | str) -> Cohort:
    """A graduating year ("Class of YYYY")."""
    return Cohort.create(year=_checked_year(year, None))


@writes
def rename_cohort(cohort_id: int, year: int | str) -> Cohort:
    """Change a cohort's graduating year; its patrons keep it (and so change year)."""
    cohort = get_row(Cohort, cohort_id, "cohort")
    cohort.year = _checked_year(year, cohort_id)
    cohort.save()
    return cohort


@writes
def remove_cohort(cohort_id: int) -> str:
    """Remove an unused cohort; returns its label."""
    cohort = get_row(Cohort, cohort_id, "cohort")
    label = cohort_label(cohort.year)
    count = Patron.select().where(Patron.cohort == cohort_id).count()
    if count:
        raise in_use(
            label, count, "give them another graduating year first (edit them or re-import)."
        )
    cohort.delete_instance()
    return label
