"""Weekly check-ins and their reflections (learned, setback with its lesson, blocker, focus)."""

from collections.abc import Mapping, Sequence
from typing import Any

from journal_tui.data.conn import Connection, dialect_of
from journal_tui.data.kinds import REFLECTION_KINDS as REFLECTION_KINDS  # defined once, in kinds
from journal_tui.data.writes.base import insert_row, iso, require, stamp, stamps, update_row, with_id
from journal_tui.errors import JournalError
from journal_tui.validate import NOTE_LIMIT, check_date, clean_optional, clean_text

ITEM_LIMIT = NOTE_LIMIT


def reflection_values(item: Mapping[str, Any]) -> dict[str, Any]:
    """One reflection's kind, text and lesson (setbacks only), validated and cleaned."""
    kind = item.get("kind")
    if kind not in REFLECTION_KINDS:
        raise JournalError(f"a reflection is one of {', '.join(REFLECTION_KINDS)}, not {kind!r}")
    return {
        "kind": kind,
        "text": clean_text(item.get("text"), what=str(kind), limit=ITEM_LIMIT),
        "lesson": clean_optional(item.get("lesson"), what="lesson", limit=ITEM_LIMIT) if kind == "setback" else None,
    }


def set_reflections(
    conn: Connection, checkin_id: int, items: Sequence[Mapping[str, Any]], *, keep_ids: bool = False
) -> None:
    """Replace a check-in's reflections, in the order given (an import may keep each one's `id`)."""
    cleaned = [(item.get("id") if keep_ids else None, reflection_values(item)) for item in items]
    conn.execute("DELETE FROM reflection WHERE checkin_id = ?", (checkin_id,))
    for position, (item_id, cols) in enumerate(cleaned):
        insert_row(conn, "reflection", with_id(item_id, {"checkin_id": checkin_id, **cols, "position": position}))
    if any(item_id is not None for item_id, _ in cleaned):
        _ids_given(conn, "reflection")


def _ids_given(conn: Connection, table: str) -> None:
    """Rows were inserted with their own ids (an import keeping them): PostgreSQL's id sequence must pass them."""
    for stmt in dialect_of(conn).after_explicit_ids(table):
        conn.execute(stmt)


def insert_checkin(
    conn: Connection,
    checked_on: Any,
    items: Sequence[Mapping[str, Any]],
    *,
    checkin_id: int | None = None,
    created_at: Any = None,
    updated_at: Any = None,
    keep_ids: bool = False,
) -> int:
    """A check-in with its reflections."""
    for item in items:
        reflection_values(item)  # refuse a bad item before anything is written
    cols = {"checked_on": iso(check_date(checked_on, what="date")), **stamps(created_at, updated_at)}
    new_id = insert_row(conn, "checkin", with_id(checkin_id, cols))
    if checkin_id is not None:
        _ids_given(conn, "checkin")
    set_reflections(conn, new_id, items, keep_ids=keep_ids)
    return new_id


def update_checkin(conn: Connection, checkin_id: int, checked_on: Any, items: Sequence[Mapping[str, Any]]) -> None:
    """Replace a check-in's date and reflections."""
    require(conn, "checkin", checkin_id, "check-in")
    if not items:
        raise JournalError("a check-in needs at least one item; to delete it use `journal checkin rm`")
    for item in items:
        reflection_values(item)
    update_row(
        conn, "checkin", checkin_id, {"checked_on": iso(check_date(checked_on, what="date")), "updated_at": stamp()}
    )
    set_reflections(conn, checkin_id, items)
