"""The reads of a goal's dated history (`goal_progress`, `goal_status_change`) and of when rows were set.

`journal_tui.goal_history` replays them onto a `GoalRow`; `set_on_sql` is the one rule for "the day a row was set",
shared by the criteria (`queries.roles`), the roster (`queries.people`) and the acted-on test (`queries.responses`).
Standard library only.
"""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from journal_tui.data.conn import Connection, dialect_of
from journal_tui.data.dialects import Dialect


def set_on_sql(d: Dialect, column: str) -> str:
    """SQL for the day a row was set: its `created_at` day (UTC), or the journal's today (`:cap`) if that is earlier:
    a journal whose today is set (`JOURNAL_TODAY`, demos, tests) has nothing recorded after it.  Rows set before the
    journal was kept carry the day given with `--date` (`journal goal add --date WHEN`)."""
    return d.least(d.day_of(column), ":cap")


def current_and_status(conn: Connection, goal_id: int) -> tuple[Any, str]:
    """A goal's stored `current` and `status`."""
    current, status = conn.execute("SELECT current, status FROM goal WHERE id = ?", (goal_id,)).fetchone()
    return current, str(status)


def has_status_history(conn: Connection, goal_id: int) -> bool:
    return conn.execute("SELECT 1 FROM goal_status_change WHERE goal_id = ? LIMIT 1", (goal_id,)).fetchone() is not None


def known_since(conn: Connection, goal_id: int) -> dt.date:
    """The best day known for a goal's status before its history began: `achieved_on`, else the day it was set."""
    d = dialect_of(conn)
    achieved, created = conn.execute(
        f"SELECT achieved_on, {d.day_of('created_at')} FROM goal WHERE id = ?", (goal_id,)
    ).fetchone()
    return dt.date.fromisoformat(str(achieved or created)[:10])


_HISTORY = {
    "progress": ("goal_progress", "recorded_on", "value"),
    "status": ("goal_status_change", "changed_on", "status"),
}


def history(conn: Connection, kind: str, ids: Sequence[int], day: dt.date) -> tuple[dict[int, Any], set[int]]:
    """(goal id -> latest value (`kind` "progress") or status ("status") on or before `day`, ids that have any
    history of that kind at all)."""
    table, date_col, value_col = _HISTORY[kind]
    marks = ",".join("?" * len(ids))
    latest: dict[int, Any] = {}
    for goal_id, value in conn.execute(
        f"SELECT goal_id, {value_col} FROM {table} WHERE goal_id IN ({marks}) AND {date_col} <= ? "
        f"ORDER BY goal_id, {date_col}, id",
        (*ids, day.isoformat()),
    ):
        latest[goal_id] = value
    known = {r[0] for r in conn.execute(f"SELECT DISTINCT goal_id FROM {table} WHERE goal_id IN ({marks})", tuple(ids))}
    return latest, known


def set_by(conn: Connection, ids: Sequence[int], day: dt.date, today: dt.date | None) -> tuple[set[int], set[int]]:
    """Ids of the goals among `ids`, and of their milestones, set on or before `day` (`set_on_sql`)."""
    d = dialect_of(conn)
    params: dict[str, object] = {f"g{i}": gid for i, gid in enumerate(ids)}
    params.update(cap=(today or dt.date.max).isoformat(), day=day.isoformat())
    marks = ", ".join(f":g{i}" for i in range(len(ids)))
    goals = {
        r[0]
        for r in conn.execute(
            f"SELECT id FROM goal WHERE id IN ({marks}) AND {set_on_sql(d, 'created_at')} <= :day", params
        )
    }
    miles = {
        r[0]
        for r in conn.execute(
            f"SELECT id FROM milestone WHERE goal_id IN ({marks}) AND {set_on_sql(d, 'created_at')} <= :day", params
        )
    }
    return goals, miles


def last_change(conn: Connection, goal_id: int, day: dt.date) -> dt.date | None:
    """The day of the goal's latest status change on or before `day`."""
    row = conn.execute(
        "SELECT max(changed_on) FROM goal_status_change WHERE goal_id = ? AND changed_on <= ?",
        (goal_id, day.isoformat()),
    ).fetchone()
    return dt.date.fromisoformat(row[0]) if row and row[0] else None
