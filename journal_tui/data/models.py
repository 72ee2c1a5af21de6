"""SQLModel tables: the one definition of the schema.

PostgreSQL's tables, keys, CHECKs and indexes are compiled from these classes (`pg_schema.table_ddl()`).  SQLite
journals are made by the numbered migrations of `schema.py` (a file on someone's disk upgrades step by step), and
`tests/test_models_parity.py` proves that the migrated file and `create_all` of these classes have exactly the same
tables, columns (types, nullability, defaults, order), keys, foreign keys with `ondelete`, unique constraints,
CHECKs and indexes; the closed vocabularies of the CHECKs come from `kinds.py`.

Stable identity (issue 24): every record table users create rows in has `uid` (a UUID as text, unique, never
changed, kept by `journal export`/`import` and `journal copy`); `milestone`, `person` and `ask` gained `updated_at`
(NULL until the row is first changed) so an import can tell which side is newer.  A row inserted without a uid
gets one from the engine (PostgreSQL's column default; SQLite, which cannot add a column with such a default, fills
it from a trigger made by the migration): `NewUid` is that default, spelled per engine.

No `from __future__ import annotations` here: it breaks SQLModel relationships.
"""

import datetime as dt
from enum import Enum
from typing import Any

from sqlalchemy import CheckConstraint, DateTime, Dialect, Index, String, TypeDecorator, false
from sqlalchemy import text as sql_text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement
from sqlmodel import Field, SQLModel

from journal_tui.data import kinds
from journal_tui.data.kinds import FeedbackKind, GoalStatus  # used here, and re-exported
from journal_tui.data.writes.base import new_uid
from journal_tui.rows import title_of  # also re-exported: older imports take it from here


class UtcStamp(TypeDecorator[dt.datetime]):
    """A moment, stored as UTC without an offset (`timestamp` on PostgreSQL, DATETIME text on SQLite): the text both
    engines hold and return is `writes.base.db_timestamp`'s, whatever the server's time zone; the ORM sees aware UTC
    datetimes (SQLModel's own type would make PostgreSQL columns `timestamp with time zone`, read in the session's
    zone)."""

    impl = DateTime(timezone=False)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        return value if value is None or value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


class NewUid(FunctionElement[str]):
    """The server default of `uid`: a fresh UUID on PostgreSQL; on SQLite `''`, which the migration's trigger
    replaces with a fresh UUID right after the insert (SQLite cannot ALTER in a non-constant default)."""

    type = String()
    inherit_cache = True


@compiles(NewUid)
def _uid_default_sqlite(element: NewUid, compiler: Any, **kw: Any) -> str:
    return "''"


@compiles(NewUid, "postgresql")
def _uid_default_postgres(element: NewUid, compiler: Any, **kw: Any) -> str:
    return "CAST(gen_random_uuid() AS VARCHAR)"


def uid_field() -> Any:
    """The `uid` column: unique (a unique index, `ix_<table>_uid`, as the SQLite migration makes it), not null."""
    return Field(default_factory=new_uid, index=True, unique=True, sa_column_kwargs={"server_default": NewUid()})


def closed(column: str, kind: type[Enum]) -> CheckConstraint:
    """The CHECK that keeps `column` inside one vocabulary of `kinds.py`."""
    return CheckConstraint(kinds.check_sql(column, kind))


NO_ROWID = {"sqlite_with_rowid": False}  # link tables: SQLite keeps them as their primary key's b-tree


class _Named(SQLModel):
    id: int | None = Field(default=None, primary_key=True)
    name: str
    key: str = Field(unique=True)
    created_at: dt.datetime = Field(sa_type=UtcStamp)


class Project(_Named, table=True):
    """A piece of work entries and feedback belong to."""

    uid: str = uid_field()


class Skill(_Named, table=True):
    """A hard or soft skill exercised by an entry or named in feedback."""

    uid: str = uid_field()


