"""Finding likely duplicates: each reason, typos and accents, and people who only share a name."""

from __future__ import annotations

import hashlib
from typing import Any

from store.merging.candidates import (
    ADMIN_ID,
    EMAIL,
    GIVEN,
    PREFERRED,
    SIMILAR,
    CandidateGroup,
    find_candidates,
)


def _usernames(group: CandidateGroup) -> set[str]:
    return {member.username for member in group.members}


def _kinds(group: CandidateGroup) -> set[str]:
    return {reason.kind for reason in group.reasons}


def _only_group(expected: set[str]) -> CandidateGroup:
    groups = find_candidates()
    assert [_usernames(g) for g in groups] == [expected]
    return groups[0]


def test_same_primary_email_is_a_candidate(make_student: Any) -> None:
    make_student(username="aa", barcode="1", given_name="Ana", email="ANA@example.org")
    make_student(username="bb", barcode="2", given_name="Lucas", email="ana@example.org")
    group = _only_group({"aa", "bb"})
    assert _kinds(group) == {EMAIL}
    assert group.reasons[0].text == "same primary email ana@example.org"


def test_same_admin_id_apart_from_case_is_a_candidate(make_student: Any) -> None:
    make_student(username="aa", barcode="1", given_name="Ana", admin_id="sis42")
    make_student(username="bb", barcode="2", given_name="Lucas", admin_id="SIS42")
    assert _kinds(_only_group({"aa", "bb"})) == {ADMIN_ID}


def test_same_given_name_and_surname_is_a_candidate_even_across_cohorts(
    make_student: Any,
) -> None:
    make_student(username="aa", barcode="1", graduating_year="2030")
    make_student(username="bb", barcode="2", given_name="ZOË", graduating_year="2031")
    group = _only_group({"aa", "bb"})
    assert _kinds(group) == {GIVEN}
    assert group.reasons[0].text.startswith("same given name and surname: Zoë Smith")


def test_preferred_name_matching_the_other_given_name_is_a_candidate(make_student: Any) -> None:
    make_student(username="aa", barcode="1", given_name="Elizabeth", preferred_name="Liz")
    make_student(username="bb", barcode="2", given_name="Liz")
    assert _kinds(_only_group({"aa", "bb"})) == {PREFERRED}


def test_a_typo_and_an_accent_apart_in_one_cohort_is_a_candidate(make_student: Any) -> None:
    make_student(username="zsmyth", barcode="1", given_name="Zoe", surname="Smyth")
    make_student(username="zoe.smith", barcode="2", given_name="Zoë", surname="Smith")
    make_student(username="ngata", barcode="3", given_name="Wiremu", surname="Ngata")
    make_student(username="ngtaa", barcode="4", given_name="Wirmeu", surname="Ngtaa")
    groups = find_candidates()
    assert [_usernames(g) for g in groups] == [{"ngata", "ngtaa"}, {"zsmyth", "zoe.smith"}]
    assert all(_kinds(g) == {SIMILAR} for g in groups)
    assert "Zoe Smyth / Zoë Smith" in groups[1].reasons[0].text


def test_similar_names_in_different_cohorts_are_not_suggested(make_student: Any) -> None:
    make_student(username="zsmyth", barcode="1", given_name="Zoe", surname="Smyth")
    make_student(username="zoe.smith", barcode="2", given_name="Zoë", graduating_year="2031")
    assert find_candidates() == []


def test_people_sharing_only_a_surname_are_not_suggested(make_student: Any) -> None:
    for n, given in enumerate(("Olivia", "Noah", "Mia", "Max", "Ana", "Ava", "Leo", "Lea")):
        make_student(username=f"p{n}", barcode=str(n), given_name=given)
    assert find_candidates() == []


def test_most_likely_groups_come_first_with_every_reason(make_student: Any) -> None:
    make_student(username="t1", barcode="1", given_name="Zoe", surname="Smyth")
    make_student(username="t2", barcode="2", given_name="Zoë", surname="Smith")
    make_student(username="e1", barcode="3", given_name="Hugo", surname="Kelly", email="h@x.org")
    make_student(username="e2", barcode="4", given_name="Hugo", surname="Kelly", email="h@x.org")
    groups = find_candidates()
    assert [_usernames(g) for g in groups] == [{"e1", "e2"}, {"t1", "t2"}]
    assert [r.kind for r in groups[0].reasons] == [EMAIL, GIVEN]
    assert groups[0].score > groups[1].score


def test_a_value_shared_by_very_many_patrons_suggests_nothing(make_student: Any) -> None:
    for n in range(30):
        given = hashlib.sha1(str(n).encode()).hexdigest()[:8]
        make_student(username=f"p{n}", barcode=str(n), given_name=given, email="o@x.org")
    assert find_candidates() == []


def test_a_namesake_in_another_cohort_stands_apart_from_a_closer_group(
    make_student: Any,
) -> None:
    make_student(username="zsmyth", barcode="1", given_name="Zoe", surname="Smyth")
    make_student(username="zoe.smith", barcode="2")
    make_student(username="zs2031", barcode="3", graduating_year="2031")
    groups = find_candidates()
    assert [(_usernames(g), _kinds(g)) for g in groups] == [
        ({"zsmyth", "zoe.smith"}, {SIMILAR}),
        ({"zoe.smith", "zs2031"}, {GIVEN}),
    ]
