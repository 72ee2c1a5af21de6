"""The entry, goal, milestone and feedback forms: the same fields and date language as the CLI."""

import datetime as dt
from typing import Any

from journal_tui import query
from journal_tui.dates import Direction, parse_date
from journal_tui.errors import JournalError
from journal_tui.inline import apply_flags, parse_inline
from journal_tui.tui.base import journal_app
from journal_tui.tui.screens.form import Field, FormScreen, split_names
from journal_tui.tui.text import feedback_kind
from journal_tui.validate import TITLE_LIMIT, clean_name, clean_optional, clean_text

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


class EntryForm(FormScreen):
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
        today = journal_app(self).today
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


class GoalForm(FormScreen):
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
        today = journal_app(self).today
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


class MilestoneForm(FormScreen):
    TITLE_TEXT = "New milestone"
    FIELDS = [
        Field("title", "Milestone", placeholder="Write the RFC"),
        Field("due", "Due", placeholder="in 2 weeks · 2026-12-15"),
    ]

    def validate(self, v: dict[str, Any]) -> dict[str, Any]:
        today = journal_app(self).today
        return {
            "title": clean_text(v["title"], what="milestone title", limit=TITLE_LIMIT),
            "due_on": _day(v["due"], today, "future", default_today=False),
        }


class FeedbackForm(FormScreen):
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
        today = journal_app(self).today
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
