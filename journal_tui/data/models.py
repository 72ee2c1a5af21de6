"""SQLModel tables: the ORM view of the schema that `schema.py` creates.

No `from __future__ import annotations` here: it breaks SQLModel relationships.
Tables are created by the migrations, never by `create_all`; a test checks that
these classes and the migrated schema agree column for column.
"""

import datetime as dt
from typing import Optional

from sqlalchemy import CheckConstraint
from sqlmodel import Field, SQLModel

from journal_tui.data.kinds import FeedbackKind, GoalStatus  # noqa: F401  (re-exported)
from journal_tui.rows import title_of  # also re-exported: older imports take it from here


class _Named(SQLModel):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str
    key: str = Field(unique=True)
    created_at: dt.datetime


class Project(_Named, table=True):
    """A piece of work entries and feedback belong to."""


class Skill(_Named, table=True):
    """A hard or soft skill exercised by an entry or named in feedback."""


class Tag(_Named, table=True):
    """A free label on feedback."""


class Person(_Named, table=True):
    """Someone who gave feedback, or whom the user meets and asks: mentor, manager, sponsor..."""

    __table_args__ = (CheckConstraint("role IN ('mentor', 'manager', 'sponsor', 'peer', 'report', 'skip-level', 'other', "
                                      "'decision-maker')"),)
    role: Optional[str] = None
    team: Optional[str] = None
    note: Optional[str] = None


