"""Moving loans, contacts and form class memberships from merged records to the target."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from store.merging.snapshot import contact_image
from store.models import Contact, FormClassMembership, Loan
from store.rules import Profile

PREVIOUS_EMAIL = "previous primary email"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


@dataclass
class Moved:
    """What moved to the target, per merged record, and what undo must put back."""

    loans: dict[int, list[int]] = field(default_factory=dict)
    contacts: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    moved_contacts: list[int] = field(default_factory=list)
    added_contacts: dict[int, list[int]] = field(default_factory=dict)

    def counts(self, pid: int) -> str:
        """E.g. "2 loans, 1 contact" for what came from one record."""
        contacts = [c for c in self.contacts.get(pid, []) if c["id"] in self.moved_contacts]
        parts = [
            _plural(len(self.loans.get(pid, [])), "loan"),
            _plural(len(contacts) + len(self.added_contacts.get(pid, [])), "contact"),
        ]
        return ", ".join(part for part in parts if not part.startswith("0 "))

    def image(self) -> dict[str, Any]:
        """A JSON-safe form for the merge record."""
        return {
            "loans": {str(k): v for k, v in self.loans.items()},
            "contacts": {str(k): v for k, v in self.contacts.items()},
            "moved_contacts": self.moved_contacts,
            "added_contacts": [i for ids in self.added_contacts.values() for i in ids],
        }


def _move_contacts(target_id: int, others: Sequence[int], moved: Moved) -> set[str]:
    """Move the others' contacts to the target, dropping addresses it already has."""
    kept = {c.email for c in Contact.select(Contact.email).where(Contact.patron == target_id)}
    dropped = []
    for contact in Contact.select().where(Contact.patron.in_(others)).order_by(Contact.id):
        moved.contacts.setdefault(contact.patron_id, []).append(contact_image(contact))
        if contact.email in kept:
            dropped.append(contact.id)
        else:
            moved.moved_contacts.append(contact.id)
            kept.add(contact.email)
    Contact.delete().where(Contact.id.in_(dropped)).execute()
    Contact.update(patron=target_id).where(Contact.id.in_(moved.moved_contacts)).execute()
    return kept


def _keep_previous_emails(
    target_id: int, profiles: Mapping[int, Profile], surviving: str | None, kept: set[str]
) -> dict[int, list[int]]:
    """Keep each primary email that does not survive as a contact of the target."""
    added: dict[int, list[int]] = {}
    for pid, profile in profiles.items():
        email = profile["email"]
        if email and email != surviving and email not in kept:
            contact = Contact.create(
                patron=target_id, email=email, relationship=PREVIOUS_EMAIL, name=""
            )
            added.setdefault(pid, []).append(contact.id)
            kept.add(email)
    return added


def _move_form_classes(target_id: int, others: Sequence[int]) -> None:
    """Move memberships of periods the target has none in; the rest go with the others."""
    periods = {
        m.period_id
        for m in FormClassMembership.select().where(FormClassMembership.patron == target_id)
    }
    memberships = FormClassMembership.select().where(FormClassMembership.patron.in_(others))
    moving = []
    for membership in memberships.order_by(FormClassMembership.id):
        if membership.period_id not in periods:
            periods.add(membership.period_id)
            moving.append(membership.id)
    query = FormClassMembership.update(patron=target_id)
    query.where(FormClassMembership.id.in_(moving)).execute()


def move_belongings(
    target_id: int, others: Sequence[int], profiles: Mapping[int, Profile], surviving: str | None
) -> Moved:
    """Move loans, contacts and form class memberships of `others` to the target."""
    moved = Moved()
    for loan in Loan.select(Loan.id, Loan.patron).where(Loan.patron.in_(others)):
        moved.loans.setdefault(loan.patron_id, []).append(loan.id)
    Loan.update(patron=target_id).where(Loan.patron.in_(others)).execute()
    kept = _move_contacts(target_id, others, moved)
    moved.added_contacts = _keep_previous_emails(target_id, profiles, surviving, kept)
    _move_form_classes(target_id, others)
    return moved


def target_state(target_id: int) -> dict[str, Any]:
    """The target's contacts and loans, to tell later whether they changed."""
    contacts = Contact.select(Contact.id, Contact.email).where(Contact.patron == target_id)
    loans = Loan.select(Loan.id, Loan.returned).where(Loan.patron == target_id)
    return {
        "contacts": sorted([c.id, c.email] for c in contacts),
        "loans": sorted([loan.id, str(loan.returned or "")] for loan in loans),
    }
