"""The deliverability check: does an address's domain take mail? Asked of DNS once per domain.

A machine without a network must not blacklist every address, so a timeout or a failing
name server counts as "unknown", never as undeliverable.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from store.errors import StoreError

UNKNOWN_PREFIX = "There was an error while checking"
GIVE_UP_AFTER = 3  # unanswered domains in a row: DNS is down, do not wait on every domain


class DeliverabilityUnavailable(StoreError):
    """DNS cannot be asked on this machine at all."""


@dataclass(frozen=True)
class DomainVerdict:
    """Whether mail can reach a domain; `message` says why not, or why it is unknown."""

    undeliverable: bool
    message: str = ""


class DomainCheck:
    """Checks domains through one DNS resolver, remembering each domain's verdict."""

    def __init__(self, resolver: Any = None, timeout: float = 5) -> None:
        import dns.resolver  # slow to import; only a deliverability check needs it

        try:
            self.resolver = resolver or dns.resolver.Resolver()
        except dns.resolver.NoResolverConfiguration as exc:
            raise DeliverabilityUnavailable(
                "This machine has no DNS configured, so deliverability cannot be checked. "
                "Run the check without --deliverability, or on a machine with a network."
            ) from exc
        if resolver is None:
            self.resolver.lifetime = timeout
        self.verdicts: dict[str, DomainVerdict] = {}
        self.unanswered = 0

    def __call__(self, address: str) -> DomainVerdict:
        """The verdict on the domain of a syntactically valid address."""
        from email_validator import validate_email

        checked = validate_email(address, check_deliverability=False)
        domain = checked.ascii_domain
        if self.unanswered >= GIVE_UP_AFTER:
            return DomainVerdict(False, "deliverability unknown (DNS stopped answering)")
        if domain not in self.verdicts:
            self.verdicts[domain] = verdict = self._ask(domain, checked.domain)
            answered = verdict.undeliverable or not verdict.message
            self.unanswered = 0 if answered else self.unanswered + 1
        return self.verdicts[domain]

    def _ask(self, ascii_domain: str, domain: str) -> DomainVerdict:
        from email_validator import EmailUndeliverableError
        from email_validator.deliverability import validate_email_deliverability

        try:
            info = validate_email_deliverability(ascii_domain, domain, dns_resolver=self.resolver)
        except EmailUndeliverableError as exc:
            if str(exc).startswith(UNKNOWN_PREFIX):
                return DomainVerdict(False, f"deliverability unknown: {exc}")
            return DomainVerdict(True, str(exc))
        unknown = info.get("unknown-deliverability")
        if unknown:
            return DomainVerdict(False, f"deliverability unknown ({unknown.replace('_', ' ')})")
        return DomainVerdict(False)
