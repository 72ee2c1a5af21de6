"""Export and import: the user's data is theirs, in formats other tools read, and journals on two machines merge.

Our JSON format is declared table by table in `SECTIONS`.  A `Section` says which
JSON key holds its records, which table they come from, each field's validator
(the same functions in `validate.py` that the CLI and the app use: a wrong type or
a dirty text is refused or cleaned exactly as if typed), which fields hold ids of
another section (remapped on import), how rows are exported, and the write-layer
call (`writes`) that stores one record.  Import and export are generic over
sections, so a new table joins the format in a few lines:

    SECTIONS.append(Section(
        key="notes", singular="note", table="note",
        fields={"id": ID, "uid": UID, "text": Field(text_field, required=True),
                "about": Field(optional_id, ref="entries"), "created_at": STAMP, "updated_at": STAMP},
        export=queries.notes,  # the rows in the JSON shape (data/queries/exchange.py holds the SQL)
        write=lambda imp, rec, keep_id: writes.insert_note(imp.conn, text=rec["text"], entry_id=rec["about"],
                                                           note_id=_kept(rec, keep_id), created_at=rec["created_at"]),
        update=_update_note,  # brings a row to a newer record of the file (what a merge needs)
    ))

where `writes.insert_note` validates and stamps the row again (the write layer is the last word for every caller).
No SQL lives here: the reads are `data/queries/exchange.py`, the writes `writes`.

Put it after the sections it refers to (`ref`), since records are imported in
`SECTIONS` order.  A ref that must point forward (a goal's `from_feedback`: goals come
before the entries that feedback is about) is marked `late="column"`: the column is set
once every section is written, and the duplicate check compares the referenced record's
own fields instead of its id.

Format versions: 2 added goal history and origin, feedback responses, the target role and
its criteria, check-ins, people's roles, contacts and asks; 3 the commits an entry came from
(`"commits": [{"hash", "repo", "subject"}]` on each entry, from `journal inbox accept`:
imported, they are never offered by `journal harvest` again); 4 the promotion conversations
(`"promotions"`, `journal promo`); 5 identity: every record (and every milestone, progress
reading and status change, and every name in `"names"`, now `{"name", "uid"}`) carries its
`uid`, records that change carry `updated_at` (milestones, people and asks too), and
`"people"` lists everyone.  Versions 1 to 4 still import (what they lack is empty), and an
older journal_tui refuses a newer file rather than silently dropping what it does not know.
The inbox itself (waiting and skipped suggestions, the remembered repositories and skill
rules) is not exported: it is this machine's view of its repositories, and a harvest on the
other machine builds its own.

The promises (each tested in tests/test_exchange.py and tests/test_identity.py):
- All or nothing: every record is validated before the write lock is taken, then
  written in one transaction; a bad record is refused with its position and field,
  and nothing is written.
- Exact: into an empty journal, ids, uids and timestamps are kept, so export followed by
  import gives back the same journal field for field, whatever the content (two
  identical entries stay two).
- Merge by identity (files with uids): a record whose uid the journal holds is the same
  record.  When they differ, the newer `updated_at` wins (the file's replaces the row, or the
  journal's stays); links (an entry's goals, a feedback's responses, a criterion's entries,
  an entry's commits) are added, never removed; milestones, progress and status changes merge
  one by one by their own uids.  What cannot be decided (changed on both sides with the same
  time, a record that has no time to compare, a rename onto a name another row holds) is
  reported line by line and this journal's row is kept.  Links are resolved through uids: the
  file's ids name its records, each record is found again by its uid.  A person is one by
  uid, else by name (names are one by their key); the target role is one.  A record without
  a uid the journal holds, identical to one of the journal's (both sides imported an export
  without uids), takes the file's uid, so their later changes merge.
- Re-import adds nothing: importing the same file twice changes nothing.  Files without uids
  (versions 1 to 4, other tools' formats) keep the rule by content: a record is skipped only
  when a record identical in every field (ids and timestamps aside) was in the journal before
  the import, one for one.
- Linear: the duplicate check is one hash lookup per record, whatever the dates.
"""

import csv
import io
import json
import re
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from journal_tui.data import db, schema, writes
from journal_tui.data.conn import Connection, IntegrityError
from journal_tui.data.journal_files import is_journal_file
from journal_tui.data.kinds import (
    ASK_STATUSES,
    CONTACT_KINDS,
    FEEDBACK_KINDS,
    GOAL_STATUSES,
    PERSON_ROLES,
    PROMO_OUTCOMES,
    REFLECTION_KINDS,
)
from journal_tui.data.queries import exchange as queries
from journal_tui.errors import JournalError
from journal_tui.plurals import plural
from journal_tui.validate import (
    TITLE_LIMIT,
    check_bool,
    check_choice,
    check_date,
    check_id,
    check_number,
    check_timestamp,
    clean_line,
    clean_name,
    clean_names,
    clean_optional,
    clean_text,
    name_key,
    strip_controls,
)

FORMAT_NAME = "journal_tui"
FORMAT_VERSION = 5  # 2 added goal history, responses, role and criteria, check-ins, people; 3 an entry's commits;
#                    4 promotion conversations; 5 every record's uid and updated_at (merge instead of duplicate)
CSV_FIELDS = ["date", "text", "project", "skills", "impact", "starred"]

# how the import summary counts each section (a JSON key is not always the word: "checkins")
NOUNS = {
    "entries": ("entry", "entries"),
    "goals": ("goal", "goals"),
    "milestones": ("milestone", "milestones"),
    "feedback": ("feedback", "feedback"),
    "people": ("person", "people"),
    "contacts": ("contact", "contacts"),
    "asks": ("ask", "asks"),
    "role": ("role", "roles"),
    "criteria": ("criterion", "criteria"),
    "checkins": ("check-in", "check-ins"),
    "promotions": ("promotion conversation", "promotion conversations"),
}
_ALWAYS = ("entries", "goals", "milestones", "feedback")


@dataclass
class ImportResult:
    """What an import did: records added per section, updated per section, already present, and not merged."""

    counts: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    skipped: int = 0
    conflicts: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line of counts (added, updated, already present), then one line per record not merged."""
        parts = [plural(self.counts[k], *NOUNS[k]) for k in _ALWAYS]
        parts += [plural(n, *NOUNS.get(k, (k, k))) for k, n in self.counts.items() if k not in _ALWAYS]
        line = "Imported " + ", ".join(parts)
        if self.updated:
            line += "; updated " + ", ".join(plural(n, *NOUNS.get(k, (k, k))) for k, n in self.updated.items())
        if self.skipped:
            line += f"; {self.skipped} already present"
        if self.conflicts:
            line += f"; {plural(len(self.conflicts), 'record')} not merged (this journal's kept):"
        return "\n".join([line, *self.conflicts])

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


def optional_uid(value: Any, what: str) -> str | None:
    """A record's identity: a UUID, kept in its canonical text (lower-case hex with dashes)."""
    if value is None:
        return None
    try:
        if not isinstance(value, str):
            raise ValueError(value)
        return str(uuid.UUID(value.strip()))
    except ValueError:
        raise JournalError(
            f"{what} must be a uid (a UUID like 0b8f6a4e-3c1d-4e5f-9a2b-7c6d5e4f3a2b), not {value!r:.50}"
        ) from None


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


