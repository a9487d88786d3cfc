"""Store search by query length, beside `LIKE '%q%'` over four columns on the same data."""

from __future__ import annotations

from bench.measure import Result, timed
from store.models import database
from store.search import search

QUERIES = {
    "1 character": ["s", "m", "j", "k", "z", "a", "0", "w"],
    "2 characters": ["sm", "jo", "ka", "zo", "ng", "mü", "wi", "01"],
    "3+ characters": ["smi", "jones", "zoë", "kowal", "müll", "0001234", "sis0004", "nguyen12"],
}
DISTRICT_LIMIT = 0.005  # p95 target up to 100,000 patrons
LARGE_DISTRICT, LARGE_DISTRICT_LIMIT = 1_000_000, 0.020
REFERENCE_WHERE = "given_name LIKE {p} OR surname LIKE {p} OR username LIKE {p} OR email LIKE {p}"


def reference_search(text: str) -> None:
    """The plain way: a LIKE over four columns, counted, and a sorted first page."""
    mark = "%s" if database.param == "%s" else "?"
    where = REFERENCE_WHERE.format(p=mark)
    pattern = [f"%{text}%"] * 4
    database.execute_sql(f"SELECT count(*) FROM patron WHERE {where}", pattern).fetchone()
    database.execute_sql(
        f"SELECT id, username, given_name, surname FROM patron WHERE {where} "
        "ORDER BY surname, given_name LIMIT 50",
        pattern,
    ).fetchall()


def measure_search(engine: str, size: int, repeat: int) -> list[Result]:
    """One result per query length on the bound, filled database."""
    results = []
    limit = LARGE_DISTRICT_LIMIT if size >= LARGE_DISTRICT else DISTRICT_LIMIT
    for length, queries in QUERIES.items():
        ours: list[float] = []
        plain: list[float] = []
        for text in queries:
            ours += timed(lambda text=text: search(text), repeat)
            plain += timed(lambda text=text: reference_search(text), repeat)
        results.append(
            Result(
                what=f"search, {length} ({engine})",
                size=f"{size:,} patrons",
                samples=ours,
                reference=plain,
                target=f"p95 < {limit * 1000:.0f} ms",
                limit=limit,
            )
        )
    return results
