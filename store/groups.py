"""Library group membership in bulk: gather changes, list both sides, plan, apply.

A patron belongs to at most one library group (Patron.library_group), and takes that
group's circulation rights. The membership screen and `patrons group` gather changes in a
MembershipDraft, show the plan (who joins, who moves over from another group, who leaves)
and apply it in one transaction, with an audit entry for each patron whose group changed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import reduce
from operator import and_
from typing import Any

from peewee import SQL

from store.db import writes
from store.errors import NotFound
from store.models import AuditEntry, LibraryGroup, Patron, database, utcnow
from store.profiles import display_name
from store.rules import LONE_SURROGATE

# The search's own matching, so "the current search" means the same here as on the home
# screen (accents and case ignored, the same staff/students/generic filters).
from store.search import filter_conditions, text_condition
from store.text import fold

CHUNK = 500


def find_library_group(name: str) -> LibraryGroup:
    """The library group with this name (case ignored), or NotFound naming the ones there are."""
    wanted = name.strip().casefold()
    groups = list(LibraryGroup.select().order_by(LibraryGroup.name))
    for group in groups:
        if group.name.casefold() == wanted:
            return group
    known = ", ".join(g.name for g in groups) or "none yet"
    raise NotFound(
        f"There is no library group '{name.strip()}' (there are: {known}). "
        "Create it first with 'patrons group create NAME'."
    )


@dataclass
class MembershipDraft:
    """Changes to one library group's members, gathered before they are saved."""

    group_id: int
    adding: set[int] = field(default_factory=set)
    removing: set[int] = field(default_factory=set)

    def add(self, patron_ids: Iterable[int]) -> None:
        """Put these patrons in the group on save."""
        for patron_id in patron_ids:
            self.removing.discard(patron_id)
            self.adding.add(patron_id)

    def remove(self, patron_ids: Iterable[int]) -> None:
        """Take these patrons out of the group on save."""
        for patron_id in patron_ids:
            self.adding.discard(patron_id)
            self.removing.add(patron_id)

    @property
    def changed(self) -> bool:
        """True while there is something to save."""
        return bool(self.adding or self.removing)


@dataclass(frozen=True)
class MemberRow:
    """A patron as the membership lists show it; `group` is the library group saved now."""

    id: int
    username: str
    name: str
    barcode: str
    staff: bool
    group: str


@dataclass(frozen=True)
class MemberPage:
    """One page of a membership list and how many patrons it holds in all."""

    total: int
    rows: list[MemberRow]


def _matching(text: str, role: str) -> list[Any]:
    conditions = filter_conditions("all", role)
    folded = fold(text.strip())
    if folded:
        conditions.append(text_condition(folded))
    return conditions


def _ids(ids: Iterable[int]) -> SQL:
    """A literal id list: a bulk draft may hold more ids than a statement takes parameters."""
    return SQL("(" + ",".join(str(int(i)) for i in sorted(ids)) + ")")


def _side(draft: MembershipDraft, members: bool, text: str, role: str) -> Any:
    """Members (or everyone else) as they will be after saving the draft."""
    if members:
        side = Patron.library_group == draft.group_id
        if draft.removing:
            side &= Patron.id.not_in(_ids(draft.removing))
        if draft.adding:
            side |= Patron.id.in_(_ids(draft.adding))
    else:
        side = Patron.library_group.is_null() | (Patron.library_group != draft.group_id)
        if draft.removing:
            side |= Patron.id.in_(_ids(draft.removing))
        if draft.adding:
            side &= Patron.id.not_in(_ids(draft.adding))
    return reduce(and_, [side, *_matching(text, role)])


def _group_names() -> dict[int | None, str]:
    return {g.id: g.name for g in LibraryGroup.select(LibraryGroup.id, LibraryGroup.name)}


def _page(where: Any, limit: int, offset: int) -> MemberPage:
    total = Patron.select(Patron.id).where(where).count()
    names = _group_names()
    query = (
        Patron.select(
            Patron.id,
            Patron.username,
            Patron.given_name,
            Patron.preferred_name,
            Patron.surname,
            Patron.barcode,
            Patron.staff,
            Patron.library_group,
        )
        .where(where)
        .order_by(Patron.sort_key, Patron.id)
        .limit(limit)
        .offset(offset)
    )
    rows = [
        MemberRow(
            p.id,
            p.username,
            display_name(p.given_name, p.preferred_name, p.surname),
            p.barcode,
            p.staff,
            names.get(p.library_group_id, ""),
        )
        for p in query
    ]
    return MemberPage(total, rows)


def available(
    draft: MembershipDraft, text: str = "", role: str = "all", limit: int = 100, offset: int = 0
) -> MemberPage:
    """A page of patrons matching the search who will not be in the group after saving."""
    return _page(_side(draft, False, text, role), limit, offset)


def selected(
    draft: MembershipDraft, text: str = "", role: str = "all", limit: int = 100, offset: int = 0
) -> MemberPage:
    """A page of the group's members as they will be after saving the draft."""
    return _page(_side(draft, True, text, role), limit, offset)


def available_ids(draft: MembershipDraft, text: str = "", role: str = "all") -> list[int]:
    """Every patron the search finds outside the group: for "add all the search shows"."""
    query = Patron.select(Patron.id).where(_side(draft, False, text, role)).order_by(Patron.id)
    return [row.id for row in query]


