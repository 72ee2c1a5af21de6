"""The SQL reads the `journal` command makes itself (the rest goes through `Reader`, `Store` and the features)."""

from journal_tui.data.conn import Connection


def milestone_head(conn: Connection, milestone_id: int) -> tuple[int, str] | None:
    """(goal id, title) of a milestone, or None: what `journal milestone rm` names before it asks."""
    row = conn.execute("SELECT goal_id, title FROM milestone WHERE id = ?", (milestone_id,)).fetchone()
    return None if row is None else (int(row[0]), str(row[1]))
