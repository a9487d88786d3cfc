"""Academic periods (exactly one current) and the form classes of each period."""

from __future__ import annotations

from store import audit
from store.db import writes
from store.errors import DeleteRefused
from store.models import (
    AcademicPeriod,
    FormClass,
    FormClassMembership,
    Patron,
)
from store.settings.common import (
    SettingItem,
    clean_name,
    get_row,
    in_use,
    invalid,
    move_target,
    refuse_taken,
    usage_counts,
)
from store.text import fold


def list_periods() -> list[SettingItem]:
    """Every academic period, newest name first, with the patrons in its form classes."""
    used = usage_counts(FormClassMembership.period)
    classes = usage_counts(FormClass.period)
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
    refuse_taken(
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
    period = get_row(AcademicPeriod, period_id, "academic period")
    period.name = _period_name(name, period_id)
    period.save()
    return period


@writes
def set_current_period(period_id: int) -> AcademicPeriod:
    """Make this the one current period: profiles then show its form classes."""
    period = get_row(AcademicPeriod, period_id, "academic period")
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
    period = get_row(AcademicPeriod, period_id, "academic period")
    if period.is_current:
        raise DeleteRefused(
            f"{period.name} is the current academic period: make another period current first."
        )
    count = FormClassMembership.select().where(FormClassMembership.period == period_id).count()
    if count and not with_form_classes:
        classes = FormClass.select().where(FormClass.period == period_id).count()
        raise in_use(
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
    used = usage_counts(FormClassMembership.form_class)
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
        raise invalid("name", f"The form class {name} already exists in this period.")
    return name


@writes
def create_form_class(period_id: int, name: str) -> FormClass:
    """A form class in the given academic period."""
    get_row(AcademicPeriod, period_id, "academic period")
    checked = _form_class_name(name, period_id, None)
    return FormClass.create(period=period_id, name=checked, name_key=fold(checked))


@writes
def rename_form_class(form_class_id: int, name: str) -> FormClass:
    """Rename a form class; its patrons stay in it."""
    form_class = get_row(FormClass, form_class_id, "form class")
    form_class.name = _form_class_name(name, form_class.period_id, form_class_id)
    form_class.name_key = fold(form_class.name)
    form_class.save()
    return form_class


@writes
def remove_form_class(form_class_id: int, actor: str, move_to: int | None = None) -> str:
    """Remove a form class; one in use needs another of the same period to move them to."""
    form_class = get_row(FormClass, form_class_id, "form class")
    members = list(
        Patron.select(Patron.id, Patron.username)
        .join(FormClassMembership)
        .where(FormClassMembership.form_class == form_class_id)
    )
    if members:
        if move_to is None:
            raise in_use(
                f"The form class {form_class.name}",
                len(members),
                "move them to another form class of the same period first; removing it "
                "in Settings offers to.",
            )
        target = move_target(FormClass, form_class_id, move_to, "form class")
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
