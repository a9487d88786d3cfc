"""Merge patrons in one transaction, optionally stopping midway so a test can kill it.

`python merge_until_killed.py DB TARGET OTHER... [--pause]`: with --pause, once the
belongings are moved, the others deleted and the target saved (all uncommitted) it prints
"mid-write" and waits on standard input, which is never answered. Without it, the merge
runs to the end and prints the merged username.
"""

from __future__ import annotations

import sys
from typing import Any

from store.merging import merge as merging
from store.startup import open_database

original_audit = merging._audit


def audit_after_a_pause(*args: Any) -> None:
    print("mid-write", flush=True)
    sys.stdin.readline()  # never answered: the test kills us here
    original_audit(*args)


def main() -> int:
    args = [arg for arg in sys.argv[1:] if arg != "--pause"]
    if "--pause" in sys.argv:
        merging._audit = audit_after_a_pause
    open_database(args[0])
    ids = [int(arg) for arg in args[1:]]
    outcome = merging.merge_patrons(ids[0], ids[1:], {}, "fault-test")
    print(outcome.username, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
