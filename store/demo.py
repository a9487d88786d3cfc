"""Realistic sample data: a school with cohorts, form classes, staff, students and loans."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from store import settings
from store.contacts import add_contact
from store.db import writes
from store.fields import LIBRARIAN, LIBRARY_USERS
from store.loans import lend
from store.models import MODELS, Patron, SchemaInfo
from store.patrons import register
from store.text import fold

GIVEN = [
    "Olivia",
    "Noah",
    "Amelia",
    "Oliver",
    "Isla",
    "Jack",
    "Mia",
    "William",
    "Ava",
    "Leo",
    "Charlotte",
    "Henry",
    "Zoë",
    "José",
    "Ana",
    "Lucas",
    "Chloé",
    "Mateo",
    "Aroha",
    "Wiremu",
    "Mei",
    "Hiroshi",
    "Priya",
    "Arjun",
    "Fatima",
    "Omar",
    "Siobhán",
    "Seán",
    "Ngaio",
    "Björn",
    "Léa",
    "Noé",
    "Ines",
    "Tomás",
    "Ella",
    "Ruby",
    "Max",
    "Eli",
    "Ivy",
    "Kai",
    "Lily",
    "Finn",
    "Grace",
    "Hugo",
    "Maya",
    "Theo",
]
SURNAMES = [
    "Smith",
    "Jones",
    "Williams",
    "Brown",
    "Wilson",
    "Taylor",
    "Nguyen",
    "Johnson",
    "Martin",
    "White",
    "Anderson",
    "Walker",
    "Thompson",
    "Muñoz",
    "García",
    "Ó'Brien",
    "Kowalski",
    "Müller",
    "Patel",
    "Singh",
    "Chen",
    "Wang",
    "Kim",
    "Tanaka",
    "Rossi",
    "Dubois",
    "Novák",
    "Ngata",
    "Parata",
    "Campbell",
    "Kelly",
    "Murphy",
    "Ryan",
    "Lee",
    "Harris",
    "Clarke",
    "Young",
    "King",
    "Wright",
]
LEVELS = ("Year 7", "Year 8", "Year 9", "Year 10", "Year 11", "Year 12")
RELATIONSHIPS = ("mother", "father", "guardian", "grandparent")


def _school(first_year: int) -> list[int]:
    years = list(range(first_year, first_year + 6))
    for year in years:
        settings.create_cohort(year)
    settings.create_period(str(first_year - 1), current=True)
    settings.create_campus("North Campus", "N")
    settings.create_campus("South Campus", "S")
    for house in ("Banksia", "Waratah", "Jacaranda", "Wattle"):
        settings.create_presentation_group(house)
    settings.create_library_group("Students", max_loans=5, loan_days=14)
    settings.create_library_group("Staff", max_loans=20, loan_days=28)
    settings.create_library_group("Generic", max_loans=2, loan_days=7, may_reserve=False)
    return years


def _username(given: str, surname: str, serial: int) -> str:
    plain = "".join(ch for ch in fold(f"{given[0]}{surname}") if ch.isascii() and ch.isalpha())
    return f"{plain}{serial}"


def _student(rng: random.Random, serial: int, years: list[int]) -> dict[str, object]:
    given, surname = rng.choice(GIVEN), rng.choice(SURNAMES)
    year = rng.choice(years)
    level = LEVELS[len(years) - 1 - years.index(year)]
    username = _username(given, surname, serial)
    return {
        "username": username,
        "email": f"{username}@students.example.edu",
        "barcode": f"{serial:07d}",
        "admin_id": f"SIS{serial:06d}",
        "gender": rng.choice("MF"),
        "given_name": given,
        "surname": surname,
        "enabled": True,
        "staff": False,
        "graduating_year": year,
        "academic_level": level,
        "campus": rng.choice("NS"),
        "form_class": f"{level.split()[1]}{rng.choice('ABC')}",
        "presentation_group": rng.choice(("Banksia", "Waratah", "Jacaranda", "Wattle")),
        "library_group": "Students",
    }


def _staff(rng: random.Random, serial: int) -> dict[str, object]:
    given, surname = rng.choice(GIVEN), rng.choice(SURNAMES)
    username = _username(given, surname, serial)
    groups = (LIBRARY_USERS, LIBRARIAN) if serial % 25 == 0 else (LIBRARY_USERS,)
    return {
        "username": username,
        "email": f"{username}@staff.example.edu",
        "barcode": f"{serial:07d}",
        "admin_id": f"EMP{serial:05d}",
        "given_name": given,
        "surname": surname,
        "enabled": serial % 40 != 0,
        "staff": True,
        "campus": rng.choice("NS"),
        "library_group": "Staff",
        "system_groups": groups,
    }


def _near_duplicates(years: list[int], serial: int) -> list[dict[str, object]]:
    """Pairs that merge-assist should find: an accent and typo apart, or re-enrolled."""
    common = {"enabled": True, "staff": False, "graduating_year": years[2]}
    return [
        {
            **common,
            "username": "zsmyth",
            "barcode": f"{serial:07d}",
            "given_name": "Zoe",
            "surname": "Smyth",
            "email": "zoe.smith@family.example.org",
        },
        {
            **common,
            "username": "zoe.smith",
            "barcode": f"{serial + 1:07d}",
            "given_name": "Zoë",
            "surname": "Smith",
            "admin_id": "SIS999001",
        },
        {
            **common,
            "username": "jmunoz",
            "barcode": f"{serial + 2:07d}",
            "given_name": "José",
            "surname": "Muñoz",
            "admin_id": "SIS999002",
        },
        {
            **common,
            "username": "jose.munoz",
            "barcode": f"{serial + 3:07d}",
            "given_name": "Jose",
            "surname": "Munoz",
            "email": "jmunoz@students.example.edu",
        },
    ]


@writes
def wipe_all() -> None:
    """Remove every row of every table (the schema stays), in one transaction."""
    for model in reversed(MODELS):
        if model is not SchemaInfo:
            model.delete().execute()


@writes
def fill_demo(
    patrons: int, actor: str, seed: int = 2026, progress: Callable[[int], None] | None = None
) -> int:
    """Fill an empty database with a school of about `patrons` patrons; returns how many."""
    rng = random.Random(seed)
    years = _school(dt.date.today().year + 1)
    staff_count = max(1, patrons // 12)
    rows: list[dict[str, object]] = [_staff(rng, n) for n in range(1, staff_count + 1)]
    rows += [_student(rng, n, years) for n in range(staff_count + 1, patrons - 4 + 1)]
    rows += _near_duplicates(years, patrons + 100)
    rows.append(
        {
            "username": "catalogue",
            "barcode": "G0000001",
            "surname": "Catalogue",
            "enabled": True,
            "staff": False,
            "generic": True,
            "library_group": "Generic",
        }
    )
    today = dt.date.today()
    for count, values in enumerate(rows, start=1):
        patron = register(values, actor)
        _extras(rng, patron, values, today)
        if progress and count % 100 == 0:
            progress(count)
    return Patron.select().count()


def _extras(rng: random.Random, patron: Patron, values: dict[str, object], today: dt.date) -> None:
    if not values.get("staff") and not values.get("generic") and rng.random() < 0.6:
        family = f"{values['surname']}.family{patron.id}@example.org"
        add_contact(patron.id, family.lower().replace("'", ""), rng.choice(RELATIONSHIPS), "demo")
    if values.get("enabled") and rng.random() < 0.2:
        issued = today - dt.timedelta(days=rng.randint(1, 30))
        lend(patron.id, f"B{rng.randint(100000, 999999)}", issued, issued + dt.timedelta(days=14))
