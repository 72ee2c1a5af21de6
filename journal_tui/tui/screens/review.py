"""The review screen: a period's wins as a promotion case, with a key to export it.

Shows exactly what `journal review` prints (the same `review.py`), for a range
typed in the shared date language and narrowed by the app's current filter.  The
review is built, rendered to Markdown and parsed in a worker; the document view
(widgets/document.py) draws only the lines on screen, so a quarter of 15,000 wins
costs what its first screenful costs.  Below 100 columns the side panel becomes a
strip above the document, which then has the width (its Skills section has the
skills).
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Label, Sparkline, Static
from textual.worker import get_current_worker

from journal_tui.bars import progress_bar
from journal_tui.dates import DateError, DateRange, parse_range, quarter_of
from journal_tui.query import Filter
from journal_tui.tui.base import ReportsFailures
from journal_tui.tui.context import JournalContext
from journal_tui.tui.text import one_line
from journal_tui.tui.widgets.document import Document, DocumentView, line_starts, parse

if TYPE_CHECKING:
    from array import array

    from journal_tui.data.reader import Reader
    from journal_tui.review import Review

NARROW = 100  # columns below which the side panel becomes a strip above the document
FIRST_LINES = 200  # Markdown lines shown first, while the rest of a long review is parsed and counted
PAINT_WAIT = 1.0  # seconds the rest waits at most for the first screenful to be painted
WRITE_WAIT = 0.03  # and then for the terminal to be sent it


@dataclass(frozen=True)
class Early:
    """A review started before the screen was composed, and what it was started for."""

    period: DateRange
    flt: Filter
    future: Future[tuple[Review, str]]


def _period(text: str, today: dt.date) -> DateRange:
    return parse_range(text, today=today) if text.strip() else quarter_of(today)


def _review_and_markdown(reader: Reader, period: DateRange, flt: Filter, today: dt.date) -> tuple[Review, str]:
    from journal_tui.review import build_review, to_markdown

    review = build_review(reader, period, flt, today=today, stamps=False)  # stamps are for JSON only
    return review, to_markdown(review)


class ReviewScreen(ReportsFailures, Screen[None]):
    CSS_PATH = "review.tcss"
    BINDINGS = [
        Binding("escape", "close", "Back", id="review-close", tooltip="Back to the journal"),
        Binding("t", "period('this quarter')", "This quarter", id="review-this", tooltip="Review this quarter"),
        Binding("l", "period('last quarter')", "Last quarter", id="review-last", tooltip="Review last quarter"),
        Binding("y", "period('last 365 days')", "Last year", id="review-year", tooltip="Review the last 365 days"),
        Binding("slash", "focus_range", "Range", id="review-range", tooltip="Type any range: 2026-Q3, last 90 days…"),
        Binding("x", "export", "Export .md", id="review-export", tooltip="Write the review as Markdown to a file"),
    ]

    def __init__(
        self,
        ctx: JournalContext,
        period_text: str = "this quarter",
        flt: Filter | None = None,
        export_dir: Path | None = None,
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self.flt = flt or Filter()  # the app's filter when the screen opened: the review is narrowed by it
        self.period_text = period_text
        self.export_dir = export_dir or Path.cwd()
        self.review: Review | None = None
        self.markdown_text = ""
        self._early = self._prefetch(period_text)

    def _prefetch(self, text: str) -> Early | None:
        """Start building the first review now, on a thread of its own: loading the screen's CSS and composing it
        (a tenth of a second on the UI thread) need not come first.  The worker takes it if nothing changed."""
        reader, flt, today = self.ctx.reader, self.flt, self.ctx.today
        try:
            period = _period(text, today)
        except DateError:
            return None
        if reader is None:
            return None
        future: Future[tuple[Review, str]] = Future()

        def run() -> None:
            try:
                future.set_result(_review_and_markdown(reader, period, flt, today))
            except BaseException as exc:  # noqa: BLE001 - handed to the worker, which reports it as any failure
                future.set_exception(exc)

        threading.Thread(target=run, name="review-prefetch", daemon=True).start()
        return Early(period, flt, future)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="review-body"):
            with Vertical(id="review-side"):
                yield Label("Period  [dim]t · l · y · / to type[/]", classes="section-title")
                yield Input(
                    self.period_text,
                    id="review-range-input",
                    placeholder="2026-Q3 · last 90 days · 2026-07-01..2026-09-30",
                )
                yield Label("", id="review-period-label")
                yield Label("Wins per week", classes="section-title")
                yield Sparkline([], id="review-sparkline")
                yield Label("Skills exercised", classes="section-title")
                yield Static("", id="review-skills")
                yield Label("", id="review-export-path")
            yield DocumentView("_Building the review…_", id="review-doc")
        yield Footer()

    @property
    def document_view(self) -> DocumentView:
        return self.query_one("#review-doc", DocumentView)

    def on_mount(self) -> None:
        self.set_class(self.app.size.width < NARROW, "-narrow")
        self.document_view.focus()
        self._apply(self.period_text)

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < NARROW, "-narrow")

    def _apply(self, text: str) -> None:
        early, self._early = self._early, None
        try:
            period = _period(text, self.ctx.today)
        except DateError as exc:
            self.query_one("#review-period-label", Label).update(Text(one_line(exc), style="bold red"))
            return
        self.query_one("#review-period-label", Label).update(Text(period.label(), style="dim"))
        self._build(period, early)

    @work(thread=True, exclusive=True, group="review", exit_on_error=False)
    def _build(self, period: DateRange, early: Early | None = None) -> None:
        """The review and its Markdown; a long one's first screenful is shown at once, then the whole document,
        parsed and its lines counted for the view's width here rather than on the UI thread (a fifth of a second
        each at 15,000 wins)."""
        reader = self.ctx.details()
        worker = get_current_worker()
        if early is not None and early.period == period and early.flt == self.flt:
            review, text = early.future.result()
        else:
            review, text = _review_and_markdown(reader, period, self.flt, self.ctx.today)
        long = text.count("\n") > FIRST_LINES
        if long and not worker.is_cancelled:
            painted = threading.Event()
            self.app.call_from_thread(self._show, review, parse(text, max_lines=FIRST_LINES), True, painted=painted)
            # the rest waits for the first screenful to be painted and written: parsing meanwhile would hold
            # the interpreter the terminal's writer thread needs to write it
            painted.wait(PAINT_WAIT)
            time.sleep(WRITE_WAIT)
        document = parse(text)
        width = self.document_view.text_width  # laid out by now; a different width when shown: counted again
        starts = line_starts(document, width) if long and width > 0 else None
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show, review, document, False, starts, width)

    def _show(
        self,
        review: Review,
        document: Document,
        partial: bool,
        starts: array[int] | None = None,
        width: int = 0,
        painted: threading.Event | None = None,
    ) -> None:
        self.document_view.update(document, partial=partial, starts=starts, width=width)
        if painted is not None:
            self.call_after_refresh(painted.set)
        if self.review is review:
            return  # the rest of a document whose first screenful is shown
        self.review = review
        self.markdown_text = document.source
        self.sub_title = one_line(f"Review · {review.label}")
        self.query_one("#review-sparkline", Sparkline).data = [c for _, c in review.weeks] or [0]
        top = max((s.count for s in review.skills), default=1)
        digits = max(3, len(str(top)))
        lines = Text()
        for s in review.skills[:12]:
            change = f"+{s.change}" if s.change > 0 else str(s.change) if s.change else "±0"
            name = one_line(s.name)
            lines.append(f"{name[:15] + '…' if len(name) > 16 else name:<16} ", style="magenta")
            lines.append(progress_bar(s.count / top, 10), style="green")
            lines.append(f" {s.count:>{digits}} ")
            lines.append(f"{change}\n", style="green" if s.change > 0 else "red" if s.change < 0 else "dim")
        self.query_one("#review-skills", Static).update(lines or Text("(no skills in this period)", style="dim"))

    @on(Input.Submitted, "#review-range-input")
    def _range_submitted(self, event: Input.Submitted) -> None:
        self._apply(event.value)
        self.document_view.focus()

    def action_period(self, text: str) -> None:
        self.query_one("#review-range-input", Input).value = text
        self._apply(text)

    def action_focus_range(self) -> None:
        self.query_one("#review-range-input", Input).focus()

    def action_export(self) -> None:
        """Ask where to write (prefilled), and ask again before replacing a file that exists."""
        if self.review is None:
            return
        from journal_tui.tui.screens.dialogs import export_markdown

        def written(path: Path) -> None:
            self.query_one("#review-export-path", Label).update(Text(f"Exported to {path}", style="bold green"))

        export_markdown(
            self.app,
            "review",
            self.export_dir / f"review-{self.review.label.replace(' ', '_')}.md",
            self.markdown_text,
            written,
        )

    def action_close(self) -> None:
        self.app.pop_screen()
