"""The filter bar: the shared filter language, applied to every pane as you type.

A query that does not parse is shown in red with the parser's message, and the
panes keep the last good result: typing through `project:bil` never blanks the
screen.
"""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Input, Label

from journal_tui.query import Filter, QueryError, parse_query
from journal_tui.tui.text import one_line

FILTER_LIMIT = (
    1000  # characters the bar holds: Textual's Input measures its whole value on every frame (seconds for 1 MB)
)


class FilterInput(Input):
    """The filter bar's input: a paste longer than the room left is cut to fit, and says so (Input's `max_length`
    alone drops such a paste silently)."""

    def on_paste(self, event: events.Paste) -> None:
        """Runs before Input's own handler (Textual calls each class's), which does the usual paste unless this one
        has done the paste itself (`prevent_default`): cut to fit, or without the control codes of pasted terminal
        output (the Input would draw them, and the terminal run them)."""
        raw = event.text.splitlines()[0] if event.text else ""
        line = one_line(raw)
        selection = self.selection
        room = FILTER_LIMIT - len(self.value) + abs(selection.end - selection.start)
        if len(line) <= room and line == raw:
            return
        event.prevent_default()
        event.stop()
        if len(line) > room:
            self.notify(
                f"The filter bar holds {FILTER_LIMIT:,} characters: the paste ({len(line):,}) was cut to fit.",
                severity="warning",
            )
        cut = line[: max(room, 0)]
        if selection.is_empty:
            self.insert_text_at_cursor(cut)
        else:
            self.replace(cut, *selection)


class FilterBar(Horizontal):
    """`escape` (the app's `back`) clears the bar and returns to the list; `enter` returns keeping the filter."""

    class Changed(Message):
        """A new valid filter."""

        def __init__(self, flt: Filter) -> None:
            super().__init__()
            self.flt = flt

    class Done(Message):
        """`enter`: back to the list, keeping the filter."""

    class Typing(Message):
        """The keyboard came into the bar (True) or left it (False): the panes wait for pauses in the typing."""

        def __init__(self, typing: bool) -> None:
            super().__init__()
            self.typing = typing

    today: reactive[dt.date] = reactive(dt.date.today, repaint=False)  # bound: what `in:yesterday` means

    def compose(self) -> ComposeResult:
        yield FilterInput(
            placeholder="/ filter: project:billing skill:sql in:last-quarter starred:yes words…",
            id="filter-input",
            select_on_focus=False,
            max_length=FILTER_LIMIT,
        )
        yield Label("", id="filter-status")

    @property
    def input(self) -> Input:
        return self.query_one(Input)

    @on(Input.Changed, "#filter-input")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        try:
            flt = parse_query(event.value, today=self.today)
        except QueryError as exc:
            self.set_class(True, "-invalid")
            self.show_status(str(exc), error=True)
            return
        self.set_class(False, "-invalid")
        self.post_message(self.Changed(flt))

    @on(Input.Submitted, "#filter-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Done())

    _status: tuple[str, bool] | None = None
    _status_cells = 0  # the label's width so far: it only grows while the bar is in use

    def on_descendant_focus(self) -> None:
        self.post_message(self.Typing(True))

    @on(Input.Blurred, "#filter-input")
    def _left(self) -> None:
        self.fit_status()
        self.post_message(self.Typing(False))

    def show_status(self, text: str, *, error: bool = False) -> None:
        """Say `text` beside the bar; the same words again change nothing.

        The label keeps its widest width (`min-width`) while the bar is in use, so the screen is laid
        out again only when it must grow: a layout pass repaints every widget, and the counts beside
        the bar change on every keystroke.
        """
        if self._status == (text, error):
            return
        self._status = (text, error)
        line = Text(one_line(text))  # parser messages quote what was typed: never markup
        label = self.query_one("#filter-status", Label)
        grows = line.cell_len > self._status_cells
        if grows:
            self._status_cells = line.cell_len
            wide = line.cell_len + label.styles.padding.width
            label.styles.min_width = min(wide, self.size.width * 3 // 5) if self.size.width else None  # max-width 60%
        label.update(line, layout=grows)
        label.set_class(error, "-error")

    def fit_status(self) -> None:
        """The filter is done with: the label fits its text again (one layout)."""
        if self._status_cells:
            self._status_cells = 0
            label = self.query_one("#filter-status", Label)
            label.styles.min_width = None
            label.refresh(layout=True)

    def set_query(self, text: str) -> None:
        self.input.value = text
        self.input.cursor_position = len(text)
