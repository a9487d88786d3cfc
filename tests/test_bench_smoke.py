"""The benchmark code runs end to end on tiny sizes (its timings are never judged here)."""

from __future__ import annotations

import csv
from pathlib import Path

from bench.importing import FIELDS, write_students_file
from bench.run import main


def test_a_tiny_benchmark_run_writes_the_table_with_every_measurement(tmp_path: Path) -> None:
    out = tmp_path / "performance.md"
    arguments = ["--sizes", "60,120", "--import-sizes", "40", "--repeat", "1"]
    assert main([*arguments, "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    for line in (
        "| search, 1 character (SQLite) | 60 patrons |",
        "| search, 3+ characters (SQLite) | 120 patrons |",
        "| online backup (sqlite3 backup API) | 120 patrons |",
        "| app start to a usable sign-in screen |",
        "| import into an empty database | 40 rows |",
        "| re-import, every row unchanged | 40 rows |",
        "| import, peak memory | 40 rows |",
    ):
        assert line in text, line


def test_the_generated_students_file_is_the_same_for_the_same_seed(tmp_path: Path) -> None:
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    write_students_file(first, 25)
    write_students_file(second, 25)
    assert first.read_bytes() == second.read_bytes()
    rows = list(csv.DictReader(first.open(encoding="utf-8")))
    assert len(rows) == 25 and list(rows[0]) == FIELDS
    assert len({row["username"] for row in rows}) == 25
