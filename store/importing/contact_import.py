"""A contacts import: email contacts (a parent's, a guardian's) added to patrons by username.

Fields: username, email, relationship, name. An invalid email or an unknown username makes
the row invalid; a contact the patron already has is unchanged (or updated when the
relationship or name differ), so re-importing a file never duplicates a contact.
"""

from __future__ import annotations

from typing import Any

from store.contacts import checked_contact
from store.errors import ValidationError
from store.importing.kinds import Run
from store.importing.outcomes import RowResult
from store.importing.trail import Trail, execute_many, insert_rows
from store.models import Contact, Patron, database
from store.text import clean

Values = dict[str, str]
ContactKey = tuple[int, str]


class ContactRows:
    """The RowJudge of a contacts import."""

    def __init__(self, run: Run | None) -> None:
        self.trail = Trail(run.actor, run.batch_id) if run else None
        self.patrons: dict[str, tuple[int, str, int]] = {}
        self.contacts: dict[ContactKey, tuple[str, str]] = {}
        self.seen: dict[ContactKey, int] = {}
        self.inserts: list[tuple[object, ...]] = []
        self.updates: list[tuple[object, ...]] = []

    def prepare(self, chunk: list[Values]) -> None:
        """Fetch the chunk's patrons and their contacts, in two queries."""
        keys = {clean(values.get("username")).casefold() for values in chunk} - {""}
        query = Patron.select(Patron.id, Patron.username, Patron.username_key, Patron.version)
        rows: Any = query.where(Patron.username_key.in_(keys)).tuples() if keys else []
        self.patrons = {key: (pid, name, version) for pid, name, key, version in rows}
        ids = [pid for pid, _, _ in self.patrons.values()]
        found = Contact.select(Contact.patron, Contact.email, Contact.relationship, Contact.name)
        rows = found.where(Contact.patron.in_(ids)).tuples() if ids else []
        self.contacts = {(row[0], row[1]): (row[2], row[3]) for row in rows}

    def judge(self, line: int, values: Values) -> RowResult:
        """One row's outcome; a new or changed contact is queued when applying."""
        username = clean(values.get("username"))
        reasons = [] if username else ["Username is required: fill it in."]
        patron = self.patrons.get(username.casefold())
        if username and patron is None:
            reasons.append(f"There is no patron with username {username}: import the patron first.")
        try:
            email, relationship, name = checked_contact(
                values.get("email", ""), values.get("relationship", ""), values.get("name", "")
            )
        except ValidationError as exc:
            reasons += [problem.message for problem in exc.problems]
        if reasons or patron is None:
            return RowResult(line, username, "invalid", reasons)
        key = (patron[0], email)
        first = self.seen.setdefault(key, line)
        if first != line:
            return RowResult(
                line,
                username,
                "invalid",
                [f"Contact {email} of {patron[1]} is also on line {first}; give it once."],
            )
        return self._outcome(line, patron, key, relationship, name)

    def _outcome(
        self, line: int, patron: tuple[int, str, int], key: ContactKey, relationship: str, name: str
    ) -> RowResult:
        stored = self.contacts.get(key)
        if stored is None:
            changes = {"contact": [None, f"{key[1]} ({relationship})" if relationship else key[1]]}
            self._queue(patron, key, "added", changes, {"email": key[1]})
            self.inserts.append((key[0], key[1], relationship, name))
            return RowResult(line, patron[1], "added", changes=changes)
        wanted = (relationship or stored[0], name or stored[1])
        if wanted == stored:
            return RowResult(line, patron[1], "unchanged")
        changes = {
            f"contact {field}": [old, new]
            for field, old, new in zip(("relationship", "name"), stored, wanted, strict=True)
            if old != new
        }
        before = {"email": key[1], "relationship": stored[0], "name": stored[1]}
        self._queue(patron, key, "updated", changes, before)
        self.updates.append((*wanted, key[0], key[1]))
        return RowResult(line, patron[1], "updated", changes=changes)

    def _queue(
        self,
        patron: tuple[int, str, int],
        key: ContactKey,
        outcome: str,
        changes: dict[str, list[str | None]],
        before: dict[str, str],
    ) -> None:
        if self.trail is not None:
            action = "contact added" if outcome == "added" else "contact updated"
            self.trail.note(patron[0], patron[1], action, outcome, changes, before, patron[2])

    def flush(self) -> None:
        """Write the chunk's new and changed contacts."""
        if self.trail is None:
            self.inserts, self.updates = [], []
            return
        insert_rows(Contact, ["patron", "email", "relationship", "name"], self.inserts)
        p = database.param
        execute_many(
            f"UPDATE contact SET relationship = {p}, name = {p} "
            f"WHERE patron_id = {p} AND email = {p}",
            self.updates,
        )
        self.inserts, self.updates = [], []
        self.trail.flush()
