"""The things profiles refer to: cohorts, academic periods with their form classes,
campuses, presentation groups and library groups. List, add, rename, remove each.

Exactly one academic period is current once any exists. Removing something still in use
is refused with the number of patrons using it and the way out; where moving them is
harmless (a campus, a presentation group, a library group, a form class) the caller may
name another one to move them to, in the same transaction, each move audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from peewee import SQL, Field, fn

from store import audit
from store.db import writes
from store.errors import DeleteRefused, FieldProblem, NotFound, ValidationError
from store.groups import Change, reassign
from store.models import (
    AcademicPeriod,
    BaseModel,
    Campus,
    Cohort,
    FormClass,
    FormClassMembership,
    LibraryGroup,
    Patron,
    PresentationGroup,
)
from store.rules import LONE_SURROGATE
from store.text import clean, fold

MAX_NAME = 100


@dataclass(frozen=True)
class SettingItem:
    """One cohort, period, form class, campus or group as the settings lists show it.

    `values` are the editable values, e.g. {"name": "Staff", "max_loans": 20, ...}.
    """

    id: int
    name: str
    detail: str
    patrons: int
    values: dict[str, Any]


def _invalid(field: str, message: str) -> ValidationError:
    return ValidationError([FieldProblem(field, message)])


def clean_name(raw: object, label: str, field: str = "name") -> str:
    """A trimmed name, refused when blank, too long or holding control characters."""
    value = clean(raw)
    if not value:
        raise _invalid(field, f"{label} is required: type one.")
    if len(value) > MAX_NAME:
        raise _invalid(field, f"{label} is {len(value)} characters long; at most {MAX_NAME}.")
    if LONE_SURROGATE.search(value):
        raise _invalid(field, f"{label} holds bytes that are not valid text; type it again.")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        raise _invalid(field, f"{label} '{value}' contains a control character; remove it.")
    return value


def parse_number(raw: object, label: str, field: str, low: int, high: int) -> int:
    """A whole number from `low` to `high`, given as a number or as typed text."""
    text = str(raw) if isinstance(raw, int) and not isinstance(raw, bool) else clean(raw)
    if not (text.isascii() and text.isdigit()) or not low <= int(text) <= high:
        raise _invalid(
            field, f"{label} '{text}' is not a whole number from {low} to {high}: type one."
        )
    return int(text)


def parse_year(raw: object) -> int:
    """A graduating year: four digits."""
    text = str(raw) if isinstance(raw, int) and not isinstance(raw, bool) else clean(raw)
    if len(text) != 4 or not (text.isascii() and text.isdigit()):
        raise _invalid(
            "year", f"Graduating year '{text}' is not a year: use four digits, e.g. 2031."
        )
    return int(text)


def _refuse_taken(
    model: type[BaseModel],
    column: Field,
    value: str,
    self_id: int | None,
    sentence: str,
    field: str = "name",
) -> None:
    """Refuse a name another row already has, ignoring case."""
    query = model.select(model.id).where(fn.LOWER(column) == value.lower())
    if self_id is not None:
        query = query.where(model.id != self_id)
    if query.exists():
        raise _invalid(field, sentence)


def _get(model: type[BaseModel], row_id: int, what: str) -> Any:
    row = model.get_or_none(model.id == row_id)
    if row is None:
        raise NotFound(f"This {what} no longer exists; someone removed it meanwhile.")
    return row


def _usage(column: Field) -> dict[int, int]:
    """How many rows point at each id through `column` (patrons per cohort, ...)."""
    model = column.model
    query = model.select(column.alias("ref"), fn.COUNT(SQL("*")).alias("n")).group_by(column)
    return {row["ref"]: row["n"] for row in query.dicts() if row["ref"] is not None}


def _patrons(count: int) -> str:
    return f"{count} patron" if count == 1 else f"{count} patrons"


def _in_use(what: str, count: int, way_out: str) -> DeleteRefused:
    return DeleteRefused(f"{what} is used by {_patrons(count)}: {way_out}")


# Cohorts -------------------------------------------------------------------------------


def cohort_label(year: int) -> str:
    """How a cohort is shown to people."""
    return f"Class of {year}"


def list_cohorts() -> list[SettingItem]:
    """Every cohort, latest graduating year first, with its number of patrons."""
    used = _usage(Patron.cohort)
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
        raise _invalid("year", f"The cohort {cohort_label(year)} already exists.")
    return year


@writes
def create_cohort(year: int | str) -> Cohort:
    """A graduating year ("Class of YYYY")."""
    return Cohort.create(year=_checked_year(year, None))


@writes
def rename_cohort(cohort_id: int, year: int | str) -> Cohort:
    """Change a cohort's graduating year; its patrons keep it (and so change year)."""
    cohort = _get(Cohort, cohort_id, "cohort")
    cohort.year = _checked_year(year, cohort_id)
    cohort.save()
    return cohort


