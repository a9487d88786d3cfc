"""Import step 2: tick and order the fields so they match the file's columns.

Beside the field list, the file's first rows are shown in columns under the ticked fields,
so a misaligned column shows before anything is run. A recognised header row ticks and
orders the fields by itself. Field orders can be saved under a name and picked later
(the command line uses them too: `patrons import --profile NAME`).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from screens.import_ask import AskTextScreen, PickScreen
from screens.import_preview import ImportPreviewScreen
from screens.import_sample import FileSample
from screens.store_errors import ReportsStoreErrors
from screens.widgets.field_order_list import HINT, FieldOrderList
from store.accounts import Operator
from store.importing import (
    KIND_FIELDS,
    ImportOptions,
    UsageError,
    field_orders,
    parse_fields,
    save_field_order,
)


class ImportFieldsScreen(ReportsStoreErrors, Screen[bool]):
    """Choose the file's fields; dismissed with True once an import was applied."""

    DEFAULT_CSS = """
    ImportFieldsScreen #columns { height: 1fr; }
    ImportFieldsScreen FieldOrderList { width: 40; height: 1fr; }
    ImportFieldsScreen #sample { width: 1fr; height: 1fr; }
    ImportFieldsScreen #heading, ImportFieldsScreen #fit { height: auto; padding: 0 1; }
    """
    AUTO_FOCUS = "FieldOrderList"
    BINDINGS = [
        Binding("ctrl+n", "preview", "Preview", id="preview", tooltip="Preview every row"),
        Binding("h", "toggle_header", "Header", id="header", tooltip="First row: header or data"),
        Binding("ctrl+s", "save_order", "Save order", id="save-order", tooltip="Name this order"),
        Binding("o", "pick_order", "Saved orders", id="pick-order", tooltip="Use a saved order"),
        Binding("escape", "back", "Back", id="back"),
    ]

    @dataclass
    class OrdersRead(Message):
        """The saved field orders of this kind were read."""

        orders: list[tuple[str, list[str]]]

    def __init__(self, operator: Operator, sample: FileSample) -> None:
        super().__init__()
        self.operator = operator
        self.sample = sample
        self.has_header = sample.header is not None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(f"{self.sample.path.name} · {self.sample.about}\n{HINT}", id="heading")
        with Horizontal(id="columns"):
            yield FieldOrderList(id="fields")
            yield DataTable(id="sample", show_cursor=False, zebra_stripes=True)
        yield Static("", id="fit")
        yield Static("", id="status")
        yield Footer()

    def on_mount(self) -> None:
        """Tick the header's fields in its order, or else just username, ready to adjust."""
        ticked = self.sample.header or ["username"]
        self.query_one(FieldOrderList).show_fields(KIND_FIELDS[self.sample.kind], ticked)

    @property
    def fields(self) -> list[str]:
        """The ticked fields in order: the file's columns."""
        return self.query_one(FieldOrderList).fields

    def on_field_order_list_order_changed(self, event: FieldOrderList.OrderChanged) -> None:
        """Show the first rows under the ticked fields, and whether the counts fit."""
        self._show_sample(event.fields)
        self.query_one("#fit", Static).update(self._fit_statement(event.fields))

    def _show_sample(self, fields: list[str]) -> None:
        table = self.query_one("#sample", DataTable)
        rows = self.sample.data_rows(self.has_header)
        width = max([len(fields), *(len(cells) for cells in rows)])
        table.clear(columns=True)
        headings = [*fields, *(f"col {n + 1}: no field" for n in range(len(fields), width))]
        table.add_columns(*headings)
        for cells in rows:
            table.add_row(*cells, *[""] * (width - len(cells)))

    def _fit_statement(self, fields: list[str]) -> str:
        columns, ticked = self.sample.columns, len(fields)
        if not self.sample.header:
            first = "The first row does not name fields: tick them in the file's column order."
        elif self.has_header:
            first = "The first row is a header: fields ticked and ordered from it (h: it is data)."
        else:
            first = "The first row is read as data (h: it is a header)."
        if ticked == columns:
            return f"{first}\n{ticked} fields ticked for the file's {columns} columns."
        fix = (
            f"tick {columns - ticked} more (s adds a column to leave out)"
            if ticked < columns
            else f"untick {ticked - columns}"
        )
        return (
            f"{first}\n{ticked} fields are ticked but the file has {columns} columns: "
            f"{fix}, or the columns will not line up."
        )

    def action_toggle_header(self) -> None:
        """Treat the first row as a header, or as data."""
        self.has_header = not self.has_header
        self.on_field_order_list_order_changed(FieldOrderList.OrderChanged(self.fields))

    def action_preview(self) -> None:
        """Check the field list, then preview every row."""
        try:
            fields = tuple(parse_fields(self.sample.kind, self.fields))
        except UsageError as error:
            self.store_failed(error)
            return
        options = ImportOptions(
            kind=self.sample.kind, fields=fields, header="yes" if self.has_header else "no"
        )
        self.app.push_screen(
            ImportPreviewScreen(self.operator, self.sample.path, options), self._previewed
        )

    def _previewed(self, applied: bool | None) -> None:
        if applied:
            self.dismiss(True)

    def action_save_order(self) -> None:
        """Ask a name, then save the ticked fields in their order under it."""
        question = "Save this field order as (an existing name is replaced):"

        def answered(name: str | None) -> None:
            if name:
                self._save(name)

        self.app.push_screen(AskTextScreen(question, placeholder="e.g. SIS students"), answered)

    @work(thread=True, exclusive=True, exit_on_error=False, group="orders")
    def _save(self, name: str) -> None:
        saved = save_field_order(name, self.sample.kind, self.fields)
        where = f"patrons import --profile '{saved.name}' FILE"
        use = f"; the command line uses it with {where}" if saved.kind == "users" else ""
        self.app.call_from_thread(self.say, f"Saved the field order '{saved.name}'{use}.")

    def action_pick_order(self) -> None:
        """Choose a saved field order for this kind of import."""
        self._read_orders()

    @work(thread=True, exclusive=True, exit_on_error=False, group="orders")
    def _read_orders(self) -> None:
        orders = [(o.name, o.fields.split(",")) for o in field_orders(self.sample.kind)]
        self.post_message(self.OrdersRead(orders))

    def on_import_fields_screen_orders_read(self, message: OrdersRead) -> None:
        """Offer the saved orders; the one picked replaces the ticked fields."""
        if not message.orders:
            self.say("No field order is saved for this kind of import yet (ctrl+s saves one).")
            return
        choices = [f"{name}: {', '.join(fields)}" for name, fields in message.orders]

        def picked(index: int | None) -> None:
            if index is not None:
                name, fields = message.orders[index]
                self.query_one(FieldOrderList).show_fields(KIND_FIELDS[self.sample.kind], fields)
                self.say(f"Using the saved field order '{name}'.")

        self.app.push_screen(PickScreen("Saved field orders", choices), picked)

    def action_back(self) -> None:
        """Back to choosing the file."""
        self.dismiss(False)
