"""The per-domain fast path accepts and rejects exactly what email-validator does."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email

from store.emails import InvalidEmail, normalise_email

LONG_LOCAL = "a" * 64
TRICKY = [
    "ann@example.org",
    "Ann.Lee@Example.ORG",
    "ann+library@sub.example.edu",
    "a@b.co",
    "o'brien@example.ie",
    "first.last@xn--bcher-kva.example",
    "x@bücher.example",
    "Postmaster@example.org",
    "INFO@example.org",
    "user@localhost",
    "user@example",
    "user@-example.org",
    "user@example-.org",
    "user@exa_mple.org",
    "user@example..org",
    "user@.example.org",
    "user@example.org.",
    "user@123.123.123.123",
    "user@[127.0.0.1]",
    ".ann@example.org",
    "ann.@example.org",
    "an..n@example.org",
    "ann@@example.org",
    "ann",
    "@example.org",
    "ann@",
    "Ann Lee <ann@example.org>",
    '"ann lee"@example.org',
    "zoë@example.org",
    "ann@example.invalid",
    "ann@example.test",
    "ann@example.local",
    LONG_LOCAL + "@example.org",
    LONG_LOCAL + "a@example.org",
    "a@" + ".".join(["abcdefghij" * 6] * 4) + ".org",
    "a" * 60 + "@" + ".".join(["abcdefghij" * 4] * 4) + ".com",
    "user@" + "a" * 64 + ".org",
    "user@" + "a" * 63 + ".org",
    "ann@exämple.org",
    "ann@EXAMPLE.org",
    "ann@example.c",
    "ann@example.123",
    "a/b=c?d@example.org",
    "ann@example.org\n",
    " ann@example.org",
]


def validator_verdict(address: str) -> str:
    try:
        return "ok " + validate_email(address, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        return "bad " + str(exc)


def our_verdict(address: str) -> str:
    try:
        return "ok " + normalise_email(address)
    except InvalidEmail as exc:
        return "bad " + str(exc)


def test_the_fast_path_agrees_with_email_validator_on_tricky_addresses() -> None:
    for address in TRICKY + [a.upper() for a in TRICKY]:
        assert our_verdict(address) == validator_verdict(address), address


def test_a_repeated_domain_is_checked_once() -> None:
    from store.emails import _domain

    _domain.cache_clear()
    for n in range(50):
        normalise_email(f"student{n}@students.example.edu")
    assert _domain.cache_info().misses == 1
