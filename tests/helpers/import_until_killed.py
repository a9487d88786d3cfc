"""Apply an import in one transaction, stopping midway so the fault test can kill it.

`python import_until_killed.py DB FILE`: once the first chunk of rows is written (still
uncommitted) it prints "mid-write" and waits on standard input, which is never answered.
"""

from __future__ import annotations

import sys
from pathlib import Path

from store.importing import Hooks, ImportOptions, import_file
from store.startup import open_database


def pause(line: int, lines: int) -> None:
    print("mid-write", flush=True)
    sys.stdin.readline()  # never answered: the test kills us here


def main() -> int:
    open_database(sys.argv[1])
    import_file(Path(sys.argv[2]), ImportOptions(), "fault-test", True, Hooks(progress=pause))
    return 0


if __name__ == "__main__":
    sys.exit(main())
