"""Operator accounts: System Administrators and Librarians are patrons in system groups."""

from __future__ import annotations

from store.errors import FieldProblem, ValidationError
from store.fields import LIBRARY_USERS, SYSTEM_ADMINISTRATOR
from store.models import Patron, SystemGroupMembership
from store.patrons import register


def has_administrator() -> bool:
    """True when at least one patron is a System Administrator."""
    return (
        SystemGroupMembership.select()
        .where(SystemGroupMembership.group == SYSTEM_ADMINISTRATOR)
        .exists()
    )


def create_administrator(
    username: str, password: str, actor: str, surname: str = "", barcode: str = ""
) -> Patron:
    """A staff patron in System Administrator, with a password; every profile rule applies."""
    if not password:
        raise ValidationError(
            [FieldProblem("password", "Password is required: an administrator signs in with it.")]
        )
    return register(
        {
            "username": username,
            "password": password,
            "surname": surname or username,
            "barcode": barcode or f"ADMIN-{username}",
            "enabled": True,
            "staff": True,
            "system_groups": (LIBRARY_USERS, SYSTEM_ADMINISTRATOR),
        },
        actor,
    )
