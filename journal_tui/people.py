"""The people around the user: roles, contacts, asks for feedback, and the review's People section.

Reads are `data.queries.people` on a connection of either engine (the person table is small, so
the filter rule for names runs in Python with `query.match_people`); writes are short
`db.writing` transactions whose SQL, validation and timestamps live in `writes.people`.
Every function takes what it needs: a connection, or anything with a `.path` (a Store,
a Reader), so `journal met`, `ask`, `asks` start as fast as `journal add` (no SQLAlchemy).
The review helpers at the end are pure functions over what the reads return.

Tables (for export/import; `EXPORT_TABLES` says the same as data):
- `person` gains `role` (one of `ROLES` or NULL), `team`, `note` (free text or NULL).
- `contact`: id, person_id -> person (deleted with the person), met_on (ISO date), kind (one of
  `CONTACT_KINDS` or NULL), text, created_at.  Export as `{"id", "person" (name), "date",
  "kind", "text", "created_at"}` (the "contacts" key); import by person name.  A re-imported row is
  skipped only when equal in every field (ids and timestamps aside), like every exchange section.
- A person's role/team/note: the "people" key, `{"id", "name", "role", "team", "note"}` for persons
  that have any; import fills them in, and refuses a file that says otherwise than the journal.
- `ask`: id, person_id -> person (CASCADE), asked_on, about, entry_id -> entry (SET NULL), due_on,
  status ('open' | 'answered' | 'closed'), closed_on, feedback_id -> feedback (SET NULL, the
  answer), created_at.  Export as `{"id", "person", "date", "about", "about_entry", "due", "status",
  "closed_on", "answer" (feedback id), "created_at"}` (the "asks" key); ids of entries and feedback are remapped on
  import like feedback's `about`.
- `goal.feedback_id` -> feedback (SET NULL): the feedback the goal came from; export as the
  goal's `"from_feedback"` (a feedback id, remapped on import).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from journal_tui.data import db, writes
from journal_tui.data.conn import Connection
from journal_tui.data.db import HasPath
from journal_tui.data.queries import people as q
from journal_tui.data.writes import CONTACT_KINDS
from journal_tui.data.writes.people import merged_person_fields, person_fields
from journal_tui.errors import JournalError, NotFound
from journal_tui.mdtext import cell, inline
from journal_tui.query import KINDS, ROLES, Filter, match_people
from journal_tui.validate import clean_name, clean_text, name_key

if TYPE_CHECKING:
    from journal_tui.dates import DateRange
    from journal_tui.rows import FeedbackRow
STALE_ROLES = ("mentor", "sponsor")
STALE_DAYS = 45
STALE_ENV = "JOURNAL_STALE_DAYS"
REMOVED = "(removed)"  # who feedback is from after `person rm --force` drops the name
ROLE_ORDER = {
    r: i
    for i, r in enumerate(("manager", "skip-level", "decision-maker", "sponsor", "mentor", "peer", "report", "other"))
}

EXPORT_TABLES: dict[str, dict[str, Any]] = {
    "person": {"added_columns": ["role", "team", "note"]},
    "contact": {
        "columns": ["id", "person_id", "met_on", "kind", "text", "created_at"],
        "json": ["id", "person", "date", "kind", "text", "created_at"],
        "match_on": ["person", "date", "text"],
    },
    "ask": {
        "columns": [
            "id",
            "person_id",
            "asked_on",
            "about",
            "entry_id",
            "due_on",
            "status",
            "closed_on",
            "feedback_id",
            "created_at",
        ],
        "json": ["id", "person", "date", "about", "about_entry", "due", "status", "closed_on", "answer", "created_at"],
        "match_on": ["person", "date", "about"],
    },
    "goal": {"added_columns": ["feedback_id"], "json": ["from_feedback"]},
}


def stale_days(override: int | None = None) -> int:
    """Days without contact after which a mentor or sponsor is stale: the option, $JOURNAL_STALE_DAYS, or 45."""
    if override is not None:
        value: Any = override
    else:
        value = os.environ.get(STALE_ENV) or STALE_DAYS
    try:
        days = int(value)
    except ValueError:
        raise JournalError(f"${STALE_ENV} must be a whole number of days, not {value!r}") from None
    if days < 1:
        raise JournalError(f"stale days must be at least 1, not {days}")
    return days


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value[:10]) if value else None


def _date(value: str) -> dt.date:
    """A NOT NULL date column."""
    return dt.date.fromisoformat(value[:10])


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


# --- rows ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonRow:
    id: int
    name: str
    role: str | None
    team: str | None
    note: str | None
    praise: int = 0
    constructive: int = 0
    neutral: int = 0
    last_contact: dt.date | None = None
    open_asks: int = 0
    overdue_asks: int = 0
    stale: bool = False

    @property
    def feedback(self) -> int:
        return self.praise + self.constructive + self.neutral

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "role": self.role,
            "team": self.team,
            "note": self.note,
            "count": self.feedback,
            "feedback": {k: getattr(self, k) for k in KINDS},
            "last_contact": _iso(self.last_contact),
            "open_asks": self.open_asks,
            "overdue_asks": self.overdue_asks,
            "stale": self.stale,
        }


@dataclass(frozen=True)
class ContactRow:
    id: int
    person: str
    role: str | None
    met_on: dt.date
    kind: str | None
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "person": self.person,
            "date": self.met_on.isoformat(),
            "kind": self.kind,
            "text": self.text,
        }


@dataclass(frozen=True)
class AskRow:
    id: int
    person: str
    role: str | None
    asked_on: dt.date
    about: str
    entry_id: int | None
    due_on: dt.date | None
    status: str
    closed_on: dt.date | None
    feedback_id: int | None
    overdue: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "person": self.person,
            "asked_on": self.asked_on.isoformat(),
            "about": self.about,
            "entry": self.entry_id,
            "due": _iso(self.due_on),
            "status": self.status,
            "closed_on": _iso(self.closed_on),
            "feedback": self.feedback_id,
            "overdue": self.overdue,
        }


@dataclass(frozen=True)
class FeedbackLine:
    id: int
    received_on: dt.date
    kind: str
    text: str
    entry_id: int | None


@dataclass(frozen=True)
class PersonDetail:
    person: PersonRow
    feedback: tuple[FeedbackLine, ...]
    contacts: tuple[ContactRow, ...]
    asks: tuple[AskRow, ...]


@dataclass(frozen=True)
class Origin:
    """The feedback a goal came from."""

    feedback_id: int
    person: str
    kind: str
    text: str
    received_on: dt.date

    def line(self) -> str:
        return f"“{self.text}” — {self.person}, {self.received_on.isoformat()} (feedback {self.feedback_id})"

    def to_dict(self) -> dict[str, Any]:
        return {
            "feedback": self.feedback_id,
            "from": self.person,
            "kind": self.kind,
            "text": self.text,
            "date": self.received_on.isoformat(),
        }


# --- names ----------------------------------------------------------------------------------


def find_person(conn: Connection, name: str) -> tuple[int, str] | None:
    """The one person `name` means by the filter rule (exact name, else a unique word prefix), or None."""
    return writes.match_person(conn, name)


def require_person(conn: Connection, name: str) -> tuple[int, str]:
    found = find_person(conn, name)
    if found is None:
        raise NotFound(f"there is no person called {name.strip()!r}; `journal people` lists them")
    return found


def _person_or_new(conn: Connection, name: str) -> tuple[int, str, bool]:
    found = find_person(conn, name)
    if found is not None:
        return found[0], found[1], False
    return *_named(conn, name), True


def _named(conn: Connection, name: str) -> tuple[int, str]:
    """(id, name as stored) of the person with exactly this name, created on first use."""
    person_id = writes.name_id(conn, "person", name)
    return person_id, _person_name(conn, person_id)


def _role(role: str | None) -> str | None:
    """A role as typed ("man" is manager), or None; "" clears it."""
    if role is None or role == "":
        return role
    value = role.strip().lower()
    match = [r for r in ROLES if r.startswith(value)] if value else []
    if not match:
        raise JournalError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    return match[0]


def _kind(kind: str | None) -> str | None:
    if kind is None or kind == "":
        return None
    if kind.strip().lower() not in CONTACT_KINDS:
        raise JournalError(f"contact kind must be one of {', '.join(CONTACT_KINDS)}, not {kind!r}")
    return kind.strip().lower()


# --- writes: the domain rules here, the SQL in writes.people ------------------------------------------


def set_person(
    source: HasPath,
    name: str,
    *,
    role: str | None = None,
    team: str | None = None,
    note: str | None = None,
    new: bool = False,
) -> tuple[str, bool]:
    """Create or update a person; None leaves a field as it is, "" clears it.  Returns (name, created).

    `new` takes the name literally (a new "Dan" beside "Dan Kowalski") instead of by the filter rule."""
    given = {k: v for k, v in (("role", _role(role)), ("team", team), ("note", note)) if v is not None}
    writes.person_values(given)  # a bad value is refused before the lock is taken
    with db.writing(source.path) as conn:
        if new:
            created = not q.key_taken(conn, name_key(clean_name(name, what="person")))
            person_id, full = _named(conn, name)
        else:
            person_id, full, created = _person_or_new(conn, name)
        writes.update_person(conn, person_id, **given)
    return full, created


def _references(conn: Connection, person_id: int) -> dict[str, int]:
    return q.references(conn, person_id)


def _describe(counts: dict[str, int]) -> str:
    parts = [f"{n} {what if n != 1 else what.rstrip('s')}" for what, n in counts.items() if n]
    return ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1] if parts else "nothing"


def _removable(conn: Connection, name: str, force: bool) -> tuple[int, str, dict[str, int]]:
    """The person `name` names, with what refers to them; refused while referenced unless `force`."""
    person_id, full = require_person(conn, name)
    refs = _references(conn, person_id)
    if any(refs.values()) and not force:
        raise JournalError(
            f"{full} has {_describe(refs)}; `journal person rm {full!r} --force` deletes the "
            "person with their contacts and asks, and keeps their feedback without the name"
        )
    if refs["feedback"] and name_key(full) == name_key(REMOVED):
        raise JournalError(f"{REMOVED} holds the feedback of people removed earlier; it stays")
    return person_id, full, refs


def _removal(refs: dict[str, int]) -> tuple[str, str]:
    """What removing a person with `refs` deletes (contacts, asks) and keeps (feedback, now from REMOVED); "" if
    none."""
    gone = {k: v for k, v in refs.items() if k != "feedback" and v}
    return (
        _describe(gone) if gone else "",
        f"{refs['feedback']} feedback as from {REMOVED}" if refs["feedback"] else "",
    )


def describe_removal(source: HasPath, name: str, *, force: bool = False) -> str:
    """What `remove_person` would do, read before asking: "Lena Fischer (deletes 1 contact; keeps 1 feedback ...)".

    Raises the same refusal as `remove_person`, so a refused removal is never asked about."""
    with db.reading(source.path) as conn:
        _, full, refs = _removable(conn, name, force)
    gone, kept = _removal(refs)
    parts = ([f"deletes {gone}"] if gone else []) + ([f"keeps {kept}"] if kept else [])
    return full + (f" ({'; '.join(parts)})" if parts else "")


def remove_person(source: HasPath, name: str, *, force: bool = False) -> str:
    """Delete a person; refused while anything refers to them unless `force`, which keeps their
    feedback (now from "(removed)") and deletes their contacts and asks."""
    with db.writing(source.path) as conn:
        person_id, full, refs = _removable(conn, name, force)
        writes.delete_person(conn, person_id, feedback_to=REMOVED if refs["feedback"] else None)
    gone, kept = _removal(refs)
    return f"Removed {full}" + (f"; deleted {gone}" if gone else "") + (f"; kept {kept}" if kept else "")


def rename_person(source: HasPath, old: str, new: str) -> str:
    """Rename a person; when the new name is someone else already, merge the two into that one."""
    new_name = clean_name(new, what="person")
    with db.writing(source.path) as conn:
        src, src_name = require_person(conn, old)
        return _rename_or_merge(conn, src, src_name, new_name)


def edit_person(source: HasPath, person_id: int, name: str, *, role: str, team: str, note: str) -> str:
    """The app's person form, in one transaction: the person gets the role, team and note as typed ("" clears
    one), then the name: a rename, or, when someone else has it, `journal person rename`'s merge into them."""
    new_name = clean_name(name, what="person")
    given = writes.person_values({"role": _role(role), "team": team, "note": note})
    with db.writing(source.path) as conn:
        src_name = _person_name(conn, person_id)
        writes.update_person(conn, person_id, **given)
        if new_name == src_name:
            return f"Saved {src_name}"
        return _rename_or_merge(conn, person_id, src_name, new_name)


