"""Find groups of likely duplicate patrons, most likely first, each with its reasons.

Patrons are put in buckets by keys (admin ID, email, name, one-typo name variants within
a cohort); only patrons sharing a bucket are compared, so 100,000 patrons take seconds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from store.merging.keys import Folder
from store.merging.similar import Name, similar_name_pairs
from store.models import Cohort, Patron, database
from store.profiles import display_name

ADMIN_ID, EMAIL, GIVEN, PREFERRED, SIMILAR = (
    "admin_id",
    "email",
    "given_surname",
    "preferred_surname",
    "similar_name",
)
REASON_WEIGHTS = {ADMIN_ID: 100, EMAIL: 80, GIVEN: 60, PREFERRED: 50, SIMILAR: 40}
MAX_SHARED = 25  # a value shared by more patrons than this is too common to mean anything
MAX_DETAILS = 3
SAME_COHORT_BONUS = 20  # one cohort makes a shared or similar name far more telling
Key = TypeVar("Key", bound=Hashable)


@dataclass(frozen=True)
class Reason:
    """Why a group was suggested: a kind (see REASON_WEIGHTS) and a sentence."""

    kind: str
    text: str


@dataclass(frozen=True)
class Member:
    """A patron in a candidate group, as the list shows it."""

    id: int
    username: str
    name: str
    cohort: str
    email: str


@dataclass(frozen=True)
class CandidateGroup:
    """Patrons that may be one person, how likely (higher first) and why."""

    score: int
    reasons: tuple[Reason, ...]
    members: tuple[Member, ...]


class _Links:
    """Union-find over patron ids, remembering the reasons that joined them."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}
        self.reasons: list[tuple[int, Reason]] = []
        self.loose: dict[frozenset[int], list[Reason]] = defaultdict(list)

    def root(self, pid: int) -> int:
        parent = self.parent.setdefault(pid, pid)
        while parent != pid:
            grand = self.parent[parent]
            self.parent[pid] = grand
            pid, parent = parent, grand
        return pid

    def join(self, ids: Iterable[int], reason: Reason) -> None:
        ids = list(dict.fromkeys(ids))
        if len(ids) < 2 or len(ids) > MAX_SHARED:
            return
        first = self.root(ids[0])
        for other in ids[1:]:
            self.parent[self.root(other)] = first
        self.reasons.append((ids[0], reason))

    def stand_alone(self, ids: Iterable[int], reason: Reason) -> None:
        """Suggest these patrons as a group of their own, without joining other groups."""
        members = frozenset(ids)
        if 2 <= len(members) <= MAX_SHARED:
            self.loose[members].append(reason)

    def groups(self) -> list[tuple[list[int], list[Reason]]]:
        """Every group: the joined ones, then loose ones not already inside a joined one."""
        ids_by_root: dict[int, list[int]] = defaultdict(list)
        for pid in list(self.parent):
            ids_by_root[self.root(pid)].append(pid)
        reasons_by_root: dict[int, list[Reason]] = defaultdict(list)
        for pid, reason in self.reasons:
            reasons_by_root[self.root(pid)].append(reason)
        loose = []
        for members, reasons in self.loose.items():
            roots = {self.root(pid) for pid in members if pid in self.parent}
            if len(roots) == 1 and members <= set(ids_by_root[next(iter(roots))]):
                reasons_by_root[roots.pop()].extend(reasons)
            else:
                loose.append((sorted(members), reasons))
        return [(ids, reasons_by_root[root]) for root, ids in ids_by_root.items()] + loose


class _Patrons:
    """The columns candidate finding needs, read in one query and folded once."""

    def __init__(self) -> None:
        query = Patron.select(
            Patron.id,
            Patron.username,
            Patron.admin_id,
            Patron.email,
            Patron.given_name,
            Patron.preferred_name,
            Patron.surname,
            Patron.cohort,
            Patron.academic_level,
            Patron.staff,
        )
        self.raw = {row[0]: row for row in database.execute_sql(*query.sql()).fetchall()}
        self.years = {c.id: str(c.year) for c in Cohort.select(Cohort.id, Cohort.year)}
        fold = Folder()
        self.folded = {
            pid: (fold(row[4]), fold(row[5]), fold(row[6]), row[7] or fold(row[8]))
            for pid, row in self.raw.items()
        }

    def member(self, pid: int) -> Member:
        """The patron as a candidate list shows it."""
        _, username, _, email, given, preferred, surname, cohort, level, staff = self.raw[pid]
        label = self.years.get(cohort) or level or ("staff" if staff else "")
        return Member(pid, username, display_name(given, preferred, surname), label, email or "")

    def names(self, ids: Iterable[int]) -> str:
        """The distinct names of some patrons, for a reason's sentence."""
        raw = self.raw
        return " / ".join(dict.fromkeys(display_name(*raw[pid][4:7]) for pid in ids))


