"""The journal app: Journal, Goals, Feedback and People panes under one filter bar.

The app holds no SQL and never names an engine: the journal is a SQLite file or a
PostgreSQL database (`db_path` is a path or a URL, shown masked), reached through the
data package.  The first rows come with the first frame: every read goes through a
`Reader`, opened at mount, and the journal's first page (one indexed read, a few
milliseconds) is read right there so that the first frame holds it; the `Store` (for
edits) is built in a worker after the first rows, and an edit made before it is ready
waits for it in its own worker.  A filter keystroke
interrupts the queries still running for the previous one.  All other database work
runs in thread workers; the UI thread only swaps rows in, and a worker that fails is
reported in one place (`report_failure`).  State flows down: the app owns the filter, today and
a revision counter and binds them into the panes; requests flow up: panes post
messages that the app handles below.  A change made from the CLI in another shell, or
on another machine, shows up by itself within `POLL_SECONDS` (a worker asks the
`ChangeWatcher`: SQLite's `data_version`, PostgreSQL's LISTEN/NOTIFY; microseconds,
never waiting), on focus, and on ctrl+r.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar, cast

from textual import events, on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal
from textual.events import AppFocus
from textual.notifications import SeverityLevel
from textual.reactive import reactive
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Header, TabbedContent, TabPane
from textual.widgets.data_table import RowDoesNotExist
from textual.worker import Worker, WorkerState

from journal_tui.data import db
from journal_tui.data.locator import is_server, masked
from journal_tui.data.queries import app as app_queries
from journal_tui.data.reader import Count, Interrupted, Reader
from journal_tui.data.watch import ChangeWatcher
from journal_tui.errors import JournalError
from journal_tui.plurals import plural
from journal_tui.query import Filter, toggle_term
from journal_tui.tui.base import WorkFailed, read_with
from journal_tui.tui.case_actions import CaseActions
from journal_tui.tui.inbox_actions import InboxActions
from journal_tui.tui.text import clean, one_line
from journal_tui.tui.widgets.facets import FacetList
from journal_tui.tui.widgets.feedback_pane import FeedbackPane
from journal_tui.tui.widgets.filter_bar import FilterBar
from journal_tui.tui.widgets.footer import QuietFooter
from journal_tui.tui.widgets.goals_pane import GoalsPane
from journal_tui.tui.widgets.journal_pane import JournalPane
from journal_tui.tui.widgets.list_pane import ListPane, Pane
from journal_tui.tui.widgets.people_pane import PeoplePane

if TYPE_CHECKING:
    from journal_tui.data.conn import Connection
    from journal_tui.data.store import Store
    from journal_tui.people import PersonRow
    from journal_tui.tui.screens.form import FormScreen

Save: TypeAlias = "Callable[[Store, dict[str, Any]], Any]"  # a form's write, given the store and the form's values
Done: TypeAlias = "str | Callable[[Any], str]"  # what to say after a write (from its result)
# a question to answer before a form's write, read from the journal and the form's values (None: no question)
Confirm: TypeAlias = "Callable[[Reader, dict[str, Any]], str | None]"
T = TypeVar("T")

PANES = ("journal", "goals", "feedback", "people")
EDITABLE = {"entry": "entry", "goal": "goal", "feedback": "feedback"}  # table -> noun, for the edit-conflict check
PANE_OF = {"entry": "journal", "goal": "goals", "feedback": "feedback"}  # table -> the pane that lists its rows
# Keys of the main screen: they mean nothing while a form, dialog or the review is open.
PANE_ACTIONS = {
    "show_pane",
    "focus_filter",
    "toggle_facets",
    "undo",
    "review",
    "refresh",
    "step_back",
    "case",
    "activity",
    "checkin",
    "inbox",
}
CHECK_AFTER_SECONDS = 3.0  # the app's start-up integrity check waits this long after the first rows
POLL_SECONDS = 0.5  # a change made elsewhere shows within this plus one read: well under 2 s
STORE_WAIT_SECONDS = 60.0  # an edit made while the journal is still opening waits this long for it
logger = logging.getLogger(__name__)
UNDO_DEPTH = 50
HELP_SCREEN_ID = "help"
# Loaded after the first rows, off the UI thread: the detail view, the forms, dialogs and screens.
PRELOAD = (
    "textual.widgets._markdown",
    "journal_tui.tui.screens.forms",
    "journal_tui.tui.screens.dialogs",
    "journal_tui.tui.screens.review",
    "journal_tui.tui.screens.case",
    "journal_tui.tui.screens.activity",
)
NARROW_WIDTH = 110


@dataclass(frozen=True)
class RowVersion:
    """A row's `created_at` (which row it is: a deleted row's id may be given to a new one) and `updated_at`."""

    created: str
    updated: str


@dataclass(frozen=True)
class Edit:
    """An edit form's row: its version when the form was filled, and how to save the form as a new row
    instead (the row was deleted by another program meanwhile)."""

    table: str
    row_id: int
    opened: RowVersion | None
    as_new: Save
    as_new_done: Done


@dataclass(frozen=True)
class EditGuard:
    """An open edit form's row and its version when the form was filled."""

    table: str
    row_id: int
    opened: RowVersion | None
    on_conflict: Callable[[RowVersion | None], None]


