"""Judging rows of a users import: added, updated, unchanged or invalid, with reasons.

Every profile rule is store.patrons.judge's; this module adds what only a file has: the
same username twice, a barcode or admin ID on an earlier row, blank cells that keep the
stored value. Stored patrons are fetched a chunk of rows at a time (one query for the
chunk, one for their form classes), and ownership is answered by MemoryReferences.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from store import audit
from store.errors import ValidationError
from store.fields import LABELS, NO_WORDS, YES_WORDS
from store.importing.memory_refs import MemoryReferences, Owner
from store.importing.outcomes import JSON, ImportOptions, RowResult
from store.models import Patron, database
from store.passwords import verify_password
from store.patrons import judge
from store.profiles import BLANK_PROFILE
from store.rules import Profile, check_profile
from store.text import clean, fold

CLAIMED = ("barcode", "admin_id")
KEPT_WHEN_BLANK = frozenset({"enabled", "staff", "generic", "password"})
RELATED = ("graduating_year", "campus", "form_class", "presentation_group", "library_group")
DIRECT = tuple(key for key in BLANK_PROFILE if key not in (*RELATED, "system_groups"))
STORED_COLUMNS = (
    *DIRECT,
    "id",
    "username_key",
    "version",
    "password_hash",
    "cohort",
    "campus",
    "presentation_group",
    "library_group",
)
CONVERTED = ("enabled", "staff", "generic", "until_date")
Values = dict[str, str]


@dataclass
class Stored:
    """A stored patron as an import sees it."""

    id: int
    version: int
    password_hash: str | None
    profile: Profile


@dataclass
class Planned:
    """A valid row, ready to be written."""

    line: int
    stored: Stored | None
    after: Profile
    password: str | None
    changes: dict[str, list[Any]]
    changes_text: str


class PatronWrites(Protocol):
    """Where planned rows go when the import is applied."""

    def add(self, planned: Planned) -> None: ...
    def flush(self) -> None: ...


def _fetch(column: str, keys: list[Any]) -> list[tuple[Any, ...]]:
    """The STORED_COLUMNS of the patrons with these values in `column`, in one plain query.

    peewee's row handling cost more than the rest of a re-import's reading; only the
    yes/no and date columns need converting from what the driver returns.
    """
    fields = [Patron._meta.fields[name] for name in STORED_COLUMNS]
    columns = ", ".join(f'"{field.column_name}"' for field in fields)
    marks = ", ".join([database.param] * len(keys))
    cursor = database.execute_sql(f"SELECT {columns} FROM patron WHERE {column} IN ({marks})", keys)
    return list(cursor.fetchall())


def _inverse(table: dict[Any, int]) -> dict[int | None, Any]:
    return {value: key for key, value in table.items()}


class PatronRows:
    """The RowJudge of a users import."""

    def __init__(
        self, options: ImportOptions, refs: MemoryReferences, writes: PatronWrites | None
    ) -> None:
        self.options = options
        self.refs = refs
        self.writes = writes
        self.years = _inverse(refs.cohorts)
        self.campuses = _inverse(refs.campuses)
        self.presentation_groups = _inverse(refs.presentation_groups)
        self.library_groups = _inverse(refs.library_groups)
        self.stored: dict[str, Stored] = {}
        self.converters = [(name, Patron._meta.fields[name].python_value) for name in CONVERTED]

    def prepare(self, chunk: list[Values]) -> None:
        """Fetch the stored patrons the chunk's usernames name, and the owners of the
        chunk's values those patrons do not hold: two to five queries."""
        keys = {clean(values.get("username")).casefold() for values in chunk} - {""}
        rows = self._stored_rows(keys)
        forms = self._form_classes([row[len(DIRECT)] for row in rows])
        self.stored = {}
        known: dict[str, dict[str, Owner]] = {kind: {} for kind in ("username", *CLAIMED)}
        for row in rows:
            key, stored = self._stored(row, forms)
            self.stored[key] = stored
            owner = (stored.id, stored.profile["username"])
            known["username"][key] = owner
            for kind in CLAIMED:
                if stored.profile[kind]:
                    known[kind][stored.profile[kind]] = owner
        self.refs.load_owners(
            {
                "username": keys,
                "barcode": [clean(values.get("barcode")) for values in chunk],
                "admin_id": [clean(values.get("admin_id")) for values in chunk],
            },
            known,
        )

    def _stored_rows(self, keys: set[str]) -> list[tuple[Any, ...]]:
        """The stored rows of these username keys; by id when the run knows the holders
        already (the patron table's indexes are set aside then: see store.importing.bulk)."""
        held = self.refs.held_at_start
        if held is None:
            return _fetch("username_key", list(keys)) if keys else []
        ids = [held["username"][key][0] for key in keys if key in held["username"]]
        return _fetch("id", ids) if ids else []

    def _form_classes(self, ids: list[int]) -> dict[int, str]:
        """The chunk's patrons' form classes in the current period, in one plain query."""
        if not ids or self.refs.period_id is None:
            return {}
        marks = ", ".join([database.param] * len(ids))
        cursor = database.execute_sql(
            "SELECT m.patron_id, c.name FROM form_class_membership m "
            "JOIN form_class c ON c.id = m.form_class_id "
            f"WHERE m.period_id = {database.param} AND m.patron_id IN ({marks})",
            [self.refs.period_id, *ids],
        )
        return {patron_id: name for patron_id, name in cursor}

    def _stored(self, row: tuple[Any, ...], forms: dict[int, str]) -> tuple[str, Stored]:
        """A fetched row (STORED_COLUMNS) as its username key and Stored patron."""
        profile = dict(zip(DIRECT, row, strict=False))  # the row has more columns after
        for name, convert in self.converters:
            profile[name] = convert(profile[name])
        patron_id, key, version, password_hash, cohort, campus, group, library = row[len(DIRECT) :]
        profile.update(
            graduating_year=self.years.get(cohort),
            campus=self.campuses.get(campus),
            form_class=forms.get(patron_id),
            presentation_group=self.presentation_groups.get(group),
            library_group=self.library_groups.get(library),
            system_groups=BLANK_PROFILE["system_groups"],
        )
        return key, Stored(patron_id, version, password_hash, profile)

    def _given(self, values: Values, is_new: bool) -> Values:
        if self.options.blank_clears and not is_new:
            return {k: v for k, v in values.items() if v.strip() or k not in KEPT_WHEN_BLANK}
        return {key: value for key, value in values.items() if value.strip()}

    def _file_reasons(self, claimed: list[tuple[str, str]]) -> list[str]:
        reasons = []
        for key, value in claimed:
            earlier = self.refs.seen.first_line(key, value) if value else None
            if earlier:
                reasons.append(
                    f"{LABELS[key]} {value} is also on line {earlier} of this file; "
                    "it can belong to one patron only."
                )
        return reasons

    def _claim(self, line: int, claimed: list[tuple[str, str]], failed: set[str]) -> None:
        """Later rows may not reuse this row's barcode or admin ID (unless they were refused)."""
        for key, value in claimed:
            if value and key not in failed:
                self.refs.seen.add(key, value, line)

    def _release(self, stored: Stored, after: Profile) -> None:
        """Values an update takes away still count as the patron's for later rows."""
        for key in CLAIMED:
            old = stored.profile[key]
            if old and old != after[key]:
                self.refs.released[(key, old)] = (stored.id, stored.profile["username"])

    def judge(self, line: int, values: Values) -> RowResult:
        """One row's outcome; a valid row goes to the writes when the import is applied."""
        username = clean(values.get("username"))
        key = username.casefold()
        if not username:
            return RowResult(line, "", "invalid", ["Username is required: fill it in."])
        first = self.refs.seen.add("username", key, line)
        if first != line:
            return RowResult(
                line,
                username,
                "invalid",
                [
                    f"Username {username} is also on line {first}: a username may appear "
                    "once in a file; this later row was not imported."
                ],
            )
        stored = self.stored.get(key)
        given = self._given(values, stored is None)
        claimed = [(key, clean(values.get(key))) for key in CLAIMED]
        reasons = self._file_reasons(claimed)
        if stored is not None and not reasons and self._as_stored(given, stored):
            self._claim(line, claimed, set())
            return RowResult(line, username, "unchanged")
        failed = set()
        try:
            before = stored.profile if stored else BLANK_PROFILE
            after, password = judge(given, before, stored.id if stored else None, self.refs)
        except ValidationError as exc:
            failed = {problem.field for problem in exc.problems}
            reasons += [problem.message for problem in exc.problems]
        self._claim(line, claimed, failed)
        if reasons:
            return RowResult(line, username, "invalid", reasons)
        changes = self._changes(stored, after, password)
        outcome = "added" if stored is None else ("updated" if changes else "unchanged")
        if stored is not None and changes:
            self._release(stored, after)
        text = JSON.encode(changes) if changes else ""
        if self.writes is not None and outcome != "unchanged":
            self.writes.add(Planned(line, stored, after, password, changes, text))
        return RowResult(line, username, outcome, changes=changes, changes_text=text)

    def _as_stored(self, given: Values, stored: Stored) -> bool:
        """True when every cell is the stored value's own text and the profile keeps every rule.

        Most rows of a nightly re-import: parsing such cells gives back the stored values,
        so only the whole-profile rules need asking (a cohort deleted since, a clash).
        """
        profile = stored.profile
        if "password" in given:
            return False
        for key, cell in given.items():
            value = profile.get(key, cell)
            text = cell.strip()
            if text == value:  # most cells: the stored text itself
                continue
            if isinstance(value, bool):
                if text.lower() not in (YES_WORDS if value else NO_WORDS):
                    return False
            elif text != ("" if value is None else str(value)):
                return False
        return not check_profile(profile, {}, self.refs, stored.id)

    def _changes(
        self, stored: Stored | None, after: Profile, password: str | None
    ) -> dict[str, list[Any]]:
        if stored is None:
            changes = {
                key: [None, value]
                for key, value in after.items()
                if value not in (None, "") and key != "system_groups"
            }
        else:
            if after["form_class"] and fold(after["form_class"]) == fold(
                stored.profile["form_class"] or ""
            ):
                after["form_class"] = stored.profile["form_class"]
            changes = audit.diff(stored.profile, after)
        if password and (stored is None or not verify_password(password, stored.password_hash)):
            changes["password"] = ["", "(changed)"]
        return changes

    def flush(self) -> None:
        """Write the chunk's planned rows (when applying) and remember its values."""
        if self.writes is not None:
            self.writes.flush()
        self.refs.seen.flush()
