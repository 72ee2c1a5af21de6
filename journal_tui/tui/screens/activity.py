"""The Activity view (`w`): streaks, the year as a heatmap, weekly counts; enter on a week filters the journal.

Everything is Textual widgets and Rich text (no images): the heatmap is the same
contribution graph `journal stats` prints, coloured by level and sized to the
screen; the weeks are a DataTable, newest first.  Data comes from `stats.py`, read
through the app's reader in a thread worker.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Header, Label, Static

from journal_tui import stats
from journal_tui.bars import progress_bar
from journal_tui.plurals import noun
from journal_tui.tui.base import ReportsFailures, in_thread
from journal_tui.tui.context import JournalContext
from journal_tui.tui.widgets.footer import QuietFooter

if TYPE_CHECKING:
    from journal_tui.stats import Stats

LEVEL_STYLES = {"░": "green3", "▒": "green1", "▓": "bold green1", "█": "bold bright_green", "·": "grey35"}


def iso_week(monday: dt.date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def heatmap_text(stats: Stats, width: int) -> Text:
    """The contribution graph as Rich text, each level in its colour."""
    from journal_tui.stats import heatmap_lines

    text = Text()
    lines = heatmap_lines(stats, width)
    for n, line in enumerate(lines):
        if 1 <= n <= 7 or n == len(lines) - 1:
            for ch in line:
                text.append(ch, style=LEVEL_STYLES.get(ch, ""))
        else:
            text.append(line, style="dim" if n == 0 else "cyan")
        text.append("\n")
    text.rstrip()
    return text


class ActivityScreen(ReportsFailures, Screen[str | None]):
    CSS_PATH = "activity.tcss"
    BINDINGS = [
        Binding("escape,w", "close", "Back", id="activity-close", tooltip="Back to the journal"),
        Binding(
            "enter",
            "select_week",
            "Filter to week",
            id="activity-select",
            tooltip="Show this week's entries in the journal",
        ),
    ]

    def __init__(self, ctx: JournalContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.stats: Stats | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="activity-body"):
            yield Static("", id="activity-streaks")
            yield Label("Last 52 weeks", classes="section-title")
            yield Static("Loading…", id="activity-heatmap")
            yield Label("Weeks (enter filters the journal to the week)", classes="section-title")
            yield DataTable(id="activity-weeks", cursor_type="row", zebra_stripes=True)
        yield QuietFooter()

    def on_mount(self) -> None:
        self.sub_title = "Activity"
        table = self.query_one("#activity-weeks", DataTable)
        table.add_columns("Week", "Entries", "", "Check-in")
        table.focus()
        self._load()

    @work(exclusive=True, group="activity", exit_on_error=False)
    async def _load(self) -> None:
        today = self.ctx.today
        # a failure is one line, reported by the app
        self._show(await in_thread(self, lambda: self.ctx.read(lambda conn: stats.build(conn, today)), "activity-read"))

    def _show(self, data: Stats) -> None:
        self.stats = data
        (cur_d, long_d), (cur_w, long_w) = data.day_streak, data.week_streak
        streaks = Text()
        streaks.append(f"{cur_d:,}", style="bold green")
        streaks.append(f" {noun(cur_d, 'working day')} in a row with an entry (longest {long_d:,})\n")
        streaks.append(f"{cur_w:,}", style="bold green")
        streaks.append(f" {noun(cur_w, 'week')} in a row with a check-in (longest {long_w:,})")
        self.query_one("#activity-streaks", Static).update(streaks)
        self._draw_heatmap()
        table = self.query_one("#activity-weeks", DataTable)
        table.clear()
        weeks = list(reversed(data.weeks))
        top = max((n for _, n, _ in weeks), default=0) or 1
        for monday, n, checkins in weeks:
            table.add_row(
                Text(f"{iso_week(monday)}  {monday.isoformat()}"),
                Text(str(n), justify="right"),
                Text(progress_bar(n / top, 12), style="green"),
                Text("✓" if checkins else "", style="green"),
                key=iso_week(monday),
            )

    def _draw_heatmap(self) -> None:
        if self.stats is None:
            return
        widget = self.query_one("#activity-heatmap", Static)
        width = (widget.size.width or self.app.size.width) - 1
        widget.update(heatmap_text(self.stats, max(20, width)))

    def on_resize(self) -> None:
        self._draw_heatmap()

    @on(DataTable.RowSelected, "#activity-weeks")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self._filter_to(str(event.row_key.value))

    def action_select_week(self) -> None:
        table = self.query_one("#activity-weeks", DataTable)
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
            self._filter_to(str(key.value))

    def _filter_to(self, week: str) -> None:
        """Back to the journal, which the app filters to the week."""
        self.dismiss(week)

    def action_close(self) -> None:
        self.dismiss(None)
