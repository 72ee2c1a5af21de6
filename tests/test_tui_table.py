"""ListTable: what it draws (exactly what Textual's DataTable drew for the same rows), its keys, mouse and messages,
and that it draws only the lines on screen."""

from typing import Any

import pytest
from rich.style import Style
from rich.text import Text
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.message import Message
from textual.widget import Widget
from textual.widgets import DataTable, Static

from journal_tui.tui.text import cell
from journal_tui.tui.widgets.table import Col, ListTable, RowDoesNotExist, fit

pytestmark = pytest.mark.slow  # every line and style compared with a DataTable of the same rows

COLS = (
    Col("date", "Date", 10, priority=5),
    Col("star", "★", 1, priority=4),
    Col("title", "Title", None, min=12, priority=10),
    Col("tags", "Tags", 8, priority=2),
)
CELLS: list[dict[str, Any]] = [
    {
        "date": "2026-11-23",
        "star": Text("★", style="bold yellow"),
        "title": cell("Shipped the refunds flow"),
        "tags": cell("billing", "cyan"),
    },
    {
        "date": "2026-11-22",
        "star": "",
        "title": cell("日本語のタイトルがとても長い場合の表示テスト"),
        "tags": cell("名前", "magenta"),
    },
    {"date": "", "star": "", "title": cell("[b]not markup[/b] " * 6), "tags": cell("")},
    {
        "date": "x",
        "star": "",
        "title": Text.assemble(("bold ", "bold"), ("red", "red"), " plain 🎉 emoji"),
        "tags": cell("a, b, c, d, e"),
    },
    {"date": "2026-01-01", "star": "", "title": Text("right", justify="right"), "tags": cell("tab\there")},
]
ROWS = [(str(i), CELLS[i % len(CELLS)]) for i in range(14)]  # more rows than the tables show: they scroll


class Pair(App[None]):
    """A ListTable above the DataTable the old ListTable was, filled the same way: the same picture is expected."""

    CSS = """
    .t { height: 9; width: 64; overflow-x: hidden; scrollbar-gutter: stable; }
    #away { height: 1; }
    """

    def __init__(self, zebra: bool = True) -> None:
        super().__init__()
        self.zebra = zebra

    def compose(self) -> ComposeResult:
        yield ListTable(COLS, zebra_stripes=self.zebra, classes="t", id="ours")
        yield DataTable(cursor_type="row", zebra_stripes=self.zebra, classes="t", id="theirs")
        yield Static("somewhere else for the mouse", id="away")

    def fill(self, rows: list[tuple[str, dict[str, Any]]]) -> None:
        ours, theirs = self.query_one(ListTable), self.query_one(DataTable)
        ours.set_rows(rows)
        theirs.clear(columns=True)
        labels = {c.key: c.label for c in COLS}
        for key, width in ours.widths.items():
            theirs.add_column(Text(labels[key], no_wrap=True, overflow="ellipsis"), key=key, width=width)
        for key, cells in rows:
            theirs.add_row(*(fit(cells.get(k, ""), w) for k, w in ours.widths.items()), key=key)


Picture = list[list[tuple[str, Style | None]]]


async def picture(pilot: Any, table: Widget, focused: bool, mouse_on: int | None) -> Picture:
    """Each cell of `table` with its final style (meta included), focused or not, the mouse on line `mouse_on` of it
    or elsewhere: segment boundaries may differ, the picture may not."""
    if focused:
        table.focus()
    else:
        pilot.app.set_focus(None)
    await pilot.hover("#away")
    if mouse_on is not None:
        await pilot.hover(table, offset=(2, mouse_on))
    await pilot.pause()
    width, height = table.size
    return [
        [(ch, seg.style) for seg in strip for ch in seg.text]
        for strip in table.render_lines(Region(0, 0, width, height))
    ]


