"""Export and import: the user's data is theirs, in formats other tools read.

Our JSON format is declared table by table in `SECTIONS`.  A `Section` says which
JSON key holds its records, which table they come from, each field's validator
(the same functions in `validate.py` that the CLI and the app use: a wrong type or
a dirty text is refused or cleaned exactly as if typed), which fields hold ids of
another section (remapped on import), how rows are exported, and the write-layer
call (`writes.py`) that stores one record.  Import and export are generic over
sections, so a new table joins the format in a few lines:

    SECTIONS.append(Section(
        key="notes", singular="note", table="note",
        fields={"id": ID, "text": Field(text_field, required=True), "about": Field(optional_id, ref="entries"),
                "created_at": STAMP, "updated_at": STAMP},
        export=lambda conn: [dict(r) for r in rows(conn, "SELECT id, text, entry_id AS about, created_at, updated_at FROM note")],
        write=lambda imp, rec, keep_id: writes.insert_note(imp.conn, text=rec["text"], entry_id=rec["about"],
                                                           note_id=_kept(rec, keep_id), created_at=rec["created_at"]),
    ))

where `writes.insert_note` validates and stamps the row again (the write layer is the last word for every caller).

Put it after the sections it refers to (`ref`), since records are imported in
`SECTIONS` order.  A ref that must point forward (a goal's `from_feedback`: goals come
before the entries that feedback is about) is marked `late="column"`: the column is set
once every section is written, and the duplicate check compares the referenced record's
own fields instead of its id.

Format version 2 added goal history and origin, feedback responses, the target role and
its criteria, check-ins, people's roles, contacts and asks; version 3 added the commits an
entry came from (`"commits": [{"hash", "repo", "subject"}]` on each entry, from `journal inbox
accept`: imported, they are never offered by `journal harvest` again); version 4 the promotion
conversations (`"promotions"`, `journal promo`).  Version 1, 2 and 3 files
still import (what they lack is empty), and an older journal_tui refuses a newer file rather
than silently dropping what it does not know.  The inbox itself (waiting and skipped suggestions,
the remembered repositories and skill rules) is not exported: it is this machine's view of its
repositories, and a harvest on the other machine builds its own.

The promises (each tested in tests/test_exchange.py):
- All or nothing: every record is validated before the write lock is taken, then
  written in one transaction; a bad record is refused with its position and field,
  and nothing is written.
- Exact: into an empty journal, ids and timestamps are kept, so export followed by
  import gives back the same journal field for field, whatever the content (two
  identical entries stay two).
- Re-import adds nothing: a record is skipped only when a record identical in every
  field (ids and timestamps aside) was in the journal before the import, one for one.
- Linear: the duplicate check is one hash lookup per record, whatever the dates.
"""

import csv
import io
import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from journal_tui.data.conn import Connection, IntegrityError, dicts
from journal_tui.data import db, writes
from journal_tui.errors import JournalError
from journal_tui.data.journal_files import is_journal_file
from journal_tui.plurals import plural
from journal_tui.query import KINDS, ROLES
from journal_tui.validate import (TITLE_LIMIT, check_bool, check_choice, check_date, check_id, check_number, check_timestamp,
                                  clean_line, clean_name, clean_names, clean_optional, clean_text, name_key,
                                  strip_controls)

FORMAT_NAME = "journal_tui"
FORMAT_VERSION = 4  # 2 added goal history, responses, role and criteria, check-ins, people; 3 an entry's commits;
#                    4 promotion conversations
CSV_FIELDS = ["date", "text", "project", "skills", "impact", "starred"]


# how the import summary counts each section beyond the first four (a JSON key is not always the word: "checkins")
IMPORTED_NOUNS = {"people": ("person", "people"), "contacts": ("contact", "contacts"), "asks": ("ask", "asks"),
                  "role": ("role", "roles"), "criteria": ("criterion", "criteria"), "checkins": ("check-in", "check-ins")}


@dataclass
class ImportResult:
    counts: Counter[str] = field(default_factory=Counter)
    skipped: int = 0

    def summary(self) -> str:
        parts = [plural(self.counts["entries"], "entry", "entries"), plural(self.counts["goals"], "goal"),
                 plural(self.counts["milestones"], "milestone"), plural(self.counts["feedback"], "feedback", "feedback")]
        parts += [plural(n, *IMPORTED_NOUNS.get(k, (k, k))) for k, n in self.counts.items()
                  if k not in ("entries", "goals", "milestones", "feedback")]
        return "Imported " + ", ".join(parts) + (f"; {self.skipped} already present" if self.skipped else "")

    def __getattr__(self, name: str) -> int:  # result.entries, result.goals ...
        if name.startswith("_"):
            raise AttributeError(name)
        return self.counts[name]


# --- field validators: (value, what) -> the cleaned value -------------------------------------------

Check = Callable[[Any, str], Any]


def text_field(value: Any, what: str) -> str:
    return clean_text(value, what=what)


def title_field(value: Any, what: str) -> str:
    return clean_line(value, what=what, limit=TITLE_LIMIT)


def line_field(limit: int) -> Check:
    """A one-line field (a role title, a criterion name): cleaned and folded as the write layer does, so a
    re-imported file finds the record it wrote."""
    return lambda value, what: clean_line(value, what=what, limit=limit)


def optional_text(value: Any, what: str) -> str | None:
    return clean_optional(value, what=what)


def optional_name(value: Any, what: str) -> str | None:
    return None if value is None or value == "" else clean_name(value, what=what)


def name_list(value: Any, what: str) -> list[str]:
    return clean_names(value, what=what)


