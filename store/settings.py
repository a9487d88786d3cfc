"""The things profiles refer to: cohorts, periods, campuses and groups."""

from __future__ import annotations

from store.db import writes
from store.models import AcademicPeriod, Campus, Cohort, LibraryGroup, PresentationGroup


@writes
def create_cohort(year: int) -> Cohort:
    """A graduating year ("Class of YYYY")."""
    return Cohort.create(year=year)


@writes
def create_period(name: str, current: bool = False) -> AcademicPeriod:
    """An academic period; when `current`, it replaces the current one."""
    if current:
        AcademicPeriod.update(is_current=False).where(AcademicPeriod.is_current == True).execute()  # noqa: E712
    return AcademicPeriod.create(name=name, is_current=current)


@writes
def create_campus(name: str, import_id: str) -> Campus:
    """A campus, referred to by its import ID in files."""
    return Campus.create(name=name, import_id=import_id)


@writes
def create_presentation_group(name: str) -> PresentationGroup:
    """A presentation group."""
    return PresentationGroup.create(name=name)


@writes
def create_library_group(
    name: str, max_loans: int = 5, loan_days: int = 14, may_reserve: bool = True
) -> LibraryGroup:
    """A library group with its circulation rights."""
    return LibraryGroup.create(
        name=name, max_loans=max_loans, loan_days=loan_days, may_reserve=may_reserve
    )
