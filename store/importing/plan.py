"""Planning an import: read the file, choose its fields, and judge every row.

`plan_import` is the preview: it writes nothing. The same driver runs inside the apply
transaction with a writer attached (see store.importing.apply), so what is written is
judged against the database as it is at that moment.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import Protocol

from store import db as dbmod
from store.importing.mapping import SKIP, UsageError, check_fields, header_fields
from store.importing.outcomes import (
    Hooks,
    ImportCancelled,
    ImportOptions,
    ImportReport,
    RowLog,
    RowResult,
)
from store.importing.reading import Row, TableFile, open_table
from store.models import database

CHUNK_ROWS = 500
# An import reads each stored patron once: mapping the file and a large page cache (which
# serve searches) would only make the run's memory grow with the database.
IMPORT_PRAGMAS = {"mmap_size": 0, "cache_size": -8000}
Values = dict[str, str]


class RowJudge(Protocol):
    """Judges (and, with a writer, writes) the rows of one kind of import, a chunk at a time."""

    def prepare(self, chunk: list[Values]) -> None: ...
    def judge(self, line: int, values: Values) -> RowResult: ...
    def flush(self) -> None: ...


JudgeFactory = Callable[[ImportOptions], RowJudge]


def _choose_fields(options: ImportOptions, first: Row | None) -> tuple[list[str], bool]:
    """The fields of the file's columns, and whether the first row is a header."""
    named = header_fields(options.kind, first.cells) if first else None
    is_header = options.header == "yes" or (options.header == "auto" and named is not None)
    if options.fields:
        fields = list(options.fields)
    elif is_header and named is not None:
        fields = named
    elif options.header == "yes":
        cells = ", ".join(first.cells) if first else ""
        raise UsageError(
            f"The header row ({cells}) does not name the fields; give them with --fields."
        )
    else:
        raise UsageError(
            "The file has no header row naming its fields: give them with --fields, "
            "e.g. --fields username,barcode,surname."
        )
    check_fields(options.kind, fields)
    return fields, is_header


def _cell_count_problem(row: Row, fields: list[str]) -> RowResult | None:
    if len(row.cells) == len(fields):
        return None
    position = fields.index("username")  # check_fields made sure it is there
    username = row.cells[position] if position < len(row.cells) else ""
    return RowResult(
        row.line,
        username.strip(),
        "invalid",
        [
            f"The row has {len(row.cells)} cells but {len(fields)} fields were given "
            f"(expected {len(fields)}, found {len(row.cells)}): check the delimiters and "
            "quotes on this line, or the field list."
        ],
    )


def _chunks(rows: Iterator[Row]) -> Iterator[list[Row]]:
    while chunk := list(islice(rows, CHUNK_ROWS)):
        yield chunk


@contextmanager
def memory_budget() -> Iterator[None]:
    """Run with a small SQLite page cache and no memory mapping, then restore both."""
    if not dbmod.is_sqlite():
        yield
        return
    saved = {name: database.execute_sql(f"PRAGMA {name}").fetchone()[0] for name in IMPORT_PRAGMAS}
    for name, value in IMPORT_PRAGMAS.items():
        database.execute_sql(f"PRAGMA {name} = {int(value)}")
    try:
        yield
    finally:
        for name, value in saved.items():
            database.execute_sql(f"PRAGMA {name} = {int(value)}")


def run_rows(
    table: TableFile,
    options: ImportOptions,
    judge: RowJudge,
    hooks: Hooks | None = None,
) -> ImportReport:
    """Judge every row of the file with `judge`, spooling each outcome in file order."""
    hooks = hooks or Hooks()
    rows = table.rows()
    first = next(rows, None)
    fields, is_header = _choose_fields(options, first)
    log = RowLog()
    report = ImportReport(
        table.path,
        options.kind,
        table.encoding,
        table.delimiter_name,
        fields,
        first.line if is_header and first else None,
        log,
        table.fingerprint,
        options,
    )
    pending: Iterator[Row] = rows if is_header or first is None else _prepend(first, rows)
    try:
        if is_header and first is not None:
            _emit(log, hooks, RowResult(first.line, "", "header"))
        with memory_budget():
            _judge_all(table, pending, fields, judge, log, hooks)
    except BaseException:
        log.close()
        raise
    return report


def _judge_all(
    table: TableFile,
    pending: Iterator[Row],
    fields: list[str],
    judge: RowJudge,
    log: RowLog,
    hooks: Hooks,
) -> None:
    for chunk in _chunks(pending):
        if hooks.cancelled and hooks.cancelled():
            raise ImportCancelled("The import was cancelled; nothing was written.")
        _judge_chunk(chunk, fields, judge, log, hooks)
        if hooks.progress:
            hooks.progress(chunk[-1].line, table.lines)


def _prepend(first: Row, rows: Iterator[Row]) -> Iterator[Row]:
    yield first
    yield from rows


def _emit(log: RowLog, hooks: Hooks, result: RowResult) -> None:
    log.add(result)
    if hooks.on_row:
        hooks.on_row(result)


def _judge_chunk(
    chunk: list[Row], fields: list[str], judge: RowJudge, log: RowLog, hooks: Hooks
) -> None:
    shaped: list[tuple[Row, Values | RowResult]] = []
    skipped = SKIP in fields
    for row in chunk:
        problem = _cell_count_problem(row, fields)
        values = dict(zip(fields, row.cells, strict=False))
        if skipped:
            values.pop(SKIP, None)
        shaped.append((row, problem or values))
    judge.prepare([item for _, item in shaped if isinstance(item, dict)])
    for row, item in shaped:
        _emit(log, hooks, item if isinstance(item, RowResult) else judge.judge(row.line, item))
    judge.flush()


def plan_import(
    path: Path,
    options: ImportOptions,
    hooks: Hooks | None = None,
) -> ImportReport:
    """The preview: every row's outcome, reasons and changes. Writes nothing."""
    from store.importing.kinds import judge_for

    table = open_table(path, options.encoding, options.delimiter)
    return run_rows(table, options, judge_for(options, None), hooks)
