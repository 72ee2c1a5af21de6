"""Feedback items with their names, and the entries linked as responses to them."""

from collections.abc import Sequence
from typing import Any

from journal_tui.data.conn import Connection
from journal_tui.data.writes.base import (
    add_pairs,
    insert_row,
    iso,
    name_id,
    require,
    set_names,
    set_pair,
    stamp,
    stamps,
    update_row,
    with_id,
)
from journal_tui.validate import check_choice, check_date, clean_name, clean_names, clean_text


def save_feedback(
    conn: Connection,
    feedback_id: int | None,
    *,
    text: Any,
    person: Any,
    received_on: Any,
    kind: Any = "praise",
    tags: Sequence[str] = (),
    skills: Sequence[str] = (),
    project: Any = None,
    entry_id: Any = None,
    new_id: int | None = None,
    created_at: Any = None,
    updated_at: Any = None,
) -> int:
    """Insert (feedback_id None) or replace one feedback item with its names."""
    from journal_tui.data.kinds import FEEDBACK_KINDS as KINDS

    cols: dict[str, Any] = {
        "received_on": iso(check_date(received_on, what="date")),
        "text": clean_text(text, what="feedback text"),
        "kind": check_choice(kind or "praise", KINDS, what="feedback kind"),
    }
    person = clean_name(person, what="person")
    project = clean_name(project, what="project") if project else None
    tag_names = clean_names(tags, what="tags")
    skill_names = clean_names(skills, what="skills")
    if entry_id is not None:
        require(conn, "entry", entry_id)
    cols.update(
        person_id=name_id(conn, "person", person),
        project_id=name_id(conn, "project", project) if project else None,
        entry_id=entry_id,
    )
    if feedback_id is None:
        feedback_id = insert_row(conn, "feedback", with_id(new_id, {**cols, **stamps(created_at, updated_at)}))
    else:
        require(conn, "feedback", feedback_id)
        update_row(conn, "feedback", feedback_id, {**cols, "updated_at": stamp()})
    set_names(conn, "feedback_tag", "feedback_id", feedback_id, "tag", tag_names)
    set_names(conn, "feedback_skill", "feedback_id", feedback_id, "skill", skill_names)
    return feedback_id


def set_response(conn: Connection, feedback_id: int, entry_id: int, *, linked: bool = True) -> None:
    """Say that an entry answers a piece of feedback (or no longer does)."""
    set_pair(conn, "feedback_response", (feedback_id, entry_id), linked)


def add_responses(conn: Connection, feedback_id: int, entry_ids: Sequence[Any]) -> None:
    """Many responses of one feedback item at once (an import)."""
    add_pairs(conn, "feedback_response", feedback_id, entry_ids)
