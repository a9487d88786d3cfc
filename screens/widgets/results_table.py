"""A DataTable for pages of plain one-line text that redraws in a fraction of the time.

The home screen replaces its page of results on every keystroke. Textual's DataTable
measures every new cell through Rich to size its columns, then renders each visible cell
through Rich's padding and wrapping; for a page of 50 patrons that is tens of
milliseconds a keystroke, longer than a frame. Every cell here is one line of plain text
in a row one line high, so a column's width is the longest text's cell length and a cell
is one segment: its text cropped or padded to the column, in the style the table gives
it (zebra stripes, cursor). Text is shown as typed: no markup, no emoji codes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import DataTable
from textual.widgets.data_table import RowKey


class ResultsTable(DataTable[str]):
    """Rows of plain text; the API, keys, styles and column sizing of DataTable."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._meta: dict[tuple[int, int], Style] = {}

    def show_rows(self, rows: Iterable[tuple[str, Sequence[str]]]) -> None:
        """Replace every row with (key, cells) rows, sized now rather than when idle.

        DataTable sizes new rows once its messages are done, which is after the screen
        has drawn them: a second frame for every page. Sizing here makes it one.
        """
        self.clear()
        for key, cells in rows:
            self.add_row(*cells, key=key)
        self._require_update_dimensions = False
        new_rows, self._new_rows = self._new_rows, set()
        self._update_dimensions(new_rows)
        self.repaint_now()

    def repaint_now(self) -> None:
        """Hand the table's (and its scrollbars') repaints to the screen straight away.

        A widget tells the screen it needs repainting when it next idles, which can be
        after the screen has drawn the frame its caller meant it for; then it comes a
        frame (up to 1/60 s) later, in a frame of its own.
        """
        self._check_refresh()
        if self.show_vertical_scrollbar:
            self.vertical_scrollbar._check_refresh()
        if self.show_horizontal_scrollbar:
            self.horizontal_scrollbar._check_refresh()

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        """Widen the columns to the new rows' text, as DataTable does, without Rich."""
        columns = self.ordered_columns
        for row_key in new_rows:
            cells = self._data.get(row_key)
            if cells is None:  # removed before the table was idle
                continue
            for column in columns:
                width = cell_len(str(cells.get(column.key) or ""))
                column.content_width = max(column.content_width, width)
        header = self.header_height if self.show_header else 0
        width = sum(column.get_render_width(self) for column in columns)
        size = Size(width + self._row_label_column_width, self._total_row_height + header)
        if size != self.virtual_size:
            # Quietly, then the scrollbars: the table's own size never follows its content,
            # and a screen layout would repaint the scrollbars again in a frame of their own.
            self.set_reactive(Widget.virtual_size, size)
            self._scroll_update(size)

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> list[list[Segment]]:
        """A body cell as one segment; the header and row labels as DataTable draws them."""
        row_key = self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        if row_key is None or column_key is None or row_index < self.fixed_rows:
            # The header (row -1), row labels (column -1) and fixed rows: DataTable's way.
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        key = (
            row_key,
            column_key,
            base_style,
            cursor,
            hover,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )
        lines = self._cell_render_cache.get(key)
        if lines is None:
            component, post = self._get_styles_to_render_cell(
                False,
                False,
                column_index < self.fixed_columns,
                hover,
                cursor,
                self.show_cursor,
                self._show_hover_cursor,
                self.cursor_foreground_priority == "css",
                self.cursor_background_priority == "css",
            )
            meta = self._meta.get((row_index, column_index))
            if meta is None:  # which cell a click is on; the same few hundred every page
                meta = Style.from_meta({"row": row_index, "column": column_index})
                self._meta[row_index, column_index] = meta
            pad = " " * self.cell_padding
            text = str(self._data[row_key].get(column_key) or "").splitlines() or [""]
            shown = set_cell_size(text[0], max(0, width - 2 * self.cell_padding))
            style = base_style + meta + component + post
            lines = [[Segment(f"{pad}{shown}{pad}", style)]]
            self._cell_render_cache[key] = lines
        return lines
