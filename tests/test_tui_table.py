"""ListTable draws one-line Text cells without Rich's generic pipeline: it must draw exactly what DataTable draws."""

from typing import Any

import pytest
from rich.segment import Segment
from rich.text import Text
from textual.app import App, ComposeResult
from textual.coordinate import Coordinate
from textual.widgets import DataTable

from journal_tui.tui.text import cell
from journal_tui.tui.widgets.table import Col, ListTable

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
]


class TableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield ListTable(COLS)


def chars(lines: list[list[Segment]]) -> list[tuple[str, Any]]:
    """Each cell of the drawn line with its final style: segment boundaries may differ, the picture may not."""
    out = []
    for line in lines:
        for seg in line:
            for ch in seg.text:
                out.append((ch, seg.style))
    return out


async def test_fast_cells_draw_what_datatable_draws(monkeypatch: pytest.MonkeyPatch) -> None:
    slow_calls: list[tuple[int, int]] = []
    original = DataTable._render_cell

    def counted(self: DataTable[Any], row: int, column: int, *args: Any, **kwargs: Any) -> Any:
        slow_calls.append((row, column))
        return original(self, row, column, *args, **kwargs)

    app = TableApp()
    async with app.run_test(size=(70, 12)) as pilot:
        table = app.query_one(ListTable)
        table.set_rows((str(i), c) for i, c in enumerate(CELLS))
        await pilot.pause()
        compared = 0
        base = table.rich_style
        for row in range(table.row_count):
            for column, col in enumerate(table.ordered_columns):
                width = col.get_render_width(table)
                for cursor, hover in ((False, False), (True, False), (False, True), (True, True)):
                    table._cell_render_cache.clear()
                    with monkeypatch.context() as m:
                        m.setattr(DataTable, "_render_cell", counted)
                        fast = table._render_cell(row, column, base, width, cursor, hover)
                    table._cell_render_cache.clear()
                    slow = original(table, row, column, base, width, cursor, hover)
                    assert chars(fast) == chars(slow), (row, column, cursor, hover)
                    assert sum(s.cell_length for s in fast[0]) == width
                    compared += 1
        assert compared == len(CELLS) * len(table.ordered_columns) * 4
        assert slow_calls == [], "every cell here is one line of Text: none should take DataTable's own way"
        # narrower than the content: still the same picture
        for width in (0, 1, 2, 3, 5):
            table._cell_render_cache.clear()
            fast = table._render_cell(1, 2, base, width)
            table._cell_render_cache.clear()
            assert chars(fast) == chars(DataTable._render_cell(table, 1, 2, base, width)), width


async def test_fast_rows_draw_what_datatable_draws() -> None:
    """Every body line, with the cursor and the hover on each row in turn, at a width wider than the columns."""
    app = TableApp()
    async with app.run_test(size=(70, 12)) as pilot:
        table = app.query_one(ListTable)
        table.set_rows((str(i), c) for i, c in enumerate(CELLS))
        await pilot.pause()
        table.styles.width = 90  # room beyond the columns: the extension segment is drawn too
        await pilot.pause()
        base = table.rich_style
        compared = 0
        for cursor_row in range(table.row_count):
            for hover_row in (-1, 0, cursor_row):
                cursor, hover = Coordinate(cursor_row, 0), Coordinate(hover_row, 0)
                for row in range(table.row_count):
                    key = table._row_locations.get_key(row)
                    assert key is not None
                    table._row_render_cache.clear()
                    fast = table._render_line_in_row(key, 0, base, cursor, hover)
                    table._row_render_cache.clear()
                    slow = DataTable._render_line_in_row(table, key, 0, base, cursor, hover)
                    assert fast[0] == slow[0] == []
                    assert chars(fast[1]) == chars(slow[1]), (cursor_row, hover_row, row)
                    assert [chars([c]) for c in fast[1]] == [chars([c]) for c in slow[1]]
                    compared += 1
        assert compared == table.row_count**2 * 3
        header = table._render_line_in_row(table._header_row_key, 0, base, Coordinate(0, 0), Coordinate(-1, 0))
        table._row_render_cache.clear()
        assert chars(header[1]) == chars(
            DataTable._render_line_in_row(table, table._header_row_key, 0, base, Coordinate(0, 0), Coordinate(-1, 0))[1]
        )
