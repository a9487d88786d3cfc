"""Further email contacts of a patron (a parent's, a guardian's), each with a relationship."""

from __future__ import annotations

from store import audit
from store.db import writes
from store.errors import FieldProblem, NotFound, ValidationError
from store.models import Contact
from store.patrons import get_patron
from store.rules import PARSERS, Invalid


def list_contacts(patron_id: int) -> list[Contact]:
    """The patron's contacts in the order they were added."""
    return list(Contact.select().where(Contact.patron == patron_id).order_by(Contact.id))


def checked_contact(email: str, relationship: str, name: str) -> tuple[str, str, str]:
    """A contact's email (normalised), relationship and name, or every problem at once."""
    problems = []
    values: dict[str, str] = {}
    for key, raw, parser in (
        ("email", email, PARSERS["email"]),
        ("relationship", relationship, PARSERS["given_name"]),
        ("name", name, PARSERS["given_name"]),
    ):
        field = f"contact_{key}"
        try:
            values[key] = str(parser(field, raw) or "")
        except Invalid as exc:
            problems.append(FieldProblem(field, str(exc)))
    if not problems and not values["email"]:
        problems.append(FieldProblem("contact_email", "Contact email is required."))
    if problems:
        raise ValidationError(problems)
    return values["email"], values["relationship"], values["name"]


@writes
def add_contact(
    patron_id: int, email: str, relationship: str, actor: str, name: str = ""
) -> Contact:
    """Add an email contact; the same address twice for one patron is refused."""
    patron = get_patron(patron_id)
    address, relationship, name = checked_contact(email, relationship, name)
    exists = Contact.get_or_none((Contact.patron == patron_id) & (Contact.email == address))
    if exists:
        raise ValidationError(
            [FieldProblem("contact_email", f"{address} is already a contact of {patron.username}.")]
        )
    contact = Contact.create(patron=patron_id, email=address, relationship=relationship, name=name)
    audit.record(
        actor,
        "contact added",
        patron_id,
        patron.username,
        {"contact": [None, f"{address} ({relationship})" if relationship else address]},
    )
    return contact


@writes
def remove_contact(contact_id: int, actor: str) -> None:
    """Remove one contact."""
    contact = Contact.get_or_none(Contact.id == contact_id)
    if contact is None:
        raise NotFound("That contact no longer exists; it may have been removed already.")
    patron = get_patron(contact.patron_id)
    contact.delete_instance()
    audit.record(
        actor, "contact removed", patron.id, patron.username, {"contact": [contact.email, None]}
    )
