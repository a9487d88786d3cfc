"""Email address checking and normalisation (offline syntax check by email-validator).

email-validator spends most of its time on the domain, and a school's addresses share a
handful of domains. A plain ASCII dot-atom local part is checked and normalised by the
validator to itself, so for such addresses only the domain's verdict (cached per domain)
is needed; anything else, and any address near a length limit, takes the full path.
Accepted and rejected addresses, and their messages, are exactly the validator's.
"""

from __future__ import annotations

import re
from functools import lru_cache

from email_validator import EmailNotValidError, validate_email
from email_validator.rfc_constants import CASE_INSENSITIVE_MAILBOX_NAMES

ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
SIMPLE_ADDRESS = re.compile(rf"({ATEXT}(?:\.{ATEXT})*)@([A-Za-z0-9.-]+)")
MAX_LOCAL = 64
MAX_ADDRESS = 254


class InvalidEmail(ValueError):
    """The address is not valid; str() says why in email-validator's words."""


@lru_cache(maxsize=4096)
def _validated(address: str) -> str:
    try:
        return validate_email(address, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise InvalidEmail(str(exc)) from exc


@lru_cache(maxsize=4096)
def _domain(domain: str) -> tuple[str, str] | InvalidEmail:
    """The domain's normalised and ASCII forms, or why it is invalid."""
    try:
        checked = validate_email(f"a@{domain}", check_deliverability=False)
    except EmailNotValidError as exc:
        return InvalidEmail(str(exc))
    return checked.domain, checked.ascii_domain


def _fast(address: str) -> str | None:
    """The normalised address by the per-domain verdict, or None to take the full path."""
    match = SIMPLE_ADDRESS.fullmatch(address)
    if match is None or len(address) > MAX_ADDRESS:
        return None
    local, domain = match.groups()
    if len(local) > MAX_LOCAL or local.lower() in CASE_INSENSITIVE_MAILBOX_NAMES:
        return None
    verdict = _domain(domain)
    if isinstance(verdict, InvalidEmail):
        raise InvalidEmail(str(verdict))
    normalised = f"{local}@{verdict[0]}"
    if max(len(normalised.encode()), len(local) + 1 + len(verdict[1])) > MAX_ADDRESS:
        return None
    return normalised


def normalise_email(address: str) -> str:
    """The normalised form of a valid address; raises InvalidEmail for an invalid one.

    Only the full path's verdicts are remembered: the fast path costs less than a cache
    lookup would save, and remembering every address of a district's file kept tens of
    megabytes of them for the whole run.
    """
    return _fast(address) or _validated(address)