def describe_merge(source: HasPath, person_id: int, name: str, *, role: str, team: str, note: str) -> str | None:
    """What `edit_person` with these values would merge, as a question ("Merge A into B? ..."), read before
    asking; None when the name is nobody else's (a plain rename or no rename)."""
    new_name = clean_name(name, what="person")
    typed = writes.person_values({"role": _role(role), "team": team, "note": note})
    with db.reading(source.path) as conn:
        src_name = _person_name(conn, person_id)
        dst = _other_named(conn, person_id, new_name)
        if dst is None:
            return None
        refs = _references(conn, person_id)
        target = person_fields(conn, dst[0])
    cols, dropped = merged_person_fields(target, {"name": src_name, **typed})
    parts = (
        [f"their {_describe(refs)} move{'s' if sum(refs.values()) == 1 else ''} to {dst[1]}"]
        if any(refs.values())
        else []
    )
    parts += [f"{dst[1]} keeps {key} {kept} (not {lost})" for key, (kept, lost) in dropped.items()]
    if target["note"] and typed["note"] and cols["note"] != target["note"]:
        parts.append("both notes are kept")
    detail = "; ".join(parts)
    return f"Merge {src_name} into {dst[1]}? {detail[:1].upper() + detail[1:]}{'.' if detail else ''}".rstrip()


