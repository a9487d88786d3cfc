"""Fill a database with the demo school in one transaction, stopping midway when asked.

Run by the fault tests: `python demo_until_killed.py DB PATRONS [--pause-at N]`. With
--pause-at it prints "mid-write" once N patrons are written (still uncommitted) and waits
on standard input, so the test can kill it at a known point without sleeping.
"""

from __future__ import annotations

import argparse
import sys

from store.demo import fill_demo
from store.startup import close_database, open_database


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("patrons", type=int)
    parser.add_argument("--pause-at", type=int, default=0)
    args = parser.parse_args()

    def progress(count: int) -> None:
        if args.pause_at and count >= args.pause_at:
            print("mid-write", flush=True)
            sys.stdin.readline()  # never answered: the test kills us here

    open_database(args.db)
    try:
        print(fill_demo(args.patrons, "fault-test", progress=progress), flush=True)
    finally:
        close_database()
    return 0


if __name__ == "__main__":
    sys.exit(main())
