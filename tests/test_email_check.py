"""The email check: invalid addresses found and blacklisted, valid ones normalised,
every user of a bad address flagged, and the school's sending disabled and enabled again."""

from __future__ import annotations

from typing import Any

import pytest

from store.contacts import add_contact
from store.email_health import (
    blacklisted_uses,
    check_emails,
    email_alert,
    find_entry,
    sending_status,
)
from store.email_health.blacklist import blacklist
from store.email_health.deliverability import DomainCheck
from store.models import AuditEntry, Contact, EmailCheckRun, Patron
from store.patrons import get_patron, update

# Addresses email-validator's offline syntax check rejects, one per kind of mistake.
INVALID = [
    "no-at-sign.example.org",
    "two@@example.org",
    "a b@example.org",
    ".leading-dot@example.org",
    "trailing-dot.@example.org",
    "double..dot@example.org",
    "user@example",
    "user@localhost",
    "user@-hyphen.example.org",
    "user@exa_mple.org",
    "user@",
    "@example.org",
]


def _hold(patron: Patron, address: str) -> None:
    """Store an address as older data might hold it, bypassing today's rules."""
    Patron.update(email=address).where(Patron.id == patron.id).execute()


@pytest.mark.parametrize("address", INVALID)
def test_the_check_blacklists_each_invalid_form(make_student: Any, address: str) -> None:
    _hold(make_student(), address)

    report = check_emails("cron")

    assert [bad.address for bad in report.invalid] == [address]
    entry = find_entry(address)
    assert entry is not None and entry.why == "invalid address" and entry.added_by == "cron"
    assert entry.detail == report.invalid[0].problem != ""
    assert report.found


def test_valid_addresses_are_normalised_on_patrons_and_contacts(make_student: Any) -> None:
    patron = make_student()
    _hold(patron, "Zoe.Smith@EXAMPLE.ORG")
    Contact.create(patron=patron.id, email="Mum@Family.Example.ORG", relationship="mother")

    report = check_emails("cron")

    assert report.invalid == [] and not report.found
    assert get_patron(patron.id).email == "Zoe.Smith@example.org"
    assert Contact.get(Contact.patron == patron.id).email == "Mum@family.example.org"
    assert sorted(new for _, new in report.normalised) == [
        "Mum@family.example.org",
        "Zoe.Smith@example.org",
    ]
    assert get_patron(patron.id).version == patron.version + 1


def test_every_patron_and_contact_sharing_a_bad_address_is_flagged(make_student: Any) -> None:
    zoe = make_student()
    sam = make_student(username="s00018", barcode="0001235", given_name="Sam")
    lee = make_student(username="s00019", barcode="0001236", given_name="Lee")
    for child in (zoe, sam):
        Contact.create(patron=child.id, email="smith family@example.org", relationship="mother")
    _hold(lee, "smith family@example.org")

    check_emails("cron")

    uses = blacklisted_uses()
    assert {(u.username, u.role) for u in uses} == {
        ("s00017", "contact (mother)"),
        ("s00018", "contact (mother)"),
        ("s00019", "primary email"),
    }
    assert {u.address for u in uses} == {"smith family@example.org"}


def test_sending_is_disabled_until_the_last_bad_address_is_corrected(make_student: Any) -> None:
    zoe = make_student()
    sam = make_student(username="s00018", barcode="0001235")
    _hold(zoe, "zoe@@example.org")
    _hold(sam, "zoe@@example.org")

    report = check_emails("cron")

    assert report.status.disabled
    assert "zoe@@example.org" in report.status.reason
    run = EmailCheckRun.get()
    assert (run.checked, run.invalid, run.sending_disabled) == (1, 1, True)
    assert run.reason == report.status.reason
    update(zoe.id, {"email": "zoe@example.org"}, get_patron(zoe.id).version, "librarian")
    assert sending_status().disabled, "Sam still holds the bad address"
    update(sam.id, {"email": ""}, get_patron(sam.id).version, "librarian")
    assert not sending_status().disabled
    assert email_alert() is None


def test_a_complaint_flags_the_patron_without_disabling_sending(make_student: Any) -> None:
    zoe = make_student(email="zoe@example.org")

    blacklist("zoe@example.org", "complaint", "bounces")

    assert not sending_status().disabled
    assert [u.patron_id for u in blacklisted_uses()] == [zoe.id]
    assert email_alert() == "1 patron uses a blacklisted address; no mail is sent to it."


def test_a_second_run_keeps_the_first_entry_and_records_itself(make_student: Any) -> None:
    _hold(make_student(), "bad@@example.org")
    first = check_emails("cron")
    second = check_emails("alice")

    assert (first.newly_blacklisted, second.newly_blacklisted) == (1, 0)
    assert find_entry("bad@@example.org").added_by == "cron"  # type: ignore[union-attr]
    assert EmailCheckRun.select().count() == 2


def test_a_contact_already_held_in_normal_form_is_reported_not_duplicated(
    make_student: Any,
) -> None:
    patron = make_student()
    add_contact(patron.id, "mum@example.org", "mother", "tester")
    Contact.create(patron=patron.id, email="mum@EXAMPLE.org", relationship="mother")

    report = check_emails("cron")

    assert report.normalised == []
    assert report.not_normalised == [
        "s00017: contact mum@EXAMPLE.org is also held as mum@example.org."
    ]
    assert Contact.select().where(Contact.patron == patron.id).count() == 2


def _unanswered_dns() -> DomainCheck:
    """A real resolver asking a port where nothing answers, as on a machine offline."""
    import dns.resolver

    resolver = dns.resolver.Resolver(configure=False)
    resolver.nameservers = ["127.0.0.1"]
    resolver.port = 9  # discard: nothing answers
    resolver.lifetime = 0.5
    return DomainCheck(resolver)


def test_an_unreachable_name_server_never_blacklists(make_student: Any) -> None:
    _hold(make_student(), "zoe@example.org")

    report = check_emails("cron", deliverability=True, domain_check=_unanswered_dns())

    assert report.invalid == [] and find_entry("zoe@example.org") is None
    assert report.unknown[0].startswith("zoe@example.org: deliverability unknown")


def test_dns_is_not_asked_again_once_it_stopped_answering() -> None:
    check = _unanswered_dns()

    verdicts = [check(f"x@domain{n}.example.org") for n in range(5)]

    assert len(check.verdicts) == 3, "two domains were never asked"
    assert not any(v.undeliverable for v in verdicts)
    assert verdicts[-1].message == "deliverability unknown (DNS stopped answering)"


def test_blacklisting_is_audited(make_student: Any) -> None:
    _hold(make_student(), "bad@@example.org")
    check_emails("cron")
    entry = AuditEntry.get(AuditEntry.action == "email blacklisted")
    assert entry.actor == "cron" and "bad@@example.org" in entry.changes
