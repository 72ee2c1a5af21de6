"""The list table: rows keyed by id, a row cursor, columns sized from the table's own width.

Each column says how it behaves: a fixed width (dates, counts, flags), or flexible
(the text column takes what is left); and a priority: when the terminal is too narrow
for every column, the lowest-priority columns are dropped before the text column
gets narrower than its minimum.  Cells are `rich.text.Text` cut with `…`; the table
never scrolls sideways, and `home`/`end` move the cursor to the first/last row.

Built on Textual's public Line API (a `ScrollView` whose `render_line` draws one line),
not on `DataTable`: a table that overrides a widget's private methods breaks when a
Textual release changes them.  It draws what `DataTable` drew (its CSS and its layering
of styles, under our own component classes; tests/test_tui_table.py compares the two),
and only the lines on screen: a page of rows costs what is shown, not what is held.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar, NamedTuple

from rich.console import RenderableType
from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style
from rich.text import Span, Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size, Spacing
from textual.message import Message
from textual.renderables.styled import Styled
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets.data_table import RowDoesNotExist

from journal_tui.tui.text import cell

__all__ = ["Col", "ListTable", "RowDoesNotExist", "layout"]


@dataclass(frozen=True)
class Col:
    key: str
    label: str
    width: int | None = None  # None: flexible, takes the rest
    min: int = 12  # flexible columns: never narrower than this (other columns are dropped first)
    max: int | None = None  # flexible columns: never wider than this
    priority: int = 0  # higher stays longer when space runs out; the flexible column should be highest
    grow: int = 1  # flexible columns: their share of the width past every minimum (a title grows faster than tags)


def layout(cols: Sequence[Col], width: int, padding: int = 1) -> dict[str, int]:
    """The columns to show at `width` cells, and each one's width (flexible columns share the rest).

    When not every column fits, the lowest-priority one goes first (never the highest, the text column).  The
    width past the flexible columns' minimums is shared by their `grow` weights, each up to its `max`; what a
    column cannot take goes to the others."""
    shown = list(cols)

    def fits(candidate: list[Col]) -> bool:
        fixed = sum((c.width or 0) + 2 * padding for c in candidate)
        flex = sum(c.min + 2 * padding for c in candidate if c.width is None)
        return fixed + flex <= width

    while len(shown) > 1 and not fits(shown):
        top = max(shown, key=lambda c: c.priority)
        shown.remove(min((c for c in shown if c is not top), key=lambda c: c.priority))
    flexible = [c for c in shown if c.width is None]
    rest = width - sum((c.width or 0) + 2 * padding for c in shown)
    widths = _share(flexible, max(rest, 0))
    return {c.key: (c.width if c.width is not None else widths[c.key]) for c in shown}


def _share(flexible: list[Col], room: int) -> dict[str, int]:
    """Each flexible column's width in `room` cells: its minimum (or an even share when even those do not fit),
    then the spare by `grow`, each up to its `max`; what a capped column leaves goes to the others."""
    if sum(c.min for c in flexible) > room:  # only one column left and the terminal narrower than its minimum
        return {c.key: max(1, room // len(flexible)) for c in flexible}
    widths = {c.key: c.min for c in flexible}
    spare = room - sum(widths.values())
    growing = [c for c in flexible if c.max is None or widths[c.key] < c.max]
    while spare > 0 and growing:
        weight = sum(max(c.grow, 0) for c in growing) or len(growing)
        given = 0
        for c in growing:
            share = spare * max(c.grow, 0) // weight if weight else spare // len(growing)
            if c.max is not None:
                share = min(share, c.max - widths[c.key])
            widths[c.key] += share
            given += share
        spare -= given
        capped = [c for c in growing if c.max is not None and widths[c.key] >= c.max]
        if given == 0 or not capped:  # rounding left a few cells: the first column that may grow takes them
            widths[growing[0].key] += (
                spare if growing[0].max is None else min(spare, growing[0].max - widths[growing[0].key])
            )
            break
        growing = [c for c in growing if c not in capped]
    return widths


def fit(value: RenderableType, width: int) -> RenderableType:
    """A cell's value at `width` cells: a string becomes literal text (never markup), text stays on one line
    and is cut with `…`; any other renderable is drawn as it is."""
    if isinstance(value, str):
        value = cell(value)
    return cut(value, width) if isinstance(value, Text) else value


def cut(text: Text, width: int) -> Text:
    """A copy of `text` on one line, cut with `…` at `width` cells."""
    text = text.copy()
    text.no_wrap = True
    text.overflow = "ellipsis"
    text.truncate(width, overflow="ellipsis")
    return text


class Palette(NamedTuple):
    """The styles one pass of drawing reads (each a walk up the DOM or a component lookup), read once per pass."""

    base: Style
    header: Style
    even: Style
    odd: Style
    cursor: Style
    hover: Style
    header_hover: Style


class ListTable(ScrollView, can_focus=True):
    """Rows keyed by id under a header line, a row cursor, laid out from its column specs on every resize."""

    ALLOW_SELECT = False

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Select", show=False),
        Binding("up", "cursor_up", "Cursor up", show=False),
        Binding("down", "cursor_down", "Cursor down", show=False),
        Binding("pageup", "cursor_page_up", "Page up", show=False),
        Binding("pagedown", "cursor_page_down", "Page down", show=False),
        Binding("home,ctrl+home", "first_row", "First row", show=False),
        Binding("end,ctrl+end", "last_row", "Last row", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "list-table--cursor",
        "list-table--hover",
        "list-table--header",
        "list-table--header-hover",
        "list-table--odd-row",
        "list-table--even-row",
    }

    # DataTable's own look (Textual 8.2), for the parts a row-cursor table uses
    DEFAULT_CSS = """
    ListTable {
        background: $surface;
        color: $foreground;
        height: auto;
        max-height: 100%;

        &:focus {
            background-tint: $foreground 5%;
            & > .list-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }

            & > .list-table--header {
                background-tint: $foreground 5%;
            }
        }

        &:dark {
            & > .list-table--even-row {
                background: $surface-darken-1 40%;
            }
        }

        & > .list-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .list-table--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }

        & > .list-table--odd-row {

        }

        & > .list-table--even-row {
            background: $surface-lighten-1 50%;
        }

        & > .list-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }

        & > .list-table--header-hover {
            background: $accent 30%;
        }

        & > .list-table--hover {
            background: $block-hover-background;
        }
    }
    """

    @dataclass
    class RowHighlighted(Message):
        """The cursor moved to another row (keys, a click, `move_cursor`); replacing the rows does not post it."""

        table: ListTable
        cursor_row: int
        row_key: str

        @property
        def control(self) -> ListTable:
            return self.table

    @dataclass
    class RowSelected(Message):
        """Enter on a row, or a click on the highlighted row."""

        table: ListTable
        cursor_row: int
        row_key: str

        @property
        def control(self) -> ListTable:
            return self.table

    def __init__(
        self,
        cols: Sequence[Col],
        *,
        zebra_stripes: bool = True,
        cell_padding: int = 1,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self.cols = tuple(cols)
        self.labels = {c.key: c.label for c in self.cols}
        self.zebra_stripes = zebra_stripes
        self.cell_padding = max(cell_padding, 0)
        self.keys: list[str] = []  # the rows, in order
        self.index: dict[str, int] = {}  # a row's key -> its place
        self.cells: dict[str, Mapping[str, RenderableType]] = {}  # a row's key -> its cells by column key
        self.widths: dict[str, int] = layout(self.cols, 80, self.cell_padding)  # the shown columns, in order
        self.laid_out_for = -1  # the width `widths` was laid out for (-1: none yet)
        self.cursor = 0
        self.hover: int | None = None  # the row under the mouse (-1: the header), None when the keyboard moved last
        self.palette: Palette | None = None
        self.lines: LRUCache[tuple[int, bool, bool, int], Strip] = LRUCache(1000)  # drawn lines, by row

    # --- rows --------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self.keys)

    @property
    def row_keys(self) -> tuple[str, ...]:
        return tuple(self.keys)

    @property
    def cursor_row(self) -> int:
        """The index of the highlighted row (0 when there are none)."""
        return self.cursor

    @property
    def cursor_key(self) -> str | None:
        """The key of the highlighted row: the row every action acts on."""
        return self.keys[self.cursor] if 0 <= self.cursor < len(self.keys) else None

    def get_row_index(self, key: str) -> int:
        """The place of the row keyed `key`; `RowDoesNotExist` when there is none."""
        try:
            return self.index[key]
        except KeyError:
            raise RowDoesNotExist(f"no row keyed {key!r}") from None

    def get_cell(self, key: str, column: str) -> RenderableType:
        """The cell of row `key` in `column`, as it was given (before it is cut to the column's width)."""
        if key not in self.cells:
            raise RowDoesNotExist(f"no row keyed {key!r}")
        return self.cells[key].get(column, "")

    def set_rows(self, rows: Iterable[tuple[str, Mapping[str, RenderableType]]]) -> None:
        """Replace every row; the cursor stays on the same key when it is still there, at the same height on
        screen as far as the rows allow, in the same frame as the rows (no RowHighlighted: the caller knows)."""
        keep = self.cursor_key
        body = self.scrollable_content_region.height - 1  # below the header
        on_screen = min(max(self.cursor - self.scroll_offset.y, 0), max(body - 1, 0))  # its line among the rows
        self.keys, self.index, self.cells = [], {}, {}
        self.lines.clear()
        self.add_rows(rows)
        self.update_size()
        if keep is not None and keep in self.index:
            row = self.index[keep]
            self.scroll_to(y=max(0, row - on_screen), animate=False, immediate=True)
            self.cursor = row
            self.scroll_to_cursor()
        else:
            self.cursor = 0
            self.scroll_to(x=0, y=0, animate=False, immediate=True)
        self.refresh()

    def clear(self) -> None:
        """No rows; the cursor and the scroll back at the top."""
        self.set_rows(())

    def append_rows(self, rows: Iterable[tuple[str, Mapping[str, RenderableType]]]) -> None:
        """Add rows after the last (a key already shown is skipped); the cursor stays where it is."""
        if self.add_rows(rows):
            self.update_size()
            self.refresh()

    def add_rows(self, rows: Iterable[tuple[str, Mapping[str, RenderableType]]]) -> bool:
        added = False
        for key, cells in rows:
            if key in self.index:
                continue
            self.index[key] = len(self.keys)
            self.keys.append(key)
            self.cells[key] = cells
            added = True
        return added

    def update_size(self) -> None:
        """The scrollable size: the columns' width, and one line per row under the header."""
        width = sum(w + 2 * self.cell_padding for w in self.widths.values())
        self.virtual_size = Size(width, len(self.keys) + 1)

    # --- the cursor --------------------------------------------------------------------

    def move_cursor(self, *, row: int, animate: bool = False, scroll: bool = True) -> None:
        """Put the cursor on row `row` (clamped to the rows); RowHighlighted when that is another row."""
        if not self.keys:
            return
        old = self.cursor
        self.cursor = min(max(row, 0), len(self.keys) - 1)
        if scroll:
            self.scroll_to_cursor(animate=animate)
        if self.cursor != old:
            self.refresh_row(old)
            self.refresh_row(self.cursor)
            self.post_message(self.RowHighlighted(self, self.cursor, self.keys[self.cursor]))

    def scroll_to_cursor(self, animate: bool = False) -> None:
        """Scroll so that the cursor's row shows below the header."""
        region = Region(self.scroll_offset.x, self.cursor + 1, max(self.size.width, self.virtual_size.width), 1)
        self.scroll_to_region(region, animate=animate, spacing=Spacing(1, 0, 0, 0), force=True)

    def refresh_row(self, row: int) -> None:
        """Draw row `row` again (-1: the header)."""
        if row == -1:
            self.refresh(Region(0, 0, max(self.size.width, self.virtual_size.width), 1))
        elif 0 <= row < len(self.keys):
            self.refresh_line(row + 1)

    def set_hover(self, row: int | None) -> None:
        """The row under the mouse (-1: the header; None: none, or the keyboard moved last) is highlighted."""
        if row != self.hover:
            for changed in (self.hover, row):
                if changed is not None:
                    self.refresh_row(changed)
            self.hover = row

    def hide_hover(self) -> None:
        self.set_hover(None)

    def action_cursor_up(self) -> None:
        self.hide_hover()
        self.move_cursor(row=self.cursor - 1)

    def action_cursor_down(self) -> None:
        self.hide_hover()
        self.move_cursor(row=self.cursor + 1)

    def action_cursor_page_down(self) -> None:
        """A page further: the view scrolls by its height and the cursor by as many rows (DataTable's way)."""
        self.hide_hover()
        height = self.scrollable_content_region.height - 1
        self.scroll_relative(y=height, animate=False, force=True)
        self.move_cursor(row=self.cursor + height)

    def action_cursor_page_up(self) -> None:
        self.hide_hover()
        height = self.scrollable_content_region.height - 1
        self.scroll_relative(y=-height, animate=False)
        self.move_cursor(row=self.cursor - height)

    def action_first_row(self) -> None:
        self.hide_hover()
        self.move_cursor(row=0)

    def action_last_row(self) -> None:
        self.hide_hover()
        self.move_cursor(row=len(self.keys) - 1)

    def action_select_cursor(self) -> None:
        self.hide_hover()
        if (key := self.cursor_key) is not None:
            self.post_message(self.RowSelected(self, self.cursor, key))

    # --- the mouse ---------------------------------------------------------------------

    def on_mouse_move(self, event: events.MouseMove) -> None:
        """Highlight the row under the mouse (each drawn cell carries its row in its style's meta)."""
        row = event.style.meta.get("row")
        self.set_hover(row if isinstance(row, int) else None)

    def on_leave(self, event: events.Leave) -> None:
        self.hide_hover()

    def on_click(self, event: events.Click) -> None:
        """A click on a row moves the cursor there; on the highlighted row it selects it (as enter does)."""
        row = event.style.meta.get("row")
        if not isinstance(row, int) or not 0 <= row < len(self.keys):
            return
        event.stop()
        same = row == self.cursor
        self.move_cursor(row=row, animate=True)
        if same:
            self.post_message(self.RowSelected(self, row, self.keys[row]))

    # --- drawing -----------------------------------------------------------------------

    def read_palette(self) -> Palette:
        style = self.get_component_rich_style
        return Palette(
            base=self.rich_style,
            header=style("list-table--header"),
            even=style("list-table--even-row"),
            odd=style("list-table--odd-row"),
            cursor=style("list-table--cursor"),
            hover=style("list-table--hover"),
            header_hover=style("list-table--header-hover"),
        )

    def render_lines(self, crop: Region) -> list[Strip]:
        """The styles are read once per pass (the base style walks up the DOM); lines drawn with other styles
        (focus moved, the theme changed) are forgotten."""
        palette = self.read_palette()
        if palette != self.palette:
            self.palette = palette
            self.lines.clear()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        palette = self.palette or self.read_palette()
        width = self.size.width
        scroll_x, scroll_y = self.scroll_offset
        row = -1 if y == 0 else y - 1 + scroll_y  # the header stays on the first line
        if row >= len(self.keys):
            return Strip.blank(width, palette.base)
        cursor = row == self.cursor and row >= 0
        hover = row == self.hover
        key = (row, cursor, hover, scroll_x)
        strip = self.lines.get(key)
        if strip is None:
            segments = self.draw_row(row, palette, cursor, hover)
            strip = Strip(segments).crop(scroll_x, scroll_x + width).adjust_cell_length(width, palette.base).simplify()
            self.lines.set(key, strip)
        return strip

    def draw_row(self, row: int, palette: Palette, cursor: bool, hover: bool) -> list[Segment]:
        """One line: each shown column's cell, then the row's style out to the widget's edge."""
        header = row == -1
        if header:
            row_style = palette.header
        elif self.zebra_stripes:
            row_style = palette.odd if row % 2 else palette.even
        else:
            row_style = palette.base
        component = Style()
        if hover:
            component += palette.hover
            if header:
                component += palette.header_hover
        if cursor:
            component += palette.cursor
        post = Style.from_color(color=component.color)  # the cursor's colour over the cell's; the cell's background
        cells = self.cells[self.keys[row]] if not header else {}
        labels = self.labels
        pad = self.cell_padding
        segments: list[Segment] = []
        drawn = 0
        styled = row_style + component  # (a cell's meta, its place, only adds to these: the order does not matter)
        for column, (col_key, width) in enumerate(self.widths.items()):
            pre = styled + Style.from_meta({"row": row, "column": column})
            if header:
                label = Text(labels[col_key], no_wrap=True, overflow="ellipsis")
                segments += self.render_cell(label, width + 2 * pad, pre, post)
            else:
                segments += self.draw_cell(cells.get(col_key, ""), width + 2 * pad, pre, post)
            drawn += width + 2 * pad
        extend = styled + Style.from_meta({"row": row, "column": 0, "out_of_bounds": True})
        segments.append(Segment(" " * max(0, self.size.width - drawn), extend))
        return segments

    def draw_cell(self, value: RenderableType, width: int, pre: Style, post: Style) -> list[Segment]:
        """A cell's value `fit` to the column: a one-line, left-aligned `Text` straight to segments, as Rich would
        draw it padded and styled, without Rich's generic pipeline (most of the time of drawing new rows), and
        copied only when it must be cut; anything else goes Rich's way."""
        pad = self.cell_padding
        inner = width - 2 * pad
        if isinstance(value, str):
            value = cell(value)
        if (
            not isinstance(value, Text)
            or value.justify not in (None, "default", "left")
            or "\n" in value.plain
            or "\t" in value.plain
            or inner < 1
            or (inner < 2 and value.cell_len > inner)  # no room for `…`: Rich cuts it its own way
        ):
            value = fit(value, inner)
            if isinstance(value, Text) and not value:  # as DataTable formats a cell: an empty one is empty text
                value = Text(no_wrap=True, end="")
            return self.render_cell(value, width, pre, post)
        text = cut(value, inner) if value.cell_len > inner else value
        if text.style:  # as Rich's own rendering joins lines: the base style becomes the first span
            text = Text(text.plain, spans=[Span(0, len(text.plain), text.style), *text.spans])
        segments = [Segment(" " * pad)] if pad else []
        segments += text.render(self.app.console, end="")
        segments.append(Segment(" " * (inner - text.cell_len + pad)))
        return list(Segment.apply_style(segments, style=pre, post_style=post))

    def render_cell(self, value: RenderableType, width: int, pre: Style, post: Style) -> list[Segment]:
        """Any renderable in a cell `width` wide and one line high, through Rich (as DataTable draws a cell)."""
        options = self.app.console_options.update_dimensions(width, 1).update(no_wrap=True)
        lines = self.app.console.render_lines(Styled(Padding(value, (0, self.cell_padding)), pre, post), options)
        return lines[0]

    # --- layout ------------------------------------------------------------------------

    @property
    def shown_columns(self) -> tuple[str, ...]:
        return tuple(self.widths)

    def column_width(self, key: str) -> int | None:
        return self.widths.get(key)

    def on_mount(self) -> None:
        self.relayout()

    def on_resize(self, event: events.Resize) -> None:
        self.lines.clear()
        self.relayout()

    def relayout(self) -> None:
        """Columns for the current width (when it changed): the rows, the cursor and the scroll stay."""
        width = self.scrollable_content_region.width
        if width <= 0:
            width = 80
        if width == self.laid_out_for:
            return
        self.laid_out_for = width
        widths = layout(self.cols, width, self.cell_padding)
        if widths != self.widths:
            self.widths = widths
            self.lines.clear()
            self.refresh()
        self.update_size()
