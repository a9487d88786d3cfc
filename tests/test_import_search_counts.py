"""Short searches count every patron right after an import that merged its counts as it wrote."""

from __future__ import annotations

from pathlib import Path

import pytest

from store.importing import ImportOptions, import_file, patron_writer, plan
from store.models import Patron
from store.search import search
from store.text import fold

HEADER = "username,barcode,given_name,surname,enabled,staff,graduating_year"
GIVEN = ("Zoë", "Ann", "Émile", "Kai", "Søren")
QUERIES = ("z", "zo", "e", "em", "an", "ø", "so", "1", "s2", "ka")


def write(path: Path, rows: int, shift: int) -> Path:
    lines = [HEADER] + [
        f"s{n},B{n:05d},{GIVEN[(n + shift) % len(GIVEN)]},Lee{n},yes,no,2030" for n in range(rows)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def assert_counts_match_the_patrons() -> None:
    texts = [patron.search_text for patron in Patron.select(Patron.search_text)]
    for query in QUERIES:
        expected = sum(fold(query) in text for text in texts)
        assert search(query).total == expected, query


@pytest.mark.sqlite_only
def test_short_searches_count_what_imports_added_and_changed(
    school: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Small chunks and merges, so one file crosses several merges mid-run.
    monkeypatch.setattr(plan, "CHUNK_ROWS", 4)
    monkeypatch.setattr(patron_writer, "FOLD_EVERY", 6)
    options = ImportOptions()
    first = import_file(write(tmp_path / "a.csv", 25, 0), options, actor="t", commit=True)
    assert first.counts["added"] == 25
    assert_counts_match_the_patrons()
    again = import_file(write(tmp_path / "b.csv", 31, 2), options, actor="t", commit=True)
    assert (again.counts["added"], again.counts["updated"]) == (6, 25)
    assert_counts_match_the_patrons()
