"""The shell nudge's reads: a connection that can change nothing, and a few index lookups.

`journal nudge` runs in every new shell, so this module imports only the standard library and `conn`: a SQLite
journal is opened here, read-only (`mode=ro`: it never creates the file nor writes it), with a short busy timeout;
a server URL connects through `db.raw_connect`, which imports `db` and psycopg then, and only then.
"""

import os
import sqlite3

from journal_tui.data.conn import Connection, dialect_of
from journal_tui.data.locator import is_server

BUSY_TIMEOUT_MS = 200  # a shell start-up must not hang on a journal someone holds


def uri_path(path: str) -> str:
    """Escape what a SQLite URI path cannot hold as is (urllib.parse costs 8 ms of start-up)."""
    return path.replace("%", "%25").replace("?", "%3f").replace("#", "%23")


def open_readonly(target: str) -> Connection:
    """A connection that can neither create nor change the journal: the file read-only, or the server's journal.

    A file that is not there raises FileNotFoundError (nothing is created); a server that cannot be reached raises
    the `conn` error classes, as every other failure does.
    """
    if is_server(target):
        from journal_tui.data.db import raw_connect  # psycopg only for a server journal

        return raw_connect(target, connect_timeout_s=2)  # a shell prompt never waits long for a server
    if not os.path.isfile(target):
        raise FileNotFoundError(target)
    return sqlite3.connect(
        f"file:{uri_path(os.path.abspath(target))}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000
    )


def has_table(conn: Connection, name: str) -> bool:
    """Whether the journal has the table: the nudge reads older journals as they are, never upgrading them."""
    return conn.execute(dialect_of(conn).table_exists(), (name,)).fetchone() is not None


def last_entry_on(conn: Connection, today: str) -> str | None:
    """The day of the newest entry dated today or before (one index lookup)."""
    row = conn.execute(
        "SELECT occurred_on FROM entry WHERE occurred_on <= ? ORDER BY occurred_on DESC LIMIT 1", (today,)
    ).fetchone()
    return None if row is None else str(row[0])


def first_entry_on(conn: Connection) -> str | None:
    """The day of the oldest entry (one index lookup: min() alone, no WHERE)."""
    row = conn.execute("SELECT min(occurred_on) FROM entry").fetchone()
    return None if row is None or row[0] is None else str(row[0])


def last_checkin_on(conn: Connection, today: str) -> str | None:
    """The day of the newest check-in dated today or before."""
    row = conn.execute(
        "SELECT checked_on FROM checkin WHERE checked_on <= ? ORDER BY checked_on DESC LIMIT 1", (today,)
    ).fetchone()
    return None if row is None else str(row[0])


def overdue_milestone_count(conn: Connection, today: str) -> int:
    """Open milestones of active goals due before `today`."""
    late: int = conn.execute(
        "SELECT count(*) FROM milestone m JOIN goal g ON g.id = m.goal_id"
        " WHERE g.status = 'active' AND m.done_on IS NULL AND m.due_on IS NOT NULL AND m.due_on < ?",
        (today,),
    ).fetchone()[0]
    return int(late)


def overdue_asks(conn: Connection, today: str) -> list[tuple[str, str]]:
    """("Person: what about", due date) of open asks for feedback due before `today`, the oldest first.

    [] for a journal from before asks existed.
    """
    if not has_table(conn, "ask"):
        return []
    sql = (
        "SELECT p.name || ': ' || a.about, a.due_on FROM ask a JOIN person p ON p.id = a.person_id"
        " WHERE a.status = 'open' AND a.due_on IS NOT NULL AND a.due_on < ? ORDER BY a.due_on, a.id"
    )
    return [(str(r[0]), str(r[1])) for r in conn.execute(sql, (today,))]
