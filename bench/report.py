"""The results as a Markdown table, printed and written to docs/performance.md."""

from __future__ import annotations

import datetime as dt
import os
import platform
import sqlite3
from pathlib import Path

from bench.measure import Result

HEADER = "| what | size | runs | median | p95 | reference median | ratio | target | met |"
RULE = "|---|---|---:|---:|---:|---:|---:|---|---|"


def _value(seconds: float, unit: str) -> str:
    if unit == "MB":
        return f"{seconds:.0f} MB"
    if unit in ("B", "B/s"):  # bytes sent to the terminal
        return f"{seconds:,.0f} {unit}"
    if seconds >= 1:
        return f"{seconds:.2f} s"
    return f"{seconds * 1000:.2f} ms"


def row(result: Result) -> str:
    """One table line."""
    reference = (
        _value(sorted(result.reference)[len(result.reference) // 2], result.unit)
        if (result.reference)
        else "—"
    )
    ratio = f"{result.ratio:.2f}" if result.ratio is not None else "—"
    met = {True: "yes", False: "**no**", None: "—"}[result.met]
    return (
        f"| {result.what} | {result.size} | {len(result.samples)} | "
        f"{_value(result.median, result.unit)} | {_value(result.p95, result.unit)} | "
        f"{reference} | {ratio} | {result.target} | {met} |"
    )


def table(results: list[Result]) -> str:
    """The Markdown table of every result."""
    return "\n".join([HEADER, RULE, *(row(r) for r in results)])


def machine() -> str:
    """What the numbers were measured on."""
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"{os.cpu_count()} cores, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}, load average {load} at the end of the run, "
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"
    )


def write(path: Path, results: list[Result], command: str, notes: str) -> None:
    """Write the performance document: how measured, the table, the notes."""
    text = (
        "# Performance\n\n"
        f"Measured by `{command}` on {machine()}.\n"
        "Times are wall-clock; each line pools every run of every query in its group. The "
        "reference is measured in the same run on the same data; the ratio is median over "
        "reference median (below 1 is faster).\n\n"
        f"{table(results)}\n\n{notes}"
    )
    path.write_text(text, encoding="utf-8")
