"""Email address checking and normalisation (offline syntax check by email-validator)."""

from __future__ import annotations

from functools import lru_cache

from email_validator import EmailNotValidError, validate_email


class InvalidEmail(ValueError):
    """The address is not valid; str() says why in email-validator's words."""


@lru_cache(maxsize=65536)
def normalise_email(address: str) -> str:
    """The normalised form of a valid address; raises InvalidEmail for an invalid one."""
    try:
        return validate_email(address, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise InvalidEmail(str(exc)) from exc
