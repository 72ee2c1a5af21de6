"""Goals as they stood on a given day: the dated history of `current` and of the status.

A review of Q3 must not show a goal achieved in November as achieved, nor a milestone
done in October as done.  Every change of `current` is recorded with its date
(`goal_progress`) and every status change with its date (`goal_status_change`);
`as_of` replays them onto a `GoalRow`.  Goals from before this history existed have
no rows: their stored values are the best we know (`achieved_on` still dates an
achievement).  Standard library only; reads are SQL text on a sqlite3 connection, and the
history rows are written by `writes.goals` (this module decides when).

Tables (for export/import; the lead wires them into exchange.py):
- `goal_progress(id, goal_id -> goal ON DELETE CASCADE, recorded_on DATE, value FLOAT NULL, created_at)`:
  one row per recorded value of the goal's metric; the latest `recorded_on <= day` (then highest id) wins.
- `goal_status_change(id, goal_id -> goal ON DELETE CASCADE, changed_on DATE, status 'active'|'achieved'|'dropped',
  created_at)`: the latest `changed_on <= day` (then highest id) is the status that day; none means 'active'.
- `goal.baseline FLOAT NULL`: where the metric started (progress is measured from it towards `target`).
In our JSON each goal carries `"baseline"`, `"progress": [{"id", "date", "value", "created_at"}]` and
`"status_changes": [{"id", "date", "status", "created_at"}]` (exchange.GOALS).
"""

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from journal_tui.data.conn import Connection
from journal_tui.data import writes


def record_value(conn: Connection, goal_id: int, value: float | None, on: dt.date) -> None:
    """Remember that the goal's metric read `value` on `on`."""
    writes.insert_progress(conn, goal_id, on, value)


def record_status(conn: Connection, goal_id: int, status: str, on: dt.date) -> None:
    """Remember that the goal had `status` from `on`."""
    writes.insert_status_change(conn, goal_id, on, status)


def record_changes(conn: Connection, goal_id: int, fields: Mapping[str, Any], on: dt.date) -> None:
    """Called inside the update's transaction, before it: history rows for a changed current or status."""
    current, status = conn.execute("SELECT current, status FROM goal WHERE id = ?", (goal_id,)).fetchone()
    if "current" in fields and fields["current"] != current:
        record_value(conn, goal_id, fields["current"], on)
    if "status" in fields and fields["status"] != status:
        has_history = conn.execute("SELECT 1 FROM goal_status_change WHERE goal_id = ? LIMIT 1", (goal_id,)).fetchone()
        if not has_history and status != "active":
            # an older goal's first recorded change: keep what we knew about its previous status
            row = conn.execute("SELECT achieved_on, date(created_at) FROM goal WHERE id = ?", (goal_id,)).fetchone()
            record_status(conn, goal_id, status, dt.date.fromisoformat(row[0] or row[1]))
        record_status(conn, goal_id, fields["status"], on)


def _history(conn: Connection, table: str, date_col: str, value_col: str, ids: list[int],
             day: dt.date) -> tuple[dict[int, Any], set[int]]:
    """(goal id -> latest value on or before `day`, ids that have any history at all)."""
    marks = ",".join("?" * len(ids))
    latest: dict[int, Any] = {}
    for goal_id, value in conn.execute(
            f"SELECT goal_id, {value_col} FROM {table} WHERE goal_id IN ({marks}) AND {date_col} <= ? "
            f"ORDER BY goal_id, {date_col}, id", (*ids, day.isoformat())):
        latest[goal_id] = value
    known = {r[0] for r in conn.execute(f"SELECT DISTINCT goal_id FROM {table} WHERE goal_id IN ({marks})", ids)}
    return latest, known


def as_of(conn: Connection, goals: Iterable[Any], day: dt.date, today: dt.date | None = None) -> list[Any]:
    """Each `GoalRow` as it stood at the end of `day`: status, achieved_on, current and milestones done; goals and
    milestones set after `day` are left out (a goal added in December was no gap of Q3)."""
    goals = list(goals)
    ids = [g.id for g in goals]
    if not ids:
        return []
    goals_then, miles_then = _set_by(conn, ids, day, today)
    goals = [dataclasses.replace(g, milestones=tuple(m for m in g.milestones if m.id in miles_then))
             for g in goals if g.id in goals_then]
    ids = [g.id for g in goals]
    if not ids:
        return []
    values, valued = _history(conn, "goal_progress", "recorded_on", "value", ids, day)
    statuses, dated = _history(conn, "goal_status_change", "changed_on", "status", ids, day)
    out = []
    for g in goals:
        if g.id in dated:
            status = statuses.get(g.id, "active")
        elif g.status == "achieved" and g.achieved_on and g.achieved_on > day:
            status = "active"
        else:
            status = g.status
        if g.id in valued:
            current = values.get(g.id)  # None: no value recorded yet by then, so still at the baseline
        else:
            current = g.current
        achieved_on = g.achieved_on if status == "achieved" and g.achieved_on and g.achieved_on <= day else None
        if status == "achieved" and achieved_on is None and g.id in dated:
            achieved_on = _last_change(conn, g.id, day)
        milestones = tuple(dataclasses.replace(m, done_on=m.done_on if m.done_on and m.done_on <= day else None)
                           for m in g.milestones)
        out.append(dataclasses.replace(g, status=status, achieved_on=achieved_on, current=current,
                                       milestones=milestones))
    return out


def set_on_sql(column: str) -> str:
    """SQL for the day a row was set: its `created_at` day (UTC), or the journal's today (`:cap`) if that is earlier:
    a journal whose today is set (`JOURNAL_TODAY`, demos, tests) has nothing recorded after it.  Rows set before the
    journal was kept carry the day given with `--date` (`journal goal add --date WHEN`)."""
    return f"min(substr({column}, 1, 10), :cap)"


def _set_by(conn: Connection, ids: list[int], day: dt.date, today: dt.date | None) -> tuple[set[int], set[int]]:
    """Ids of the goals, and of their milestones, set on or before `day`."""
    params: dict[str, object] = {f"g{i}": gid for i, gid in enumerate(ids)}
    params.update(cap=(today or dt.date.max).isoformat(), day=day.isoformat())
    marks = ", ".join(f":g{i}" for i in range(len(ids)))
    goals = {r[0] for r in conn.execute(
        f"SELECT id FROM goal WHERE id IN ({marks}) AND {set_on_sql('created_at')} <= :day", params)}
    miles = {r[0] for r in conn.execute(
        f"SELECT id FROM milestone WHERE goal_id IN ({marks}) AND {set_on_sql('created_at')} <= :day", params)}
    return goals, miles


def _last_change(conn: Connection, goal_id: int, day: dt.date) -> dt.date | None:
    row = conn.execute("SELECT max(changed_on) FROM goal_status_change WHERE goal_id = ? AND changed_on <= ?",
                       (goal_id, day.isoformat())).fetchone()
    return dt.date.fromisoformat(row[0]) if row and row[0] else None
