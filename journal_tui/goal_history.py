"""Goals as they stood on a given day: the dated history of `current` and of the status.

A review of Q3 must not show a goal achieved in November as achieved, nor a milestone
done in October as done.  Every change of `current` is recorded with its date
(`goal_progress`) and every status change with its date (`goal_status_change`);
`as_of` replays them onto a `GoalRow`.  Goals from before this history existed have
no rows: their stored values are the best we know (`achieved_on` still dates an
achievement).  Standard library only; the reads are `data.queries.goal_history` (either engine), and the
history rows are written by `writes.goals` (this module decides when).

Tables (for export/import; the lead wires them into exchange.py):
- `goal_progress(id, goal_id -> goal (deleted with it), recorded_on DATE, value FLOAT NULL, created_at)`:
  one row per recorded value of the goal's metric; the latest `recorded_on <= day` (then highest id) wins.
- `goal_status_change(id, goal_id -> goal (deleted with it), changed_on DATE, status 'active'|'achieved'|'dropped',
  created_at)`: the latest `changed_on <= day` (then highest id) is the status that day; none means 'active'.
- `goal.baseline FLOAT NULL`: where the metric started (progress is measured from it towards `target`).
In our JSON each goal carries `"baseline"`, `"progress": [{"id", "date", "value", "created_at"}]` and
`"status_changes": [{"id", "date", "status", "created_at"}]` (exchange.GOALS).
"""

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from journal_tui.data import writes
from journal_tui.data.conn import Connection
from journal_tui.data.queries import goal_history as q


def record_value(conn: Connection, goal_id: int, value: float | None, on: dt.date) -> None:
    """Remember that the goal's metric read `value` on `on`."""
    writes.insert_progress(conn, goal_id, on, value)


def record_status(conn: Connection, goal_id: int, status: str, on: dt.date) -> None:
    """Remember that the goal had `status` from `on`."""
    writes.insert_status_change(conn, goal_id, on, status)


def record_changes(conn: Connection, goal_id: int, fields: Mapping[str, Any], on: dt.date) -> None:
    """Called inside the update's transaction, before it: history rows for a changed current or status."""
    current, status = q.current_and_status(conn, goal_id)
    if "current" in fields and fields["current"] != current:
        record_value(conn, goal_id, fields["current"], on)
    if "status" in fields and fields["status"] != status:
        if not q.has_status_history(conn, goal_id) and status != "active":
            # an older goal's first recorded change: keep what we knew about its previous status
            record_status(conn, goal_id, status, q.known_since(conn, goal_id))
        record_status(conn, goal_id, fields["status"], on)


def as_of(conn: Connection, goals: Iterable[Any], day: dt.date, today: dt.date | None = None) -> list[Any]:
    """Each `GoalRow` as it stood at the end of `day`: status, achieved_on, current and milestones done; goals and
    milestones set after `day` are left out (a goal added in December was no gap of Q3)."""
    goals = list(goals)
    ids = [g.id for g in goals]
    if not ids:
        return []
    goals_then, miles_then = q.set_by(conn, ids, day, today)
    goals = [
        dataclasses.replace(g, milestones=tuple(m for m in g.milestones if m.id in miles_then))
        for g in goals
        if g.id in goals_then
    ]
    ids = [g.id for g in goals]
    if not ids:
        return []
    values, valued = q.history(conn, "progress", ids, day)
    statuses, dated = q.history(conn, "status", ids, day)
    out = []
    for g in goals:
        if g.id in dated:
            status = statuses.get(g.id, "active")
        elif g.status == "achieved" and g.achieved_on and g.achieved_on > day:
            status = "active"
        else:
            status = g.status
        # None: no value recorded yet by then, so still at the baseline
        current = values.get(g.id) if g.id in valued else g.current
        achieved_on = g.achieved_on if status == "achieved" and g.achieved_on and g.achieved_on <= day else None
        if status == "achieved" and achieved_on is None and g.id in dated:
            achieved_on = q.last_change(conn, g.id, day)
        milestones = tuple(
            dataclasses.replace(m, done_on=m.done_on if m.done_on and m.done_on <= day else None) for m in g.milestones
        )
        out.append(
            dataclasses.replace(g, status=status, achieved_on=achieved_on, current=current, milestones=milestones)
        )
    return out