def optional_choice(*choices: str) -> Check:
    return lambda value, what: None if value is None or value == "" else check_choice(value, choices, what=what)


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
    person: bool = False  # names a person: found again through the file's person uids (a rename follows)


ID = Field(optional_id, identity=False)
UID = Field(optional_uid, identity=False)
STAMP = Field(optional_stamp, identity=False)
NAME = Field(optional_name, norm=lambda v: v and name_key(v))
NAMES = Field(name_list, default=(), norm=lambda v: sorted({name_key(n) for n in v}))
PERSON = Field(lambda v, w: clean_name(v, what=w), required=True, norm=name_key, person=True)
OPTIONAL_PERSON = Field(optional_name, norm=lambda v: v and name_key(v), person=True)


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


Union = Callable[["Importer", int, list[Any], list[Any]], bool]  # (importer, row id, file's, journal's) -> added any


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
    # --- merging a record the journal holds (same uid) ---
    # bring the row (id) to the file's newer record: (importer, where, id, record)
    update: Callable[["Importer", str, int, dict[str, Any]], None] | None = None
    unions: dict[str, Union] = field(default_factory=dict)  # list fields whose missing items are added
    # nested records with uids of their own, merged one by one: (importer, where, id, file's, journal's) -> changed
    nested: Callable[["Importer", str, int, dict[str, Any], dict[str, Any]], bool] | None = None
    nested_fields: tuple[str, ...] = ()
    # the row a record names by its natural key when no uid matches (a person by name, the one target role)
    natural: Callable[["Importer", dict[str, Any]], int | None] | None = None
    # when no time says which side is newer: merge what can be (a person's empty fields), report the rest
    undecided: Callable[["Importer", str, int, dict[str, Any], dict[str, Any]], bool] | None = None

    def quick(self, rec: dict[str, Any]) -> Any:
        return tuple(rec[k] for k in self.match_on)

    def identity(self, rec: dict[str, Any]) -> Any:
        """What makes two records the same, ids and timestamps aside."""
        return tuple((k, _freeze(f.norm(rec[k]) if f.norm else rec[k])) for k, f in self.fields.items() if f.identity)

    def own(self, rec: dict[str, Any]) -> Any:
        """The record's own fields: its identity without the links and nested records merged apart."""
        apart = {*self.unions, *self.nested_fields}
        return tuple(item for item in self.identity(rec) if item[0] not in apart)

    @property
    def dated(self) -> bool:
        return "updated_at" in self.fields


def _links(pairs: list[tuple[int, Any]]) -> dict[int, list[Any]]:
    out: dict[int, list[Any]] = {}
    for owner, value in pairs:
        out.setdefault(owner, []).append(value)
    return {k: sorted(v, key=lambda x: x.casefold() if isinstance(x, str) else x) for k, v in out.items()}


def _keep_identity(imp: "Importer", table: str, row_id: int, rec: dict[str, Any]) -> None:
    """A row just written from a record takes the record's uid (and, where the writer does not take it, its
    updated_at), so the same record is known again on the next import."""
    cols: dict[str, Any] = {}
    if rec.get("uid") and table in schema.UID_TABLES:
        cols["uid"] = rec["uid"]
    if rec.get("updated_at") and table in schema.UPDATED_AT_ADDED:
        cols["updated_at"] = rec["updated_at"]
    if cols:
        writes.update_row(imp.conn, table, row_id, cols)


def _stamp(imp: "Importer", table: str, row_id: int, rec: dict[str, Any]) -> None:
    """After an update from a newer record, the row's updated_at is the record's (the writer stamped now)."""
    if rec.get("updated_at"):
        writes.update_row(imp.conn, table, row_id, {"updated_at": rec["updated_at"]})


def _newer(theirs: dict[str, Any], mine: dict[str, Any]) -> bool | None:
    """Whether the file's version of a record is newer than the journal's (False: older), None when no time says:
    changed at the same moment, or neither has a time.  A side that never changed (no updated_at, no created_at) is
    the older one."""
    when_theirs = theirs.get("updated_at") or theirs.get("created_at")
    when_mine = mine.get("updated_at") or mine.get("created_at")
    if when_theirs == when_mine:
        return None
    if when_theirs is None or when_mine is None:
        return when_mine is None
    return bool(when_theirs > when_mine)


def _uids_of(items: list[dict[str, Any]]) -> set[str]:
    return {i["uid"] for i in items if i.get("uid")}


def _merge_parts(
    imp: "Importer",
    where: str,
    key: str,
    table: str,
    parent_id: int,
    theirs: list[dict[str, Any]],
    mine: list[dict[str, Any]],
    content: Callable[[dict[str, Any]], Any],
    insert: Callable[[dict[str, Any]], int],
    update: Callable[[int, dict[str, Any]], None] | None,
) -> bool:
    """Merge a record's nested records (a goal's milestones...) one by one: by uid; else one of the journal's the
    file does not name, identical in content (it takes the file's uid); else added.  Returns whether anything
    changed."""
    by_uid = {m["uid"]: m for m in mine if m.get("uid")}
    named = _uids_of(theirs)
    free = [m for m in mine if m.get("uid") not in named]
    changed = False
    for i, item in enumerate(theirs, 1):
        here = by_uid.get(item["uid"]) if item.get("uid") else None
        if here is None:
            twin = next((m for m in free if content(m) == content(item)), None)
            if twin is not None:
                free.remove(twin)
                if item.get("uid"):
                    writes.update_row(imp.conn, table, twin["id"], {"uid": item["uid"]})
                continue
            _keep_identity(imp, table, insert(item), item)
            if key == "milestones":
                imp.result.counts[key] += 1
            changed = True
            continue
        if content(here) == content(item):
            continue
        newer = _newer(item, here) if update is not None else None
        if newer and update is not None:
            update(here["id"], item)
            _stamp(imp, table, here["id"], item)
            imp.result.updated[key] += 1
        elif newer is None:
            imp.report(f"{where}: '{key}' {i}: not merged: differs from this journal's and neither is newer")
    return changed


# --- goals (with their milestones, progress and status changes) ------------------------------------

MILESTONE_FIELDS = {
    "id": ID,
    "uid": UID,
    "title": Field(title_field, required=True),
    "due": Field(optional_date),
    "done": Field(optional_date),
    "created_at": STAMP,
    "updated_at": STAMP,
}
PROGRESS_FIELDS = {
    "id": ID,
    "uid": UID,
    "date": Field(date_field, required=True),
    "value": Field(number),
    "created_at": STAMP,
}
STATUS_CHANGE_FIELDS = {
    "id": ID,
    "uid": UID,
    "date": Field(date_field, required=True),
    "status": Field(choice(*GOAL_STATUSES), required=True),
    "created_at": STAMP,
}


def _by_goal(found: list[dict[str, Any]], shape: Callable[[dict[str, Any]], dict[str, Any]]) -> dict[int, list[Any]]:
    out: dict[int, list[dict[str, Any]]] = {}
    for r in found:
        out.setdefault(r["goal_id"], []).append(shape(r))
    return out