def date_field(value: Any, what: str) -> str:
    return check_date(value, what=what).isoformat()


def optional_date(value: Any, what: str) -> str | None:
    day = check_date(value, what=what, optional=True)
    return day.isoformat() if day else None


def optional_id(value: Any, what: str) -> int | None:
    return check_id(value, what=what, optional=True)


def id_list(value: Any, what: str) -> list[int]:
    if not isinstance(value, list):
        raise JournalError(f"{what} must be a list of ids, not {value!r:.40}")
    return [check_id(v, what=what) for v in value]


def optional_stamp(value: Any, what: str) -> str | None:
    return None if value is None else check_timestamp(value, what=what)


def boolean(value: Any, what: str) -> bool:
    return check_bool(value, what=what)


def number(value: Any, what: str) -> float | None:
    return check_number(value, what=what)


def limited_text(limit: int, required: bool = True) -> Check:
    if required:
        return lambda value, what: clean_text(value, what=what, limit=limit)
    return lambda value, what: clean_optional(value, what=what, limit=limit)


def choice(*choices: str) -> Check:
    return lambda value, what: check_choice(value, choices, what=what)


@dataclass(frozen=True)
class Field:
    """One JSON field: its validator, whether it must be present, and which section's ids it holds."""

    check: Check
    required: bool = False
    default: Any = None
    ref: str | None = None  # JSON key of the section whose ids this holds: remapped on import
    identity: bool = True  # part of what makes two records "the same" for re-import
    norm: Callable[[Any], Any] | None = None  # how the value compares (names ignore case)
    # a ref to a section imported later (a goal's origin feedback): the column set once every section is written;
    # for the duplicate check the referenced record's own fields stand for its id
    late: str | None = None


ID = Field(optional_id, identity=False)
STAMP = Field(optional_stamp, identity=False)
NAME = Field(optional_name, norm=lambda v: v and name_key(v))
NAMES = Field(name_list, default=(), norm=lambda v: sorted({name_key(n) for n in v}))


def records(fields: dict[str, Field]) -> Check:
    """A validator for a list of nested records (a goal's milestones)."""
    def check(value: Any, what: str) -> list[dict[str, Any]]:
        if not isinstance(value, list):
            raise JournalError(f"{what} must be a list, not {value!r:.40}")
        return [validate_record(fields, v, f"{what} {i}") for i, v in enumerate(value, 1)]
    return check


def validate_record(fields: dict[str, Field], raw: Any, where: str = "") -> dict[str, Any]:
    """Type-check and clean one record; the message names the position and the field."""
    if not isinstance(raw, dict):
        raise JournalError(f"{where + ': ' if where else ''}expected an object with fields, not {raw!r:.40}")
    out: dict[str, Any] = {}
    for key, spec in fields.items():
        if key not in raw or (raw[key] is None and (spec.required or spec.default is not None)):
            if spec.required:
                raise JournalError(f"{where + ': ' if where else ''}field '{key}' is missing")
            out[key] = list(spec.default) if isinstance(spec.default, tuple) else spec.default
            continue
        try:
            out[key] = spec.check(raw[key], f"'{key}'")
        except JournalError as exc:
            raise JournalError(f"{where + ': ' if where else ''}{exc}") from None
    return out


