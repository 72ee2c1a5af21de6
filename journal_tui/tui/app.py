"""The journal app: it routes and navigates; the rooms around it do the rest.

The app composes the filter bar over the four panes, moves between them, routes what panes and screens ask
(`FlowRequest`s go to the write flow, tui/flow.py), polls for changes made elsewhere, and reports every failed
worker in one place (`report_failure`).  It holds no SQL and never names an engine: the journal it is open on is a
`JournalContext` (tui/context.py), handed down to every pane, screen and form, which read and write through it.
State flows down: the app owns the filter, today, a revision counter and which pane is shown, and binds them into
the panes; requests flow up as messages.

The first rows come with the first frame: the readers are opened at mount and the journal's first page (one indexed
read, a few milliseconds) is read right there; the store (for writes), the later modules and the integrity check
follow in workers (tui/startup.py).  A change made from the CLI in another shell, or on another machine, shows up by
itself within `POLL_SECONDS` (SQLite's `data_version`, PostgreSQL's LISTEN/NOTIFY; never waiting), on focus, and on
ctrl+r.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any, cast

from textual import events, on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.containers import Horizontal
from textual.events import AppFocus
from textual.notifications import SeverityLevel
from textual.reactive import reactive
from textual.screen import ModalScreen, Screen
from textual.signal import Signal
from textual.widget import Widget
from textual.widgets import Header, TabPane
from textual.worker import Worker, WorkerState

from journal_tui import harvest
from journal_tui.data import db
from journal_tui.data.reader import Interrupted
from journal_tui.dates import range_of
from journal_tui.errors import JournalError
from journal_tui.query import Filter, toggle_term
from journal_tui.tui import startup
from journal_tui.tui.base import ALREADY_REPORTED, WorkFailed, in_thread
from journal_tui.tui.bindings import APP_BINDINGS
from journal_tui.tui.context import Change, JournalContext
from journal_tui.tui.flow import WriteFlow, Written
from journal_tui.tui.messages import FlowRequest
from journal_tui.tui.text import clean, one_line
from journal_tui.tui.widgets.facets import FacetList
from journal_tui.tui.widgets.feedback_pane import FeedbackPane
from journal_tui.tui.widgets.filter_bar import FilterBar
from journal_tui.tui.widgets.footer import QuietFooter
from journal_tui.tui.widgets.goals_pane import GoalsPane
from journal_tui.tui.widgets.journal_pane import JournalPane
from journal_tui.tui.widgets.list_pane import ListPane, Pane
from journal_tui.tui.widgets.pane_tabs import PANE_OF, PANES, PaneTabs
from journal_tui.tui.widgets.people_pane import PeoplePane

# Keys of the main screen: they mean nothing while a form, dialog or the review is open.
PANE_ACTIONS = {
    "show_pane",
    "focus_filter",
    "toggle_facets",
    "undo",
    "screen",
    "refresh",
    "step_back",
    "checkin",
}
POLL_SECONDS = 0.5  # a change made elsewhere shows within this plus one read: well under 2 s
logger = logging.getLogger(__name__)
HELP_SCREEN_ID = "help"
NARROW_WIDTH = 110


def inbox_title(base: str, waiting: int) -> str:
    """The header's title: the app's name, and how many suggestions wait (with the key that shows them)."""
    return f"{base} · {waiting:,} suggestion{'s' if waiting != 1 else ''} from git (i)" if waiting else base


class JournalApp(App[int]):
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
    BINDINGS = APP_BINDINGS

    # state the app holds and binds down; it paints nothing itself (a repaint here would repaint the whole screen)
    flt: reactive[Filter] = reactive(Filter, always_update=False, repaint=False)
    revision: reactive[int] = reactive(0, repaint=False)
    today: reactive[dt.date] = reactive(dt.date.today, repaint=False)
    shown: reactive[str] = reactive("journal", repaint=False)  # the pane on screen
    typing: reactive[bool] = reactive(False, repaint=False)  # the keyboard is in the filter bar
    started: reactive[bool] = reactive(False, repaint=False)  # the first rows are on screen
    selected_entry: reactive[int | None] = reactive(None, repaint=False)  # the Journal pane's cursor row

    def __init__(self, ctx: JournalContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.set_reactive(JournalApp.today, ctx.today)
        self.flow = WriteFlow(self, ctx)

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
        message, title = self.ctx.without_secret(message), self.ctx.without_secret(title)
        super().notify(
            message if markup else clean(message), title=clean(title), severity=severity, timeout=timeout, markup=markup
        )

    # --- layout and opening -------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield FilterBar(id="filter-bar").data_bind(JournalApp.today)
        with Horizontal(id="main"):
            facets = FacetList(self.ctx, id="facets").data_bind(JournalApp.flt, JournalApp.revision, JournalApp.shown)
            facets.display = False
            yield facets
            with PaneTabs(self.ctx, id="tabs"):
                yield from self.compose_panes()
        yield QuietFooter(held=True)  # its keys fill in just after the first rows (`_after_first_rows`)

    def compose_panes(self) -> ComposeResult:
        """One TabPane per entry of PANES, in order."""
        bound = (
            JournalApp.flt,
            JournalApp.revision,
            JournalApp.today,
            JournalApp.shown,
            JournalApp.typing,
            JournalApp.started,
            JournalApp.selected_entry,
        )
        with TabPane("Journal ¹", id="journal"):
            yield JournalPane(self.ctx, id="journal-pane").data_bind(*bound)
        with TabPane("Goals ²", id="goals"):  # the hidden panes compose their bodies when first shown
            yield GoalsPane(self.ctx, id="goals-pane", lazy=True).data_bind(*bound)
        with TabPane("Feedback ³", id="feedback"):
            yield FeedbackPane(self.ctx, id="feedback-pane", lazy=True).data_bind(*bound)
        with TabPane("People ⁴", id="people"):
            yield PeoplePane(self.ctx, id="people-pane", lazy=True).data_bind(*bound)

    def on_mount(self) -> None:
        self.ctx.changed = Signal(self, "changed")
        self.sub_title = one_line(f"{self.ctx.name} · everything")
        self.query_one("#filter-bar", FilterBar).show_status("opening journal…")
        self.watch(self.pane("journal"), "selected_id", self._entry_selected)
        if not self._ask_passphrase_first():
            self._open()

    def _ask_passphrase_first(self) -> bool:
        """An encrypted journal without its key at hand: its passphrase dialog is the first frame (data/cipher.py)."""
        try:
            if not db.key_needed(self.ctx.locator):
                return False
        except JournalError as exc:  # a wrong $JOURNAL_KEY
            self.ctx.give_up_opening()
            self.exit(None, 1, str(exc))
            return True
        from journal_tui.tui.screens.passphrase import PassphraseScreen  # only for encrypted journals

        self.push_screen(
            PassphraseScreen(self.ctx.locator),
            lambda opened: self._open() if opened else self.exit(None, 1, "the journal stayed locked"),
        )
        return True

    def _open(self) -> None:
        """Open the readers and the change watcher at once (milliseconds): the first rows are queried while the first
        frame is laid out."""
        try:
            self.ctx.open()
        except JournalError as exc:
            self.ctx.give_up_opening()
            self.exit(None, 1, self.ctx.without_secret(str(exc)))
            return
        self.set_interval(POLL_SECONDS, self.refresh_if_changed)
        self.revision += 1
        self.focus_pane()

    @work(thread=True, exclusive=True, group="store", exit_on_error=False)
    def _open_store(self) -> None:
        """After the first rows: SQLAlchemy and the Store, for writes."""
        self.ctx.open_store()
        startup.keep_out_of_collections()

    def on_resize(self, event: events.Resize) -> None:
        """Below 110 columns the list gets the whole width; the detail pane would squeeze it unreadable."""
        self.screen.set_class(event.size.width < NARROW_WIDTH, "-narrow")

    def on_unmount(self) -> None:
        self.ctx.close()

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
        if isinstance(exc, (Interrupted, *ALREADY_REPORTED)):
            return  # a query for a filter already replaced, or a thread's failure reported when it failed
        bug = not isinstance(exc, JournalError)
        text = f"{worker.name or worker.group} failed: {type(exc).__name__}: {exc}" if bug else str(exc)
        text = one_line(self.ctx.without_secret(text))
        logger.error(
            "worker %s (group %s) failed: %s",
            worker.name,
            worker.group,
            text,
            exc_info=exc if bug and isinstance(exc, BaseException) else None,
        )
        self.log.error(text)
        self.notify(text, severity="error", timeout=8)
        if worker.group == "load" and self._on_screen():
            self.query_one("#filter-bar", FilterBar).show_status(f"could not load: {text}", error=True)
            self._after_first_rows()  # edits still work

    # --- panes -----------------------------------------------------------------------

    def _on_screen(self) -> bool:
        """The main screen's widgets exist (False while the app closes: a message that arrives then is too late)."""
        return bool(self.query("#tabs"))

    @property
    def tabs(self) -> PaneTabs:
        return self.query_one("#tabs", PaneTabs)

    def pane(self, name: str | None = None) -> Pane:
        return self.tabs.pane(name)

    def focus_now(self, widget: Widget) -> None:
        """Move the focus before the next key is dispatched (`Widget.focus` waits a turn of the queue)."""
        self.screen.set_focus(widget)

    def focus_pane(self) -> None:
        self.focus_now(self.pane().table)

    async def action_show_pane(self, name: str) -> None:
        """Show a pane, composing it first if it was never shown; the keys typed meanwhile wait for its list."""
        await self.tabs.build(name)
        self.show_built_pane(name)

    def show_built_pane(self, name: str) -> None:
        """Show a pane already composed (the Journal pane always is) and put the keyboard in its list."""
        self.shown = name
        self.focus_now(self.tabs.show(name).table)

    @on(PaneTabs.Chosen)
    async def _pane_chosen(self, event: PaneTabs.Chosen) -> None:
        """A tab clicked with the mouse: its pane is shown, and the keyboard goes to its list (unless it is there,
        in a dialog, or in the filter bar)."""
        if not self._on_screen():
            return
        self.shown = event.name
        await self.tabs.build(event.name)
        pane = self.tabs.show(event.name)
        if (
            self.screen is self.screen_stack[0]
            and (self.focused is None or pane not in self.focused.ancestors)
            and not self._in_filter_bar()
        ):
            self.focus_now(pane.table)

    def _entry_selected(self, entry_id: int | None) -> None:
        self.selected_entry = entry_id  # the Feedback pane's new item and the ask form are about it

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Pane keys mean nothing while a form, dialog or the review is open; `escape` only when it can step back;
        `q` quits from any screen but a form or a dialog."""
        if action in PANE_ACTIONS and len(self.screen_stack) > 1:
            return False
        if action == "leave":
            return not isinstance(self.screen, ModalScreen)
        if action == "step_back":
            return self._back_step() is not None
        if action == "focus_filter" and self._in_filter_bar():
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

    # --- filtering and counts ---------------------------------------------------------------

    @on(FilterBar.Changed)
    def _filter_changed(self, event: FilterBar.Changed) -> None:
        if self.ctx.lister is not None and event.flt != self.flt:
            self.ctx.lister.interrupt()  # the rows and counts for the previous filter are not wanted any more
        self.flt = event.flt

    @on(FilterBar.Typing)
    def _typing(self, event: FilterBar.Typing) -> None:
        self.typing = event.typing

    @on(FilterBar.Done)
    def _filter_done(self) -> None:
        self.focus_pane()

    def _in_filter_bar(self) -> bool:
        """The keyboard is in the filter bar now (the bound `typing` follows a message later)."""
        return self.query_one("#filter-bar", FilterBar).input.has_focus

    def watch_flt(self, flt: Filter) -> None:
        self.sub_title = one_line(f"{self.ctx.name} · {flt.describe()}")
        if not self._in_filter_bar():  # while typing, the keys shown are the bar's (escape steps back whatever the
            self.refresh_bindings()  # filter): the footer is checked again when the keyboard leaves the bar

    @on(PaneTabs.Status)
    def _status(self, event: PaneTabs.Status) -> None:
        for bar in self.query(FilterBar):  # none while the app closes: a late count has nowhere to go
            bar.show_status(event.text)

    @on(PaneTabs.FirstRows)
    def _after_first_rows(self) -> None:
        """Once: the Store (for edits) and the modules the first frame did not need, in workers."""
        if not self.started and self._on_screen():
            self.started = True
            startup.resume_collections()
            self.query_one(QuietFooter).release()
            self._open_store()
            self.run_worker(startup.preload, thread=True, group="preload", exit_on_error=False)
            self._count_inbox()
            self.set_timer(startup.CHECK_AFTER_SECONDS, self.check_file)

    @work(exclusive=True, group="check", exit_on_error=False)
    async def check_file(self) -> None:
        """SQLite's quick check, read-only, off the UI thread, a few seconds after start so the first keys are not
        slowed; damage is one notification that stays a minute."""
        said = await in_thread(self, lambda: startup.damage(self.ctx.locator), "check-thread")
        if said:
            self.notify(said, title="Journal damaged", severity="error", timeout=60)

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
            self.focus_now(facets)
        else:
            self.focus_pane()
        self.refresh_bindings()

    # --- changes: ours and from elsewhere ----------------------------------------------------

    def action_refresh(self) -> None:
        self.revision += 1
        self.notify("Reloaded.", timeout=1.5)

    @on(AppFocus)
    def refresh_if_changed(self) -> None:
        """Reload if another process (the CLI in another shell, another machine) committed since the last look: the
        timer, focus."""
        if self.ctx.is_open:
            self._look()

    @work(group="poll", exit_on_error=False)  # not exclusive: a cancelled look would drop its report
    async def _look(self) -> None:
        change = await in_thread(self, self.ctx.look, "poll-thread")
        if change is Change.NONE:
            return
        self.today = self.ctx.advance_today()
        self.revision += 1
        if change is Change.BACK:
            self.notify("Back in touch with the journal; reloaded.", timeout=4)

    def watch_revision(self, revision: int) -> None:
        if self.ctx.is_open:
            self._load_names()
            self._count_inbox()
            if self.ctx.changed is not None:
                self.ctx.changed.publish(revision)

    @work(exclusive=True, group="names", exit_on_error=False)
    async def _load_names(self) -> None:
        self.ctx.names = await in_thread(self, self.ctx.load_names, "names-thread")

    @work(exclusive=True, group="inbox-count", exit_on_error=False)
    async def _count_inbox(self) -> None:
        """The header says how many suggestions from git wait (one indexed count), once the first rows are shown."""
        if self.started:
            waiting = await in_thread(self, lambda: self.ctx.read(harvest.pending_count), "inbox-count-thread")
            self.title = inbox_title(type(self).TITLE or "journal", waiting)

    @on(FlowRequest)
    def _flow_requested(self, request: FlowRequest) -> None:
        """A pane or screen asks for a write, a form, an edit or a delete: the write flow does it."""
        request.stop()
        request.run(self.flow)

    @on(Written)
    def _written(self, written: Written) -> None:
        """A write committed: reload, say what was done, and put the cursor on a restored row."""
        if written.row is not None and self._on_screen():
            self.tabs.select_after_reload(*written.row, self.revision + 1)
        self.revision += 1
        if written.said:
            self.notify(written.said, timeout=3)

    # --- actions and the palette -------------------------------------------------------------

    def action_new(self, table: str) -> None:
        """A new entry, goal, feedback or person, from the palette (the panes' `n` asks the same)."""
        self.pane(PANE_OF.get(table, "people")).action_new()

    def action_undo(self) -> None:
        self.flow.undo()

    def action_screen(self, name: str) -> None:
        """`R`, `C`, `w`, `i`: the Review, Case, Activity or Inbox screen, which read the whole journal: once it is
        open (a moment after the first frame)."""
        if not self.ctx.is_open:
            self.notify("Still opening the journal…", severity="warning")
            return
        from journal_tui.tui.screens.activity import ActivityScreen
        from journal_tui.tui.screens.case import CaseScreen
        from journal_tui.tui.screens.inbox import InboxScreen
        from journal_tui.tui.screens.review import ReviewScreen

        if name == "review":
            named = range_of(self.flt.start, self.flt.end, self.today)  # `in:last-quarter` then R: that quarter
            self.push_screen(
                ReviewScreen(self.ctx, f"{named.start}..{named.end}" if named else "this quarter", self.flt)
            )
        elif name == "case":
            self.push_screen(CaseScreen(self.ctx))
        elif name == "inbox":
            self.push_screen(InboxScreen(self.ctx))
        else:
            self.push_screen(ActivityScreen(self.ctx), self._week_chosen)

    def _week_chosen(self, week: str | None) -> None:
        """Enter on a week of the Activity screen: the journal, filtered to it (escape undoes it)."""
        if week:
            self.query_one("#filter-bar", FilterBar).set_query(f"in:{week}")
            self.show_built_pane("journal")

    def action_checkin(self) -> None:
        from journal_tui.tui.screens.checkin_form import CheckinForm

        self.flow.form(CheckinForm.request(self.today))

    def action_help(self) -> None:
        from journal_tui.tui.help import help_sections
        from journal_tui.tui.screens.dialogs import HelpScreen

        if self.screen.id != HELP_SCREEN_ID:
            self.push_screen(HelpScreen(help_sections(self), id=HELP_SCREEN_ID))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("New entry", "Log a win", lambda: self.action_new("entry"))
        yield SystemCommand("New goal", "Add a SMART goal", lambda: self.action_new("goal"))
        yield SystemCommand("New feedback", "Record feedback you received", lambda: self.action_new("feedback"))
        yield SystemCommand(
            "New person", "Add a mentor, manager, sponsor… with their role", lambda: self.action_new("person")
        )
        yield SystemCommand("Review", "The period's wins as a promotion case", lambda: self.action_screen("review"))
        yield SystemCommand(
            "Case",
            "Your promotion case: criteria of the target role, evidence, gaps",
            lambda: self.action_screen("case"),
        )
        yield SystemCommand(
            "Weekly check-in", "Wins, what you learned, setbacks, next week's focus", self.action_checkin
        )
        yield SystemCommand("Activity", "Streaks and the year at a glance", lambda: self.action_screen("activity"))
        yield SystemCommand(
            "Inbox", "Suggestions from your commits: accept, edit, skip", lambda: self.action_screen("inbox")
        )
        yield SystemCommand("Undo delete", "Bring back the last deleted item", self.action_undo)
        yield SystemCommand("Refresh", "Reload from the journal file", self.action_refresh)
        yield SystemCommand("Filter", "Focus the filter bar", self.action_focus_filter)
        yield SystemCommand("Toggle facets", "Projects, skills and people with counts", self.action_toggle_facets)
        for name in PANES:
            yield SystemCommand(
                f"Show {name}", f"Switch to the {name.capitalize()} pane", lambda n=name: self.action_show_pane(n)
            )


def make_app(db_path: str | Path | None = None, *, today: dt.date | None = None) -> JournalApp:
    """The one factory used by the CLI, the tests and the screenshot script: a file's path or a server's URL."""
    return JournalApp(JournalContext(str(db.resolve_db_path(db_path)), today=today))


def run_app(db_path: str | Path | None = None, *, today: dt.date | None = None) -> int:
    """Check the journal first (one clear line on a bad file or a server out of reach, no TUI), then run the app."""
    if not db.key_needed(db_path):  # an encrypted journal's passphrase is asked in the app, then it is checked
        db.open_journal(db_path).close()
    app = make_app(db_path, today=today)
    app.run()
    return int(app.return_code or 0)
