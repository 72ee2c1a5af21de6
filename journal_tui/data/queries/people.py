"""The reads of people, their contacts and the asks for feedback: `journal_tui.people` builds its rows from these.

Standard library only (`journal met`, `ask`, `asks` start as fast as `journal add`).  Every function takes a
connection of either engine and returns plain tuples, dates as ISO text.  A person's columns, as `list_people`
shows them (`people_rows`, `person_row`): id, name, role, team, note, praise, constructive and neutral counts, last
contact (the latest of a contact, feedback from them, an ask to them; None when none), open asks, overdue asks,
all as of a day.
"""

import datetime as dt
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from journal_tui.data.conn import Connection, dialect_of
from journal_tui.data.dialects import Dialect
from journal_tui.data.queries.goal_history import set_on_sql

# --- one person ------------------------------------------------------------------------------------------------


def person_name(conn: Connection, person_id: int) -> str | None:
    row = conn.execute("SELECT name FROM person WHERE id = ?", (person_id,)).fetchone()
    return None if row is None else str(row[0])


def key_taken(conn: Connection, key: str) -> bool:
    """Whether a person already has this name key."""
    return conn.execute("SELECT 1 FROM person WHERE key = ?", (key,)).fetchone() is not None


def other_with_key(conn: Connection, person_id: int, key: str) -> tuple[int, str] | None:
    """(id, name) of the person other than `person_id` whose name has this key, if any."""
    row = conn.execute("SELECT id, name FROM person WHERE key = ? AND id <> ?", (key, person_id)).fetchone()
    return None if row is None else (int(row[0]), str(row[1]))


def references(conn: Connection, person_id: int) -> dict[str, int]:
    """How many feedback items, contacts and asks name the person."""
    return {
        what: int(conn.execute(f"SELECT count(*) FROM {table} WHERE person_id = ?", (person_id,)).fetchone()[0])
        for what, table in (("feedback", "feedback"), ("contacts", "contact"), ("asks", "ask"))
    }


def ask_state(conn: Connection, ask_id: int) -> tuple[str, int | None, str, int | None] | None:
    """(person name, entry id, status, answering feedback id) of an ask, or None."""
    row = conn.execute(
        "SELECT p.name, a.entry_id, a.status, a.feedback_id FROM ask a JOIN person p ON p.id = a.person_id"
        " WHERE a.id = ?",
        (ask_id,),
    ).fetchone()
    return None if row is None else (str(row[0]), row[1], str(row[2]), row[3])


# --- everyone, counted as of a day ---------------------------------------------------------------------------

# The open and overdue asks of person `p` as of :as_of (an ask closed after that day was still open then).
_ASK_COLUMNS = """
    (SELECT count(*) FROM ask a WHERE a.person_id = p.id AND a.asked_on <= :as_of
        AND (a.status = 'open' OR a.closed_on > :as_of)),
    (SELECT count(*) FROM ask a WHERE a.person_id = p.id AND a.asked_on <= :as_of
        AND (a.status = 'open' OR a.closed_on > :as_of) AND a.due_on < :as_of)
"""
_FEEDBACK_OF = "(SELECT {what} FROM feedback f WHERE f.person_id = p.id AND f.received_on <= :as_of{kind})"


def _last_contact(d: Dialect, last_feedback: str) -> str:
    """The latest of a contact with `p`, `last_feedback` and an ask to `p`, as of :as_of."""
    return d.latest(
        "(SELECT max(met_on) FROM contact c WHERE c.person_id = p.id AND c.met_on <= :as_of)",
        last_feedback,
        "(SELECT max(asked_on) FROM ask a WHERE a.person_id = p.id AND a.asked_on <= :as_of)",
    )


