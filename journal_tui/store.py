"""The journal store: SQLAlchemy engine and sessions over the journal file, reads and writes.

The engine opens its connections through `db.raw_connect`, so pragmas, the schema
and the file checks are decided in one place.  Reads return plain frozen rows (no
live ORM objects), so the TUI can carry them across threads safely.  Every write is
one short `BEGIN IMMEDIATE` transaction, committed at once, so a CLI `journal add`
in another shell never waits long and never fails mid-way.
"""

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, func, literal_column, select, tuple_
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from journal_tui import db, goal_history, writes
from journal_tui.errors import JournalError, NotFound
from journal_tui.models import (Entry, EntryGoal, EntrySkill, Feedback, FeedbackSkill, FeedbackTag, Goal,
                                GoalStatus, Milestone, Person, Project, Skill, Tag, title_of)
from journal_tui.query import Filter
from journal_tui.sqlfilter import entry_conditions, feedback_conditions, goal_conditions, is_selective

NAME_MODELS = {"project": Project, "skill": Skill, "tag": Tag, "person": Person}
SEP = "\x1f"


@dataclass(frozen=True)
class EntryRow:
    id: int
    occurred_on: dt.date
    text: str
    project: str | None
    skills: tuple[str, ...]
    impact: str | None
    starred: bool
    goal_ids: tuple[int, ...] = ()
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None

    @property
    def title(self) -> str:
        return title_of(self.text)

    @property
    def body(self) -> str:
        return self.text.split("\n", 1)[1].strip() if "\n" in self.text else ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "date": self.occurred_on.isoformat(), "title": self.title, "text": self.text,
            "project": self.project, "skills": list(self.skills), "impact": self.impact, "starred": self.starred,
            "goals": list(self.goal_ids),
            "created_at": self.created_at.isoformat(timespec="seconds") if self.created_at else None,
            "updated_at": self.updated_at.isoformat(timespec="seconds") if self.updated_at else None,
        }


@dataclass(frozen=True)
class MilestoneRow:
    id: int
    goal_id: int
    title: str
    due_on: dt.date | None
    done_on: dt.date | None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "goal": self.goal_id, "title": self.title,
                "due": _iso(self.due_on), "done": _iso(self.done_on)}


@dataclass(frozen=True)
class GoalRow:
    id: int
    title: str
    specific: str | None
    measure: str | None
    target: float | None
    current: float | None
    relevant: str | None
    due_on: dt.date | None
    status: str
    achieved_on: dt.date | None
    milestones: tuple[MilestoneRow, ...] = ()
    evidence_count: int = 0
    baseline: float | None = None
    feedback_id: int | None = None  # the feedback this goal came from

    @property
    def progress(self) -> float | None:
        """0..1 of the way from baseline to target (either direction), else milestones done/total.

        "runtime 30 -> 5 min" at 12 is (30 - 12) / (30 - 5) = 72 %; without a baseline it is 0, so
        higher is better and this is current/target.
        """
        if self.status == GoalStatus.achieved.value:
            return 1.0
        start = self.baseline or 0.0
        if self.target is not None and self.target != start:
            now = start if self.current is None else self.current
            return max(0.0, min(1.0, (start - now) / (start - self.target)))
        if self.milestones:
            return sum(1 for m in self.milestones if m.done_on) / len(self.milestones)
        return None

    def overdue(self, today: dt.date) -> bool:
        return self.status == GoalStatus.active.value and self.due_on is not None and self.due_on < today

    def measure_values(self) -> str:
        """'2/4' (higher is better from 0), or '12 (from 30, target 5)' when there is a baseline."""
        if self.target is None:
            return ""
        if self.baseline is None:
            return f"{self.current or 0:g}/{self.target:g}"
        now = self.baseline if self.current is None else self.current
        return f"{now:g} (from {self.baseline:g}, target {self.target:g})"

    def to_dict(self, today: dt.date | None = None) -> dict[str, Any]:
        """The documented JSON shape; `overdue` is judged against `today` (False without one)."""
        return {
            "id": self.id, "title": self.title, "specific": self.specific, "measure": self.measure,
            "baseline": self.baseline, "target": self.target, "current": self.current, "relevant": self.relevant,
            "due": _iso(self.due_on), "status": self.status, "achieved_on": _iso(self.achieved_on),
            "overdue": bool(today and self.overdue(today)),
            "progress": None if self.progress is None else round(self.progress, 4),
            "milestones": [m.to_dict() for m in self.milestones], "evidence_count": self.evidence_count,
            "from_feedback": self.feedback_id,
        }


