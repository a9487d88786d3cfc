"""Writing the planned rows of a users import in batches, inside the apply transaction.

A chunk of rows becomes a handful of executemany calls on the raw connection (peewee's
insert_many spends far longer building SQL than the database spends writing). Every
written patron keeps search text, sort key, username key, version, updated_at/by, the
Library Users group, its form class in the current period, an audit entry and a batch
item holding its image before the import, so the batch can be undone.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from peewee import fn

from store import db as dbmod
from store import search_grams
from store.errors import VersionConflict
from store.fields import LIBRARY_USERS
from store.importing.bulk import BulkLoad
from store.importing.memory_refs import PLANNED_COHORT, MemoryReferences
from store.importing.patron_rows import Planned
from store.importing.trail import Trail, execute_many, insert_rows
from store.models import (
    Cohort,
    FormClass,
    FormClassMembership,
    Patron,
    SystemGroupMembership,
    database,
)
from store.passwords import hash_password
from store.patrons import patron_columns
from store.text import fold

# The fields store.profiles.search_text is made of.
SEARCHED = frozenset(
    {"username", "given_name", "preferred_name", "surname", "barcode", "admin_id", "email"}
)
# The short-query counts' pending changes are merged in every so many written patrons:
# merging them all at the end would hold the whole file's search texts in memory.
FOLD_EVERY = 10_000


class PatronWriter:
    """Collects planned rows and writes them a chunk at a time."""

    def __init__(
        self, refs: MemoryReferences, actor: str, batch_id: int, bulk: BulkLoad | None = None
    ) -> None:
        self.refs = refs
        self.bulk = bulk
        self.actor = actor
        self.trail = Trail(actor, batch_id)
        self.now = self.trail.now
        self.next_id = 0
        self.unfolded = 0
        self.planned: list[Planned] = []
        self.form_classes: dict[str, int] = {}
        if refs.period_id is not None:
            query = FormClass.select(FormClass.id, FormClass.name_key).where(
                FormClass.period == refs.period_id
            )
            self.form_classes = {row.name_key: row.id for row in query}

    def add(self, planned: Planned) -> None:
        """Queue one valid row."""
        self.planned.append(planned)

    def _create_cohorts(self) -> None:
        for year in sorted(self.refs.new_cohorts):
            self.refs.cohorts[year] = Cohort.create(year=year).id
        self.refs.new_cohorts.clear()

    def _form_class_id(self, name: str) -> int:
        key = fold(name)
        if key not in self.form_classes:
            created = FormClass.create(period=self.refs.period_id, name=name, name_key=key)
            self.form_classes[key] = created.id
        return self.form_classes[key]

    def _new_ids(self, count: int) -> list[int]:
        """Ids for new patrons: from the sequence on PostgreSQL (other writers share it);
        on SQLite the run holds the write lock, so the next numbers after the largest."""
        if not count:
            return []
        if dbmod.is_postgres():
            cursor = database.execute_sql(
                "SELECT nextval(pg_get_serial_sequence('patron', 'id')) "
                "FROM generate_series(1, %s)",
                (count,),
            )
            return [row[0] for row in cursor]
        if not self.next_id:
            self.next_id = (Patron.select(fn.MAX(Patron.id)).scalar() or 0) + 1
        self.next_id += count
        return list(range(self.next_id - count, self.next_id))

    def _row_columns(self, planned: Planned, new_id: Iterator[int]) -> dict[str, Any]:
        columns = patron_columns(planned.after, self.refs)
        if columns["cohort"] == PLANNED_COHORT:
            columns["cohort"] = self.refs.cohorts[planned.after["graduating_year"]]
        columns["until_date"] = Patron.until_date.db_value(columns["until_date"])
        stored = planned.stored
        if planned.password and "password" in planned.changes:
            columns["password_hash"] = hash_password(planned.password)
        elif stored is not None:
            columns["password_hash"] = stored.password_hash
        else:
            columns["password_hash"] = None
        columns.update(updated_at=self.now, updated_by=self.actor)
        if stored is None:
            columns.update(id=next(new_id), version=1, created_at=self.now, failed_sign_ins=0)
        else:
            columns.update(version=stored.version + 1)
        return columns

    def flush(self) -> None:
        """Write every queued row, then forget them."""
        if not self.planned:
            return
        self._create_cohorts()
        inserts: list[dict[str, Any]] = []
        updates: list[tuple[dict[str, Any], Planned]] = []
        new_id = iter(self._new_ids(sum(1 for p in self.planned if p.stored is None)))
        for planned in self.planned:
            columns = self._row_columns(planned, new_id)
            if planned.stored is None:
                inserts.append(columns)
            else:
                updates.append((columns, planned))
        self._insert(inserts)
        self._update(updates)
        new_ids = [columns["id"] for columns in inserts]
        ids = new_ids + [planned.stored.id for _, planned in updates if planned.stored]
        self._memberships(new_ids, ids)
        self._trail(ids)
        self.planned = []
        self.unfolded += len(ids)
        if self.unfolded >= FOLD_EVERY:
            search_grams.fold_changes()
            self.unfolded = 0

    def _insert(self, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        insert_rows(Patron, list(rows[0]), [tuple(row.values()) for row in rows])
        if self.bulk is not None:
            self.bulk.count(rows)

    def _update(self, rows: list[tuple[dict[str, Any], Planned]]) -> None:
        """Update in two statements: rows whose search text changed, and the rest.

        Leaving search_text out of the second keeps the search index's update trigger
        from re-indexing patrons who only moved form class or changed a flag.
        """
        indexed = [(c, p) for c, p in rows if SEARCHED & p.changes.keys()]
        others = [({k: v for k, v in c.items() if k != "search_text"}, p) for c, p in rows]
        self._update_group(indexed)
        self._update_group([item for item in others if not SEARCHED & item[1].changes.keys()])

    def _update_group(self, rows: list[tuple[dict[str, Any], Planned]]) -> None:
        if not rows:
            return
        names = list(rows[0][0])
        p = database.param
        sets = ", ".join(f"{Patron._meta.fields[n].column_name} = {p}" for n in names)
        sql = f"UPDATE patron SET {sets} WHERE id = {p} AND version = {p}"
        params = [
            (*columns.values(), planned.stored.id, planned.stored.version)
            for columns, planned in rows
            if planned.stored
        ]
        if execute_many(sql, params) != len(params):
            raise VersionConflict(
                "A patron changed while the import was writing it; run the import again."
            )

    def _memberships(self, new_ids: list[int], ids: list[int]) -> None:
        insert_rows(
            SystemGroupMembership,
            ["patron", "group"],
            [(patron_id, LIBRARY_USERS) for patron_id in new_ids],
        )
        period = self.refs.period_id
        moved = [
            (patron_id, planned.after["form_class"])
            for patron_id, planned in zip(ids, self._in_id_order(), strict=True)
            if "form_class" in planned.changes
        ]
        if period is None or not moved:
            return
        execute_many(
            f"DELETE FROM form_class_membership WHERE patron_id = {database.param} "
            f"AND period_id = {database.param}",
            [(patron_id, period) for patron_id, _ in moved],
        )
        insert_rows(
            FormClassMembership,
            ["patron", "form_class", "period"],
            [(pid, self._form_class_id(name), period) for pid, name in moved if name],
        )

    def _in_id_order(self) -> list[Planned]:
        """The queued rows in the order flush() lists their ids: added first, then updated."""
        added = [planned for planned in self.planned if planned.stored is None]
        return added + [planned for planned in self.planned if planned.stored is not None]

    def _trail(self, ids: list[int]) -> None:
        for patron_id, planned in zip(ids, self._in_id_order(), strict=True):
            stored = planned.stored
            self.trail.note(
                patron_id,
                planned.after["username"],
                "created" if stored is None else "updated",
                "added" if stored is None else "updated",
                planned.changes,
                _before_image(planned),
                1 if stored is None else stored.version + 1,
                planned.changes_text,
            )
        self.trail.flush()


def _before_image(planned: Planned) -> dict[str, Any]:
    """The changed fields' values before the import (and the old password hash)."""
    if planned.stored is None:
        return {}
    image = {key: planned.stored.profile[key] for key in planned.changes if key != "password"}
    if "password" in planned.changes:
        image["password_hash"] = planned.stored.password_hash
    return image