@lru_cache(maxsize=4)
def _people_sql(d: Dialect) -> str:
    """Everyone: the feedback is read once, grouped by person (not three counts and a max per person).  One pass over
    the table beats walking the person index and looking up each row's kind (0.07 s against 0.14 s for 50,000)."""
    return f"""
WITH fb AS (SELECT person_id, count(*) FILTER (WHERE kind = 'praise') AS praise,
                   count(*) FILTER (WHERE kind = 'constructive') AS constructive,
                   count(*) FILTER (WHERE kind = 'neutral') AS neutral, max(received_on) AS last
            FROM {d.scan("feedback")} WHERE received_on <= :as_of GROUP BY person_id)
SELECT p.id, p.name, p.role, p.team, p.note,
    coalesce(fb.praise, 0), coalesce(fb.constructive, 0), coalesce(fb.neutral, 0),
    {_last_contact(d, "fb.last")},{_ASK_COLUMNS}FROM person p LEFT JOIN fb ON fb.person_id = p.id
ORDER BY p.id
"""


@lru_cache(maxsize=4)
def _person_sql(d: Dialect) -> str:
    """One person (`:id`): the same columns as `_people_sql`, through that person's own index ranges."""
    return f"""
SELECT p.id, p.name, p.role, p.team, p.note,
    {_FEEDBACK_OF.format(what="count(*)", kind=" AND f.kind = 'praise'")},
    {_FEEDBACK_OF.format(what="count(*)", kind=" AND f.kind = 'constructive'")},
    {_FEEDBACK_OF.format(what="count(*)", kind=" AND f.kind = 'neutral'")},
    {_last_contact(d, _FEEDBACK_OF.format(what="max(received_on)", kind=""))},{_ASK_COLUMNS}FROM person p
WHERE p.id = :id
"""


def people_rows(conn: Connection, as_of: dt.date) -> list[tuple[Any, ...]]:
    """Every person's columns (see the module's docstring) as of `as_of`, by id."""
    return list(conn.execute(_people_sql(dialect_of(conn)), {"as_of": as_of.isoformat()}))


def person_row(conn: Connection, person_id: int, as_of: dt.date) -> tuple[Any, ...] | None:
    """One person's columns as of `as_of`, or None."""
    row: tuple[Any, ...] | None = conn.execute(
        _person_sql(dialect_of(conn)), {"as_of": as_of.isoformat(), "id": person_id}
    ).fetchone()
    return row


@lru_cache(maxsize=8)
def _roster_sql(d: Dialect, stale_roles: int) -> str:
    """Everyone's id, name and role, and for the roles `:r0`... their last contact as of :as_of through their own
    index ranges: people known by `:as_of`: recorded by then (`set_on_sql`), or met, asked or heard from by then."""
    roles = ", ".join(f":r{i}" for i in range(stale_roles)) or "NULL"
    return f"""
SELECT p.id, p.name, p.role, CASE WHEN p.role IN ({roles}) THEN
    {_last_contact(d, _FEEDBACK_OF.format(what="max(received_on)", kind=""))} END
FROM person p
WHERE {set_on_sql(d, "p.created_at")} <= :as_of
   OR EXISTS (SELECT 1 FROM feedback f WHERE f.person_id = p.id AND f.received_on <= :as_of)
   OR EXISTS (SELECT 1 FROM contact c WHERE c.person_id = p.id AND c.met_on <= :as_of)
   OR EXISTS (SELECT 1 FROM ask a WHERE a.person_id = p.id AND a.asked_on <= :as_of)
ORDER BY p.id
"""


def roster_rows(
    conn: Connection, as_of: dt.date, cap: dt.date, stale_roles: Sequence[str]
) -> list[tuple[int, str, str | None, str | None]]:
    """(id, name, role, last contact or None) of everyone known by `as_of` (`cap`: the journal's today), the last
    contact read only for the `stale_roles` (all the review's People section and the case's gaps need to know who is
    stale: `people_rows` reads every feedback row to count it by kind, for counts neither shows)."""
    params: dict[str, Any] = {f"r{i}": role for i, role in enumerate(stale_roles)}
    params.update(as_of=as_of.isoformat(), cap=cap.isoformat())
    return [
        (int(r[0]), str(r[1]), r[2], r[3])
        for r in conn.execute(_roster_sql(dialect_of(conn), len(stale_roles)), params)
    ]