def _export_goals(conn: Connection) -> list[dict[str, Any]]:
    milestones = _by_goal(
        queries.milestones(conn),
        lambda m: {
            "id": m["id"],
            "uid": m["uid"],
            "title": m["title"],
            "due": m["due_on"],
            "done": m["done_on"],
            "created_at": m["created_at"],
            "updated_at": m["updated_at"],
        },
    )
    progress = _by_goal(
        queries.goal_progress(conn),
        lambda p: {
            "id": p["id"],
            "uid": p["uid"],
            "date": p["recorded_on"],
            "value": p["value"],
            "created_at": p["created_at"],
        },
    )
    changes = _by_goal(
        queries.goal_status_changes(conn),
        lambda c: {
            "id": c["id"],
            "uid": c["uid"],
            "date": c["changed_on"],
            "status": c["status"],
            "created_at": c["created_at"],
        },
    )
    return [
        {
            "id": g["id"],
            "uid": g["uid"],
            "title": g["title"],
            "specific": g["specific"],
            "measure": g["measure"],
            "baseline": g["baseline"],
            "target": g["target"],
            "current": g["current"],
            "relevant": g["relevant"],
            "due": g["due_on"],
            "status": g["status"],
            "achieved_on": g["achieved_on"],
            "from_feedback": g["feedback_id"],
            "created_at": g["created_at"],
            "updated_at": g["updated_at"],
            "milestones": milestones.get(g["id"], []),
            "progress": progress.get(g["id"], []),
            "status_changes": changes.get(g["id"], []),
        }
        for g in queries.goals(conn)
    ]


def _insert_milestone(imp: "Importer", goal_id: int, m: dict[str, Any], keep_id: bool) -> int:
    return writes.insert_milestone(
        imp.conn,
        goal_id,
        m["title"],
        m["due"],
        m["done"],
        milestone_id=m["id"] if keep_id else None,
        created_at=m["created_at"],
    )


def _insert_progress(imp: "Importer", goal_id: int, p: dict[str, Any], keep_id: bool) -> int:
    return writes.insert_progress(
        imp.conn, goal_id, p["date"], p["value"], progress_id=_kept(p, keep_id), created_at=p["created_at"]
    )


def _insert_status_change(imp: "Importer", goal_id: int, c: dict[str, Any], keep_id: bool) -> int:
    return writes.insert_status_change(
        imp.conn, goal_id, c["date"], c["status"], change_id=_kept(c, keep_id), created_at=c["created_at"]
    )


def _write_goal(imp: "Importer", g: dict[str, Any], keep_id: bool) -> int:
    goal_id = writes.insert_goal(
        imp.conn,
        title=g["title"],
        specific=g["specific"],
        measure=g["measure"],
        target=g["target"],
        current=g["current"],
        relevant=g["relevant"],
        due_on=g["due"],
        status=g["status"],
        achieved_on=g["achieved_on"],
        goal_id=g["id"] if keep_id else None,
        created_at=g["created_at"],
        updated_at=g["updated_at"],
        baseline=g["baseline"],
    )  # from_feedback: set once feedback is written
    for m in g["milestones"]:
        _keep_identity(imp, "milestone", _insert_milestone(imp, goal_id, m, keep_id), m)
        imp.result.counts["milestones"] += 1
    for p in g["progress"]:
        _keep_identity(imp, "goal_progress", _insert_progress(imp, goal_id, p, keep_id), p)
    for c in g["status_changes"]:
        _keep_identity(imp, "goal_status_change", _insert_status_change(imp, goal_id, c, keep_id), c)
    return goal_id


def _update_goal(imp: "Importer", where: str, goal_id: int, g: dict[str, Any]) -> None:
    writes.update_goal(
        imp.conn,
        goal_id,
        title=g["title"],
        specific=g["specific"],
        measure=g["measure"],
        target=g["target"],
        current=g["current"],
        relevant=g["relevant"],
        due_on=g["due"],
        status=g["status"],
        achieved_on=g["achieved_on"],
        baseline=g["baseline"],
    )
    if g["from_feedback"] is None:
        writes.set_goal_origin(imp.conn, goal_id, None)
    else:
        imp.later("goal", "feedback_id", goal_id, "feedback", g["from_feedback"])
    _stamp(imp, "goal", goal_id, g)


def _update_milestone(imp: "Importer", milestone_id: int, m: dict[str, Any]) -> None:
    writes.update_milestone(imp.conn, milestone_id, title=m["title"], due_on=m["due"])
    writes.set_milestone_done(imp.conn, milestone_id, m["done"])


def _merge_goal_parts(imp: "Importer", where: str, goal_id: int, g: dict[str, Any], mine: dict[str, Any]) -> bool:
    """A goal's milestones, progress readings and status changes, each by its own uid."""
    changed = _merge_parts(
        imp,
        where,
        "milestones",
        "milestone",
        goal_id,
        g["milestones"],
        mine["milestones"],
        lambda m: (m["title"], m["due"], m["done"]),
        lambda m: _insert_milestone(imp, goal_id, m, False),
        lambda milestone_id, m: _update_milestone(imp, milestone_id, m),
    )
    changed |= _merge_parts(
        imp,
        where,
        "progress",
        "goal_progress",
        goal_id,
        g["progress"],
        mine["progress"],
        lambda p: (p["date"], p["value"]),
        lambda p: _insert_progress(imp, goal_id, p, False),
        None,
    )
    changed |= _merge_parts(
        imp,
        where,
        "status_changes",
        "goal_status_change",
        goal_id,
        g["status_changes"],
        mine["status_changes"],
        lambda c: (c["date"], c["status"]),
        lambda c: _insert_status_change(imp, goal_id, c, False),
        None,
    )
    return changed


def _kept(rec: dict[str, Any], keep_id: bool) -> int | None:
    """The record's own id when the import keeps ids (and it has one)."""
    return rec["id"] if keep_id and rec["id"] else None


def _without(*keys: str) -> Callable[[Any], Any]:
    return lambda items: [{k: v for k, v in item.items() if k not in keys} for item in items]


_NESTED_NORM = _without("id", "uid", "created_at", "updated_at")

GOALS = Section(
    key="goals",
    singular="goal",
    table="goal",
    fields={
        "id": ID,
        "uid": UID,
        "title": Field(title_field, required=True),
        "specific": Field(optional_text),
        "measure": Field(optional_text),
        "baseline": Field(number),
        "target": Field(number),
        "current": Field(number),
        "relevant": Field(optional_text),
        "due": Field(optional_date),
        "status": Field(choice(*GOAL_STATUSES), default="active"),
        "achieved_on": Field(optional_date),
        "from_feedback": Field(optional_id, ref="feedback", late="feedback_id"),
        "created_at": STAMP,
        "updated_at": STAMP,
        "milestones": Field(records(MILESTONE_FIELDS), default=(), norm=_NESTED_NORM),
        "progress": Field(records(PROGRESS_FIELDS), default=(), norm=_NESTED_NORM),
        "status_changes": Field(records(STATUS_CHANGE_FIELDS), default=(), norm=_NESTED_NORM),
    },
    export=_export_goals,
    write=_write_goal,
    match_on=("title",),
    update=_update_goal,
    nested=_merge_goal_parts,
    nested_fields=("milestones", "progress", "status_changes"),
)


# --- entries --------------------------------------------------------------------------------------