def _person_name(conn: Connection, person_id: int) -> str:
    name = q.person_name(conn, person_id)
    if name is None:
        raise NotFound(f"person {person_id} is not in the journal any more (removed or merged by another program?)")
    return name


def _other_named(conn: Connection, person_id: int, name: str) -> tuple[int, str] | None:
    """(id, name) of the person other than `person_id` who has exactly this name (by key), if any."""
    return q.other_with_key(conn, person_id, name_key(name))


def _rename_or_merge(conn: Connection, src: int, src_name: str, new_name: str) -> str:
    """Give person `src` the name `new_name`, or merge them into the person who has it already
    (`writes.merge_person`: their feedback, contacts and asks move; one rule for role, team and note)."""
    dst = _other_named(conn, src, new_name)
    if dst is None:
        return f"Renamed {src_name} to {writes.rename_person(conn, src, new_name)}"
    refs = _references(conn, src)
    dropped = writes.merge_person(conn, src, dst[0])
    moved = f" (moved {_describe(refs)})" if any(refs.values()) else ""
    kept = "".join(f"; kept {key} {mine}, not {theirs}" for key, (mine, theirs) in dropped.items())
    return f"Merged {src_name} into {dst[1]}{moved}{kept}"


def add_contact(source: HasPath, name: str, text: str, *, met_on: dt.date, kind: str | None = None) -> tuple[int, str]:
    """Log a conversation with someone (created on first mention).  Returns (contact id, their full name)."""
    kind = _kind(kind)
    clean_text(text, what="contact note", limit=writes.CONTACT_LIMIT)  # refused before a new person is created
    with db.writing(source.path) as conn:
        person_id, full, _ = _person_or_new(conn, name)
        return writes.insert_contact(conn, person_id, met_on=met_on, text=text, kind=kind), full


