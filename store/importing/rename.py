"""A rename import: align usernames with the network's sign-on, one patron per row.

Each row names an existing patron and its new username. An unknown old username, a new
one already taken (or given on an earlier row, or renamed away earlier in the file), or a
patron renamed twice makes the row invalid. Loans, contacts and memberships stay with the
patron, since only the username (and what is derived from it) changes.
"""

from __future__ import annotations

from store.errors import StoreError
from store.importing.kinds import Run
from store.importing.outcomes import RowResult
from store.importing.trail import Trail, execute_many
from store.models import Patron, database
from store.profiles import search_text, sort_key
from store.rules import PARSERS, Invalid
from store.text import clean

Values = dict[str, str]


class RenameRows:
    """The RowJudge of a rename import."""

    def __init__(self, run: Run | None) -> None:
        self.trail = Trail(run.actor, run.batch_id) if run else None
        self.patrons: dict[str, Patron] = {}
        self.old_seen: dict[str, int] = {}
        self.new_seen: dict[str, int] = {}
        self.updates: list[tuple[object, ...]] = []

    def prepare(self, chunk: list[Values]) -> None:
        """Fetch the patrons the chunk's old and new usernames name, in one query."""
        keys = {clean(v.get(k)).casefold() for v in chunk for k in ("username", "new_username")}
        keys.discard("")
        query = Patron.select().where(Patron.username_key.in_(keys)) if keys else []
        self.patrons = {patron.username_key: patron for patron in query}

    def _reasons(self, line: int, old: str, new: str) -> list[str]:
        reasons = []
        for label, value in (("Username", old), ("New username", new)):
            if not value:
                reasons.append(f"{label} is required: fill it in.")
        try:
            PARSERS["username"]("username", new)
        except Invalid as exc:
            reasons.append(str(exc).replace("Username", "New username", 1))
        old_key, new_key = old.casefold(), new.casefold()
        first = self.old_seen.setdefault(old_key, line) if old else line
        if first != line:
            reasons.append(f"{old} is renamed on line {first} already; rename a patron once.")
        renamed_away = self.old_seen.get(new_key) if new_key != old_key else None
        taken = self.new_seen.get(new_key) or renamed_away
        if new and taken and taken != line:
            reasons.append(
                f"New username {new} is used on line {taken} of this file; "
                "rename in two runs, or choose another."
            )
        self.new_seen.setdefault(new_key, line)
        patron = self.patrons.get(old_key)
        if old and patron is None:
            reasons.append(f"There is no patron with username {old}: check the spelling.")
        owner = self.patrons.get(new_key)
        if new and owner is not None and (patron is None or owner.id != patron.id):
            reasons.append(f"New username {new} already belongs to {owner.username}.")
        return reasons

    def judge(self, line: int, values: Values) -> RowResult:
        """One row's outcome; a valid rename is queued for writing when applying."""
        old, new = clean(values.get("username")), clean(values.get("new_username"))
        reasons = self._reasons(line, old, new)
        if reasons:
            return RowResult(line, old, "invalid", reasons)
        patron = self.patrons[old.casefold()]
        if patron.username == new:
            return RowResult(line, old, "unchanged")
        changes = {"username": [patron.username, new]}
        if self.trail is not None:
            self._queue(patron, new, changes)
        return RowResult(line, old, "updated", changes=changes)

    def _queue(self, patron: Patron, new: str, changes: dict[str, list[str]]) -> None:
        assert self.trail is not None
        profile = {
            "username": new,
            **{k: getattr(patron, k) for k in ("given_name", "preferred_name", "surname")},
            **{k: getattr(patron, k) for k in ("barcode", "admin_id", "email")},
        }
        version = patron.version + 1
        self.updates.append(
            (
                new,
                new.casefold(),
                search_text(profile),
                sort_key(profile),
                version,
                self.trail.now,
                self.trail.actor,
                patron.id,
                patron.version,
            )
        )
        self.trail.note(
            patron.id, new, "renamed", "updated", changes, {"username": patron.username}, version
        )

    def flush(self) -> None:
        """Write the queued renames of the chunk."""
        if self.trail is None or not self.updates:
            return
        p = database.param
        sql = (
            f"UPDATE patron SET username = {p}, username_key = {p}, search_text = {p}, "
            f"sort_key = {p}, version = {p}, updated_at = {p}, updated_by = {p} "
            f"WHERE id = {p} AND version = {p}"
        )
        if execute_many(sql, self.updates) != len(self.updates):
            raise StoreError("A patron changed while the rename was writing it; run it again.")
        self.updates = []
        self.trail.flush()
