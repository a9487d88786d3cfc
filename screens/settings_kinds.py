"""What the settings screen needs to know of each kind of setting, in one table.

Each kind names its fields and the store functions that list, add, change and remove it,
so one list screen and one form serve cohorts, periods, form classes, campuses and groups.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from store import settings
from store.settings import SettingItem

Values = dict[str, Any]


@dataclass(frozen=True)
class FormField:
    """One field of the add/change form; `yes_no` fields are checkboxes."""

    key: str
    label: str
    yes_no: bool = False


@dataclass(frozen=True)
class SettingKind:
    """A kind of setting: its names, form fields and store functions.

    `parent` is the academic period whose form classes are shown (None for other kinds).
    `remove(item_id, actor, move_to, confirmed)` returns the removed name.
    """

    key: str
    title: str
    singular: str
    fields: tuple[FormField, ...]
    load: Callable[[int | None], list[SettingItem]]
    create: Callable[[int | None, Values], object]
    change: Callable[[int, Values], object]
    remove: Callable[[int, str, int | None, bool], str]
    movable: bool = False


NAME = (FormField("name", "Name"),)
RIGHTS = (
    FormField("name", "Name"),
    FormField("max_loans", "Maximum loans"),
    FormField("loan_days", "Loan days"),
    FormField("may_reserve", "May reserve", yes_no=True),
)

KINDS: tuple[SettingKind, ...] = (
    SettingKind(
        "cohorts",
        "Cohorts",
        "cohort",
        (FormField("year", "Graduating year"),),
        lambda _: settings.list_cohorts(),
        lambda _, v: settings.create_cohort(v["year"]),
        lambda i, v: settings.rename_cohort(i, v["year"]),
        lambda i, _actor, _to, _ok: settings.remove_cohort(i),
    ),
    SettingKind(
        "periods",
        "Academic periods",
        "academic period",
        NAME,
        lambda _: settings.list_periods(),
        lambda _, v: settings.create_period(v["name"]),
        lambda i, v: settings.rename_period(i, v["name"]),
        lambda i, _actor, _to, ok: settings.remove_period(i, with_form_classes=ok),
    ),
    SettingKind(
        "form_classes",
        "Form classes",
        "form class",
        NAME,
        lambda period: settings.list_form_classes(period or 0),
        lambda period, v: settings.create_form_class(period or 0, v["name"]),
        lambda i, v: settings.rename_form_class(i, v["name"]),
        lambda i, actor, to, _ok: settings.remove_form_class(i, actor, to),
        movable=True,
    ),
    SettingKind(
        "campuses",
        "Campuses",
        "campus",
        (FormField("name", "Name"), FormField("import_id", "Import ID")),
        lambda _: settings.list_campuses(),
        lambda _, v: settings.create_campus(v["name"], v["import_id"]),
        lambda i, v: settings.rename_campus(i, v["name"], v["import_id"]),
        lambda i, actor, to, _ok: settings.remove_campus(i, actor, to),
        movable=True,
    ),
    SettingKind(
        "presentation_groups",
        "Presentation groups",
        "presentation group",
        NAME,
        lambda _: settings.list_presentation_groups(),
        lambda _, v: settings.create_presentation_group(v["name"]),
        lambda i, v: settings.rename_presentation_group(i, v["name"]),
        lambda i, actor, to, _ok: settings.remove_presentation_group(i, actor, to),
        movable=True,
    ),
    SettingKind(
        "library_groups",
        "Library groups",
        "library group",
        RIGHTS,
        lambda _: settings.list_library_groups(),
        lambda _, v: settings.create_library_group(
            v["name"], v["max_loans"], v["loan_days"], v["may_reserve"]
        ),
        lambda i, v: settings.change_library_group(
            i, v["name"], v["max_loans"], v["loan_days"], v["may_reserve"]
        ),
        lambda i, actor, to, _ok: settings.remove_library_group(i, actor, to),
        movable=True,
    ),
)
BY_KEY = {kind.key: kind for kind in KINDS}
NEW_VALUES: Values = {"max_loans": "5", "loan_days": "14", "may_reserve": True}