def _shared(pairs: Iterable[tuple[Key, int]]) -> tuple[dict[Key, int], dict[Key, list[int]]]:
    """The first id seen for each key, and every key that more than one id shares."""
    first: dict[Key, int] = {}
    shared: dict[Key, list[int]] = {}
    for key, pid in pairs:
        seen = first.setdefault(key, pid)
        if seen != pid:
            if key in shared:
                shared[key].append(pid)
            else:
                shared[key] = [seen, pid]
    return first, shared


def _exact(patrons: _Patrons, links: _Links) -> None:
    raw, folded = patrons.raw, patrons.folded
    _, admins = _shared((row[2].casefold(), pid) for pid, row in raw.items() if row[2])
    for key, ids in admins.items():
        links.join(ids, Reason(ADMIN_ID, f"same admin ID {key}"))
    _, emails = _shared((row[3].casefold(), pid) for pid, row in raw.items() if row[3])
    for key, ids in emails.items():
        links.join(ids, Reason(EMAIL, f"same primary email {key}"))
    first, given = _shared(((f[0], f[2]), pid) for pid, f in folded.items() if f[0])
    for ids in given.values():
        text = f"same given name and surname: {patrons.names(ids)}"
        _join_names(patrons, links, ids, Reason(GIVEN, text))
    preferred: dict[tuple[str, str], list[int]] = defaultdict(list)
    for pid, f in folded.items():
        if f[1]:
            preferred[(f[1], f[2])].append(pid)
    for name, ids in preferred.items():
        everyone = ids + given.get(name, [first[name]] if name in first else [])
        text = f"same preferred name and surname: {patrons.names(everyone)}"
        _join_names(patrons, links, everyone, Reason(PREFERRED, text))


def _join_names(patrons: _Patrons, links: _Links, ids: list[int], reason: Reason) -> None:
    """A name shared within one cohort joins a group; across cohorts it stands alone, so
    a namesake in another year is not pulled into a group found for better reasons."""
    if len({patrons.folded[pid][3] for pid in ids}) == 1:
        links.join(ids, reason)
    else:
        links.stand_alone(ids, reason)


def _similar(patrons: _Patrons, links: _Links) -> None:
    """Join patrons of one cohort whose names are a typo or an accent apart."""
    classes: dict[Name, list[int]] = defaultdict(list)
    for pid, (given, _, surname, cohort) in patrons.folded.items():
        if given:
            classes[(cohort, given, surname)].append(pid)
    for a, b in similar_name_pairs(classes, MAX_SHARED):
        text = patrons.names(sorted(classes[a][:1] + classes[b][:1]))
        reason = Reason(SIMILAR, f"similar names in the same cohort: {text}")
        links.join(classes[a] + classes[b], reason)


def _group(patrons: _Patrons, ids: list[int], reasons: list[Reason]) -> CandidateGroup:
    kept: dict[str, list[Reason]] = defaultdict(list)
    for reason in reasons:
        if len(kept[reason.kind]) < MAX_DETAILS and reason not in kept[reason.kind]:
            kept[reason.kind].append(reason)
    members = tuple(patrons.member(pid) for pid in sorted(ids))
    score = sum(REASON_WEIGHTS[kind] for kind in kept)
    if len({m.cohort for m in members}) == 1:
        score += SAME_COHORT_BONUS
    ordered = sorted(kept, key=lambda kind: -REASON_WEIGHTS[kind])
    return CandidateGroup(score, tuple(r for kind in ordered for r in kept[kind]), members)


def find_candidates() -> list[CandidateGroup]:
    """Every group of likely duplicates, most likely first."""
    patrons = _Patrons()
    links = _Links()
    _exact(patrons, links)
    _similar(patrons, links)
    groups = [_group(patrons, ids, reasons) for ids, reasons in links.groups()]
    return sorted(groups, key=lambda g: (-g.score, g.members[0].name.casefold(), g.members[0].id))