def active_between(conn: Connection, start: dt.date, end: dt.date) -> set[int]:
    """Ids of the people heard from, met or asked between `start` and `end`."""
    return {
        int(r[0])
        for r in conn.execute(
            "SELECT person_id FROM feedback WHERE received_on BETWEEN :s AND :e UNION "
            "SELECT person_id FROM contact WHERE met_on BETWEEN :s AND :e UNION "
            "SELECT person_id FROM ask WHERE asked_on BETWEEN :s AND :e",
            {"s": start.isoformat(), "e": end.isoformat()},
        )
    }


# --- asks, contacts, feedback --------------------------------------------------------------------------------

_ASKS = """
SELECT a.id, p.name, p.role, a.asked_on, a.about, a.entry_id, a.due_on, a.status, a.closed_on, a.feedback_id
FROM ask a JOIN person p ON p.id = a.person_id
"""


def ask_rows(
    conn: Connection,
    *,
    open_only: bool = False,
    person_id: int | None = None,
    asked_by: dt.date | None = None,
    settled_since: dt.date | None = None,
) -> list[tuple[Any, ...]]:
    """(id, person, role, asked_on, about, entry_id, due_on, status, closed_on, feedback_id) of the asks: all, or
    only the open ones, one person's, those asked by a day, those still open or closed on or after `settled_since`."""
    tests: list[str] = []
    params: list[Any] = []
    if open_only:
        tests.append("a.status = 'open'")
    if person_id is not None:
        tests.append("a.person_id = ?")
        params.append(person_id)
    if asked_by is not None:
        tests.append("a.asked_on <= ?")
        params.append(asked_by.isoformat())
    if settled_since is not None:
        tests.append("(a.status = 'open' OR a.closed_on >= ?)")
        params.append(settled_since.isoformat())
    where = f"WHERE {' AND '.join(tests)}" if tests else ""
    return list(conn.execute(_ASKS + where, tuple(params)))


_CONTACTS = "SELECT c.id, p.name, p.role, c.met_on, c.kind, c.text FROM contact c JOIN person p ON p.id = c.person_id "


def contacts_of(conn: Connection, person_id: int) -> list[tuple[Any, ...]]:
    """(id, person, role, met_on, kind, text) of one person's contacts, newest first."""
    return list(conn.execute(_CONTACTS + "WHERE c.person_id = ? ORDER BY c.met_on DESC, c.id DESC", (person_id,)))


def contacts_between(conn: Connection, start: dt.date, end: dt.date) -> list[tuple[Any, ...]]:
    """The contacts (as `contacts_of`) between two days, oldest first."""
    return list(
        conn.execute(
            _CONTACTS + "WHERE c.met_on BETWEEN ? AND ? ORDER BY c.met_on, c.id", (start.isoformat(), end.isoformat())
        )
    )


def feedback_from(conn: Connection, person_id: int) -> list[tuple[Any, ...]]:
    """(id, received_on, kind, text, entry_id) of the feedback a person gave, newest first."""
    return list(
        conn.execute(
            "SELECT id, received_on, kind, text, entry_id FROM feedback WHERE person_id = ? "
            "ORDER BY received_on DESC, id DESC",
            (person_id,),
        )
    )


def origin_rows(conn: Connection, goal_ids: Sequence[int] | None = None) -> list[tuple[Any, ...]]:
    """(goal id, feedback id, person, kind, text, received_on) of the feedback each goal (of `goal_ids`, or all)
    came from."""
    if goal_ids is not None and not goal_ids:
        return []
    where = "" if goal_ids is None else f" WHERE g.id IN ({', '.join('?' for _ in goal_ids)})"
    return list(
        conn.execute(
            "SELECT g.id, f.id, p.name, f.kind, f.text, f.received_on FROM goal g"
            " JOIN feedback f ON f.id = g.feedback_id JOIN person p ON p.id = f.person_id" + where,
            tuple(goal_ids or ()),
        )
    )
