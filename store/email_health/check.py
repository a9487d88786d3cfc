"""The email check: validate every address in use, blacklist the invalid, record the run."""

from __future__ import annotations

from dataclasses import dataclass, field

from store import audit, patrons
from store.db import writes
from store.email_health.blacklist import blacklist
from store.email_health.deliverability import DomainCheck
from store.email_health.uses import AddressUse, SendingStatus, blacklisted_uses, sending_status
from store.emails import InvalidEmail, normalise_email
from store.errors import ValidationError
from store.models import Contact, EmailCheckRun, Patron


@dataclass(frozen=True)
class InvalidAddress:
    """An address the check rejected, with email-validator's reason."""

    address: str
    problem: str


@dataclass
class CheckReport:
    """What one run of the check found and did."""

    checked: int = 0
    invalid: list[InvalidAddress] = field(default_factory=list)
    newly_blacklisted: int = 0
    normalised: list[tuple[str, str]] = field(default_factory=list)
    not_normalised: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    uses: list[AddressUse] = field(default_factory=list)
    status: SendingStatus = field(default_factory=lambda: SendingStatus([]))

    @property
    def found(self) -> bool:
        """True when an invalid address was found or a blacklisted one is still in use."""
        return bool(self.invalid or self.uses)


def addresses_in_use() -> set[str]:
    """Every primary email and contact email patrons hold, as stored."""
    primary = Patron.select(Patron.email).where(Patron.email.is_null(False) & (Patron.email != ""))
    contacts = Contact.select(Contact.email).where(Contact.email != "")
    return {str(row.email) for row in primary} | {str(row.email) for row in contacts}


def check_emails(
    actor: str, deliverability: bool = False, domain_check: DomainCheck | None = None
) -> CheckReport:
    """Check every address in use; syntax only unless `deliverability` asks for DNS too.

    Validation runs before the write lock is taken (DNS may be slow); the blacklisting,
    normalising and the record of the run are then one transaction.
    """
    if deliverability and domain_check is None:
        domain_check = DomainCheck()
    report = CheckReport()
    normal: dict[str, str] = {}
    for address in sorted(addresses_in_use()):
        report.checked += 1
        try:
            normal[address] = normalise_email(address)
        except InvalidEmail as exc:
            report.invalid.append(InvalidAddress(address, str(exc)))
            continue
        if domain_check is not None:
            verdict = domain_check(normal[address])
            if verdict.undeliverable:
                report.invalid.append(InvalidAddress(address, verdict.message))
            elif verdict.message:
                report.unknown.append(f"{address}: {verdict.message}")
    _apply(report, normal, actor)
    return report


@writes
def _apply(report: CheckReport, normal: dict[str, str], actor: str) -> None:
    for bad in report.invalid:
        report.newly_blacklisted += blacklist(bad.address, "invalid", actor, bad.problem)
    for old, new in normal.items():
        if old != new:
            _normalise(old, new, actor, report)
    report.uses = blacklisted_uses()
    report.status = sending_status(report.uses)
    EmailCheckRun.create(
        actor=actor,
        checked=report.checked,
        invalid=len(report.invalid),
        sending_disabled=report.status.disabled,
        reason=report.status.reason,
    )


def _normalise(old: str, new: str, actor: str, report: CheckReport) -> None:
    """Store `new` wherever `old` is held, a patron's email through the same rules as an edit."""
    kept = len(report.not_normalised)
    for patron in Patron.select().where(Patron.email == old):
        try:
            patrons.update(patron.id, {"email": new}, patron.version, actor)
        except ValidationError as exc:
            report.not_normalised.append(f"{patron.username}: {old} kept, because {exc}")
    for contact in Contact.select(Contact, Patron).join(Patron).where(Contact.email == old):
        owner = contact.patron
        if Contact.get_or_none((Contact.patron == owner.id) & (Contact.email == new)):
            report.not_normalised.append(f"{owner.username}: contact {old} is also held as {new}.")
            continue
        Contact.update(email=new).where(Contact.id == contact.id).execute()
        audit.record(actor, "contact normalised", owner.id, owner.username, {"contact": [old, new]})
    if len(report.not_normalised) == kept:
        report.normalised.append((old, new))