@dataclass(frozen=True)
class FeedbackRow:
    id: int
    received_on: dt.date
    person: str
    text: str
    kind: str
    tags: tuple[str, ...]
    skills: tuple[str, ...]
    project: str | None
    entry_id: int | None
    entry_title: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "date": self.received_on.isoformat(), "from": self.person, "kind": self.kind,
            "text": self.text, "tags": list(self.tags), "skills": list(self.skills), "project": self.project,
            "about": self.entry_id,
        }


@dataclass(frozen=True)
class EntryDetail:
    entry: EntryRow
    goals: tuple[tuple[int, str], ...]
    feedback: tuple[FeedbackRow, ...]


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(sorted(value.split(SEP), key=str.casefold)) if value else ()


def _names_of(link_model, owner_col, name_model, owner_id):
    return (select(func.group_concat(name_model.name, SEP))
            .join(link_model, getattr(link_model, f"{name_model.__tablename__}_id") == name_model.id)
            .where(getattr(link_model, owner_col) == owner_id).scalar_subquery())


class Store:
    """All reads and writes of one journal file."""

    def __init__(self, path: str | Path | None = None) -> None:
        conn = db.open_journal(path)
        self.path = Path(db.resolve_db_path(path))
        self.use_fts = db.has_fts(conn)
        conn.close()
        self.engine: Engine = create_engine(f"sqlite:///{self.path}", creator=lambda: db.raw_connect(self.path))
        self._write_engine = self.engine.execution_options(journal_write=True)

        @event.listens_for(self.engine, "begin")
        def _begin(conn) -> None:  # write sessions take the lock up front
            conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("journal_write") else "BEGIN")

    def close(self) -> None:
        self.engine.dispose()

    # --- sessions ---------------------------------------------------------------

    @contextmanager
    def read(self) -> Iterator[Session]:
        try:
            with Session(self.engine) as session:
                yield session
        except DBAPIError as exc:
            raise self._describe(exc) from None

    @contextmanager
    def write(self) -> Iterator[tuple[Session, sqlite3.Connection]]:
        """One short transaction: (ORM session, the same connection raw for `db` helpers)."""
        try:
            with Session(self._write_engine) as session, session.begin():
                raw = session.connection().connection.dbapi_connection
                yield session, raw  # type: ignore[misc]
        except DBAPIError as exc:
            raise self._describe(exc) from None
        except sqlite3.Error as exc:
            raise db.describe_db_error(exc, self.path) from None

    def _describe(self, exc: DBAPIError) -> JournalError:
        orig = exc.orig if isinstance(exc.orig, sqlite3.Error) else sqlite3.Error(str(exc))
        if isinstance(exc.orig, sqlite3.IntegrityError):
            return JournalError(f"that change conflicts with existing data ({exc.orig})")
        return db.describe_db_error(orig, self.path)

    # --- entries ----------------------------------------------------------------

    def _entry_select(self):
        return select(
            Entry.id, Entry.occurred_on, Entry.text, Project.name, _names_of(EntrySkill, "entry_id", Skill, Entry.id),
            Entry.impact, Entry.starred,
            select(func.group_concat(EntryGoal.goal_id, SEP)).where(EntryGoal.entry_id == Entry.id).scalar_subquery(),
            Entry.created_at, Entry.updated_at,
        ).outerjoin(Project, Project.id == Entry.project_id)

    @staticmethod
    def _entry_row(r) -> EntryRow:
        goals = tuple(sorted(int(g) for g in r[7].split(SEP))) if r[7] else ()
        return EntryRow(r[0], r[1], r[2], r[3], _split(r[4]), r[5], bool(r[6]), goals, r[8], r[9])

    def list_entries(self, flt: Filter = Filter(), *, limit: int | None = 200,
                     after: tuple[dt.date, int] | None = None, oldest_first: bool = False) -> list[EntryRow]:
        """Newest first, keyset-paged on (occurred_on, id): constant cost per page at any size."""
        key = tuple_(Entry.occurred_on, Entry.id)
        ids = select(Entry.id).where(*entry_conditions(flt, use_fts=self.use_fts))
        if after is not None:
            ids = ids.where(key > tuple_(*after) if oldest_first else key < tuple_(*after))
        # unary + keeps SQLite from walking the date index for ORDER BY when the filter is selective
        cols = (literal_column("+entry.occurred_on"), literal_column("+entry.id")) if is_selective(flt) else \
            (Entry.occurred_on, Entry.id)
        plain = (Entry.occurred_on, Entry.id)
        order, final = (cols, plain) if oldest_first else (tuple(c.desc() for c in cols), tuple(c.desc() for c in plain))
        if limit is None:
            stmt = self._entry_select().where(Entry.id.in_(ids)).order_by(*final)
        else:  # pick the page's ids first, then build rows (skills, goals) for those ids only
            stmt = self._entry_select().where(Entry.id.in_(ids.order_by(*order).limit(limit))).order_by(*final)
        with self.read() as s:
            return [self._entry_row(r) for r in s.execute(stmt)]

    def count_entries(self, flt: Filter = Filter()) -> int:
        with self.read() as s:
            return s.scalar(select(func.count()).select_from(Entry).where(*entry_conditions(flt, use_fts=self.use_fts))) or 0

    def get_entry(self, entry_id: int) -> EntryRow:
        with self.read() as s:
            row = s.execute(self._entry_select().where(Entry.id == entry_id)).first()
        if row is None:
            raise NotFound(f"there is no entry with id {entry_id}")
        return self._entry_row(row)

    def entry_detail(self, entry_id: int) -> EntryDetail:
        entry = self.get_entry(entry_id)
        with self.read() as s:
            goals = tuple((r[0], r[1]) for r in s.execute(
                select(Goal.id, Goal.title).join(EntryGoal, EntryGoal.goal_id == Goal.id).where(EntryGoal.entry_id == entry_id)))
        feedback = tuple(self._feedback_rows(Feedback.entry_id == entry_id, limit=None))
        return EntryDetail(entry, goals, feedback)

    def add_entry(self, *, text: str, occurred_on: dt.date, project: str | None = None, skills: Sequence[str] = (),
                  impact: str | None = None, starred: bool = False, goal_ids: Sequence[int] = ()) -> int:
        with self.write() as (_, raw):
            return db.insert_entry(raw, text=text, occurred_on=occurred_on, project=project, skills=skills,
                                   impact=impact, starred=starred, goal_ids=goal_ids)

    def update_entry(self, entry_id: int, *, text: str, occurred_on: dt.date, project: str | None,
                     skills: Sequence[str], impact: str | None, starred: bool) -> None:
        with self.write() as (_, raw):
            writes.update_entry(raw, entry_id, text=text, occurred_on=occurred_on, project=project, skills=skills,
                                impact=impact, starred=starred)

    def set_starred(self, entry_id: int, starred: bool) -> None:
        with self.write() as (_, raw):
            writes.set_starred(raw, entry_id, starred)

    def link(self, entry_id: int, goal_id: int, *, linked: bool = True) -> None:
        with self.write() as (_, raw):
            writes.link(raw, entry_id, goal_id, linked=linked)

    # --- delete and undo (entries, goals, milestones, feedback) -----------------

    def delete(self, table: str, row_id: int) -> dict:
        """Delete one row and return the snapshot `restore` needs to undo it."""
        if table not in ("entry", "goal", "milestone", "feedback"):
            raise ValueError(table)
        with self.write() as (_, raw):
            snap = db.snapshot(raw, table, row_id)
            raw.execute(f"DELETE FROM {table} WHERE id = ?", (row_id,))
        return snap

    def restore(self, snap: dict) -> int:
        """Undo `delete`: the row and its links, under a new id if its old one was taken since."""
        with self.write() as (_, raw):
            return db.restore(raw, snap)

    # --- goals and milestones ---------------------------------------------------

    def add_goal(self, *, title: str, specific: str | None = None, measure: str | None = None,
                 target: float | None = None, current: float | None = None, relevant: str | None = None,
                 due_on: dt.date | None = None, baseline: float | None = None, on: dt.date | None = None,
                 feedback_id: int | None = None) -> int:
        """A new goal; a starting `current` is recorded as of `on` (default today) for reviews of later periods;
        `feedback_id` is the feedback the goal came from (`journal feedback goal`)."""
        with self.write() as (_, raw):
            if feedback_id is not None:
                writes.require(raw, "feedback", feedback_id)
            goal_id = writes.insert_goal(raw, title=title, specific=specific, measure=measure, target=target,
                                         current=current, relevant=relevant, due_on=due_on, baseline=baseline,
                                         feedback_id=feedback_id)
            if current is not None:
                goal_history.record_value(raw, goal_id, current, on or dt.date.today())
            return goal_id

    def update_goal(self, goal_id: int, *, on: dt.date | None = None, **fields: Any) -> None:
        """Update fields; a changed `current` is recorded as of `on` (default today), a status change likewise."""
        with self.write() as (_, raw):
            writes.require(raw, "goal", goal_id)
            goal_history.record_changes(raw, goal_id, fields, on or dt.date.today())
            writes.update_goal(raw, goal_id, **fields)

    def set_goal_status(self, goal_id: int, status: str, today: dt.date, on: dt.date | None = None) -> None:
        """Change the status as of `on` (default `today`): `goal done ID --date` backdates an achievement."""
        day = on or today
        if day > today:
            raise JournalError(f"a goal cannot change status in the future ({day.isoformat()})")
        self.update_goal(goal_id, on=day, status=status,
                         achieved_on=day if status == GoalStatus.achieved.value else None)

    def add_milestone(self, goal_id: int, title: str, due_on: dt.date | None = None) -> int:
        with self.write() as (_, raw):
            return writes.insert_milestone(raw, goal_id, title, due_on)

    def set_milestone_done(self, milestone_id: int, done_on: dt.date | None) -> None:
        with self.write() as (_, raw):
            writes.set_milestone_done(raw, milestone_id, done_on)

    def list_goals(self, flt: Filter = Filter(), *, statuses: Sequence[str] | None = None) -> list[GoalRow]:
        """Goals with milestones and evidence counts, in three queries whatever the count."""
        stmt = select(Goal).where(*goal_conditions(flt))
        if statuses:
            stmt = stmt.where(Goal.status.in_(statuses))
        status_order = func.instr("active achieved dropped", Goal.status)
        stmt = stmt.order_by(status_order, Goal.due_on.is_(None), Goal.due_on, Goal.id)
        with self.read() as s:
            goals = list(s.scalars(stmt))
            ids = [g.id for g in goals]
            miles: dict[int, list[MilestoneRow]] = {}
            for m in s.scalars(select(Milestone).where(Milestone.goal_id.in_(ids))
                               .order_by(Milestone.due_on.is_(None), Milestone.due_on, Milestone.id)):
                miles.setdefault(m.goal_id, []).append(MilestoneRow(m.id, m.goal_id, m.title, m.due_on, m.done_on))  # type: ignore[arg-type]
            counts = dict(s.execute(select(EntryGoal.goal_id, func.count()).where(EntryGoal.goal_id.in_(ids))
                                    .group_by(EntryGoal.goal_id)).all())
            return [GoalRow(g.id, g.title, g.specific, g.measure, g.target, g.current, g.relevant, g.due_on, g.status,  # type: ignore[arg-type]
                            g.achieved_on, tuple(miles.get(g.id, ())), counts.get(g.id, 0), g.baseline,
                            g.feedback_id)  # type: ignore[arg-type]
                    for g in goals]

    def count_goals(self, flt: Filter = Filter()) -> int:
        with self.read() as s:
            return s.scalar(select(func.count()).select_from(Goal).where(*goal_conditions(flt))) or 0

    def get_goal(self, goal_id: int) -> GoalRow:
        goals = self.list_goals(Filter(goal_ids=(goal_id,)))
        if not goals:
            raise NotFound(f"there is no goal with id {goal_id}")
        return goals[0]

    def goal_evidence(self, goal_id: int, limit: int | None = 50) -> list[EntryRow]:
        return self.list_entries(Filter(goal_ids=(goal_id,)), limit=limit)

    # --- feedback ---------------------------------------------------------------

    def _feedback_select(self):
        return (select(Feedback.id, Feedback.received_on, Person.name, Feedback.text, Feedback.kind,
                       _names_of(FeedbackTag, "feedback_id", Tag, Feedback.id),
                       _names_of(FeedbackSkill, "feedback_id", Skill, Feedback.id),
                       Project.name, Feedback.entry_id, Entry.text)
                .join(Person, Person.id == Feedback.person_id)
                .outerjoin(Project, Project.id == Feedback.project_id)
                .outerjoin(Entry, Entry.id == Feedback.entry_id))

    def _feedback_rows(self, *conds, limit: int | None, after: tuple[dt.date, int] | None = None,
                       oldest_first: bool = False) -> list[FeedbackRow]:
        stmt = self._feedback_select().where(*conds)
        key = tuple_(Feedback.received_on, Feedback.id)
        if after is not None:
            stmt = stmt.where(key > tuple_(*after) if oldest_first else key < tuple_(*after))
        order = (Feedback.received_on, Feedback.id) if oldest_first else (Feedback.received_on.desc(), Feedback.id.desc())
        with self.read() as s:
            rows = s.execute(stmt.order_by(*order).limit(limit))
            return [FeedbackRow(r[0], r[1], r[2], r[3], r[4], _split(r[5]), _split(r[6]), r[7], r[8],
                                title_of(r[9]) if r[9] else None) for r in rows]

    def list_feedback(self, flt: Filter = Filter(), *, limit: int | None = 200,
                      after: tuple[dt.date, int] | None = None, oldest_first: bool = False) -> list[FeedbackRow]:
        return self._feedback_rows(*feedback_conditions(flt, use_fts=self.use_fts), limit=limit, after=after,
                                   oldest_first=oldest_first)

    def count_feedback(self, flt: Filter = Filter()) -> int:
        with self.read() as s:
            return s.scalar(select(func.count()).select_from(Feedback)
                            .where(*feedback_conditions(flt, use_fts=self.use_fts))) or 0

    def get_feedback(self, feedback_id: int) -> FeedbackRow:
        rows = self._feedback_rows(Feedback.id == feedback_id, limit=1)
        if not rows:
            raise NotFound(f"there is no feedback with id {feedback_id}")
        return rows[0]

    def add_feedback(self, *, text: str, person: str, received_on: dt.date, kind: str = "praise",
                     tags: Sequence[str] = (), skills: Sequence[str] = (), project: str | None = None,
                     entry_id: int | None = None, then: Callable[[sqlite3.Connection, int], None] | None = None) -> int:
        """`then(raw_conn, feedback_id)` runs in the same transaction (closing the ask it answers)."""
        with self.write() as (_, raw):
            fid = writes.save_feedback(raw, None, text=text, person=person, received_on=received_on, kind=kind,
                                       tags=tags, skills=skills, project=project, entry_id=entry_id)
            if then is not None:
                then(raw, fid)
        return fid

    def update_feedback(self, feedback_id: int, **fields: Any) -> None:
        with self.write() as (_, raw):
            writes.save_feedback(raw, feedback_id, **fields)

    # --- names and facets -------------------------------------------------------

    def names(self, kind: str) -> list[str]:
        model = NAME_MODELS[kind]
        with self.read() as s:
            return list(s.scalars(select(model.name).order_by(model.key)))

    def name_counts(self, kind: str, flt: Filter = Filter()) -> list[tuple[str, int]]:
        """Names with how often they are used under `flt` (most used first): facets and `journal skills`."""
        model = NAME_MODELS[kind]
        if kind == "project":
            stmt = (select(Project.name, func.count()).join(Entry, Entry.project_id == Project.id)
                    .where(*entry_conditions(flt, use_fts=self.use_fts)).group_by(Project.id))
        elif kind == "skill":
            stmt = (select(Skill.name, func.count()).join(EntrySkill, EntrySkill.skill_id == Skill.id)
                    .join(Entry, Entry.id == EntrySkill.entry_id)
                    .where(*entry_conditions(flt, use_fts=self.use_fts)).group_by(Skill.id))
        elif kind == "tag":
            stmt = (select(Tag.name, func.count()).join(FeedbackTag, FeedbackTag.tag_id == Tag.id)
                    .join(Feedback, Feedback.id == FeedbackTag.feedback_id)
                    .where(*feedback_conditions(flt, use_fts=self.use_fts)).group_by(Tag.id))
        else:
            stmt = (select(Person.name, func.count()).join(Feedback, Feedback.person_id == Person.id)
                    .where(*feedback_conditions(flt, use_fts=self.use_fts)).group_by(Person.id))
        with self.read() as s:
            rows = [(r[0], int(r[1])) for r in s.execute(stmt)]
        rows.sort(key=lambda r: (-r[1], r[0].casefold()))
        if flt.is_empty:  # unused names still exist; show them with 0
            seen = {n.casefold() for n, _ in rows}
            with self.read() as s:
                rows += [(n, 0) for n in s.scalars(select(model.name).order_by(model.key)) if n.casefold() not in seen]
        return rows

    def backup(self, target: Path) -> Path:
        conn = db.raw_connect(self.path)
        try:
            return db.backup_to(conn, target)
        finally:
            conn.close()
