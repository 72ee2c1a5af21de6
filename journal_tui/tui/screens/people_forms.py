"""The People pane's forms: a person (role, team, note), a conversation, an ask for feedback."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from journal_tui import people
from journal_tui.data.writes import CONTACT_KINDS
from journal_tui.errors import JournalError
from journal_tui.query import ROLES
from journal_tui.tui.messages import FormRequest
from journal_tui.tui.screens.form import Field, FormScreen
from journal_tui.tui.screens.forms import _day
from journal_tui.validate import clean_name, clean_optional, clean_text

if TYPE_CHECKING:
    from journal_tui.data.reader import Reader
    from journal_tui.data.store import Store
    from journal_tui.people import PersonRow

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

    @classmethod
    def new_request(cls) -> FormRequest:
        """A new person; blank fields leave an existing person's role, team and note as they are (`e` clears
        them)."""
        return FormRequest(
            cls,
            {},
            lambda s, p: people.set_person(
                s, p["name"], role=p["role"] or None, team=p["team"] or None, note=p["note"] or None
            ),
            lambda r: f"{'Added' if r[1] else 'Updated'} {r[0]}.",
        )

    @classmethod
    def edit_request(cls, person: PersonRow) -> FormRequest:
        """Edit a person; a new name renames them, or, once confirmed, merges them into someone who has it
        (`people.edit_person`: the same merge as `journal person rename`)."""
        person_id = person.id

        def save(s: Store, p: dict[str, Any]) -> str:
            return people.edit_person(s, person_id, p["name"], role=p["role"], team=p["team"], note=p["note"])

        def merge_question(r: Reader, p: dict[str, Any]) -> str | None:
            return people.describe_merge(r, person_id, p["name"], role=p["role"], team=p["team"], note=p["note"])

        values = {
            "name": person.name,
            "role": person.role or NO_ROLE,
            "team": person.team or "",
            "note": person.note or "",
        }
        return FormRequest(
            cls, values, save, lambda message: f"{message}.", title=f"Edit {person.name}", confirm=merge_question
        )


class ContactForm(FormScreen):
    TITLE_TEXT = "Conversation"
    FIELDS = [
        Field("text", "What did you talk about?", "area", "Reviewed the RFC draft; advice: get sign-off early"),
        Field("date", "When", placeholder="today · yesterday · last friday · 2026-11-02"),
        Field("kind", "Kind", "select", options=[("(unspecified)", NO_KIND), *((k, k) for k in CONTACT_KINDS)]),
    ]

    def validate(self, v: dict[str, Any]) -> dict[str, Any]:
        today = self.today
        return {
            "text": clean_text(v["text"], what="contact note", limit=10_000),
            "met_on": _day(v["date"], today),
            "kind": None if v["kind"] == NO_KIND else v["kind"],
        }

    @classmethod
    def request(cls, name: str) -> FormRequest:
        """A conversation with `name`."""
        return FormRequest(
            cls,
            {},
            lambda s, p: people.add_contact(s, name, **p),
            lambda r: f"Logged a conversation with {r[1]}.",
            title=f"Conversation with {name}",
        )


class AskForm(FormScreen):
    TITLE_TEXT = "Ask for feedback"
    FIELDS = [
        Field("about", "What about?", placeholder="How I ran the incident review"),
        Field("due", "Needed by (optional)", placeholder="next friday · in 2 weeks"),
        Field("entry", "About entry # (optional)", placeholder="12"),
    ]

    def validate(self, v: dict[str, Any]) -> dict[str, Any]:
        today = self.today
        entry = v["entry"].strip().lstrip("#")
        if entry and not entry.isdigit():
            raise JournalError(f"'about entry' takes an entry number, not {v['entry']!r}")
        return {
            "about": clean_text(v["about"], what="what the ask is about", limit=2_000),
            "asked_on": today,
            "due_on": _day(v["due"], today, "future", default_today=False),
            "entry_id": int(entry) if entry else None,
        }

    @classmethod
    def request(cls, name: str, about: int | None) -> FormRequest:
        """Ask `name` for feedback, about the selected entry if any."""
        return FormRequest(
            cls,
            {"entry": str(about) if about else ""},
            lambda s, p: people.add_ask(s, name, **p),
            lambda r: f"Asked {r[1]} for feedback (ask {r[0]}).",
            title=f"Ask {name} for feedback",
        )
