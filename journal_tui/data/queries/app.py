"""The app's own reads: what the screens ask beyond the `Reader`'s lists (today, an edited row's version)."""

from journal_tui.data.conn import Connection

VERSIONED = ("entry", "goal", "feedback")  # the rows an edit form can hold open


def row_version(conn: Connection, table: str, row_id: int) -> tuple[str, str] | None:
    """The row's `created_at` (which row it is: a deleted row's id may be given to a new one) and `updated_at`,
    as stored; None when the row is gone."""
    if table not in VERSIONED:
        raise ValueError(f"no edit form holds {table} rows")
    row = conn.execute(f"SELECT created_at, updated_at FROM {table} WHERE id = ?", (row_id,)).fetchone()
    return None if row is None else (str(row[0]), str(row[1]))
