"""Loans: enough to know what is out, to move loans on merge, and the until-date rule."""

from __future__ import annotations

import datetime as dt

from store.db import writes
from store.errors import StoreError
from store.models import Loan
from store.patrons import get_patron


def last_due_date(patron_id: int, proposed: dt.date) -> dt.date:
    """The due date a loan may have: the proposed one, but never after the until date."""
    until = get_patron(patron_id).until_date
    if until is not None and proposed > until:
        return until
    return proposed


@writes
def lend(patron_id: int, item_barcode: str, issued: dt.date, due: dt.date) -> Loan:
    """Record an item lent to a patron; its due date is capped by the until date."""
    patron = get_patron(patron_id)
    if not patron.enabled:
        raise StoreError(f"{patron.username} is disabled and cannot borrow.")
    is_student = not patron.staff and not patron.generic
    if not is_student and patron.library_group_id is None:
        raise StoreError(
            f"{patron.username} is not a student and is in no library group, so cannot "
            "borrow: put them in a library group (e.g. Staff) first."
        )
    return Loan.create(
        patron=patron_id,
        item_barcode=item_barcode,
        issued=issued,
        due=last_due_date(patron_id, due),
    )


@writes
def return_loan(loan_id: int, returned: dt.date) -> None:
    """Mark a loan returned."""
    Loan.update(returned=returned).where(Loan.id == loan_id).execute()
