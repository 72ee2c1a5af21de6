"""People (role, team, note; rename, merge, remove), conversations with them, and asks for feedback."""

from typing import Any

from journal_tui.data.conn import Connection
from journal_tui.data.kinds import ASK_STATUSES as ASK_STATUSES  # defined once, in kinds
from journal_tui.data.kinds import CONTACT_KINDS as CONTACT_KINDS
from journal_tui.data.writes.base import (
    insert_row,
    iso,
    name_id,
    referencing,
    require,
    stamp,
    stamp_or_now,
    update_row,
    with_id,
)
from journal_tui.errors import JournalError
from journal_tui.validate import (
    NOTE_LIMIT,
    check_choice,
    check_date,
    check_id,
    clean_name,
    clean_optional,
    clean_text,
    name_key,
)

TEAM_LIMIT = 200
CONTACT_LIMIT = NOTE_LIMIT
ASK_LIMIT = 2_000


def person_values(fields: dict[str, Any]) -> dict[str, Any]:
    """Validated role/team/note columns for the fields given ("" or None clears one)."""
    from journal_tui.data.kinds import PERSON_ROLES as ROLES

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


def match_person(conn: Connection, name: Any) -> tuple[int, str] | None:
    """The one person `name` means (exact name, else a unique word prefix: "dana" is Dana Kim), or None.

    The one person matcher of every command and form that names someone (`feedback add --from`, `met`, `ask`, the
    app's feedback form); an ambiguous name is refused with the candidates.  Imports name people exactly instead.
    """
    from journal_tui.query import word_prefix  # not at the top: quick add never pays for the filter language

    key = name_key(clean_name(name, what="person"))
    rows = conn.execute("SELECT id, name, key FROM person").fetchall()
    exact = [(r[0], r[1]) for r in rows if r[2] == key]
    if exact:
        return exact[0]
    matches = sorted(((r[0], r[1]) for r in rows if word_prefix(r[2], key)), key=lambda r: r[1].casefold())
    if len(matches) > 1:
        shown = ", ".join(m[1] for m in matches[:5]) + (" ..." if len(matches) > 5 else "")
        typed = str(name).strip()
        raise JournalError(
            f"{typed!r} could be {shown}; give more of the name "
            f"(or journal person set {typed!r} --new for someone else)"
        )
    return matches[0] if matches else None


def update_person(conn: Connection, person_id: int, **fields: Any) -> None:
    """Set a person's role, team and/or note."""
    cols = person_values(fields)
    require(conn, "person", person_id)
    if cols:
        update_row(conn, "person", person_id, {**cols, "updated_at": stamp()})


def rename_person(conn: Connection, person_id: int, new_name: Any) -> str:
    """Give a person another name (one nobody else has: `merge_person` is for that); returns it cleaned."""
    name = clean_name(new_name, what="person")
    require(conn, "person", person_id)
    update_row(conn, "person", person_id, {"name": name, "key": name_key(name), "updated_at": stamp()})
    return name


NOTE_JOIN = " · "  # between the two notes of merged people (the app's note field is one line)
MERGED_FIELDS = ("role", "team")  # one value survives: the target's where set, else the source's


def merged_person_fields(target: dict[str, Any], source: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The one rule for what survives a merge of `source` into `target` (rows with name, role, team, note):
    the target's non-empty role and team win, the source's fill the target's empty ones; the notes are both
    kept, the target's first (one when they say the same).  Returns (the target's new columns, the fields where
    both had a different value: {field: (kept, not kept)}).  Refused when the joined note would exceed NOTE_LIMIT."""
    cols: dict[str, Any] = {}
    dropped: dict[str, tuple[Any, Any]] = {}
    for key in MERGED_FIELDS:
        mine, theirs = _blank_none(target[key]), _blank_none(source[key])
        cols[key] = mine if mine is not None else theirs
        if mine is not None and theirs is not None and mine != theirs:
            dropped[key] = (mine, theirs)
    notes = [n for n in (_blank_none(target["note"]), _blank_none(source["note"])) if n is not None]
    if len(notes) == 2 and name_key(notes[0]) == name_key(notes[1]):
        notes = notes[:1]
    cols["note"] = NOTE_JOIN.join(notes) or None
    if cols["note"] is not None and len(cols["note"]) > NOTE_LIMIT:
        raise JournalError(
            f"the notes of {source['name']} and {target['name']} together are {len(cols['note']):,} "
            f"characters; a note holds {NOTE_LIMIT:,}: shorten one first"
        )
    return cols, dropped


def _blank_none(value: Any) -> Any:
    """A stored field as the merge sees it: blank text (an older row, an import) is no value."""
    return None if value is None or (isinstance(value, str) and not value.strip()) else value


def person_fields(conn: Connection, person_id: int) -> dict[str, Any]:
    """A person's name, role, team and note (the person must exist)."""
    require(conn, "person", person_id)
    row = conn.execute("SELECT name, role, team, note FROM person WHERE id = ?", (person_id,)).fetchone()
    return dict(zip(("name", "role", "team", "note"), row, strict=True))


