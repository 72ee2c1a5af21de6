"""Explicit responses to feedback: the entries the user says answer a piece of feedback, and every other action on it.

Nothing is guessed: an entry that shares a skill with "Share drafts earlier" is not
a response to it unless the user links it (`journal feedback respond FEEDBACK ENTRY`,
`r` on a feedback in the app).  Constructive feedback with no response is a gap.

Table (for export/import; the lead wires it into exchange.py):
`feedback_response(feedback_id -> feedback CASCADE, entry_id -> entry CASCADE)`, primary key on both;
export as `"responses": [entry ids]` on each feedback item, remapped on import like `about`.
"""

import datetime as dt
from collections.abc import Sequence

from journal_tui.data.conn import Connection
from journal_tui.data import db, writes
from journal_tui.data.db import HasPath


def set_response(source: HasPath, feedback_id: int, entry_id: int, *, linked: bool = True) -> None:
    """Link (or unlink) an entry as a response to a feedback item, in one short transaction."""
    with db.writing(source.path) as conn:
        writes.set_response(conn, feedback_id, entry_id, linked=linked)


def responses_of(conn: Connection, feedback_ids: Sequence[int],
                 until: dt.date | None = None) -> dict[int, list[int]]:
    """Feedback id -> the entry ids linked as its responses (oldest entry first), dated on or before `until`."""
    if not feedback_ids:
        return {}
    marks = ",".join("?" * len(feedback_ids))
    out: dict[int, list[int]] = {}
    for fid, eid in conn.execute(
            f"SELECT r.feedback_id, r.entry_id FROM feedback_response r JOIN entry e ON e.id = r.entry_id "
            f"WHERE r.feedback_id IN ({marks}) AND e.occurred_on <= ? ORDER BY r.feedback_id, e.occurred_on, e.id",
            [*feedback_ids, (until or dt.date.max).isoformat()]):
        out.setdefault(fid, []).append(eid)
    return out


# A piece of feedback was acted on by `until` when any recorded action says so: an entry linked as its response
# (dated by `until`), a goal made from it (`journal feedback goal`, set by `until`), an entry linked to that goal
# (dated by `until`), or a milestone of that goal done by `until`.  A goal's day is the day it was recorded, or the
# journal's today if that is earlier (`JOURNAL_TODAY`: nothing is recorded after the journal's today).
ACTED_ON_SQL = """
EXISTS (SELECT 1 FROM feedback_response r JOIN entry e ON e.id = r.entry_id
        WHERE r.feedback_id = feedback.id AND e.occurred_on <= :until)
OR EXISTS (SELECT 1 FROM goal g WHERE g.feedback_id = feedback.id AND min(substr(g.created_at, 1, 10), :cap) <= :until)
OR EXISTS (SELECT 1 FROM goal g JOIN entry_goal eg ON eg.goal_id = g.id JOIN entry e ON e.id = eg.entry_id
           WHERE g.feedback_id = feedback.id AND e.occurred_on <= :until)
OR EXISTS (SELECT 1 FROM goal g JOIN milestone m ON m.goal_id = g.id
           WHERE g.feedback_id = feedback.id AND m.done_on <= :until)
"""


def acted_on(conn: Connection, feedback_ids: Sequence[int], until: dt.date,
             today: dt.date | None = None) -> set[int]:
    """The feedback ids among `feedback_ids` acted on by `until` (`ACTED_ON_SQL`): not a gap, whatever the form."""
    out: set[int] = set()
    ids = list(feedback_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        params: dict[str, object] = {f"f{i}": fid for i, fid in enumerate(chunk)}
        params.update(until=until.isoformat(), cap=(today or dt.date.max).isoformat())
        marks = ", ".join(f":f{i}" for i in range(len(chunk)))
        out.update(r[0] for r in conn.execute(
            f"SELECT feedback.id FROM feedback WHERE feedback.id IN ({marks}) AND ({ACTED_ON_SQL})", params))
    return out
