"""Register, update, fetch and delete patrons: the services the app and the CLI share."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from peewee import IntegrityError

from store import audit
from store.db import writes
from store.errors import DeleteRefused, FieldProblem, NotFound, ValidationError, VersionConflict
from store.fields import LABELS
from store.models import (
    FormClass,
    FormClassMembership,
    Loan,
    Patron,
    SystemGroupMembership,
    utcnow,
)
from store.passwords import hash_password
from store.profiles import BLANK_PROFILE, profile_of, search_text, sort_key
from store.references import DatabaseReferences, References
from store.rules import Profile, check_profile, parse_values
from store.text import fold

UNIQUE_COLUMNS = {"username_key": "username", "barcode": "barcode", "admin_id": "admin_id"}


def get_patron(patron_id: int) -> Patron:
    """The patron with this id, or NotFound."""
    patron = Patron.get_or_none(Patron.id == patron_id)
    if patron is None:
        raise NotFound(f"Patron #{patron_id} no longer exists; it may have been deleted.")
    return patron


def find_patron(username: str) -> Patron | None:
    """The patron with this username (ignoring case and surrounding spaces), if any."""
    return Patron.get_or_none(Patron.username_key == username.strip().casefold())


def judge(
    values: Mapping[str, object],
    before: Profile,
    self_id: int | None,
    refs: References | None = None,
) -> tuple[Profile, str | None]:
    """The profile after applying `values`, and the new password if one was given.

    Raises ValidationError listing every problem, field by field.
    """
    parsed, problems = parse_values(values)
    password = parsed.pop("password", None)
    after = {**before, **parsed}
    for key in ("generic", "staff"):
        after[key] = bool(after.get(key))
    failed = {problem.field for problem in problems}
    given = {**parsed, **{key: True for key in failed}}
    cross = check_profile(after, given, refs or DatabaseReferences(), self_id)
    problems += [p for p in cross if p.field not in failed]
    if problems:
        raise ValidationError(problems)
    return after, password


def patron_columns(profile: Profile, refs: References) -> dict[str, Any]:
    """The patron table's column values for a judged profile."""
    year = profile["graduating_year"]
    return {
        "username": profile["username"],
        "username_key": profile["username"].casefold(),
        "email": profile["email"],
        "barcode": profile["barcode"],
        "admin_id": profile["admin_id"],
        "gender": profile["gender"],
        "given_name": profile["given_name"],
        "middle_name": profile["middle_name"],
        "preferred_name": profile["preferred_name"],
        "surname": profile["surname"],
        "enabled": profile["enabled"],
        "until_date": profile["until_date"],
        "staff": profile["staff"],
        "generic": profile["generic"],
        "cohort": refs.cohort_id(year) if year else None,
        "academic_level": profile["academic_level"],
        "campus": refs.campus_id(profile["campus"]) if profile["campus"] else None,
        "presentation_group": (
            refs.presentation_group_id(profile["presentation_group"])
            if profile["presentation_group"]
            else None
        ),
        "library_group": (
            refs.library_group_id(profile["library_group"]) if profile["library_group"] else None
        ),
        "search_text": search_text(profile),
        "sort_key": sort_key(profile),
    }


def _duplicate(exc: IntegrityError, profile: Profile) -> ValidationError:
    """Explain a unique index refusal (another operator saved the same value just now)."""
    text = str(exc)
    for column, key in UNIQUE_COLUMNS.items():
        if column in text:
            return ValidationError(
                [
                    FieldProblem(
                        key,
                        f"{LABELS[key]} {profile[key]} already belongs to another "
                        "patron (saved a moment ago).",
                    )
                ]
            )
    return ValidationError([FieldProblem("username", f"The patron could not be saved: {text}.")])


def set_system_groups(patron_id: int, groups: tuple[str, ...]) -> None:
    """Replace the patron's system groups (Library Users is always among them)."""
    SystemGroupMembership.delete().where(SystemGroupMembership.patron == patron_id).execute()
    SystemGroupMembership.insert_many(
        [{"patron": patron_id, "group": name} for name in groups]
    ).execute()


