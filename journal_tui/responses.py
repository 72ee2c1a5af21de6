"""Explicit responses to feedback: the entries the user says answer a piece of feedback.

Nothing is guessed: an entry that shares a skill with "Share drafts earlier" is not
a response to it unless the user links it (`journal feedback respond FEEDBACK ENTRY`,
`r` on a feedback in the app).  Constructive feedback with no response is a gap.

Table (for export/import; the lead wires it into exchange.py):
`feedback_response(feedback_id -> feedback CASCADE, entry_id -> entry CASCADE)`, primary key on both;
export as `"responses": [entry ids]` on each feedback item, remapped on import like `about`.
"""

import datetime as dt
import sqlite3
from collections.abc import Sequence

from journal_tui import db, writes
from journal_tui.db import HasPath


def set_response(source: HasPath, feedback_id: int, entry_id: int, *, linked: bool = True) -> None:
    """Link (or unlink) an entry as a response to a feedback item, in one short transaction."""
    with db.writing(source.path) as conn:
        writes.set_response(conn, feedback_id, entry_id, linked=linked)


def responses_of(conn: sqlite3.Connection, feedback_ids: Sequence[int],
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
