"""`patrons export [FILE]`: patrons as CSV that `patrons import` takes back unchanged."""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from store.backup import (
    BackupRefused,
    file_problem,
    private_temp_beside,
    put_in_place,
    refuse_existing,
)
from store.export import EXPORT_FIELDS, WHERE_FILTERS, parse_export_fields, write_csv

NAME = "export"
HELP = "write patrons as CSV (UTF-8 with BOM) with the import's field keys; never passwords"
ORDER = 40


def configure(parser: argparse.ArgumentParser) -> None:
    """Arguments of `patrons export`."""
    parser.add_argument("file", nargs="?", help="CSV file to write (default: standard output)")
    parser.add_argument(
        "--fields",
        metavar="K1,K2,...",
        help=f"columns, in order (default: all of {','.join(EXPORT_FIELDS)})",
    )
    parser.add_argument(
        "--where",
        action="append",
        choices=tuple(WHERE_FILTERS),
        default=[],
        help="only these patrons; may be given twice, e.g. --where enabled --where staff",
    )
    parser.add_argument("--force", action="store_true", help="replace FILE if it exists")


def _to_stdout(fields: list[str], where: list[str]) -> int:
    out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8-sig", newline="")
    try:
        write_csv(out, fields, where)
        out.flush()
    except BrokenPipeError:
        return 0  # the reader stopped early (e.g. `| head`): not an error.
    except OSError as exc:
        raise BackupRefused(f"The export could not be written: {exc.strerror or exc}.") from exc
    finally:
        out.detach()
    return 0


def _to_file(path: Path, fields: list[str], where: list[str], force: bool) -> int:
    refuse_existing(path, force)
    temp = private_temp_beside(path)
    try:
        with open(temp, "w", encoding="utf-8-sig", newline="") as out:
            count = write_csv(out, fields, where)
        put_in_place(temp, path)
    except OSError as exc:
        raise BackupRefused(file_problem(exc, path)) from exc
    finally:
        temp.unlink(missing_ok=True)
    noun = "patron" if count == 1 else "patrons"
    print(f"Exported {count} {noun} to {path} (readable by you only).")
    return 0


def run(args: argparse.Namespace) -> int:
    """Write the CSV to FILE (owner-only, all or nothing) or to standard output."""
    fields = parse_export_fields(args.fields)
    if args.file in (None, "-"):
        return _to_stdout(fields, args.where)
    return _to_file(Path(args.file).expanduser(), fields, args.where, args.force)
