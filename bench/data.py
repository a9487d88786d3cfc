"""Realistic patrons in bulk: a district of students and staff from a deterministic seed.

Rows go in with one `executemany` (SQLite) or COPY (PostgreSQL) on the raw connection,
inside one transaction: registering 100,000 patrons one by one would take minutes. The
columns are computed by the store's own `search_text` and `sort_key`; the search index
is built once at the end (store.search_index.bulk_insert).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from typing import Any

from store import db as dbmod
from store import search_index, settings
from store.demo import GIVEN, LEVELS, SURNAMES
from store.models import FormClass, Patron, database
from store.profiles import search_text, sort_key
from store.text import fold

FIRST_YEAR = 2027
MIDDLE = ("", "", "", "Anne", "James", "Marie", "Lee", "Rose", "John", "Mae")
PREFERRED_SHARE = 0.08
STAFF_SHARE = 1 / 15
DISABLED_SHARE = 0.03
COLUMNS = (
    "username",
    "username_key",
    "email",
    "barcode",
    "admin_id",
    "gender",
    "given_name",
    "middle_name",
    "preferred_name",
    "surname",
    "enabled",
    "staff",
    "generic",
    "cohort_id",
    "academic_level",
    "search_text",
    "sort_key",
    "version",
    "created_at",
    "updated_at",
    "updated_by",
    "failed_sign_ins",
)


def _school() -> tuple[dict[int, int], int]:
    """The references every district shares: six cohorts and a current period."""
    years = range(FIRST_YEAR, FIRST_YEAR + len(LEVELS))
    cohort_ids = {year: settings.create_cohort(year).id for year in years}
    return cohort_ids, settings.create_period("2026", current=True).id


def _form_classes(period_id: int, count: int) -> None:
    """Put every student (every patron with a cohort) in one of three classes of its level."""
    classes = {}
    for level in LEVELS:
        for letter in "ABC":
            name = f"{level.split()[1]}{letter}"
            classes[name] = FormClass.create(period=period_id, name=name, name_key=fold(name)).id
    students = Patron.select(Patron.id, Patron.academic_level).where(Patron.cohort.is_null(False))
    rows = [
        (row.id, classes[f"{row.academic_level.split()[1]}{'ABC'[row.id % 3]}"], period_id)
        for row in students.namedtuples()
    ]
    sql = "INSERT INTO form_class_membership (patron_id, form_class_id, period_id) VALUES "
    database.cursor().executemany(
        sql + ("(%s, %s, %s)" if dbmod.is_postgres() else "(?, ?, ?)"), rows
    )


def profiles(count: int, seed: int = 2026) -> Iterator[dict[str, Any]]:
    """`count` patron profiles (typed values), the same for the same seed."""
    rng = random.Random(seed)
    for serial in range(1, count + 1):
        given, surname = rng.choice(GIVEN), rng.choice(SURNAMES)
        staff = rng.random() < STAFF_SHARE
        plain = "".join(c for c in fold(given[0] + surname) if c.isascii() and c.isalpha())
        username = f"{plain}{serial}"
        level = rng.randrange(len(LEVELS))
        yield {
            "username": username,
            "email": f"{username}@{'staff' if staff else 'students'}.example.edu",
            "barcode": f"{serial:07d}",
            "admin_id": f"{'EMP' if staff else 'SIS'}{serial:06d}",
            "gender": rng.choice("MF"),
            "given_name": given,
            "middle_name": rng.choice(MIDDLE),
            "preferred_name": rng.choice(GIVEN) if rng.random() < PREFERRED_SHARE else "",
            "surname": surname,
            "enabled": rng.random() >= DISABLED_SHARE,
            "staff": staff,
            "graduating_year": None if staff else FIRST_YEAR + len(LEVELS) - 1 - level,
            "academic_level": "" if staff else LEVELS[level],
        }


def patron_rows(
    count: int, cohort_ids: dict[int, int], seed: int = 2026
) -> Iterator[tuple[Any, ...]]:
    """`count` patron rows in COLUMNS order, the same for the same seed."""
    now = dt.datetime(2026, 1, 1)
    for p in profiles(count, seed):
        year = p["graduating_year"]
        yield (
            p["username"],
            p["username"].casefold(),
            p["email"],
            p["barcode"],
            p["admin_id"],
            p["gender"],
            p["given_name"],
            p["middle_name"],
            p["preferred_name"],
            p["surname"],
            p["enabled"],
            p["staff"],
            False,
            cohort_ids[year] if year else None,
            p["academic_level"],
            search_text(p),
            sort_key(p),
            1,
            now,
            now,
            "bench",
            0,
        )


def fill(count: int, seed: int = 2026) -> None:
    """Fill the bound, empty database with `count` patrons in one transaction."""
    with search_index.bulk_insert():
        cohort_ids, period_id = _school()
        rows = patron_rows(count, cohort_ids, seed)
        cursor = database.cursor()
        names = ", ".join(COLUMNS)
        if dbmod.is_postgres():
            with cursor.copy(f"COPY patron ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" for _ in COLUMNS)
            cursor.executemany(f"INSERT INTO patron ({names}) VALUES ({marks})", rows)
        _form_classes(period_id, count)
    if dbmod.is_postgres():
        database.execute_sql("ANALYZE")
