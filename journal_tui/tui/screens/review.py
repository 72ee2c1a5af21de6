"""The review screen: a period's wins as a promotion case, with a key to export it.

Shows exactly what `journal review` prints (the same `review.py`), for a range typed in
the shared date language and narrowed by the app's current filter.  The period, the
build in a worker and the export are the Case screen's too (period_screen.py).  The
worker first posts the review's top, counted by SQL before the period's rows are read
(`review.build_head`: the title, the headline, the wins per week and the first key wins,
a few hundredths of a second at 15,000 wins), and once that is painted builds the whole
review, parses it and counts its lines for the view's width; the document view
(widgets/document.py) draws only the lines on screen.  Below 100 columns the side
panel becomes a strip above the document, which then has the width (its Skills
section has the skills).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Footer, Header, Input, Label, Sparkline, Static
from textual.worker import get_current_worker

from journal_tui.bars import progress_bar
from journal_tui.review import Review, build_head, build_review, head_markdown, to_markdown
from journal_tui.tui.screens.period_screen import PeriodScreen, period_bindings
from journal_tui.tui.text import one_line
from journal_tui.tui.widgets.document import Document, DocumentView, line_starts, parse

if TYPE_CHECKING:
    import datetime as dt
    from array import array
    from pathlib import Path

    from journal_tui.data.reader import Reader
    from journal_tui.dates import DateRange
    from journal_tui.query import Filter
    from journal_tui.review import ReviewHead

NARROW = 100  # columns below which the side panel becomes a strip above the document
FIRST_LINES = 200  # Markdown lines shown first when there is no head (a text filter), while the rest is parsed
PAINT_WAIT = 1.0  # seconds the rest waits at most for the first screenful to be painted
WRITE_WAIT = 0.03  # and then for the terminal to be sent it


class ReviewScreen(PeriodScreen["ReviewHead | None"]):
    WHAT = "review"
    CSS_PATH = "review.tcss"
    BINDINGS = period_bindings(
        "review",
        this="Review this quarter",
        last="Review last quarter",
        year="Review the last 365 days",
        export="Write the review as Markdown to a file",
        more=(
            Binding(
                "slash", "focus_range", "Range", id="review-range", tooltip="Type any range: 2026-Q3, last 90 days…"
            ),
        ),
    )

    review: Review | None = None  # the whole review, once shown (set per screen when it is)

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

    @property
    def period_line(self) -> Label:
        return self.query_one("#review-period-label", Label)

    def on_mount(self) -> None:
        self.set_class(self.app.size.width < NARROW, "-narrow")
        self.document_view.focus()
        self._apply(self.period_text)

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < NARROW, "-narrow")

    # --- the build (period_screen.py runs it) -------------------------------------------------------------

    def start_build(self, reader: Reader, period: DateRange, flt: Filter, today: dt.date) -> ReviewHead | None:
        """The review's top, counted by SQL; none under a text filter (each of its counts would search the text
        again: more than reading the matches once)."""
        if flt.has_text:
            return None
        return build_head(reader, period, flt, today=today)

    def finish_build(
        self, head: ReviewHead | None, reader: Reader, period: DateRange, flt: Filter, today: dt.date
    ) -> None:
        """The top first (when it says anything), then the whole review: built, rendered, parsed and its lines
        counted for the view's width here rather than on the UI thread (a fifth of a second each at 15,000 wins)."""
        top = head_markdown(head) if head is not None else None
        if top is not None and head is not None and not self._first(self.Shown(head, parse(top), partial=True)):
            return
        review = build_review(reader, period, flt, today=today, stamps=False)  # stamps are for JSON only
        text = to_markdown(review)
        long = text.count("\n") > FIRST_LINES
        if top is None and long and not self._first(self.Shown(review, parse(text, max_lines=FIRST_LINES), True)):
            return
        document = parse(text)
        width = self.document_view.text_width  # laid out by now; a different width when shown: counted again
        starts = line_starts(document, width) if long and width > 0 else None
        self.deliver(self.Shown(review, document, partial=False, starts=starts, width=width))

    def _first(self, shown: Shown) -> bool:
        """Post the first screenful and wait for it to be painted and written: building and parsing the rest
        meanwhile would hold the interpreter the UI thread and the terminal's writer need.  False: replaced."""
        shown.painted = threading.Event()
        if not self.deliver(shown):
            return False
        shown.painted.wait(PAINT_WAIT)
        time.sleep(WRITE_WAIT)
        return not get_current_worker().is_cancelled

    @dataclass
    class Shown(Message, bubble=False):
        """A document of the review, from the worker: its first screenful (`partial`: the rest follows) or the
        whole.  `of` is what the side panel shows: the head, or the review once built."""

        of: ReviewHead | Review
        document: Document
        partial: bool
        starts: array[int] | None = None  # the document's lines counted for `width`
        width: int = 0
        painted: threading.Event | None = None  # set once a first screenful is painted

    @on(Shown)
    def _show(self, message: Shown) -> None:
        self.document_view.update(message.document, partial=message.partial, starts=message.starts, width=message.width)
        if message.painted is not None:
            self.call_after_refresh(message.painted.set)
        of = message.of
        if isinstance(of, Review):  # the whole review (or, under a text filter, its first lines)
            self.review = of
            self.document_shown(of.label, message.document.source)
        self.sub_title = one_line(f"Review · {of.label}")
        self.query_one("#review-sparkline", Sparkline).data = [c for _, c in of.weeks] or [0]
        top = max((s.count for s in of.skills), default=1)
        digits = max(3, len(str(top)))
        lines = Text()
        for s in of.skills[:12]:
            change = f"+{s.change}" if s.change > 0 else str(s.change) if s.change else "±0"
            name = one_line(s.name)
            lines.append(f"{name[:15] + '…' if len(name) > 16 else name:<16} ", style="magenta")
            lines.append(progress_bar(s.count / top, 10), style="green")
            lines.append(f" {s.count:>{digits}} ")
            lines.append(f"{change}\n", style="green" if s.change > 0 else "red" if s.change < 0 else "dim")
        self.query_one("#review-skills", Static).update(lines or Text("(no skills in this period)", style="dim"))

    # --- keys -----------------------------------------------------------------------------------------

    @on(Input.Submitted, "#review-range-input")
    def _range_submitted(self, event: Input.Submitted) -> None:
        self._apply(event.value)
        self.document_view.focus()

    def action_period(self, text: str) -> None:
        self.query_one("#review-range-input", Input).value = text
        super().action_period(text)

    def action_focus_range(self) -> None:
        self.query_one("#review-range-input", Input).focus()

    def exported(self, path: Path) -> None:
        self.query_one("#review-export-path", Label).update(Text(f"Exported to {path}", style="bold green"))
