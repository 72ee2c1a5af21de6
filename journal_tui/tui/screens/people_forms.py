"""The People pane's forms: a person (role, team, note), a conversation, an ask for feedback."""

from typing import Any

from journal_tui.data.writes import CONTACT_KINDS
from journal_tui.errors import JournalError
from journal_tui.query import ROLES
from journal_tui.tui.base import journal_app
from journal_tui.tui.screens.form import Field, FormScreen
from journal_tui.tui.screens.forms import _day
from journal_tui.validate import clean_name, clean_optional, clean_text

NO_ROLE = "none"
NO_KIND = "-"


class PersonForm(FormScreen):
    TITLE_TEXT = "Person"
    FIELDS = [
        Field("name", "Name (an existing name updates that person)", placeholder="Raj Mehta", suggest="person"),
        Field("role", "Role", "select", options=[("(no role)", NO_ROLE), *((r, r) for r in ROLES)]),
        Field("team", "Team", placeholder="Platform"),
        Field("note", "Note", placeholder="Staff engineer; meets monthly"),
    ]

    def validate(self, v: dict[str, Any]) -> dict[str, Any]:
        return {
            "name": clean_name(v["name"], what="person"),
            "role": "" if v["role"] == NO_ROLE else v["role"],
            "team": clean_optional(v["team"], what="team", limit=200) or "",
            "note": clean_optional(v["note"], what="note") or "",
        }


class ContactForm(FormScreen):
    TITLE_TEXT = "Conversation"
    FIELDS = [
        Field("text", "What did you talk about?", "area", "Reviewed the RFC draft; advice: get sign-off early"),
        Field("date", "When", placeholder="today · yesterday · last friday · 2026-11-02"),
        Field("kind", "Kind", "select", options=[("(unspecified)", NO_KIND), *((k, k) for k in CONTACT_KINDS)]),
    ]

    def validate(self, v: dict[str, Any]) -> dict[str, Any]:
        today = journal_app(self).today
        return {
            "text": clean_text(v["text"], what="contact note", limit=10_000),
            "met_on": _day(v["date"], today),
            "kind": None if v["kind"] == NO_KIND else v["kind"],
        }


class AskForm(FormScreen):
    TITLE_TEXT = "Ask for feedback"
    FIELDS = [
        Field("about", "What about?", placeholder="How I ran the incident review"),
        Field("due", "Needed by (optional)", placeholder="next friday · in 2 weeks"),
        Field("entry", "About entry # (optional)", placeholder="12"),
    ]

    def validate(self, v: dict[str, Any]) -> dict[str, Any]:
        today = journal_app(self).today
        entry = v["entry"].strip().lstrip("#")
        if entry and not entry.isdigit():
            raise JournalError(f"'about entry' takes an entry number, not {v['entry']!r}")
        return {
            "about": clean_text(v["about"], what="what the ask is about", limit=2_000),
            "asked_on": today,
            "due_on": _day(v["due"], today, "future", default_today=False),
            "entry_id": int(entry) if entry else None,
        }
