"""Hostile files to `patrons import --commit`: a report or a clear error, never a traceback.

Random bytes, text in random encodings, ragged rows, huge cells, NUL bytes, quotes and
delimiters inside cells, formulas and unicode of every kind. Every run ends with exit 0 or
1 and a report whose valid rows were all applied and nothing else, or exit 2 with one
sentence and nothing written.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from store.models import AuditEntry, ImportBatch, Patron
from store.startup import close_database
from tests.test_hostile_profiles import FORMULAS
from tui.cli import main

KEYS = ["username", "barcode", "surname", "enabled", "staff", "graduating_year", "email"]
CELLS = st.one_of(
    st.text(max_size=30),
    st.sampled_from(FORMULAS),
    st.sampled_from(['"', '""', ",", ";", "\t", "|", "\n", "\r\n", "\x00", "\ufeff", "'"]),
    st.sampled_from([300, 70_000]).map(lambda n: "ü" * n),
    st.sampled_from(["s1", "s2", "S1", "0001", "0002", "Smith", "yes", "no", "2030", "2031"]),
)
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1", "utf-32"])
SETTINGS = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@st.composite
def ragged_csv(draw: st.DrawFn) -> bytes:
    """A delimited file: maybe a header, rows of any length, any line ending and encoding."""
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    ending = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    rows = draw(st.lists(st.lists(CELLS, max_size=9), max_size=12))
    if draw(st.booleans()):
        rows.insert(0, draw(st.permutations(KEYS)))
    lines = []
    for row in rows:
        quoted = [
            '"' + cell.replace('"', '""') + '"' if draw(st.booleans()) else cell for cell in row
        ]
        lines.append(delimiter.join(quoted))
    text = ending.join(lines)
    return text.encode(draw(ENCODINGS), errors="replace")


@st.composite
def mostly_valid_csv(draw: st.DrawFn) -> bytes:
    """Rows of real students, some cells spoiled and some rows cut short or too long."""
    rows = [KEYS]
    batch = draw(st.text("abcdefghijklmnopqrstuvwxyz", min_size=8, max_size=8))
    for n in range(draw(st.integers(1, 15))):
        row = [f"{batch}{n}", f"{batch}-{n}", "Smith", "yes", "no", "2030", f"{batch}@example.org"]
        for index in draw(st.sets(st.integers(0, len(KEYS) - 1), max_size=2)):
            row[index] = draw(CELLS)
        cut = draw(st.sampled_from([None, None, None, len(KEYS) - 1, len(KEYS) + 1]))
        rows.append(row[:cut] + ["extra"] * (cut == len(KEYS) + 1))
    writer_text = "\r\n".join(
        ",".join('"' + cell.replace('"', '""') + '"' for cell in row) for row in rows
    )
    return writer_text.encode(draw(ENCODINGS), errors="replace")


FILES = st.one_of(st.binary(max_size=3000), ragged_csv(), mostly_valid_csv(), mostly_valid_csv())


def snapshot() -> tuple[int, int, int]:
    return Patron.select().count(), AuditEntry.select().count(), ImportBatch.select().count()


def run_import(
    db: Path, path: Path, capsys: pytest.CaptureFixture[str], fields: bool
) -> tuple[int, str, str]:
    args = ["--db", str(db), "import", str(path), "--commit", "--json"]
    if fields:
        args += ["--fields", ",".join(KEYS)]
    status = main(args)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@SETTINGS
@given(data=FILES, fields=st.booleans())
def test_any_file_ends_in_a_report_or_one_sentence_and_never_half_written(
    school: Path,
    db_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    data: bytes,
    fields: bool,
) -> None:
    close_database()
    before = snapshot()
    path = tmp_path / "hostile.csv"
    path.write_bytes(data)
    status, out, err = run_import(db_path, path, capsys, fields)
    assert "Traceback" not in out + err
    event(f"exit {status}")
    if status == 2:
        assert out == "" and err.startswith("patrons: ") and err.count("\n") == 1, err
        assert snapshot() == before
        return
    assert status in (0, 1), err
    report: dict[str, Any] = json.loads(out)
    counts = report["counts"]
    assert (status == 1) == (counts["invalid"] > 0)
    data_rows = [row for row in report["rows"] if row["outcome"] != "header"]
    assert len(data_rows) == counts["total"]
    for row in data_rows:
        assert (row["outcome"] == "invalid") == bool(row["reasons"])
        assert all(reason.strip() for reason in row["reasons"])
    event("rows added" if counts["added"] else "no row added")
    after = snapshot()
    assert after[0] == before[0] + counts["added"]
    assert after[2] == before[2] + 1