def add_ask(
    source: HasPath,
    name: str,
    about: str,
    *,
    asked_on: dt.date,
    entry_id: int | None = None,
    due_on: dt.date | None = None,
) -> tuple[int, str]:
    """Record that the user asked someone for feedback.  Returns (ask id, their full name)."""
    clean_text(about, what="what the ask is about", limit=writes.ASK_LIMIT)  # refused before a new person is created
    with db.writing(source.path) as conn:
        if entry_id is not None:
            writes.require(conn, "entry", entry_id)
        person_id, full, _ = _person_or_new(conn, name)
        return writes.insert_ask(
            conn, person_id, asked_on=asked_on, about=about, entry_id=entry_id, due_on=due_on
        ), full


def _open_ask(conn: Connection, ask_id: int) -> tuple[str, int | None]:
    """(person name, entry id) of an open ask, or a clear error."""
    row = q.ask_state(conn, ask_id)
    if row is None:
        raise NotFound(f"there is no ask with id {ask_id}")
    if row[2] != "open":
        how = f" by feedback {row[3]}" if row[3] else ""
        raise JournalError(f"ask {ask_id} is already {row[2]}{how}")
    return row[0], row[1]


def ask_defaults(source: HasPath, ask_id: int) -> tuple[str, int | None]:
    """Who an open ask went to and which entry it was about: the defaults for the feedback answering it."""
    with db.reading(source.path) as conn:
        return _open_ask(conn, ask_id)


