"""Every SQL read of `journal update` beyond the check-ins' and the asks' own (`queries.checkin`, `queries.nudge`).

Dates in and out as ISO text on both engines; a win's skills come joined with `rows.SEP` by the dialect's own
string aggregate.
"""

import datetime as dt
from typing import Any

from journal_tui.data.conn import Connection, dialect_of

WinRow = tuple[int, str, str, str | None, str | None, bool, str | None]  # id, day, text, project, impact, star, skills

_MILESTONES = (
    "SELECT m.id, g.title, m.title, m.due_on FROM milestone m JOIN goal g ON g.id = m.goal_id"
    " WHERE g.status = 'active' AND m.done_on IS NULL AND "
)
_GOALS = "SELECT id, title, due_on FROM goal WHERE status = 'active' AND "


def wins(conn: Connection, start: dt.date, end: dt.date) -> list[WinRow]:
    """(id, day, text, project, impact, starred, skills joined by SEP) of the entries in [start, end]: key wins
    first, then by day."""
    skills = (
        f"(SELECT {dialect_of(conn).join_values('s.name')} FROM entry_skill es JOIN skill s ON s.id = es.skill_id"
        " WHERE es.entry_id = e.id)"
    )
    return [
        (int(r[0]), str(r[1]), str(r[2]), r[3], r[4], bool(r[5]), r[6])
        for r in conn.execute(
            f"SELECT e.id, e.occurred_on, e.text, p.name, e.impact, e.starred, {skills}"
            " FROM entry e LEFT JOIN project p ON p.id = e.project_id"
            " WHERE e.occurred_on BETWEEN ? AND ? ORDER BY e.starred DESC, e.occurred_on, e.id",
            (start.isoformat(), end.isoformat()),
        )
    ]


def _milestone_dicts(conn: Connection, cond: str, args: tuple[Any, ...]) -> list[dict[str, Any]]:
    return [
        {"id": r[0], "goal": r[1], "title": r[2], "due": r[3]}
        for r in conn.execute(_MILESTONES + cond + " ORDER BY m.due_on, m.id", args)
    ]


def milestones_due(conn: Connection, start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    """Open milestones of active goals due in [start, end]: {id, goal, title, due}."""
    return _milestone_dicts(conn, "m.due_on BETWEEN ? AND ?", (start.isoformat(), end.isoformat()))


def milestones_overdue(conn: Connection, today: dt.date) -> list[dict[str, Any]]:
    """Open milestones of active goals due before `today`: {id, goal, title, due}."""
    return _milestone_dicts(conn, "m.due_on < ?", (today.isoformat(),))


def _goal_dicts(conn: Connection, cond: str, args: tuple[Any, ...]) -> list[dict[str, Any]]:
    return [
        {"id": r[0], "title": r[1], "due": r[2]} for r in conn.execute(_GOALS + cond + " ORDER BY due_on, id", args)
    ]


def goals_due(conn: Connection, start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    """Active goals due in [start, end]: {id, title, due}."""
    return _goal_dicts(conn, "due_on BETWEEN ? AND ?", (start.isoformat(), end.isoformat()))


def goals_overdue(conn: Connection, today: dt.date) -> list[dict[str, Any]]:
    """Active goals due before `today`: {id, title, due}."""
    return _goal_dicts(conn, "due_on < ?", (today.isoformat(),))
