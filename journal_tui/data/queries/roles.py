"""The reads of the target role and its criteria: the title, each criterion with its skills and hand-attached
entries, and the evidence each has.  `journal_tui.roles` builds its `Criterion` rows from these tuples.
"""

import datetime as dt
from typing import Any

from journal_tui.data.conn import Connection, dialect_of
from journal_tui.data.queries.goal_history import set_on_sql
from journal_tui.rows import SEP


def role_title(conn: Connection) -> str | None:
    row = conn.execute("SELECT title FROM role ORDER BY id LIMIT 1").fetchone()
    return None if row is None else str(row[0])


def criterion_rows(
    conn: Connection, *, as_of: dt.date | None = None, today: dt.date | None = None
) -> list[tuple[int, str, int, str | None, list[str], list[int]]]:
    """(id, name, need, note, skill names, hand-attached entry ids) of every criterion in the order they were added;
    with `as_of`, only those set by then (`set_on_sql`, `today` capping)."""
    d = dialect_of(conn)
    then = "" if as_of is None else f" WHERE {set_on_sql(d, 'c.created_at')} <= :as_of"
    params: dict[str, Any] = (
        {} if as_of is None else {"cap": (today or dt.date.max).isoformat(), "as_of": as_of.isoformat()}
    )
    rows = conn.execute(
        "SELECT c.id, c.name, c.need, c.note, "
        f" (SELECT {d.join_values('s.name')} FROM criterion_skill cs JOIN skill s ON s.id = cs.skill_id "
        "   WHERE cs.criterion_id = c.id), "
        f" (SELECT {d.join_values('ce.entry_id')} FROM criterion_entry ce WHERE ce.criterion_id = c.id) "
        f"FROM criterion c{then} ORDER BY c.id",
        params,
    ).fetchall()
    return [
        (
            int(r[0]),
            str(r[1]),
            int(r[2]),
            r[3],
            r[4].split(SEP) if r[4] else [],
            [int(i) for i in str(r[5]).split(SEP)] if r[5] else [],
        )
        for r in rows
    ]


def evidence_counts(conn: Connection, start: dt.date | None = None, end: dt.date | None = None) -> dict[int, int]:
    """Criterion id -> entries that count as its evidence (within start..end when given), one query."""
    rows = conn.execute(
        "SELECT c.id, count(DISTINCT e.id) FROM criterion c "
        "LEFT JOIN (SELECT cs.criterion_id AS cid, es.entry_id AS eid FROM criterion_skill cs "
        "           JOIN entry_skill es ON es.skill_id = cs.skill_id "
        "           UNION SELECT criterion_id, entry_id FROM criterion_entry) AS ev ON ev.cid = c.id "
        "LEFT JOIN entry e ON e.id = ev.eid AND e.occurred_on >= ? AND e.occurred_on <= ? "
        "GROUP BY c.id",
        ((start or dt.date.min).isoformat(), (end or dt.date.max).isoformat()),
    ).fetchall()
    return {int(r[0]): int(r[1]) for r in rows}


def criteria_of_entry(conn: Connection, entry_id: int) -> tuple[int, ...]:
    """The criteria an entry is attached to by hand."""
    return tuple(
        int(r[0])
        for r in conn.execute(
            "SELECT criterion_id FROM criterion_entry WHERE entry_id = ? ORDER BY criterion_id", (entry_id,)
        )
    )
