"""One operator of the load test: edits patrons, or applies a large import at once.

`python load_worker.py DB edit WORKER EDITS` makes EDITS edits through
store.patrons.update with version checks, some of them racing others for the same barcode
or username; `python load_worker.py DB import WORKER FILE` applies an import of FILE (one
transaction). Each prints "ready", waits for a line on standard input (so all start
together), then prints one JSON line of outcome counts. Anything unexpected is counted
as "other" with its text, so the test can show it.
"""

from __future__ import annotations

import json
import random
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from store.errors import DatabaseBusy, ValidationError, VersionConflict
from store.importing import ImportOptions, import_file
from store.models import Patron
from store.patrons import get_patron, update
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


def bulk_import(path: Path, worker: int, outcomes: Counter[str]) -> None:
    report = import_file(path, ImportOptions(), f"import{worker}", commit=True)
    outcomes["import_added"] += report.counts["added"]
    outcomes["import_invalid"] += report.counts["invalid"]
    report.rows.close()


def main() -> int:
    db, mode, worker, amount = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    open_database(db)
    outcomes: Counter[str] = Counter()
    print("ready", flush=True)
    sys.stdin.readline()
    try:
        if mode == "edit":
            edit(worker, int(amount), worker, outcomes)
        else:
            bulk_import(Path(amount), worker, outcomes)
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
