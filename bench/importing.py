"""The import engine on a whole district file, beside the sqlite3 CLI's `.import`.

Each import runs in its own process, so its peak memory (maximum resident set size) is
that import's alone. The reference loads the same file into a bare table.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench.data import profiles
from bench.measure import Result
from bench.system import ROOT

TEN_X = "within 10x of .import"
FIELDS = [
    "username",
    "barcode",
    "admin_id",
    "given_name",
    "middle_name",
    "preferred_name",
    "surname",
    "gender",
    "email",
    "enabled",
    "staff",
    "graduating_year",
    "academic_level",
]


def write_students_file(path: Path, size: int, seed: int = 2026) -> None:
    """A students file as a school's administration system would export it."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(FIELDS)
        for p in profiles(size, seed):
            p["enabled"] = "yes" if p["enabled"] else "no"
            p["staff"] = "yes" if p["staff"] else "no"
            writer.writerow(["" if p[key] is None else p[key] for key in FIELDS])


def _run(command: list[str]) -> tuple[float, int]:
    """Seconds a command took, and the peak memory in bytes it reported (0 if none)."""
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{command[:4]} failed with status {done.returncode}: {done.stderr}")
    peaks = [line for line in done.stdout.splitlines() if line.startswith("peak_bytes=")]
    return elapsed, int(peaks[-1].split("=")[1]) if peaks else 0


def _reference(csv_path: Path, work: Path) -> float:
    bare = work / f"bare-{time.monotonic_ns()}.db"
    elapsed, _ = _run(["sqlite3", str(bare), f".import --csv {csv_path} students"])
    bare.unlink()
    return elapsed


def measure_import(work: Path, size: int, repeat: int) -> list[Result]:
    """Import into an empty database, re-import unchanged, and the peak memory of each."""
    csv_path = work / f"students-{size}.csv"
    write_students_file(csv_path, size)
    first: list[float] = []
    again: list[float] = []
    memory: list[float] = []
    for attempt in range(repeat):
        db = work / f"import-{size}-{attempt}.db"
        probe = [sys.executable, "-m", "bench.import_probe", str(db), str(csv_path)]
        for samples in (first, again):
            elapsed, peak = _run(probe)
            samples.append(elapsed)
            memory.append(peak / 1e6)
        db.unlink()
    have_cli = shutil.which("sqlite3") is not None
    reference = [_reference(csv_path, work) for _ in range(repeat)] if have_cli else None
    label = f"{size:,} rows"
    return [
        Result("import into an empty database", label, first, reference, TEN_X, ratio_limit=10),
        Result("re-import, every row unchanged", label, again, reference, TEN_X, ratio_limit=10),
        Result("import, peak memory", label, memory, target="< 100 MB", limit=100, unit="MB"),
    ]
