"""Streaks and the year at a glance: `journal stats` and the app's Activity view.

A few group-bys on either engine (`data/queries/stats.py`), then pure functions:
streaks over working days and over weeks, a 52-week grid of entries per day (a
contribution graph in Unicode blocks) with the weekly totals, and wins per project
and skill.  The text renderer takes a width so it fits any terminal.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from journal_tui.bars import progress_bar, sparkline
from journal_tui.data.conn import Connection
from journal_tui.data.queries import stats as q
from journal_tui.mdtext import one_line
from journal_tui.plurals import plural

WEEKS = 52
LEVELS = "·░▒▓█"  # 0, 1, 2, 3, 4+ entries a day
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
LABEL_WIDTH = 4
MONTH_NAME_WIDTH = 3  # "Jan": a blank column must follow it before the next name
TOP_NAMES = 10


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def previous_working_day(day: dt.date) -> dt.date:
    day -= dt.timedelta(days=1)
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def day_streaks(days: set[dt.date], today: dt.date) -> tuple[int, int]:
    """(current, longest) runs of consecutive working days with an entry; weekends neither count nor break.

    Today not logged yet does not break the current streak: the day is not over.
    """
    work = sorted(d for d in days if d.weekday() < 5 and d <= today)
    longest = run = 0
    prev: dt.date | None = None
    for d in work:
        run = run + 1 if prev is not None and previous_working_day(d) == prev else 1
        longest = max(longest, run)
        prev = d
    day = today if today.weekday() < 5 else previous_working_day(today)
    if day == today and day not in days:
        day = previous_working_day(day)
    current = 0
    while day in days:
        current += 1
        day = previous_working_day(day)
    return current, longest


def week_streaks(weeks: set[dt.date], today: dt.date) -> tuple[int, int]:
    """(current, longest) runs of consecutive weeks (their Mondays) with a check-in; this week counts once it has
    one."""
    longest = run = 0
    prev: dt.date | None = None
    for w in sorted(x for x in weeks if x <= today):
        run = run + 1 if prev is not None and w - prev == dt.timedelta(days=7) else 1
        longest = max(longest, run)
        prev = w
    week = monday(today)
    if week not in weeks:
        week -= dt.timedelta(days=7)
    current = 0
    while week in weeks:
        current += 1
        week -= dt.timedelta(days=7)
    return current, longest


@dataclass
class Stats:
    today: dt.date
    start: dt.date  # Monday of the first of the 52 weeks
    days: dict[dt.date, int]  # entries per day in the 52 weeks
    checkin_weeks: Counter[dt.date]  # check-ins per week (Monday) in the 52 weeks
    day_streak: tuple[int, int]
    week_streak: tuple[int, int]
    projects: list[tuple[str, int]] = field(default_factory=list)
    skills: list[tuple[str, int]] = field(default_factory=list)

    @property
    def weeks(self) -> list[tuple[dt.date, int, int]]:
        """(Monday, entries, check-ins) for each of the 52 weeks, oldest first."""
        per_week: Counter[dt.date] = Counter()
        for day, n in self.days.items():
            per_week[monday(day)] += n
        return [
            (w, per_week[w], self.checkin_weeks[w]) for w in (self.start + dt.timedelta(weeks=i) for i in range(WEEKS))
        ]

    @property
    def total(self) -> int:
        return sum(self.days.values())


def build(conn: Connection, today: dt.date) -> Stats:
    """Everything `journal stats` shows, in five queries (`data/queries/stats.py`); streaks and weeks in Python."""
    start = monday(today) - dt.timedelta(weeks=WEEKS - 1)
    all_days = {dt.date.fromisoformat(d) for d in q.entry_days(conn, today)}
    days = {dt.date.fromisoformat(d): n for d, n in q.entries_per_day(conn, start, today)}
    checkins = [dt.date.fromisoformat(d) for d in q.checkin_dates(conn, today)]
    checkin_weeks = Counter(monday(d) for d in checkins if d >= start)
    return Stats(
        today,
        start,
        days,
        checkin_weeks,
        day_streaks(all_days, today),
        week_streaks({monday(d) for d in checkins}, today),
        q.wins_per_project(conn, start, today),
        q.wins_per_skill(conn, start, today),
    )


# --- rendering ------------------------------------------------------------------------------------


def level(count: int) -> str:
    return LEVELS[min(count, len(LEVELS) - 1)]


def month_labels(mondays: list[dt.date]) -> str:
    """The month row over a grid of weeks (one column each): a month's name over the first week whose Sunday is in it.

    A month starts every four or five weeks, so each name fits before the next.  The month the grid opens in
    (its first column shows the end of a month begun earlier) is named only if its name fits before the first
    month that starts in the grid: naming it first cost the next month its name ("Dec    Feb": no January).
    """
    row = [" "] * len(mondays)
    starts = [i for i, m in enumerate(mondays) if _starts_month(m)]
    if mondays and 0 not in starts and (not starts or starts[0] > MONTH_NAME_WIDTH):
        starts.insert(0, 0)  # the month the grid opens in, while it has the room
    for i in starts:
        name = (mondays[i] + dt.timedelta(days=6)).strftime("%b")
        if i + len(name) <= len(row):
            row[i : i + len(name)] = name
    return "".join(row).rstrip()


def _starts_month(monday: dt.date) -> bool:
    """The week's Sunday is in another month than the week before's: the week is the first of its month."""
    sunday = monday + dt.timedelta(days=6)
    return sunday.month != (sunday - dt.timedelta(weeks=1)).month


def heatmap_lines(stats: Stats, width: int = 80) -> list[str]:
    """The contribution graph: a month row, one row per weekday, and the weekly totals; the newest weeks that fit."""
    shown = max(1, min(WEEKS, width - LABEL_WIDTH))
    first = stats.start + dt.timedelta(weeks=WEEKS - shown)
    mondays = [first + dt.timedelta(weeks=i) for i in range(shown)]
    lines = [" " * LABEL_WIDTH + month_labels(mondays)]
    for wd, name in enumerate(DAY_NAMES):
        cells = []
        for m in mondays:
            day = m + dt.timedelta(days=wd)
            cells.append(" " if day > stats.today else level(stats.days.get(day, 0)))
        lines.append(f"{name:<{LABEL_WIDTH}}" + "".join(cells).rstrip())
    weekly = {w: n for w, n, _ in stats.weeks}
    lines.append(f"{'wk':<{LABEL_WIDTH}}" + sparkline([weekly.get(m, 0) for m in mondays]).rstrip())
    lines.append(" " * LABEL_WIDTH + "less " + " ".join(LEVELS) + " more")
    return lines


def _names_block(title: str, rows: list[tuple[str, int]], width: int) -> list[str]:
    if not rows:
        return []
    rows = [(one_line(name), n) for name, n in rows[:TOP_NAMES]]  # one line each, whatever an old version stored
    name_w = min(24, max(len(n) for n, _ in rows))
    top = rows[0][1] or 1
    bar_w = max(4, min(20, width - name_w - 10))
    out = ["", title]
    for name, n in rows:
        shown = name if len(name) <= name_w else name[: name_w - 1] + "…"
        out.append(f"  {shown:<{name_w}} {progress_bar(n / top, bar_w)} {n}")
    return out


def to_text(stats: Stats, width: int = 80) -> str:
    cur_d, long_d = stats.day_streak
    cur_w, long_w = stats.week_streak
    out = [
        f"Streaks: {plural(cur_d, 'working day')} in a row with an entry (longest {long_d})",
        f"         {plural(cur_w, 'week')} in a row with a check-in (longest {long_w})",
        "",
        f"Last 52 weeks: {plural(stats.total, 'entry', 'entries')}, "
        f"{plural(sum(stats.checkin_weeks.values()), 'check-in')}",
    ]
    out += heatmap_lines(stats, width)
    out += _names_block("Wins per project (last 52 weeks)", stats.projects, width)
    out += _names_block("Wins per skill (last 52 weeks)", stats.skills, width)
    return "\n".join(out)


def to_data(stats: Stats) -> dict[str, Any]:
    """The documented JSON shape of `journal stats --format json`."""
    return {
        "today": stats.today.isoformat(),
        "streaks": {
            "working_days": {"current": stats.day_streak[0], "longest": stats.day_streak[1]},
            "checkin_weeks": {"current": stats.week_streak[0], "longest": stats.week_streak[1]},
        },
        "weeks": [{"week": w.isoformat(), "entries": n, "checkins": c} for w, n, c in stats.weeks],
        "projects": [{"name": n, "count": c} for n, c in stats.projects],
        "skills": [{"name": n, "count": c} for n, c in stats.skills],
    }
