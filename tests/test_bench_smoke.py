"""The benchmark code runs end to end on tiny sizes (its timings are never judged here)."""

from __future__ import annotations

import csv
from pathlib import Path

from bench import report
from bench.importing import FIELDS, write_students_file
from bench.run import main
from bench.terminal_probe import BACKSPACE, measure_terminal, prepare


def test_a_tiny_benchmark_run_writes_the_table_with_every_measurement(tmp_path: Path) -> None:
    out = tmp_path / "performance.md"
    # The terminal part types for about 20 s; its own smoke test below types three keys.
    arguments = ["--sizes", "60,120", "--import-sizes", "40", "--repeat", "1", "--skip", "terminal"]
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


def test_the_terminal_probe_times_each_key_and_counts_bytes_while_idle(tmp_path: Path) -> None:
    db = tmp_path / "tiny.db"
    prepare(db, 30)
    typing = ["s", "m", BACKSPACE]
    keys, sizes, idle = measure_terminal(str(db), 30, rounds=1, idle=0.5, typing=typing)
    assert len(keys.samples) == len(sizes.samples) == len(typing)
    assert all(size > 0 for size in sizes.samples)  # every key redrew something
    assert len(idle.samples) == 1 and idle.samples[0] >= 0
    text = report.table([keys, sizes, idle])
    for what in (
        "keystroke to redrawn list",
        "bytes per search keystroke",
        "bytes per second idle",
    ):
        assert f"| {what} | 30 patrons, 80x24 pty" in text