def _export_entries(conn: Connection) -> list[dict[str, Any]]:
    skills = _links(queries.entry_skills(conn))
    goals = _links(queries.entry_goals(conn))
    commits = queries.entry_commits(conn)
    return [
        {
            "id": r["id"],
            "uid": r["uid"],
            "date": r["occurred_on"],
            "text": r["text"],
            "project": r["project"],
            "skills": skills.get(r["id"], []),
            "impact": r["impact"],
            "starred": bool(r["starred"]),
            "extra": bool(r["extra"]),
            "goals": goals.get(r["id"], []),
            "commits": commits.get(r["id"], []),
            "created_at": r["created_at"],
            "updated_at": r["updated_at"],
        }
        for r in queries.entries(conn)
    ]


def _prepare_entry(e: dict[str, Any]) -> dict[str, Any]:
    return writes.prepare_entry(
        text=e["text"],
        occurred_on=check_date(e["date"], what="date"),
        project=e["project"],
        skills=e["skills"],
        impact=e["impact"],
        starred=e["starred"],
        extra=e["extra"],
        created_at=e["created_at"],
        updated_at=e["updated_at"],
    )


def _write_entries(imp: "Importer", items: list[tuple[str, dict[str, Any], Any]], keep_id: bool) -> list[int]:
    prepared = [
        {**(pre or _prepare_entry(e)), "goal_ids": e["goals"], "id": e["id"] if keep_id else None, "uid": e["uid"]}
        for _, e, pre in items
    ]
    ids = writes.insert_entries(imp.conn, prepared)
    with_commits = [(entry_id, e["commits"]) for entry_id, (_, e, _) in zip(ids, items, strict=True) if e["commits"]]
    if with_commits:
        from journal_tui.data.writes.harvest import add_entry_commits

        for entry_id, commits in with_commits:
            add_entry_commits(imp.conn, entry_id, commits)
    return ids


def _update_entry(imp: "Importer", where: str, entry_id: int, e: dict[str, Any]) -> None:
    writes.update_entry(
        imp.conn,
        entry_id,
        text=e["text"],
        occurred_on=check_date(e["date"], what="date"),
        project=e["project"],
        skills=e["skills"],
        impact=e["impact"],
        starred=e["starred"],
        extra=e["extra"],
    )
    _stamp(imp, "entry", entry_id, e)


def _add_goal_links(imp: "Importer", entry_id: int, theirs: list[Any], mine: list[Any]) -> bool:
    missing = [g for g in theirs if g not in mine]
    for goal_id in missing:
        writes.link(imp.conn, entry_id, goal_id)
    return bool(missing)


def _add_commits(imp: "Importer", entry_id: int, theirs: list[Any], mine: list[Any]) -> bool:
    have = {c["hash"] for c in mine}
    missing = [c for c in theirs if c["hash"] not in have]
    if missing:
        from journal_tui.data.writes.harvest import add_entry_commits

        add_entry_commits(imp.conn, entry_id, missing)
    return bool(missing)


def commit_hash(value: Any, what: str) -> str:
    from journal_tui.data.writes.harvest import check_hash

    try:
        return check_hash(value)
    except JournalError:
        raise JournalError(f"{what} must be a commit hash (40 or 64 hexadecimal digits), not {value!r:.50}") from None


# the commits an entry came from (journal inbox accept): hash, repository path, subject
COMMIT_FIELDS = {
    "hash": Field(commit_hash, required=True),
    "repo": Field(limited_text(4_096), required=True),
    "subject": Field(limited_text(1_000, required=False)),
}

ENTRIES = Section(
    key="entries",
    singular="entry",
    table="entry",
    fields={
        "id": ID,
        "uid": UID,
        "date": Field(date_field, required=True),
        "text": Field(text_field, required=True),
        "project": NAME,
        "skills": NAMES,
        "impact": Field(optional_text),
        "starred": Field(boolean, default=False),
        "extra": Field(boolean, default=False),
        "goals": Field(id_list, default=(), ref="goals"),
        "commits": Field(records(COMMIT_FIELDS), default=()),
        "created_at": STAMP,
        "updated_at": STAMP,
    },
    export=_export_entries,
    write=lambda imp, e, keep_id: _write_entries(imp, [("", e, None)], keep_id)[0],
    write_many=_write_entries,
    prepare=_prepare_entry,
    match_on=("date", "text"),
    update=_update_entry,
    unions={"goals": _add_goal_links, "commits": _add_commits},
)


# --- feedback -------------------------------------------------------------------------------------


def _export_feedback(conn: Connection) -> list[dict[str, Any]]:
    tags = _links(queries.feedback_tags(conn))
    skills = _links(queries.feedback_skills(conn))
    responses = _links(queries.feedback_responses(conn))
    return [
        {
            "id": f["id"],
            "uid": f["uid"],
            "date": f["received_on"],
            "from": f["person"],
            "kind": f["kind"],
            "text": f["text"],
            "tags": tags.get(f["id"], []),
            "skills": skills.get(f["id"], []),
            "project": f["project"],
            "about": f["entry_id"],
            "responses": responses.get(f["id"], []),
            "created_at": f["created_at"],
            "updated_at": f["updated_at"],
        }
        for f in queries.feedback(conn)
    ]


def _write_feedback(imp: "Importer", f: dict[str, Any], keep_id: bool) -> int:
    feedback_id = writes.save_feedback(
        imp.conn,
        None,
        text=f["text"],
        person=f["from"],
        received_on=check_date(f["date"], what="date"),
        kind=f["kind"],
        tags=f["tags"],
        skills=f["skills"],
        project=f["project"],
        entry_id=f["about"],
        new_id=f["id"] if keep_id else None,
        created_at=f["created_at"],
        updated_at=f["updated_at"],
    )
    writes.add_responses(imp.conn, feedback_id, f["responses"])
    return feedback_id


def _update_feedback(imp: "Importer", where: str, feedback_id: int, f: dict[str, Any]) -> None:
    writes.save_feedback(
        imp.conn,
        feedback_id,
        text=f["text"],
        person=f["from"],
        received_on=check_date(f["date"], what="date"),
        kind=f["kind"],
        tags=f["tags"],
        skills=f["skills"],
        project=f["project"],
        entry_id=f["about"],
    )
    _stamp(imp, "feedback", feedback_id, f)


def _add_responses(imp: "Importer", feedback_id: int, theirs: list[Any], mine: list[Any]) -> bool:
    missing = [e for e in theirs if e not in mine]
    writes.add_responses(imp.conn, feedback_id, missing)
    return bool(missing)


FEEDBACK = Section(
    key="feedback",
    singular="feedback",
    table="feedback",
    fields={
        "id": ID,
        "uid": UID,
        "date": Field(date_field, required=True),
        "from": PERSON,
        "kind": Field(choice(*FEEDBACK_KINDS), default="praise"),
        "text": Field(text_field, required=True),
        "tags": NAMES,
        "skills": NAMES,
        "project": NAME,
        "about": Field(optional_id, ref="entries"),
        "responses": Field(id_list, default=(), ref="entries"),
        "created_at": STAMP,
        "updated_at": STAMP,
    },
    export=_export_feedback,
    write=_write_feedback,
    match_on=("date", "text"),
    update=_update_feedback,
    unions={"responses": _add_responses},
)