def patrons_named(usernames: Iterable[str]) -> tuple[list[int], list[str]]:
    """The ids of the patrons with these usernames (case ignored), and the unknown usernames."""
    wanted: dict[str, str] = {}
    unreadable: list[str] = []
    for name in usernames:
        if LONE_SURROGATE.search(name):  # not valid text, so nobody's username
            unreadable.append(name.strip())
        elif name.strip():
            wanted.setdefault(name.strip().casefold(), name.strip())
    found: dict[str, int] = {}
    keys = list(wanted)
    for start in range(0, len(keys), CHUNK):
        query = Patron.select(Patron.id, Patron.username_key).where(
            Patron.username_key.in_(keys[start : start + CHUNK])
        )
        found.update({row.username_key: row.id for row in query})
    unknown = unreadable + [wanted[key] for key in keys if key not in found]
    return [found[key] for key in keys if key in found], unknown


@dataclass(frozen=True)
class Change:
    """One patron whose group changes; `before` is the group they leave, if any."""

    patron_id: int
    username: str
    before: str | None


@dataclass(frozen=True)
class MembershipPlan:
    """What saving a draft does: who joins (some moving from another group), who leaves."""

    group: str
    joining: list[Change]
    leaving: list[Change]

    @property
    def moving(self) -> list[Change]:
        """The joining patrons who leave another library group for this one."""
        return [change for change in self.joining if change.before]

    def sentences(self) -> list[str]:
        """The plan in plain words, one sentence per kind of change."""
        lines = []
        fresh = len(self.joining) - len(self.moving)
        if fresh:
            lines.append(f"{_patrons(fresh, 'joins', 'join')} {self.group}.")
        if self.moving:
            counts: dict[str, int] = {}
            for change in self.moving:
                counts[str(change.before)] = counts.get(str(change.before), 0) + 1
            origins = ", ".join(f"{n} from {name}" for name, n in sorted(counts.items()))
            lines.append(
                f"{_patrons(len(self.moving), 'moves', 'move')} to {self.group} from another "
                f"library group ({origins}): a patron belongs to one library group only."
            )
        if self.leaving:
            lines.append(f"{_patrons(len(self.leaving), 'leaves', 'leave')} {self.group}.")
        return lines or [f"Nothing changes in {self.group}."]


def _patrons(count: int, one: str, many: str) -> str:
    """ "1 patron joins", "2 patrons join"."""
    return f"{count} patron {one}" if count == 1 else f"{count} patrons {many}"


def plan_membership(draft: MembershipDraft) -> MembershipPlan:
    """What saving the draft would change now; patrons deleted meanwhile are left out."""
    names = _group_names()
    if draft.group_id not in names:
        raise NotFound("This library group no longer exists; someone removed it meanwhile.")
    joining: list[Change] = []
    leaving: list[Change] = []
    for ids, target in ((draft.adding, joining), (draft.removing, leaving)):
        if not ids:
            continue
        query: Any = (
            Patron.select(Patron.id, Patron.username, Patron.library_group)
            .where(Patron.id.in_(_ids(ids)))
            .order_by(Patron.sort_key, Patron.id)
            .tuples()
        )
        for patron_id, username, group_id in query:
            if (group_id == draft.group_id) != (target is joining):
                target.append(Change(patron_id, username, names.get(group_id)))
    return MembershipPlan(names[draft.group_id], joining, leaving)


def reassign(
    key: str, changes: Sequence[Change], new_id: int | None, new_name: str | None, actor: str
) -> None:
    """Point these patrons' `key` column (e.g. library_group) at `new_id`, auditing each.

    Each patron's version goes up, so an edit form opened before sees that it changed.
    """
    column = getattr(Patron, key)
    now = AuditEntry.at.db_value(utcnow())
    if not changes:
        return
    Patron.update(
        {
            column: new_id,
            Patron.version: Patron.version + 1,
            Patron.updated_at: now,
            Patron.updated_by: actor,
        }
    ).where(Patron.id.in_(_ids(change.patron_id for change in changes))).execute()
    _audit_moves(key, changes, new_name, actor, now)


AUDIT_ROWS = 400


def _audit_moves(
    key: str, changes: Sequence[Change], new_name: str | None, actor: str, now: Any
) -> None:
    """One audit entry per patron, a few hundred rows per INSERT: peewee's insert_many
    spends far longer building the SQL than the database takes to run it."""
    names = ("at", "actor", "action", "patron_id", "username", "changes")
    columns = ", ".join(f'"{name}"' for name in names)
    one = "(" + ", ".join([database.param] * len(names)) + ")"
    for start in range(0, len(changes), AUDIT_ROWS):
        part = changes[start : start + AUDIT_ROWS]
        values = []
        for c in part:
            change = json.dumps({key: [c.before, new_name]}, ensure_ascii=False)
            values += [now, actor, "updated", c.patron_id, c.username, change]
        database.execute_sql(
            f"INSERT INTO {AuditEntry._meta.table_name} ({columns}) "
            f"VALUES {', '.join([one] * len(part))}",
            values,
        )


@writes
def apply_membership(draft: MembershipDraft, actor: str) -> MembershipPlan:
    """Save the draft in one transaction; returns the plan that was applied."""
    plan = plan_membership(draft)
    reassign("library_group", plan.joining, draft.group_id, plan.group, actor)
    reassign("library_group", plan.leaving, None, None, actor)
    return plan