def _freeze(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(sorted((_freeze(v) for v in value), key=repr))
    if isinstance(value, dict):
        return tuple(sorted((k, _freeze(v)) for k, v in value.items()))
    return value


@dataclass(frozen=True)
class Section:
    """One table in our JSON format (see the module docstring)."""

    key: str  # JSON key of the record list
    singular: str  # how a record is named in messages
    table: str
    fields: dict[str, Field]
    export: Callable[[Connection], list[dict[str, Any]]]
    write: Callable[["Importer", dict[str, Any], bool], int]  # (importer, valid record with ids remapped, keep ids)
    # optional bulk form for big sections: (importer, [(position, record, prepared)], keep ids) -> new ids, in order
    write_many: Callable[["Importer", list[tuple[str, dict[str, Any], Any]], bool], list[int]] | None = None
    # optional: the write layer's validation of one record, run before the write lock is taken
    prepare: Callable[[dict[str, Any]], Any] | None = None
    # fields that cheaply tell most records apart: the full identity is compared only when these match
    match_on: tuple[str, ...] = ()

    def quick(self, rec: dict[str, Any]) -> Any:
        return tuple(rec[k] for k in self.match_on)

    def identity(self, rec: dict[str, Any]) -> Any:
        """What makes two records the same, ids and timestamps aside."""
        return tuple((k, _freeze(f.norm(rec[k]) if f.norm else rec[k]))
                     for k, f in self.fields.items() if f.identity)


def rows(conn: Connection, sql: str, *args: Any) -> list[dict[str, Any]]:
    return dicts(conn.execute(sql, args))


def _links(conn: Connection, sql: str) -> dict[int, list[Any]]:
    out: dict[int, list[Any]] = {}
    for owner, value in conn.execute(sql):
        out.setdefault(owner, []).append(value)
    return {k: sorted(v, key=lambda x: x.casefold() if isinstance(x, str) else x) for k, v in out.items()}


# --- goals (with their milestones) --------------------------------------------------------------

MILESTONE_FIELDS = {"id": ID, "title": Field(title_field, required=True), "due": Field(optional_date),
                    "done": Field(optional_date), "created_at": STAMP}
PROGRESS_FIELDS = {"id": ID, "date": Field(date_field, required=True), "value": Field(number), "created_at": STAMP}
STATUS_CHANGE_FIELDS = {"id": ID, "date": Field(date_field, required=True),
                        "status": Field(choice(*writes.GOAL_STATUSES), required=True), "created_at": STAMP}


def _nested(conn: Connection, sql: str, shape: Callable[[dict[str, Any]], dict[str, Any]]) -> dict[int, list[Any]]:
    out: dict[int, list[dict[str, Any]]] = {}
    for r in rows(conn, sql):
        out.setdefault(r["goal_id"], []).append(shape(r))
    return out


def _export_goals(conn: Connection) -> list[dict[str, Any]]:
    milestones = _nested(conn, "SELECT * FROM milestone ORDER BY id", lambda m: {
        "id": m["id"], "title": m["title"], "due": m["due_on"], "done": m["done_on"], "created_at": m["created_at"]})
    progress = _nested(conn, "SELECT * FROM goal_progress ORDER BY id", lambda p: {
        "id": p["id"], "date": p["recorded_on"], "value": p["value"], "created_at": p["created_at"]})
    changes = _nested(conn, "SELECT * FROM goal_status_change ORDER BY id", lambda c: {
        "id": c["id"], "date": c["changed_on"], "status": c["status"], "created_at": c["created_at"]})
    return [{
        "id": g["id"], "title": g["title"], "specific": g["specific"], "measure": g["measure"],
        "baseline": g["baseline"], "target": g["target"], "current": g["current"], "relevant": g["relevant"],
        "due": g["due_on"], "status": g["status"], "achieved_on": g["achieved_on"], "from_feedback": g["feedback_id"],
        "created_at": g["created_at"], "updated_at": g["updated_at"], "milestones": milestones.get(g["id"], []),
        "progress": progress.get(g["id"], []), "status_changes": changes.get(g["id"], []),
    } for g in rows(conn, "SELECT * FROM goal ORDER BY id")]


def _write_goal(imp: "Importer", g: dict[str, Any], keep_id: bool) -> int:
    goal_id = writes.insert_goal(
        imp.conn, title=g["title"], specific=g["specific"], measure=g["measure"], target=g["target"],
        current=g["current"], relevant=g["relevant"], due_on=g["due"], status=g["status"],
        achieved_on=g["achieved_on"], goal_id=g["id"] if keep_id else None, created_at=g["created_at"],
        updated_at=g["updated_at"], baseline=g["baseline"])  # from_feedback: set once feedback is written
    for m in g["milestones"]:
        writes.insert_milestone(imp.conn, goal_id, m["title"], m["due"], m["done"],
                                milestone_id=m["id"] if keep_id else None, created_at=m["created_at"])
        imp.result.counts["milestones"] += 1
    for p in g["progress"]:
        writes.insert_progress(imp.conn, goal_id, p["date"], p["value"], progress_id=_kept(p, keep_id),
                               created_at=p["created_at"])
    for c in g["status_changes"]:
        writes.insert_status_change(imp.conn, goal_id, c["date"], c["status"], change_id=_kept(c, keep_id),
                                    created_at=c["created_at"])
    return goal_id


def _kept(rec: dict[str, Any], keep_id: bool) -> int | None:
    """The record's own id when the import keeps ids (and it has one)."""
    return rec["id"] if keep_id and rec["id"] else None


def _without(*keys: str) -> Callable[[Any], Any]:
    return lambda items: [{k: v for k, v in item.items() if k not in keys} for item in items]


GOALS = Section(
    key="goals", singular="goal", table="goal",
    fields={"id": ID, "title": Field(title_field, required=True), "specific": Field(optional_text),
            "measure": Field(optional_text), "baseline": Field(number), "target": Field(number),
            "current": Field(number), "relevant": Field(optional_text), "due": Field(optional_date),
            "status": Field(choice(*writes.GOAL_STATUSES), default="active"), "achieved_on": Field(optional_date),
            "from_feedback": Field(optional_id, ref="feedback", late="feedback_id"),
            "created_at": STAMP, "updated_at": STAMP,
            "milestones": Field(records(MILESTONE_FIELDS), default=(), norm=_without("id", "created_at")),
            "progress": Field(records(PROGRESS_FIELDS), default=(), norm=_without("id", "created_at")),
            "status_changes": Field(records(STATUS_CHANGE_FIELDS), default=(), norm=_without("id", "created_at"))},
    export=_export_goals, write=_write_goal, match_on=("title",),
)


# --- entries --------------------------------------------------------------------------------------


def _export_entries(conn: Connection) -> list[dict[str, Any]]:
    from journal_tui.harvest import all_entry_commits  # the feature's SQL stays in harvest.py

    skills = _links(conn, "SELECT l.entry_id, s.name FROM entry_skill l JOIN skill s ON s.id = l.skill_id")
    goals = _links(conn, "SELECT entry_id, goal_id FROM entry_goal")
    commits = all_entry_commits(conn)
    return [{
        "id": r["id"], "date": r["occurred_on"], "text": r["text"], "project": r["project"],
        "skills": skills.get(r["id"], []), "impact": r["impact"], "starred": bool(r["starred"]), "extra": bool(r["extra"]),
        "goals": goals.get(r["id"], []), "commits": commits.get(r["id"], []),
        "created_at": r["created_at"], "updated_at": r["updated_at"],
    } for r in rows(conn, "SELECT e.*, p.name AS project FROM entry e LEFT JOIN project p ON p.id = e.project_id "
                          "ORDER BY e.occurred_on, e.id")]


def _prepare_entry(e: dict[str, Any]) -> dict[str, Any]:
    return writes.prepare_entry(text=e["text"], occurred_on=check_date(e["date"], what="date"), project=e["project"],
                                skills=e["skills"], impact=e["impact"], starred=e["starred"], extra=e["extra"],
                                created_at=e["created_at"], updated_at=e["updated_at"])


def _write_entries(imp: "Importer", items: list[tuple[str, dict[str, Any], Any]], keep_id: bool) -> list[int]:
    prepared = [{**(pre or _prepare_entry(e)), "goal_ids": e["goals"], "id": e["id"] if keep_id else None}
                for _, e, pre in items]
    ids = writes.insert_entries(imp.conn, prepared)
    with_commits = [(entry_id, e["commits"]) for entry_id, (_, e, _) in zip(ids, items, strict=True) if e["commits"]]
    if with_commits:
        from journal_tui.data.writes.harvest import add_entry_commits

        for entry_id, commits in with_commits:
            add_entry_commits(imp.conn, entry_id, commits)
    return ids


def commit_hash(value: Any, what: str) -> str:
    from journal_tui.data.writes.harvest import check_hash

    try:
        return check_hash(value)
    except JournalError:
        raise JournalError(f"{what} must be a commit hash (40 or 64 hexadecimal digits), not {value!r:.50}") from None


# the commits an entry came from (journal inbox accept): hash, repository path, subject
COMMIT_FIELDS = {"hash": Field(commit_hash, required=True), "repo": Field(limited_text(4_096), required=True),
                 "subject": Field(limited_text(1_000, required=False))}

ENTRIES = Section(
    key="entries", singular="entry", table="entry",
    fields={"id": ID, "date": Field(date_field, required=True), "text": Field(text_field, required=True),
            "project": NAME, "skills": NAMES, "impact": Field(optional_text), "starred": Field(boolean, default=False),
            "extra": Field(boolean, default=False),
            "goals": Field(id_list, default=(), ref="goals"),
            "commits": Field(records(COMMIT_FIELDS), default=()), "created_at": STAMP, "updated_at": STAMP},
    export=_export_entries,
    write=lambda imp, e, keep_id: _write_entries(imp, [("", e, None)], keep_id)[0],
    write_many=_write_entries, prepare=_prepare_entry, match_on=("date", "text"),
)


# --- feedback -------------------------------------------------------------------------------------


def _export_feedback(conn: Connection) -> list[dict[str, Any]]:
    tags = _links(conn, "SELECT l.feedback_id, t.name FROM feedback_tag l JOIN tag t ON t.id = l.tag_id")
    skills = _links(conn, "SELECT l.feedback_id, s.name FROM feedback_skill l JOIN skill s ON s.id = l.skill_id")
    responses = _links(conn, "SELECT feedback_id, entry_id FROM feedback_response")
    return [{
        "id": f["id"], "date": f["received_on"], "from": f["person"], "kind": f["kind"], "text": f["text"],
        "tags": tags.get(f["id"], []), "skills": skills.get(f["id"], []), "project": f["project"],
        "about": f["entry_id"], "responses": responses.get(f["id"], []),
        "created_at": f["created_at"], "updated_at": f["updated_at"],
    } for f in rows(conn, "SELECT f.*, pe.name AS person, p.name AS project FROM feedback f "
                          "JOIN person pe ON pe.id = f.person_id LEFT JOIN project p ON p.id = f.project_id "
                          "ORDER BY f.received_on, f.id")]


FEEDBACK = Section(
    key="feedback", singular="feedback", table="feedback",
    fields={"id": ID, "date": Field(date_field, required=True),
            "from": Field(lambda v, w: clean_name(v, what=w), required=True, norm=name_key),
            "kind": Field(choice(*KINDS), default="praise"), "text": Field(text_field, required=True),
            "tags": NAMES, "skills": NAMES, "project": NAME, "about": Field(optional_id, ref="entries"),
            "responses": Field(id_list, default=(), ref="entries"), "created_at": STAMP, "updated_at": STAMP},
    export=_export_feedback,
    write=lambda imp, f, keep_id: _write_feedback(imp, f, keep_id),
    match_on=("date", "text"),
)


def _write_feedback(imp: "Importer", f: dict[str, Any], keep_id: bool) -> int:
    feedback_id = writes.save_feedback(
        imp.conn, None, text=f["text"], person=f["from"], received_on=check_date(f["date"], what="date"),
        kind=f["kind"], tags=f["tags"], skills=f["skills"], project=f["project"], entry_id=f["about"],
        new_id=f["id"] if keep_id else None, created_at=f["created_at"], updated_at=f["updated_at"])
    writes.add_responses(imp.conn, feedback_id, f["responses"])
    return feedback_id

# --- people (role, team, note), contacts and asks (people.py) ----------------------------------------


def person_name(value: Any, what: str) -> str:
    return clean_name(value, what=what)


def optional_choice(*choices: str) -> Check:
    return lambda value, what: None if value is None or value == "" else check_choice(value, choices, what=what)


PERSON = Field(person_name, required=True, norm=name_key)


def _write_person(imp: "Importer", p: dict[str, Any], keep_id: bool) -> int:
    person_id = writes.name_id(imp.conn, "person", p["name"])
    name, *have = imp.conn.execute("SELECT name, role, team, note FROM person WHERE id = ?", (person_id,)).fetchone()
    for column, old in zip(("role", "team", "note"), have):
        if old is not None and p[column] is not None and old != p[column]:
            raise JournalError(f"{name} is already in the journal with {column} {old!r}, not {p[column]!r}; "
                               f"change one of them first (`journal person set`)")
    writes.update_person(imp.conn, person_id, **{column: p[column] for column, old in zip(("role", "team", "note"), have)
                                                 if old is None and p[column] is not None})
    return person_id


PEOPLE = Section(
    key="people", singular="person", table="person",
    fields={"id": ID, "name": PERSON, "role": Field(optional_choice(*ROLES)),
            "team": Field(limited_text(writes.TEAM_LIMIT, required=False)), "note": Field(optional_text)},
    export=lambda conn: [dict(r) for r in rows(
        conn, "SELECT id, name, role, team, note FROM person "
              "WHERE role IS NOT NULL OR team IS NOT NULL OR note IS NOT NULL ORDER BY id")],
    write=_write_person, match_on=("name",),
)

def _write_contact(imp: "Importer", c: dict[str, Any], keep_id: bool) -> int:
    return writes.insert_contact(imp.conn, writes.name_id(imp.conn, "person", c["person"]), met_on=c["date"],
                                 text=c["text"], kind=c["kind"], contact_id=_kept(c, keep_id), created_at=c["created_at"])


def _write_ask(imp: "Importer", a: dict[str, Any], keep_id: bool) -> int:
    return writes.insert_ask(imp.conn, writes.name_id(imp.conn, "person", a["person"]), asked_on=a["date"],
                             about=a["about"], entry_id=a["about_entry"], due_on=a["due"], status=a["status"],
                             closed_on=a["closed_on"], feedback_id=a["answer"], ask_id=_kept(a, keep_id),
                             created_at=a["created_at"])


CONTACTS = Section(
    key="contacts", singular="contact", table="contact",
    fields={"id": ID, "person": PERSON, "date": Field(date_field, required=True),
            "kind": Field(optional_choice(*writes.CONTACT_KINDS)), "text": Field(limited_text(writes.CONTACT_LIMIT), required=True),
            "created_at": STAMP},
    export=lambda conn: [dict(r) for r in rows(
        conn, "SELECT c.id, p.name AS person, c.met_on AS date, c.kind, c.text, c.created_at FROM contact c "
              "JOIN person p ON p.id = c.person_id ORDER BY c.id")],
    write=lambda imp, c, keep_id: _write_contact(imp, c, keep_id),
    match_on=("date", "text"),
)

ASKS = Section(
    key="asks", singular="ask", table="ask",
    fields={"id": ID, "person": PERSON, "date": Field(date_field, required=True),
            "about": Field(limited_text(writes.ASK_LIMIT), required=True), "about_entry": Field(optional_id, ref="entries"),
            "due": Field(optional_date), "status": Field(choice(*writes.ASK_STATUSES), default="open"),
            "closed_on": Field(optional_date), "answer": Field(optional_id, ref="feedback"), "created_at": STAMP},
    export=lambda conn: [dict(r) for r in rows(
        conn, "SELECT a.id, p.name AS person, a.asked_on AS date, a.about, a.entry_id AS about_entry, a.due_on AS due, "
              "a.status, a.closed_on, a.feedback_id AS answer, a.created_at FROM ask a "
              "JOIN person p ON p.id = a.person_id ORDER BY a.id")],
    write=lambda imp, a, keep_id: _write_ask(imp, a, keep_id),
    match_on=("date", "about"),
)


# --- the target role and its criteria (roles.py) ---------------------------------------------------


def _write_role(imp: "Importer", r: dict[str, Any], keep_id: bool) -> int:
    held = imp.conn.execute("SELECT title FROM role LIMIT 1").fetchone()
    if held is not None:
        raise JournalError(f"the journal already targets the role {held[0]!r}, not {r['title']!r}; "
                           "a journal has one target role (`journal role set` changes it)")
    return writes.insert_role(imp.conn, r["title"], created_at=r["created_at"], updated_at=r["updated_at"])


def need_field(value: Any, what: str) -> int:
    return writes.check_need(value, what)


def _write_criterion(imp: "Importer", c: dict[str, Any], keep_id: bool) -> int:
    criterion_id = writes.insert_criterion(
        imp.conn, name=c["name"], need=c["need"], note=c["note"], skills=c["skills"],
        criterion_id=_kept(c, keep_id), created_at=c["created_at"], updated_at=c["updated_at"])
    writes.add_criterion_entries(imp.conn, criterion_id, c["entries"])
    return criterion_id


ROLE = Section(
    key="role", singular="role", table="role",
    fields={"id": ID, "title": Field(line_field(writes.ROLE_LIMIT), required=True), "created_at": STAMP, "updated_at": STAMP},
    export=lambda conn: [dict(r) for r in rows(conn, "SELECT id, title, created_at, updated_at FROM role ORDER BY id")],
    write=_write_role,
)


def _export_criteria(conn: Connection) -> list[dict[str, Any]]:
    skills = _links(conn, "SELECT l.criterion_id, s.name FROM criterion_skill l JOIN skill s ON s.id = l.skill_id")
    entries = _links(conn, "SELECT criterion_id, entry_id FROM criterion_entry")
    return [{**dict(c), "skills": skills.get(c["id"], []), "entries": entries.get(c["id"], [])}
            for c in rows(conn, "SELECT id, name, need, note, created_at, updated_at FROM criterion ORDER BY id")]


CRITERIA = Section(
    key="criteria", singular="criterion", table="criterion",
    fields={"id": ID, "name": Field(line_field(writes.CRITERION_LIMIT), required=True), "need": Field(need_field, default=1),
            "note": Field(optional_text), "skills": NAMES, "entries": Field(id_list, default=(), ref="entries"),
            "created_at": STAMP, "updated_at": STAMP},
    export=_export_criteria, write=_write_criterion, match_on=("name",),
)


# --- check-ins and their reflections (checkin.py) ------------------------------------------------


def _reflection_lesson(value: Any, what: str) -> str | None:
    return clean_optional(value, what=what, limit=writes.ITEM_LIMIT)


REFLECTION_FIELDS = {"id": ID, "kind": Field(choice(*writes.REFLECTION_KINDS), required=True),
                     "text": Field(limited_text(writes.ITEM_LIMIT), required=True),
                     "lesson": Field(_reflection_lesson)}


def _export_checkins(conn: Connection) -> list[dict[str, Any]]:
    items: dict[int, list[dict[str, Any]]] = {}
    for r in rows(conn, "SELECT * FROM reflection ORDER BY checkin_id, position, id"):
        items.setdefault(r["checkin_id"], []).append(
            {"id": r["id"], "kind": r["kind"], "text": r["text"], "lesson": r["lesson"]})
    return [{"id": c["id"], "date": c["checked_on"], "items": items.get(c["id"], []), "created_at": c["created_at"],
             "updated_at": c["updated_at"]} for c in rows(conn, "SELECT * FROM checkin ORDER BY checked_on, id")]


def _write_checkin(imp: "Importer", c: dict[str, Any], keep_id: bool) -> int:
    return writes.insert_checkin(imp.conn, c["date"], c["items"], checkin_id=_kept(c, keep_id),
                                 created_at=c["created_at"], updated_at=c["updated_at"], keep_ids=keep_id)


CHECKINS = Section(
    key="checkins", singular="check-in", table="checkin",
    fields={"id": ID, "date": Field(date_field, required=True),
            "items": Field(records(REFLECTION_FIELDS), default=(), norm=lambda items: [
                (i["kind"], i["text"], i["lesson"] if i["kind"] == "setback" else None, n)
                for n, i in enumerate(items)]),
            "created_at": STAMP, "updated_at": STAMP},
    export=_export_checkins, write=_write_checkin, match_on=("date",),
)

# --- promotion conversations (promo.py) --------------------------------------------------------------


def _write_promo(imp: "Importer", c: dict[str, Any], keep_id: bool) -> int:
    person_id = None if c["with"] is None else writes.name_id(imp.conn, "person", c["with"])
    return writes.insert_promo(imp.conn, talked_on=c["date"], outcome=c["outcome"], person_id=person_id,
                               note=c["note"], retry_on=c["retry"], promo_id=_kept(c, keep_id),
                               created_at=c["created_at"])


PROMOTIONS = Section(
    key="promotions", singular="promotion conversation", table="promo",
    fields={"id": ID, "date": Field(date_field, required=True),
            "outcome": Field(choice(*writes.OUTCOMES), required=True), "with": NAME,
            "note": Field(limited_text(writes.PROMO_NOTE_LIMIT, required=False)), "retry": Field(optional_date),
            "created_at": STAMP},
    export=lambda conn: [dict(r) for r in rows(
        conn, "SELECT c.id, c.talked_on AS date, c.outcome, p.name AS \"with\", c.note, c.retry_on AS retry, c.created_at "
              "FROM promo c LEFT JOIN person p ON p.id = c.person_id ORDER BY c.id")],
    write=_write_promo, match_on=("date", "outcome"),
)

# Tables `journal export` leaves out on purpose: the inbox and the repositories it was harvested from are this
# machine's view of its own folders (an entry's commits, `entry_commit`, go with the entry).
LOCAL_TABLES = ("harvest_repo", "harvest_skill", "suggestion", "harvest_commit")

# Import order: a section comes after the sections its fields refer to (a `late` ref excepted).
SECTIONS: list[Section] = [GOALS, ENTRIES, FEEDBACK, PEOPLE, CONTACTS, ASKS, ROLE, CRITERIA, CHECKINS, PROMOTIONS]
SECTION = {s.key: s for s in SECTIONS}


# --- export ---------------------------------------------------------------------------------------


def export_data(conn: Connection) -> dict[str, Any]:
    """The whole journal as plain data, in the documented JSON shape."""
    data: dict[str, Any] = {"format": FORMAT_NAME, "version": FORMAT_VERSION}
    for section in SECTIONS:
        data[section.key] = section.export(conn)
    data["names"] = {t: [r[0] for r in conn.execute(f"SELECT name FROM {t} ORDER BY id")] for t in writes.NAME_TABLES}
    return data


# A spreadsheet runs a cell that starts with one of these as a formula (=HYPERLINK(...), @SUM(...), +1-1, -2+3;
# a leading tab or line break hides one).  OWASP's rule: write such a cell with a `'` in front, which the
# spreadsheet shows as text.  Cells already starting with quotes before one of these get one quote more, so
# importing our own export can always take exactly one quote off (`csv_value`) and get the text back.
_FORMULA_CELL = re.compile(r"'*[=+\-@\t\r\n]")
_QUOTED_CELL = re.compile(r"''*[=+\-@\t\r\n]")


def csv_cell(value: str) -> str:
    """A CSV cell a spreadsheet shows as text: `'` before a cell it would run as a formula (see `csv_value`)."""
    return "'" + value if _FORMULA_CELL.match(value) else value


def csv_value(cell: str) -> str:
    """The text a CSV cell holds: the `'` that `csv_cell` (or a spreadsheet) put before a formula-like cell goes."""
    return cell[1:] if _QUOTED_CELL.match(cell) else cell


def export_csv(conn: Connection) -> str:
    """The entries as CSV (date, text, project, skills, impact, starred), formula-like cells neutralised."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for e in ENTRIES.export(conn):
        row = {"date": e["date"], "text": e["text"], "project": e["project"] or "", "skills": "; ".join(e["skills"]),
               "impact": e["impact"] or "", "starred": "yes" if e["starred"] else ""}
        # control codes out first (what an older version stored): a bare CR is a line break the writer would not
        # quote, and the document's own cleaning would turn it into a newline that splits the row
        writer.writerow({k: csv_cell(strip_controls(v)) for k, v in row.items()})
    return buf.getvalue()


# --- import: prepare (outside the lock), then write (one transaction) ------------------------------


@dataclass
class Prepared:
    """A whole file, validated: names to create, then (section, position, record) in import order."""

    names: dict[str, list[str]] = field(default_factory=dict)
    records: list[tuple[Section, str, dict[str, Any], Any]] = field(default_factory=list)

    def add(self, section: Section, where: str, raw: Any) -> None:
        rec = validate_record(section.fields, raw, where)
        try:
            pre = section.prepare(rec) if section.prepare else None
        except JournalError as exc:
            raise JournalError(f"{where}: {exc}") from None
        self.records.append((section, where, rec, pre))


class Importer:
    """Writes prepared records inside the caller's transaction: remaps ids, skips true duplicates."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.result = ImportResult()
        tables = {s.table for s in SECTIONS}
        self.keep_ids = all(conn.execute(f"SELECT 1 FROM {t} LIMIT 1").fetchone() is None for t in tables)
        self.ids: dict[str, dict[int, int]] = {s.key: {} for s in SECTIONS}
        self._existing: dict[str, dict[Any, dict[Any, list[int]]]] = {}
        self._by_id: dict[str, dict[int, dict[str, Any]]] = {}
        self.file_records: dict[str, dict[int, dict[str, Any]]] = {}  # section key -> file id -> record (late refs)
        self._late: list[tuple[str, str, int, str, int]] = []  # (table, column, new id, ref section, file id)

    def _shallow(self, key: str, rec: dict[str, Any] | None) -> Any:
        """A referenced record's own fields (its refs aside): what a late ref compares by."""
        if rec is None:
            return None
        section = SECTION[key]
        return tuple((k, _freeze(f.norm(rec[k]) if f.norm else rec[k]))
                     for k, f in section.fields.items() if f.identity and f.ref is None)

    def _journal_records(self, key: str) -> dict[int, dict[str, Any]]:
        if key not in self._by_id:
            found = {}
            for raw in SECTION[key].export(self.conn):
                try:
                    found[raw["id"]] = validate_record(SECTION[key].fields, raw)
                except JournalError:
                    continue
            self._by_id[key] = found
        return self._by_id[key]

    def _late_view(self, section: Section, rec: dict[str, Any], records: Callable[[str], dict[int, Any]]) -> dict[str, Any]:
        """`rec` with each late ref replaced by the referenced record's own fields (for the duplicate check)."""
        out = dict(rec)
        for key, spec in section.fields.items():
            if spec.late and spec.ref and rec[key] is not None:
                out[key] = self._shallow(spec.ref, records(spec.ref).get(rec[key]))
        return out

    def finish(self) -> None:
        """Set the late refs of the records written, now that every section has its ids."""
        for table, column, new_id, ref, old in self._late:
            writes.update_row(self.conn, table, new_id, {column: self.ids[ref][old]})

    def existing(self, section: Section) -> dict[Any, dict[Any, list[int]]]:
        """quick key -> identity -> ids of the records the journal held before this import (read once)."""
        if section.key not in self._existing:
            found: dict[Any, dict[Any, list[int]]] = {}
            if not self.keep_ids:
                for raw in section.export(self.conn):
                    try:
                        rec = validate_record(section.fields, raw)
                    except JournalError:
                        continue  # an old, odd row can equal nothing valid
                    rec = self._late_view(section, rec, self._journal_records)
                    found.setdefault(section.quick(rec), {}).setdefault(section.identity(rec), []).append(raw["id"])
            self._existing[section.key] = found
        return self._existing[section.key]

    def _same(self, section: Section, rec: dict[str, Any]) -> list[int] | None:
        """Ids of existing records identical to `rec` (a hash lookup: imports stay linear)."""
        candidates = self.existing(section).get(section.quick(rec))
        if not candidates:
            return None
        return candidates.get(section.identity(self._late_view(section, rec, lambda k: self.file_records.get(k, {}))))

    def _remap(self, section: Section, where: str, rec: dict[str, Any]) -> dict[str, Any]:
        out = dict(rec)
        for key, spec in section.fields.items():
            if spec.ref is None or rec[key] is None:
                continue
            known = self.ids[spec.ref] if not spec.late else self.file_records.get(spec.ref, {})
            target = SECTION[spec.ref].singular
            values = rec[key] if isinstance(rec[key], list) else [rec[key]]
            for old in values:
                if old not in known:
                    raise JournalError(f"{where}: '{key}' refers to {target} {old}, which the file does not define")
            if not spec.late:  # a late ref keeps the file's id until `finish`
                out[key] = [known[v] for v in rec[key]] if isinstance(rec[key], list) else known[rec[key]]
        return out

    def put_many(self, section: Section, items: list[tuple[str, dict[str, Any], Any]]) -> None:
        """Write consecutive records of one section: remap ids, skip true duplicates, write the rest."""
        existing = self.existing(section)
        todo: list[tuple[str, dict[str, Any], Any]] = []
        olds: list[Any] = []
        seen = self.ids[section.key]
        pending: set[int] = set()
        for where, rec, pre in items:
            rec = self._remap(section, where, rec)
            old_id = rec.get("id")
            if old_id is not None and (old_id in seen or old_id in pending):
                raise JournalError(f"{where}: id {old_id} appears twice in the file")
            same = self._same(section, rec) if existing else None
            if same:
                new_id = same.pop()  # one existing record stands for one file record
                self.result.skipped += 1
                if old_id is not None:
                    seen[old_id] = new_id
                continue
            if section.write_many is None:
                try:
                    new_id = section.write(self, rec, self.keep_ids)
                except (JournalError, IntegrityError) as exc:  # e.g. a milestone id given twice
                    raise JournalError(f"{where}: {exc}") from None
                self.result.counts[section.key] += 1
                if old_id is not None:
                    seen[old_id] = new_id
                for key, spec in section.fields.items():
                    if spec.late and spec.ref and rec[key] is not None:
                        self._late.append((section.table, spec.late, new_id, spec.ref, rec[key]))
            else:
                todo.append((where, rec, pre))
                olds.append(old_id)
                if old_id is not None:
                    pending.add(old_id)
        if todo and section.write_many is not None:
            for old_id, new_id in zip(olds, section.write_many(self, todo, self.keep_ids)):
                if old_id is not None:
                    seen[old_id] = new_id
            self.result.counts[section.key] += len(todo)


def prepare_native(data: Any, source: str) -> Prepared:
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise JournalError(f"{source} is not a journal_tui export (try --format jrnl-json or csv)")
    version = data.get("version", FORMAT_VERSION)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise JournalError(f"{source}: \"version\" must be a whole number like {FORMAT_VERSION}, not {version!r:.40}")
    if version > FORMAT_VERSION:
        raise JournalError(f"{source} was exported by a newer journal_tui (format {version}); upgrade to import it")
    prepared = Prepared()
    names = data.get("names") or {}
    if not isinstance(names, dict):
        raise JournalError(f"{source}: \"names\" must be an object of name lists")
    for kind, values in names.items():
        if kind in writes.NAME_TABLES:
            prepared.names[kind] = clean_names(values, what=f"{source}: names: {kind}")
    for section in SECTIONS:
        items = data.get(section.key) or []
        if not isinstance(items, list):
            raise JournalError(f"{source}: \"{section.key}\" must be a list")
        for i, raw in enumerate(items, 1):
            prepared.add(section, f"{source}: {section.singular} {i}", raw)
    return prepared


def _load_json(text: str, source: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise JournalError(f"{source} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    except RecursionError:
        raise JournalError(f"{source} is nested too deeply to be a journal export") from None


def _looks_like_markdown(path: Path, text: str) -> bool:
    """Our Markdown exports, reviews and cases (`# Journal`, `# Review: ...`), or any .md file that is not JSON."""
    start = text.lstrip()[:1]
    return start not in ("{", "[") and (path.suffix.lower() in (".md", ".markdown") or text.lstrip().startswith("# "))


def prepare_file(path: Path, fmt: str | None = None) -> Prepared:
    """Read, parse and validate a whole file, without touching the journal."""
    if is_journal_file(path):  # reading it would drop this process's SQLite locks on it (`journal_files`)
        raise JournalError(f"{path} is the journal itself (or its -wal/-shm); import reads an export: journal export -o FILE")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise JournalError(f"no such file: {path}") from None
    except UnicodeDecodeError as exc:
        raise JournalError(f"cannot read {path}: not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise JournalError(f"cannot read {path}: {exc.strerror or exc}") from None
    from journal_tui import foreign  # other tools' formats, read into the same sections

    fmt = fmt or ("csv" if path.suffix.lower() == ".csv" else None)
    source = path.name
    if fmt is None and foreign.looks_like_jrnl(text):
        fmt = "jrnl"
    if fmt == "csv":
        return foreign.prepare_csv(text, source)
    if fmt == "jrnl":
        return foreign.prepare_jrnl_text(text, source)
    if fmt is None and _looks_like_markdown(path, text):
        raise JournalError(f"{source} is a Markdown document: Markdown is for reading, JSON is for moving a journal; "
                           "import what `journal export -o journal.json` writes")
    data = _load_json(text, source)
    if fmt is None:
        fmt = "json" if isinstance(data, dict) and data.get("format") == FORMAT_NAME else "jrnl-json"
    return prepare_native(data, source) if fmt == "json" else foreign.prepare_jrnl_json(data, source)


def write_prepared(conn: Connection, prepared: Prepared) -> ImportResult:
    """Write a prepared file in one transaction (all or nothing)."""
    with db.transaction(conn):
        imp = Importer(conn)
        for section, _, rec, _ in prepared.records:
            if rec.get("id") is not None:
                imp.file_records.setdefault(section.key, {}).setdefault(rec["id"], rec)
        for kind, names in prepared.names.items():
            for name in names:
                writes.name_id(conn, kind, name)
        batch: list[tuple[str, dict[str, Any], Any]] = []
        for i, (section, where, rec, pre) in enumerate(prepared.records):
            batch.append((where, rec, pre))
            last = i + 1 == len(prepared.records) or prepared.records[i + 1][0] is not section
            if last:
                imp.put_many(section, batch)
                batch = []
        imp.finish()
    return imp.result


def import_file(conn: Connection, path: Path, fmt: str | None = None) -> ImportResult:
    """Import `path`: validated whole before the write lock is taken, then written in one transaction."""
    return write_prepared(conn, prepare_file(path, fmt))
