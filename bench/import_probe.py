"""Started by the benchmark: imports a students file into a database, committing it.

`python -m bench.import_probe DB CSV`; creates DB when missing, and missing cohorts.
"""

from __future__ import annotations

import sys
from pathlib import Path

from store.importing import ImportOptions, import_file
from store.startup import open_database

if __name__ == "__main__":
    open_database(sys.argv[1])
    options = ImportOptions(create_cohorts=True)
    report = import_file(Path(sys.argv[2]), options, actor="bench", commit=True)
    print(report.counts)
