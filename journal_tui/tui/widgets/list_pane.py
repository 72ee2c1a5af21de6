"""A pane with a paged list on the left and the selected item's detail on the right.

Rows come from the store one page at a time (keyset paging), loaded in thread
workers: the UI never waits on the database, and a journal of 100,000 entries puts
one page into the widget, not 100,000 rows.  Scrolling near the end loads the next
page.  Subclasses say what to fetch and how to show it.
"""

import time
from typing import Any, Generic, TypeVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from rich.console import RenderableType
from rich.text import Text
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import DataTable, Markdown, Static
from textual.worker import get_current_worker

from journal_tui.errors import JournalError
from journal_tui.query import Filter
from journal_tui.tui.widgets.table import Col, ListTable

Row = TypeVar("Row")
ROW_ACTIONS = {"edit", "delete", "star", "link", "milestone", "toggle_milestone", "achieve"}
PAGE_SIZE = 100
PREFETCH_MARGIN = 30
HIDDEN_COUNT_DELAY = 0.15  # seconds: hidden panes count after the visible one loads


class LazyReload:
    """Reload when shown; a hidden pane only refreshes its count (for the status line) until it is shown.

    Typing a filter then costs one pane's rows, not three.  Mixed into Widgets that
    provide `_load(flt)`, `fetch_count(flt)` and a `count` reactive, with id "<name>-pane".
    """

    stale = True

    @property
    def pane_name(self) -> str:
        return (self.id or "").removesuffix("-pane")  # type: ignore[attr-defined]

    def reload(self) -> None:
        app = self.app  # type: ignore[attr-defined]
        if app.store is None:
            return  # the app reloads every pane once the store is open
        if app.active_pane_id == self.pane_name:
            self.stale = False
            self._load(app.flt)  # type: ignore[attr-defined]
        else:
            self.stale = True
            self._count_only(app.flt)

    def ensure_fresh(self) -> None:
        if self.stale:
            self.reload()

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def _count_only(self, flt: Filter) -> None:
        time.sleep(HIDDEN_COUNT_DELAY)  # let the visible pane win the race; a newer keystroke cancels this
        if get_current_worker().is_cancelled:
            return
        try:
            total = self.fetch_count(flt)  # type: ignore[attr-defined]
        except JournalError:
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._set_count, total)  # type: ignore[attr-defined]

    def _set_count(self, total: int) -> None:
        self.count = total
        self.post_message(ListPane.Loaded(self))  # type: ignore[attr-defined, arg-type]