def set_form_class(patron_id: int, name: str | None, period_id: int | None) -> None:
    """Put the patron in the named form class of the period (created when new), or none."""
    if period_id is None:
        return
    FormClassMembership.delete().where(
        (FormClassMembership.patron == patron_id) & (FormClassMembership.period == period_id)
    ).execute()
    if not name:
        return
    key = fold(name)
    form_class = FormClass.get_or_none(
        (FormClass.period == period_id) & (FormClass.name_key == key)
    )
    if form_class is None:
        form_class = FormClass.create(period=period_id, name=name, name_key=key)
    FormClassMembership.create(patron=patron_id, form_class=form_class, period=period_id)


def _write_memberships(patron_id: int, before: Profile, after: Profile, refs: References) -> None:
    if before["system_groups"] != after["system_groups"] or before is BLANK_PROFILE:
        set_system_groups(patron_id, after["system_groups"])
    if before["form_class"] != after["form_class"]:
        set_form_class(patron_id, after["form_class"], refs.current_period_id())


@writes
def register(values: Mapping[str, object], actor: str) -> Patron:
    """Create a patron from field values (text or typed); every rule is checked first."""
    refs = DatabaseReferences()
    after, password = judge(values, BLANK_PROFILE, None, refs)
    columns = patron_columns(after, refs)
    now = utcnow()
    try:
        patron = Patron.create(
            **columns,
            password_hash=hash_password(password) if password else None,
            created_at=now,
            updated_at=now,
            updated_by=actor,
        )
    except IntegrityError as exc:
        raise _duplicate(exc, after) from exc
    _write_memberships(patron.id, BLANK_PROFILE, after, refs)
    changes = audit.diff({}, after)
    if password:
        changes["password"] = ["", "(changed)"]
    audit.record(actor, "created", patron.id, patron.username, changes)
    return patron


@writes
def update(
    patron_id: int, values: Mapping[str, object], expected_version: int, actor: str
) -> Patron:
    """Change some fields of a patron loaded at `expected_version`.

    Refused with VersionConflict when someone else saved the patron since it was loaded.
    """
    refs = DatabaseReferences()
    patron = get_patron(patron_id)
    if patron.version != expected_version:
        raise _conflict(patron)
    before = profile_of(patron)
    after, password = judge(values, before, patron_id, refs)
    changes = audit.diff(before, after)
    if password:
        changes["password"] = ["", "(changed)"]
    if not changes:
        return patron
    columns = patron_columns(after, refs)
    if password:
        columns["password_hash"] = hash_password(password)
    columns.update(version=patron.version + 1, updated_at=utcnow(), updated_by=actor)
    try:
        updated = (
            Patron.update(**columns)
            .where((Patron.id == patron_id) & (Patron.version == expected_version))
            .execute()
        )
    except IntegrityError as exc:
        raise _duplicate(exc, after) from exc
    if updated != 1:
        raise _conflict(get_patron(patron_id))
    _write_memberships(patron_id, before, after, refs)
    audit.record(actor, "updated", patron_id, after["username"], changes)
    return get_patron(patron_id)


def _conflict(patron: Patron) -> VersionConflict:
    when = patron.updated_at.strftime("%Y-%m-%d %H:%M:%S UTC")
    return VersionConflict(
        f"{patron.username} was saved by {patron.updated_by or 'someone else'} at {when} "
        "since you opened it. Reload to see their changes, then make yours again."
    )


def loans_out(patron_id: int) -> int:
    """How many items the patron has on loan now."""
    return Loan.select().where((Loan.patron == patron_id) & Loan.returned.is_null()).count()


@writes
def delete_patron(patron_id: int, actor: str) -> str:
    """Remove a patron for good, with contacts and memberships; refused while loans are out.

    Returns the removed username.
    """
    patron = get_patron(patron_id)
    out = loans_out(patron_id)
    if out:
        items = "item" if out == 1 else "items"
        raise DeleteRefused(
            f"{patron.username} still has {out} {items} on loan; "
            "return them before deleting the patron."
        )
    before = profile_of(patron)
    Loan.delete().where(Loan.patron == patron_id).execute()
    patron.delete_instance(recursive=False)
    audit.record(actor, "deleted", patron_id, patron.username, audit.diff(before, {}))
    return str(patron.username)
