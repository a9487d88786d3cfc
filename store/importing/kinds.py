"""The row judge for each kind of import: users, rename or contacts."""

from __future__ import annotations

from dataclasses import dataclass

from store.importing.bulk import BulkLoad
from store.importing.outcomes import ImportOptions
from store.importing.plan import RowJudge


@dataclass(frozen=True)
class Run:
    """An applied run: who applies it and the batch its writes belong to."""

    actor: str
    batch_id: int
    # Set when the patron table was empty as the run began (see store.importing.bulk).
    bulk: BulkLoad | None = None


def judge_for(options: ImportOptions, run: Run | None) -> RowJudge:
    """A fresh judge for the options' kind; with a run it also writes valid rows."""
    from store.importing.contact_import import ContactRows
    from store.importing.memory_refs import MemoryReferences
    from store.importing.patron_rows import PatronRows
    from store.importing.patron_writer import PatronWriter
    from store.importing.rename import RenameRows

    if options.kind == "rename":
        return RenameRows(run)
    if options.kind == "contacts":
        return ContactRows(run)
    bulk = run.bulk if run else None
    refs = MemoryReferences(options.create_cohorts, bulk.owners if bulk else None)
    writes = PatronWriter(refs, run.actor, run.batch_id, bulk) if run else None
    return PatronRows(options, refs, writes)
