"""The app in a real terminal: keystroke to redrawn list, bytes per keystroke, bytes idle.

    python -m bench.terminal_probe [--size 100000] [--rounds 3] [--idle 3] [--db FILE] [--keys]

Runs `patrons --db FILE` (tui.cli's main, as `make run` does) in a child process on a
pseudo-terminal of 80x24 with TERM=xterm-256color, signs in by typing, then types TYPING
key by key. Each key is written to the terminal and timed until its output has arrived
and settled: the end of the redraw is the last byte before QUIET seconds of silence.
Textual draws at most 60 frames a second, so any later frame for the same key (a second
frame, a scrollbar, a footer) comes within a few frames, far inside QUIET, and is
counted; a key's output is also checked to hold the result count ("... match"), so the
list's redraw is inside the time. Nothing is subtracted: the time includes reading the
key, the store search, drawing and writing. The next key follows the silence (about 4
keys a second, a brisk typist). Then the app is left idle and every byte it sends is
counted. The terminal answers none of the app's queries (as one that supports none of
Textual's optional features), so frames carry no synchronized-update markers.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.measure import Result
from bench.pty_terminal import COLUMNS, LINES, Terminal, screen_text

USERNAME, PASSWORD = "benchadmin", "bench-password-1"
BACKSPACE = "\x7f"
# Names, usernames, a barcode; typos taken back with backspace, a query cleared to start over.
TYPING = [
    *"smith",
    *BACKSPACE * 5,
    *"jon",
    BACKSPACE,
    *"nes",
    *BACKSPACE * 5,
    *"olivia",
    *BACKSPACE * 6,
    *"nguyen12",
    *BACKSPACE * 8,
    *"0001234",
    *BACKSPACE * 7,
    *"wil",
    *BACKSPACE * 3,
]
SIGN_IN = re.compile(rb"Password")
SUMMARY = re.compile(rb"patrons? match")


@dataclass
class Key:
    """One keystroke: seconds until its redraw settled, bytes sent, whether the list redrew."""

    key: str
    seconds: float
    size: int
    redrew_list: bool


@dataclass
class Session:
    """One run of the app: every keystroke, then the bytes sent while idle."""

    keys: list[Key]
    idle_bytes: int
    idle_seconds: float


def session(db: str, typing: list[str] = TYPING, idle: float = 3.0) -> Session:
    """Start the app on `db` (which has USERNAME), sign in, type, then idle."""
    terminal = Terminal(db)
    try:
        terminal.wait_for(SIGN_IN)
        for text in (USERNAME, "\r", PASSWORD):
            terminal.send(text)
            terminal.settle()
        terminal.send("\r")
        terminal.wait_for(SUMMARY)  # the first page of every patron
        keys = []
        for key in typing:
            sent = terminal.send(key)
            output, last = terminal.settle()
            redrew = bool(SUMMARY.search(screen_text(output)))
            keys.append(Key(key, max(0.0, last - sent), len(output), redrew))
        idle_bytes = len(terminal.collect(idle))
    finally:
        terminal.close()
    return Session(keys, idle_bytes, idle)


def measure_terminal(
    db: str,
    size: int,
    rounds: int,
    idle: float = 3.0,
    verbose: bool = False,
    typing: list[str] = TYPING,
) -> list[Result]:
    """The three rows of the table from `rounds` sessions on `db` (which has USERNAME)."""
    sessions = [session(db, typing, idle) for _ in range(rounds)]
    if verbose:
        print_keys(sessions, typing)
    keys = [key for s in sessions for key in s.keys]
    where = f"{size:,} patrons, {COLUMNS}x{LINES} pty"
    unredrawn = sum(not key.redrew_list for key in keys)
    if unredrawn:
        print(f"  {unredrawn} of {len(keys)} keys' output lacked the list's summary", flush=True)
    return [
        Result(
            what="keystroke to redrawn list",
            size=where,
            samples=[key.seconds for key in keys],
            target="p95 < 16 ms",
            limit=0.016,
        ),
        Result(
            what="bytes per search keystroke",
            size=where,
            samples=[float(key.size) for key in keys],
            target="p95 < 10 KB",
            limit=10_000,
            unit="B",
        ),
        Result(
            what="bytes per second idle",
            size=f"{where}, {idle:g} s each",
            samples=[s.idle_bytes / s.idle_seconds for s in sessions],
            target="0 B/s",
            limit=1,
            unit="B/s",
        ),
    ]


def prepare(db: Path, size: int) -> None:
    """A database file of `size` generated patrons and an administrator to sign in as."""
    from bench.data import fill
    from store.accounts import create_administrator
    from store.startup import close_database, open_database

    open_database(str(db), create=True)
    try:
        fill(size)
        create_administrator(USERNAME, PASSWORD, actor="bench")
    finally:
        close_database()


def typed_queries(typing: list[str] = TYPING) -> list[str]:
    """The search box's text after each key of `typing`."""
    text, queries = "", []
    for key in typing:
        text = text[:-1] if key == BACKSPACE else text + key
        queries.append(text)
    return queries


def print_keys(sessions: list[Session], typing: list[str] = TYPING) -> None:
    """Each key's query, milliseconds and bytes in every session, slowest run last."""
    for index, query in enumerate(typed_queries(typing)):
        times = sorted(s.keys[index].seconds * 1000 for s in sessions)
        sizes = [s.keys[index].size for s in sessions]
        print(f"  {query!r:14} ms {' '.join(f'{t:5.1f}' for t in times)}  bytes {sizes}")


def _print(results: list[Result], keys: int) -> None:
    for result in results:
        worst = max(result.samples)
        print(
            f"{result.what}: median {result.median:.4g}, p95 {result.p95:.4g}, "
            f"max {worst:.4g} ({result.unit}, {len(result.samples)} samples; met: {result.met})"
        )
    print(f"{keys} keys per session")


def main(argv: list[str] | None = None) -> int:
    """Fill a database (or use --db, which must have USERNAME) and print the numbers."""
    parser = argparse.ArgumentParser(prog="bench.terminal_probe", description=__doc__)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3, help="app sessions, each typing all")
    parser.add_argument("--idle", type=float, default=3.0, help="seconds idle per session")
    parser.add_argument("--db", type=Path, help=f"a filled database with {USERNAME}")
    parser.add_argument("--keys", action="store_true", help="print every key's numbers")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="patrons-terminal-") as folder:
        db = args.db
        if db is None:
            db = Path(folder) / "district.db"
            start = time.perf_counter()
            prepare(db, args.size)
            print(f"filled {args.size:,} patrons in {time.perf_counter() - start:.1f} s")
        _print(measure_terminal(str(db), args.size, args.rounds, args.idle, args.keys), len(TYPING))
    return 0


if __name__ == "__main__":
    sys.exit(main())
