"""Load: four operators editing the same patrons while an import runs, on one database.

Every edit either lands or is refused (version conflict, or a barcode/username another
operator took first); no edit is lost, no duplicate exists, and "database is locked" never
escapes. Runs on a SQLite file, and on PostgreSQL when PATRONS_TEST_PG names a server.
The outcome counts are printed (pytest -s) for docs/reliability.md.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

from store.db import is_sqlite
from store.models import AuditEntry, Patron, database
from store.patrons import register
from store.startup import close_database
from tests.conftest import student_values

WORKER = Path(__file__).parent / "helpers" / "load_worker.py"
WORKERS = 4
EDITS = 200
IMPORT_ROWS = 2000
PATRONS = 12


def start(db: Path | str, mode: str, worker: int, amount: object) -> subprocess.Popen[str]:
    args = [sys.executable, str(WORKER), str(db), mode, str(worker), str(amount)]
    process = subprocess.Popen(
        args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "ready"
    return process


def test_concurrent_edits_and_an_import_lose_nothing_and_duplicate_nothing(
    school: Path | str, tmp_path: Path
) -> None:
    for n in range(PATRONS):
        register(student_values(username=f"p{n}", barcode=f"P{n}", surname="Loaded"), actor="setup")
    close_database()
    rows = [f"imp{n},I{n:05d},Imported,yes,yes" for n in range(IMPORT_ROWS)]
    csv_file = tmp_path / "staff.csv"
    csv_file.write_text("username,barcode,surname,enabled,staff\n" + "\n".join(rows))
    processes = [start(school, "edit", w, EDITS) for w in range(WORKERS)]
    processes.append(start(school, "import", WORKERS, csv_file))
    for process in processes:  # all wait at the gate; open it for everyone at once
        assert process.stdin is not None
        process.stdin.write("go\n")
        process.stdin.flush()
    totals: Counter[str] = Counter()
    for process in processes:
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
        assert "Traceback" not in err and "locked" not in err + out
        totals.update(json.loads(out.strip().splitlines()[-1]))
    print(f"\nload outcomes: {dict(totals)}")

    others = {key: n for key, n in totals.items() if key.startswith("other")}
    assert others == {}
    edits = totals["landed"] + totals["conflict"] + totals["refused"] + totals["busy"]
    assert edits == WORKERS * EDITS
    assert totals["landed"] > 0 and totals["import_added"] == IMPORT_ROWS
    assert totals["busy"] * 100 <= edits, "busy refusals must stay rare (at most 1%)"

    loaded = Patron.select().where(Patron.surname == "Loaded")
    # Each landed edit raised one version by one and left one audit entry: none was lost.
    assert sum(p.version - 1 for p in loaded) == totals["landed"]
    updates = AuditEntry.select().where(AuditEntry.action == "updated").count()
    assert updates == totals["landed"]
    for column in ("barcode", "username_key", "admin_id"):
        duplicates = database.execute_sql(
            f"SELECT {column} FROM patron WHERE {column} IS NOT NULL "
            f"GROUP BY {column} HAVING count(*) > 1"
        ).fetchall()
        assert duplicates == [], column
    if is_sqlite():
        assert database.execute_sql("PRAGMA integrity_check").fetchone() == ("ok",)