# --- people (role, team, note), contacts and asks (people.py) ----------------------------------------

PERSON_FIELDS = ("role", "team", "note")


def _write_person(imp: "Importer", p: dict[str, Any], keep_id: bool) -> int:
    person_id = writes.name_id(imp.conn, "person", p["name"])
    name, *have = queries.person_details(imp.conn, person_id)
    for column, old in zip(PERSON_FIELDS, have, strict=True):
        if old is not None and p[column] is not None and old != p[column]:
            raise JournalError(
                f"{name} is already in the journal with {column} {old!r}, not {p[column]!r}; "
                f"change one of them first (`journal person set`)"
            )
    writes.update_person(
        imp.conn,
        person_id,
        **{
            column: p[column]
            for column, old in zip(PERSON_FIELDS, have, strict=True)
            if old is None and p[column] is not None
        },
    )
    imp.person_names[name_key(p["name"])] = name
    return person_id


def _update_person(imp: "Importer", where: str, person_id: int, p: dict[str, Any]) -> None:
    """A newer record of a person: their name (a rename, unless another person holds it), role, team and note."""
    name = queries.person_details(imp.conn, person_id)[0]
    if name != p["name"]:
        holder = queries.name_by_key(imp.conn, "person", name_key(p["name"]))
        if holder is not None and holder != person_id:
            imp.report(
                f"{where}: not renamed: this journal's {name} is {p['name']} in the file, a name another "
                "person here holds (`journal person rename` merges them)"
            )
        else:
            name = writes.rename_person(imp.conn, person_id, p["name"])
    writes.update_person(imp.conn, person_id, **{column: p[column] for column in PERSON_FIELDS})
    _stamp(imp, "person", person_id, p)
    imp.person_names[name_key(p["name"])] = name


def _person_undecided(imp: "Importer", where: str, person_id: int, p: dict[str, Any], mine: dict[str, Any]) -> bool:
    """No time says which side is newer: a field one side leaves empty takes the other's; a field both set
    differently is reported (the journal's kept)."""
    fill = {c: p[c] for c in PERSON_FIELDS if mine[c] is None and p[c] is not None}
    clash = [c for c in PERSON_FIELDS if mine[c] is not None and p[c] is not None and mine[c] != p[c]]
    if fill:
        writes.update_person(imp.conn, person_id, **fill)
    for column in clash:
        imp.report(
            f"{where}: not merged: {mine['name']} has {column} {mine[column]!r} here and {p[column]!r} in "
            "the file, and neither is newer (`journal person set` changes it)"
        )
    return bool(fill)


PEOPLE = Section(
    key="people",
    singular="person",
    table="person",
    fields={
        "id": ID,
        "uid": UID,
        "name": Field(lambda v, w: clean_name(v, what=w), required=True, norm=name_key),
        "role": Field(optional_choice(*PERSON_ROLES)),
        "team": Field(limited_text(writes.TEAM_LIMIT, required=False)),
        "note": Field(optional_text),
        "updated_at": STAMP,
    },
    export=queries.people,
    write=_write_person,
    match_on=("name",),
    update=_update_person,
    undecided=_person_undecided,
    natural=lambda imp, p: queries.name_by_key(imp.conn, "person", name_key(p["name"])),
)


def _write_contact(imp: "Importer", c: dict[str, Any], keep_id: bool) -> int:
    return writes.insert_contact(
        imp.conn,
        writes.name_id(imp.conn, "person", c["person"]),
        met_on=c["date"],
        text=c["text"],
        kind=c["kind"],
        contact_id=_kept(c, keep_id),
        created_at=c["created_at"],
    )


def _write_ask(imp: "Importer", a: dict[str, Any], keep_id: bool) -> int:
    return writes.insert_ask(
        imp.conn,
        writes.name_id(imp.conn, "person", a["person"]),
        asked_on=a["date"],
        about=a["about"],
        entry_id=a["about_entry"],
        due_on=a["due"],
        status=a["status"],
        closed_on=a["closed_on"],
        feedback_id=a["answer"],
        ask_id=_kept(a, keep_id),
        created_at=a["created_at"],
    )


def _update_ask(imp: "Importer", where: str, ask_id: int, a: dict[str, Any]) -> None:
    """A newer record of an ask (answered or closed on the other machine): its fields, validated as the file was."""
    writes.update_row(
        imp.conn,
        "ask",
        ask_id,
        {
            "person_id": writes.name_id(imp.conn, "person", a["person"]),
            "asked_on": a["date"],
            "about": a["about"],
            "entry_id": a["about_entry"],
            "due_on": a["due"],
            "status": a["status"],
            "closed_on": a["closed_on"],
            "feedback_id": a["answer"],
            "updated_at": a["updated_at"],
        },
    )


CONTACTS = Section(
    key="contacts",
    singular="contact",
    table="contact",
    fields={
        "id": ID,
        "uid": UID,
        "person": PERSON,
        "date": Field(date_field, required=True),
        "kind": Field(optional_choice(*CONTACT_KINDS)),
        "text": Field(limited_text(writes.CONTACT_LIMIT), required=True),
        "created_at": STAMP,
    },
    export=queries.contacts,
    write=_write_contact,
    match_on=("date", "text"),
)

ASKS = Section(
    key="asks",
    singular="ask",
    table="ask",
    fields={
        "id": ID,
        "uid": UID,
        "person": PERSON,
        "date": Field(date_field, required=True),
        "about": Field(limited_text(writes.ASK_LIMIT), required=True),
        "about_entry": Field(optional_id, ref="entries"),
        "due": Field(optional_date),
        "status": Field(choice(*ASK_STATUSES), default="open"),
        "closed_on": Field(optional_date),
        "answer": Field(optional_id, ref="feedback"),
        "created_at": STAMP,
        "updated_at": STAMP,
    },
    export=queries.asks,
    write=_write_ask,
    match_on=("date", "about"),
    update=_update_ask,
)


# --- the target role and its criteria (roles.py) ---------------------------------------------------


def _write_role(imp: "Importer", r: dict[str, Any], keep_id: bool) -> int:
    held = queries.held_role(imp.conn)
    if held is not None:
        raise JournalError(
            f"the journal already targets the role {held!r}, not {r['title']!r}; "
            "a journal has one target role (`journal role set` changes it)"
        )
    return writes.insert_role(imp.conn, r["title"], created_at=r["created_at"], updated_at=r["updated_at"])


def _update_role(imp: "Importer", where: str, role_id: int, r: dict[str, Any]) -> None:
    writes.set_role(imp.conn, r["title"])
    _stamp(imp, "role", role_id, r)


def need_field(value: Any, what: str) -> int:
    return writes.check_need(value, what)


def _write_criterion(imp: "Importer", c: dict[str, Any], keep_id: bool) -> int:
    criterion_id = writes.insert_criterion(
        imp.conn,
        name=c["name"],
        need=c["need"],
        note=c["note"],
        skills=c["skills"],
        criterion_id=_kept(c, keep_id),
        created_at=c["created_at"],
        updated_at=c["updated_at"],
    )
    writes.add_criterion_entries(imp.conn, criterion_id, c["entries"])
    return criterion_id


