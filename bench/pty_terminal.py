"""A pseudo-terminal of 80x24 with the app running on it, read as a terminal would.

The end of a redraw is the last byte before QUIET seconds of silence: Textual draws at
most 60 frames a second, so every frame a keystroke causes arrives well inside it.
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

QUIET = 0.2
COLUMNS, LINES = 80, 24
ESCAPES = re.compile(rb"\x1b\[[0-9;?<>=$]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b.")


class Terminal:
    """A pseudo-terminal with the app running on it."""

    def __init__(self, db: str) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color"}
        for name in ("COLUMNS", "LINES", "TEXTUAL", "NO_COLOR"):
            env.pop(name, None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tui.cli", "--db", db],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            cwd=Path(__file__).resolve().parent.parent,
            start_new_session=True,
            preexec_fn=_take_terminal,
        )
        os.close(slave)

    def send(self, text: str) -> float:
        """Write keys as the terminal would; the moment they were written."""
        os.write(self.master, text.encode())
        return time.perf_counter()

    def settle(self, quiet: float = QUIET, limit: float = 60.0) -> tuple[bytes, float]:
        """Read until `quiet` seconds pass without a byte: the output and its last byte's time."""
        output, last = bytearray(), time.perf_counter()
        give_up = last + limit
        while time.perf_counter() < give_up:
            ready, _, _ = select.select([self.master], [], [], quiet)
            if not ready:
                return bytes(output), last
            try:
                chunk = os.read(self.master, 1 << 16)
            except OSError:  # EIO: the app has ended and closed the terminal
                chunk = b""
            if not chunk:
                raise RuntimeError(f"the app ended: {_text(bytes(output))}")
            output += chunk
            last = time.perf_counter()
        raise RuntimeError(f"the app never fell quiet: {_text(bytes(output))}")

    def wait_for(self, pattern: re.Pattern[bytes], limit: float = 120.0) -> None:
        """Read until the screen's text matches `pattern`, then until the output settles."""
        seen, give_up = b"", time.perf_counter() + limit
        while not pattern.search(screen_text(seen)):
            if time.perf_counter() > give_up:
                raise RuntimeError(f"the app never showed {pattern.pattern!r}: {_text(seen)}")
            seen += self.settle(limit=limit)[0]
        self.settle()

    def collect(self, seconds: float) -> bytes:
        """Everything the app sends in the next `seconds`."""
        output, end = bytearray(), time.perf_counter() + seconds
        while (left := end - time.perf_counter()) > 0:
            if select.select([self.master], [], [], left)[0]:
                output += os.read(self.master, 1 << 16)
        return bytes(output)

    def close(self) -> None:
        """Quit with ctrl+q; end the process if it does not."""
        try:
            self.send("\x11")
            self.process.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()
        os.close(self.master)


def _take_terminal() -> None:
    """In the app's process: make the pseudo-terminal its controlling terminal, so that if
    the probe dies without closing the app, the kernel hangs the app up as SSH would."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def screen_text(output: bytes) -> bytes:
    """The output without its escape sequences: the text it draws."""
    return ESCAPES.sub(b"", output)


def _text(output: bytes) -> str:
    return screen_text(output).decode("utf-8", "replace")[-400:]
