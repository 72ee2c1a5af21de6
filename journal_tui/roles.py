"""The target role and its criteria: what the next level requires, and the evidence for each.

A criterion maps to skills (an entry with any of them counts as evidence) and to
entries attached by hand (`journal link ENTRY --criterion ID`, `c` in the app).  It
is met when its evidence reaches `need`.  Writes are short `db.writing` transactions
calling `writes.roles`; the reads are `data.queries.roles` (either engine).

Tables (for export/import; the lead wires them into exchange.py):
- `role(id, title, created_at, updated_at)`: at most one row, id 1 (`journal role set`).
- `criterion(id, name, need INTEGER >= 1, note NULL, created_at, updated_at)`.
- `criterion_skill(criterion_id -> criterion CASCADE, skill_id -> skill CASCADE)`: export as skill names.
- `criterion_entry(criterion_id -> criterion CASCADE, entry_id -> entry CASCADE)`: hand-attached evidence;
  export as entry ids, remapped on import like `entry_goal`.
- `feedback_response(feedback_id -> feedback CASCADE, entry_id -> entry CASCADE)`: see responses.py.
In our JSON: `"role": [{"id", "title", "created_at", "updated_at"}]` (an import never replaces a different
role already held) and `"criteria": [{"id", "name", "need", "note", "skills", "entries", ...}]` (exchange.py).
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from journal_tui.data import db, writes
from journal_tui.data.conn import Connection
from journal_tui.data.db import HasPath
from journal_tui.data.queries import roles as q
from journal_tui.errors import JournalError, NotFound


@dataclass(frozen=True)
class Criterion:
    id: int
    name: str
    need: int
    note: str | None
    skills: tuple[str, ...]
    entry_ids: tuple[int, ...] = ()  # attached by hand

    def matches(self, skills: Sequence[str], entry_id: int) -> bool:
        """Whether an entry counts as evidence: one of the skills, or attached by hand."""
        mine = {s.casefold() for s in self.skills}
        return entry_id in self.entry_ids or any(s.casefold() in mine for s in skills)


def status_of(have: int, need: int) -> str:
    """met (evidence >= need), partial (some), gap (none)."""
    return "met" if have >= need else "partial" if have > 0 else "gap"


# --- reads ------------------------------------------------------------------------------------


def get_role(conn: Connection) -> str | None:
    return q.role_title(conn)


def list_criteria(conn: Connection, *, as_of: dt.date | None = None, today: dt.date | None = None) -> list[Criterion]:
    """Every criterion in the order they were added, with its skills and hand-attached entries; with `as_of`, only
    those set by then (`queries.goal_history.set_on_sql`)."""
    return [
        Criterion(cid, name, need, note, tuple(sorted(skills, key=str.casefold)), tuple(sorted(entries)))
        for cid, name, need, note, skills, entries in q.criterion_rows(conn, as_of=as_of, today=today)
    ]


def get_criterion(conn: Connection, criterion_id: int) -> Criterion:
    found = [c for c in list_criteria(conn) if c.id == criterion_id]
    if not found:
        raise NotFound(f"there is no criterion with id {criterion_id}")
    return found[0]


def evidence_counts(conn: Connection, start: dt.date | None = None, end: dt.date | None = None) -> dict[int, int]:
    """Criterion id -> entries that count as its evidence (within start..end when given)."""
    return q.evidence_counts(conn, start, end)


def criteria_of_entry(conn: Connection, entry_id: int) -> tuple[int, ...]:
    return q.criteria_of_entry(conn, entry_id)


# --- writes: the SQL, validation and timestamps are in writes.roles ------------------------------------


def set_role(source: HasPath, title: str) -> str:
    """Set (or rename) the target role; its criteria stay."""
    title = writes.role_title(title)
    with db.writing(source.path) as conn:
        return writes.set_role(conn, title)


def _skills(skills: Sequence[str]) -> list[str]:
    return [s for s in skills if s.strip()]


def add_criterion(
    source: HasPath,
    name: str,
    *,
    skills: Sequence[str] = (),
    need: int = 1,
    note: str | None = None,
    set_on: dt.date | None = None,
) -> int:
    """A new criterion; `set_on` is the day the role asked for it, when that was before this journal."""
    writes.criterion_values({"name": name, "need": need, "note": note})  # refused before the lock is taken
    with db.writing(source.path) as conn:
        return writes.insert_criterion(
            conn,
            name=name,
            need=need,
            note=note,
            skills=_skills(skills),
            created_at=writes.day_stamp(set_on) if set_on else None,
        )


def edit_criterion(
    source: HasPath,
    criterion_id: int,
    *,
    name: str | None = None,
    skills: Sequence[str] | None = None,
    need: int | None = None,
    note: str | None = None,
) -> None:
    """Change what is given; `skills` replaces the whole list; an empty `note` removes it."""
    fields = {k: v for k, v in (("name", name), ("need", need), ("note", note)) if v is not None}
    if not fields and skills is None:
        raise JournalError("nothing to change; pass --name, --skill, --need or --note")
    writes.criterion_values(fields)
    with db.writing(source.path) as conn:
        writes.update_criterion(conn, criterion_id, skills=None if skills is None else _skills(skills), **fields)


def remove_criterion(source: HasPath, criterion_id: int) -> None:
    with db.writing(source.path) as conn:
        writes.delete_row(conn, "criterion", criterion_id)


def link_entry(source: HasPath, entry_id: int, criterion_id: int, *, linked: bool = True) -> None:
    """Attach an entry to a criterion as evidence by hand (or detach it)."""
    with db.writing(source.path) as conn:
        writes.link_criterion(conn, criterion_id, entry_id, linked=linked)