def _update_criterion(imp: "Importer", where: str, criterion_id: int, c: dict[str, Any]) -> None:
    writes.update_criterion(imp.conn, criterion_id, name=c["name"], need=c["need"], note=c["note"], skills=c["skills"])
    _stamp(imp, "criterion", criterion_id, c)


def _add_criterion_entries(imp: "Importer", criterion_id: int, theirs: list[Any], mine: list[Any]) -> bool:
    missing = [e for e in theirs if e not in mine]
    writes.add_criterion_entries(imp.conn, criterion_id, missing)
    return bool(missing)


ROLE = Section(
    key="role",
    singular="role",
    table="role",
    fields={
        "id": ID,
        "uid": UID,
        "title": Field(line_field(writes.ROLE_LIMIT), required=True),
        "created_at": STAMP,
        "updated_at": STAMP,
    },
    export=queries.roles,
    write=_write_role,
    update=_update_role,
    natural=lambda imp, r: next((row["id"] for row in queries.roles(imp.conn)), None),  # a journal has one
)


def _export_criteria(conn: Connection) -> list[dict[str, Any]]:
    skills = _links(queries.criterion_skills(conn))
    entries = _links(queries.criterion_entries(conn))
    return [
        {**c, "skills": skills.get(c["id"], []), "entries": entries.get(c["id"], [])} for c in queries.criteria(conn)
    ]


CRITERIA = Section(
    key="criteria",
    singular="criterion",
    table="criterion",
    fields={
        "id": ID,
        "uid": UID,
        "name": Field(line_field(writes.CRITERION_LIMIT), required=True),
        "need": Field(need_field, default=1),
        "note": Field(optional_text),
        "skills": NAMES,
        "entries": Field(id_list, default=(), ref="entries"),
        "created_at": STAMP,
        "updated_at": STAMP,
    },
    export=_export_criteria,
    write=_write_criterion,
    match_on=("name",),
    update=_update_criterion,
    unions={"entries": _add_criterion_entries},
)


# --- check-ins and their reflections (checkin.py) ------------------------------------------------


def _reflection_lesson(value: Any, what: str) -> str | None:
    return clean_optional(value, what=what, limit=writes.ITEM_LIMIT)


REFLECTION_FIELDS = {
    "id": ID,
    "kind": Field(choice(*REFLECTION_KINDS), required=True),
    "text": Field(limited_text(writes.ITEM_LIMIT), required=True),
    "lesson": Field(_reflection_lesson),
}


def _export_checkins(conn: Connection) -> list[dict[str, Any]]:
    items: dict[int, list[dict[str, Any]]] = {}
    for r in queries.reflections(conn):
        items.setdefault(r["checkin_id"], []).append(
            {"id": r["id"], "kind": r["kind"], "text": r["text"], "lesson": r["lesson"]}
        )
    return [
        {
            "id": c["id"],
            "uid": c["uid"],
            "date": c["checked_on"],
            "items": items.get(c["id"], []),
            "created_at": c["created_at"],
            "updated_at": c["updated_at"],
        }
        for c in queries.checkins(conn)
    ]


def _write_checkin(imp: "Importer", c: dict[str, Any], keep_id: bool) -> int:
    return writes.insert_checkin(
        imp.conn,
        c["date"],
        c["items"],
        checkin_id=_kept(c, keep_id),
        created_at=c["created_at"],
        updated_at=c["updated_at"],
        keep_ids=keep_id,
    )


def _update_checkin(imp: "Importer", where: str, checkin_id: int, c: dict[str, Any]) -> None:
    writes.update_checkin(imp.conn, checkin_id, c["date"], c["items"])
    _stamp(imp, "checkin", checkin_id, c)


CHECKINS = Section(
    key="checkins",
    singular="check-in",
    table="checkin",
    fields={
        "id": ID,
        "uid": UID,
        "date": Field(date_field, required=True),
        "items": Field(
            records(REFLECTION_FIELDS),
            default=(),
            norm=lambda items: [
                (i["kind"], i["text"], i["lesson"] if i["kind"] == "setback" else None, n) for n, i in enumerate(items)
            ],
        ),
        "created_at": STAMP,
        "updated_at": STAMP,
    },
    export=_export_checkins,
    write=_write_checkin,
    match_on=("date",),
    update=_update_checkin,
)

# --- promotion conversations (promo.py) --------------------------------------------------------------


def _write_promo(imp: "Importer", c: dict[str, Any], keep_id: bool) -> int:
    person_id = None if c["with"] is None else writes.name_id(imp.conn, "person", c["with"])
    return writes.insert_promo(
        imp.conn,
        talked_on=c["date"],
        outcome=c["outcome"],
        person_id=person_id,
        note=c["note"],
        retry_on=c["retry"],
        promo_id=_kept(c, keep_id),
        created_at=c["created_at"],
    )


PROMOTIONS = Section(
    key="promotions",
    singular="promotion conversation",
    table="promo",
    fields={
        "id": ID,
        "uid": UID,
        "date": Field(date_field, required=True),
        "outcome": Field(choice(*PROMO_OUTCOMES), required=True),
        "with": OPTIONAL_PERSON,
        "note": Field(limited_text(writes.PROMO_NOTE_LIMIT, required=False)),
        "retry": Field(optional_date),
        "created_at": STAMP,
    },
    export=queries.promotions,
    write=_write_promo,
    match_on=("date", "outcome"),
)

# Tables `journal export` leaves out on purpose: the inbox and the repositories it was harvested from are this
# machine's view of its own folders (an entry's commits, `entry_commit`, go with the entry).
LOCAL_TABLES = ("harvest_repo", "harvest_skill", "suggestion", "harvest_commit")

# Import order: a section comes after the sections its fields refer to (a `late` ref excepted); people first, so
# feedback, contacts, asks and promotion talks name people as the journal knows them (a rename followed).
SECTIONS: list[Section] = [PEOPLE, GOALS, ENTRIES, FEEDBACK, CONTACTS, ASKS, ROLE, CRITERIA, CHECKINS, PROMOTIONS]
SECTION = {s.key: s for s in SECTIONS}
# tables an import into an empty journal writes under the file's own ids (their id sequences move past them)
_ID_TABLES = {
    "goal",
    "milestone",
    "goal_progress",
    "goal_status_change",
    "entry",
    "feedback",
    "contact",
    "ask",
    "role",
    "criterion",
    "checkin",
    "reflection",
    "promo",
}


# --- export ---------------------------------------------------------------------------------------


def export_data(conn: Connection) -> dict[str, Any]:
    """The whole journal as plain data, in the documented JSON shape."""
    data: dict[str, Any] = {"format": FORMAT_NAME, "version": FORMAT_VERSION}
    for section in SECTIONS:
        data[section.key] = section.export(conn)
    data["names"] = {
        t: [{"name": name, "uid": uid} for name, uid in queries.names(conn, t)] for t in writes.NAME_TABLES
    }
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
        row = {
            "date": e["date"],
            "text": e["text"],
            "project": e["project"] or "",
            "skills": "; ".join(e["skills"]),
            "impact": e["impact"] or "",
            "starred": "yes" if e["starred"] else "",
        }
        # control codes out first (what an older version stored): a bare CR is a line break the writer would not
        # quote, and the document's own cleaning would turn it into a newline that splits the row
        writer.writerow({k: csv_cell(strip_controls(v)) for k, v in row.items()})
    return buf.getvalue()