def answer_ask(conn: Connection, ask_id: int, feedback_id: int, on: dt.date) -> None:
    """Close an ask as answered by a feedback; runs inside the feedback's own transaction."""
    _open_ask(conn, ask_id)
    writes.settle_ask(conn, ask_id, closed_on=on, feedback_id=feedback_id)


def close_ask(source: HasPath, ask_id: int, today: dt.date) -> str:
    """Close an ask that got no answer."""
    with db.writing(source.path) as conn:
        person, _ = _open_ask(conn, ask_id)
        writes.settle_ask(conn, ask_id, closed_on=today)
    return person


# --- reads -------------------------------------------------------------------------------------


def _is_stale(role: str | None, last: dt.date | None, as_of: dt.date, days: int) -> bool:
    return role in STALE_ROLES and (last is None or (as_of - last).days >= days)


def list_people(
    store: HasPath, today: dt.date, flt: Filter = Filter(), *, role: str | None = None, stale_after: int | None = None
) -> list[PersonRow]:
    """Everyone, with feedback counts, last contact (contact, feedback from them, ask to them), open asks
    and the stale flag as of `today`; narrowed by the filter language (see `filter_people`)."""
    days = stale_days(stale_after)
    with db.reading(store.path) as conn:
        rows = []
        for r in q.people_rows(conn, today):
            rows.append(_person_from(r, today, days))
        if role:
            wanted = _role(role)
            rows = [p for p in rows if p.role == wanted]
        rows = filter_people(rows, flt, store, conn)
    return sorted(rows, key=lambda p: (ROLE_ORDER.get(p.role or "", len(ROLE_ORDER)), p.name.casefold()))


def filter_people(rows: list[PersonRow], flt: Filter, store: HasPath, conn: Connection) -> list[PersonRow]:
    """The filter language on people: `by:` with the person rule, `role:`, words in name, team, note and role;
    other keys keep the people whose feedback matches them; a date range alone keeps anyone active in it."""
    if flt.is_empty:
        return rows
    everyone = [p.name for p in rows]
    for c in flt.clauses:
        if c.key == "person":
            chosen = match_people(c.values, everyone)
            rows = [p for p in rows if (p.name in chosen) != c.negated]
        elif c.key == "role":
            rows = [p for p in rows if (p.role in c.values) != c.negated]
    for term in (*flt.words, *flt.phrases):
        rows = [p for p in rows if term.casefold() in _haystack(p)]
    for term in flt.excluded:
        rows = [p for p in rows if term.casefold() not in _haystack(p)]
    other = tuple(c for c in flt.clauses if c.key not in ("person", "role"))
    if needs_full_store(flt):
        through = Filter(clauses=other, start=flt.start, end=flt.end, starred=flt.starred, goal_ids=flt.goal_ids)
        name_counts = getattr(store, "name_counts", None)
        if name_counts is None:
            raise TypeError("filtering people by their feedback needs a journal_tui.data.reader.Reader")
        gave = {name for name, count in name_counts("person", through) if count}
        rows = [p for p in rows if p.name in gave]
    elif flt.start or flt.end:
        active = q.active_between(conn, flt.start or dt.date.min, flt.end or dt.date.max)
        rows = [p for p in rows if p.id in active]
    return rows