@writes
def remove_cohort(cohort_id: int) -> str:
    """Remove an unused cohort; returns its label."""
    cohort = _get(Cohort, cohort_id, "cohort")
    label = cohort_label(cohort.year)
    count = Patron.select().where(Patron.cohort == cohort_id).count()
    if count:
        raise _in_use(
            label, count, "give them another graduating year first (edit them or re-import)."
        )
    cohort.delete_instance()
    return label


# Academic periods and their form classes ---------------------------------------------


def list_periods() -> list[SettingItem]:
    """Every academic period, newest name first, with the patrons in its form classes."""
    used = _usage(FormClassMembership.period)
    classes = _usage(FormClass.period)
    items = []
    for period in AcademicPeriod.select().order_by(AcademicPeriod.name.desc()):
        count = classes.get(period.id, 0)
        detail = f"{count} form class{'es' if count != 1 else ''}"
        if period.is_current:
            detail = f"current, {detail}"
        items.append(
            SettingItem(
                period.id, period.name, detail, used.get(period.id, 0), {"name": period.name}
            )
        )
    return items


def current_period() -> AcademicPeriod | None:
    """The current academic period, if any exists."""
    return AcademicPeriod.get_or_none(AcademicPeriod.is_current == True)  # noqa: E712


def _period_name(raw: object, self_id: int | None) -> str:
    name = clean_name(raw, "Academic period")
    _refuse_taken(
        AcademicPeriod,
        AcademicPeriod.name,
        name,
        self_id,
        f"The academic period {name} already exists.",
    )
    return name


@writes
def create_period(name: str, current: bool = False) -> AcademicPeriod:
    """An academic period; when `current`, or when none is current yet, it becomes current."""
    checked = _period_name(name, None)
    if current or current_period() is None:
        AcademicPeriod.update(is_current=False).where(AcademicPeriod.is_current == True).execute()  # noqa: E712
        return AcademicPeriod.create(name=checked, is_current=True)
    return AcademicPeriod.create(name=checked, is_current=False)


@writes
def rename_period(period_id: int, name: str) -> AcademicPeriod:
    """Rename an academic period."""
    period = _get(AcademicPeriod, period_id, "academic period")
    period.name = _period_name(name, period_id)
    period.save()
    return period


@writes
def set_current_period(period_id: int) -> AcademicPeriod:
    """Make this the one current period: profiles then show its form classes."""
    period = _get(AcademicPeriod, period_id, "academic period")
    AcademicPeriod.update(is_current=False).where(AcademicPeriod.is_current == True).execute()  # noqa: E712
    AcademicPeriod.update(is_current=True).where(AcademicPeriod.id == period_id).execute()
    period.is_current = True
    return period


@writes
def remove_period(period_id: int, with_form_classes: bool = False) -> str:
    """Remove a period that is not current; its form classes go with it when confirmed.

    Profiles show only the current period's form class, so removing a past period changes
    no profile; still, its memberships are kept unless `with_form_classes` is given.
    """
    period = _get(AcademicPeriod, period_id, "academic period")
    if period.is_current:
        raise DeleteRefused(
            f"{period.name} is the current academic period: make another period current first."
        )
    count = FormClassMembership.select().where(FormClassMembership.period == period_id).count()
    if count and not with_form_classes:
        classes = FormClass.select().where(FormClass.period == period_id).count()
        raise _in_use(
            f"The academic period {period.name}",
            count,
            f"they are in its {classes} form class{'es' if classes != 1 else ''}. Removing "
            "the period removes those form classes and memberships too: confirm to do so.",
        )
    FormClassMembership.delete().where(FormClassMembership.period == period_id).execute()
    FormClass.delete().where(FormClass.period == period_id).execute()
    period.delete_instance()
    return str(period.name)


def list_form_classes(period_id: int) -> list[SettingItem]:
    """The form classes of one period, by name, with their number of patrons."""
    used = _usage(FormClassMembership.form_class)
    query = FormClass.select().where(FormClass.period == period_id).order_by(FormClass.name_key)
    return [SettingItem(f.id, f.name, "", used.get(f.id, 0), {"name": f.name}) for f in query]


