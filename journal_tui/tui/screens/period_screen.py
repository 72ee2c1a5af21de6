"""What the Review and Case screens share: a period, a document built for it off the UI thread, and its export.

Both show one period's document (what `journal review` and `journal case` print).  The base owns:

- the period: `t`, `l`, `y` (and whatever a screen adds, such as the Review's typed range), parsed in the shared
  date language; a range that names no period is one red line in the screen's period line, and nothing else
  changes;
- the build: started on a thread of its own as the screen is made (loading its CSS and composing it need not
  come first), finished in a worker; what it makes reaches the screen as messages (the subclass's own, posted
  from the worker), and a failure reaches the app's one handler (`WorkFailed`) and is said in the period line;
- the export: `x` writes the Markdown shown, asking where first (`dialogs.export_markdown`);
- the journal: a `JournalContext` and the app's filter when the screen opened, given to it (state down).

A subclass says how to build (`start_build` on the early thread or the worker, `finish_build` in the worker)
and how to show what the worker posts.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar

from rich.text import Text
from textual import work
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Label
from textual.worker import Worker, WorkerState, get_current_worker

from journal_tui.data.reader import Interrupted
from journal_tui.dates import DateError, DateRange, parse_range, quarter_of
from journal_tui.errors import JournalError
from journal_tui.query import Filter
from journal_tui.tui.base import ReportsFailures
from journal_tui.tui.context import JournalContext
from journal_tui.tui.text import one_line

if TYPE_CHECKING:
    import datetime as dt

    from journal_tui.data.reader import Reader

T = TypeVar("T")
BUILD_GROUP = "period-document"  # the worker group of a screen's build: a newer period cancels the older build


@dataclass(frozen=True)
class Early(Generic[T]):
    """A build started before the screen was composed, and what it was started for."""

    period: DateRange
    flt: Filter
    future: Future[T]


def period_bindings(
    prefix: str, *, this: str, last: str, year: str, export: str, more: tuple[BindingType, ...] = ()
) -> list[BindingType]:
    """The keys of a period screen, with ids under `prefix` (a user's keymap names them) and these tooltips;
    `more` goes before the export, in the footer's order."""
    return [
        Binding("escape", "close", "Back", id=f"{prefix}-close", tooltip="Back to the journal"),
        Binding("t", "period('this quarter')", "This quarter", id=f"{prefix}-this", tooltip=this),
        Binding("l", "period('last quarter')", "Last quarter", id=f"{prefix}-last", tooltip=last),
        Binding("y", "period('last 365 days')", "Last year", id=f"{prefix}-year", tooltip=year),
        *more,
        Binding("x", "export", "Export .md", id=f"{prefix}-export", tooltip=export),
    ]


class PeriodScreen(ReportsFailures, Screen[None], Generic[T]):
    """One period's document: the period, the build in a worker, the export.  `T` is what `start_build` makes."""

    WHAT: ClassVar[str] = "document"  # "review", "case": the export's file and notification, a failure's line

    def __init__(
        self,
        ctx: JournalContext,
        period_text: str = "this quarter",
        flt: Filter | None = None,
        export_dir: Path | None = None,
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self.flt = flt or Filter()  # the app's filter when the screen opened: the document is narrowed by it
        self.period_text = period_text
        self.export_dir = export_dir or Path.cwd()
        self.markdown_text = ""  # the document shown: what `x` writes
        self.document_label: str | None = None  # its period as the export's file names it; None until shown
        self._early = self._prefetch(period_text)

    # --- to implement ----------------------------------------------------------------------------------

    @property
    def period_line(self) -> Label:
        """Where the period is named, and a period or build that failed is said."""
        raise NotImplementedError

    def start_build(self, reader: Reader, period: DateRange, flt: Filter, today: dt.date) -> T:
        """The first part of the build (on the early thread, or in the worker): no widget is touched."""
        raise NotImplementedError

    def finish_build(self, first: T, reader: Reader, period: DateRange, flt: Filter, today: dt.date) -> None:
        """The rest, in the worker: post what is made with `deliver`."""
        raise NotImplementedError

    def show_period(self, period: DateRange) -> None:
        """A period was chosen, its build started: named in the period line (the Case's title names it once
        built)."""
        self.period_line.update(Text(period.label(), style="dim"))

    # --- the period ---------------------------------------------------------------------------------

    def parse_period(self, text: str, today: dt.date) -> DateRange:
        """The period `text` names (nothing typed: this quarter); DateError when it names none."""
        return parse_range(text, today=today) if text.strip() else quarter_of(today)

    def _apply(self, text: str) -> None:
        """Build the document of the period `text` names; a text that names none is one red line, nothing more."""
        early, self._early = self._early, None
        try:
            period = self.parse_period(text, self.ctx.today)
        except DateError as exc:
            self.period_line.update(Text(one_line(exc), style="bold red"))
            return
        self.period_text = text
        self.show_period(period)
        self._build(period, early)

    def action_period(self, text: str) -> None:
        self._apply(text)

    # --- the build --------------------------------------------------------------------------------

    def _prefetch(self, text: str) -> Early[T] | None:
        """Start the build now, on a thread of its own: loading the screen's CSS and composing it (a tenth of a
        second on the UI thread) need not come first.  The worker takes what it made if nothing changed; a
        failure there is the worker's."""
        reader, flt, today = self.ctx.reader, self.flt, self.ctx.today
        if reader is None:
            return None  # the app opens these screens once the journal is open
        try:
            period = self.parse_period(text, today)
        except DateError:
            return None
        future: Future[T] = Future()

        def run() -> None:
            try:
                future.set_result(self.start_build(reader, period, flt, today))
            except BaseException as exc:  # noqa: BLE001 - handed to the worker, which reports it as any failure
                future.set_exception(exc)

        threading.Thread(target=run, name=f"{self.WHAT}-prefetch", daemon=True).start()
        return Early(period, flt, future)

    @work(thread=True, exclusive=True, group=BUILD_GROUP, exit_on_error=False)
    def _build(self, period: DateRange, early: Early[T] | None = None) -> None:
        reader, flt, today = self.ctx.details(), self.flt, self.ctx.today
        if early is not None and early.period == period and early.flt == flt:
            first = early.future.result()
        else:
            first = self.start_build(reader, period, flt, today)
        if not get_current_worker().is_cancelled:
            self.finish_build(first, reader, period, flt, today)

    def deliver(self, message: Message) -> bool:
        """Post what the worker made to this screen, unless a newer period replaced this build (then False)."""
        if get_current_worker().is_cancelled:
            return False
        self.post_message(message)
        return True

    def document_shown(self, label: str, markdown: str) -> None:
        """A whole document is shown: what `x` exports."""
        self.document_label = label
        self.markdown_text = markdown

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A failed build is said where the period is named.  (Textual calls each class's handler in turn:
        `ReportsFailures` reports it to the app, once, as every failure.)"""
        if event.state is WorkerState.ERROR and event.worker.group == BUILD_GROUP:
            exc = event.worker.error
            if isinstance(exc, Interrupted):
                return  # a read the app cut short for a newer one: nothing failed
            why = str(exc) if isinstance(exc, JournalError) else "an internal error (logged)"
            self.period_line.update(Text(one_line(f"The {self.WHAT} could not be built: {why}"), style="bold red"))

    # --- export and close -----------------------------------------------------------------------------

    def action_export(self) -> None:
        """Ask where to write the document shown (prefilled), and ask again before replacing a file that exists."""
        if self.document_label is None:
            return
        from journal_tui.tui.screens.dialogs import export_markdown

        name = f"{self.WHAT}-{self.document_label.replace(' ', '_')}.md"
        export_markdown(self.app, self.WHAT, self.export_dir / name, self.markdown_text, self.exported)

    def exported(self, path: Path) -> None:
        """After an export is written (the notification says where; a screen may also show it)."""

    def action_close(self) -> None:
        self.app.pop_screen()
