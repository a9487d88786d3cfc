"""What the profile form offers to choose from: cohorts, campuses, groups, form classes."""

from __future__ import annotations

from dataclasses import dataclass

from store.models import Campus, Cohort, FormClass, LibraryGroup, PresentationGroup
from store.references import DatabaseReferences


@dataclass(frozen=True)
class ProfileChoices:
    """The values a profile may refer to, each list in the order people expect."""

    cohorts: list[int]
    campuses: list[tuple[str, str]]  # (import ID, name)
    presentation_groups: list[str]
    library_groups: list[str]
    form_classes: list[str]  # of the current academic period
    has_current_period: bool


def profile_choices() -> ProfileChoices:
    """Everything a profile may refer to now, read in a handful of queries."""
    period_id = DatabaseReferences().current_period_id()
    form_classes = (
        [f.name for f in FormClass.select().where(FormClass.period == period_id)]
        if period_id is not None
        else []
    )
    return ProfileChoices(
        cohorts=[c.year for c in Cohort.select().order_by(Cohort.year)],
        campuses=[(c.import_id, c.name) for c in Campus.select().order_by(Campus.name)],
        presentation_groups=[
            g.name for g in PresentationGroup.select().order_by(PresentationGroup.name)
        ],
        library_groups=[g.name for g in LibraryGroup.select().order_by(LibraryGroup.name)],
        form_classes=sorted(form_classes, key=str.casefold),
        has_current_period=period_id is not None,
    )
