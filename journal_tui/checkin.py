"""Weekly check-ins: dated reflections (learned, a setback and its lesson, blockers, next week's focus).

Storage and reads on the data package's plain connection, either engine (the caller owns the transaction:
`db.transaction(conn)` or `db.writing(path)`; the SQL is in `data/writes/checkins.py` and
`data/queries/checkin.py`), so the CLI never imports SQLAlchemy for them.  Wins typed during a check-in
become ordinary entries through the quick-add path (`inline.parse_inline` + `writes.insert_entry`), in the same
transaction as the check-in.

Tables (schema.py, migration "CHECKIN"), for export/import:

    checkin(id, checked_on DATE, created_at, updated_at)
    reflection(id, checkin_id -> checkin.id ON DELETE CASCADE,
               kind IN ('learned', 'setback', 'blocker', 'focus'), text, lesson (setbacks only), position)

Our JSON export (`exchange.CHECKINS`, the "checkins" key) keeps every reflection with its id, in
position order, so export then import gives back the same rows (kinds may interleave after an edit):

    {"id": 3, "date": "2026-11-20", "items": [{"id": 11, "kind": "learned" | "setback" | "blocker" | "focus",
     "text": "...", "lesson": "..." | null}], "created_at": "...", "updated_at": "..."}

`export_records` / `import_records` below give the grouped shape (learned / setbacks / blockers / focus
lists) for callers that want it; the journal's export and import do not use them.
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from journal_tui.data import db, writes
from journal_tui.data.conn import Connection
from journal_tui.data.db import HasPath
from journal_tui.data.queries import checkin as q
from journal_tui.data.writes import REFLECTION_KINDS as KINDS
from journal_tui.errors import JournalError, NotFound
from journal_tui.mdtext import inline
from journal_tui.plurals import plural
from journal_tui.validate import check_id, clean_text

# each kind counted: "2 setbacks", but "2 learned" and "2 focus" (the kind's word, not a countable noun)
KIND_PLURALS = {"learned": "learned", "setback": "setbacks", "blocker": "blockers", "focus": "focus"}


def count_of(kind: str, n: int) -> str:
    """`n` reflections of `kind` in words: "1 setback", "2 setbacks", "2 learned"."""
    return plural(n, kind, KIND_PLURALS.get(kind))


LABELS = {"learned": "Learned", "setback": "Setback", "blocker": "Blocker", "focus": "Focus"}


@dataclass(frozen=True)
class Reflection:
    kind: str
    text: str
    lesson: str | None = None


@dataclass(frozen=True)
class CheckinRow:
    id: int
    checked_on: dt.date
    items: tuple[Reflection, ...] = ()
    created_at: str | None = None
    updated_at: str | None = None

    def of(self, kind: str) -> list[Reflection]:
        return [r for r in self.items if r.kind == kind]

    def texts(self, kind: str) -> list[str]:
        return [r.text for r in self.items if r.kind == kind]

    def summary(self) -> str:
        bits = [count_of(k, len(self.of(k))) for k in KINDS if self.of(k)]
        return " · ".join(bits) if bits else "(nothing but wins)"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "date": self.checked_on.isoformat(),
            "learned": self.texts("learned"),
            "setbacks": [{"text": r.text, "lesson": r.lesson} for r in self.of("setback")],
            "blockers": self.texts("blocker"),
            "focus": self.texts("focus"),
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        }


@dataclass
class CheckinInput:
    """What a check-in says, before it is stored (from flags, stdin, the editor or the app's form)."""

    checked_on: dt.date
    wins: list[str] = field(default_factory=list)
    learned: list[str] = field(default_factory=list)
    setbacks: list[tuple[str, str | None]] = field(default_factory=list)
    blockers: list[str] = field(default_factory=list)
    focus: list[str] = field(default_factory=list)

    def reflections(self) -> list[Reflection]:
        out = [Reflection("learned", t) for t in self.learned]
        out += [Reflection("setback", t, lesson) for t, lesson in self.setbacks]
        out += [Reflection("blocker", t) for t in self.blockers]
        out += [Reflection("focus", t) for t in self.focus]
        return out

    @property
    def is_empty(self) -> bool:
        return not self.wins and not self.reflections()


def pair_setbacks(setbacks: Sequence[str], lessons: Sequence[str]) -> list[tuple[str, str | None]]:
    """`--setback A --lesson a --setback B`: the n-th lesson belongs to the n-th setback."""
    if len(lessons) > len(setbacks):
        raise JournalError("each --lesson belongs to a --setback; give the setback first")
    return [(s, lessons[i] if i < len(lessons) else None) for i, s in enumerate(setbacks)]


# --- writes (the caller owns the transaction; the SQL and validation are in writes.checkins) ----------


def _items(items: Iterable[Reflection]) -> list[dict[str, Any]]:
    return [{"kind": r.kind, "text": r.text, "lesson": r.lesson} for r in items]


def add_wins(conn: Connection, wins: Sequence[str], *, default_day: dt.date, today: dt.date) -> list[int]:
    """Each win through the quick-add syntax (`yesterday: Shipped X +project #skill`); its date defaults to the
    check-in's."""
    from journal_tui.inline import parse_inline

    ids = []
    for raw in wins:
        parsed = parse_inline(clean_text(raw, what="win"), today=today)
        ids.append(
            writes.insert_entry(
                conn,
                text=parsed.text,
                occurred_on=parsed.occurred_on or default_day,
                project=parsed.project,
                skills=parsed.skills,
            )
        )
    return ids


def record(conn: Connection, data: CheckinInput, *, today: dt.date) -> tuple[int, list[int]]:
    """Store a check-in and log its wins as entries: (check-in id, entry ids)."""
    if data.is_empty:
        raise JournalError("nothing to record: every question was skipped")
    items = _items(data.reflections())
    for item in items:
        writes.reflection_values(item)  # a bad reflection is refused before any win is logged
    entry_ids = add_wins(conn, data.wins, default_day=data.checked_on, today=today)
    return writes.insert_checkin(conn, data.checked_on, items), entry_ids


def update(conn: Connection, checkin_id: int, checked_on: dt.date, items: Sequence[Reflection]) -> None:
    """Replace a check-in's date and reflections."""
    writes.update_checkin(conn, checkin_id, checked_on, _items(items))


def delete(conn: Connection, checkin_id: int) -> None:
    writes.delete_row(conn, "checkin", checkin_id, "check-in")


# --- reads -----------------------------------------------------------------------------------


def _rows(conn: Connection, heads: Sequence[q.Head]) -> list[CheckinRow]:
    """The check-ins `heads` names, with their reflections (one more query whatever the count)."""
    items: dict[int, list[Reflection]] = {h[0]: [] for h in heads}
    for cid, kind, text, lesson in q.reflections(conn, list(items)):
        items[cid].append(Reflection(kind, text, lesson))
    return [CheckinRow(h[0], dt.date.fromisoformat(h[1]), tuple(items[h[0]]), h[2], h[3]) for h in heads]


def list_checkins(
    conn: Connection,
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    limit: int | None = None,
    oldest_first: bool = False,
) -> list[CheckinRow]:
    """Check-ins in [start, end] (either open), newest first."""
    return _rows(conn, q.heads(conn, start=start, end=end, limit=limit, oldest_first=oldest_first))


def get(conn: Connection, checkin_id: int) -> CheckinRow:
    rows = _rows(conn, q.heads(conn, checkin_id=checkin_id))
    if not rows:
        raise NotFound(f"there is no check-in with id {checkin_id}")
    return rows[0]


def latest(conn: Connection, on_or_before: dt.date) -> CheckinRow | None:
    rows = list_checkins(conn, end=on_or_before, limit=1)
    return rows[0] if rows else None


def checkin_days(conn: Connection) -> list[dt.date]:
    return [dt.date.fromisoformat(d) for d in q.days(conn)]


# --- text: `checkin show`, the editor template ---------------------------------------------------


def show_text(row: CheckinRow) -> str:
    out = [f"Check-in {row.id} · {row.checked_on.isoformat()}"]
    sections = (
        ("learned", "What I learned"),
        ("setback", "Setbacks"),
        ("blocker", "Blockers"),
        ("focus", "Next week's focus"),
    )
    for kind, title in sections:
        items = row.of(kind)
        if not items:
            continue
        out += ["", f"{title}:"]
        for r in items:
            out.append(f"  - {r.text}")
            if r.lesson:
                out.append(f"    lesson: {r.lesson}")
    return "\n".join(out)


TEMPLATE_HELP = (
    "# One item per line: 'learned:', 'setback:' (then 'lesson:' for what it taught you),\n"
    "# 'blocker:', 'focus:'. Lines starting with '# ' are ignored.\n"
)


def render_template(row: CheckinRow) -> str:
    lines = [f"Date: {row.checked_on.isoformat()}", "---"]
    for r in row.items:
        lines.append(f"{r.kind}: {r.text}")
        if r.lesson:
            lines.append(f"lesson: {r.lesson}")
    return "\n".join(lines) + "\n\n" + TEMPLATE_HELP


def parse_template(document: str) -> tuple[str, list[Reflection]]:
    """(date text, reflections) from an edited template; a line that is not `kind: text` is an error naming it."""
    date = ""
    items: list[Reflection] = []
    for n, line in enumerate(document.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped == "---" or stripped == "#" or stripped.startswith("# "):
            continue
        key, colon, value = stripped.partition(":")
        key, value = key.strip().lower(), value.strip()
        if not colon:
            raise JournalError(
                f"line {n}: expected 'learned:', 'setback:', 'lesson:', 'blocker:' or 'focus:', got {stripped[:40]!r}"
            )
        if key == "date":
            date = value
        elif key == "lesson":
            if not items or items[-1].kind != "setback":
                raise JournalError(f"line {n}: a 'lesson:' follows the 'setback:' it belongs to")
            items[-1] = Reflection("setback", items[-1].text, value or None)
        elif key in KINDS:
            if value:
                items.append(Reflection(key, value))
        else:
            raise JournalError(f"line {n}: unknown item {key!r}; use learned, setback, lesson, blocker or focus")
    return date, items


# --- the review's sections -------------------------------------------------------------------------


def review_reflections(path: db.PathArg, start: dt.date, end: dt.date) -> dict[str, list[dict[str, Any]]]:
    """The period's learnings and setbacks (with lessons), oldest first, for the review."""
    with db.reading(path) as conn:
        if not q.has_checkins(conn):
            return {"learned": [], "setbacks": []}
        rows = list_checkins(conn, start, end, oldest_first=True)
    return {
        "learned": [{"date": c.checked_on.isoformat(), "text": r.text} for c in rows for r in c.of("learned")],
        "setbacks": [
            {"date": c.checked_on.isoformat(), "text": r.text, "lesson": r.lesson}
            for c in rows
            for r in c.of("setback")
        ],
    }


def review_markdown(reflections: dict[str, list[dict[str, Any]]]) -> list[str]:
    """'What I learned' and 'Setbacks and what they taught me' (left out when empty)."""
    out: list[str] = []
    if reflections.get("learned"):
        out += ["", "## What I learned", ""]
        out += [f"- **{r['date']}** {inline(r['text'])}" for r in reflections["learned"]]
    if reflections.get("setbacks"):
        out += ["", "## Setbacks and what they taught me", ""]
        for r in reflections["setbacks"]:
            out.append(f"- **{r['date']}** {inline(r['text'])}")
            if r["lesson"]:
                out.append(f"  - _Lesson:_ {inline(r['lesson'])}")
    return out


# --- export / import (wired into exchange.py by the lead) ------------------------------------------


def export_records(conn: Connection) -> list[dict[str, Any]]:
    """Every check-in as the documented JSON record, oldest first."""
    if not q.has_checkins(conn):
        return []
    return [c.to_dict() for c in list_checkins(conn, oldest_first=True)]


def import_records(conn: Connection, records: Sequence[dict[str, Any]]) -> int:
    """Insert exported check-ins (keeping ids; one already present is skipped); the caller owns the transaction."""
    added = 0
    for rec in records:
        try:
            day = dt.date.fromisoformat(rec["date"])
            items = [Reflection("learned", t) for t in rec.get("learned", [])]
            items += [Reflection("setback", s["text"], s.get("lesson")) for s in rec.get("setbacks", [])]
            items += [Reflection("blocker", t) for t in rec.get("blockers", [])]
            items += [Reflection("focus", t) for t in rec.get("focus", [])]
        except (KeyError, TypeError, ValueError) as exc:
            raise JournalError(
                f"check-in record {rec.get('id', '?') if isinstance(rec, dict) else '?'} is malformed ({exc})"
            ) from None
        if rec.get("id") is not None and q.exists(conn, check_id(rec["id"], what="check-in id")):
            continue
        writes.insert_checkin(
            conn,
            day,
            _items(items),
            checkin_id=rec.get("id"),
            created_at=rec.get("created_at"),
            updated_at=rec.get("updated_at"),
        )
        added += 1
    return added


# --- demo data ------------------------------------------------------------------------------------

# (days ago, learned, (setback, lesson) or None, blockers, focus): Friday check-ins, one week skipped.
DEMO = [
    (
        45,
        ["Finance reads the appendix first: lead with the numbers"],
        ("The roadmap deck surprised finance", "Share drafts with stakeholders a week early"),
        [],
        ["Onboard the two new engineers"],
    ),
    (
        38,
        ["Pairing beats docs for onboarding the billing domain"],
        None,
        ["No staging data for the dunning tests"],
        ["Ship the dunning redesign"],
    ),
    (
        24,
        ["A talk forces you to find the one-sentence version of an idea"],
        None,
        [],
        ["Fix the statement timezone bug", "Start the reliability proposal"],
    ),
    (
        17,
        ["Timezone bugs hide in month boundaries: test the 1st and the 31st"],
        ("Shipped the statement fix a day late", "Ask for the review before writing the tests, not after"),
        [],
        ["Finish the reliability proposal draft"],
    ),
    (
        10,
        ["Load tests need production-shaped data, not random rows"],
        None,
        ["Waiting on the security review of the proposal"],
        ["Run the gateway load test"],
    ),
    (
        3,
        ["Unblocking another team is often one well-placed code review"],
        ("The monthly aggregates cache slipped past its milestone", "Say no earlier when a week is already full"),
        ["Security review of the reliability proposal still pending"],
        ["Cache the monthly aggregates", "Ledger team adopts the idempotency standard"],
    ),
]


def seed_demo(source: HasPath, today: dt.date) -> int:
    """Add the demo check-ins, one short write transaction each; returns how many."""
    for ago, learned, setback, blockers, focus in DEMO:
        data = CheckinInput(
            checked_on=today - dt.timedelta(days=ago),
            learned=list(learned),
            setbacks=[setback] if setback else [],
            blockers=list(blockers),
            focus=list(focus),
        )
        record_with_store(source, data, today)
    return len(DEMO)


def record_with_store(source: HasPath, data: CheckinInput, today: dt.date) -> tuple[int, list[int]]:
    """The app's path: the same `record`, inside one short write transaction on the journal's file."""
    with db.writing(source.path) as conn:
        return record(conn, data, today=today)
