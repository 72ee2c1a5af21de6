"""People (role, team, note; rename, merge, remove), conversations with them, and asks for feedback."""

import sqlite3
from typing import Any

from journal_tui.validate import (NOTE_LIMIT, check_choice, check_date, check_id, clean_name, clean_optional,
                                  clean_text, name_key)
from journal_tui.writes.base import insert_row, iso, name_id, require, stamp_or_now, update_row, with_id

CONTACT_KINDS = ("1:1", "coffee", "mentoring", "review")
ASK_STATUSES = ("open", "answered", "closed")
TEAM_LIMIT = 200
CONTACT_LIMIT = NOTE_LIMIT
ASK_LIMIT = 2_000
REFERRING = ("feedback", "contact", "ask")  # the tables whose rows belong to a person


def person_values(fields: dict[str, Any]) -> dict[str, Any]:
    """Validated role/team/note columns for the fields given ("" or None clears one)."""
    from journal_tui.query import ROLES  # not at the top: quick add never pays for the filter language

    out: dict[str, Any] = {}
    for key, value in fields.items():
        if key == "role":
            out[key] = None if value in (None, "") else check_choice(value, ROLES, what="role")
        elif key == "team":
            out[key] = clean_optional(value, what="team", limit=TEAM_LIMIT)
        elif key == "note":
            out[key] = clean_optional(value, what="note")
        else:
            raise ValueError(key)
    return out


def update_person(conn: sqlite3.Connection, person_id: int, **fields: Any) -> None:
    """Set a person's role, team and/or note."""
    cols = person_values(fields)
    require(conn, "person", person_id)
    if cols:
        update_row(conn, "person", person_id, cols)


def rename_person(conn: sqlite3.Connection, person_id: int, new_name: Any) -> str:
    """Give a person another name (one nobody else has: `merge_person` is for that); returns it cleaned."""
    name = clean_name(new_name, what="person")
    require(conn, "person", person_id)
    update_row(conn, "person", person_id, {"name": name, "key": name_key(name)})
    return name


def merge_person(conn: sqlite3.Connection, src: int, dst: int) -> None:
    """Move everything of person `src` to `dst` (whose role, team and note win where set), then drop `src`."""
    require(conn, "person", src)
    require(conn, "person", dst)
    for table in REFERRING:
        conn.execute(f"UPDATE {table} SET person_id = ? WHERE person_id = ?", (dst, src))
    conn.execute("UPDATE person SET role = coalesce(role, (SELECT role FROM person WHERE id = :s)),"
                 " team = coalesce(team, (SELECT team FROM person WHERE id = :s)),"
                 " note = coalesce(note, (SELECT note FROM person WHERE id = :s)) WHERE id = :d", {"s": src, "d": dst})
    conn.execute("DELETE FROM person WHERE id = ?", (src,))


def delete_person(conn: sqlite3.Connection, person_id: int, *, feedback_to: str | None = None) -> None:
    """Delete a person with their contacts and asks; their feedback moves to the person `feedback_to`
    (created if needed), or the delete fails while they have any."""
    require(conn, "person", person_id)
    if feedback_to is not None:
        conn.execute("UPDATE feedback SET person_id = ? WHERE person_id = ?",
                     (name_id(conn, "person", feedback_to), person_id))
    conn.execute("DELETE FROM person WHERE id = ?", (person_id,))


def insert_contact(conn: sqlite3.Connection, person_id: int, *, met_on: Any, text: Any, kind: Any = None,
                   contact_id: int | None = None, created_at: Any = None) -> int:
    """A conversation with someone on a day."""
    cols = {"person_id": person_id, "met_on": iso(check_date(met_on, what="date")),
            "kind": None if kind in (None, "") else check_choice(kind, CONTACT_KINDS, what="contact kind"),
            "text": clean_text(text, what="contact note", limit=CONTACT_LIMIT),
            "created_at": stamp_or_now(created_at, "created_at")}
    require(conn, "person", person_id)
    return insert_row(conn, "contact", with_id(contact_id, cols))


def insert_ask(conn: sqlite3.Connection, person_id: int, *, asked_on: Any, about: Any, entry_id: Any = None,
               due_on: Any = None, status: Any = "open", closed_on: Any = None, feedback_id: Any = None,
               ask_id: int | None = None, created_at: Any = None) -> int:
    """That the user asked someone for feedback (an import may bring it answered or closed)."""
    cols = {"person_id": person_id, "asked_on": iso(check_date(asked_on, what="date")),
            "about": clean_text(about, what="what the ask is about", limit=ASK_LIMIT),
            "entry_id": check_id(entry_id, what="entry id", optional=True),
            "due_on": iso(check_date(due_on, what="due date", optional=True)),
            "status": check_choice(status, ASK_STATUSES, what="ask status"),
            "closed_on": iso(check_date(closed_on, what="closed date", optional=True)),
            "feedback_id": check_id(feedback_id, what="feedback id", optional=True),
            "created_at": stamp_or_now(created_at, "created_at")}
    require(conn, "person", person_id)
    if cols["entry_id"] is not None:
        require(conn, "entry", cols["entry_id"])
    if cols["feedback_id"] is not None:
        require(conn, "feedback", cols["feedback_id"])
    return insert_row(conn, "ask", with_id(ask_id, cols))


def settle_ask(conn: sqlite3.Connection, ask_id: int, *, closed_on: Any, feedback_id: int | None = None) -> None:
    """Close an ask: answered by `feedback_id`, or closed without an answer when it is None."""
    require(conn, "ask", ask_id)
    if feedback_id is not None:
        require(conn, "feedback", feedback_id)
    update_row(conn, "ask", ask_id, {"status": "answered" if feedback_id is not None else "closed",
                                     "feedback_id": feedback_id,
                                     "closed_on": iso(check_date(closed_on, what="closed date"))})
