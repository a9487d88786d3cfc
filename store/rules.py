"""Every rule of the patron profile, in one place.

`parse_values` turns what a person typed (or a CSV cell) into typed values, and
`check_profile` judges a whole profile. Both collect every problem, field by field, in
plain words naming the field and the value, so one save reports everything at once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from store.emails import InvalidEmail, normalise_email
from store.errors import FieldProblem
from store.fields import (
    CONTACT_LABELS,
    DATE_FORMAT_HINT,
    LABELS,
    LIBRARY_USERS,
    NO_WORDS,
    PASSWORD_MIN_LENGTH,
    SYSTEM_GROUPS,
    YES_WORDS,
)
from store.references import References
from store.text import clean

MAX_TEXT = 255
FIELD_LABELS = {**LABELS, **CONTACT_LABELS}
Profile = dict[str, Any]
# Compiled once: an import checks every cell, and a per-character loop dominated its time.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
CONTROL_CHARACTER = re.compile("[\x00-\x1f\x7f]")
WHITESPACE = re.compile(r"\s")  # matches exactly what str.isspace() accepts


class Invalid(ValueError):
    """A value broke a rule; the message is the sentence shown to the person."""


def _refuse_broken_text(key: str, value: str) -> None:
    """Lone surrogates come from bytes that were not valid text (e.g. a mis-encoded argument)."""
    if LONE_SURROGATE.search(value):
        raise Invalid(f"{FIELD_LABELS[key]} holds bytes that are not valid text; type it again.")


def _text(key: str, raw: object) -> str:
    value = clean(raw)
    if value.isascii() and value.isprintable() and len(value) <= MAX_TEXT:
        return value  # most cells: no surrogate, no control character, short enough
    _refuse_broken_text(key, value)
    if len(value) > MAX_TEXT:
        raise Invalid(
            f"{FIELD_LABELS[key]} is {len(value)} characters long; at most {MAX_TEXT} are allowed."
        )
    if CONTROL_CHARACTER.search(value):
        raise Invalid(f"{FIELD_LABELS[key]} contains a control character; remove it.")
    return value


def _no_spaces(key: str, raw: object) -> str:
    value = _text(key, raw)
    if WHITESPACE.search(value):
        raise Invalid(f"{FIELD_LABELS[key]} '{value}' contains a space; remove it.")
    return value


def _optional(key: str, raw: object) -> str | None:
    return _no_spaces(key, raw) or None


def parse_yes_no(key: str, raw: object) -> bool | None:
    """Y/yes/true/1 or N/no/false/0 in any case; blank is None."""
    if isinstance(raw, bool):
        return raw
    word = clean(raw).lower()
    if not word:
        return None
    if word in YES_WORDS:
        return True
    if word in NO_WORDS:
        return False
    raise Invalid(
        f"{FIELD_LABELS[key]} '{clean(raw)}' is not yes or no: use Y, yes, true or 1, "
        "or N, no, false or 0."
    )


def _email(key: str, raw: object) -> str | None:
    value = _text(key, raw)
    if not value:
        return None
    try:
        return normalise_email(value)
    except InvalidEmail as exc:
        raise Invalid(
            f"{FIELD_LABELS[key]} '{value}' is not a valid address: {exc} "
            "Correct it or leave it blank."
        ) from exc


def _gender(key: str, raw: object) -> str:
    value = _text(key, raw).upper()
    if value not in ("", "M", "F"):
        raise Invalid(
            f"{FIELD_LABELS[key]} '{clean(raw)}' is not allowed: use M, F or leave it blank."
        )
    return value


def _date(key: str, raw: object) -> dt.date | None:
    if isinstance(raw, dt.date):
        return raw
    value = clean(raw)
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise Invalid(
            f"{FIELD_LABELS[key]} '{value}' is not a date: use {DATE_FORMAT_HINT}."
        ) from exc


def _year(key: str, raw: object) -> int | None:
    value = str(raw) if isinstance(raw, int) and not isinstance(raw, bool) else clean(raw)
    if not value:
        return None
    if len(value) != 4 or not value.isdigit():
        raise Invalid(f"{FIELD_LABELS[key]} '{value}' is not a year: use four digits, e.g. 2031.")
    return int(value)


def _password(key: str, raw: object) -> str | None:
    value = "" if raw is None else str(raw)
    if not value:
        return None
    _refuse_broken_text(key, value)
    if len(value) < PASSWORD_MIN_LENGTH:
        raise Invalid(
            f"{FIELD_LABELS[key]} is {len(value)} characters long; it needs at least "
            f"{PASSWORD_MIN_LENGTH}."
        )
    return value


def parse_system_groups(raw: object) -> tuple[str, ...]:
    """A set of system group names (list or comma-separated text), Library Users always in."""
    items: Iterable[object] = raw.split(",") if isinstance(raw, str) else (raw or [])  # type: ignore[assignment]
    by_key = {name.casefold(): name for name in SYSTEM_GROUPS}
    chosen = {LIBRARY_USERS}
    for item in items:
        name = clean(item)
        if not name:
            continue
        if name.casefold() not in by_key:
            raise Invalid(
                f"{FIELD_LABELS['system_groups']}: '{name}' is not a system group; "
                f"use one of: {', '.join(SYSTEM_GROUPS)}."
            )
        chosen.add(by_key[name.casefold()])
    return tuple(name for name in SYSTEM_GROUPS if name in chosen)


PARSERS: dict[str, Callable[[str, object], object]] = {
    "username": _no_spaces,
    "password": _password,
    "email": _email,
    "barcode": _no_spaces,
    "admin_id": _optional,
    "gender": _gender,
    "given_name": _text,
    "middle_name": _text,
    "preferred_name": _text,
    "surname": _text,
    "enabled": parse_yes_no,
    "until_date": _date,
    "staff": parse_yes_no,
    "generic": parse_yes_no,
    "graduating_year": _year,
    "academic_level": _text,
    "campus": lambda key, raw: _text(key, raw) or None,
    "form_class": lambda key, raw: _text(key, raw) or None,
    "presentation_group": lambda key, raw: _text(key, raw) or None,
    "library_group": lambda key, raw: _text(key, raw) or None,
    "system_groups": lambda key, raw: parse_system_groups(raw),
}


def parse_values(values: Mapping[str, object]) -> tuple[Profile, list[FieldProblem]]:
    """Typed values for the given fields, and a problem for each value that breaks a rule."""
    parsed: Profile = {}
    problems: list[FieldProblem] = []
    for key, raw in values.items():
        if key not in PARSERS:
            raise KeyError(f"unknown profile field {key!r}")
        try:
            parsed[key] = PARSERS[key](key, raw)
        except Invalid as exc:
            problems.append(FieldProblem(key, str(exc)))
    return parsed, problems


def _required(profile: Profile, given: Mapping[str, object], is_new: bool) -> list[FieldProblem]:
    problems = []
    for key in ("username", "barcode", "surname"):
        if not profile.get(key):
            problems.append(FieldProblem(key, f"{FIELD_LABELS[key]} is required."))
    if is_new:
        for key in ("enabled", "staff"):
            if given.get(key) is None:
                problems.append(
                    FieldProblem(
                        key, f"{FIELD_LABELS[key]} is required for a new patron: say yes or no."
                    )
                )
    return problems


def _role(profile: Profile) -> list[FieldProblem]:
    if profile.get("generic") and profile.get("staff"):
        return [
            FieldProblem(
                "generic",
                "A generic account cannot be a staff member: clear Generic or Staff member.",
            )
        ]
    is_student = not profile.get("staff") and not profile.get("generic")
    if is_student and not profile.get("graduating_year") and not profile.get("academic_level"):
        return [
            FieldProblem(
                "graduating_year",
                "A student needs a graduating year or an academic level: fill one in, "
                "or mark the patron as staff or generic.",
            )
        ]
    return []


def _references(profile: Profile, refs: References) -> list[FieldProblem]:
    problems = []
    year = profile.get("graduating_year")
    if year and refs.cohort_id(year) is None:
        problems.append(
            FieldProblem(
                "graduating_year",
                f'Graduating year {year} has no cohort: create the cohort "Class of {year}" '
                "in Settings first (an import may use --create-cohorts).",
            )
        )
    campus = profile.get("campus")
    if campus and refs.campus_id(campus) is None:
        problems.append(
            FieldProblem(
                "campus",
                f"Campus '{campus}' does not exist: use the import ID of an existing campus, "
                "or create it in Settings.",
            )
        )
    for key, lookup in (
        ("presentation_group", refs.presentation_group_id),
        ("library_group", refs.library_group_id),
    ):
        name = profile.get(key)
        if name and lookup(name) is None:
            problems.append(
                FieldProblem(
                    key,
                    f"{FIELD_LABELS[key]} '{name}' does not exist: create it in Settings first.",
                )
            )
    if profile.get("form_class") and refs.current_period_id() is None:
        problems.append(
            FieldProblem(
                "form_class",
                f"Form class '{profile['form_class']}' needs a current academic period: "
                "set one in Settings first.",
            )
        )
    return problems


def _uniqueness(profile: Profile, refs: References, self_id: int | None) -> list[FieldProblem]:
    problems = []
    checks = (
        ("username", profile.get("username"), refs.owner_of_username, True),
        ("barcode", profile.get("barcode"), refs.owner_of_barcode, False),
        ("admin_id", profile.get("admin_id"), refs.owner_of_admin_id, False),
    )
    for key, value, lookup, fold_case in checks:
        if not value:
            continue
        owner = lookup(value.casefold() if fold_case else value)
        if owner and owner[0] != self_id:
            problems.append(
                FieldProblem(key, f"{FIELD_LABELS[key]} {value} already belongs to {owner[1]}.")
            )
    return problems


def check_profile(
    profile: Profile,
    given: Mapping[str, object],
    refs: References,
    self_id: int | None,
) -> list[FieldProblem]:
    """Every problem of a whole profile (after the given values are applied to it)."""
    problems = _required(profile, given, is_new=self_id is None)
    problems += _role(profile)
    problems += _references(profile, refs)
    problems += _uniqueness(profile, refs, self_id)
    return problems
