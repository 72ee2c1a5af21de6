"""The entry, goal, milestone and feedback forms: the same fields and date language as the CLI.

Each form owns its rows (`RowForm`): how a row fills it and how its values are written, so the app's write flow
opens any of them from a request without knowing the table.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from journal_tui import query
from journal_tui.dates import Direction, parse_date
from journal_tui.errors import JournalError
from journal_tui.inline import apply_flags, parse_inline
from journal_tui.tui.messages import FormRequest
from journal_tui.tui.screens.form import Field, FormScreen, RowForm, split_names
from journal_tui.tui.text import feedback_kind
from journal_tui.validate import TITLE_LIMIT, clean_name, clean_optional, clean_text

if TYPE_CHECKING:
    from journal_tui.data.reader import Reader
    from journal_tui.data.store import EntryRow, FeedbackRow, GoalRow, Store

KINDS = [(feedback_kind(k).label, k) for k in query.KINDS]


def _day(text: str, today: dt.date, direction: Direction = "past", *, default_today: bool = True) -> dt.date | None:
    text = text.strip()
    if not text:
        return today if default_today else None
    return parse_date(text, today=today, direction=direction)


def _number(text: str, what: str) -> float | None:
    text = text.strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise JournalError(f"{what} must be a number, not {text!r}") from None


class EntryForm(RowForm):
    TABLE = "entry"
    TITLE_TEXT = "New entry"
    FIELDS = [
        Field(
            "text",
            "What did you do? (first line is the title; +project and #skill work inline)",
            "area",
            "Shipped self-serve refunds +billing #sql",
        ),
        Field("date", "When", placeholder="today · yesterday · last friday · 2026-11-02"),
        Field("project", "Project", placeholder="billing", suggest="project"),
        Field("skills", "Skills (comma-separated)", placeholder="sql, leadership", suggest="skill", multi=True),
        Field("impact", "Impact (measurable outcome)", placeholder="refund tickets -38%"),
        Field("starred", "★ Key win", "check"),
        Field("extra", "↑ Beyond my current role", "check"),
    ]

    def validate(self, v: dict[str, Any]) -> dict[str, Any]:
        today = self.today
        parsed = parse_inline(v["text"], today=today)
        text = clean_text(parsed.text)
        entry = apply_flags(
            parsed,
            occurred_on=_day(v["date"], today, default_today=False),
            project=v["project"].strip() or None,
            skills=split_names(v["skills"]),
            today=today,
        )
        day, project, skills = entry.occurred_on, entry.project, entry.skills
        for name in [*([project] if project else []), *skills]:
            clean_name(name)
        return {
            "text": text,
            "occurred_on": day,
            "project": project or None,
            "skills": skills,
            "impact": clean_optional(v["impact"], what="impact"),
            "starred": bool(v["starred"]),
            "extra": bool(v["extra"]),
        }

    @classmethod
    def read(cls, reader: Reader, row_id: int) -> EntryRow:
        return reader.get_entry(row_id)

    @classmethod
    def values_of(cls, row: EntryRow) -> dict[str, Any]:
        return {
            "text": row.text,
            "date": row.occurred_on.isoformat(),
            "project": row.project or "",
            "skills": ", ".join(row.skills),
            "impact": row.impact or "",
            "starred": row.starred,
            "extra": row.extra,
        }

    @classmethod
    def add(cls, store: Store, values: dict[str, Any], today: dt.date) -> int:
        return store.add_entry(**values)

    @classmethod
    def update(cls, store: Store, row_id: int, values: dict[str, Any], today: dt.date) -> None:
        store.update_entry(row_id, **values)


class GoalForm(RowForm):
    TABLE = "goal"
    TITLE_TEXT = "New SMART goal"
    FIELDS = [
        Field("title", "Goal", placeholder="Lead a cross-team project"),
        Field("specific", "Specific: what exactly", placeholder="Own the payments migration end to end"),
        Field("measure", "Measurable: the metric", placeholder="services migrated"),
        Field("target", "Target value", placeholder="12"),
        Field("current", "Current value", placeholder="3"),
        Field(
            "relevant", "Relevant: why it matters for the next role", placeholder="staff promotion: cross-team scope"
        ),
        Field("due", "Time-bound: due", placeholder="2027-03-31 · in 3 months · next friday"),
        Field(
            "baseline",
            "Baseline: where the metric started (30 with target 5: lower is better; empty: 0)",
            placeholder="30",
        ),
    ]

    def validate(self, v: dict[str, Any]) -> dict[str, Any]:
        today = self.today
        return {
            "title": clean_text(v["title"], what="goal title", limit=TITLE_LIMIT),
            "specific": clean_optional(v["specific"], what="specific"),
            "measure": clean_optional(v["measure"], what="measure"),
            "target": _number(v["target"], "target"),
            "current": _number(v["current"], "current value"),
            "baseline": _number(v["baseline"], "baseline"),
            "relevant": clean_optional(v["relevant"], what="relevant"),
            "due_on": _day(v["due"], today, "future", default_today=False),
        }

    @classmethod
    def read(cls, reader: Reader, row_id: int) -> GoalRow:
        return reader.get_goal(row_id)

    @classmethod
    def values_of(cls, row: GoalRow) -> dict[str, Any]:
        return {
            "title": row.title,
            "specific": row.specific or "",
            "measure": row.measure or "",
            "target": _shown(row.target),
            "current": _shown(row.current),
            "relevant": row.relevant or "",
            "baseline": _shown(row.baseline),
            "due": row.due_on.isoformat() if row.due_on else "",
        }

    @classmethod
    def add(cls, store: Store, values: dict[str, Any], today: dt.date) -> int:
        return store.add_goal(on=today, **values)

    @classmethod
    def update(cls, store: Store, row_id: int, values: dict[str, Any], today: dt.date) -> None:
        store.update_goal(row_id, on=today, **values)


class MilestoneForm(FormScreen):
    TITLE_TEXT = "New milestone"
    FIELDS = [
        Field("title", "Milestone", placeholder="Write the RFC"),
        Field("due", "Due", placeholder="in 2 weeks · 2026-12-15"),
    ]

    def validate(self, v: dict[str, Any]) -> dict[str, Any]:
        today = self.today
        return {
            "title": clean_text(v["title"], what="milestone title", limit=TITLE_LIMIT),
            "due_on": _day(v["due"], today, "future", default_today=False),
        }

    @classmethod
    def request(cls, goal_id: int) -> FormRequest:
        """A new milestone of the goal."""
        return FormRequest(
            cls,
            {},
            lambda s, p: s.add_milestone(goal_id, **p),
            lambda i: f"Added milestone {i}.",
            title=f"New milestone for goal {goal_id}",
        )


class FeedbackForm(RowForm):
    TABLE = "feedback"
    TITLE_TEXT = "New feedback"
    FIELDS = [
        Field("text", "What did they say?", "area", "The rollout plan was the clearest I've seen this year."),
        Field("person", "From", placeholder="Maria Lopez", suggest="person"),
        Field("kind", "Kind", "select", options=KINDS),
        Field("date", "When", placeholder="today · yesterday · 2026-11-02"),
        Field("tags", "Tags (comma-separated)", placeholder="writing, launch", suggest="tag", multi=True),
        Field("skills", "Skills (comma-separated)", placeholder="communication", suggest="skill", multi=True),
        Field("project", "Project", placeholder="billing", suggest="project"),
        Field("about", "About entry # (optional)", placeholder="12"),
    ]

    def validate(self, v: dict[str, Any]) -> dict[str, Any]:
        today = self.today
        about = v["about"].strip().lstrip("#")
        if about and not about.isdigit():
            raise JournalError(f"'about' takes an entry number, not {v['about']!r}")
        tags, skills = split_names(v["tags"]), split_names(v["skills"])
        for name in [*tags, *skills]:
            clean_name(name)
        return {
            "text": clean_text(v["text"], what="feedback text"),
            "person": clean_name(v["person"], what="person"),
            "kind": v["kind"],
            "received_on": _day(v["date"], today),
            "tags": tags,
            "skills": skills,
            "project": v["project"].strip() or None,
            "entry_id": int(about) if about else None,
        }

    @classmethod
    def read(cls, reader: Reader, row_id: int) -> FeedbackRow:
        return reader.get_feedback(row_id)

    @classmethod
    def values_of(cls, row: FeedbackRow) -> dict[str, Any]:
        return {
            "text": row.text,
            "person": row.person,
            "kind": row.kind,
            "date": row.received_on.isoformat(),
            "tags": ", ".join(row.tags),
            "skills": ", ".join(row.skills),
            "project": row.project or "",
            "about": str(row.entry_id or ""),
        }

    @classmethod
    def add(cls, store: Store, values: dict[str, Any], today: dt.date) -> int:
        return store.add_feedback(**values)

    @classmethod
    def update(cls, store: Store, row_id: int, values: dict[str, Any], today: dt.date) -> None:
        store.update_feedback(row_id, **values)


def _shown(x: float | None) -> str:
    """A number as a field shows it: 12, not 12.0; empty for none."""
    return "" if x is None else f"{x:g}"


ROW_FORMS: dict[str, type[RowForm]] = {form.TABLE: form for form in (EntryForm, GoalForm, FeedbackForm)}