async def same_picture(pilot: Any, what: str, focused: bool, mouse_on: int | None = None) -> None:
    ours, theirs = pilot.app.query_one(ListTable), pilot.app.query_one(DataTable)
    assert ours.scroll_y == theirs.scroll_y, what
    mine = await picture(pilot, ours, focused, mouse_on)
    reference = await picture(pilot, theirs, focused, mouse_on)
    for y, (a, b) in enumerate(zip(mine, reference, strict=True)):
        assert a == b, f"{what}: line {y} differs:\n{''.join(c for c, _ in a)!r}\n{''.join(c for c, _ in b)!r}"


@pytest.mark.parametrize("zebra", [True, False])
@pytest.mark.parametrize("width", [64, 40, 22, 9])
async def test_it_draws_what_datatable_drew(zebra: bool, width: int) -> None:
    """Header, zebra rows, the cursor focused and not, the mouse's row, scrolled: line for line, style for style
    (the widths from 64 down to 9 cut cells with `…`, drop columns and squeeze the last one)."""
    app = Pair(zebra)
    async with app.run_test(size=(80, 20)) as pilot:
        ours, theirs = app.query_one(ListTable), app.query_one(DataTable)
        for table in (ours, theirs):
            table.styles.width = width
        await pilot.pause()
        app.fill(ROWS)
        await pilot.pause()
        for row in (0, 3, 8, len(ROWS) - 1, 2):  # 8 and the last scroll the tables; 2 scrolls back up
            ours.move_cursor(row=row)
            theirs.move_cursor(row=row)
            await pilot.pause()
            for focused in (True, False):
                await same_picture(pilot, f"cursor on {row}, focused {focused}", focused)
        for mouse_on in (3, 1, 0):  # the mouse over a row, the cursor's row, the header
            await same_picture(pilot, f"mouse on line {mouse_on}", True, mouse_on)


class One(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[str, int, str]] = []

    def compose(self) -> ComposeResult:
        yield ListTable(COLS)

    def on_list_table_row_highlighted(self, message: ListTable.RowHighlighted) -> None:
        self.seen.append(("highlighted", message.cursor_row, message.row_key))

    def on_list_table_row_selected(self, message: ListTable.RowSelected) -> None:
        self.seen.append(("selected", message.cursor_row, message.row_key))


def rows(n: int, start: int = 0) -> list[tuple[str, dict[str, Any]]]:
    return [(f"k{i}", {"date": "2026-11-23", "title": cell(f"entry {i}")}) for i in range(start, start + n)]


async def test_keys_move_the_cursor_and_post_the_row_index_and_key() -> None:
    app = One()
    async with app.run_test(size=(60, 12)) as pilot:  # 12 lines: a header and 11 rows
        table = app.query_one(ListTable)
        table.set_rows(rows(40))
        table.focus()
        await pilot.pause()
        assert app.seen == []  # rows replaced: no message (the one replacing them knows)
        await pilot.press("down", "down", "up")
        assert app.seen == [("highlighted", 1, "k1"), ("highlighted", 2, "k2"), ("highlighted", 1, "k1")]
        await pilot.press("enter")
        assert app.seen[-1] == ("selected", 1, "k1")
        await pilot.press("pagedown")
        assert table.cursor_row == 1 + 11 and table.cursor_key == "k12"  # a page is the lines under the header
        assert table.scroll_y == 11
        await pilot.press("pageup")
        assert table.cursor_row == 1 and table.scroll_y == 0
        await pilot.press("end")
        assert table.cursor_row == 39 and table.scroll_y == table.max_scroll_y == 40 + 1 - 12
        assert app.seen[-1] == ("highlighted", 39, "k39")
        await pilot.press("home")
        assert table.cursor_row == 0 and table.scroll_y == 0
        await pilot.press("ctrl+end")
        assert table.cursor_row == 39
        await pilot.press("ctrl+home")
        assert table.cursor_row == 0
        app.seen.clear()
        await pilot.press("up", "home")  # already on the first row: nothing moves, nothing is posted
        assert app.seen == [] and table.cursor_row == 0 and table.scroll_x == 0


