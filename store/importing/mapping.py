"""Field keys of each kind of import, header synonyms, and choosing a file's columns.

A header row is recognised when its cells name fields: our keys, the manual's labels
("Library Barcode", "Admin System ID") and the names administration systems use, with
case, spaces and punctuation ignored. The operator's field list always wins.
"""

from __future__ import annotations

from collections.abc import Sequence

from store.errors import StoreError
from store.fields import LABELS

SKIP = "skip"
USER_FIELDS: tuple[str, ...] = (
    "username",
    "password",
    "email",
    "barcode",
    "admin_id",
    "gender",
    "given_name",
    "middle_name",
    "preferred_name",
    "surname",
    "enabled",
    "staff",
    "generic",
    "graduating_year",
    "academic_level",
    "campus",
    "form_class",
    "presentation_group",
)
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    "users": USER_FIELDS,
    "rename": ("username", "new_username"),
    "contacts": ("username", "email", "relationship", "name"),
}
# Names seen in administration systems' exports, beyond our keys and the manual's labels.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "username": ("user name", "user", "login", "login name", "user id", "old username", "old"),
    "password": ("pass word",),
    "email": ("primary email address", "email address", "e-mail", "mail"),
    "barcode": ("library barcode", "card number", "library card", "borrower barcode"),
    "admin_id": ("admin system id", "student id", "staff id", "sis id", "student number"),
    "gender": ("sex",),
    "given_name": ("first name", "firstname", "forename", "given names"),
    "middle_name": ("middle names", "second name"),
    "preferred_name": ("known as", "nickname"),
    "surname": ("last name", "family name", "lastname"),
    "enabled": ("active", "is enabled"),
    "staff": ("staff member", "is staff"),
    "generic": ("generic account",),
    "graduating_year": ("graduating year", "cohort", "year of graduation", "graduation year"),
    "academic_level": ("year level", "grade", "year group"),
    "campus": ("campus id", "campus import id", "site"),
    "form_class": ("form", "home room", "homeroom", "roll class", "tutor group"),
    "presentation_group": ("house",),
    "new_username": ("new user name", "new login", "to", "new"),
    "relationship": ("relation", "relationship to student"),
    "name": ("contact name", "full name"),
    SKIP: ("ignore", "reasons"),
}


class UsageError(StoreError):
    """The operator asked for something that cannot be done as asked (bad field list)."""


def normalise(name: str) -> str:
    """A header cell or key with case, spaces and punctuation ignored."""
    return "".join(ch for ch in name.casefold() if ch.isalnum())


def _lookup(kind: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for key in (*KIND_FIELDS[kind], SKIP):
        names = (key, LABELS.get(key, key), *SYNONYMS.get(key, ()))
        table.update({normalise(name): key for name in names})
    if kind == "contacts":
        table.update({normalise(n): "email" for n in ("contact email", "parent email")})
    return table


def parse_fields(kind: str, text: str | Sequence[str]) -> list[str]:
    """The operator's field list (comma-separated or a list), checked; UsageError if wrong."""
    items = text.split(",") if isinstance(text, str) else list(text)
    keys = [item.strip().lower() for item in items]
    allowed = KIND_FIELDS[kind]
    for key in keys:
        if key != SKIP and key not in allowed:
            raise UsageError(
                f"'{key}' is not a field of this import; use: {', '.join(allowed)} or skip."
            )
    check_fields(kind, keys)
    return keys


def check_fields(kind: str, keys: Sequence[str]) -> None:
    """Refuse a key given twice, a missing username, or no field beside it."""
    seen: set[str] = set()
    for key in keys:
        if key != SKIP and key in seen:
            raise UsageError(f"The field '{key}' is given twice; each field may appear once.")
        seen.add(key)
    if "username" not in seen:
        raise UsageError("The field list needs 'username': it decides which patron a row is.")
    if not seen - {"username", SKIP}:
        raise UsageError("The field list needs at least one field besides 'username'.")
    if kind == "rename" and "new_username" not in seen:
        raise UsageError("A rename needs the fields username and new_username.")
    if kind == "contacts" and "email" not in seen:
        raise UsageError("A contacts import needs the fields username and email.")


def header_fields(kind: str, cells: Sequence[str]) -> list[str] | None:
    """The fields a header row names, or None when the row is not a header.

    A row is a header when every non-blank cell names a field and one names the username.
    Blank header cells are skipped columns.
    """
    table = _lookup(kind)
    keys = []
    for cell in cells:
        name = normalise(cell.lstrip("\ufeff"))
        if not name:
            keys.append(SKIP)
            continue
        if name not in table:
            return None
        keys.append(table[name])
    if "username" not in keys:
        return None
    return keys


def looks_like_header(kind: str, cells: Sequence[str]) -> bool:
    """True when the row's cells name fields (whatever order the operator chose)."""
    return header_fields(kind, cells) is not None
