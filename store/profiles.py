"""A patron as a profile: the field values people see, edit, import and compare."""

from __future__ import annotations

from typing import Any

from store.fields import LIBRARY_USERS, SYSTEM_GROUPS
from store.models import (
    BaseModel,
    Campus,
    Cohort,
    FormClass,
    FormClassMembership,
    LibraryGroup,
    Patron,
    PresentationGroup,
    SystemGroupMembership,
)
from store.references import DatabaseReferences
from store.rules import Profile
from store.text import fold

BLANK_PROFILE: Profile = {
    "username": "",
    "email": None,
    "barcode": "",
    "admin_id": None,
    "gender": "",
    "given_name": "",
    "middle_name": "",
    "preferred_name": "",
    "surname": "",
    "enabled": True,
    "until_date": None,
    "staff": False,
    "generic": False,
    "graduating_year": None,
    "academic_level": "",
    "campus": None,
    "form_class": None,
    "presentation_group": None,
    "library_group": None,
    "system_groups": (LIBRARY_USERS,),
}


def _name(model: type[BaseModel], key: object, attribute: str = "name") -> Any:
    if key is None:
        return None
    row = model.get_or_none(model.id == key)
    return getattr(row, attribute) if row else None


def current_form_class(patron_id: int) -> str | None:
    """The name of the patron's form class in the current academic period, if any."""
    period_id = DatabaseReferences().current_period_id()
    if period_id is None:
        return None
    row = (
        FormClass.select(FormClass.name)
        .join(FormClassMembership)
        .where(
            (FormClassMembership.patron == patron_id) & (FormClassMembership.period == period_id)
        )
        .first()
    )
    return row.name if row else None


def system_groups_of(patron_id: int) -> tuple[str, ...]:
    """The patron's system groups in their fixed order."""
    names = {
        m.group
        for m in SystemGroupMembership.select(SystemGroupMembership.group).where(
            SystemGroupMembership.patron == patron_id
        )
    }
    return tuple(name for name in SYSTEM_GROUPS if name in names)


def profile_of(patron: Patron) -> Profile:
    """Every profile field of a stored patron (never the password)."""
    return {
        "username": patron.username,
        "email": patron.email,
        "barcode": patron.barcode,
        "admin_id": patron.admin_id,
        "gender": patron.gender,
        "given_name": patron.given_name,
        "middle_name": patron.middle_name,
        "preferred_name": patron.preferred_name,
        "surname": patron.surname,
        "enabled": patron.enabled,
        "until_date": patron.until_date,
        "staff": patron.staff,
        "generic": patron.generic,
        "graduating_year": _name(Cohort, patron.cohort_id, "year"),
        "academic_level": patron.academic_level,
        "campus": _name(Campus, patron.campus_id, "import_id"),
        "form_class": current_form_class(patron.id),
        "presentation_group": _name(PresentationGroup, patron.presentation_group_id),
        "library_group": _name(LibraryGroup, patron.library_group_id),
        "system_groups": system_groups_of(patron.id),
    }


def display_name(given: str, preferred: str, surname: str) -> str:
    """The name people know the patron by: the preferred name when set, then the surname."""
    first = preferred or given
    return f"{first} {surname}".strip()


def search_text(profile: Profile) -> str:
    """The folded text the search index matches against."""
    parts = (
        profile.get("username"),
        profile.get("given_name"),
        profile.get("preferred_name"),
        profile.get("surname"),
        profile.get("barcode"),
        profile.get("admin_id"),
        profile.get("email"),
    )
    return fold("\n".join(part for part in parts if part))


def sort_key(profile: Profile) -> str:
    """The key results are ordered by: surname, then the name used, then username."""
    first = profile.get("preferred_name") or profile.get("given_name") or ""
    return fold(f"{profile.get('surname', '')} {first} {profile.get('username', '')}")