def needs_full_store(flt: Filter) -> bool:
    """True when the filter keeps people by their feedback (project:, skill:, tag:, kind:, starred:, goal:):
    then the Reader's `name_counts` (the one filter compiler, sqltext.py) decides who gave any; a person or role
    filter is answered here with a plain query."""
    return any(c.key not in ("person", "role") for c in flt.clauses) or flt.starred is not None or bool(flt.goal_ids)


def _haystack(p: PersonRow) -> str:
    return " ".join(filter(None, [p.name, p.role, p.team, p.note])).casefold()


def _ask_rows(rows: Sequence[Sequence[Any]], as_of: dt.date, answered_since: dt.date | None = None) -> list[AskRow]:
    """Asks (`queries.people.ask_rows`) as they stood on `as_of`; with `answered_since`, only those still open then
    or answered between that day and `as_of` (what a review shows: no rows built for years of settled asks)."""
    out = []
    for r in rows:
        due, closed = _day(r[6]), _day(r[8])
        still_open = r[7] == "open" or (closed is not None and closed > as_of)
        if (
            answered_since is not None
            and not still_open
            and not (r[7] == "answered" and closed is not None and answered_since <= closed <= as_of)
        ):
            continue
        out.append(
            AskRow(
                r[0],
                r[1],
                r[2],
                _date(r[3]),
                r[4],
                r[5],
                due,
                r[7] if not still_open else "open",
                closed,
                r[9],
                still_open and due is not None and due < as_of,
            )
        )
    return out


def _ask_order(a: AskRow) -> tuple[Any, ...]:
    """Overdue first (oldest due first), then open by due date, then answered and closed, newest first."""
    closed = a.status != "open"
    return (
        closed,
        not a.overdue,
        a.due_on is None,
        a.due_on or dt.date.max,
        -(a.closed_on or dt.date.min).toordinal() if closed else a.asked_on.toordinal(),
        a.id,
    )


def list_asks(store: HasPath, today: dt.date, *, include_all: bool = False) -> list[AskRow]:
    """Open asks, overdue first; with `include_all`, answered and closed ones after them."""
    with db.reading(store.path) as conn:
        rows = _ask_rows(q.ask_rows(conn, open_only=not include_all), today)
    return sorted(rows, key=_ask_order)


def _contact_rows(rows: Sequence[Sequence[Any]]) -> list[ContactRow]:
    return [ContactRow(r[0], r[1], r[2], _date(r[3]), r[4], r[5]) for r in rows]


def person_detail(store: HasPath, name: str, today: dt.date, *, stale_after: int | None = None) -> PersonDetail:
    """One person with their feedback, contacts and asks (newest first)."""
    with db.reading(store.path) as conn:
        person_id, _ = require_person(conn, name)
    return person_detail_by_id(store, person_id, today, stale_after=stale_after)


def _person_row(conn: Connection, person_id: int, as_of: dt.date, days: int) -> PersonRow:
    """One person as `list_people` lists them, through their own index ranges."""
    r = q.person_row(conn, person_id, as_of)
    if r is None:
        raise NotFound(f"there is no person with id {person_id}")
    return _person_from(r, as_of, days)


def _person_from(r: Sequence[Any], as_of: dt.date, days: int) -> PersonRow:
    """A person's columns (`queries.people`) as a row, stale or not as of `as_of`."""
    last = _day(r[8])
    return PersonRow(
        r[0],
        r[1],
        r[2],
        r[3],
        r[4],
        int(r[5]),
        int(r[6]),
        int(r[7]),
        last,
        int(r[9]),
        int(r[10]),
        _is_stale(r[2], last, as_of, days),
    )


