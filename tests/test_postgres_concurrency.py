"""Operators saving at the same moment: every rule holds on both engines.

Each thread has its own connection, as two app instances or an app and an unattended
import would. The threads start together at a barrier; whatever the interleaving, the
unique indexes and the version check leave exactly one winner.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from store.errors import DatabaseBusy, StoreError, ValidationError, VersionConflict
from store.models import Patron, database
from store.patrons import register, update

OPERATORS = 4


def _at_once(work: Callable[[int], Any]) -> list[Any]:
    """Run work(n) in OPERATORS threads started together; each outcome or StoreError."""
    barrier = threading.Barrier(OPERATORS)
    outcomes: list[Any] = [None] * OPERATORS

    def operator(n: int) -> None:
        barrier.wait()
        try:
            outcomes[n] = work(n)
        except StoreError as exc:
            outcomes[n] = exc
        finally:
            database.close()

    threads = [threading.Thread(target=operator, args=(n,)) for n in range(OPERATORS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def _values(n: int, **overrides: Any) -> dict[str, Any]:
    values = {
        "username": f"kid{n}",
        "barcode": f"B{n}",
        "given_name": "Zoë",
        "surname": "Smith",
        "enabled": "yes",
        "staff": "no",
        "graduating_year": "2030",
    }
    return {**values, **overrides}


def test_one_barcode_saved_by_several_operators_at_once_belongs_to_one_patron(
    school: Any,
) -> None:
    outcomes = _at_once(lambda n: register(_values(n, barcode="0001234"), actor=f"op{n}"))
    saved = [o for o in outcomes if isinstance(o, Patron)]
    refused = [o for o in outcomes if isinstance(o, ValidationError | DatabaseBusy)]
    assert len(saved) == 1 and len(refused) == OPERATORS - 1
    assert all("0001234" in str(o) for o in refused if isinstance(o, ValidationError))
    assert [p.username for p in Patron.select().where(Patron.barcode == "0001234")] == [
        saved[0].username
    ]


def test_several_operators_saving_one_patron_at_once_lose_no_update(school: Any) -> None:
    patron = register(_values(0), actor="op")
    outcomes = _at_once(
        lambda n: update(patron.id, {"surname": f"Surname{n}"}, patron.version, f"op{n}")
    )
    saved = [o for o in outcomes if isinstance(o, Patron)]
    refused = [o for o in outcomes if isinstance(o, VersionConflict | DatabaseBusy)]
    assert len(saved) == 1 and len(refused) == OPERATORS - 1
    stored = Patron.get_by_id(patron.id)
    assert (stored.surname, stored.version) == (saved[0].surname, patron.version + 1)


def test_different_patrons_saved_at_once_are_all_kept(school: Any) -> None:
    outcomes = _at_once(lambda n: register(_values(n), actor=f"op{n}"))
    assert all(isinstance(o, Patron) for o in outcomes), outcomes
    assert sorted(p.username for p in Patron.select()) == [f"kid{n}" for n in range(OPERATORS)]
