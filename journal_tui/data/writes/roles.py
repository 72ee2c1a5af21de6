"""The target role, its criteria, their skills, and entries attached to a criterion by hand."""

from collections.abc import Sequence
from typing import Any

from journal_tui.data.conn import Connection
from journal_tui.data.writes.base import (
    add_pairs,
    insert_row,
    require,
    set_names,
    set_pair,
    stamp,
    stamps,
    update_row,
    with_id,
)
from journal_tui.errors import JournalError
from journal_tui.validate import clean_line, clean_optional

ROLE_LIMIT = 200
CRITERION_LIMIT = 300
MAX_NEED = 1000


def role_title(title: Any) -> str:
    return clean_line(title, what="role title", limit=ROLE_LIMIT)  # one line: line breaks folded


def set_role(conn: Connection, title: Any) -> str:
    """Set (or rename) the one target role; its criteria stay.  Returns the title as stored."""
    stored = role_title(title)
    now = stamp()
    conn.execute(
        "INSERT INTO role (id, title, created_at, updated_at) VALUES (1, ?, ?, ?) "
        "ON CONFLICT(id) DO UPDATE SET title = excluded.title, updated_at = excluded.updated_at",
        (stored, now, now),
    )
    return stored


def insert_role(conn: Connection, title: Any, *, created_at: Any = None, updated_at: Any = None) -> int:
    """The target role from a file, with its timestamps (fails if the journal already has one)."""
    return insert_row(conn, "role", {"id": 1, "title": role_title(title), **stamps(created_at, updated_at)})


def check_need(need: Any, what: str = "--need") -> int:
    """How many pieces of evidence meet a criterion: a whole number from 1 to MAX_NEED."""
    if isinstance(need, bool) or not isinstance(need, int):
        raise JournalError(f"{what} must be a whole number from 1 to {MAX_NEED}, not {need!r:.40}")
    if not 1 <= need <= MAX_NEED:
        raise JournalError(f"{what} must be between 1 and {MAX_NEED}, not {need}")
    return need


def criterion_values(fields: dict[str, Any]) -> dict[str, Any]:
    """Validated criterion columns for the fields given (an edit may give only some)."""
    out: dict[str, Any] = {}
    for key, value in fields.items():
        if key == "name":
            out[key] = clean_line(value, what="criterion name", limit=CRITERION_LIMIT)
        elif key == "need":
            out[key] = check_need(value)
        elif key == "note":
            out[key] = clean_optional(value, what="note")
        else:
            raise ValueError(key)
    return out


def insert_criterion(
    conn: Connection,
    *,
    name: Any,
    need: Any = 1,
    note: Any = None,
    skills: Sequence[str] = (),
    criterion_id: int | None = None,
    created_at: Any = None,
    updated_at: Any = None,
) -> int:
    cols = criterion_values({"name": name, "need": need, "note": note})
    new_id = insert_row(conn, "criterion", with_id(criterion_id, {**cols, **stamps(created_at, updated_at)}))
    set_names(conn, "criterion_skill", "criterion_id", new_id, "skill", skills)
    return new_id


def update_criterion(
    conn: Connection, criterion_id: int, *, skills: Sequence[str] | None = None, **fields: Any
) -> None:
    """Change the fields given; `skills` replaces the whole list."""
    cols = criterion_values(fields)
    require(conn, "criterion", criterion_id)
    if cols:
        update_row(conn, "criterion", criterion_id, {**cols, "updated_at": stamp()})
    if skills is not None:
        set_names(conn, "criterion_skill", "criterion_id", criterion_id, "skill", skills)


def link_criterion(conn: Connection, criterion_id: int, entry_id: int, *, linked: bool = True) -> None:
    """Attach an entry to a criterion as evidence by hand (or detach it)."""
    set_pair(conn, "criterion_entry", (criterion_id, entry_id), linked)


def add_criterion_entries(conn: Connection, criterion_id: int, entry_ids: Sequence[Any]) -> None:
    """Many hand-attached entries of one criterion at once (an import)."""
    add_pairs(conn, "criterion_entry", criterion_id, entry_ids)
