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

from journal_tui.data import db, writes
from journal_tui.data.conn import Connection
from journal_tui.data.db import HasPath
from journal_tui.data.queries import responses as q


def set_response(source: HasPath, feedback_id: int, entry_id: int, *, linked: bool = True) -> None:
    """Link (or unlink) an entry as a response to a feedback item, in one short transaction."""
    with db.writing(source.path) as conn:
        writes.set_response(conn, feedback_id, entry_id, linked=linked)


def responses_of(conn: Connection, feedback_ids: Sequence[int], until: dt.date | None = None) -> dict[int, list[int]]:
    """Feedback id -> the entry ids linked as its responses (oldest entry first), dated on or before `until`."""
    out: dict[int, list[int]] = {}
    if feedback_ids:
        for fid, eid in q.responses_of(conn, feedback_ids, until):
            out.setdefault(fid, []).append(eid)
    return out


def acted_on(conn: Connection, feedback_ids: Sequence[int], until: dt.date, today: dt.date | None = None) -> set[int]:
    """The feedback ids among `feedback_ids` acted on by `until`: an entry linked as its response, a goal made from
    it, an entry linked to that goal, or a milestone of that goal done, each by `until`
    (`queries.responses.acted_on_sql`).  Not a gap, whatever the form.  A goal's day is the day it was recorded, or
    the journal's `today` if that is earlier (`JOURNAL_TODAY`: nothing is recorded after the journal's today)."""
    return q.acted_on(conn, feedback_ids, until, today)