# --- import: prepare (outside the lock), then write (one transaction) ------------------------------


@dataclass
class Prepared:
    """A whole file, validated: names to create (with their uids), then (section, position, record) in import
    order."""

    names: dict[str, list[tuple[str, str | None]]] = field(default_factory=dict)
    records: list[tuple[Section, str, dict[str, Any], Any]] = field(default_factory=list)
    uids: dict[str, set[str]] = field(default_factory=dict)  # section key -> the uids its records carry

    def add(self, section: Section, where: str, raw: Any) -> None:
        rec = validate_record(section.fields, raw, where)
        try:
            pre = section.prepare(rec) if section.prepare else None
        except JournalError as exc:
            raise JournalError(f"{where}: {exc}") from None
        if rec.get("uid"):
            seen = self.uids.setdefault(section.key, set())
            if rec["uid"] in seen:
                raise JournalError(f"{where}: uid {rec['uid']} appears twice in the file")
            seen.add(rec["uid"])
        self.records.append((section, where, rec, pre))


class Importer:
    """Writes prepared records inside the caller's transaction: remaps ids, merges records the journal holds (by
    uid), skips true duplicates, writes the rest with their identity."""

    conn: Connection

    def __init__(self, conn: Connection, prepared: Prepared) -> None:
        self.conn = conn
        self.result = ImportResult()
        self.keep_ids = queries.all_empty(conn, {s.table for s in SECTIONS})
        self.ids: dict[str, dict[int, int]] = {s.key: {} for s in SECTIONS}
        self.file_uids = prepared.uids
        self._existing: dict[str, dict[Any, dict[Any, list[int]]]] = {}
        self._by_uid: dict[str, dict[str, tuple[int, dict[str, Any]]]] = {}
        self._by_id: dict[str, dict[int, dict[str, Any]]] = {}
        self.file_records: dict[str, dict[int, dict[str, Any]]] = {}  # section key -> file id -> record (late refs)
        self._late: list[tuple[str, str, int, str, int]] = []  # (table, column, new id, ref section, file id)
        self.person_names: dict[str, str] = {}  # key of a name the file gives a person -> the journal's name for them
        self._records = prepared.records

    def report(self, line: str) -> None:
        """A record the merge could not decide: said, not guessed (the journal's version stays)."""
        self.result.conflicts.append(line)

    def later(self, table: str, column: str, row_id: int, ref: str, file_id: int) -> None:
        """Set `column` of the row to the journal's id of the file's record `file_id` of `ref`, once all are written."""
        self._late.append((table, column, row_id, ref, file_id))

    def _shallow(self, key: str, rec: dict[str, Any] | None) -> Any:
        """A referenced record's own fields (its refs aside): what a late ref compares by."""
        if rec is None:
            return None
        section = SECTION[key]
        return tuple(
            (k, _freeze(f.norm(rec[k]) if f.norm else rec[k]))
            for k, f in section.fields.items()
            if f.identity and f.ref is None
        )

    def _journal_records(self, key: str) -> dict[int, dict[str, Any]]:
        """The journal's records of a section by id, validated as a file's are (read once)."""
        if key not in self._by_id:
            found = {}
            for raw in SECTION[key].export(self.conn):
                try:
                    found[raw["id"]] = validate_record(SECTION[key].fields, raw)
                except JournalError:
                    continue  # an old, odd row can equal nothing valid
            self._by_id[key] = found
        return self._by_id[key]

    def _late_view(
        self, section: Section, rec: dict[str, Any], records: Callable[[str], dict[int, Any]]
    ) -> dict[str, Any]:
        """`rec` with each late ref replaced by the referenced record's own fields (for the duplicate check)."""
        out = dict(rec)
        for key, spec in section.fields.items():
            if spec.late and spec.ref and rec[key] is not None:
                out[key] = self._shallow(spec.ref, records(spec.ref).get(rec[key]))
        return out

    def _file_view(self, section: Section, rec: dict[str, Any]) -> dict[str, Any]:
        return self._late_view(section, rec, lambda k: self.file_records.get(k, {}))

    def finish(self) -> None:
        """Set the late refs of the records written, now that every section has its ids."""
        for table, column, new_id, ref, old in self._late:
            writes.update_row(self.conn, table, new_id, {column: self.ids[ref][old]})
        if self.keep_ids:
            queries.settle_id_sequences(self.conn, _ID_TABLES)

    def by_uid(self, section: Section) -> dict[str, tuple[int, dict[str, Any]]]:
        """uid -> (id, record) of the journal's records of a section, as they were before this import."""
        if section.key not in self._by_uid:
            self._by_uid[section.key] = (
                {}
                if self.keep_ids
                else {
                    rec["uid"]: (row_id, rec)
                    for row_id, rec in self._journal_records(section.key).items()
                    if rec.get("uid")
                }
            )
        return self._by_uid[section.key]

    def existing(self, section: Section) -> dict[Any, dict[Any, list[int]]]:
        """quick key -> identity -> ids of the records the journal held before this import (read once), but those
        the file names by their uid (they are matched by it)."""
        if section.key not in self._existing:
            found: dict[Any, dict[Any, list[int]]] = {}
            named = self.file_uids.get(section.key, set())
            if not self.keep_ids:
                for row_id, rec in self._journal_records(section.key).items():
                    if rec.get("uid") in named:
                        continue
                    rec = self._late_view(section, rec, self._journal_records)
                    found.setdefault(section.quick(rec), {}).setdefault(section.identity(rec), []).append(row_id)
            self._existing[section.key] = found
        return self._existing[section.key]

    def _same(self, section: Section, rec: dict[str, Any]) -> list[int] | None:
        """Ids of existing records identical to `rec` (a hash lookup: imports stay linear)."""
        candidates = self.existing(section).get(section.quick(rec))
        if not candidates:
            return None
        return candidates.get(section.identity(self._file_view(section, rec)))

    def _remap(self, section: Section, where: str, rec: dict[str, Any]) -> dict[str, Any]:
        """The file's ids become the journal's ids of the same records (found through their uids, or written);
        a person's name becomes the journal's name for the person the file's uid names."""
        out = dict(rec)
        for key, spec in section.fields.items():
            if spec.person and rec[key] is not None:
                out[key] = self.person_names.get(name_key(rec[key]), rec[key])
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

    def _natural(
        self, section: Section, where: str, rec: dict[str, Any]
    ) -> tuple[int, dict[str, Any]] | Literal[False] | None:
        """The journal's row a record with an unknown uid names by its natural key (a person's name, the one role):
        it takes the record's uid and is merged with it.  False when that row is another record of the file."""
        if section.natural is None or not rec.get("uid"):
            return None
        row_id = section.natural(self, rec)
        mine = None if row_id is None else self._journal_records(section.key).get(row_id)
        if row_id is None or mine is None:
            return None
        if mine.get("uid") in self.file_uids.get(section.key, set()):
            self.report(
                f"{where}: not merged: its {section.singular} is this journal's {section.singular} {row_id}, "
                "which the file holds as another record"
            )
            return False
        writes.update_row(self.conn, section.table, row_id, {"uid": rec["uid"]})
        return row_id, {**mine, "uid": rec["uid"]}

    def _merge(self, section: Section, where: str, rec: dict[str, Any], row_id: int, mine: dict[str, Any]) -> None:
        """The file's record and the journal's are one (same uid): the newer wins, links are added, nested records
        merge one by one; what cannot be decided is reported."""
        changed = False
        theirs_own = section.own(self._file_view(section, rec))
        mine_own = section.own(self._late_view(section, mine, self._journal_records))
        if theirs_own != mine_own:
            newer = _newer(rec, mine) if section.dated else None
            if newer and section.update is not None:
                section.update(self, where, row_id, rec)
                changed = True
            elif newer is None and section.undecided is not None:
                changed = section.undecided(self, where, row_id, rec, mine)
            elif newer is None:
                when = rec.get("updated_at") or rec.get("created_at")
                self.report(
                    f"{where}: not merged: differs from this journal's {section.singular} {row_id}, and "
                    + (f"both say they changed at {when}" if section.dated and when else "neither says which is newer")
                )
        for key, union in section.unions.items():
            changed |= union(self, row_id, rec[key], mine[key])
        if section.nested is not None:
            changed |= section.nested(self, where, row_id, rec, mine)
        if changed:
            self.result.updated[section.key] += 1
        else:
            self.result.skipped += 1

    def put_many(self, section: Section, items: list[tuple[str, dict[str, Any], Any]]) -> None:
        """Write consecutive records of one section: remap ids, merge the records the journal holds, skip true
        duplicates, write the rest."""
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
            held = self.by_uid(section).get(rec["uid"]) if rec.get("uid") else None
            if held is None:
                natural = self._natural(section, where, rec)
                if natural is False:
                    continue
                held = natural
            if held is not None:
                self._merge(section, where, rec, *held)
                if old_id is not None:
                    seen[old_id] = held[0]
                continue
            same = self._same(section, rec) if existing else None
            if same:
                new_id = same.pop()  # one existing record stands for one file record
                self.result.skipped += 1
                if old_id is not None:
                    seen[old_id] = new_id
                if rec.get("uid"):  # both sides had it from an export without uids: from now on it is one record
                    writes.update_row(self.conn, section.table, new_id, {"uid": rec["uid"]})
                    if section.nested is not None:
                        section.nested(self, where, new_id, rec, self._journal_records(section.key)[new_id])
                continue
            if section.write_many is None:
                try:
                    new_id = section.write(self, rec, self.keep_ids)
                    _keep_identity(self, section.table, new_id, rec)
                except (JournalError, IntegrityError) as exc:  # e.g. a milestone id given twice
                    raise JournalError(f"{where}: {exc}") from None
                self.result.counts[section.key] += 1
                if old_id is not None:
                    seen[old_id] = new_id
                for key, spec in section.fields.items():
                    if spec.late and spec.ref and rec[key] is not None:
                        self.later(section.table, spec.late, new_id, spec.ref, rec[key])
            else:
                todo.append((where, rec, pre))
                olds.append(old_id)
                if old_id is not None:
                    pending.add(old_id)
        if todo and section.write_many is not None:
            for old_id, new_id in zip(olds, section.write_many(self, todo, self.keep_ids), strict=True):
                if old_id is not None:
                    seen[old_id] = new_id
            self.result.counts[section.key] += len(todo)

    def put_names(self, names: dict[str, list[tuple[str, str | None]]]) -> None:
        """The file's names, before its records: each known by its uid, else by its key (names are one by their
        key, and the journal's takes the file's uid), else made with the file's uid.  A person the file's people
        section describes is left to it (it merges renames by their time)."""
        described = {name_key(rec["name"]) for section, _, rec, _ in self._records if section is PEOPLE and rec["uid"]}
        for kind, items in names.items():
            known = {} if self.keep_ids else queries.ids_by_uid(self.conn, kind)
            named = {uid for _, uid in items if uid}
            for name, uid in items:
                if kind == "person" and uid in known:
                    self.person_names[name_key(name)] = queries.person_details(self.conn, known[uid])[0]
                if uid in known or (kind == "person" and name_key(name) in described):
                    continue
                held = queries.name_by_key(self.conn, kind, name_key(name))
                if held is None:
                    new_id = writes.name_id(self.conn, kind, name)
                    if uid:
                        writes.update_row(self.conn, kind, new_id, {"uid": uid})
                elif uid and queries.uid_of(self.conn, kind, held) not in named:
                    writes.update_row(self.conn, kind, held, {"uid": uid})