async def test_a_click_moves_the_cursor_and_a_second_click_selects() -> None:
    app = One()
    async with app.run_test(size=(60, 12)) as pilot:
        table = app.query_one(ListTable)
        table.set_rows(rows(5))
        await pilot.pause()
        await pilot.click(table, offset=(5, 3))  # the header, then rows 0, 1, 2
        assert table.cursor_row == 2 and app.seen == [("highlighted", 2, "k2")]
        await pilot.click(table, offset=(40, 3))  # past the last column: still the row
        assert app.seen[-1] == ("selected", 2, "k2")
        await pilot.click(table, offset=(5, 0))  # the header: nothing
        await pilot.click(table, offset=(5, 9))  # below the rows: nothing
        assert table.cursor_row == 2 and len(app.seen) == 2


async def test_new_rows_keep_the_cursor_on_its_row_at_its_height_on_screen() -> None:
    app = One()
    async with app.run_test(size=(60, 12)) as pilot:
        table = app.query_one(ListTable)
        table.set_rows(rows(40))
        await pilot.pause()
        table.move_cursor(row=20)
        await pilot.pause()
        line = table.cursor_row - table.scroll_y
        table.set_rows(rows(50, start=5))  # k20 is now the 16th row
        assert table.cursor_key == "k20" and table.cursor_row == 15
        assert table.cursor_row - table.scroll_y == line  # the same line on screen, in the same frame
        table.append_rows(rows(10, start=50))  # the last five are new
        assert table.row_count == 55 and table.cursor_key == "k20"
        table.set_rows(rows(3, start=100))  # k20 gone: the first row, the top
        assert table.cursor_row == 0 and table.cursor_key == "k100" and table.scroll_y == 0
        assert table.get_row_index("k102") == 2
        with pytest.raises(RowDoesNotExist):
            table.get_row_index("k20")
        assert str(table.get_cell("k101", "title")) == "entry 101"
        table.clear()
        assert table.row_count == 0 and table.cursor_key is None
        await pilot.press("pagedown", "end", "enter")  # nothing to move to or select
        assert app.seen[-1][0] == "highlighted" and app.seen[-1][2] == "k20"  # (the move_cursor above)


async def test_columns_follow_the_width_and_keep_the_cursor() -> None:
    app = One()
    async with app.run_test(size=(100, 12)) as pilot:
        table = app.query_one(ListTable)
        table.set_rows(rows(40))
        await pilot.pause()
        assert table.shown_columns == ("date", "star", "title", "tags")
        table.move_cursor(row=30)
        await pilot.pause()
        top = table.scroll_y
        await pilot.resize_terminal(30, 12)
        await pilot.pause()
        assert list(table.shown_columns) == ["date", "title"] and table.column_width("title") == 14
        assert table.cursor_row == 30 and table.scroll_y == top and table.max_scroll_x == 0


async def test_only_the_lines_on_screen_are_drawn(monkeypatch: pytest.MonkeyPatch) -> None:
    """A hundred thousand rows cost a screenful of drawing, and drawing it again (a refresh) costs nothing more."""
    drawn: list[int] = []
    real = ListTable.draw_row

    def spy(self: ListTable, row: int, *args: Any) -> Any:
        drawn.append(row)
        return real(self, row, *args)

    monkeypatch.setattr(ListTable, "draw_row", spy)
    messages: list[Message] = []
    app = One()
    async with app.run_test(size=(60, 12), message_hook=messages.append) as pilot:
        table = app.query_one(ListTable)
        table.set_rows(rows(100_000))
        await pilot.pause()
        assert sorted(set(drawn)) == list(range(-1, 11))  # the header and the 11 rows shown
        drawn.clear()
        table.refresh()
        await pilot.pause()
        assert drawn == []  # the same lines: from the cache
        table.focus()
        await pilot.press("end")
        assert table.cursor_row == 99_999
        assert set(drawn) <= {-1, 0, *range(99_989, 100_000)}  # the last screenful (and the old cursor's row)
