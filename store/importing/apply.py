"""Applying an import: all valid rows in one transaction, recorded as an undoable batch.

Rows are judged again inside the write transaction, against the database as it is then,
so nothing is written blindly from a stale preview: a row the database changed under is
re-judged, and `ImportReport.rejudged` names the lines whose outcome differs from the
preview's. Any failure (a crash, a cancel, a full disk) rolls the whole run back.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from peewee import DatabaseError

from store import search_grams
from store.db import unavailable, writes
from store.importing.bulk import indexed_once
from store.importing.kinds import Run, judge_for
from store.importing.outcomes import FileChanged, Hooks, ImportOptions, ImportReport
from store.importing.plan import plan_import, run_rows
from store.importing.reading import TableFile, open_table
from store.models import ImportBatch


@writes
def _apply_in_transaction(
    table: TableFile, options: ImportOptions, actor: str, hooks: Hooks | None
) -> ImportReport:
    batch = ImportBatch.create(actor=actor, kind=options.kind, file_name=table.path.name)
    with indexed_once(options.kind, table.lines) as bulk:
        judge = judge_for(options, Run(actor, batch.id, bulk))
        report = run_rows(table, options, judge, hooks)
    # Merged before the commit, so the first search afterwards does not pay for it.
    search_grams.fold_changes()
    ImportBatch.update(counts=json.dumps(report.counts)).where(ImportBatch.id == batch.id).execute()
    report.committed = True
    report.batch = batch.id
    return report


def _apply(
    table: TableFile, options: ImportOptions, actor: str, hooks: Hooks | None
) -> ImportReport:
    try:
        return _apply_in_transaction(table, options, actor, hooks)
    except (sqlite3.Error, DatabaseError) as exc:
        raise unavailable(exc) from exc


def import_file(
    path: Path, options: ImportOptions, actor: str, commit: bool, hooks: Hooks | None = None
) -> ImportReport:
    """Preview the file, or (with commit) judge and apply it in one transaction."""
    if not commit:
        return plan_import(path, options, hooks)
    return _apply(open_table(path, options.encoding, options.delimiter), options, actor, hooks)


def apply_import(plan: ImportReport, actor: str, hooks: Hooks | None = None) -> ImportReport:
    """Apply a previewed plan; refused when the file changed since the preview."""
    table = open_table(plan.path, plan.options.encoding, plan.options.delimiter)
    if table.fingerprint != plan.fingerprint:
        raise FileChanged(
            f"{table.path.name} changed since the preview; preview it again before applying."
        )
    report = _apply(table, plan.options, actor, hooks)
    report.rejudged = [
        after.line or 0
        for before, after in zip(plan.rows, report.rows, strict=True)
        if (before.outcome, before.changes) != (after.outcome, after.changes)
    ]
    return report
