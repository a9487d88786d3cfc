"""Saving the invalid rows of an import, with their reasons, as a CSV to fix and re-import.

The rows are copied from the file as they were read (cells unchanged, the header row
kept), with one more column, `reasons`, which a re-import skips. The file holds personal
data, so it is written owner-only, and in full or not at all.
"""

from __future__ import annotations

import csv
from pathlib import Path

from store.backup import BackupRefused, file_problem, private_temp_beside, put_in_place
from store.importing.outcomes import FileChanged, ImportReport
from store.importing.reading import open_table
from store.text import guard_formula

REASONS_HEADING = "reasons"


def save_invalid_rows(report: ImportReport, target: Path) -> int:
    """Write the report's invalid rows to `target` (a new file); returns how many."""
    reasons = {row.line: " ".join(row.reasons) for row in report.rows if row.outcome == "invalid"}
    table = open_table(report.path, report.options.encoding, report.options.delimiter)
    if table.fingerprint != report.fingerprint:
        raise FileChanged(f"{report.file_name} changed since it was read; preview it again.")
    if target.is_dir():
        raise BackupRefused(f"{target} is a folder; name a file in it.")
    if target.exists():
        raise BackupRefused(f"{target} already exists; name a new file.")
    temp = private_temp_beside(target)
    try:
        with open(temp, "w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out)
            for row in table.rows():
                if row.line == report.header_line:
                    writer.writerow([*map(guard_formula, row.cells), REASONS_HEADING])
                elif row.line in reasons:
                    writer.writerow(
                        [*map(guard_formula, row.cells), guard_formula(reasons[row.line])]
                    )
        put_in_place(temp, target)
    except OSError as exc:
        raise BackupRefused(file_problem(exc, target)) from exc
    finally:
        temp.unlink(missing_ok=True)
    return len(reasons)
