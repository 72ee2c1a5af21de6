"""A row-cursor DataTable whose columns are sized from its own width.

Each column says how it behaves: a fixed width (dates, counts, flags), or flexible
(the text column takes what is left); and a priority: when the terminal is too narrow
for every column, the lowest-priority columns are dropped before the text column
gets narrower than its minimum.  Cells are `rich.text.Text` cut with `…`; the table
never scrolls sideways, and `home`/`end` move the cursor to the first/last row.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rich.console import RenderableType
from rich.segment import Segment
from rich.style import Style
from rich.text import Span, Text
from textual import events
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets.data_table import RowKey

from journal_tui.tui.text import cell


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


class ListTable(DataTable[Any]):
    """A DataTable of rows keyed by id, laid out from its column specs on every resize."""

    BINDINGS = [
        Binding("home", "scroll_top", "First row", show=False),
        Binding("end", "scroll_bottom", "Last row", show=False),
    ]

    def __init__(self, cols: Sequence[Col], **kwargs: Any) -> None:
        kwargs.setdefault("cursor_type", "row")
        kwargs.setdefault("zebra_stripes", True)
        super().__init__(**kwargs)
        self.cols = tuple(cols)
        self._cells: dict[str, Mapping[str, RenderableType]] = {}
        self._widths: dict[str, int] = {}
        self._laid_out_for = -1
        self._style_memo: dict[object, Style] | None = None  # during one render pass: styles read once, not per line

    # --- rows --------------------------------------------------------------------------

    def set_rows(self, rows: Iterable[tuple[str, Mapping[str, RenderableType]]]) -> None:
        """Replace every row; the cursor stays on the same key when it is still there, at the same height on
        screen as far as the rows allow, in the same frame as the rows.

        DataTable scrolls to a moved cursor only after the next refresh (the new rows' height is known then):
        that painted the top of the new rows first and the rows around the cursor a frame later, two paints for
        one filter key.  Here the height is settled and the scroll set before the cursor moves."""
        keep = self.cursor_key
        body = self.scrollable_content_region.height - (self.header_height if self.show_header else 0)
        on_screen = min(max(self.cursor_row - int(self.scroll_y), 0), max(body - 1, 0))  # its line in the rows shown
        self.clear()
        self._cells = {}
        self.append_rows(rows)
        if keep is not None and keep in self._cells:
            row = self.get_row_index(keep)
            self._settle_dimensions()
            self.scroll_to(y=max(0, row - on_screen), animate=False, immediate=True)
            self.move_cursor(row=row, animate=False)
        elif self.row_count:
            self.move_cursor(row=0, animate=False)

    def _settle_dimensions(self) -> None:
        """The new rows' height, now (DataTable works it out when idle): what scrolling to a row needs."""
        if self._require_update_dimensions:
            self._require_update_dimensions = False
            new_rows = self._new_rows.copy()
            self._new_rows.clear()
            self._update_dimensions(new_rows)

    def append_rows(self, rows: Iterable[tuple[str, Mapping[str, RenderableType]]]) -> None:
        if not self.columns:
            self._relayout(force=True)
        for key, cells in rows:
            if key in self._cells:
                continue
            self._cells[key] = cells
            self.add_row(*self._row(cells), key=key)

    def _row(self, cells: Mapping[str, RenderableType]) -> list[RenderableType]:
        return [self._fit(cells.get(key, ""), width) for key, width in self._widths.items()]

    @staticmethod
    def _fit(value: RenderableType, width: int) -> RenderableType:
        if isinstance(value, str):
            value = cell(value)
        if isinstance(value, Text):
            value = value.copy()
            value.no_wrap = True
            value.overflow = "ellipsis"
            value.truncate(width, overflow="ellipsis")
        return value

    # --- rendering -----------------------------------------------------------------------

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        """Every column has a set width and every row one line: no cell needs measuring (DataTable measures
        each new cell, 500 per page, on the UI thread, to size columns that are not sized by content here)."""
        keys = list(new_rows)
        rows = [self.rows.get(key) for key in keys]
        if any(c.auto_width for c in self.columns.values()) or any(
            r is not None and (r.label is not None or r.auto_height) for r in rows
        ):
            super()._update_dimensions(keys)
            return
        header = self.header_height if self.show_header else 0
        width = sum(c.get_render_width(self) for c in self.columns.values()) + self._row_label_column_width
        self.virtual_size = Size(width, self._total_row_height + header)

    def render_lines(self, crop: Region) -> list[Strip]:
        """One pass over the visible lines: the table's and the rows' styles (a walk up the DOM each) are read once."""
        self._style_memo = {}
        try:
            return super().render_lines(crop)
        finally:
            self._style_memo = None

    @property
    def rich_style(self) -> Style:
        memo = self._style_memo
        if memo is None:
            return super().rich_style
        if "table" not in memo:
            memo["table"] = super().rich_style
        return memo["table"]

    def _get_row_style(self, row_index: int, base_style: Style) -> Style:
        memo = self._style_memo
        if memo is None or row_index < self.fixed_rows:
            return super()._get_row_style(row_index, base_style)
        key = ("row", row_index % 2 if self.zebra_stripes else None, base_style)
        if key not in memo:
            memo[key] = super()._get_row_style(row_index, base_style)
        return memo[key]

    def _render_line_in_row(
        self, row_key: RowKey, line_no: int, base_style: Style, cursor_location: Coordinate, hover_location: Coordinate
    ) -> tuple[list[list[Segment]], list[list[Segment]]]:
        """A body row of a row-cursor table without labels or fixed columns, as DataTable draws it, without the
        per-line work it does for those (a header style and the background colours, each a walk up the DOM):
        after a filter keystroke every visible line is drawn afresh.  Anything else goes DataTable's way;
        tests/test_tui_table.py checks both ways draw the same lines."""
        if (
            row_key is self._header_row_key
            or self.cursor_type != "row"
            or self.fixed_columns
            or (self._labelled_row_exists and self.show_row_labels)
        ):
            return super()._render_line_in_row(row_key, line_no, base_style, cursor_location, hover_location)
        cache_key = (
            row_key,
            line_no,
            base_style,
            cursor_location,
            hover_location,
            self.cursor_type,
            self.show_cursor,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )
        cached = self._row_render_cache.get(cache_key)
        if cached is not None:
            return cached
        found = self._row_locations.get(row_key)
        row_index = -1 if found is None else found
        row_style = self._get_row_style(row_index, base_style)
        cursor = row_index == cursor_location.row  # a row cursor highlights every cell of its row
        hover = row_index == hover_location.row
        scrollable: list[list[Segment]] = []
        table_width = self._row_label_column_width
        for column_index, column in enumerate(self.ordered_columns):
            width = column.get_render_width(self)
            table_width += width
            scrollable.append(
                self._render_cell(row_index, column_index, row_style, width, cursor=cursor, hover=hover)[line_no]
            )
        extend, _ = self._get_styles_to_render_cell(
            row_index == -1, False, False, hover, cursor, self.show_cursor, self._show_hover_cursor, False, False
        )
        extend = row_style + extend + Style.from_meta({"row": row_index, "column": 0, "out_of_bounds": True})
        scrollable.append([Segment(" " * max(0, self.size.width - table_width), extend)])
        pair: tuple[list[list[Segment]], list[list[Segment]]] = ([], scrollable)
        self._row_render_cache[cache_key] = pair
        return pair

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> list[list[Segment]]:
        """A one-line `Text` body cell straight to segments, as DataTable draws it, without Rich's generic pipeline.

        DataTable renders every cell through `console.render_lines(Styled(Padding(cell)))`, and its
        cache is dropped on every added row: after a filter keystroke that was most of the time
        until the new rows showed.  Anything else (header, labels, wrapped or tabbed text) goes the
        usual way; tests/test_tui_table.py checks both ways draw the same cells.
        """
        row_key = self._row_locations.get_key(row_index) if row_index >= 0 else None
        column_key = self._column_locations.get_key(column_index) if column_index >= 0 else None
        row = self.rows.get(row_key) if row_key is not None else None
        text = self._data[row_key].get(column_key) if row_key is not None and column_key is not None else None
        if (
            row_key is None
            or column_key is None
            or row is None
            or row.height != 1
            or self.fixed_rows
            or self.fixed_columns
            or not isinstance(text, Text)
            or not self._fits_fast(text, width)
        ):
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        # DataTable's own cache and key: the column's width is part of the column
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
        cache = self._cell_render_cache
        if key not in cache:
            cache[key] = [self._fast_cell(text, row_index, column_index, base_style, width, cursor, hover)]
        return cache[key]

    def _fits_fast(self, text: Text, width: int) -> bool:
        """One plain line, left-aligned; a cell narrower than 2 cells Rich cuts its own way (no room for `…`)."""
        if text.justify not in (None, "default", "left") or "\n" in text.plain or "\t" in text.plain:
            return False
        inner = width - 2 * self.cell_padding
        return inner >= 1 and (inner >= 2 or text.cell_len <= inner)

    def _fast_cell(
        self, text: Text, row_index: int, column_index: int, base_style: Style, width: int, cursor: bool, hover: bool
    ) -> list[Segment]:
        component, post = self._get_styles_to_render_cell(
            False,
            False,
            False,
            hover,
            cursor,
            self.show_cursor,
            self._show_hover_cursor,
            self.cursor_foreground_priority == "css",
            self.cursor_background_priority == "css",
        )
        pre = base_style + Style.from_meta({"row": row_index, "column": column_index}) + component
        pad = self.cell_padding
        inner = max(width - 2 * pad, 0)
        if text.cell_len > inner:
            text = text.copy()
            text.truncate(inner, overflow=text.overflow or "fold")
        if text.style:  # as Rich's own rendering joins lines: the base style becomes the first span
            text = Text(text.plain, spans=[Span(0, len(text.plain), text.style), *text.spans])
        segments = [Segment(" " * pad)] if pad else []
        segments += text.render(self.app.console, end="")
        fill = inner - text.cell_len
        segments.append(Segment(" " * (fill + pad)))
        line = list(Segment.apply_style(segments, style=pre, post_style=post))
        return Segment.adjust_line_length(line, width) if width != inner + 2 * pad else line

    @property
    def cursor_key(self) -> str | None:
        """The key of the highlighted row: the row every action acts on."""
        if not self.row_count:
            return None
        try:
            return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        except Exception:  # noqa: BLE001 - the cursor sits past the rows while they are replaced
            return None

    # --- layout ------------------------------------------------------------------------

    @property
    def shown_columns(self) -> tuple[str, ...]:
        return tuple(self._widths)

    def column_width(self, key: str) -> int | None:
        return self._widths.get(key)

    def _on_resize(self, event: events.Resize) -> None:
        super()._on_resize(event)
        self._relayout()

    def _relayout(self, force: bool = False) -> None:
        width = self.scrollable_content_region.width
        if width <= 0:
            width = 80
        if width == self._laid_out_for and not force:
            return
        self._laid_out_for = width
        widths = layout(self.cols, width, self.cell_padding)
        if widths == self._widths and self.columns and not force:
            return
        self._widths = widths
        keep = self.cursor_key
        scroll_y = self.scroll_y
        self.clear(columns=True)
        labels = {c.key: c.label for c in self.cols}
        for key, w in widths.items():
            self.add_column(Text(labels[key], no_wrap=True, overflow="ellipsis"), key=key, width=w)
        for key, cells in self._cells.items():
            self.add_row(*self._row(cells), key=key)
        if keep is not None and keep in self._cells:
            self.move_cursor(row=self.get_row_index(keep), animate=False, scroll=False)
            self.scroll_y = scroll_y
