"""A DataTable for pages of plain one-line text that redraws in a fraction of the time.

The home screen replaces its page of results on every keystroke. Textual's DataTable
measures every new cell through Rich to size its columns, then renders each visible cell
through Rich's padding and wrapping; for a page of 50 patrons that is tens of
milliseconds a keystroke, longer than a frame. Every cell here is one line of plain text
in a row one line high, so a column's width is the longest text's cell length and a cell
is one segment: its text cropped or padded to the column, in the style the table gives
it (zebra stripes, cursor). Text is shown as typed: no markup, no emoji codes.

With the row cursor the home screen uses, a row's line is drawn in one go from its texts
and its cells' styles (kept per row position, cursor and focus), and kept: most rows come
back a keystroke later (a query grows, a typo is taken back), and the header line comes
back every keystroke. Other cursors are drawn cell by cell, as DataTable does.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import zip_longest
from typing import Any

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual._segment_tools import line_crop
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import DataTable
from textual.widgets.data_table import DuplicateKey, Row, RowKey


class ResultsTable(DataTable[str]):
    """Rows of plain text; the API, keys, styles and column sizing of DataTable."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # A row's cell styles by (row, cursor, hover, base style, pseudo-classes, stripes):
        # every page's rows share them. The header line by what shapes it.
        self._styles: dict[tuple[Any, ...], list[Style]] = {}
        self._header_lines: dict[tuple[Any, ...], Strip] = {}
        self._lines: LRUCache[tuple[Any, ...], Strip] = LRUCache(2000)  # rows' lines
        self._meta: dict[tuple[int, int], Style] = {}
        self._line_style: Style | None = None  # the table's rich_style, while drawing

    def show_rows(self, rows: Iterable[tuple[str, Sequence[str]]]) -> None:
        """Replace every row with (key, cells) rows, sized now rather than when idle.

        DataTable sizes new rows once its messages are done, which is after the screen
        has drawn them: a second frame for every page. Sizing here makes it one.
        """
        self.clear()
        column_keys = [column.key for column in self.ordered_columns]
        added = []
        # What add_row does for each row, less what it repeats per row (checking the
        # cursor, counting an update, asking for idle): a tenth of the time for a page.
        for index, (key, cells) in enumerate(rows):
            row_key = RowKey(key)
            if row_key in self._row_locations:
                raise DuplicateKey(f"The row key {row_key!r} already exists.")
            if len(cells) > len(column_keys):
                raise ValueError("More values provided than there are columns.")
            self._row_locations[row_key] = index
            self._data[row_key] = dict(zip_longest(column_keys, cells))
            self.rows[row_key] = Row(row_key, 1)
            added.append(row_key)
        self.cursor_coordinate = self.cursor_coordinate
        if added and self.columns and self.show_cursor and self.cursor_type != "none":
            self._highlight_cursor()  # as add_row does once the first row makes a cell
        self._update_count += 1
        self._require_update_dimensions = False
        self._update_dimensions(added)
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

    def notify_style_update(self) -> None:
        """A new theme or CSS: the styles kept for cells and the header are stale."""
        super().notify_style_update()
        self._styles.clear()
        self._header_lines.clear()
        self._lines.clear()

    def render_lines(self, crop: Region) -> list[Strip]:
        """The table's lines, its own style worked out once for them all."""
        self._line_style = self.rich_style
        try:
            return super().render_lines(crop)
        finally:
            self._line_style = None

    def render_line(self, y: int) -> Strip:
        """Line y of the table as shown: the header stays, the rows scroll under it."""
        if self.fixed_rows or self._line_style is None:
            return super().render_line(y)
        scroll_x, scroll_y = self.scroll_offset
        if y >= (self.header_height if self.show_header else 0):
            y += scroll_y
        return self._render_line(y, scroll_x, scroll_x + self.size.width, self._line_style)

    def _render_line(self, y: int, x1: int, x2: int, base_style: Style) -> Strip:
        """A line of the table: a row's cells as one segment each, the header kept."""
        header = self.header_height if self.show_header else 0
        if self.fixed_rows or self.fixed_columns or self.cursor_type != "row":
            return super()._render_line(y, x1, x2, base_style)  # cell by cell, below
        if self._labelled_row_exists and self.show_row_labels:
            return super()._render_line(y, x1, x2, base_style)
        width = self.size.width
        hover = self.hover_coordinate.row if self._show_hover_cursor else None
        if y < header:  # the column labels: the same every keystroke, so drawn once
            shape = (y, x1, x2, width, base_style, hover, self._pseudo_class_state, self._widths())
            strip = self._header_lines.get(shape)
            if strip is None:
                strip = self._header_lines[shape] = super()._render_line(y, x1, x2, base_style)
            return strip
        offsets = self._y_offsets
        if not 0 <= y - header < len(offsets) or offsets[y - header][1]:
            return super()._render_line(y, x1, x2, base_style)  # past the end, or tall rows
        row_key = offsets[y - header][0]
        row_index = self._row_locations.get(row_key)
        if row_index is None:
            return super()._render_line(y, x1, x2, base_style)
        cursor = self.show_cursor and self.cursor_coordinate.row == row_index
        state = (
            row_index,
            cursor,
            hover == row_index,
            base_style,
            self._pseudo_class_state,
            self.zebra_stripes,
        )
        styles = self._styles.get(state)
        if styles is None:
            styles = self._styles[state] = self._row_styles(
                row_index, cursor, hover == row_index, base_style
            )
        columns, widths = self.ordered_columns, self._widths()
        cells = self._data[row_key]
        texts = tuple(cells.get(column.key) for column in columns)
        key = (state, texts, widths, x1, x2, width, self._row_label_column_width)
        strip = self._lines.get(key)
        if strip is None:  # a row not seen lately: most rows come back as a query grows
            strip = self._lines[key] = self._draw_row(texts, widths, styles, x1, x2, base_style)
        return strip

    def _draw_row(
        self,
        texts: tuple[object, ...],
        widths: tuple[int, ...],
        styles: list[Style],
        x1: int,
        x2: int,
        base_style: Style,
    ) -> Strip:
        """A row's line: each cell's text cropped or padded to its column, in its style."""
        width = self.size.width
        segments = [
            Segment(self._cell_text(text, column_width), style)
            for text, column_width, style in zip(texts, widths, styles, strict=False)
        ]
        rest = max(0, width - sum(widths) - self._row_label_column_width)
        segments.append(Segment(" " * rest, styles[-1]))
        segments = line_crop(segments, x1, x2, width)
        return Strip(segments).adjust_cell_length(width, base_style).simplify()

    def _cell_text(self, value: object, width: int) -> str:
        """A cell's first line of text, cropped or padded to its column, then padded."""
        pad = " " * self.cell_padding
        line = (str(value or "").splitlines() or [""])[0]
        return f"{pad}{set_cell_size(line, max(0, width - 2 * self.cell_padding))}{pad}"

    def _cursor_styles(
        self, hover: bool, cursor: bool, *, fixed: bool, css: bool
    ) -> tuple[Style, Style]:
        """The cursor's and hover's style for a body cell, and what goes over its own."""
        return self._get_styles_to_render_cell(
            False,
            False,
            fixed,
            hover,
            cursor,
            self.show_cursor,
            self._show_hover_cursor,
            css and self.cursor_foreground_priority == "css",
            css and self.cursor_background_priority == "css",
        )

    def _widths(self) -> tuple[int, ...]:
        return tuple(column.get_render_width(self) for column in self.ordered_columns)

    def _row_styles(self, row_index: int, cursor: bool, hover: bool, base: Style) -> list[Style]:
        """Each cell's style in a row, then the style of the space right of the last column.

        As DataTable styles them: the zebra stripe, which cell a click is on, the cursor.
        """
        row_style = self._get_row_style(row_index, base)
        component, post = self._cursor_styles(hover, cursor, fixed=False, css=True)
        styles = []
        for column_index in range(len(self.ordered_columns)):
            meta = Style.from_meta({"row": row_index, "column": column_index})
            styles.append(row_style + meta + component + post)
        extend, _ = self._cursor_styles(hover, cursor, fixed=False, css=False)
        out_of_bounds = Style.from_meta({"row": row_index, "column": 0, "out_of_bounds": True})
        styles.append(row_style + extend + out_of_bounds)
        return styles

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
            fixed = column_index < self.fixed_columns
            component, post = self._cursor_styles(hover, cursor, fixed=fixed, css=True)
            meta = self._meta.get((row_index, column_index))
            if meta is None:  # which cell a click is on; the same few hundred every page
                meta = Style.from_meta({"row": row_index, "column": column_index})
                self._meta[row_index, column_index] = meta
            text = self._cell_text(self._data[row_key].get(column_key), width)
            lines = [[Segment(text, base_style + meta + component + post)]]
            self._cell_render_cache[key] = lines
        return lines