def _roster(
    conn: Connection, as_of: dt.date, days: int, today: dt.date | None = None
) -> tuple[dict[str, str | None], dict[str, PersonRow]]:
    """Everyone known by `as_of` with their role, by name, and the mentors and sponsors stale as of `as_of` by name
    (as `list_people` rows): a sponsor added in December is no gap of Q3."""
    roles: dict[str, str | None] = {}
    stale: dict[str, PersonRow] = {}
    for person_id, name, role, last in q.roster_rows(conn, as_of, today or dt.date.max, STALE_ROLES):
        roles[name] = role
        if _is_stale(role, _day(last), as_of, days):
            stale[name] = _person_row(conn, person_id, as_of, days)
    return roles, stale


def person_detail_by_id(
    store: HasPath, person_id: int, today: dt.date, *, stale_after: int | None = None
) -> PersonDetail:
    days = stale_days(stale_after)
    with db.reading(store.path) as conn:
        person = _person_row(conn, person_id, today, days)
        feedback = tuple(FeedbackLine(f[0], _date(f[1]), f[2], f[3], f[4]) for f in q.feedback_from(conn, person_id))
        contacts = tuple(_contact_rows(q.contacts_of(conn, person_id)))
        asks = tuple(sorted(_ask_rows(q.ask_rows(conn, person_id=person_id), today), key=_ask_order))
    return PersonDetail(person, feedback, contacts, asks)


def goal_origins(store: HasPath, goal_ids: Sequence[int] | None = None) -> dict[int, Origin]:
    """The feedback each goal came from (`journal feedback goal`), by goal id."""
    with db.reading(store.path) as conn:
        return {r[0]: Origin(r[1], r[2], r[3], r[4], _date(r[5])) for r in q.origin_rows(conn, goal_ids)}


# --- the review's People section -----------------------------------------------------------------


@dataclass
class PeopleSection:
    """What the review says about people in a period, as of `as_of` (the period's end, or today if sooner)."""

    as_of: dt.date
    stale_after: int
    feedback_by_person: list[tuple[str, str | None, dict[str, int]]] = field(default_factory=list)
    contacts: list[ContactRow] = field(default_factory=list)
    open_asks: list[AskRow] = field(default_factory=list)
    answered: list[AskRow] = field(default_factory=list)
    stale: list[PersonRow] = field(default_factory=list)
    origins: dict[int, Origin] = field(default_factory=dict)

    @property
    def overdue(self) -> list[AskRow]:
        return [a for a in self.open_asks if a.overdue]

    @property
    def is_empty(self) -> bool:
        return not (self.feedback_by_person or self.contacts or self.open_asks or self.answered or self.stale)


def people_section(
    store: HasPath,
    period: DateRange,
    today: dt.date,
    feedback: Sequence[FeedbackRow] = (),
    flt: Filter = Filter(),
    *,
    stale_after: int | None = None,
) -> PeopleSection:
    """The People section of a review: `feedback` is the review's own (already filtered to the period)."""
    days = stale_days(stale_after)
    as_of = min(period.end, today)
    with db.reading(store.path) as conn:
        roles, stale_people = _roster(conn, as_of, days, today)
    chosen = set(roles)
    for c in flt.names("person"):
        matched = match_people(c.values, list(roles))
        chosen = {n for n in chosen if (n in matched) != c.negated}
    for c in flt.names("role"):
        chosen = {n for n in chosen if (roles[n] in c.values) != c.negated}
    by_person: dict[str, dict[str, int]] = {}
    for f in feedback:
        counts = by_person.setdefault(f.person, dict.fromkeys(KINDS, 0))
        counts[f.kind] = counts.get(f.kind, 0) + 1
    feedback_by_person = sorted(
        ((n, roles.get(n), c) for n, c in by_person.items()),
        key=lambda item: (-sum(item[2].values()), item[0].casefold()),
    )
    # asks still open at the period's end or answered in it (`_ask_rows` decides): none closed before both days
    settled_since = min(period.start, as_of)
    with db.reading(store.path) as conn:
        contacts = [c for c in _contact_rows(q.contacts_between(conn, period.start, as_of)) if c.person in chosen]
        asks = [
            a
            for a in _ask_rows(q.ask_rows(conn, asked_by=as_of, settled_since=settled_since), as_of, period.start)
            if a.person in chosen
        ]
    open_asks = sorted((a for a in asks if a.status == "open"), key=_ask_order)
    answered = [a for a in asks if a.status == "answered" and a.closed_on and period.start <= a.closed_on <= as_of]
    stale = [stale_people[n] for n in sorted(chosen, key=str.casefold) if n in stale_people]
    origins = goal_origins(store)
    return PeopleSection(as_of, days, feedback_by_person, contacts, open_asks, answered, stale, origins)


