"""Goals, their milestones, and the dated history of a goal's value and status."""

from typing import Any

from journal_tui.data.conn import Connection
from journal_tui.data.kinds import GOAL_STATUSES as GOAL_STATUSES  # defined once, in kinds
from journal_tui.data.writes.base import insert_row, iso, require, stamp, stamp_or_now, stamps, update_row, with_id
from journal_tui.validate import (
    TITLE_LIMIT,
    check_choice,
    check_date,
    check_id,
    check_number,
    clean_line,
    clean_optional,
)

_GOAL_TEXT = {"specific": "specific", "measure": "measure", "relevant": "why"}


def goal_values(fields: dict[str, Any]) -> dict[str, Any]:
    """Validated, cleaned goal columns for the fields given (an update may give only some)."""
    out: dict[str, Any] = {}
    for key, value in fields.items():
        if key == "title":
            out[key] = clean_line(value, what="goal title", limit=TITLE_LIMIT)  # one line: line breaks folded
        elif key in _GOAL_TEXT:
            out[key] = clean_optional(value, what=_GOAL_TEXT[key])
        elif key in ("target", "current", "baseline"):
            out[key] = check_number(value, what=key)
        elif key in ("due_on", "achieved_on"):
            out[key] = iso(check_date(value, what=key.replace("_on", "").replace("due", "due date"), optional=True))
        elif key == "status":
            out[key] = check_choice(value, GOAL_STATUSES, what="goal status")
        else:
            raise ValueError(key)
    return out


def insert_goal(
    conn: Connection,
    *,
    title: Any,
    specific: Any = None,
    measure: Any = None,
    target: Any = None,
    current: Any = None,
    relevant: Any = None,
    due_on: Any = None,
    status: Any = "active",
    achieved_on: Any = None,
    goal_id: int | None = None,
    created_at: Any = None,
    updated_at: Any = None,
    baseline: Any = None,
    feedback_id: Any = None,
) -> int:
    cols = goal_values(
        {
            "title": title,
            "specific": specific,
            "measure": measure,
            "target": target,
            "current": current,
            "relevant": relevant,
            "due_on": due_on,
            "status": status,
            "achieved_on": achieved_on,
            "baseline": baseline,
        }
    )
    if feedback_id is not None:
        cols["feedback_id"] = check_id(feedback_id, what="feedback_id")
    return insert_row(conn, "goal", with_id(goal_id, {**cols, **stamps(created_at, updated_at)}))


def update_goal(conn: Connection, goal_id: int, **fields: Any) -> None:
    cols = goal_values(fields)
    require(conn, "goal", goal_id)
    update_row(conn, "goal", goal_id, {**cols, "updated_at": stamp()})


def set_goal_origin(conn: Connection, goal_id: int, feedback_id: int | None) -> None:
    """The feedback a goal came from (the importer sets it once feedback is written)."""
    require(conn, "goal", goal_id)
    if feedback_id is not None:
        require(conn, "feedback", feedback_id)
    update_row(conn, "goal", goal_id, {"feedback_id": feedback_id})


def milestone_title(title: Any) -> str:
    return clean_line(title, what="milestone title", limit=TITLE_LIMIT)


def insert_milestone(
    conn: Connection,
    goal_id: int,
    title: Any,
    due_on: Any = None,
    done_on: Any = None,
    *,
    milestone_id: int | None = None,
    created_at: Any = None,
) -> int:
    cols = {
        "goal_id": goal_id,
        "title": milestone_title(title),
        "due_on": iso(check_date(due_on, what="due date", optional=True)),
        "done_on": iso(check_date(done_on, what="done date", optional=True)),
        "created_at": stamp_or_now(created_at, "created_at"),
    }
    require(conn, "goal", goal_id)
    return insert_row(conn, "milestone", with_id(milestone_id, cols))


_NOT_GIVEN: Any = object()


def update_milestone(conn: Connection, milestone_id: int, *, title: Any = _NOT_GIVEN, due_on: Any = _NOT_GIVEN) -> None:
    """Change a milestone's title and/or due date (None clears the date); what is not given stays."""
    cols: dict[str, Any] = {}
    if title is not _NOT_GIVEN:
        cols["title"] = milestone_title(title)
    if due_on is not _NOT_GIVEN:
        cols["due_on"] = iso(check_date(due_on, what="due date", optional=True))
    require(conn, "milestone", milestone_id)
    if cols:
        update_row(conn, "milestone", milestone_id, {**cols, "updated_at": stamp()})


def set_milestone_done(conn: Connection, milestone_id: Any, done_on: Any) -> None:
    require(conn, "milestone", milestone_id)
    update_row(
        conn,
        "milestone",
        milestone_id,
        {"done_on": iso(check_date(done_on, what="done date", optional=True)), "updated_at": stamp()},
    )


# --- history (goal_history.py decides when; these store it) ---------------------------------------


def insert_progress(
    conn: Connection,
    goal_id: int,
    recorded_on: Any,
    value: Any,
    *,
    progress_id: int | None = None,
    created_at: Any = None,
) -> int:
    """One reading of a goal's metric on a day (None: no value yet)."""
    cols = {
        "goal_id": goal_id,
        "recorded_on": iso(check_date(recorded_on, what="date")),
        "value": check_number(value, what="value"),
        "created_at": stamp_or_now(created_at, "created_at"),
    }
    require(conn, "goal", goal_id)
    return insert_row(conn, "goal_progress", with_id(progress_id, cols))


def insert_status_change(
    conn: Connection,
    goal_id: int,
    changed_on: Any,
    status: Any,
    *,
    change_id: int | None = None,
    created_at: Any = None,
) -> int:
    """A goal's status from a day on."""
    cols = {
        "goal_id": goal_id,
        "changed_on": iso(check_date(changed_on, what="date")),
        "status": check_choice(status, GOAL_STATUSES, what="goal status"),
        "created_at": stamp_or_now(created_at, "created_at"),
    }
    require(conn, "goal", goal_id)
    return insert_row(conn, "goal_status_change", with_id(change_id, cols))