class ListPane(LazyReload, Widget, Generic[Row]):
    """Shared behaviour of the Journal and Feedback panes."""

    BINDINGS = [
        Binding("n", "new", "New", id="new", tooltip="Add a new item"),
        Binding("e", "edit", "Edit", id="edit", tooltip="Edit the selected item"),
        Binding("d", "delete", "Delete", id="delete", tooltip="Delete the selected item (u undoes)"),
    ]
    COLUMNS: tuple[Col, ...] = ()
    NOUN = "item"

    count: reactive[int | None] = reactive(None)
    selected_id: reactive[int | None] = reactive(None)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.rows: dict[int, Row] = {}
        self._after: tuple[Any, int] | None = None
        self._exhausted = True
        self._loading_more = False
        self.filter_started: float | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(classes="pane-body"):
            with Vertical(classes="pane-list"):
                yield ListTable(self.COLUMNS, classes="pane-table")
                yield Static("", classes="pane-empty", markup=False)
            with VerticalScroll(classes="pane-detail"):
                yield Markdown(classes="detail", open_links=False)

    @property
    def table(self) -> ListTable:
        return self.query_one(ListTable)

    def on_mount(self) -> None:
        self.watch(self.app, "flt", self._filter_changed, init=False)
        self.watch(self.app, "revision", lambda _: self.reload(), init=False)
        self.reload()

    def _filter_changed(self, _: Filter) -> None:
        self.filter_started = getattr(self.app, "filter_started", None)
        self.reload()

    # --- what subclasses provide ---------------------------------------------------

    def fetch(self, flt: Filter, after: tuple[Any, int] | None, limit: int) -> list[Row]:
        raise NotImplementedError

    def fetch_count(self, flt: Filter) -> int:
        raise NotImplementedError

    def cells(self, row: Row) -> dict[str, RenderableType]:
        """The row's cells by column key; user text as `Text` (see tui/text.py), never markup."""
        raise NotImplementedError

    def page_key(self, row: Row) -> tuple[Any, int]:
        raise NotImplementedError

    def detail_markdown(self, row_id: int) -> str:
        raise NotImplementedError

    def empty_hint(self) -> Text:
        """Shown in the list area when there are no rows."""
        return Text(f"No {self.NOUN} matches the filter. Press escape to clear it.")

    # --- loading ------------------------------------------------------------------------

    @property
    def store(self):  # noqa: ANN201 - JournalApp.store
        return self.app.store  # type: ignore[attr-defined]

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def _load(self, flt: Filter) -> None:
        try:
            rows = self.fetch(flt, None, PAGE_SIZE)
            total = self.fetch_count(flt) if len(rows) >= PAGE_SIZE else len(rows)
        except JournalError as exc:
            self.app.call_from_thread(self.app.notify, str(exc), severity="error")
            return
        if get_current_worker().is_cancelled:
            return
        self.app.call_from_thread(self._replace_rows, rows, total)

    def _replace_rows(self, rows: list[Row], total: int) -> None:
        table = self.table
        self.rows = {}
        table.set_rows(self._keyed(rows))
        self._exhausted = len(rows) < PAGE_SIZE
        self.count = total
        self._show_empty(not rows)
        if rows:
            self.selected_id = self.cursor_id
            self._show_detail_for_cursor()
        else:
            self.selected_id = None
            self.query_one(Markdown).update("")
        if self.filter_started is not None:
            self.app.filter_latency_ms = (time.perf_counter() - self.filter_started) * 1000  # type: ignore[attr-defined]
            self.filter_started = None
        self.post_message(self.Loaded(self))

    def _show_empty(self, empty: bool) -> None:
        self.set_class(empty, "-empty")
        if empty:
            self.query_one(".pane-empty", Static).update(self.empty_hint())

    def _keyed(self, rows: list[Row]) -> list[tuple[str, dict[str, RenderableType]]]:
        out = []
        for row in rows:
            key = self.page_key(row)[1]
            if key in self.rows:
                continue
            self.rows[key] = row
            out.append((str(key), self.cells(row)))
        if rows:
            self._after = self.page_key(rows[-1])
        return out

    def _append(self, rows: list[Row]) -> None:
        self.table.append_rows(self._keyed(rows))

    @work(thread=True, exclusive=True, group="more", exit_on_error=False)
    def _load_more(self, flt: Filter, after: tuple[Any, int]) -> None:
        try:
            rows = self.fetch(flt, after, PAGE_SIZE)
        except JournalError as exc:
            self.app.call_from_thread(self.app.notify, str(exc), severity="error")
            rows = []
        self.app.call_from_thread(self._more_loaded, rows)

    def _more_loaded(self, rows: list[Row]) -> None:
        self._append(rows)
        self._exhausted = len(rows) < PAGE_SIZE
        self._loading_more = False

    class Loaded(Message):
        """Posted after a (re)load replaced the rows."""

        def __init__(self, pane: "ListPane[Any]") -> None:
            super().__init__()
            self.pane = pane

    # --- selection and detail -------------------------------------------------------

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if event.row_key.value is None:
            return
        self.selected_id = int(event.row_key.value)
        self._show_detail_for_cursor()
        table = self.table
        if not self._exhausted and not self._loading_more and event.cursor_row >= table.row_count - PREFETCH_MARGIN:
            self._loading_more = True
            self._load_more(self.app.flt, self._after)  # type: ignore[attr-defined]

    def _show_detail_for_cursor(self) -> None:
        if self.selected_id is not None:
            self._load_detail(self.selected_id)

    @work(thread=True, exclusive=True, group="detail", exit_on_error=False)
    def _load_detail(self, row_id: int) -> None:
        try:
            text = self.detail_markdown(row_id)
        except JournalError as exc:
            text = f"*{exc}*"
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._set_detail, row_id, text)

    def _set_detail(self, row_id: int, text: str) -> None:
        if row_id == self.cursor_id:
            self.query_one(Markdown).update(text)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys that act on a row are shown dimmed while there is none."""
        if action in ROW_ACTIONS and self.table.cursor_key is None:
            return None
        return True

    @property
    def cursor_id(self) -> int | None:
        """The id of the highlighted row, read from the table itself: what every key acts on."""
        key = self.table.cursor_key
        return int(key) if key is not None else None

    def current(self) -> Row | None:
        row_id = self.cursor_id
        return self.rows.get(row_id) if row_id is not None else None

    def focus_table(self) -> None:
        self.table.focus()
