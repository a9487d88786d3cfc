"""`patrons import FILE`: preview or apply a users file; `--undo BATCH`; `--list`.

Also the report printing that `patrons rename` and `patrons contacts` share. Exit status:
0 when no row is invalid, 1 when some are (the valid ones are applied under --commit),
2 when nothing could be done (the error is printed as one line by tui.cli).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from store.importing import (
    Hooks,
    ImportOptions,
    ImportReport,
    RowResult,
    UsageError,
    field_order,
    import_file,
    list_batches,
    parse_fields,
    save_field_order,
    undo_batch,
)
from tui.output import os_actor, print_json

NAME = "import"
HELP = "import patrons from a CSV file (preview; --commit applies; --undo BATCH; --list)"
ORDER = 30
DELIMITER_WORDS = {"comma": ",", "semicolon": ";", "tab": "\t", "pipe": "|", "\\t": "\t"}


def add_file_options(parser: argparse.ArgumentParser, kind: str) -> None:
    """The options every file import shares."""
    parser.add_argument("--commit", action="store_true", help="apply the valid rows")
    parser.add_argument("--json", action="store_true", help="print one JSON object for scripts")
    parser.add_argument("--quiet", action="store_true", help="print only the invalid rows")
    parser.add_argument(
        "--header",
        choices=("auto", "yes", "no"),
        default="auto",
        help="is the first row a header naming the fields? (default: auto, by its names)",
    )
    parser.add_argument("--encoding", help="the file's encoding (default: detected)")
    parser.add_argument("--delimiter", help="comma, semicolon, tab, pipe (default: detected)")
    if kind != "rename":
        parser.add_argument("--fields", help="the columns' field keys, comma-separated")


def configure(parser: argparse.ArgumentParser) -> None:
    """Arguments of `patrons import`."""
    parser.add_argument("file", nargs="?", type=Path, help="the CSV file to import")
    add_file_options(parser, "users")
    parser.add_argument("--profile", metavar="NAME", help="use a saved field order")
    parser.add_argument("--save-profile", metavar="NAME", help="save --fields under a name")
    parser.add_argument("--create-cohorts", action="store_true", help="create missing cohorts")
    parser.add_argument(
        "--blank-clears", action="store_true", help="a blank cell clears the stored value"
    )
    parser.add_argument("--undo", type=int, metavar="BATCH", help="undo an applied batch")
    parser.add_argument("--list", action="store_true", help="list the applied batches")


def options_from(
    args: argparse.Namespace, kind: str, fields: tuple[str, ...] | None
) -> ImportOptions:
    """The engine's options from the command line."""
    delimiter = args.delimiter
    if delimiter:
        delimiter = DELIMITER_WORDS.get(delimiter.lower(), delimiter)
    return ImportOptions(
        kind=kind,
        fields=fields,
        header=args.header,
        create_cohorts=getattr(args, "create_cohorts", False),
        blank_clears=getattr(args, "blank_clears", False),
        encoding=args.encoding,
        delimiter=delimiter,
    )


def _progress() -> Hooks:
    if not sys.stderr.isatty():
        return Hooks()

    def show(line: int, lines: int) -> None:
        print(f"\rline {line} of about {lines}", end="", file=sys.stderr, flush=True)

    return Hooks(progress=show)


def _reason_line(row: RowResult) -> str:
    where = f"line {row.line}" if row.line is not None else "patron"
    who = f" ({row.username})" if row.username else ""
    return f"{where}{who}: {' '.join(row.reasons)}"


def print_report(report: Any, json_output: bool, quiet: bool, failed: str) -> int:
    """Print an import or undo report; 1 when some row was `failed`, else 0."""
    counts = report.counts
    batch = getattr(report, "batch", None)
    if json_output:
        print_json(
            {
                "file": report.file_name,
                "committed": report.committed,
                "batch": batch if report.committed else None,
                "counts": counts,
                "rows": [row.as_json() for row in report.rows],
            }
        )
        return 1 if counts.get(failed) else 0
    if sys.stderr.isatty():
        print("\r", end="", file=sys.stderr)
    if not quiet:
        print(_summary(report, counts))
    for row in report.rows:
        if row.outcome == failed:
            print(_reason_line(row))
    return 1 if counts.get(failed) else 0


def _summary(report: Any, counts: dict[str, int]) -> str:
    words = ", ".join(f"{value} {key}" for key, value in counts.items())
    if isinstance(report, ImportReport):
        how = f"read as {report.encoding}, {report.delimiter}-delimited"
        if report.committed:
            return f"{report.file_name}: {words} ({how}); applied as import batch #{report.batch}."
        return f"Preview of {report.file_name}: {words} ({how}); nothing written, --commit applies."
    done = "undone" if report.committed else "would be undone (preview; --commit undoes)"
    return f"Import batch #{report.batch} ({report.file_name}) {done}: {words}."


def run_file_import(args: argparse.Namespace, kind: str, fields: tuple[str, ...] | None) -> int:
    """Preview or apply a file of this kind and report it."""
    report = import_file(
        args.file, options_from(args, kind, fields), os_actor(), args.commit, _progress()
    )
    try:
        return print_report(report, args.json, args.quiet, "invalid")
    finally:
        report.rows.close()


def _list(json_output: bool) -> int:
    batches = list_batches()
    if json_output:
        print_json([vars(batch) for batch in batches])
        return 0
    if not batches:
        print("No import has been applied to this database yet.")
    for b in batches:
        counts = ", ".join(f"{value} {key}" for key, value in b.counts.items())
        undone = f"  undone {b.undone_at:%Y-%m-%d %H:%M}" if b.undone_at else ""
        print(
            f"#{b.id}  {b.at:%Y-%m-%d %H:%M}  {b.actor}  {b.kind}  {b.file_name}  {counts}{undone}"
        )
    return 0


def _fields(args: argparse.Namespace) -> tuple[str, ...] | None:
    if args.profile and args.fields:
        raise UsageError("Give either --fields or --profile, not both.")
    if args.profile:
        return field_order(args.profile, "users")
    return tuple(parse_fields("users", args.fields)) if args.fields else None


def run(args: argparse.Namespace) -> int:
    """Dispatch to list, undo, save-profile or a file import."""
    if args.list:
        return _list(args.json)
    if args.undo is not None:
        report = undo_batch(args.undo, os_actor(), args.commit)
        return print_report(report, args.json, False, "refused")
    fields = _fields(args)
    if args.save_profile:
        if not fields:
            raise UsageError("--save-profile needs the field order in --fields.")
        save_field_order(args.save_profile, "users", list(fields))
        print(f"Saved the field order '{args.save_profile}': {','.join(fields)}.")
        if args.file is None:
            return 0
    if args.file is None:
        raise UsageError("Name the CSV file to import, or use --undo BATCH or --list.")
    return run_file_import(args, "users", fields)
