"""Every SQL read of `journal stats` and the app's Activity view: days, counts and group-bys.

Dates go in as ISO text and come back as ISO text on both engines; streaks, weeks and the heatmap are computed
from these rows in Python (`journal_tui.stats`), so no engine's date functions are needed.
"""

import datetime as dt

from journal_tui.data.conn import Connection, dialect_of


def entry_days(conn: Connection, upto: dt.date) -> list[str]:
    """Every day with an entry, through `upto` (the streaks look back as far as they run)."""
    return [
        str(r[0])
        for r in conn.execute("SELECT DISTINCT occurred_on FROM entry WHERE occurred_on <= ?", (upto.isoformat(),))
    ]


def entries_per_day(conn: Connection, start: dt.date, end: dt.date) -> list[tuple[str, int]]:
    """(day, entries) of each day in [start, end] with an entry."""
    return [
        (str(r[0]), int(r[1]))
        for r in conn.execute(
            "SELECT occurred_on, count(*) FROM entry WHERE occurred_on BETWEEN ? AND ? GROUP BY occurred_on",
            (start.isoformat(), end.isoformat()),
        )
    ]


def checkin_dates(conn: Connection, upto: dt.date) -> list[str]:
    """The date of every check-in through `upto` (two on one day are two); [] for a journal from before them."""
    if conn.execute(dialect_of(conn).table_exists(), ("checkin",)).fetchone() is None:
        return []
    return [
        str(r[0]) for r in conn.execute("SELECT checked_on FROM checkin WHERE checked_on <= ?", (upto.isoformat(),))
    ]


def wins_per_project(conn: Connection, start: dt.date, end: dt.date) -> list[tuple[str, int]]:
    """(project, entries) in [start, end], the most first (then by name key)."""
    return [
        (str(r[0]), int(r[1]))
        for r in conn.execute(
            "SELECT p.name, count(*) AS n FROM entry e JOIN project p ON p.id = e.project_id"
            " WHERE e.occurred_on BETWEEN ? AND ? GROUP BY p.id, p.name, p.key ORDER BY n DESC, p.key",
            (start.isoformat(), end.isoformat()),
        )
    ]


def wins_per_skill(conn: Connection, start: dt.date, end: dt.date) -> list[tuple[str, int]]:
    """(skill, entries) in [start, end], the most first (then by name key)."""
    return [
        (str(r[0]), int(r[1]))
        for r in conn.execute(
            "SELECT s.name, count(*) AS n FROM entry e JOIN entry_skill es ON es.entry_id = e.id"
            " JOIN skill s ON s.id = es.skill_id WHERE e.occurred_on BETWEEN ? AND ?"
            " GROUP BY s.id, s.name, s.key ORDER BY n DESC, s.key",
            (start.isoformat(), end.isoformat()),
        )
    ]
