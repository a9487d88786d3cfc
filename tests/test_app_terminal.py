"""What the terminal gets: a steady cursor, one page redrawn per keystroke, a quiet footer."""

from __future__ import annotations

from typing import Any

from app_pilot import make_admin, make_app, settle, sign_in, type_text
from rich.style import Style
from textual.app import App, ComposeResult
from textual.coordinate import Coordinate
from textual.pilot import Pilot
from textual.strip import Strip
from textual.widgets import DataTable, Input, Static
from textual.widgets._footer import FooterKey

from screens.search import PAGE_SIZE
from screens.widgets.results_table import ResultsTable

COLUMNS = ("Username", "Name", "Barcode")
ROWS = [
    ("zm1", "Zoë Müller", "1"),
    ("li9", "李小龙 Lee", "22"),
    ("x", "A very long name that runs past the edge of any column", ""),
]


def admin_and_tom(make_student: Any) -> None:
    make_admin()
    make_student(username="tj2", barcode="2", given_name="Tom", surname="Jones")


def steady_and_shown(box: Input) -> bool:
    """The box's cursor does not blink, and is drawn while the box has focus."""
    return not box.cursor_blink and (box._cursor_visible or not box.has_focus)


async def test_no_text_box_blinks_and_the_focused_one_shows_its_cursor(
    make_student: Any,
) -> None:
    admin_and_tom(make_student)
    async with make_app().run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        boxes = list(pilot.app.screen.query(Input))
        assert boxes and all(steady_and_shown(box) for box in boxes)
        await sign_in(pilot)
        search = pilot.app.screen.query_one("#search", Input)
        assert search.has_focus and steady_and_shown(search)
        await type_text(pilot, "jones")
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        boxes = list(pilot.app.screen.query(Input))
        assert boxes and all(steady_and_shown(box) for box in boxes)


class TwoTables(App[None]):
    """A plain DataTable and a ResultsTable holding the same rows, one above the other."""

    CSS = "DataTable { height: 8; }"

    def __init__(self, rows: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        for table in (DataTable[str](id="plain"), ResultsTable(id="fast")):
            table.add_columns(*COLUMNS)
            yield table

    def on_mount(self) -> None:
        plain = self.query_one("#plain", DataTable)
        for index, row in enumerate(self.rows):
            plain.add_row(*row, key=str(index))
        self.query_one("#fast", ResultsTable).show_rows(
            (str(index), row) for index, row in enumerate(self.rows)
        )


async def test_the_results_table_sizes_and_draws_rows_as_a_datatable_does() -> None:
    async with TwoTables(ROWS).run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        plain = pilot.app.query_one("#plain", DataTable)
        fast = pilot.app.query_one("#fast", ResultsTable)
        widths = [column.get_render_width(plain) for column in plain.ordered_columns]
        assert [column.get_render_width(fast) for column in fast.ordered_columns] == widths
        for y in range(len(ROWS) + 1):  # the header, then every row
            assert fast.render_line(y).text == plain.render_line(y).text


async def test_the_results_table_shows_text_as_stored() -> None:
    """DataTable reads markup and emoji codes in plain strings; a name is shown as typed."""
    async with TwoTables([("[b]tag[/b]", "Ann :smile: Bell", "3")]).run_test() as pilot:
        await pilot.pause()
        line = pilot.app.query_one("#fast", ResultsTable).render_line(1).text
        assert "[b]tag[/b]" in line and "Ann :smile: Bell" in line


async def test_a_keystroke_lists_one_page_of_a_large_result(make_student: Any) -> None:
    make_admin()
    for serial in range(PAGE_SIZE + 5):
        make_student(username=f"s{serial}", barcode=str(serial), surname="Smith")
    async with make_app().run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        await type_text(pilot, "smi")
        await settle(pilot)
        table = pilot.app.screen.query_one("#results", DataTable)
        summary = str(pilot.app.screen.query_one("#summary", Static).render())
        assert table.row_count == PAGE_SIZE
        assert summary.startswith(f"{PAGE_SIZE + 5} patrons match · showing 1-{PAGE_SIZE}")


def footer_keys(pilot: Pilot[object]) -> dict[str, FooterKey]:
    return {key.action: key for key in pilot.app.screen.query(FooterKey)}


async def test_emptying_the_list_dims_the_row_keys_without_rebuilding_the_footer(
    make_student: Any,
) -> None:
    admin_and_tom(make_student)
    async with make_app().run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        before = footer_keys(pilot)
        assert not before["history"].has_class("-disabled")
        await type_text(pilot, "nobody")
        await settle(pilot)
        after = footer_keys(pilot)
        assert all(after[action] is key for action, key in before.items())
        assert after["history"].has_class("-disabled")
        assert not after["new_patron"].has_class("-disabled")
        await pilot.press(*["backspace"] * len("nobody"))
        await settle(pilot)
        assert not footer_keys(pilot)["history"].has_class("-disabled")


class TwoRowTables(TwoTables):
    """As TwoTables, with the home screen's row cursor and zebra stripes."""

    def compose(self) -> ComposeResult:
        for table in super().compose():
            assert isinstance(table, DataTable)
            table.cursor_type, table.zebra_stripes = "row", True
            yield table


def looks(strip: Strip) -> list[tuple[str, Style]]:
    """What a line shows: each character and its colours and attributes."""
    return [
        (character, segment.style.clear_meta_and_links() if segment.style else Style())
        for segment in strip
        for character in segment.text
    ]


async def test_the_results_table_draws_the_cursor_row_and_stripes_as_a_datatable_does() -> None:
    async with TwoRowTables(ROWS).run_test(size=(60, 20)) as pilot:
        for cursor_row in (0, 2):
            drawn = []
            for table in (pilot.app.query_one("#plain", DataTable), pilot.app.query_one("#fast")):
                assert isinstance(table, DataTable)
                table.move_cursor(row=cursor_row)
                table.focus()  # as the home screen's table is when its cursor shows
                await pilot.pause()
                # The header, every row, a blank line below.
                drawn.append([looks(table.render_line(y)) for y in range(len(ROWS) + 2)])
            assert drawn[0] == drawn[1]


async def test_a_kept_row_line_is_drawn_again_when_its_text_or_the_theme_changes() -> None:
    async with TwoRowTables(ROWS).run_test(size=(60, 20)) as pilot:
        fast = pilot.app.query_one("#fast", ResultsTable)
        fast.focus()
        await pilot.pause()
        assert fast.render_line(1).text.startswith(" zm1 ")
        fast.update_cell_at(Coordinate(0, 0), "*zm1")  # as marking a patron for a merge does
        await pilot.pause()
        assert fast.render_line(1).text.startswith(" *zm1 ")
        fast.show_rows([("9", ("new", "Ned", "9"))])
        await pilot.pause()
        assert fast.render_line(1).text.startswith(" new ")
        dark = looks(fast.render_line(1))
        pilot.app.theme = "textual-light"
        await pilot.pause()
        assert looks(fast.render_line(1)) != dark
