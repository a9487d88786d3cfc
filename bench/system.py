"""App start to a usable sign-in screen, and the online backup of a database file."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

from bench.measure import Result, timed
from store.accounts import create_administrator

ROOT = Path(__file__).resolve().parent.parent


def _start(target: str) -> None:
    """Start the probe and wait for its `ready` line."""
    probe = subprocess.Popen(
        [sys.executable, "-m", "bench.app_probe", target],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert probe.stdout is not None
    line = probe.stdout.readline()
    probe.wait()
    if line.strip() != "ready":
        raise RuntimeError(f"the app probe did not start ({target})")


def measure_app_start(db: Path, repeat: int) -> Result:
    """Start to sign-in screen, beside a bare Textual app started the same way."""
    create_administrator("benchadmin", "bench-password-1", actor="bench")
    return Result(
        what="app start to a usable sign-in screen",
        size="headless 80x24",
        samples=timed(lambda: _start(str(db)), repeat),
        reference=timed(lambda: _start("--bare"), repeat),
        target="< 1 s",
        limit=1.0,
    )


def measure_backup(db: Path, size: int, repeat: int) -> Result:
    """SQLite's online backup API copying the whole database to a new file."""

    def backup() -> None:
        copy = db.with_name(f"backup-{time.monotonic_ns()}.db")
        with closing(sqlite3.connect(db)) as source, closing(sqlite3.connect(copy)) as target:
            source.backup(target)
        copy.unlink()

    return Result(
        what="online backup (sqlite3 backup API)",
        size=f"{size:,} patrons",
        samples=timed(backup, repeat),
        target="< 1 s",
        limit=1.0,
    )
