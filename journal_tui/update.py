"""`journal update`: a manager update in three parts, short enough to paste into a chat.

- Progress: the period's wins, key wins first, with their impact.
- Plans: the latest check-in's focus, and milestones and goals due in the next period.
- Problems: blockers from the period's check-ins, overdue goals, milestones and asks.

Its reads are `data/queries/update.py` (and the check-ins' and asks' own), on either engine; the data
is a plain dataclass rendered as Markdown or JSON.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from journal_tui import checkin
from journal_tui.data.conn import Connection
from journal_tui.data.queries import update as q
from journal_tui.data.queries.nudge import has_table, overdue_asks
from journal_tui.dates import DateRange
from journal_tui.mdtext import inline
from journal_tui.rows import SEP

MAX_WINS = 8  # a chat message, not a review: the rest is one line


@dataclass(frozen=True)
class Win:
    id: int
    date: str
    text: str
    project: str | None
    skills: tuple[str, ...]
    impact: str | None
    starred: bool

    @property
    def title(self) -> str:
        return self.text.split("\n", 1)[0].strip()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "date": self.date,
            "title": self.title,
            "project": self.project,
            "skills": list(self.skills),
            "impact": self.impact,
            "starred": self.starred,
        }


@dataclass
class Update:
    period: DateRange
    next_period: DateRange
    today: dt.date
    wins: list[Win] = field(default_factory=list)
    focus: list[str] = field(default_factory=list)
    focus_from: dt.date | None = None
    milestones_due: list[dict[str, Any]] = field(default_factory=list)
    goals_due: list[dict[str, Any]] = field(default_factory=list)
    blockers: list[dict[str, Any]] = field(default_factory=list)
    overdue_goals: list[dict[str, Any]] = field(default_factory=list)
    overdue_milestones: list[dict[str, Any]] = field(default_factory=list)
    overdue_asks: list[dict[str, Any]] = field(default_factory=list)


def build(conn: Connection, period: DateRange, today: dt.date, next_period: DateRange | None = None) -> Update:
    """The update for `period`; plans look at `next_period` (default: as long as `period`, right after it)."""
    nxt = next_period or DateRange(period.end + dt.timedelta(days=1), period.end + dt.timedelta(days=period.days))
    up = Update(period, nxt, today)
    up.wins = [
        Win(
            wid,
            day,
            text,
            project,
            tuple(sorted(skills.split(SEP), key=str.casefold)) if skills else (),
            impact,
            starred,
        )
        for wid, day, text, project, impact, starred, skills in q.wins(conn, period.start, period.end)
    ]
    if has_table(conn, "checkin"):
        last = checkin.latest(conn, period.end)
        if last is not None:
            up.focus, up.focus_from = last.texts("focus"), last.checked_on
        up.blockers = [
            {"date": c.checked_on.isoformat(), "text": t}
            for c in checkin.list_checkins(conn, period.start, period.end, oldest_first=True)
            for t in c.texts("blocker")
        ]
    up.milestones_due = q.milestones_due(conn, nxt.start, nxt.end)
    up.overdue_milestones = q.milestones_overdue(conn, today)
    up.goals_due = q.goals_due(conn, nxt.start, nxt.end)
    up.overdue_goals = q.goals_overdue(conn, today)
    up.overdue_asks = [{"text": text, "due": due} for text, due in overdue_asks(conn, today.isoformat())]
    return up


def _win_line(w: Win) -> str:
    line = f"- {'⭐ ' if w.starred else ''}{inline(w.title)}"
    if w.project:
        line += f" ({inline(w.project)})"
    if w.impact:
        line += f" — {inline(w.impact)}"
    return line


def to_markdown(up: Update) -> str:
    out = [f"**Update {up.period.label()}**", "", "**Progress**"]
    out += [_win_line(w) for w in up.wins[:MAX_WINS]] or ["- Nothing logged in this period."]
    if len(up.wins) > MAX_WINS:
        out.append(f"- …and {len(up.wins) - MAX_WINS} more")
    out += ["", "**Plans**"]
    plans = [f"- {inline(t)}" for t in up.focus]
    plans += [f"- Milestone due {m['due']}: {inline(m['title'])} ({inline(m['goal'])})" for m in up.milestones_due]
    plans += [f"- Goal due {g['due']}: {inline(g['title'])}" for g in up.goals_due]
    out += plans or ["- Nothing planned yet."]
    out += ["", "**Problems**"]
    problems = [f"- Blocked: {inline(b['text'])}" for b in up.blockers]
    problems += [f"- Overdue milestone: {inline(m['title'])} (due {m['due']})" for m in up.overdue_milestones]
    problems += [f"- Overdue goal: {inline(g['title'])} (due {g['due']})" for g in up.overdue_goals]
    problems += [f"- Overdue ask: {inline(a['text'])} (due {a['due']})" for a in up.overdue_asks]
    out += problems or ["- None."]
    return "\n".join(out) + "\n"


def to_data(up: Update) -> dict[str, Any]:
    """The documented JSON shape of `journal update --format json`."""
    return {
        "period": {"start": up.period.start.isoformat(), "end": up.period.end.isoformat()},
        "next_period": {"start": up.next_period.start.isoformat(), "end": up.next_period.end.isoformat()},
        "progress": [w.to_dict() for w in up.wins],
        "plans": {
            "focus": up.focus,
            "focus_from": up.focus_from.isoformat() if up.focus_from else None,
            "milestones": up.milestones_due,
            "goals": up.goals_due,
        },
        "problems": {
            "blockers": up.blockers,
            "overdue_goals": up.overdue_goals,
            "overdue_milestones": up.overdue_milestones,
            "overdue_asks": up.overdue_asks,
        },
    }


def to_json(up: Update) -> str:
    from journal_tui.output import to_json as dumps

    return dumps(to_data(up))
