"""The patron profile's fields: keys, labels and the fixed system groups (DESIGN.md)."""

from __future__ import annotations

LIBRARY_USERS = "Library Users"
CIRCULATION_ONLY = "Library Circulation Only"
OVERRIDE_BLOCKS = "Can Override Blocks"
LIBRARIAN = "Librarian"
SYSTEM_ADMINISTRATOR = "System Administrator"
SYSTEM_GROUPS: tuple[str, ...] = (
    LIBRARY_USERS,
    CIRCULATION_ONLY,
    OVERRIDE_BLOCKS,
    LIBRARIAN,
    SYSTEM_ADMINISTRATOR,
)

# Every profile field in the manual's order, with the label people see.
LABELS: dict[str, str] = {
    "username": "Username",
    "password": "Password",
    "email": "Primary email",
    "barcode": "Library barcode",
    "admin_id": "Admin system ID",
    "gender": "Gender",
    "given_name": "Given name",
    "middle_name": "Middle name",
    "preferred_name": "Preferred name",
    "surname": "Surname",
    "enabled": "Enabled",
    "until_date": "Until date",
    "staff": "Staff member",
    "generic": "Generic",
    "graduating_year": "Graduating year",
    "academic_level": "Academic level",
    "campus": "Campus",
    "form_class": "Form class",
    "presentation_group": "Presentation group",
    "library_group": "Library group",
    "system_groups": "System groups",
}
PROFILE_FIELDS: tuple[str, ...] = tuple(LABELS)
# A contact's fields: checked by the same rules as the profile's text and email fields.
CONTACT_LABELS: dict[str, str] = {
    "contact_email": "Contact email",
    "contact_relationship": "Contact relationship",
    "contact_name": "Contact name",
}
MANDATORY: frozenset[str] = frozenset({"username", "barcode", "surname", "enabled", "staff"})
TEXT_FIELDS: frozenset[str] = frozenset(
    {"given_name", "middle_name", "preferred_name", "surname", "academic_level"}
)
YES_WORDS = frozenset({"y", "yes", "true", "1"})
NO_WORDS = frozenset({"n", "no", "false", "0"})
DATE_FORMAT_HINT = "YYYY-MM-DD, e.g. 2027-07-31"
PASSWORD_MIN_LENGTH = 8