class JournalApp(CaseActions, InboxActions, App[int]):
    """The main screen: a filter bar over the panes.

    Panes are registered in PANES (id `<name>` for the tab, `<name>-pane` for the widget)
    and composed in `compose_panes`; a new pane adds one line to each and a binding below.
    Keys that move the focus are priority bindings that move it at once: the keys typed
    right after them must land where they sent the focus, however fast they come
    (an Input or TextArea that takes a printable key keeps it, Textual filters those out).
    The footer lists the focused pane's keys first, then these, in this order.
    """

    CSS_PATH = ["app.tcss", "widgets/people_pane.tcss"]
    TITLE = "journal"
    BINDINGS = [
        Binding(
            "slash",
            "focus_filter",
            "Filter",
            id="filter",
            priority=True,
            tooltip="Type a filter (project:, skill:, in:, words)",
        ),
        Binding("R", "review", "Review", id="review", priority=True, tooltip="Open the review of a period's wins"),
        Binding(
            "f",
            "toggle_facets",
            "Facets",
            id="facets",
            priority=True,
            tooltip="Show projects, skills and people to filter by",
        ),
        Binding("u", "undo", "Undo", id="undo", tooltip="Undo the last delete"),
        Binding(
            "C", "case", "Case", id="case", priority=True, tooltip="Open your promotion case against the target role"
        ),
        Binding(
            "w",
            "activity",
            "Activity",
            id="activity",
            priority=True,
            tooltip="Streaks, the year as a heatmap, weekly counts",
        ),
        Binding(
            "W",
            "checkin",
            "Check-in",
            id="checkin",
            priority=True,
            tooltip="The weekly check-in: wins, learned, setbacks, focus",
        ),
        Binding("i", "inbox", "Inbox", id="inbox", show=False, tooltip="Suggestions from your commits: accept, skip"),
        Binding("question_mark", "help", "Keys", id="help", priority=True, tooltip="Show every key"),
        # not a priority key: in the filter bar and in a form's fields `q` is a letter, the field takes it first
        Binding(
            "q",
            "leave",
            "Quit",
            id="quit-key",
            tooltip="Quit, from the lists and from the Review, Case and Activity screens (nothing is lost: every "
            "change is saved as it is made); in the filter bar and in forms q is typed, in a dialog "
            "it does nothing (escape closes it)",
        ),
        Binding(
            "escape",
            "step_back",
            "Back",
            id="back",
            priority=True,
            tooltip="Step back: close the facets, back from a detail to its list, leave and clear the filter bar, "
            "clear the filter",
        ),
        Binding(
            "1",
            "show_pane('journal')",
            "Journal",
            id="pane-journal",
            show=False,
            priority=True,
            tooltip="Show the Journal pane",
        ),
        Binding(
            "2",
            "show_pane('goals')",
            "Goals",
            id="pane-goals",
            show=False,
            priority=True,
            tooltip="Show the Goals pane",
        ),
        Binding(
            "3",
            "show_pane('feedback')",
            "Feedback",
            id="pane-feedback",
            show=False,
            priority=True,
            tooltip="Show the Feedback pane",
        ),
        Binding(
            "4",
            "show_pane('people')",
            "People",
            id="pane-people",
            show=False,
            priority=True,
            tooltip="Show the People pane",
        ),
        Binding("ctrl+r", "refresh", "Refresh", id="refresh", show=False, tooltip="Reload from the journal file"),
        Binding("ctrl+q", "quit", "Quit", id="quit", show=False, priority=True, tooltip="Quit"),
    ]

    # state the app holds and binds down; it paints nothing itself (a repaint here would repaint the whole screen)
    flt: reactive[Filter] = reactive(Filter, always_update=False, repaint=False)
    revision: reactive[int] = reactive(0, repaint=False)
    today: reactive[dt.date] = reactive(dt.date.today, repaint=False)

    def __init__(self, db_path: str | Path, *, today: dt.date | None = None) -> None:
        super().__init__()
        self.db_path = str(db_path)  # a file's path or a server's URL (never through Path: `//` would collapse)
        self._fixed_today = today
        if today is not None:
            self.set_reactive(JournalApp.today, today)
        self.store: Store | None = None  # for edits, built after the first rows
        self.reader: Reader | None = None  # for reads
        self.lister: Reader | None = None  # for the panes' rows and counts: interrupted when the filter changes
        self._store_opened = threading.Event()
        self.undo_stack: list[tuple[str, dict[str, Any]]] = []
        # (pane, row id, revision): where the cursor goes once the pane shows rows read at that revision or later
        self._select_after_load: tuple[str, int, int] | None = None
        self.names: dict[str, list[str]] = {}
        self.watcher: ChangeWatcher | None = None  # changes made by other programs, asked by the poll worker
        self._preloaded = False

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Notifications quote user text (titles, names, what was typed): literal unless a caller says otherwise;
        a server URL's password never shows."""
        message, title = self.without_secret(message), self.without_secret(title)
        super().notify(
            message if markup else clean(message), title=clean(title), severity=severity, timeout=timeout, markup=markup
        )

    @property
    def journal_name(self) -> str:
        """The journal as the sub-title names it: a file by its name, a server by its URL without the password."""
        return masked(self.db_path) if is_server(self.db_path) else Path(self.db_path).name

    def without_secret(self, text: str) -> str:
        """Text about the journal (a message, a log line) with the server URL masked, and its password wherever
        a driver may have quoted it."""
        if not is_server(self.db_path):
            return text
        text = text.replace(self.db_path, masked(self.db_path))
        password = secret_of(self.db_path)
        return text.replace(password, "***") if password else text

    # --- layout ---------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield FilterBar(id="filter-bar")
        with Horizontal(id="main"):
            facets = FacetList(id="facets").data_bind(JournalApp.flt, JournalApp.revision)
            facets.display = False
            yield facets
            with TabbedContent(id="tabs", initial="journal"):
                yield from self.compose_panes()
        yield QuietFooter(held=True)  # its keys fill in just after the first rows (`_after_first_rows`)

    def compose_panes(self) -> ComposeResult:
        """One TabPane per entry of PANES, in order."""
        bound = (JournalApp.flt, JournalApp.revision, JournalApp.today)
        with TabPane("Journal ¹", id="journal"):
            yield JournalPane(id="journal-pane").data_bind(*bound)
        with TabPane("Goals ²", id="goals"):  # the hidden panes compose their bodies when first shown
            yield GoalsPane(id="goals-pane", lazy=True).data_bind(*bound)
        with TabPane("Feedback ³", id="feedback"):
            yield FeedbackPane(id="feedback-pane", lazy=True).data_bind(*bound)
        with TabPane("People ⁴", id="people"):
            yield PeoplePane(id="people-pane", lazy=True).data_bind(*bound)

    def on_mount(self) -> None:
        self.sub_title = one_line(f"{self.journal_name} · everything")
        self.query_one("#filter-bar", FilterBar).show_status("opening journal…")
        if self._ask_passphrase_first():
            return
        self._open_reader()

    def _ask_passphrase_first(self) -> bool:
        """An encrypted journal without its key at hand: its passphrase dialog is the first frame (data/cipher.py)."""
        try:
            if not db.key_needed(self.db_path):
                return False
        except JournalError as exc:  # a wrong $JOURNAL_KEY
            self._store_opened.set()
            self.exit(None, 1, str(exc))
            return True
        from journal_tui.tui.screens.passphrase import PassphraseScreen

        self.push_screen(
            PassphraseScreen(str(self.db_path)),
            lambda opened: self._open_reader() if opened else self.exit(None, 1, "the journal stayed locked"),
        )
        return True

    def _open_reader(self) -> None:
        """Open the readers and the change watcher at once (milliseconds): the first rows are queried while the first
        frame is laid out."""
        try:
            self.reader, self.lister = Reader(self.db_path), Reader(self.db_path)
            self.watcher = ChangeWatcher(self.db_path)
        except JournalError as exc:
            self._store_opened.set()
            self.exit(None, 1, self.without_secret(str(exc)))
            return
        self.set_interval(POLL_SECONDS, self.refresh_if_changed)
        self.revision += 1
        self.focus_pane()

    @work(thread=True, exclusive=True, group="store", exit_on_error=False)
    def _open_store(self) -> None:
        """After the first rows: SQLAlchemy and the Store, for edits."""
        try:
            from journal_tui.data.store import Store

            self.store = Store(self.db_path)
            keep_out_of_collections()
        finally:
            self._store_opened.set()

    def writer(self) -> Store:
        """The store for an edit, from a worker: an edit made while the journal opens waits for it (off the UI thread);
        if opening it failed (a server out of reach: reported then), each edit tries again, and says why it cannot."""
        self._store_opened.wait(STORE_WAIT_SECONDS)
        if self.store is None:
            if not self._store_opened.is_set():
                raise JournalError("the journal is still opening; try again in a moment")
            from journal_tui.data.store import Store

            self.store = Store(self.db_path)
        return self.store

    # --- failures --------------------------------------------------------------------------

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR:
            self.report_failure(event.worker)

    @on(WorkFailed)
    def _worker_failed(self, message: WorkFailed) -> None:
        self.report_failure(message.worker)

    def report_failure(self, worker: Worker[Any]) -> None:
        """Every failed worker, in one place: a one-line notification and a log line (with the traceback of a bug).

        A JournalError is a message for the user as it is; anything else is a bug, named as one.  Neither shows
        a server URL's password.
        """
        exc = worker.error
        if isinstance(exc, Interrupted):
            return  # a query for a filter already replaced: nothing was lost
        bug = not isinstance(exc, JournalError)
        text = f"{worker.name or worker.group} failed: {type(exc).__name__}: {exc}" if bug else str(exc)
        text = one_line(self.without_secret(text))
        logger.error(
            "worker %s (group %s) failed: %s",
            worker.name,
            worker.group,
            text,
            exc_info=exc if bug and isinstance(exc, BaseException) else None,
        )
        self.log.error(text)
        self.notify(text, severity="error", timeout=8)
        if worker.group == "load":
            self.query_one("#filter-bar", FilterBar).show_status(f"could not load: {text}", error=True)
            self._after_first_rows()  # edits still work

    def on_resize(self, event: events.Resize) -> None:
        """Below 110 columns the list gets the whole width; the detail pane would squeeze it unreadable."""
        self.screen.set_class(event.size.width < NARROW_WIDTH, "-narrow")

    def on_unmount(self) -> None:
        if self.watcher is not None:
            self.watcher.close()
        if self.store is not None:
            self.store.close()

    # --- panes -----------------------------------------------------------------------

    @property
    def typing_filter(self) -> bool:
        """The keyboard is in the filter bar: more keys, and so more reloads, are likely to follow at once."""
        return self.query_one("#filter-bar", FilterBar).input.has_focus

    @property
    def starting(self) -> bool:
        """True until the first rows are on screen (and the Store and the later modules start loading)."""
        return not self._preloaded

    @property
    def active_pane_id(self) -> str:
        return self.query_one("#tabs", TabbedContent).active or "journal"

    def pane(self, name: str | None = None) -> Pane:
        return self.query_one(f"#{name or self.active_pane_id}-pane", Pane)

    def panes(self) -> list[Pane]:
        return [self.pane(name) for name in PANES]

    def focus_now(self, widget: Widget) -> None:
        """Move the focus before the next key is dispatched (`Widget.focus` waits a turn of the queue)."""
        self.screen.set_focus(widget)

    def focus_pane(self) -> None:
        self.focus_now(self.pane().table)

    def action_focus_pane(self) -> None:
        self.focus_pane()

    async def action_show_pane(self, name: str) -> None:
        """Show a pane, composing it first if it was never shown; the keys typed meanwhile wait for its list."""
        if (mounting := self.pane(name).build()) is not None:
            await mounting
        self.show_built_pane(name)

    def show_built_pane(self, name: str) -> None:
        """Show a pane already composed (the Journal pane always is) and put the keyboard in its list."""
        self.query_one("#tabs", TabbedContent).active = name
        self.pane(name).ensure_fresh()
        self.focus_now(self.pane(name).table)
        self.query_one(FacetList).refresh_facets()  # counted in the shown pane's items

    def _pane_with_focus(self) -> str | None:
        """The pane holding the keyboard focus, if one does."""
        focused = self.focused
        for name in PANES:
            if focused is not None and self.pane(name) in focused.ancestors_with_self:
                return name
        return None

    @on(TabbedContent.TabActivated)
    async def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        """A tab clicked with the mouse: put the keyboard in its list (unless it already is).

        A late `TabPane.Focused` (the focus moved to a list, then a key switched panes before the message
        arrived) would show a pane other than the one holding the keyboard: the tab follows the keyboard.
        """
        holder = self._pane_with_focus()
        if event.pane.id in PANES and holder is not None and holder != event.pane.id:
            self.query_one("#tabs", TabbedContent).active = holder
            return
        if event.pane.id in PANES:
            pane = self.pane(event.pane.id)
            if (mounting := pane.build()) is not None:
                await mounting
            pane.ensure_fresh()
            if (
                self.screen is self.screen_stack[0]
                and (self.focused is None or pane not in self.focused.ancestors)
                and not self.query_one("#filter-bar", FilterBar).input.has_focus
            ):
                self.focus_now(pane.table)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Pane keys mean nothing while a form, dialog or the review is open; `escape` only when it can step back;
        `q` quits from any screen but a form or a dialog."""
        if action in PANE_ACTIONS and len(self.screen_stack) > 1:
            return False
        if action == "leave":
            return not isinstance(self.screen, ModalScreen)
        if action == "step_back":
            return self._back_step() is not None
        if action == "focus_filter" and self.typing_filter:
            return False  # `/` in the bar is a character (2026/11/02, CI/CD, [/x]): the key goes on to the input
        return not (action == "help" and self.screen.id == HELP_SCREEN_ID)

    def _back_step(self) -> str | None:
        """What `escape` would do now: close the facets, go from a detail read in full back to the list, leave
        the filter bar, clear the filter, or nothing."""
        if self.query_one("#facets", FacetList).display:
            return "facets"
        if isinstance(pane := self.pane(), ListPane) and pane.reading:
            return "detail"
        bar = self.query_one("#filter-bar", FilterBar)
        if bar.input.has_focus:
            return "filter-bar"
        if bar.input.value:
            return "filter"
        return None

    def action_leave(self) -> None:
        """`q`: quit.  Every edit is written when it is saved, so there is nothing to ask about; a form, where unsaved
        text could be, takes `q` as a letter (and its escape asks before throwing the text away)."""
        self.exit()

    def action_step_back(self) -> None:
        step = self._back_step()
        bar = self.query_one("#filter-bar", FilterBar)
        if step == "facets":
            self.query_one("#facets", FacetList).display = False
            self.focus_pane()
        elif step == "detail":
            cast(ListPane[Any], self.pane()).read_detail(False)
        elif step == "filter-bar":
            bar.set_query("")
            self.focus_pane()
        elif step == "filter":
            bar.set_query("")
        self.refresh_bindings()

    # --- filtering -------------------------------------------------------------------

    @on(FilterBar.Changed)
    def _filter_changed(self, event: FilterBar.Changed) -> None:
        if self.lister is not None and event.flt != self.flt:
            self.lister.interrupt()  # the rows and counts for the previous filter are not wanted any more
        self.flt = event.flt

    @on(FilterBar.Done)
    def _filter_done(self) -> None:
        self.focus_pane()

    def watch_flt(self, flt: Filter) -> None:
        self.sub_title = one_line(f"{self.journal_name} · {flt.describe()}")
        if not self.typing_filter:  # while typing, the keys shown are the bar's (escape steps back whatever the
            self.refresh_bindings()  # filter): the footer is checked again when the keyboard leaves the bar

    @on(Pane.Loaded)
    def _pane_loaded(self, event: Pane.Loaded) -> None:
        """The shown pane has its rows: now the hidden ones count theirs (in this order, so the rows come first)."""
        self._select_pending_row(event.pane)
        if event.pane.pane_name == self.active_pane_id:
            for pane in self.panes():
                if pane is not event.pane:
                    pane.count_if_wanted()
            self.call_after_refresh(self._after_first_rows)  # once the rows are on screen
        self._update_counts()

    def select_after_load(self, table: str, row_id: int) -> None:
        """Put the cursor on this row (just written: a restored row) once its pane shows the rows of the reload
        that follows the write (`_after_write`)."""
        if table in PANE_OF:
            self._select_after_load = (PANE_OF[table], row_id, self.revision + 1)

    def _select_pending_row(self, pane: Pane) -> None:
        if self._select_after_load is None or self._select_after_load[0] != pane.pane_name:
            return
        _, row_id, revision = self._select_after_load
        table = pane.table
        try:
            index = table.get_row_index(str(row_id))
        except RowDoesNotExist:
            if self.revision >= revision and pane.has_current_rows():
                self._select_after_load = None  # the rows read after the write lack it (filtered out, a later page)
            return
        self._select_after_load = None
        table.move_cursor(row=index, animate=False)

    @on(Pane.CountChanged)
    def _count_changed(self) -> None:
        self._update_counts()

    def _after_first_rows(self) -> None:
        """Once: the Store (for edits) and the modules the first frame did not need, in workers."""
        if not self._preloaded:
            self._preloaded = True
            resume_collections()
            self.query_one(QuietFooter).release()
            self._open_store()
            self._preload()
            self.count_inbox()
            self.set_timer(CHECK_AFTER_SECONDS, self.check_file)

    @work(thread=True, exclusive=True, group="check", exit_on_error=False)
    def check_file(self) -> None:
        """Damage is reported when the journal opens, not at the next write that happens to touch it: SQLite's quick
        check, read-only, off the UI thread, a few seconds after start so the first keys are not slowed."""
        found = db.quick_problems(self.db_path)
        if found:
            first = one_line(found[0])[:120]
            more = f" (+{len(found) - 1} more)" if len(found) > 1 else ""
            self.call_from_thread(
                self.notify,
                f"The journal is damaged: {first}{more}. Run journal check, then restore a backup "
                "(README: Restoring a backup).",
                title="Journal damaged",
                severity="error",
                timeout=60,
                markup=False,
            )

    @work(thread=True, exclusive=True, group="preload", exit_on_error=False)
    def _preload(self) -> None:
        """After the first rows: load what the first frame did not need, so the first key is not slow."""
        import importlib

        for module in PRELOAD:
            importlib.import_module(module)
        keep_out_of_collections()

    def _update_counts(self) -> None:
        counts = []
        for name, one, many in (
            ("journal", "entry", "entries"),
            ("goals", "goal", "goals"),
            ("feedback", "feedback", "feedback"),
        ):
            n = self.pane(name).count
            if n is None:
                counts.append(f"… {many}")
            elif isinstance(n, Count) and n.capped:  # "10,000+ entries"
                counts.append(f"{n.label()} {many}")
            else:
                counts.append(plural(n, one, many))
        if self.flt.has_text and self.reader is not None and not self.reader.use_fts:
            counts.append("no FTS5: slow text search")
        self.query_one("#filter-bar", FilterBar).show_status(" · ".join(counts))

    def action_focus_filter(self) -> None:
        self.focus_now(self.query_one("#filter-bar", FilterBar).input)
        self.refresh_bindings()

    @on(FacetList.TermToggled)
    def _toggle_filter_term(self, event: FacetList.TermToggled) -> None:
        bar = self.query_one("#filter-bar", FilterBar)
        bar.set_query(toggle_term(bar.input.value, event.key, event.value))

    def action_toggle_facets(self) -> None:
        facets = self.query_one("#facets", FacetList)
        facets.display = not facets.display
        if facets.display:
            facets.refresh_facets()
            self.focus_now(facets)
        else:
            self.focus_pane()
        self.refresh_bindings()

    # --- refresh ---------------------------------------------------------------------

    def action_refresh(self) -> None:
        self.revision += 1
        self.notify("Reloaded.", timeout=1.5)

    def refresh_if_changed(self) -> None:
        """Reload if another process (the CLI in another shell, another machine) committed since the last look: the
        timer, focus."""
        if self.reader is not None and self.watcher is not None:
            self._check_for_changes(self.watcher)

    @work(thread=True, group="poll", exit_on_error=False)  # not exclusive: a cancelled look would drop its report
    def _check_for_changes(self, watcher: ChangeWatcher) -> None:
        """One look (never waits on the journal).  A journal lost (a server gone) raises `WatchLost` once, which
        `report_failure` shows; the watcher retries at every look, and once back the app reopens the journal
        (connections kept from before died with the server's), reloads and says so."""
        was_failing = watcher.failing
        if watcher.changed():
            if was_failing:
                readers = Reader(self.db_path), Reader(self.db_path)
                self.call_from_thread(self._back_in_touch, *readers)
            else:
                self.call_from_thread(self._changed_elsewhere)
        elif self._fixed_today is None and dt.date.today() != self.today:
            self.call_from_thread(self._changed_elsewhere)  # midnight passed: "overdue" and "in:today" move

    def _back_in_touch(self, reader: Reader, lister: Reader) -> None:
        """The journal is back after an outage: read through new readers, write through a new store (`writer`)."""
        self.reader, self.lister = reader, lister
        if self.store is not None:
            self.store.close()
            self.store = None
        self._changed_elsewhere()
        self.notify("Back in touch with the journal; reloaded.", timeout=4)

    def _changed_elsewhere(self) -> None:
        if self._fixed_today is None:
            self.today = dt.date.today()
        self.revision += 1

    @on(AppFocus)
    def _focused(self) -> None:
        self.refresh_if_changed()

    def watch_revision(self, _: int) -> None:
        if self.reader is not None:
            self._load_names()
            self.count_inbox()

    @work(thread=True, exclusive=True, group="names", exit_on_error=False)
    def _load_names(self) -> None:
        reader = self.reader
        if reader is not None:
            names = {kind: reader.names(kind) for kind in ("project", "skill", "tag", "person")}
            self.call_from_thread(setattr, self, "names", names)

    # --- writes ------------------------------------------------------------------------

    @work(thread=True, group="write", exit_on_error=False)
    def run_write(
        self,
        fn: Callable[[Store], Any],
        done: Done,
        retry: Callable[[str], None] | None = None,
        *,
        guard: EditGuard | None = None,
    ) -> None:
        """Run a write in a worker; reload after it; on error, say so and reopen the form with what was typed.

        With a `guard`, the row is re-read first, inside the write's own transaction (under the journal's write
        lock, so no other writer commits between the check and the write): if another program changed it since
        the form opened, nothing is written and the guard asks the user what to do.  Whatever fails (the journal
        busy, a server out of reach, a bug), nothing is lost: the form comes back with what was typed.
        """
        try:
            saved, result = self._save(fn, guard)
            if not saved:
                self.call_from_thread(cast(EditGuard, guard).on_conflict, result)
                return
        except JournalError as exc:
            said = self.without_secret(str(exc))
            self.call_from_thread(self.notify, said, severity="error", timeout=6)
            if retry is not None:
                self.call_from_thread(retry, said)
            return
        except Exception:
            if retry is not None:  # a bug: reported by `report_failure`; the text stays in the form
                self.call_from_thread(retry, "Not saved: journal_tui failed (see the notification); your text is kept.")
            raise
        message = done(result) if callable(done) else done
        if self.watcher is not None:
            self.watcher.seen()  # our own commit is not a change from elsewhere
        self.call_from_thread(self._after_write, message)

    def _save(self, fn: Callable[[Store], Any], guard: EditGuard | None) -> tuple[bool, Any]:
        """(True, what `fn` returned), or (False, the row's version now) when the guard finds it changed."""
        store = self.writer()
        if guard is None:
            return True, fn(store)
        with store.write() as conn:  # `fn`'s own write joins this transaction
            found = app_queries.row_version(conn, guard.table, guard.row_id)
            now = None if found is None else RowVersion(*found)
            if now != guard.opened:
                return False, now
            return True, fn(store)

    def row_version(self, table: str, row_id: int) -> RowVersion | None:
        """The row's `created_at` and `updated_at` as stored (None: the row is gone).  Call from a worker."""
        if table not in EDITABLE:
            raise ValueError(table)
        found = self.read(lambda conn: app_queries.row_version(conn, table, row_id))
        return None if found is None else RowVersion(*found)

    def read(self, query: Callable[[Connection], T]) -> T:
        """Run a read of the data package or a feature (`harvest.pending_count`...) on the details reader
        (`read_with`).  Call from a worker."""
        if self.reader is None:
            raise JournalError("the journal is still opening; try again in a moment")
        return read_with(self.reader, query)

    def _after_write(self, message: str) -> None:
        self.revision += 1
        if message:
            self.notify(message, timeout=3)

    def _form(
        self,
        form_cls: type[FormScreen],
        values: dict[str, Any] | None,
        save: Save,
        done: Done,
        *,
        title: str | None = None,
        error: str | None = None,
        edit: Edit | None = None,
        saved: dict[str, Any] | None = None,
        confirm: Confirm | None = None,
    ) -> None:
        """Open a form; on save run `save` in a worker, reopening the form with the input if it fails.

        `saved` is what the form's row holds (default `values`): a form reopened with what was typed
        still asks before escape throws the typing away.  `edit`: a save first checks the row is unchanged
        (and still there).  `confirm` reads, in a worker, a question to answer before the write (None: none).
        """
        held = dict(values or {}) if saved is None else saved

        def submitted(payload: dict[str, Any] | None) -> None:
            if payload is None:
                return
            typed = payload.pop("_form_values")

            def reopen(message: str | None = None) -> None:
                self._form(
                    form_cls, typed, save, done, title=title, error=message, edit=edit, saved=held, confirm=confirm
                )

            guard = None
            if edit is not None:

                def overwrite() -> None:
                    self.run_write(lambda s: save(s, payload), done, reopen)

                def on_conflict(now: RowVersion | None) -> None:
                    self._ask_conflict(edit, now, payload, overwrite=overwrite, back=reopen)

                guard = EditGuard(edit.table, edit.row_id, edit.opened, on_conflict)

            def write() -> None:
                self.run_write(lambda s: save(s, payload), done, reopen, guard=guard)

            if confirm is None:
                write()
            else:
                self._confirm_then(confirm, payload, write, reopen)

        self.push_screen(form_cls(values, names=self.names, error=error, title=title, saved=held), submitted)

    @work(thread=True, group="write", exit_on_error=False)
    def _confirm_then(
        self, confirm: Confirm, payload: dict[str, Any], write: Callable[[], None], back: Callable[[str | None], None]
    ) -> None:
        """Read the question a write needs answered first (a merge); none: write at once."""
        try:
            if self.reader is None:
                raise JournalError("the journal is still opening; try again in a moment")
            question = confirm(self.reader, payload)
        except JournalError as exc:
            said = self.without_secret(str(exc))
            self.call_from_thread(self.notify, said, severity="error", timeout=6)
            self.call_from_thread(back, said)
            return
        except Exception:
            self.call_from_thread(back, "Not saved: journal_tui failed (see the notification); your text is kept.")
            raise
        if question is None:
            self.call_from_thread(write)
        else:
            self.call_from_thread(self._ask_first, question, write, back)

    def _ask_first(self, question: str, write: Callable[[], None], back: Callable[[str | None], None]) -> None:
        from journal_tui.tui.screens.dialogs import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                write()
            else:
                back(None)

        self.push_screen(ConfirmScreen(question, hint="y yes · n back to the form (nothing is saved yet)"), answered)

    def _ask_conflict(
        self,
        edit: Edit,
        now: RowVersion | None,
        payload: dict[str, Any],
        *,
        overwrite: Callable[[], None],
        back: Callable[[str | None], None],
    ) -> None:
        """Another program changed or deleted the row under an open form: overwrite, reload or go back; for a
        deleted row (or its id given to a new row), save what was typed as a new row or go back to it."""
        noun = EDITABLE[edit.table]
        if now is None or (edit.opened is not None and now.created != edit.opened.created):
            self._ask_deleted(edit, payload, back)
            return

        def answered(choice: str | None) -> None:
            if choice == "overwrite":
                overwrite()
            elif choice == "reload":
                self.open_edit(edit.table, edit.row_id)
            else:
                back(None)

        from journal_tui.tui.screens.dialogs import ConflictScreen

        self.push_screen(
            ConflictScreen(
                f"{noun.capitalize()} {edit.row_id} was changed by another program (the CLI?) "
                "while you were editing it."
            ),
            answered,
        )

    def _ask_deleted(self, edit: Edit, payload: dict[str, Any], back: Callable[[str | None], None]) -> None:
        """The row was deleted elsewhere while its form was open: nothing was saved; what was typed is kept,
        as a new row or in the form again."""
        noun = EDITABLE[edit.table]
        gone = f"{noun.capitalize()} {edit.row_id} was deleted by another program (the CLI?) while you were editing it"

        def answered(choice: str | None) -> None:
            if choice == "new":
                self.run_write(lambda s: edit.as_new(s, payload), edit.as_new_done, back)
            else:
                back(f"{gone}: ctrl+s offers to save this as a new {noun}.")

        from journal_tui.tui.screens.dialogs import DeletedElsewhereScreen

        self.push_screen(DeletedElsewhereScreen(f"{gone}; nothing was saved.", noun), answered)

    # --- requests from the panes -----------------------------------------------------------

    @on(Pane.NewRequested)
    def _new_requested(self, event: Pane.NewRequested) -> None:
        {
            "journal": self.action_new_entry,
            "goals": self.action_new_goal,
            "feedback": self.action_new_feedback,
            "people": self.new_person,
        }[event.pane.pane_name]()

    @on(Pane.EditRequested)
    def _edit_requested(self, event: Pane.EditRequested) -> None:
        self.open_edit(event.table, event.row_id)

    @on(Pane.DeleteRequested)
    def _delete_requested(self, event: Pane.DeleteRequested) -> None:
        self.confirm_delete(event.table, event.row_id, event.label)

    @on(JournalPane.StarToggled)
    def _star_toggled(self, event: JournalPane.StarToggled) -> None:
        entry_id, starred = event.entry_id, event.starred
        self.run_write(
            lambda s: s.set_starred(entry_id, starred), f"{'Starred' if starred else 'Unstarred'} entry {entry_id}."
        )

    @on(JournalPane.LinkRequested)
    def _link_requested(self, event: JournalPane.LinkRequested) -> None:
        self.pick_goal_for(event.entry_id, event.linked, event.title)

    @on(JournalPane.CriterionRequested)
    def _criterion_requested(self, event: JournalPane.CriterionRequested) -> None:
        self.pick_criterion_for(event.entry_id, event.title)

    @on(FeedbackPane.RespondRequested)
    def _respond_requested(self, event: FeedbackPane.RespondRequested) -> None:
        self.pick_response_for(event.feedback)

    @on(GoalsPane.MilestoneRequested)
    def _milestone_requested(self, event: GoalsPane.MilestoneRequested) -> None:
        from journal_tui.tui.screens.forms import MilestoneForm

        goal_id = event.goal_id
        self._form(
            MilestoneForm,
            {},
            lambda s, p: s.add_milestone(goal_id, **p),
            lambda i: f"Added milestone {i}.",
            title=f"New milestone for goal {goal_id}",
        )

    @on(GoalsPane.MilestoneToggled)
    def _milestone_toggled(self, event: GoalsPane.MilestoneToggled) -> None:
        milestone_id, done = event.milestone_id, event.done
        self.run_write(
            lambda s: s.set_milestone_done(milestone_id, self.today if done else None),
            f"Milestone {'done' if done else 'reopened'}.",
        )

    @on(GoalsPane.StatusRequested)
    def _status_requested(self, event: GoalsPane.StatusRequested) -> None:
        goal_id, status = event.goal_id, event.status
        self.run_write(lambda s: s.set_goal_status(goal_id, status, self.today), f"Goal {goal_id} is {status}.")

    @on(PeoplePane.PersonEditRequested)
    def _person_edit_requested(self, event: PeoplePane.PersonEditRequested) -> None:
        self.edit_person(event.person)

    @on(PeoplePane.ContactRequested)
    def _contact_requested(self, event: PeoplePane.ContactRequested) -> None:
        self.log_contact(event.name)

    @on(PeoplePane.AskRequested)
    def _ask_requested(self, event: PeoplePane.AskRequested) -> None:
        self.ask_for_feedback(event.name)

    # --- forms ---------------------------------------------------------------------------

    def action_new_entry(self) -> None:
        from journal_tui.tui.screens.forms import EntryForm

        self._form(EntryForm, {}, lambda s, p: s.add_entry(**p), lambda i: f"Added entry {i}.")

    @work(thread=True, exclusive=True, group="open-edit", exit_on_error=False)
    def open_edit(self, table: str, row_id: int) -> None:
        """Read the row afresh and its version, in one snapshot, off the UI thread; then open its form."""
        reader = self.reader
        if reader is None:
            return
        with reader.reading():  # the reads below share it: the row and its version agree
            version = self.row_version(table, row_id)
            row = {"entry": reader.get_entry, "goal": reader.get_goal, "feedback": reader.get_feedback}[table](row_id)
        self.call_from_thread(self._open_edit_form, table, row, version)

    def _open_edit_form(self, table: str, row: Any, version: RowVersion | None) -> None:
        from journal_tui.tui.screens.forms import EntryForm, FeedbackForm, GoalForm

        row_id = row.id

        def edit(as_new: Save) -> Edit:
            """Saved as a new row when this one was deleted elsewhere: the form's own "new" write."""
            noun = EDITABLE[table]
            return Edit(
                table,
                row_id,
                version,
                as_new,
                lambda i: f"Added {noun} {i} with your text ({noun} {row_id} was deleted elsewhere).",
            )

        if table == "entry":
            e = row
            values = {
                "text": e.text,
                "date": e.occurred_on.isoformat(),
                "project": e.project or "",
                "skills": ", ".join(e.skills),
                "impact": e.impact or "",
                "starred": e.starred,
                "extra": e.extra,
            }
            self._form(
                EntryForm,
                values,
                lambda s, p: s.update_entry(row_id, **p),
                f"Saved entry {row_id}.",
                title=f"Edit entry {row_id}",
                edit=edit(lambda s, p: s.add_entry(**p)),
            )
        elif table == "goal":
            g = row

            def num(x: float | None) -> str:
                return "" if x is None else f"{x:g}"

            values = {
                "title": g.title,
                "specific": g.specific or "",
                "measure": g.measure or "",
                "target": num(g.target),
                "current": num(g.current),
                "relevant": g.relevant or "",
                "baseline": num(g.baseline),
                "due": g.due_on.isoformat() if g.due_on else "",
            }
            self._form(
                GoalForm,
                values,
                lambda s, p: s.update_goal(row_id, on=self.today, **p),
                f"Saved goal {row_id}.",
                title=f"Edit goal {row_id}",
                edit=edit(lambda s, p: s.add_goal(on=self.today, **p)),
            )
        else:
            f = row
            values = {
                "text": f.text,
                "person": f.person,
                "kind": f.kind,
                "date": f.received_on.isoformat(),
                "tags": ", ".join(f.tags),
                "skills": ", ".join(f.skills),
                "project": f.project or "",
                "about": str(f.entry_id or ""),
            }
            self._form(
                FeedbackForm,
                values,
                lambda s, p: s.update_feedback(row_id, **p),
                f"Saved feedback {row_id}.",
                title=f"Edit feedback {row_id}",
                edit=edit(lambda s, p: s.add_feedback(**p)),
            )

    @work(thread=True, exclusive=True, group="picker", exit_on_error=False)
    def pick_goal_for(self, entry_id: int, linked: tuple[int, ...], title: str) -> None:
        """Active goals (and those already linked) from the reader, whatever the Goals pane shows."""
        reader = self.reader
        if reader is None:
            return
        goals = [g for g in reader.list_goals() if g.status == "active" or g.id in linked]
        self.call_from_thread(self._show_goal_picker, entry_id, linked, title, goals)

    def _show_goal_picker(self, entry_id: int, linked: tuple[int, ...], title: str, goals: list[Any]) -> None:
        def chosen(goal_id: int | None) -> None:
            if goal_id is None:
                return
            unlink = goal_id in linked
            self.run_write(
                lambda s: s.link(entry_id, goal_id, linked=not unlink),
                f"{'Unlinked' if unlink else 'Linked'} entry {entry_id} {'from' if unlink else 'to'} goal {goal_id}.",
            )

        from journal_tui.tui.screens.dialogs import GoalPicker, subject

        self.push_screen(GoalPicker(goals, linked, subject("entry", entry_id, title)), chosen)

    def action_new_goal(self) -> None:
        from journal_tui.tui.screens.forms import GoalForm

        self._form(GoalForm, {}, lambda s, p: s.add_goal(on=self.today, **p), lambda i: f"Added goal {i}.")

    def action_new_feedback(self) -> None:
        from journal_tui.tui.screens.forms import FeedbackForm

        about = self.pane("journal").selected_id
        values = {"about": str(about) if about else "", "kind": "praise"}
        self._form(FeedbackForm, values, lambda s, p: s.add_feedback(**p), lambda i: f"Added feedback {i}.")

    def new_person(self) -> None:
        from journal_tui import people
        from journal_tui.tui.screens.people_forms import PersonForm

        # blank fields leave an existing person's role, team and note as they are (`e` clears them)
        self._form(
            PersonForm,
            {},
            lambda s, p: people.set_person(
                s, p["name"], role=p["role"] or None, team=p["team"] or None, note=p["note"] or None
            ),
            lambda r: f"{'Added' if r[1] else 'Updated'} {r[0]}.",
        )

    def edit_person(self, person: PersonRow) -> None:
        """Edit a person; a new name renames them, or, once confirmed, merges them into someone who has it
        (`people.edit_person`: the same merge as `journal person rename`)."""
        from journal_tui import people
        from journal_tui.tui.screens.people_forms import NO_ROLE, PersonForm

        person_id = person.id

        def save(s: Store, p: dict[str, Any]) -> str:
            return people.edit_person(s, person_id, p["name"], role=p["role"], team=p["team"], note=p["note"])

        def merge_question(r: Reader, p: dict[str, Any]) -> str | None:
            return people.describe_merge(r, person_id, p["name"], role=p["role"], team=p["team"], note=p["note"])

        values = {
            "name": person.name,
            "role": person.role or NO_ROLE,
            "team": person.team or "",
            "note": person.note or "",
        }
        self._form(
            PersonForm, values, save, lambda message: f"{message}.", title=f"Edit {person.name}", confirm=merge_question
        )

    def log_contact(self, name: str) -> None:
        from journal_tui import people
        from journal_tui.tui.screens.people_forms import ContactForm

        self._form(
            ContactForm,
            {},
            lambda s, p: people.add_contact(s, name, **p),
            lambda r: f"Logged a conversation with {r[1]}.",
            title=f"Conversation with {name}",
        )

    def ask_for_feedback(self, name: str) -> None:
        from journal_tui import people
        from journal_tui.tui.screens.people_forms import AskForm

        about = self.pane("journal").selected_id
        self._form(
            AskForm,
            {"entry": str(about) if about else ""},
            lambda s, p: people.add_ask(s, name, **p),
            lambda r: f"Asked {r[1]} for feedback (ask {r[0]}).",
            title=f"Ask {name} for feedback",
        )

    # --- delete and undo ---------------------------------------------------------------

    def confirm_delete(self, table: str, row_id: int, label: str) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                self.run_write(lambda s: self._delete(s, table, row_id, label), f"Deleted {label}. Press u to undo.")

        from journal_tui.tui.screens.dialogs import ConfirmScreen

        self.push_screen(ConfirmScreen(f"Delete {label}?"), answered)

    def _delete(self, store: Store, table: str, row_id: int, label: str) -> None:
        snap = store.delete(table, row_id)
        self.call_from_thread(self._push_undo, label, snap)

    def _push_undo(self, label: str, snap: dict[str, Any]) -> None:
        self.undo_stack = [*self.undo_stack, (label, snap)][-UNDO_DEPTH:]

    def action_undo(self) -> None:
        """Bring back the last deleted row, under the id `restore` gives it (its old one may be taken since): the
        message names that id and the cursor goes to it.  A failed undo (a busy journal) stays on the stack."""
        if not self.undo_stack:
            self.notify("Nothing to undo.", severity="warning")
            return
        label, snap = self.undo_stack.pop()
        table, old_id = str(snap["table"]), int(snap["row"]["id"])

        def restore(store: Store) -> int:
            new_id = store.restore(snap)
            self.call_from_thread(self.select_after_load, table, new_id)
            return new_id

        def failed(message: str) -> None:
            if not message.startswith("cannot undo"):  # db.restore's "cannot undo ...": trying again cannot help
                self._push_undo(label, snap)

        self.run_write(restore, lambda new_id: restored_message(label, table, old_id, new_id), failed)

    # --- review, help, palette ---------------------------------------------------------

    def require_reader(self) -> bool:
        """Screens that read the whole journal open once it is open (a moment after the first frame)."""
        if self.reader is None:
            self.notify("Still opening the journal…", severity="warning")
            return False
        return True

    def action_review(self) -> None:
        if self.require_reader():
            from journal_tui.dates import range_of
            from journal_tui.tui.screens.review import ReviewScreen

            named = range_of(self.flt.start, self.flt.end, self.today)  # `in:last-quarter` then R: that quarter
            self.push_screen(ReviewScreen(f"{named.start}..{named.end}") if named else ReviewScreen())

    def action_activity(self) -> None:
        from journal_tui.tui.screens.activity import ActivityScreen

        def chosen(week: str | None) -> None:
            """Enter on a week: the journal, filtered to it (the filter bar shows it, so escape undoes it)."""
            if week:
                self.query_one("#filter-bar", FilterBar).set_query(f"in:{week}")
                self.show_built_pane("journal")

        self.push_screen(ActivityScreen(), chosen)

    def action_checkin(self) -> None:
        from journal_tui.checkin import record_with_store
        from journal_tui.tui.screens.checkin_form import CheckinForm

        def done(result: tuple[int, list[int]]) -> str:
            wins = f", {plural(len(result[1]), 'win')} logged" if result[1] else ""
            return f"Checked in (check-in {result[0]}{wins})."

        self._form(CheckinForm, {}, lambda s, p: record_with_store(s, p["data"], self.today), done)

    def action_help(self) -> None:
        from journal_tui.tui.screens.dialogs import HelpScreen

        if self.screen.id == HELP_SCREEN_ID:
            return
        self.push_screen(HelpScreen(help_sections(self), id=HELP_SCREEN_ID))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("New entry", "Log a win", self.action_new_entry)
        yield SystemCommand("New goal", "Add a SMART goal", self.action_new_goal)
        yield SystemCommand("New feedback", "Record feedback you received", self.action_new_feedback)
        yield SystemCommand("New person", "Add a mentor, manager, sponsor… with their role", self.new_person)
        yield SystemCommand("Review", "The period's wins as a promotion case", self.action_review)
        yield SystemCommand(
            "Case", "Your promotion case: criteria of the target role, evidence, gaps", self.action_case
        )
        yield SystemCommand(
            "Weekly check-in", "Wins, what you learned, setbacks, next week's focus", self.action_checkin
        )
        yield SystemCommand("Activity", "Streaks and the year at a glance", self.action_activity)
        yield SystemCommand("Inbox", "Suggestions from your commits: accept, edit, skip", self.action_inbox)
        yield SystemCommand("Undo delete", "Bring back the last deleted item", self.action_undo)
        yield SystemCommand("Refresh", "Reload from the journal file", self.action_refresh)
        yield SystemCommand("Filter", "Focus the filter bar", self.action_focus_filter)
        yield SystemCommand("Toggle facets", "Projects, skills and people with counts", self.action_toggle_facets)
        for name in PANES:
            yield SystemCommand(
                f"Show {name}", f"Switch to the {name.capitalize()} pane", lambda n=name: self.action_show_pane(n)
            )


def restored_message(label: str, table: str, old_id: int, new_id: int) -> str:
    """What undo says: the row by the id it has now (`label` names it by the id it had: "entry 3 (...)")."""
    if new_id == old_id:
        return f"Restored {label}."
    head = f"{table} {old_id}"
    shown = f"{table} {new_id}{label[len(head) :]}" if label.startswith(head) else f"{table} {new_id} ({label})"
    return f"Restored {shown} under a new id: {old_id} was given to a new {table} meanwhile."


def help_sections(app: App[Any]) -> list[tuple[str, list[tuple[str, str]]]]:
    """Every binding that matters, read from the classes that define them."""
    from journal_tui.tui.screens.activity import ActivityScreen
    from journal_tui.tui.screens.case import CaseScreen
    from journal_tui.tui.screens.case_gaps import GapList
    from journal_tui.tui.screens.form import FormScreen
    from journal_tui.tui.screens.inbox import InboxScreen
    from journal_tui.tui.screens.review import ReviewScreen

    sections = []
    for title, classes in (
        ("Anywhere", (JournalApp,)),
        ("Journal", (JournalPane,)),
        ("Goals", (GoalsPane,)),
        ("Feedback", (FeedbackPane,)),
        ("People", (PeoplePane,)),
        ("Forms", (FormScreen,)),
        ("Review", (ReviewScreen,)),
        ("Case", (CaseScreen, GapList)),
        ("Activity", (ActivityScreen,)),
        ("Inbox", (InboxScreen,)),
    ):
        keys = []
        seen = set()
        for klass in (k for cls in classes for k in reversed(cls.__mro__)):
            if klass.__module__.startswith("textual."):
                continue  # Textual's own (focus moves, copy): not the journal's keys
            for b in getattr(klass, "BINDINGS", []) if "BINDINGS" in vars(klass) else []:
                if isinstance(b, Binding) and b.description and b.key not in seen and b.key != "tab":
                    seen.add(b.key)
                    shown = " / ".join(app.get_key_display(Binding(key.strip(), b.action)) for key in b.key.split(","))
                    keys.append((shown, b.tooltip or b.description))
        sections.append((title, keys))
    sections.append(
        (
            "Lists",
            [
                ("↑ ↓ pgup pgdn", "move"),
                ("home / end", "first / last row"),
                ("enter", "(journal, feedback; narrow terminal) the selected item in full; escape: back to the list"),
                ("enter", "(facets) add or remove the filter term"),
                ("enter", "(filter bar) back to the list, keeping the filter"),
            ],
        )
    )
    return sections


def keep_out_of_collections() -> None:
    """Exempt what is alive now (modules, styles, the widgets: ~170k objects) from the cyclic collector.

    A full collection walks every tracked object: 90-100 ms on the UI thread, at a random keystroke.
    After loading, these objects live as long as the app, so `gc.freeze()` moves them out of the
    collector's reach; what is created later (rows, pages, details) is collected as usual.
    """
    import gc

    gc.freeze()


YOUNG_GENERATION = 20_000  # allocations between young collections once the app runs (the default is 700)


def resume_collections() -> None:
    """Turn the cyclic collector back on if the start paused it (`journal` does, before importing Textual).

    Starting allocates hundreds of thousands of objects that live as long as the app (modules, styles,
    widgets), so the collector ran about twenty times before the first rows, once over everything
    (60-70 ms together at 120x36).  Without it, start-up keeps each object until refcounting frees it;
    once the rows are shown, what is alive is frozen out of the collector's reach and collecting resumes.

    It resumes with a larger young generation: drawing one filter keystroke's rows allocates tens of thousands
    of short-lived objects (segments, styles, strips), and at the default 700 the collector ran several times a
    key, walking the table's caches each time (1-4 ms per run, a dozen ms on some keys; measured in tmux at
    100k entries: median 57 -> 51 ms, max 135 -> 71 ms a key).  Garbage cycles wait a little longer.
    """
    import gc

    if not gc.isenabled():
        gc.freeze()
        gc.set_threshold(YOUNG_GENERATION, *gc.get_threshold()[1:])
        gc.enable()


def make_app(db_path: str | Path | None = None, *, today: dt.date | None = None) -> JournalApp:
    """The one factory used by the CLI, the tests and the screenshot script: a file's path or a server's URL."""
    return JournalApp(db.resolve_db_path(db_path), today=today)


def secret_of(target: str) -> str | None:
    """The password a server URL carries (in its user part or its query), to keep out of what the app shows."""
    from urllib.parse import parse_qs, unquote, urlsplit

    try:
        parts = urlsplit(target)
        query = parse_qs(parts.query).get("password")
    except ValueError:
        return None
    found = parts.password or (query[0] if query else None)
    return unquote(found) if found else None


def run_app(db_path: str | Path | None = None, *, today: dt.date | None = None) -> int:
    """Check the journal first (one clear line on a bad file or a server out of reach, no TUI), then run the app."""
    if not db.key_needed(db_path):  # an encrypted journal's passphrase is asked in the app, then it is checked
        db.open_journal(db_path).close()
    app = make_app(db_path, today=today)
    app.run()
    return int(app.return_code or 0)
