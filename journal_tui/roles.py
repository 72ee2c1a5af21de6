"""The target role and its criteria: what the next level requires, and the evidence for each.

A criterion maps to skills (an entry with any of them counts as evidence) and to
entries attached by hand (`journal link ENTRY --criterion ID`, `c` in the app).  It
is met when its evidence reaches `need`.  Writes go through the Store's short
transactions and the validators; reads are SQL text on the stdlib connection.

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
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from journal_tui import db
from journal_tui.errors import JournalError, NotFound
from journal_tui.validate import clean_name, clean_optional, clean_text

if TYPE_CHECKING:
    from journal_tui.reader import Reader
    from journal_tui.store import Store

SEP = "\x1f"
MAX_NEED = 1000


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


@contextmanager
def reading(store: "Reader") -> Iterator[sqlite3.Connection]:
    """The stdlib connection under one short read transaction of the store (one consistent snapshot)."""
    with store.reading() as conn:
        yield conn


# --- reads ------------------------------------------------------------------------------------


def get_role(conn: sqlite3.Connection) -> str | None:
    row = conn.execute("SELECT title FROM role ORDER BY id LIMIT 1").fetchone()
    return row[0] if row else None


def list_criteria(conn: sqlite3.Connection) -> list[Criterion]:
    """Every criterion in the order they were added, with its skills and hand-attached entries."""
    rows = conn.execute(
        "SELECT c.id, c.name, c.need, c.note, "
        f" (SELECT group_concat(s.name, '{SEP}') FROM criterion_skill cs JOIN skill s ON s.id = cs.skill_id "
        "   WHERE cs.criterion_id = c.id), "
        f" (SELECT group_concat(ce.entry_id, '{SEP}') FROM criterion_entry ce WHERE ce.criterion_id = c.id) "
        "FROM criterion c ORDER BY c.id").fetchall()
    return [Criterion(r[0], r[1], r[2], r[3], tuple(sorted(r[4].split(SEP), key=str.casefold)) if r[4] else (),
                      tuple(sorted(int(i) for i in r[5].split(SEP))) if r[5] else ()) for r in rows]


def get_criterion(conn: sqlite3.Connection, criterion_id: int) -> Criterion:
    found = [c for c in list_criteria(conn) if c.id == criterion_id]
    if not found:
        raise NotFound(f"there is no criterion with id {criterion_id}")
    return found[0]


def evidence_counts(conn: sqlite3.Connection, start: dt.date | None = None, end: dt.date | None = None) -> dict[int, int]:
    """Criterion id -> entries that count as its evidence (within start..end when given), one query."""
    rows = conn.execute(
        "SELECT c.id, count(DISTINCT e.id) FROM criterion c "
        "LEFT JOIN (SELECT cs.criterion_id AS cid, es.entry_id AS eid FROM criterion_skill cs "
        "           JOIN entry_skill es ON es.skill_id = cs.skill_id "
        "           UNION SELECT criterion_id, entry_id FROM criterion_entry) ev ON ev.cid = c.id "
        "LEFT JOIN entry e ON e.id = ev.eid AND e.occurred_on >= ? AND e.occurred_on <= ? "
        "GROUP BY c.id",
        ((start or dt.date.min).isoformat(), (end or dt.date.max).isoformat())).fetchall()
    return {r[0]: r[1] for r in rows}


def criteria_of_entry(conn: sqlite3.Connection, entry_id: int) -> tuple[int, ...]:
    return tuple(r[0] for r in conn.execute(
        "SELECT criterion_id FROM criterion_entry WHERE entry_id = ? ORDER BY criterion_id", (entry_id,)))


# --- writes -----------------------------------------------------------------------------------


def _need(need: int) -> int:
    if not 1 <= int(need) <= MAX_NEED:
        raise JournalError(f"--need must be between 1 and {MAX_NEED}, not {need}")
    return int(need)


def _skills(skills: Sequence[str]) -> list[str]:
    return [clean_name(s, what="skill") for s in skills if s.strip()]


def set_role(store: "Store", title: str) -> str:
    """Set (or rename) the target role; its criteria stay."""
    title = clean_text(title, what="role title", limit=200)
    stamp = db.db_timestamp(db.now())
    with store.write() as (_, raw):
        raw.execute("INSERT INTO role (id, title, created_at, updated_at) VALUES (1, ?, ?, ?) "
                    "ON CONFLICT(id) DO UPDATE SET title = excluded.title, updated_at = excluded.updated_at",
                    (title, stamp, stamp))
    return title


def add_criterion(store: "Store", name: str, *, skills: Sequence[str] = (), need: int = 1,
                  note: str | None = None) -> int:
    name = clean_text(name, what="criterion name", limit=300)
    note = clean_optional(note, what="note")
    need, names = _need(need), _skills(skills)
    stamp = db.db_timestamp(db.now())
    with store.write() as (_, raw):
        cur = raw.execute("INSERT INTO criterion (name, need, note, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                          (name, need, note, stamp, stamp))
        criterion_id = int(cur.lastrowid)  # type: ignore[arg-type]
        db.set_links(raw, "criterion_skill", "criterion_id", criterion_id, "skill", names)
    return criterion_id


def edit_criterion(store: "Store", criterion_id: int, *, name: str | None = None, skills: Sequence[str] | None = None,
                   need: int | None = None, note: str | None = None) -> None:
    """Change what is given; `skills` replaces the whole list; an empty `note` removes it."""
    values: dict[str, Any] = {}
    if name is not None:
        values["name"] = clean_text(name, what="criterion name", limit=300)
    if need is not None:
        values["need"] = _need(need)
    if note is not None:
        values["note"] = clean_optional(note, what="note")
    names = None if skills is None else _skills(skills)
    if not values and names is None:
        raise JournalError("nothing to change; pass --name, --skill, --need or --note")
    with store.write() as (_, raw):
        db.require(raw, "criterion", criterion_id)
        if values:
            values["updated_at"] = db.db_timestamp(db.now())
            sets = ", ".join(f"{k} = ?" for k in values)
            raw.execute(f"UPDATE criterion SET {sets} WHERE id = ?", (*values.values(), criterion_id))
        if names is not None:
            db.set_links(raw, "criterion_skill", "criterion_id", criterion_id, "skill", names)


def remove_criterion(store: "Store", criterion_id: int) -> None:
    with store.write() as (_, raw):
        db.require(raw, "criterion", criterion_id)
        raw.execute("DELETE FROM criterion WHERE id = ?", (criterion_id,))


def link_entry(store: "Store", entry_id: int, criterion_id: int, *, linked: bool = True) -> None:
    """Attach an entry to a criterion as evidence by hand (or detach it)."""
    with store.write() as (_, raw):
        db.require(raw, "entry", entry_id)
        db.require(raw, "criterion", criterion_id)
        if linked:
            raw.execute("INSERT OR IGNORE INTO criterion_entry (criterion_id, entry_id) VALUES (?, ?)",
                        (criterion_id, entry_id))
        else:
            raw.execute("DELETE FROM criterion_entry WHERE criterion_id = ? AND entry_id = ?", (criterion_id, entry_id))
