"""Search as the app and the CLI use it: parts of names, accents, exact matches first."""

from __future__ import annotations

from typing import Any

from store.patrons import update
from store.search import search


def usernames(text: str, **filters: Any) -> list[str]:
    return [row.username for row in search(text, **filters).rows]


def test_accents_and_case_are_ignored_both_ways(make_student: Any) -> None:
    make_student(username="zs", barcode="1", given_name="Zoë", surname="Smith")
    make_student(username="jm", barcode="2", given_name="Jose", surname="Munoz")
    assert usernames("zoe") == ["zs"]
    assert usernames("ZOË SM") == ["zs"]
    assert usernames("muñ") == ["jm"]
    assert usernames("mu") == ["jm"]


def test_any_part_of_the_searchable_fields_matches(make_student: Any) -> None:
    make_student(
        username="s1",
        barcode="0009876",
        admin_id="SIS42",
        email="zed@example.org",
        preferred_name="Zed",
        surname="Quill",
    )
    for text in ("s1", "098", "sis4", "zed@ex", "uil", "Zed"):
        assert usernames(text) == ["s1"], text


def test_exact_username_or_barcode_comes_first(make_student: Any) -> None:
    make_student(username="aaron", barcode="100", surname="Aaron")
    make_student(username="ron", barcode="200", surname="Zulu")
    assert usernames("ron") == ["ron", "aaron"]
    assert usernames("100")[0] == "aaron"


def test_pages_and_total_count(make_student: Any) -> None:
    for n in range(7):
        make_student(username=f"kid{n}", barcode=f"{n}", surname=f"Kid{n}")
    first = search("kid", limit=3)
    second = search("kid", limit=3, offset=3)
    assert first.total == 7 and len(first.rows) == 3
    assert {r.username for r in first.rows}.isdisjoint(r.username for r in second.rows)


def test_filters_by_status_and_role(make_student: Any) -> None:
    make_student(username="kid", barcode="1")
    make_student(username="teacher", barcode="2", staff="yes", graduating_year="")
    make_student(username="gone", barcode="3", enabled="no")
    make_student(username="cat", barcode="4", generic="yes", graduating_year="")
    assert usernames("", status="disabled") == ["gone"]
    assert usernames("", role="staff") == ["teacher"]
    assert usernames("", role="generic") == ["cat"]
    assert sorted(usernames("", role="students")) == ["gone", "kid"]


def test_rows_show_name_cohort_form_class_and_status(make_student: Any) -> None:
    patron = make_student(preferred_name="Zo", form_class="7B", until_date="2000-01-01")
    row = search("s00017").rows[0]
    assert (row.name, row.cohort, row.form_class, row.status) == (
        "Zo Smith",
        "2030",
        "7B",
        "expired",
    )
    update(patron.id, {"enabled": "no"}, patron.version, "t")
    assert search("s00017").rows[0].status == "disabled"


def test_the_index_follows_renames_and_deletes(make_student: Any) -> None:
    from store.patrons import delete_patron

    patron = make_student(surname="Before")
    update(patron.id, {"surname": "After"}, patron.version, "t")
    assert usernames("before") == []
    assert usernames("after") == ["s00017"]
    delete_patron(patron.id, "t")
    assert usernames("after") == []
