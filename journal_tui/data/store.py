"""The journal store: reads inherited from `reader.Reader`, writes through `writes` in one unit of work each.

Connections come from `db.raw_connect` (a SQLite file or a PostgreSQL server), so settings, the schema and the
file checks are decided in one place.  Reads return plain frozen rows, so the TUI can carry them across threads
safely.  Every write is one short transaction holding the journal's write lock, committed at once, so a CLI
`journal add` in another shell (or on another machine) never waits long and never fails mid-way.
"""

import datetime as dt
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from journal_tui import goal_history
from journal_tui.data import db, writes
from journal_tui.data.conn import Connection
from journal_tui.data.kinds import GoalStatus
from journal_tui.data.reader import Count, Interrupted, Reader
from journal_tui.errors import JournalError
from journal_tui.rows import (
    SEP,
    EntryDetail,
    EntryRow,
    FeedbackRow,
    GoalRow,
    MilestoneRow,
)

__all__ = ["SEP", "Count", "EntryDetail", "EntryRow", "FeedbackRow", "GoalRow", "Interrupted", "MilestoneRow", "Store"]


class Store(Reader):
    """All reads (inherited from `Reader`) and writes (`writes`, each in one unit of work) of one journal."""

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """The one unit of work: a short transaction holding the journal's write lock, committed at the end (or
        rolled back on any error), on a connection of its own; a database error comes out as one sentence.

        A write begun inside another on the same thread joins it: a check and the write it guards are one
        transaction under the lock (the app's edit-conflict check), so no other writer commits in between."""
        unit = self.__dict__.setdefault("_unit_of_work", threading.local())  # per store, per thread
        joined: Connection | None = getattr(unit, "conn", None)
        if joined is not None:
            yield joined
            return
        with db.writing(self.path) as conn:
            unit.conn = conn
            try:
                yield conn
            finally:
                unit.conn = None

    # --- entries ----------------------------------------------------------------

    def add_entry(
        self,
        *,
        text: str,
        occurred_on: dt.date,
        project: str | None = None,
        skills: Sequence[str] = (),
        impact: str | None = None,
        starred: bool = False,
        goal_ids: Sequence[int] = (),
        extra: bool = False,
    ) -> int:
        with self.write() as raw:
            return db.insert_entry(
                raw,
                text=text,
                occurred_on=occurred_on,
                project=project,
                skills=skills,
                impact=impact,
                starred=starred,
                goal_ids=goal_ids,
                extra=extra,
            )

    def update_entry(
        self,
        entry_id: int,
        *,
        text: str,
        occurred_on: dt.date,
        project: str | None,
        skills: Sequence[str],
        impact: str | None,
        starred: bool,
        extra: bool | None = None,
    ) -> None:
        with self.write() as raw:
            writes.update_entry(
                raw,
                entry_id,
                text=text,
                occurred_on=occurred_on,
                project=project,
                skills=skills,
                impact=impact,
                starred=starred,
                extra=extra,
            )

    def set_extra(self, entry_id: int, extra: bool) -> None:
        with self.write() as raw:
            writes.set_extra(raw, entry_id, extra)

    def set_starred(self, entry_id: int, starred: bool) -> None:
        with self.write() as raw:
            writes.set_starred(raw, entry_id, starred)

    def link(self, entry_id: int, goal_id: int, *, linked: bool = True) -> None:
        with self.write() as raw:
            writes.link(raw, entry_id, goal_id, linked=linked)

    # --- delete and undo (entries, goals, milestones, feedback) -----------------

    def delete(self, table: str, row_id: int) -> dict[str, Any]:
        """Delete one row and return the snapshot `restore` needs to undo it."""
        if table not in ("entry", "goal", "milestone", "feedback"):
            raise ValueError(table)
        with self.write() as raw:
            snap = db.snapshot(raw, table, row_id)
            raw.execute(f"DELETE FROM {table} WHERE id = ?", (row_id,))
        return snap

    def restore(self, snap: dict[str, Any]) -> int:
        """Undo `delete`: the row and its links, under a new id if its old one was taken since."""
        with self.write() as raw:
            return db.restore(raw, snap)

    # --- goals and milestones ---------------------------------------------------

    def add_goal(
        self,
        *,
        title: str,
        specific: str | None = None,
        measure: str | None = None,
        target: float | None = None,
        current: float | None = None,
        relevant: str | None = None,
        due_on: dt.date | None = None,
        baseline: float | None = None,
        on: dt.date | None = None,
        feedback_id: int | None = None,
        set_on: dt.date | None = None,
    ) -> int:
        """A new goal; a starting `current` is recorded as of `on` (default today) for reviews of later periods;
        `feedback_id` is the feedback the goal came from (`journal feedback goal`); `set_on` the day it was set, when
        that was before this journal (a past review shows it from then)."""
        with self.write() as raw:
            if feedback_id is not None:
                writes.require(raw, "feedback", feedback_id)
            goal_id = writes.insert_goal(
                raw,
                title=title,
                specific=specific,
                measure=measure,
                target=target,
                current=current,
                relevant=relevant,
                due_on=due_on,
                baseline=baseline,
                feedback_id=feedback_id,
                created_at=writes.day_stamp(set_on) if set_on else None,
            )
            if current is not None:
                goal_history.record_value(raw, goal_id, current, on or dt.date.today())
            return goal_id

    def update_goal(self, goal_id: int, *, on: dt.date | None = None, **fields: Any) -> None:
        """Update fields; a changed `current` is recorded as of `on` (default today), a status change likewise."""
        with self.write() as raw:
            writes.require(raw, "goal", goal_id)
            goal_history.record_changes(raw, goal_id, fields, on or dt.date.today())
            writes.update_goal(raw, goal_id, **fields)

    def set_goal_status(self, goal_id: int, status: str, today: dt.date, on: dt.date | None = None) -> None:
        """Change the status as of `on` (default `today`): `goal done ID --date` backdates an achievement."""
        day = on or today
        if day > today:
            raise JournalError(f"a goal cannot change status in the future ({day.isoformat()})")
        self.update_goal(
            goal_id, on=day, status=status, achieved_on=day if status == GoalStatus.achieved.value else None
        )

    def add_milestone(
        self, goal_id: int, title: str, due_on: dt.date | None = None, set_on: dt.date | None = None
    ) -> int:
        with self.write() as raw:
            return writes.insert_milestone(
                raw, goal_id, title, due_on, created_at=writes.day_stamp(set_on) if set_on else None
            )

    def set_milestone_done(self, milestone_id: int, done_on: dt.date | None) -> None:
        with self.write() as raw:
            writes.set_milestone_done(raw, milestone_id, done_on)

    # --- feedback ---------------------------------------------------------------

    def add_feedback(
        self,
        *,
        text: str,
        person: str,
        received_on: dt.date,
        kind: str = "praise",
        tags: Sequence[str] = (),
        skills: Sequence[str] = (),
        project: str | None = None,
        entry_id: int | None = None,
        then: Callable[[Connection, int], None] | None = None,
    ) -> int:
        """`then(raw_conn, feedback_id)` runs in the same transaction (closing the ask it answers)."""
        with self.write() as raw:
            person = _matched(raw, person)
            fid = writes.save_feedback(
                raw,
                None,
                text=text,
                person=person,
                received_on=received_on,
                kind=kind,
                tags=tags,
                skills=skills,
                project=project,
                entry_id=entry_id,
            )
            if then is not None:
                then(raw, fid)
        return fid

    def update_feedback(self, feedback_id: int, **fields: Any) -> None:
        with self.write() as raw:
            if "person" in fields:
                fields["person"] = _matched(raw, fields["person"])
            writes.save_feedback(raw, feedback_id, **fields)

    def backup(self, target: Path) -> Path:
        return Path(db.backup(self.path, target))


def _matched(conn: Connection, person: str) -> str:
    """The stored name a typed one means ("dana" is Dana Kim), as `met` and `ask` read it; a new name as typed."""
    found = writes.match_person(conn, person)
    return found[1] if found else person