class Tag(_Named, table=True):
    """A free label on feedback."""

    uid: str = uid_field()


class Person(_Named, table=True):
    """Someone who gave feedback, or whom the user meets and asks: mentor, manager, sponsor..."""

    __table_args__ = (closed("role", kinds.PersonRole),)
    role: str | None = None
    team: str | None = None
    note: str | None = None
    uid: str = uid_field()
    updated_at: dt.datetime | None = Field(default=None, sa_type=UtcStamp)


class Entry(SQLModel, table=True):
    """A win: what happened, when, for which project, which skills, what impact."""

    __table_args__ = (
        Index("ix_entry_date", "occurred_on", "id"),
        Index("ix_entry_project", "project_id", "occurred_on"),
        Index("ix_entry_starred", "starred", "occurred_on"),
        Index(
            "ix_entry_extra",
            "occurred_on",
            "id",
            sqlite_where=sql_text("extra = 1"),
            postgresql_where=sql_text("extra"),
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    occurred_on: dt.date
    text: str
    project_id: int | None = Field(default=None, foreign_key="project.id", ondelete="SET NULL")
    impact: str | None = None
    starred: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    created_at: dt.datetime = Field(sa_type=UtcStamp)
    updated_at: dt.datetime = Field(sa_type=UtcStamp)
    extra: bool = Field(default=False, sa_column_kwargs={"server_default": false()})  # work beyond the current role
    uid: str = uid_field()

    @property
    def title(self) -> str:
        return title_of(self.text)


class EntrySkill(SQLModel, table=True):
    __tablename__ = "entry_skill"
    __table_args__ = (Index("ix_entry_skill_skill", "skill_id", "entry_id"), NO_ROWID)
    entry_id: int = Field(foreign_key="entry.id", primary_key=True, ondelete="CASCADE")
    skill_id: int = Field(foreign_key="skill.id", primary_key=True, ondelete="CASCADE")


class Goal(SQLModel, table=True):
    """A SMART goal: specific, measurable (measure/target/current), relevant, time-bound."""

    __table_args__ = (closed("status", GoalStatus), Index("ix_goal_status", "status", "due_on"))
    id: int | None = Field(default=None, primary_key=True)
    title: str
    specific: str | None = None
    measure: str | None = None
    target: float | None = None
    current: float | None = None
    relevant: str | None = None
    due_on: dt.date | None = None
    status: str = Field(default=GoalStatus.active.value, sa_column_kwargs={"server_default": GoalStatus.active.value})
    achieved_on: dt.date | None = None
    created_at: dt.datetime = Field(sa_type=UtcStamp)
    updated_at: dt.datetime = Field(sa_type=UtcStamp)
    baseline: float | None = None
    feedback_id: int | None = Field(default=None, foreign_key="feedback.id", ondelete="SET NULL")
    uid: str = uid_field()


class Milestone(SQLModel, table=True):
    __table_args__ = (Index("ix_milestone_goal", "goal_id", "due_on"),)
    id: int | None = Field(default=None, primary_key=True)
    goal_id: int = Field(foreign_key="goal.id", ondelete="CASCADE")
    title: str
    due_on: dt.date | None = None
    done_on: dt.date | None = None
    created_at: dt.datetime = Field(sa_type=UtcStamp)
    uid: str = uid_field()
    updated_at: dt.datetime | None = Field(default=None, sa_type=UtcStamp)


class EntryGoal(SQLModel, table=True):
    __tablename__ = "entry_goal"
    __table_args__ = (Index("ix_entry_goal_goal", "goal_id", "entry_id"), NO_ROWID)
    entry_id: int = Field(foreign_key="entry.id", primary_key=True, ondelete="CASCADE")
    goal_id: int = Field(foreign_key="goal.id", primary_key=True, ondelete="CASCADE")


class Feedback(SQLModel, table=True):
    """Something a colleague said about your work, praise or constructive."""

    __table_args__ = (
        closed("kind", FeedbackKind),
        Index("ix_feedback_date", "received_on", "id"),
        Index("ix_feedback_person", "person_id", "received_on"),
        Index("ix_feedback_project", "project_id", "received_on"),
        Index("ix_feedback_entry", "entry_id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    received_on: dt.date
    person_id: int = Field(foreign_key="person.id")
    text: str
    kind: str = Field(default=FeedbackKind.praise.value, sa_column_kwargs={"server_default": FeedbackKind.praise.value})
    project_id: int | None = Field(default=None, foreign_key="project.id", ondelete="SET NULL")
    entry_id: int | None = Field(default=None, foreign_key="entry.id", ondelete="SET NULL")
    created_at: dt.datetime = Field(sa_type=UtcStamp)
    updated_at: dt.datetime = Field(sa_type=UtcStamp)
    uid: str = uid_field()


class FeedbackTag(SQLModel, table=True):
    __tablename__ = "feedback_tag"
    __table_args__ = (Index("ix_feedback_tag_tag", "tag_id", "feedback_id"), NO_ROWID)
    feedback_id: int = Field(foreign_key="feedback.id", primary_key=True, ondelete="CASCADE")
    tag_id: int = Field(foreign_key="tag.id", primary_key=True, ondelete="CASCADE")


class FeedbackSkill(SQLModel, table=True):
    __tablename__ = "feedback_skill"
    __table_args__ = (Index("ix_feedback_skill_skill", "skill_id", "feedback_id"), NO_ROWID)
    feedback_id: int = Field(foreign_key="feedback.id", primary_key=True, ondelete="CASCADE")
    skill_id: int = Field(foreign_key="skill.id", primary_key=True, ondelete="CASCADE")


class GoalProgress(SQLModel, table=True):
    """One recorded value of a goal's metric, dated: progress as of any day."""

    __tablename__ = "goal_progress"
    __table_args__ = (Index("ix_goal_progress_goal", "goal_id", "recorded_on", "id"),)
    id: int | None = Field(default=None, primary_key=True)
    goal_id: int = Field(foreign_key="goal.id", ondelete="CASCADE")
    recorded_on: dt.date
    value: float | None = None
    created_at: dt.datetime = Field(sa_type=UtcStamp)
    uid: str = uid_field()


class GoalStatusChange(SQLModel, table=True):
    """When a goal became active, achieved or dropped: status as of any day."""

    __tablename__ = "goal_status_change"
    __table_args__ = (closed("status", GoalStatus), Index("ix_goal_status_change_goal", "goal_id", "changed_on", "id"))
    id: int | None = Field(default=None, primary_key=True)
    goal_id: int = Field(foreign_key="goal.id", ondelete="CASCADE")
    changed_on: dt.date
    status: str
    created_at: dt.datetime = Field(sa_type=UtcStamp)
    uid: str = uid_field()


class FeedbackResponse(SQLModel, table=True):
    """An entry linked by the user as what they did about a piece of feedback."""

    __tablename__ = "feedback_response"
    __table_args__ = (Index("ix_feedback_response_entry", "entry_id", "feedback_id"), NO_ROWID)
    feedback_id: int = Field(foreign_key="feedback.id", primary_key=True, ondelete="CASCADE")
    entry_id: int = Field(foreign_key="entry.id", primary_key=True, ondelete="CASCADE")


class Role(SQLModel, table=True):
    """The target role (one row): what the case is built against."""

    id: int | None = Field(default=None, primary_key=True)
    title: str
    created_at: dt.datetime = Field(sa_type=UtcStamp)
    updated_at: dt.datetime = Field(sa_type=UtcStamp)
    uid: str = uid_field()


class Criterion(SQLModel, table=True):
    """One thing the target role requires, met by `need` pieces of evidence."""

    __table_args__ = (CheckConstraint("need >= 1"),)
    id: int | None = Field(default=None, primary_key=True)
    name: str
    need: int = Field(default=1, sa_column_kwargs={"server_default": sql_text("1")})
    note: str | None = None
    created_at: dt.datetime = Field(sa_type=UtcStamp)
    updated_at: dt.datetime = Field(sa_type=UtcStamp)
    uid: str = uid_field()


class CriterionSkill(SQLModel, table=True):
    __tablename__ = "criterion_skill"
    __table_args__ = (Index("ix_criterion_skill_skill", "skill_id", "criterion_id"), NO_ROWID)
    criterion_id: int = Field(foreign_key="criterion.id", primary_key=True, ondelete="CASCADE")
    skill_id: int = Field(foreign_key="skill.id", primary_key=True, ondelete="CASCADE")


class CriterionEntry(SQLModel, table=True):
    __tablename__ = "criterion_entry"
    __table_args__ = (Index("ix_criterion_entry_entry", "entry_id", "criterion_id"), NO_ROWID)
    criterion_id: int = Field(foreign_key="criterion.id", primary_key=True, ondelete="CASCADE")
    entry_id: int = Field(foreign_key="entry.id", primary_key=True, ondelete="CASCADE")


class Checkin(SQLModel, table=True):
    """A weekly check-in: a dated reflection (its items are `Reflection` rows)."""

    __table_args__ = (Index("ix_checkin_date", "checked_on", "id"),)
    id: int | None = Field(default=None, primary_key=True)
    checked_on: dt.date
    created_at: dt.datetime = Field(sa_type=UtcStamp)
    updated_at: dt.datetime = Field(sa_type=UtcStamp)
    uid: str = uid_field()


class Reflection(SQLModel, table=True):
    """One item of a check-in: learned, setback (with its lesson), blocker or focus.

    No uid: a check-in's items are replaced whole when it is edited, so they are known by their check-in."""

    __table_args__ = (
        closed("kind", kinds.ReflectionKind),
        Index("ix_reflection_checkin", "checkin_id", "position"),
        Index("ix_reflection_kind", "kind", "checkin_id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    checkin_id: int = Field(foreign_key="checkin.id", ondelete="CASCADE")
    kind: str
    text: str
    lesson: str | None = None
    position: int = Field(default=0, sa_column_kwargs={"server_default": sql_text("0")})


class Contact(SQLModel, table=True):
    """A conversation with a person: a 1:1, a coffee, a mentoring session, a review."""

    __table_args__ = (
        closed("kind", kinds.ContactKind),
        Index("ix_contact_person", "person_id", "met_on"),
        Index("ix_contact_date", "met_on", "id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE")
    met_on: dt.date
    kind: str | None = None
    text: str
    created_at: dt.datetime = Field(sa_type=UtcStamp)
    uid: str = uid_field()


class Ask(SQLModel, table=True):
    """Feedback the user asked someone for: open until answered by feedback or closed."""

    __table_args__ = (
        closed("status", kinds.AskStatus),
        Index("ix_ask_person", "person_id", "asked_on"),
        Index("ix_ask_status", "status", "due_on"),
        Index("ix_ask_feedback", "feedback_id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE")
    asked_on: dt.date
    about: str
    entry_id: int | None = Field(default=None, foreign_key="entry.id", ondelete="SET NULL")
    due_on: dt.date | None = None
    status: str = Field(
        default=kinds.AskStatus.open.value, sa_column_kwargs={"server_default": kinds.AskStatus.open.value}
    )
    closed_on: dt.date | None = None
    feedback_id: int | None = Field(default=None, foreign_key="feedback.id", ondelete="SET NULL")
    created_at: dt.datetime = Field(sa_type=UtcStamp)
    uid: str = uid_field()
    updated_at: dt.datetime | None = Field(default=None, sa_type=UtcStamp)


class HarvestRepo(SQLModel, table=True):
    """A git repository `journal harvest` remembers: its path, the project its commits go to, the tips last read.

    No uid (nor for the other harvest tables and suggestions): the inbox is this machine's view of its own
    folders, never exported nor merged (`journal copy` keeps them as they are, ids and all)."""

    __tablename__ = "harvest_repo"
    id: int | None = Field(default=None, primary_key=True)
    path: str = Field(unique=True)
    project: str | None = None
    tips: str | None = None
    harvested_at: dt.datetime | None = Field(default=None, sa_type=UtcStamp)
    created_at: dt.datetime = Field(sa_type=UtcStamp)


class HarvestSkill(SQLModel, table=True):
    """A user rule: files matching `pattern` show `skill`."""

    __tablename__ = "harvest_skill"
    id: int | None = Field(default=None, primary_key=True)
    pattern: str = Field(unique=True)
    skill: str
    created_at: dt.datetime = Field(sa_type=UtcStamp)


class Suggestion(SQLModel, table=True):
    """A would-be entry in the inbox: a repository's day of commits, or one merged branch."""

    __table_args__ = (
        closed("kind", kinds.SuggestionKind),
        closed("status", kinds.SuggestionStatus),
        Index("ix_suggestion_status", "status", "occurred_on", "id"),
        Index("ix_suggestion_repo", "repo", "occurred_on"),
        Index("ix_suggestion_entry", "entry_id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    repo: str
    occurred_on: dt.date
    title: str
    project: str | None = None
    skills: str = Field(default="", sa_column_kwargs={"server_default": ""})
    kind: str = Field(
        default=kinds.SuggestionKind.day.value, sa_column_kwargs={"server_default": kinds.SuggestionKind.day.value}
    )
    status: str = Field(
        default=kinds.SuggestionStatus.pending.value,
        sa_column_kwargs={"server_default": kinds.SuggestionStatus.pending.value},
    )
    entry_id: int | None = Field(default=None, foreign_key="entry.id", ondelete="SET NULL")
    created_at: dt.datetime = Field(sa_type=UtcStamp)
    updated_at: dt.datetime = Field(sa_type=UtcStamp)


class HarvestCommit(SQLModel, table=True):
    """A commit offered in the inbox (once: its hash is the key), with the suggestion it belongs to."""

    __tablename__ = "harvest_commit"
    __table_args__ = (
        Index("ix_harvest_commit_suggestion", "suggestion_id", "position"),
        Index("ix_harvest_commit_work", "work_key"),
        NO_ROWID,
    )
    hash: str = Field(primary_key=True)
    suggestion_id: int = Field(foreign_key="suggestion.id", ondelete="CASCADE")
    authored_at: str
    subject: str
    work_key: str
    position: int = Field(default=0, sa_column_kwargs={"server_default": sql_text("0")})


class EntryCommit(SQLModel, table=True):
    """A commit an entry came from (accepted from the inbox, or imported with the entry)."""

    __tablename__ = "entry_commit"
    __table_args__ = (Index("ix_entry_commit_hash", "hash"), NO_ROWID)
    entry_id: int = Field(foreign_key="entry.id", primary_key=True, ondelete="CASCADE")
    hash: str = Field(primary_key=True)
    repo: str
    subject: str = Field(default="", sa_column_kwargs={"server_default": ""})
    position: int = Field(default=0, sa_column_kwargs={"server_default": sql_text("0")})


class Promo(SQLModel, table=True):
    """A conversation about a promotion: its outcome, with whom, what is missing, and when to try again."""

    __table_args__ = (
        closed("outcome", kinds.PromoOutcome),
        Index("ix_promo_date", "talked_on", "id"),
        Index("ix_promo_person", "person_id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    talked_on: dt.date
    outcome: str
    person_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    note: str = Field(default="", sa_column_kwargs={"server_default": ""})
    retry_on: dt.date | None = None
    created_at: dt.datetime = Field(sa_type=UtcStamp)
    uid: str = uid_field()
