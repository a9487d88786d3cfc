"""The blacklist by hand: add, remove, look up, and the warning the edit form shows."""

from __future__ import annotations

from typing import Any

import pytest

from store.email_health import (
    add_by_hand,
    blacklist_warning,
    blacklisted_uses,
    is_blacklisted,
    list_blacklist,
    remove_from_blacklist,
)
from store.errors import NotFound, ValidationError
from store.models import AuditEntry


def test_an_address_added_by_hand_is_blacklisted_in_any_valid_spelling(store: Any) -> None:
    entry, added = add_by_hand("Parent@Example.ORG", "alice", "asked us to stop")

    assert added and entry.address == "Parent@example.org"
    assert (entry.why, entry.added_by, entry.detail) == (
        "added by hand",
        "alice",
        "asked us to stop",
    )
    assert is_blacklisted(" Parent@EXAMPLE.org ")
    assert not is_blacklisted("parent2@example.org")


def test_adding_twice_keeps_the_first_entry(store: Any) -> None:
    add_by_hand("p@example.org", "alice")
    entry, added = add_by_hand("p@example.org", "bob")

    assert not added and entry.added_by == "alice"
    assert len(list_blacklist()) == 1


def test_a_blank_or_overlong_address_is_refused(store: Any) -> None:
    with pytest.raises(ValidationError, match="Give the email address"):
        add_by_hand("   ", "alice")
    with pytest.raises(ValidationError, match="at most 254 characters; this one has 300"):
        add_by_hand("x" * 300, "alice")
    assert list_blacklist() == []


def test_removing_lifts_the_flag_and_is_audited(make_student: Any) -> None:
    make_student(email="zoe@example.org")
    add_by_hand("zoe@example.org", "alice")
    assert len(blacklisted_uses()) == 1

    removed = remove_from_blacklist("zoe@example.org", "bob")

    assert removed.address == "zoe@example.org"
    assert blacklisted_uses() == [] and list_blacklist() == []
    assert AuditEntry.get(AuditEntry.action == "email unblacklisted").actor == "bob"


def test_removing_an_address_not_on_the_list_says_so(store: Any) -> None:
    with pytest.raises(NotFound, match="nobody@example.org is not on the blacklist"):
        remove_from_blacklist("nobody@example.org", "alice")


def test_the_edit_form_is_warned_about_blacklisted_addresses(store: Any) -> None:
    add_by_hand("mum@example.org", "alice")

    warning = blacklist_warning({"email": "mum@EXAMPLE.org"})
    contact = blacklist_warning({"contact_email": "mum@example.org"})

    assert warning is not None and warning.startswith("Primary email mum@example.org is on")
    assert "added by hand" in warning and "no mail will be sent" in warning
    assert contact is not None and contact.startswith("Contact email mum@example.org")
    assert blacklist_warning({"email": "dad@example.org", "surname": "Smith"}) is None
    assert blacklist_warning({"email": ""}) is None
