"""Load: four operators editing the same patrons while a bulk write runs, on one SQLite file.

Every edit either lands or is refused (version conflict, or a barcode/username another
operator took first); no edit is lost, no duplicate exists, and "database is locked" never
escapes. The outcome counts are printed (pytest -s) for docs/reliability.md.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

from store.models import AuditEntry, Patron
from store.patrons import register
from store.startup import close_database
from tests.conftest import student_values

WORKER = Path(__file__).parent / "helpers" / "load_worker.py"
WORKERS = 4
EDITS = 200
BULK_ROWS = 400
PATRONS = 12


def start(db: Path, mode: str, worker: int, count: int) -> subprocess.Popen[str]:
    args = [sys.executable, str(WORKER), str(db), mode, str(worker), str(count), str(worker)]
    process = subprocess.Popen(
        args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "ready"
    return process


def test_concurrent_edits_and_a_bulk_write_lose_nothing_and_duplicate_nothing(
    school: Path,
) -> None:
    for n in range(PATRONS):
        register(student_values(username=f"p{n}", barcode=f"P{n}", surname="Loaded"), actor="setup")
    close_database()
    processes = [start(school, "edit", w, EDITS) for w in range(WORKERS)]
    processes.append(start(school, "bulk", WORKERS, BULK_ROWS))
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
    assert totals["landed"] > 0 and totals["bulk_rows"] == BULK_ROWS
    assert totals["busy"] * 100 <= edits, "busy refusals must stay rare (at most 1%)"

    loaded = Patron.select().where(Patron.surname == "Loaded")
    # Each landed edit raised one version by one and left one audit entry: none was lost.
    assert sum(p.version - 1 for p in loaded) == totals["landed"]
    updates = AuditEntry.select().where(AuditEntry.action == "updated").count()
    assert updates == totals["landed"]
    conn = sqlite3.connect(school)
    for column in ("barcode", "username_key", "admin_id"):
        duplicates = conn.execute(
            f"SELECT {column} FROM patron WHERE {column} IS NOT NULL "
            f"GROUP BY {column} HAVING count(*) > 1"
        ).fetchall()
        assert duplicates == [], column
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()
