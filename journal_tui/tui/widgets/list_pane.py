"""The panes: a paged list on the left and the selected item's detail on the right.

State comes down, requests go up.  The app owns the filter, today and a revision
counter and binds them into every pane (`data_bind`); a pane reloads when they
change.  A pane never calls the app: it posts a message (`Pane.EditRequested`, ...)
and the app acts on it.  Rows come from the reader one page at a time (keyset
paging) in thread workers that post their result back as a message; the UI never
waits on the database, and a journal of 100,000 entries puts one page into the
widget, not 100,000 rows.  A hidden pane only counts its rows (for the status line),
and only after the visible pane has loaded: the app asks it to, in that order.
A filter keystroke puts the page's rows on screen before anything else: the shown
pane's count is a second query after them, and while the filter is being typed the
detail and the hidden panes' counts wait for a pause in the typing.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from rich.console import RenderableType
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.compose import compose
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.widget import AwaitMount, Widget
from textual.widgets import DataTable, Static
from textual.widgets.data_table import RowDoesNotExist
from textual.worker import get_current_worker

from journal_tui.errors import JournalError
from journal_tui.query import Filter
from journal_tui.tui.base import ReportsFailures
from journal_tui.tui.messages import DeleteRequested, EditRequested, FormRequest, FormRequested
from journal_tui.tui.widgets.detail import MarkdownSlot
from journal_tui.tui.widgets.table import Col, ListTable

if TYPE_CHECKING:
    from journal_tui.data.reader import Reader
    from journal_tui.tui.context import JournalContext

Row = TypeVar("Row")
ROW_ACTIONS = {"edit", "delete", "star", "link", "milestone", "toggle_milestone", "achieve"}
PAGE_SIZE = 60  # rows a page: every filter keystroke puts one page into the table (a 120x36 list shows 28 rows)
PREFETCH_MARGIN = 30  # the next page is read while the cursor is this near the last row
DETAIL_DELAY = 0.25  # seconds without a filter keystroke before the detail is drawn and hidden panes counted
DETAIL_POLL = 0.02


class Pane(ReportsFailures, Widget):
    """What the four panes share: bound state, lazy reloads, counts, and the messages they post up.

    A pane shown reloads when the filter or the revision changes; a hidden one only
    remembers to (and, when it `COUNTS`, waits for the app to ask for its count).
    Subclasses provide `table`, `_load(flt)` and, when they count, `fetch_count(flt)`.
    """

    COUNTS = True  # the status line shows this pane's count

    flt: reactive[Filter] = reactive(Filter, always_update=False, repaint=False)
    revision: reactive[int] = reactive(0, repaint=False)
    today: reactive[dt.date] = reactive(dt.date.today, repaint=False)
    count: reactive[int | None] = reactive(None, repaint=False)
    selected_id: reactive[int | None] = reactive(None, repaint=False)
    # bound from the app: the pane on screen, the keyboard in the filter bar, the first rows shown, and the Journal
    # pane's cursor row (what a new feedback or ask is about)
    shown: reactive[str] = reactive("journal", repaint=False)
    typing: reactive[bool] = reactive(False, repaint=False)
    started: reactive[bool] = reactive(False, repaint=False)
    selected_entry: reactive[int | None] = reactive(None, repaint=False)

    @dataclass
    class Loaded(Message):
        """Posted after a (re)load replaced the rows, or a hidden pane counted them."""

        pane: Pane

    @dataclass
    class CountWanted(Message):
        """A hidden pane reloaded: it counts once the shown pane has its rows (the app knows when)."""

        pane: Pane

    @dataclass
    class _Fetched(Message, bubble=False):
        """A worker's result, back on the UI thread; `generation` tells a stale one."""

        generation: int
        payload: Any

    @dataclass
    class _Counted(Message, bubble=False):
        generation: int
        total: int
        rows_shown: bool = False  # the count of rows already on screen (posted after them), not a hidden pane's

    @dataclass
    class CountChanged(Message):
        """The shown pane's count arrived after its rows: the status line shows it."""

        pane: Pane

    @dataclass
    class _Detail(Message, bubble=False):
        """A detail read in a worker, for the row it was read for."""

        row_id: int | None
        text: str

    def __init__(self, ctx: JournalContext, *, lazy: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.ctx = ctx
        self.built = not lazy  # a lazy pane composes its body when first shown (`build`)
        self.stale = True
        self.count_wanted = False
        self._generation = 0
        self._shown_generation = 0  # the reload whose rows are on screen
        self._reload_scheduled = False

    @property
    def pane_name(self) -> str:
        return (self.id or "").removesuffix("-pane")

    @property
    def rows_reader(self) -> Reader:
        """For the list and the counts, in workers: the reader a new filter interrupts."""
        return self.ctx.rows()

    @property
    def details_reader(self) -> Reader:
        """For the selected item's detail, in workers: never interrupted by typing."""
        return self.ctx.details()

    @property
    def table(self) -> DataTable[Any] | ListTable:
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        """The body, unless the pane waits to be first shown: a hidden pane costs the first frame nothing."""
        if self.built:
            yield from self.compose_body()

    def compose_body(self) -> ComposeResult:
        raise NotImplementedError

    def build(self) -> AwaitMount | None:
        """Compose and mount the body (a lazy pane, first shown): await the result before querying its widgets."""
        if self.built:
            return None
        self.built = True
        return self.mount_all(compose(self))

    def action_new(self) -> None:
        self.post_message(FormRequested(self.new_form()))

    def new_form(self) -> FormRequest:
        """The form `n` opens: a new item of this pane (its module is loaded then, not on the first frame)."""
        raise NotImplementedError

    def focus_table(self) -> None:
        self.table.focus()

    # --- bound state ----------------------------------------------------------------

    def watch_flt(self) -> None:
        self.reload()

    def watch_revision(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Reload once after the current batch of changes (filter, revision and today often change together)."""
        if not self._reload_scheduled:
            self._reload_scheduled = True
            self.call_later(self._reload_now)

    def _reload_now(self) -> None:
        self._reload_scheduled = False
        if not self.ctx.is_open:
            return  # the app bumps the revision once the journal is open
        self._generation += 1
        if self.shown == self.pane_name:
            self.build()
            self.stale = False
            self.count_wanted = False
            if not self.first_rows_now():
                self._load(self.flt, self._generation)
        else:
            self.stale = True
            self.count_wanted = self.COUNTS
            if self.COUNTS:  # the shown pane's Loaded, which asks for the count, may have come before this reload
                self.post_message(self.CountWanted(self))

    def ensure_fresh(self) -> None:
        """The pane is shown: its body composed, its rows up to date."""
        self.build()
        if self.stale:
            self._reload_scheduled = False
            self._reload_now()

    def count_if_wanted(self) -> None:
        """The visible pane has loaded: now count this hidden one (one query, no rows); while a filter is
        typed, after a pause (a count can take seconds at a million entries, a core the next key needs)."""
        if self.count_wanted and self.ctx.is_open:
            self.count_wanted = False
            self._count_only(self.flt, self._generation, DETAIL_DELAY if self.typing else 0.0)

    def first_rows_now(self) -> bool:
        """Show the rows at once, without a worker; False: load them in one (`_load`)."""
        return False

    def select_row(self, row_id: int) -> bool:
        """Put the cursor on the row if it is listed (a row just restored); False if it is not."""
        try:
            index = self.table.get_row_index(str(row_id))
        except RowDoesNotExist:
            return False
        self.table.move_cursor(row=index, animate=False)
        return True

    def has_current_rows(self) -> bool:
        """The rows of the latest reload are on screen (none is waiting to run)."""
        return not self._reload_scheduled and self._shown_generation == self._generation

    # --- workers ---------------------------------------------------------------------

    def _load(self, flt: Filter, generation: int) -> object:
        """Start the thread worker that reads the rows and hands them to `post_result`."""
        raise NotImplementedError

    def fetch_count(self, flt: Filter) -> int:
        raise NotImplementedError

    def show(self, payload: Any) -> None:
        """Put a `_load` result on screen (UI thread)."""
        raise NotImplementedError

    def post_result(self, generation: int, payload: Any) -> None:
        """From a worker: hand the result to the UI thread, unless a newer load replaced the worker."""
        if not get_current_worker().is_cancelled:
            self.post_message(self._Fetched(generation, payload))

    @on(_Fetched)
    def _fetched(self, message: _Fetched) -> None:
        if message.generation == self._generation:
            self._shown_generation = message.generation
            self.show(message.payload)

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def _count_only(self, flt: Filter, generation: int, delay: float = 0.0, rows_shown: bool = False) -> None:
        if not self._waited(delay, generation):
            return
        total = self.fetch_count(flt)
        if not get_current_worker().is_cancelled:
            self.post_message(self._Counted(generation, total, rows_shown=rows_shown))

    def _count_shown(self, generation: int) -> None:
        """The rows are painted: now count them (a second query, which the next key cancels)."""
        if generation == self._generation:
            self._count_only(self.flt, generation, rows_shown=True)

    def _waited(self, delay: float, generation: int | None = None) -> bool:
        """In a worker: wait `delay` seconds; False if the worker was replaced (or the pane reloaded) meanwhile."""
        worker = get_current_worker()
        deadline = time.monotonic() + delay
        while True:
            if worker.is_cancelled or (generation is not None and generation != self._generation):
                return False
            if time.monotonic() >= deadline:
                return True
            time.sleep(DETAIL_POLL)

    @on(_Counted)
    def _counted(self, message: _Counted) -> None:
        if message.generation == self._generation:
            self.count = message.total
            self.post_message(self.CountChanged(self) if message.rows_shown else self.Loaded(self))


class ListPane(Pane, Generic[Row]):
    """Shared behaviour of the Journal and Feedback panes."""

    BINDINGS = [
        Binding("n", "new", "New", id="new", tooltip="Add a new item"),
        Binding("e", "edit", "Edit", id="edit", tooltip="Edit the selected item"),
        Binding("d", "delete", "Delete", id="delete", tooltip="Delete the selected item (u undoes)"),
    ]
    COLUMNS: tuple[Col, ...] = ()
    NOUN = "item"
    TABLE = "item"  # the table its rows come from, for edit and delete

    def __init__(self, ctx: JournalContext, **kwargs: Any) -> None:
        super().__init__(ctx, **kwargs)
        self.rows: dict[int, Row] = {}
        self._after: tuple[Any, int] | None = None
        self._detail_for: int | None = None  # the row whose detail is shown or being read
        self._exhausted = True
        self._loading_more = False

    def compose_body(self) -> ComposeResult:
        with Horizontal(classes="pane-body"):
            with Vertical(classes="pane-list"):
                yield ListTable(self.COLUMNS, classes="pane-table")
                yield Static("", classes="pane-empty", markup=False)
            with VerticalScroll(classes="pane-detail"):
                yield MarkdownSlot()

    @property
    def table(self) -> ListTable:
        return self.query_one(ListTable)

    # --- what subclasses provide ---------------------------------------------------

    def fetch(self, flt: Filter, after: tuple[Any, int] | None, limit: int) -> list[Row]:
        raise NotImplementedError

    def cells(self, row: Row) -> dict[str, RenderableType]:
        """The row's cells by column key; user text as `Text` (see tui/text.py), never markup."""
        raise NotImplementedError

    def page_key(self, row: Row) -> tuple[Any, int]:
        raise NotImplementedError

    def detail_markdown(self, row_id: int) -> str:
        raise NotImplementedError

    def label(self, row: Row) -> str:
        """How the delete question names the row."""
        raise NotImplementedError

    def empty_hint(self) -> Text:
        """Shown in the list area when there are no rows."""
        return Text(f"No {self.NOUN} matches the filter. Press escape to clear it.")

    # --- loading ------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def _load(self, flt: Filter, generation: int) -> None:
        """The page first and alone: its rows go on screen, and once they are painted the count (a second
        query) is taken (`show`): counting meanwhile would compete with the painting for the interpreter."""
        rows = self.fetch(flt, None, PAGE_SIZE)
        self.post_result(generation, (rows, len(rows) if len(rows) < PAGE_SIZE else None))

    def first_rows_now(self) -> bool:
        """The app's first rows (no filter yet) are read on the UI thread while the app starts, so that they come
        with the first frame: a worker's answer arrives after Textual has laid out and painted a frame without
        them (and the query waits for the interpreter meanwhile).  That read is one keyset page that an index
        answers (about 4 ms at a million entries); every later load, and any failure here, goes through `_load`."""
        if self.started or not self.flt.is_empty:
            return False
        try:
            rows = self.fetch(self.flt, None, PAGE_SIZE)
        except Exception:  # noqa: BLE001 - not swallowed: the worker reads again and reports it where failures go
            return False
        self._shown_generation = self._generation
        self.show((rows, len(rows) if len(rows) < PAGE_SIZE else None))
        return True

    def show(self, payload: tuple[list[Row], int | None]) -> None:
        rows, total = payload
        table = self.table
        self.rows = {}
        table.set_rows(self._keyed(rows))
        self._exhausted = len(rows) < PAGE_SIZE
        self._loading_more = False
        self.count = total  # None ("…") until the count follows the rows
        if total is None:
            self.call_after_refresh(self._count_shown, self._generation)
        self._show_empty(not rows)
        self._load_more_if_near_end()
        self.call_after_refresh(self._load_more_if_near_end)  # again once the list is laid out: a taller one reads more
        self._detail_for = None  # a reload (an edit, a new filter) reads the detail afresh
        if rows:
            self.selected_id = self.cursor_id
            self._show_detail_for_cursor(delay=DETAIL_DELAY if self.typing else 0.0)
        else:
            self.selected_id = None
            self._clear_detail(delay=DETAIL_DELAY if self.typing else 0.0)
        self.post_message(self.Loaded(self))

    def _show_empty(self, empty: bool) -> None:
        # on the list's container, not the pane: a class on the pane restyles the detail's whole Markdown too
        self.query_one(".pane-list").set_class(empty, "-empty")
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

    @work(thread=True, exclusive=True, group="more", exit_on_error=False)
    def _load_more(self, flt: Filter, after: tuple[Any, int], generation: int) -> None:
        rows = self.fetch(flt, after, PAGE_SIZE)
        if not get_current_worker().is_cancelled:
            self.post_message(self._More(generation, rows))

    @dataclass
    class _More(Message, bubble=False):
        generation: int
        rows: list[Any]

    @on(_More)
    def _more_loaded(self, message: _More) -> None:
        if message.generation != self._generation:
            return
        self.table.append_rows(self._keyed(message.rows))
        self._exhausted = len(message.rows) < PAGE_SIZE
        self._loading_more = False
        self._load_more_if_near_end()

    def _load_more_if_near_end(self) -> None:
        """Read the next page ahead: when the cursor nears the last row, or when the rows do not fill the list
        (a terminal taller than a page)."""
        table = self.table
        if self._exhausted or self._loading_more or self._after is None:
            return
        if table.cursor_row >= table.row_count - PREFETCH_MARGIN or table.row_count <= table.size.height:
            self._loading_more = True
            self._load_more(self.flt, self._after, self._generation)

    # --- selection and detail -------------------------------------------------------

    @on(ListTable.RowHighlighted)
    def _highlighted(self, event: ListTable.RowHighlighted) -> None:
        event.stop()
        self.selected_id = int(event.row_key)
        self._show_detail_for_cursor()
        self._load_more_if_near_end()

    def _show_detail_for_cursor(self, delay: float = 0.0) -> None:
        """Read the highlighted row's detail, unless it is already shown or on its way (the table highlights
        its first row again after every reload: that must not read and draw the same detail twice)."""
        if self.selected_id is not None and self.selected_id != self._detail_for:
            self._detail_for = self.selected_id
            self._load_detail(self.selected_id, delay)

    @work(thread=True, exclusive=True, group="detail", exit_on_error=False)
    def _load_detail(self, row_id: int, delay: float = 0.0) -> None:
        """`delay`: while a filter is being typed the detail waits for a pause; the next key cancels it
        (drawing a Markdown detail costs the UI thread tens of milliseconds per key)."""
        if not self._waited(delay):
            return
        try:
            text = self.detail_markdown(row_id)
        except JournalError as exc:  # the row went away under the cursor: say so where it was
            text = f"*{exc}*"
        if not get_current_worker().is_cancelled:
            self.post_message(self._Detail(row_id, text))

    @work(thread=True, exclusive=True, group="detail", exit_on_error=False)
    def _clear_detail(self, delay: float = 0.0) -> None:
        """No rows: empty the detail, after a pause while a filter is typed (emptying a long Markdown detail
        costs the UI thread as much as drawing one); a detail on its way is cancelled (same group)."""
        if self._waited(delay) and not get_current_worker().is_cancelled:
            self.post_message(self._Detail(None, ""))

    @on(Pane._Detail)
    def _set_detail(self, detail: Pane._Detail) -> None:
        """The detail read for the row still under the cursor (or emptied, when there are no rows)."""
        if (detail.row_id is None and not self.rows) or (detail.row_id is not None and detail.row_id == self.cursor_id):
            self.query_one(MarkdownSlot).update(detail.text)

    @on(ListTable.RowSelected)
    def _row_selected(self, event: ListTable.RowSelected) -> None:
        """Enter on a row: in a narrow terminal, where the detail beside the list is hidden, read it in full."""
        event.stop()
        if self.screen.has_class("-narrow"):
            self.read_detail(True)

    @property
    def reading(self) -> bool:
        """The detail is shown in the list's place (narrow terminals; escape goes back)."""
        return self.built and self.query_one(".pane-body").has_class("-reading")

    def read_detail(self, on: bool) -> None:
        """Show the selected row's detail in place of the list (True) or the list again (False)."""
        self.query_one(".pane-body").set_class(on, "-reading")
        if on:
            self.query_one(".pane-detail").focus()  # the arrows and page keys scroll it
        else:
            self.table.focus()

    def watch_selected_id(self, old: int | None, new: int | None) -> None:
        """A row appeared or the last one went: the footer's row keys change state (not on every cursor move)."""
        if (old is None) != (new is None):
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys that act on a row are shown dimmed while there is none."""
        if action in ROW_ACTIONS and (not self.built or self.table.cursor_key is None):
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

    # --- keys: requests to the app ---------------------------------------------------------

    def action_edit(self) -> None:
        if (row_id := self.cursor_id) is not None and row_id in self.rows:
            self.post_message(EditRequested(self.TABLE, row_id))

    def action_delete(self) -> None:
        if (row_id := self.cursor_id) is not None and (row := self.rows.get(row_id)) is not None:
            self.post_message(DeleteRequested(self.TABLE, row_id, self.label(row)))