def _names(raw: Any, where: str) -> list[tuple[str, str | None]]:
    """A names list: plain names (versions 1 to 4) or {"name", "uid"} objects (5); cleaned, one per key."""
    if isinstance(raw, (str, bytes)) or not isinstance(raw, (list, tuple)):
        raise JournalError(f"{where} must be a list of names, not {raw!r:.40}")
    out: dict[str, tuple[str, str | None]] = {}
    for item in raw:
        if isinstance(item, dict):
            rec = validate_record(
                {"name": Field(lambda v, w: clean_name(v, what=w), required=True), "uid": UID}, item, where
            )
            name, uid = rec["name"], rec["uid"]
        else:
            name, uid = clean_name(item, what=where.rsplit(" ", 1)[-1].rstrip("s")), None
        out.setdefault(name_key(name), (name, uid))
    return list(out.values())


def prepare_native(data: Any, source: str) -> Prepared:
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise JournalError(f"{source} is not a journal_tui export (try --format jrnl-json or csv)")
    version = data.get("version", FORMAT_VERSION)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise JournalError(f'{source}: "version" must be a whole number like {FORMAT_VERSION}, not {version!r:.40}')
    if version > FORMAT_VERSION:
        raise JournalError(f"{source} was exported by a newer journal_tui (format {version}); upgrade to import it")
    prepared = Prepared()
    names = data.get("names") or {}
    if not isinstance(names, dict):
        raise JournalError(f'{source}: "names" must be an object of name lists')
    for kind, values in names.items():
        if kind in writes.NAME_TABLES:
            prepared.names[kind] = _names(values, f"{source}: names: {kind}")
    for section in SECTIONS:
        items = data.get(section.key) or []
        if not isinstance(items, list):
            raise JournalError(f'{source}: "{section.key}" must be a list')
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
        raise JournalError(
            f"{path} is the journal itself (or its -wal/-shm); import reads an export: journal export -o FILE"
        )
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
        raise JournalError(
            f"{source} is a Markdown document: Markdown is for reading, JSON is for moving a journal; "
            "import what `journal export -o journal.json` writes"
        )
    data = _load_json(text, source)
    if fmt is None:
        fmt = "json" if isinstance(data, dict) and data.get("format") == FORMAT_NAME else "jrnl-json"
    return prepare_native(data, source) if fmt == "json" else foreign.prepare_jrnl_json(data, source)


def write_prepared(conn: Connection, prepared: Prepared) -> ImportResult:
    """Write a prepared file in one transaction (all or nothing)."""
    with db.transaction(conn):
        imp = Importer(conn, prepared)
        for section, _, rec, _ in prepared.records:
            if rec.get("id") is not None:
                imp.file_records.setdefault(section.key, {}).setdefault(rec["id"], rec)
        imp.put_names(prepared.names)
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
