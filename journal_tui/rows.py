"""The plain rows every read returns: frozen dataclasses (EntryRow a named tuple), no ORM, safe across threads.

Standard library only, so the CLI's read commands and the app's first rows need no
SQLAlchemy.  `store.py` re-exports these names for older imports.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any, NamedTuple

SEP = "\x1f"  # joins names in one group_concat column


def title_of(text: str, width: int = 120) -> str:
    """The first line of an entry, which is its title."""
    first = text.split("\n", 1)[0].strip()
    return first if len(first) <= width else first[: width - 1] + "…"


class EntryRow(NamedTuple):
    """One entry.  A named tuple, not a dataclass like the other rows: a review builds 100k of them, and a tuple
    is built in a third of the time of an object with a __dict__ (and freed faster).  Immutable all the same."""

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
    extra: bool = False  # work beyond the current role

    @property
    def title(self) -> str:
        return title_of(self.text)

    @property
    def body(self) -> str:
        return self.text.split("\n", 1)[1].strip() if "\n" in self.text else ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "date": self.occurred_on.isoformat(),
            "title": self.title,
            "text": self.text,
            "project": self.project,
            "skills": list(self.skills),
            "impact": self.impact,
            "starred": self.starred,
            "goals": list(self.goal_ids),
            "created_at": self.created_at.isoformat(timespec="seconds") if self.created_at else None,
            "updated_at": self.updated_at.isoformat(timespec="seconds") if self.updated_at else None,
            "extra": self.extra,
        }


@dataclass(frozen=True)
class MilestoneRow:
    id: int
    goal_id: int
    title: str
    due_on: dt.date | None
    done_on: dt.date | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "goal": self.goal_id,
            "title": self.title,
            "due": _iso(self.due_on),
            "done": _iso(self.done_on),
        }


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
        """0..1 of the way from baseline to target (either direction), else milestones done/total; whatever the status.

        "runtime 30 -> 5 min" at 12 is (30 - 12) / (30 - 5) = 72 %; without a baseline it is 0, so
        higher is better and this is current/target.
        """
        start = self.baseline or 0.0
        if self.target is not None and self.target != start:
            now = start if self.current is None else self.current
            return max(0.0, min(1.0, (start - now) / (start - self.target)))
        if self.milestones:
            return sum(1 for m in self.milestones if m.done_on) / len(self.milestones)
        return 1.0 if self.status == "achieved" else None  # nothing measured: achieving it is the whole of it

    @property
    def status_text(self) -> str:
        """'achieved on 2026-10-15' (the day is part of the truth); 'active', 'dropped' as they are.  An achieved goal's
        `progress` is still its measure's own, so a case shows both truths, not 100% beside 17 of target 10."""
        if self.status == "achieved" and self.achieved_on is not None:
            return f"achieved on {self.achieved_on.isoformat()}"
        return self.status

    def overdue(self, today: dt.date) -> bool:
        return self.status == "active" and self.due_on is not None and self.due_on < today

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
            "id": self.id,
            "title": self.title,
            "specific": self.specific,
            "measure": self.measure,
            "baseline": self.baseline,
            "target": self.target,
            "current": self.current,
            "relevant": self.relevant,
            "due": _iso(self.due_on),
            "status": self.status,
            "achieved_on": _iso(self.achieved_on),
            "overdue": bool(today and self.overdue(today)),
            "progress": None if self.progress is None else round(self.progress, 4),
            "milestones": [m.to_dict() for m in self.milestones],
            "evidence_count": self.evidence_count,
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
            "id": self.id,
            "date": self.received_on.isoformat(),
            "from": self.person,
            "kind": self.kind,
            "text": self.text,
            "tags": list(self.tags),
            "skills": list(self.skills),
            "project": self.project,
            "about": self.entry_id,
        }


@dataclass(frozen=True)
class EntryDetail:
    entry: EntryRow
    goals: tuple[tuple[int, str], ...]
    feedback: tuple[FeedbackRow, ...]  # feedback about this entry
    answers: tuple[FeedbackRow, ...] = ()  # feedback this entry is a response to (`journal feedback respond`)


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None
