"""Started by the benchmark: imports a students file into a database, committing it.

`python -m bench.import_probe DB CSV`; creates DB when missing, and missing cohorts.
Prints the counts, then `peak_bytes=N`: this process's own high-water resident size
(VmHWM). The parent's rusage would not do: Linux charges a child started by fork and exec
with the forking process's size, and the benchmark's process holds the generated data.
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
    status = Path("/proc/self/status").read_text()
    peak_kb = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM"))
    print(f"peak_bytes={peak_kb * 1024}")
