"""Every SQL read of the weekly check-ins (their writes are `writes/checkins.py`).

Plain rows of stored values: `journal_tui.checkin` builds its `CheckinRow`s from them.
"""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from journal_tui.data.conn import Connection, dialect_of
from journal_tui.data.writes.base import db_timestamp

Head = tuple[int, str, str | None, str | None]  # (id, checked_on, created_at, updated_at)


def stamp_text(value: Any) -> str | None:
    """A timestamp as a SQLite journal stores it (UTC, `YYYY-MM-DD HH:MM:SS.ffffff`): PostgreSQL's driver gives a
    `timestamptz` column back as an aware datetime, which this turns into the same text."""
    if value is None or isinstance(value, str):
        return value
    return db_timestamp(value)


def has_checkins(conn: Connection) -> bool:
    """A journal migrated to the check-in schema (older ones are read as they are)."""
    return conn.execute(dialect_of(conn).table_exists(), ("checkin",)).fetchone() is not None


def heads(
    conn: Connection,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    checkin_id: int | None = None,
    limit: int | None = None,
    oldest_first: bool = False,
) -> list[Head]:
    """Check-ins in [start, end] (either open), or the one with `checkin_id`; newest first unless `oldest_first`."""
    conds: list[str] = []
    args: list[Any] = []
    if checkin_id is not None:
        conds.append("id = ?")
        args.append(checkin_id)
    if start is not None:
        conds.append("checked_on >= ?")
        args.append(start.isoformat())
    if end is not None:
        conds.append("checked_on <= ?")
        args.append(end.isoformat())
    order = "ASC" if oldest_first else "DESC"
    sql = (
        "SELECT id, checked_on, created_at, updated_at FROM checkin"
        + (" WHERE " + " AND ".join(conds) if conds else "")
        + f" ORDER BY checked_on {order}, id {order}"
        + (f" LIMIT {int(limit)}" if limit else "")
    )
    return [(int(r[0]), str(r[1]), stamp_text(r[2]), stamp_text(r[3])) for r in conn.execute(sql, tuple(args))]


def reflections(conn: Connection, checkin_ids: Sequence[int]) -> list[tuple[int, str, str, str | None]]:
    """(check-in id, kind, text, lesson) of the check-ins' reflections, each check-in's in position order."""
    if not checkin_ids:
        return []
    marks = ",".join("?" for _ in checkin_ids)
    return [
        (int(r[0]), str(r[1]), str(r[2]), r[3])
        for r in conn.execute(
            f"SELECT checkin_id, kind, text, lesson FROM reflection WHERE checkin_id IN ({marks}) "
            "ORDER BY checkin_id, position, id",
            tuple(checkin_ids),
        )
    ]


def days(conn: Connection) -> list[str]:
    """The days with a check-in, each once, oldest first."""
    return [str(r[0]) for r in conn.execute("SELECT DISTINCT checked_on FROM checkin ORDER BY checked_on")]


def exists(conn: Connection, checkin_id: int) -> bool:
    return conn.execute("SELECT 1 FROM checkin WHERE id = ?", (checkin_id,)).fetchone() is not None
