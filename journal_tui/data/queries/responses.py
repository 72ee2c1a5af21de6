"""The reads of explicit responses to feedback, and of whether a piece of feedback was acted on by a day.

`journal_tui.responses` holds the feature (what counts as a response, what a gap is); these are its SQL.
"""

import datetime as dt
from collections.abc import Sequence

from journal_tui.data.conn import Connection, dialect_of
from journal_tui.data.queries.goal_history import set_on_sql

CHUNK = 500  # ids per statement: well under either engine's limit on parameters


def responses_of(conn: Connection, feedback_ids: Sequence[int], until: dt.date | None) -> list[tuple[int, int]]:
    """(feedback id, entry id) of the responses linked to `feedback_ids`, the entry dated on or before `until`,
    by feedback then oldest entry first."""
    out: list[tuple[int, int]] = []
    ids = list(feedback_ids)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        marks = ",".join("?" * len(chunk))
        out.extend(
            (int(fid), int(eid))
            for fid, eid in conn.execute(
                f"SELECT r.feedback_id, r.entry_id FROM feedback_response r JOIN entry e ON e.id = r.entry_id "
                f"WHERE r.feedback_id IN ({marks}) AND e.occurred_on <= ? ORDER BY r.feedback_id, e.occurred_on, e.id",
                (*chunk, (until or dt.date.max).isoformat()),
            )
        )
    return out


def acted_on_sql(conn: Connection) -> str:
    """A piece of feedback was acted on by `:until` when any recorded action says so: an entry linked as its response
    (dated by `:until`), a goal made from it (`journal feedback goal`, set by `:until`: `set_on_sql`), an entry
    linked to that goal (dated by `:until`), or a milestone of that goal done by `:until`."""
    return f"""
EXISTS (SELECT 1 FROM feedback_response r JOIN entry e ON e.id = r.entry_id
        WHERE r.feedback_id = feedback.id AND e.occurred_on <= :until)
OR EXISTS (SELECT 1 FROM goal g
           WHERE g.feedback_id = feedback.id AND {set_on_sql(dialect_of(conn), "g.created_at")} <= :until)
OR EXISTS (SELECT 1 FROM goal g JOIN entry_goal eg ON eg.goal_id = g.id JOIN entry e ON e.id = eg.entry_id
           WHERE g.feedback_id = feedback.id AND e.occurred_on <= :until)
OR EXISTS (SELECT 1 FROM goal g JOIN milestone m ON m.goal_id = g.id
           WHERE g.feedback_id = feedback.id AND m.done_on <= :until)
"""


def acted_on(conn: Connection, feedback_ids: Sequence[int], until: dt.date, today: dt.date | None) -> set[int]:
    """The feedback ids among `feedback_ids` acted on by `until` (`acted_on_sql`), `today` capping when goals were
    set."""
    out: set[int] = set()
    ids = list(feedback_ids)
    test = acted_on_sql(conn)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        params: dict[str, object] = {f"f{i}": fid for i, fid in enumerate(chunk)}
        params.update(until=until.isoformat(), cap=(today or dt.date.max).isoformat())
        marks = ", ".join(f":f{i}" for i in range(len(chunk)))
        out.update(
            int(r[0])
            for r in conn.execute(
                f"SELECT feedback.id FROM feedback WHERE feedback.id IN ({marks}) AND ({test})", params
            )
        )
    return out