def merge_person(conn: Connection, src: int, dst: int) -> dict[str, tuple[Any, Any]]:
    """Move everything of person `src` (feedback, contacts, asks) to `dst`, keep their fields by
    `merged_person_fields`, then drop `src`: the one merge, for `journal person rename` and the app.

    Returns the fields where the two differed, {field: (kept, not kept)}, for the message."""
    if src == dst:
        raise ValueError("a person cannot be merged into themselves")
    cols, dropped = merged_person_fields(person_fields(conn, dst), person_fields(conn, src))
    for table, column in referencing(conn, "person"):  # feedback, contacts, asks, promotion talks... as they exist
        conn.execute(f"UPDATE {table} SET {column} = ? WHERE {column} = ?", (dst, src))
    update_row(conn, "person", dst, cols)
    conn.execute("DELETE FROM person WHERE id = ?", (src,))
    return dropped


def delete_person(conn: Connection, person_id: int, *, feedback_to: str | None = None) -> None:
    """Delete a person with their contacts and asks; their feedback moves to the person `feedback_to`
    (created if needed), or the delete fails while they have any."""
    require(conn, "person", person_id)
    if feedback_to is not None:
        conn.execute(
            "UPDATE feedback SET person_id = ? WHERE person_id = ?", (name_id(conn, "person", feedback_to), person_id)
        )
    conn.execute("DELETE FROM person WHERE id = ?", (person_id,))


def insert_contact(
    conn: Connection,
    person_id: int,
    *,
    met_on: Any,
    text: Any,
    kind: Any = None,
    contact_id: int | None = None,
    created_at: Any = None,
) -> int:
    """A conversation with someone on a day."""
    cols = {
        "person_id": person_id,
        "met_on": iso(check_date(met_on, what="date")),
        "kind": None if kind in (None, "") else check_choice(kind, CONTACT_KINDS, what="contact kind"),
        "text": clean_text(text, what="contact note", limit=CONTACT_LIMIT),
        "created_at": stamp_or_now(created_at, "created_at"),
    }
    require(conn, "person", person_id)
    return insert_row(conn, "contact", with_id(contact_id, cols))


def insert_ask(
    conn: Connection,
    person_id: int,
    *,
    asked_on: Any,
    about: Any,
    entry_id: Any = None,
    due_on: Any = None,
    status: Any = "open",
    closed_on: Any = None,
    feedback_id: Any = None,
    ask_id: int | None = None,
    created_at: Any = None,
) -> int:
    """That the user asked someone for feedback (an import may bring it answered or closed)."""
    cols = {
        "person_id": person_id,
        "asked_on": iso(check_date(asked_on, what="date")),
        "about": clean_text(about, what="what the ask is about", limit=ASK_LIMIT),
        "entry_id": check_id(entry_id, what="entry id", optional=True),
        "due_on": iso(check_date(due_on, what="due date", optional=True)),
        "status": check_choice(status, ASK_STATUSES, what="ask status"),
        "closed_on": iso(check_date(closed_on, what="closed date", optional=True)),
        "feedback_id": check_id(feedback_id, what="feedback id", optional=True),
        "created_at": stamp_or_now(created_at, "created_at"),
    }
    require(conn, "person", person_id)
    if cols["entry_id"] is not None:
        require(conn, "entry", cols["entry_id"])
    if cols["feedback_id"] is not None:
        require(conn, "feedback", cols["feedback_id"])
    return insert_row(conn, "ask", with_id(ask_id, cols))


def settle_ask(conn: Connection, ask_id: int, *, closed_on: Any, feedback_id: int | None = None) -> None:
    """Close an ask: answered by `feedback_id`, or closed without an answer when it is None."""
    require(conn, "ask", ask_id)
    if feedback_id is not None:
        require(conn, "feedback", feedback_id)
    update_row(
        conn,
        "ask",
        ask_id,
        {
            "status": "answered" if feedback_id is not None else "closed",
            "updated_at": stamp(),
            "feedback_id": feedback_id,
            "closed_on": iso(check_date(closed_on, what="closed date")),
        },
    )
