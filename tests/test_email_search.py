"""Search results mark patrons whose primary email or a contact is blacklisted."""

from __future__ import annotations

from typing import Any

from playhouse.test_utils import count_queries

from store.contacts import add_contact
from store.email_health import add_by_hand
from store.search import search


def test_patrons_with_a_blacklisted_address_are_marked(make_student: Any) -> None:
    make_student(email="zoe@example.org")
    sam = make_student(username="s00018", barcode="0001235", given_name="Sam")
    make_student(username="s00019", barcode="0001236", given_name="Lee", email="lee@example.org")
    add_contact(sam.id, "mum@example.org", "mother", "tester")
    add_by_hand("zoe@example.org", "alice")
    add_by_hand("mum@example.org", "alice")

    marked = {row.username: row.email_blacklisted for row in search("").rows}

    assert marked == {"s00017": True, "s00018": True, "s00019": False}


def test_the_mark_costs_no_query_per_row(make_student: Any) -> None:
    for n in range(30):
        make_student(username=f"s{n:05d}", barcode=f"B{n:05d}", email=f"p{n}@example.org")
        add_by_hand(f"p{n}@example.org", "alice")
    with count_queries() as few:
        search("", limit=1)
    with count_queries() as many:
        rows = search("", limit=30).rows

    assert all(row.email_blacklisted for row in rows)
    assert many.count == few.count