def _form_class_name(raw: object, period_id: int, self_id: int | None) -> str:
    name = clean_name(raw, "Form class")
    query = FormClass.select().where(
        (FormClass.period == period_id) & (FormClass.name_key == fold(name))
    )
    if self_id is not None:
        query = query.where(FormClass.id != self_id)
    if query.exists():
        raise _invalid("name", f"The form class {name} already exists in this period.")
    return name


@writes
def create_form_class(period_id: int, name: str) -> FormClass:
    """A form class in the given academic period."""
    _get(AcademicPeriod, period_id, "academic period")
    checked = _form_class_name(name, period_id, None)
    return FormClass.create(period=period_id, name=checked, name_key=fold(checked))


@writes
def rename_form_class(form_class_id: int, name: str) -> FormClass:
    """Rename a form class; its patrons stay in it."""
    form_class = _get(FormClass, form_class_id, "form class")
    form_class.name = _form_class_name(name, form_class.period_id, form_class_id)
    form_class.name_key = fold(form_class.name)
    form_class.save()
    return form_class


@writes
def remove_form_class(form_class_id: int, actor: str, move_to: int | None = None) -> str:
    """Remove a form class; one in use needs another of the same period to move them to."""
    form_class = _get(FormClass, form_class_id, "form class")
    members = list(
        Patron.select(Patron.id, Patron.username)
        .join(FormClassMembership)
        .where(FormClassMembership.form_class == form_class_id)
    )
    if members:
        if move_to is None:
            raise _in_use(
                f"The form class {form_class.name}",
                len(members),
                "move them to another form class of the same period first; removing it "
                "in Settings offers to.",
            )
        target = _move_target(FormClass, form_class_id, move_to, "form class")
        if target.period_id != form_class.period_id:
            raise DeleteRefused("Patrons can only move to a form class of the same period.")
        FormClassMembership.update(form_class=target.id).where(
            FormClassMembership.form_class == form_class_id
        ).execute()
        for patron in members:
            audit.record(
                actor,
                "updated",
                patron.id,
                patron.username,
                {"form_class": [form_class.name, target.name]},
            )
    form_class.delete_instance()
    return str(form_class.name)


def _move_target(model: type[BaseModel], row_id: int, move_to: int, what: str) -> Any:
    if move_to == row_id:
        raise DeleteRefused(f"Choose another {what} to move them to, not the one being removed.")
    return _get(model, move_to, what)


# Campuses, presentation groups and library groups ------------------------------------


@dataclass(frozen=True)
class _Movable:
    """A kind whose patrons may safely be moved to another one when it is removed."""

    model: type[BaseModel]
    what: str
    key: str
    shown: str


CAMPUS = _Movable(Campus, "campus", "campus", "import_id")
PRESENTATION_GROUP = _Movable(PresentationGroup, "presentation group", "presentation_group", "name")
LIBRARY_GROUP = _Movable(LibraryGroup, "library group", "library_group", "name")


def _remove_movable(kind: _Movable, row_id: int, actor: str, move_to: int | None) -> str:
    row = _get(kind.model, row_id, kind.what)
    users = list(
        Patron.select(Patron.id, Patron.username).where(getattr(Patron, kind.key) == row_id)
    )
    if users and move_to is None:
        raise _in_use(
            f"The {kind.what} {row.name}",
            len(users),
            f"move them to another {kind.what} first; removing it in Settings offers to.",
        )
    if users and move_to is not None:
        target = _move_target(kind.model, row_id, move_to, kind.what)
        changes = [Change(p.id, p.username, getattr(row, kind.shown)) for p in users]
        reassign(kind.key, changes, target.id, getattr(target, kind.shown), actor)
    row.delete_instance()
    return str(row.name)


def list_campuses() -> list[SettingItem]:
    """Every campus by name, with its import ID and number of patrons."""
    used = _usage(Patron.campus)
    return [
        SettingItem(
            c.id,
            c.name,
            f"import ID {c.import_id}",
            used.get(c.id, 0),
            {"name": c.name, "import_id": c.import_id},
        )
        for c in Campus.select().order_by(Campus.name)
    ]


def _campus_values(name: object, import_id: object, self_id: int | None) -> tuple[str, str]:
    checked = clean_name(name, "Campus name")
    code = clean_name(import_id, "Import ID", "import_id")
    if any(ch.isspace() for ch in code):
        raise _invalid("import_id", f"Import ID '{code}' contains a space; remove it.")
    _refuse_taken(
        Campus, Campus.name, checked, self_id, f"A campus named {checked} already exists."
    )
    _refuse_taken(
        Campus,
        Campus.import_id,
        code,
        self_id,
        f"Import ID {code} already belongs to another campus.",
        "import_id",
    )
    return checked, code