def stale_section(
    store: HasPath, as_of: dt.date, *, stale_after: int | None = None, today: dt.date | None = None
) -> PeopleSection:
    """A People section holding only the stale mentors and sponsors as of `as_of` (everyone in scope), as
    `people_section` lists them: all the case's gaps need, without reading the period's contacts and asks."""
    days = stale_days(stale_after)
    with db.reading(store.path) as conn:
        _, stale = _roster(conn, as_of, days, today)
    return PeopleSection(as_of, days, stale=[stale[n] for n in sorted(stale, key=str.casefold)])


def stale_gaps(section: PeopleSection) -> list[str]:
    """The stale mentors and sponsors as gap lines, for the review's (and the case's) gaps."""
    out = []
    for p in section.stale:
        since = f"since {p.last_contact.isoformat()}" if p.last_contact else "on record"
        out.append(f"no contact with {p.name}, {p.role}, {since}")
    return out


def stale_gap_data(section: PeopleSection) -> list[dict[str, Any]]:
    return [
        {"person": p.name, "role": p.role, "last_contact": _iso(p.last_contact), "text": text}
        for p, text in zip(section.stale, stale_gaps(section), strict=True)
    ]


def _ask_line(a: AskRow) -> str:
    due = f", due {a.due_on.isoformat()}" if a.due_on else ""
    mark = "**overdue** " if a.overdue else ""
    return f"- {mark}{inline(a.person)}: {inline(a.about)} (asked {a.asked_on.isoformat()}{due}; ask {a.id})"


def section_markdown(section: PeopleSection, *, with_gaps: bool = True) -> list[str]:
    """Markdown lines of the People section (empty when there is nothing to say)."""
    if section.is_empty:
        return []
    out = ["", "## People"]
    if section.feedback_by_person:
        out += ["", "| Person | Role | Praise | Constructive | Other |", "|---|---|---:|---:|---:|"]
        out += [
            f"| {cell(n)} | {cell(role or '')} | {c['praise']} | {c['constructive']} | {c['neutral']} |"
            for n, role, c in section.feedback_by_person
        ]
    if section.contacts:
        out += ["", "### Conversations", ""]
        for c in section.contacts:
            how = inline(", ".join(filter(None, [c.role, c.kind])))
            out.append(f"- **{c.met_on.isoformat()}** {inline(c.person)}{f' ({how})' if how else ''}: {inline(c.text)}")
    if section.open_asks or section.answered:
        out += ["", "### Feedback asked for", ""]
        out += [_ask_line(a) for a in section.open_asks]
        if section.answered:
            out.append(f"- {len(section.answered)} answered in this period")
    if with_gaps and section.stale:
        out += ["", "### Gaps", ""] + [f"- {inline(line)}" for line in stale_gaps(section)]
    return out


def section_data(section: PeopleSection) -> dict[str, Any]:
    """The People section as JSON data (README: review JSON `people`)."""
    return {
        "feedback_by_person": [{"name": n, "role": role, **c} for n, role, c in section.feedback_by_person],
        "contacts": [c.to_dict() for c in section.contacts],
        "asks": {
            "open": [a.to_dict() for a in section.open_asks],
            "overdue": [a.id for a in section.overdue],
            "answered": [a.id for a in section.answered],
        },
        "gaps": stale_gap_data(section),
        "stale_after_days": section.stale_after,
    }