class Contact(SQLModel, table=True):
    """A conversation with a person: a 1:1, a coffee, a mentoring session, a review."""

    __table_args__ = (CheckConstraint("kind IN ('1:1', 'coffee', 'mentoring', 'review')"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE")
    met_on: dt.date
    kind: Optional[str] = None
    text: str
    created_at: dt.datetime


class Ask(SQLModel, table=True):
    """Feedback the user asked someone for: open until answered by feedback or closed."""

    __table_args__ = (CheckConstraint("status IN ('open', 'answered', 'closed')"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE")
    asked_on: dt.date
    about: str
    entry_id: Optional[int] = Field(default=None, foreign_key="entry.id", ondelete="SET NULL")
    due_on: Optional[dt.date] = None
    status: str = Field(default="open", sa_column_kwargs={"server_default": "open"})
    closed_on: Optional[dt.date] = None
    feedback_id: Optional[int] = Field(default=None, foreign_key="feedback.id", ondelete="SET NULL")
    created_at: dt.datetime


class EntrySkill(SQLModel, table=True):
    __tablename__ = "entry_skill"
    entry_id: int = Field(foreign_key="entry.id", primary_key=True, ondelete="CASCADE")
    skill_id: int = Field(foreign_key="skill.id", primary_key=True, ondelete="CASCADE")


class EntryGoal(SQLModel, table=True):
    __tablename__ = "entry_goal"
    entry_id: int = Field(foreign_key="entry.id", primary_key=True, ondelete="CASCADE")
    goal_id: int = Field(foreign_key="goal.id", primary_key=True, ondelete="CASCADE")


class FeedbackTag(SQLModel, table=True):
    __tablename__ = "feedback_tag"
    feedback_id: int = Field(foreign_key="feedback.id", primary_key=True, ondelete="CASCADE")
    tag_id: int = Field(foreign_key="tag.id", primary_key=True, ondelete="CASCADE")


class FeedbackSkill(SQLModel, table=True):
    __tablename__ = "feedback_skill"
    feedback_id: int = Field(foreign_key="feedback.id", primary_key=True, ondelete="CASCADE")
    skill_id: int = Field(foreign_key="skill.id", primary_key=True, ondelete="CASCADE")


class Entry(SQLModel, table=True):
    """A win: what happened, when, for which project, which skills, what impact."""

    id: Optional[int] = Field(default=None, primary_key=True)
    occurred_on: dt.date
    text: str
    project_id: Optional[int] = Field(default=None, foreign_key="project.id", ondelete="SET NULL")
    impact: Optional[str] = None
    starred: bool = Field(default=False, sa_column_kwargs={"server_default": "0"})
    extra: bool = Field(default=False, sa_column_kwargs={"server_default": "0"})  # work beyond the current role
    created_at: dt.datetime
    updated_at: dt.datetime

    @property
    def title(self) -> str:
        return title_of(self.text)


class Goal(SQLModel, table=True):
    """A SMART goal: specific, measurable (measure/target/current), relevant, time-bound."""

    __table_args__ = (CheckConstraint("status IN ('active', 'achieved', 'dropped')"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    title: str
    specific: Optional[str] = None
    measure: Optional[str] = None
    target: Optional[float] = None
    current: Optional[float] = None
    relevant: Optional[str] = None
    due_on: Optional[dt.date] = None
    status: str = Field(default=GoalStatus.active.value, sa_column_kwargs={"server_default": GoalStatus.active.value})
    achieved_on: Optional[dt.date] = None
    created_at: dt.datetime
    updated_at: dt.datetime
    baseline: Optional[float] = None
    feedback_id: Optional[int] = Field(default=None, foreign_key="feedback.id", ondelete="SET NULL")


class Milestone(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    goal_id: int = Field(foreign_key="goal.id", ondelete="CASCADE")
    title: str
    due_on: Optional[dt.date] = None
    done_on: Optional[dt.date] = None
    created_at: dt.datetime


class Feedback(SQLModel, table=True):
    """Something a colleague said about your work, praise or constructive."""

    __table_args__ = (CheckConstraint("kind IN ('praise', 'constructive', 'neutral')"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    received_on: dt.date
    person_id: int = Field(foreign_key="person.id")
    text: str
    kind: str = Field(default=FeedbackKind.praise.value, sa_column_kwargs={"server_default": FeedbackKind.praise.value})
    project_id: Optional[int] = Field(default=None, foreign_key="project.id", ondelete="SET NULL")
    entry_id: Optional[int] = Field(default=None, foreign_key="entry.id", ondelete="SET NULL")
    created_at: dt.datetime
    updated_at: dt.datetime


class GoalProgress(SQLModel, table=True):
    """One recorded value of a goal's metric, dated: progress as of any day."""

    __tablename__ = "goal_progress"
    id: Optional[int] = Field(default=None, primary_key=True)
    goal_id: int = Field(foreign_key="goal.id", ondelete="CASCADE")
    recorded_on: dt.date
    value: Optional[float] = None
    created_at: dt.datetime


class GoalStatusChange(SQLModel, table=True):
    """When a goal became active, achieved or dropped: status as of any day."""

    __tablename__ = "goal_status_change"
    __table_args__ = (CheckConstraint("status IN ('active', 'achieved', 'dropped')"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    goal_id: int = Field(foreign_key="goal.id", ondelete="CASCADE")
    changed_on: dt.date
    status: str
    created_at: dt.datetime


class FeedbackResponse(SQLModel, table=True):
    """An entry linked by the user as what they did about a piece of feedback."""

    __tablename__ = "feedback_response"
    feedback_id: int = Field(foreign_key="feedback.id", primary_key=True, ondelete="CASCADE")
    entry_id: int = Field(foreign_key="entry.id", primary_key=True, ondelete="CASCADE")


class Role(SQLModel, table=True):
    """The target role (one row): what the case is built against."""

    id: Optional[int] = Field(default=None, primary_key=True)
    title: str
    created_at: dt.datetime
    updated_at: dt.datetime


class Criterion(SQLModel, table=True):
    """One thing the target role requires, met by `need` pieces of evidence."""

    __table_args__ = (CheckConstraint("need >= 1"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str
    need: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    note: Optional[str] = None
    created_at: dt.datetime
    updated_at: dt.datetime


class CriterionSkill(SQLModel, table=True):
    __tablename__ = "criterion_skill"
    criterion_id: int = Field(foreign_key="criterion.id", primary_key=True, ondelete="CASCADE")
    skill_id: int = Field(foreign_key="skill.id", primary_key=True, ondelete="CASCADE")


class CriterionEntry(SQLModel, table=True):
    __tablename__ = "criterion_entry"
    criterion_id: int = Field(foreign_key="criterion.id", primary_key=True, ondelete="CASCADE")
    entry_id: int = Field(foreign_key="entry.id", primary_key=True, ondelete="CASCADE")


class Checkin(SQLModel, table=True):
    """A weekly check-in: a dated reflection (its items are `Reflection` rows)."""

    id: Optional[int] = Field(default=None, primary_key=True)
    checked_on: dt.date
    created_at: dt.datetime
    updated_at: dt.datetime


class Reflection(SQLModel, table=True):
    """One item of a check-in: learned, setback (with its lesson), blocker or focus."""

    __table_args__ = (CheckConstraint("kind IN ('learned', 'setback', 'blocker', 'focus')"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    checkin_id: int = Field(foreign_key="checkin.id", ondelete="CASCADE")
    kind: str
    text: str
    lesson: Optional[str] = None
    position: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


class HarvestRepo(SQLModel, table=True):
    """A git repository `journal harvest` remembers: its path, the project its commits go to, the tips last read."""

    __tablename__ = "harvest_repo"
    id: Optional[int] = Field(default=None, primary_key=True)
    path: str = Field(unique=True)
    project: Optional[str] = None
    tips: Optional[str] = None
    harvested_at: Optional[dt.datetime] = None
    created_at: dt.datetime


class HarvestSkill(SQLModel, table=True):
    """A user rule: files matching `pattern` show `skill`."""

    __tablename__ = "harvest_skill"
    id: Optional[int] = Field(default=None, primary_key=True)
    pattern: str = Field(unique=True)
    skill: str
    created_at: dt.datetime


class Suggestion(SQLModel, table=True):
    """A would-be entry in the inbox: a repository's day of commits, or one merged branch."""

    __table_args__ = (CheckConstraint("kind IN ('day', 'merge')"),
                      CheckConstraint("status IN ('pending', 'accepted', 'skipped')"))
    id: Optional[int] = Field(default=None, primary_key=True)
    repo: str
    occurred_on: dt.date
    title: str
    project: Optional[str] = None
    skills: str = Field(default="", sa_column_kwargs={"server_default": ""})
    kind: str = Field(default="day", sa_column_kwargs={"server_default": "day"})
    status: str = Field(default="pending", sa_column_kwargs={"server_default": "pending"})
    entry_id: Optional[int] = Field(default=None, foreign_key="entry.id", ondelete="SET NULL")
    created_at: dt.datetime
    updated_at: dt.datetime


class HarvestCommit(SQLModel, table=True):
    """A commit offered in the inbox (once: its hash is the key), with the suggestion it belongs to."""

    __tablename__ = "harvest_commit"
    hash: str = Field(primary_key=True)
    suggestion_id: int = Field(foreign_key="suggestion.id", ondelete="CASCADE")
    authored_at: str
    subject: str
    work_key: str
    position: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


class EntryCommit(SQLModel, table=True):
    """A commit an entry came from (accepted from the inbox, or imported with the entry)."""

    __tablename__ = "entry_commit"
    entry_id: int = Field(foreign_key="entry.id", primary_key=True, ondelete="CASCADE")
    hash: str = Field(primary_key=True)
    repo: str
    subject: str = Field(default="", sa_column_kwargs={"server_default": ""})
    position: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


class Promo(SQLModel, table=True):
    """A conversation about a promotion: its outcome, with whom, what is missing, and when to try again."""

    __table_args__ = (CheckConstraint("outcome IN ('promoted', 'not-yet', 'deferred')"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    talked_on: dt.date
    outcome: str
    person_id: Optional[int] = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    note: str = Field(default="", sa_column_kwargs={"server_default": ""})
    retry_on: Optional[dt.date] = None
    created_at: dt.datetime