@writes
def create_campus(name: str, import_id: str) -> Campus:
    """A campus, referred to by its import ID in files."""
    checked, code = _campus_values(name, import_id, None)
    return Campus.create(name=checked, import_id=code)


@writes
def rename_campus(campus_id: int, name: str, import_id: str) -> Campus:
    """Change a campus's name and import ID (files must then use the new ID)."""
    campus = _get(Campus, campus_id, "campus")
    campus.name, campus.import_id = _campus_values(name, import_id, campus_id)
    campus.save()
    return campus


@writes
def remove_campus(campus_id: int, actor: str, move_to: int | None = None) -> str:
    """Remove a campus; one in use needs another campus to move its patrons to."""
    return _remove_movable(CAMPUS, campus_id, actor, move_to)


def list_presentation_groups() -> list[SettingItem]:
    """Every presentation group by name, with its number of patrons."""
    used = _usage(Patron.presentation_group)
    return [
        SettingItem(g.id, g.name, "", used.get(g.id, 0), {"name": g.name})
        for g in PresentationGroup.select().order_by(PresentationGroup.name)
    ]


def _group_name(model: type[BaseModel], raw: object, self_id: int | None, what: str) -> str:
    name = clean_name(raw, f"{what.capitalize()} name")
    column = model._meta.fields["name"]
    _refuse_taken(model, column, name, self_id, f"A {what} named {name} already exists.")
    return name


@writes
def create_presentation_group(name: str) -> PresentationGroup:
    """A presentation group."""
    return PresentationGroup.create(
        name=_group_name(PresentationGroup, name, None, "presentation group")
    )


@writes
def rename_presentation_group(group_id: int, name: str) -> PresentationGroup:
    """Rename a presentation group; its patrons stay in it."""
    group = _get(PresentationGroup, group_id, "presentation group")
    group.name = _group_name(PresentationGroup, name, group_id, "presentation group")
    group.save()
    return group


@writes
def remove_presentation_group(group_id: int, actor: str, move_to: int | None = None) -> str:
    """Remove a presentation group; one in use needs another to move its patrons to."""
    return _remove_movable(PRESENTATION_GROUP, group_id, actor, move_to)


def rights_of(group: LibraryGroup) -> str:
    """A library group's circulation rights in words."""
    reserve = "may reserve" if group.may_reserve else "may not reserve"
    loans = "loan" if group.max_loans == 1 else "loans"
    days = "day" if group.loan_days == 1 else "days"
    return f"{group.max_loans} {loans}, {group.loan_days} {days}, {reserve}"


def list_library_groups() -> list[SettingItem]:
    """Every library group by name, with its circulation rights and number of members."""
    used = _usage(Patron.library_group)
    return [
        SettingItem(
            g.id,
            g.name,
            rights_of(g),
            used.get(g.id, 0),
            {
                "name": g.name,
                "max_loans": g.max_loans,
                "loan_days": g.loan_days,
                "may_reserve": g.may_reserve,
            },
        )
        for g in LibraryGroup.select().order_by(LibraryGroup.name)
    ]


def _rights(max_loans: object, loan_days: object) -> tuple[int, int]:
    return (
        parse_number(max_loans, "Maximum loans", "max_loans", 0, 999),
        parse_number(loan_days, "Loan days", "loan_days", 1, 3650),
    )


@writes
def create_library_group(
    name: str, max_loans: int | str = 5, loan_days: int | str = 14, may_reserve: bool = True
) -> LibraryGroup:
    """A library group with its circulation rights."""
    checked = _group_name(LibraryGroup, name, None, "library group")
    loans, days = _rights(max_loans, loan_days)
    return LibraryGroup.create(
        name=checked, max_loans=loans, loan_days=days, may_reserve=may_reserve
    )


@writes
def change_library_group(
    group_id: int, name: str, max_loans: int | str, loan_days: int | str, may_reserve: bool
) -> LibraryGroup:
    """Rename a library group and set its rights; its members take the new rights."""
    group = _get(LibraryGroup, group_id, "library group")
    group.name = _group_name(LibraryGroup, name, group_id, "library group")
    group.max_loans, group.loan_days = _rights(max_loans, loan_days)
    group.may_reserve = may_reserve
    group.save()
    return group


@writes
def remove_library_group(group_id: int, actor: str, move_to: int | None = None) -> str:
    """Remove a library group; one with members needs another group to move them to."""
    return _remove_movable(LIBRARY_GROUP, group_id, actor, move_to)
