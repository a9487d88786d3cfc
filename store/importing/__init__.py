"""The import engine: files from the school's administration system into the store.

`plan_import` previews a file (every row's outcome, reasons and changes; writes nothing);
`apply_import` applies a preview in one transaction, judging rows again against the
database as it is then; `import_file` does either for the unattended command line.
Every applied run is a batch that `undo_batch` can take back. Screens and the CLI use
only what is exported here.
"""

from store.importing.apply import apply_import, import_file
from store.importing.batches import (
    BatchSummary,
    field_order,
    field_orders,
    list_batches,
    save_field_order,
)
from store.importing.invalid_rows import save_invalid_rows
from store.importing.mapping import KIND_FIELDS, SKIP, UsageError, header_fields, parse_fields
from store.importing.outcomes import (
    OUTCOMES,
    FileChanged,
    Hooks,
    ImportCancelled,
    ImportOptions,
    ImportReport,
    RowResult,
)
from store.importing.plan import plan_import
from store.importing.reading import UnreadableFile, open_table
from store.importing.undo import UndoReport, undo_batch

__all__ = [
    "KIND_FIELDS",
    "OUTCOMES",
    "SKIP",
    "BatchSummary",
    "FileChanged",
    "Hooks",
    "ImportCancelled",
    "ImportOptions",
    "ImportReport",
    "RowResult",
    "UndoReport",
    "UnreadableFile",
    "UsageError",
    "apply_import",
    "field_order",
    "field_orders",
    "header_fields",
    "import_file",
    "list_batches",
    "open_table",
    "parse_fields",
    "plan_import",
    "save_field_order",
    "save_invalid_rows",
    "undo_batch",
]
