"""Bounce reports: hard bounces and complaints blacklisted, soft ones left, bad lines skipped."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from store.email_health import find_entry, ingest_bounces, list_blacklist
from store.importing.reading import UnreadableFile


def _report(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "bounces.csv"
    path.write_text(text, encoding=encoding)
    return path


def test_hard_bounces_and_complaints_are_blacklisted_soft_ones_not(
    store: Any, tmp_path: Path
) -> None:
    path = _report(
        tmp_path,
        "address,type,date\n"
        "gone@example.org,Permanent,2026-11-20T08:15:00Z\n"
        "angry@example.org,complaint,2026-11-21\n"
        "full@example.org,soft,2026-11-22\n",
    )

    report = ingest_bounces(path, "alice")

    assert report.added == ["gone@example.org", "angry@example.org"]
    assert report.soft == ["full@example.org"] and report.bad == []
    gone = find_entry("gone@example.org")
    assert gone is not None and gone.why == "hard bounce"
    assert gone.at == dt.datetime(2026, 11, 20, 8, 15)
    assert gone.detail == "Permanent in bounces.csv" and gone.added_by == "alice"
    assert find_entry("angry@example.org").why == "complaint"  # type: ignore[union-attr]
    assert find_entry("full@example.org") is None


def test_bad_lines_are_reported_with_their_number_and_skipped(store: Any, tmp_path: Path) -> None:
    path = _report(
        tmp_path,
        "a@example.org,hard,2026-11-20\n"
        "not an address,hard,2026-11-20\n"
        "b@example.org,bounced-ish,2026-11-20\n"
        "c@example.org,hard,20/11/2026\n"
        "d@example.org,hard\n"
        "\n"
        "e@example.org,hard,2026-11-20\n",
    )

    report = ingest_bounces(path, "alice")

    assert report.added == ["a@example.org", "e@example.org"]
    assert [(bad.line, bad.problem.split(" ")[0]) for bad in report.bad] == [
        (2, "address"),
        (3, "type"),
        (4, "date"),
        (5, "expected"),
    ]
    assert "'bounced-ish' is unknown: use hard, soft or complaint" in report.bad[1].problem
    assert report.bad[2].text == "c@example.org,hard,20/11/2026"


def test_an_address_already_blacklisted_keeps_its_entry(store: Any, tmp_path: Path) -> None:
    ingest_bounces(_report(tmp_path, "a@example.org,hard,2026-11-20\n"), "alice")
    report = ingest_bounces(_report(tmp_path, "a@example.org,complaint,2026-11-25\n"), "bob")

    assert report.already == ["a@example.org"] and report.added == []
    assert find_entry("a@example.org").why == "hard bounce"  # type: ignore[union-attr]


def test_a_utf16_report_with_semicolons_is_read(store: Any, tmp_path: Path) -> None:
    path = _report(tmp_path, "address;type;date\ngone@example.org;hard;2026-11-20\n", "utf-16")

    assert ingest_bounces(path, "alice").added == ["gone@example.org"]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p / "missing.csv", "There is no file"),
        (lambda p: p, "is a folder"),
    ],
)
def test_an_unreadable_file_stops_everything(
    store: Any, tmp_path: Path, make: Any, message: str
) -> None:
    with pytest.raises(UnreadableFile, match=message):
        ingest_bounces(make(tmp_path), "alice")
    assert list_blacklist() == []
