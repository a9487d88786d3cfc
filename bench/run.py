"""`make bench`: measure the store and the app; print the table; write docs/performance.md.

    python -m bench.run [--sizes 1000,10000,100000] [--repeat 5] [--postgres URL]
                        [--import-sizes 100000] [--skip app,backup,terminal,import]
                        [--out PATH]

Data is generated with a fixed seed, so every run measures the same district. PostgreSQL
is measured too when --postgres (or PATRONS_BENCH_PG) names a server on which the user
may create databases.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from bench import report
from bench.data import fill
from bench.importing import measure_import
from bench.measure import Result
from bench.postgres import fresh_database
from bench.search import measure_search
from bench.system import ROOT, measure_app_start, measure_backup
from bench.terminal_probe import PASSWORD, USERNAME, measure_terminal
from store.accounts import create_administrator
from store.db import describe
from store.startup import close_database, open_database

NOTES = Path(__file__).with_name("notes.md")
PARTS = ("search", "backup", "terminal", "app", "import")
# The district: backup and the app in a terminal are measured at this size (or at
# the largest one asked for, when it is not among them); search at every size.
DISTRICT = 100_000


def _sizes(text: str) -> list[int]:
    return [int(part.replace("_", "")) for part in text.split(",") if part.strip()]


def parse(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(prog="bench", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=_sizes, default=[1_000, 10_000, DISTRICT, 1_000_000])
    parser.add_argument("--import-sizes", type=_sizes, default=[100_000])
    parser.add_argument("--repeat", type=int, default=5, help="runs of each measurement")
    parser.add_argument("--postgres", default=os.environ.get("PATRONS_BENCH_PG", ""))
    parser.add_argument("--skip", default="", help=f"parts to leave out: {', '.join(PARTS)}")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "performance.md")
    return parser.parse_args(argv)


def _filled(target: str, size: int) -> None:
    open_database(target)
    start = time.perf_counter()
    fill(size)
    print(f"  filled {size:,} patrons in {time.perf_counter() - start:.1f} s", flush=True)


def _sqlite(args: argparse.Namespace, work: Path, skip: set[str]) -> list[Result]:
    results: list[Result] = []
    district = DISTRICT if DISTRICT in args.sizes else max(args.sizes)
    for size in args.sizes:
        db = work / f"district-{size}.db"
        print(f"SQLite, {size:,} patrons", flush=True)
        _filled(str(db), size)
        try:
            if "search" not in skip:
                results += measure_search("SQLite", size, args.repeat)
            if "backup" not in skip and size == district:
                results.append(measure_backup(db, size, args.repeat))
            if "terminal" not in skip and size == district:
                results += _terminal(db, size, args.repeat)
        finally:
            close_database()
    return results


def _terminal(db: Path, size: int, repeat: int) -> list[Result]:
    """The app on a pseudo-terminal: keystroke to redrawn list, bytes per key and idle."""
    print("  the app in a terminal", flush=True)
    create_administrator(USERNAME, PASSWORD, actor="bench")
    return measure_terminal(str(db), size, rounds=max(1, min(repeat, 3)))


def _postgres(args: argparse.Namespace) -> list[Result]:
    results: list[Result] = []
    for size in args.sizes:
        print(f"PostgreSQL, {size:,} patrons", flush=True)
        with fresh_database(args.postgres) as url:
            _filled(url, size)
            try:
                results += measure_search("PostgreSQL", size, args.repeat)
            finally:
                close_database()
    return results


def _app(args: argparse.Namespace, work: Path) -> Result:
    print("app start", flush=True)
    open_database(str(work / "app.db"))
    try:
        return measure_app_start(work / "app.db", args.repeat)
    finally:
        close_database()


def measure(args: argparse.Namespace, work: Path) -> list[Result]:
    """Every measurement the arguments ask for."""
    skip = {part.strip() for part in args.skip.split(",") if part.strip()}
    results = _sqlite(args, work, skip)
    if args.postgres and "search" not in skip:
        results += _postgres(args)
    if "app" not in skip:
        results.append(_app(args, work))
    if "import" not in skip:
        for size in args.import_sizes:
            print(f"import, {size:,} rows", flush=True)
            results += measure_import(work, size, max(1, args.repeat // 2))
    return results


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; print the table and write it to --out."""
    args = parse(argv)
    with tempfile.TemporaryDirectory(prefix="patrons-bench-") as folder:
        results = measure(args, Path(folder))
    print(report.table(results))
    given = sys.argv[1:] if argv is None else argv
    command = " ".join(["python -m bench.run", *(describe(a) for a in given)])
    notes = NOTES.read_text(encoding="utf-8") if NOTES.exists() else ""
    args.out.parent.mkdir(parents=True, exist_ok=True)
    report.write(args.out, results, command, notes)
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
