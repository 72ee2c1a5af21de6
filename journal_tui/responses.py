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
from typing import TYPE_CHECKING

from journal_tui import db

if TYPE_CHECKING:
    from journal_tui.store import Store


def set_response(store: "Store", feedback_id: int, entry_id: int, *, linked: bool = True) -> None:
    with store.write() as (_, raw):
        db.require(raw, "feedback", feedback_id)
        db.require(raw, "entry", entry_id)
        if linked:
            raw.execute("INSERT OR IGNORE INTO feedback_response (feedback_id, entry_id) VALUES (?, ?)",
                        (feedback_id, entry_id))
        else:
            raw.execute("DELETE FROM feedback_response WHERE feedback_id = ? AND entry_id = ?", (feedback_id, entry_id))


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
