"""One operator of the load test: edits patrons, or writes a bulk of new ones at once.

`python load_worker.py DB edit WORKER EDITS SEED` makes EDITS edits through
store.patrons.update with version checks, some of them racing others for the same barcode
or username; `python load_worker.py DB bulk WORKER COUNT SEED` registers COUNT patrons in
one transaction. Each prints "ready", waits for a line on standard input (so all start
together), then prints one JSON line of outcome counts. Anything unexpected is counted
as "other" with its text, so the test can show it.
"""

from __future__ import annotations

import json
import random
import sys
from collections import Counter
from typing import Any

from store.db import writes
from store.errors import DatabaseBusy, ValidationError, VersionConflict
from store.models import Patron
from store.patrons import get_patron, register, update
from store.startup import close_database, open_database

CONTESTED_BARCODES = [f"RACE-{n}" for n in range(5)]
CONTESTED_USERNAMES = [f"race{n}" for n in range(5)]


def _edit_values(rng: random.Random, worker: int, edit: int) -> dict[str, Any]:
    values: dict[str, Any] = {"given_name": f"w{worker}e{edit}"}
    roll = rng.random()
    if roll < 0.15:
        values["barcode"] = rng.choice(CONTESTED_BARCODES)
    elif roll < 0.3:
        values["username"] = rng.choice(CONTESTED_USERNAMES)
    return values


def edit(worker: int, edits: int, seed: int, outcomes: Counter[str]) -> None:
    rng = random.Random(seed)
    ids = [p.id for p in Patron.select(Patron.id).where(Patron.surname == "Loaded")]
    for number in range(edits):
        patron_id = rng.choice(ids)
        try:
            version = get_patron(patron_id).version
            update(patron_id, _edit_values(rng, worker, number), version, f"worker{worker}")
            outcomes["landed"] += 1
        except VersionConflict:
            outcomes["conflict"] += 1
        except ValidationError:
            outcomes["refused"] += 1
        except DatabaseBusy:
            outcomes["busy"] += 1
        except Exception as exc:  # the test fails on any of these, showing the text
            outcomes[f"other: {type(exc).__name__}: {exc}"] += 1


@writes
def bulk(worker: int, count: int, outcomes: Counter[str]) -> None:
    for number in range(count):
        values = {
            "username": f"bulk{worker}-{number}",
            "barcode": f"B{worker}-{number:05d}",
            "surname": "Bulk",
            "enabled": "yes",
            "staff": "yes",
        }
        register(values, actor=f"bulk{worker}")
    outcomes["bulk_rows"] += count


def main() -> int:
    db, mode, worker, count, seed = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:6])
    open_database(db)
    outcomes: Counter[str] = Counter()
    print("ready", flush=True)
    sys.stdin.readline()
    try:
        if mode == "edit":
            edit(worker, count, seed, outcomes)
        else:
            bulk(worker, count, outcomes)
    except DatabaseBusy:
        outcomes["busy"] += 1
    except Exception as exc:  # the test fails on any of these, showing the text
        outcomes[f"other: {type(exc).__name__}: {exc}"] += 1
    finally:
        close_database()
    print(json.dumps(outcomes), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
