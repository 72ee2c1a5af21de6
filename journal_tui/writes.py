"""The one write layer: every insert and update of user data goes through here.

Quick add (`db.insert_entry`), the Store (the app's and the CLI's edits) and the
importer all call these functions, so a value is validated, cleaned (`clean_text`
for every text field, `clean_name` for names), its names merged ('SQL' == 'sql')
and its timestamps written in exactly one way, whichever path it came from.

A new table's writes follow the same pattern, in their own module: validate each
field with `validate.py` (clean_text for text, clean_name/`name_id` for names,
check_* for typed values), stamp times with `stamp_or_now`, then `insert_row` /
`update_row` / `require` from here; and add a `Section` to `exchange.SECTIONS` so
export and import carry the table.

Standard library only: `journal add` runs through here without importing
SQLAlchemy.  The caller owns the transaction (`db.transaction`, or `Store.write()`,
which hands over its raw connection); every function here is one step inside it.
"""

import datetime as dt
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from journal_tui.errors import NotFound
from journal_tui.validate import (check_bool, check_choice, check_date, check_id, check_number, check_timestamp,
                                  clean_name, clean_names, clean_optional, clean_text, name_key)

NAME_TABLES = ("project", "skill", "tag", "person")
GOAL_STATUSES = ("active", "achieved", "dropped")
FEEDBACK_KINDS = ("praise", "constructive", "neutral")
TITLE_LIMIT = 500


def now() -> dt.datetime:
    """Timestamps are aware UTC, as SQLModel requires."""
    return dt.datetime.now(dt.UTC)


def db_timestamp(value: dt.datetime) -> str:
    """The exact text SQLModel's UTCDateTime writes on SQLite (UTC, no offset)."""
    return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def stamp_or_now(given: Any, what: str) -> str:
    """A timestamp kept from a file (checked), or now."""
    return db_timestamp(now()) if given is None else check_timestamp(given, what=what)


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


# --- names -------------------------------------------------------------------------------------


def name_id(conn: sqlite3.Connection, table: str, name: Any) -> int:
    """The id of a project/skill/tag/person, creating it on first use ('SQL' == 'sql')."""
    if table not in NAME_TABLES:
        raise ValueError(table)
    name = clean_name(name, what=table)
    key = name_key(name)
    row = conn.execute(f"SELECT id FROM {table} WHERE key = ?", (key,)).fetchone()
    if row:
        return int(row[0])
    cur = conn.execute(f"INSERT INTO {table} (name, key, created_at) VALUES (?, ?, ?)",
                       (name, key, db_timestamp(now())))
    return int(cur.lastrowid)  # type: ignore[arg-type]


def set_names(conn: sqlite3.Connection, link_table: str, owner_col: str, owner_id: int, name_table: str,
              names: Sequence[str]) -> None:
    """Replace the names linked to one row (skills of an entry, tags of a feedback item...)."""
    cleaned = clean_names(names, what=f"{name_table}s")
    conn.execute(f"DELETE FROM {link_table} WHERE {owner_col} = ?", (owner_id,))
    ids = {name_id(conn, name_table, n) for n in cleaned}
    conn.executemany(f"INSERT INTO {link_table} ({owner_col}, {name_table}_id) VALUES (?, ?)",
                     [(owner_id, i) for i in sorted(ids)])


def require(conn: sqlite3.Connection, table: str, row_id: Any) -> None:
    """Refuse an id that names nothing (or that is not an id at all)."""
    if isinstance(row_id, bool) or not isinstance(row_id, int) or not 0 < row_id < 2**63:
        raise NotFound(f"there is no {table} with id {row_id}")
    if conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (row_id,)).fetchone() is None:
        raise NotFound(f"there is no {table} with id {row_id}")


def insert_row(conn: sqlite3.Connection, table: str, cols: dict[str, Any]) -> int:
    """INSERT already validated columns; returns the new id."""
    sql = f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
    return int(conn.execute(sql, tuple(cols.values())).lastrowid)  # type: ignore[arg-type]


def update_row(conn: sqlite3.Connection, table: str, row_id: int, cols: dict[str, Any]) -> None:
    """UPDATE one row's already validated columns."""
    sets = ", ".join(f"{c} = ?" for c in cols)
    conn.execute(f"UPDATE {table} SET {sets} WHERE id = ?", (*cols.values(), row_id))


# --- entries ------------------------------------------------------------------------------------


def entry_values(*, text: Any, occurred_on: Any, project: Any = None, impact: Any = None,
                 starred: Any = False) -> dict[str, Any]:
    """An entry's own columns, validated and cleaned (the project still a name)."""
    return {"occurred_on": check_date(occurred_on, what="date"), "text": clean_text(text),
            "project": clean_name(project, what="project") if project else None,
            "impact": clean_optional(impact, what="impact"), "starred": check_bool(starred, what="starred")}


def prepare_entry(*, text: Any, occurred_on: Any, project: Any = None, skills: Sequence[str] = (),
                  impact: Any = None, starred: Any = False, goal_ids: Sequence[int] = (), entry_id: int | None = None,
                  created_at: Any = None, updated_at: Any = None) -> dict[str, Any]:
    """One entry validated and cleaned, ready for `insert_entries` (needs no connection, so no lock)."""
    v = entry_values(text=text, occurred_on=occurred_on, project=project, impact=impact, starred=starred)
    v["skills"] = clean_names(skills, what="skills")
    v["goal_ids"] = [check_id(g, what="goal id") for g in goal_ids]
    v["id"] = check_id(entry_id, what="id", optional=True)
    v["created_at"] = None if created_at is None else check_timestamp(created_at, what="created_at")
    v["updated_at"] = None if updated_at is None else check_timestamp(updated_at, what="updated_at")
    return v


def insert_entries(conn: sqlite3.Connection, prepared: Sequence[dict[str, Any]]) -> list[int]:
    """Insert prepared entries with their names and goal links: one statement per table, whatever the count."""
    goal_ids = sorted({g for p in prepared for g in p["goal_ids"]})
    for goal_id in goal_ids:
        require(conn, "goal", goal_id)
    names: dict[tuple[str, str], int] = {}  # (table, name) and (table, NUL + key) -> id

    def cached(table: str, name: str) -> int:
        if (table, name) not in names:  # the name as given first: name_key costs more than a dict lookup
            key = (table, "\x00" + name_key(name))
            if key not in names:
                names[key] = name_id(conn, table, name)
            names[(table, name)] = names[key]
        return names[(table, name)]

    top = conn.execute("SELECT coalesce(max(id), 0) FROM entry").fetchone()[0]
    top = max([top, *(p["id"] for p in prepared if p["id"] is not None)])
    stamp = db_timestamp(now())
    ids, rows, skill_links, goal_links = [], [], [], []
    for p in prepared:
        if p["id"] is None:
            top += 1
        entry_id = p["id"] if p["id"] is not None else top
        created = p["created_at"] or stamp
        rows.append((entry_id, _iso(p["occurred_on"]), p["text"], cached("project", p["project"]) if p["project"] else None,
                     p["impact"], int(p["starred"]), created, p["updated_at"] or p["created_at"] or stamp))
        skill_links += [(entry_id, s) for s in sorted({cached("skill", n) for n in p["skills"]})]
        goal_links += [(entry_id, g) for g in p["goal_ids"]]
        ids.append(entry_id)
    with _bulk_fts(conn, len(rows)):
        conn.executemany("INSERT INTO entry (id, occurred_on, text, project_id, impact, starred, created_at, updated_at)"
                         " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    conn.executemany("INSERT INTO entry_skill (entry_id, skill_id) VALUES (?, ?)", skill_links)
    conn.executemany("INSERT OR IGNORE INTO entry_goal (entry_id, goal_id) VALUES (?, ?)", goal_links)
    return ids


BULK_FTS_ROWS = 2_000


@contextmanager
def _bulk_fts(conn: sqlite3.Connection, count: int) -> Iterator[None]:
    """Big inserts index full text in one pass: FTS triggers cost ~100 µs a row, a rebuild a fraction of that.

    Inside the caller's transaction, so the dropped triggers are back before anyone else can write.
    """
    triggers = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'entry\\_fts\\_%' "
                            "ESCAPE '\\'").fetchall() if count >= BULK_FTS_ROWS else []
    for name, _ in triggers:
        conn.execute(f"DROP TRIGGER {name}")
    yield
    if triggers:
        conn.execute("INSERT INTO entry_fts(entry_fts) VALUES ('rebuild')")
        for _, sql in triggers:
            conn.execute(sql)


def insert_entry(conn: sqlite3.Connection, **fields: Any) -> int:
    """Insert one entry (quick add, the app, the Store); the keywords are those of `prepare_entry`.

    `entry_id` and the timestamps are for imports that keep the exported values.
    """
    return insert_entries(conn, [prepare_entry(**fields)])[0]


def update_entry(conn: sqlite3.Connection, entry_id: int, *, text: Any, occurred_on: Any, project: Any,
                 skills: Sequence[str], impact: Any, starred: Any) -> None:
    v = entry_values(text=text, occurred_on=occurred_on, project=project, impact=impact, starred=starred)
    skill_names = clean_names(skills, what="skills")
    require(conn, "entry", entry_id)
    update_row(conn, "entry", entry_id, {
        "text": v["text"], "occurred_on": _iso(v["occurred_on"]),
        "project_id": name_id(conn, "project", v["project"]) if v["project"] else None,
        "impact": v["impact"], "starred": int(v["starred"]), "updated_at": db_timestamp(now())})
    set_names(conn, "entry_skill", "entry_id", entry_id, "skill", skill_names)


def set_starred(conn: sqlite3.Connection, entry_id: int, starred: bool) -> None:
    require(conn, "entry", entry_id)
    update_row(conn, "entry", entry_id, {"starred": int(check_bool(starred, what="starred")),
                                      "updated_at": db_timestamp(now())})


def link(conn: sqlite3.Connection, entry_id: int, goal_id: int, *, linked: bool = True) -> None:
    require(conn, "entry", entry_id)
    require(conn, "goal", goal_id)
    if linked:
        conn.execute("INSERT OR IGNORE INTO entry_goal (entry_id, goal_id) VALUES (?, ?)", (entry_id, goal_id))
    else:
        conn.execute("DELETE FROM entry_goal WHERE entry_id = ? AND goal_id = ?", (entry_id, goal_id))


# --- goals and milestones -------------------------------------------------------------------------

_GOAL_TEXT = {"specific": "specific", "measure": "measure", "relevant": "why"}


def goal_values(fields: dict[str, Any]) -> dict[str, Any]:
    """Validated, cleaned goal columns for the fields given (an update may give only some)."""
    out: dict[str, Any] = {}
    for key, value in fields.items():
        if key == "title":
            out[key] = clean_text(value, what="goal title", limit=TITLE_LIMIT)
        elif key in _GOAL_TEXT:
            out[key] = clean_optional(value, what=_GOAL_TEXT[key])
        elif key in ("target", "current", "baseline"):
            out[key] = check_number(value, what=key)
        elif key in ("due_on", "achieved_on"):
            out[key] = _iso(check_date(value, what=key.replace("_on", "").replace("due", "due date"), optional=True))
        elif key == "status":
            out[key] = check_choice(value, GOAL_STATUSES, what="goal status")
        else:
            raise ValueError(key)
    return out


def insert_goal(conn: sqlite3.Connection, *, title: Any, specific: Any = None, measure: Any = None,
                target: Any = None, current: Any = None, relevant: Any = None, due_on: Any = None,
                status: Any = "active", achieved_on: Any = None, goal_id: int | None = None,
                created_at: Any = None, updated_at: Any = None, baseline: Any = None,
                feedback_id: Any = None) -> int:
    cols = goal_values({"title": title, "specific": specific, "measure": measure, "target": target,
                        "current": current, "relevant": relevant, "due_on": due_on, "status": status,
                        "achieved_on": achieved_on, "baseline": baseline})
    if feedback_id is not None:
        cols["feedback_id"] = check_id(feedback_id, what="feedback_id")
    cols["created_at"] = stamp_or_now(created_at, "created_at")
    cols["updated_at"] = cols["created_at"] if updated_at is None else check_timestamp(updated_at, what="updated_at")
    if goal_id is not None:
        cols = {"id": check_id(goal_id, what="id"), **cols}
    return insert_row(conn, "goal", cols)


def update_goal(conn: sqlite3.Connection, goal_id: int, **fields: Any) -> None:
    cols = goal_values(fields)
    require(conn, "goal", goal_id)
    update_row(conn, "goal", goal_id, {**cols, "updated_at": db_timestamp(now())})


def insert_milestone(conn: sqlite3.Connection, goal_id: int, title: Any, due_on: Any = None, done_on: Any = None,
                     *, milestone_id: int | None = None, created_at: Any = None) -> int:
    cols = {"goal_id": goal_id, "title": clean_text(title, what="milestone title", limit=TITLE_LIMIT),
            "due_on": _iso(check_date(due_on, what="due date", optional=True)),
            "done_on": _iso(check_date(done_on, what="done date", optional=True)),
            "created_at": stamp_or_now(created_at, "created_at")}
    require(conn, "goal", goal_id)
    if milestone_id is not None:
        cols = {"id": check_id(milestone_id, what="id"), **cols}
    return insert_row(conn, "milestone", cols)


def set_milestone_done(conn: sqlite3.Connection, milestone_id: int, done_on: dt.date | None) -> None:
    require(conn, "milestone", milestone_id)
    update_row(conn, "milestone", milestone_id, {"done_on": _iso(check_date(done_on, what="done date", optional=True))})


# --- feedback ---------------------------------------------------------------------------------------


def save_feedback(conn: sqlite3.Connection, feedback_id: int | None, *, text: Any, person: Any, received_on: Any,
                  kind: Any = "praise", tags: Sequence[str] = (), skills: Sequence[str] = (), project: Any = None,
                  entry_id: Any = None, new_id: int | None = None, created_at: Any = None,
                  updated_at: Any = None) -> int:
    """Insert (feedback_id None) or replace one feedback item with its names."""
    cols: dict[str, Any] = {
        "received_on": _iso(check_date(received_on, what="date")),
        "text": clean_text(text, what="feedback text"),
        "kind": check_choice(kind or "praise", FEEDBACK_KINDS, what="feedback kind"),
    }
    person = clean_name(person, what="person")
    project = clean_name(project, what="project") if project else None
    tag_names = clean_names(tags, what="tags")
    skill_names = clean_names(skills, what="skills")
    if entry_id is not None:
        require(conn, "entry", entry_id)
    cols.update(person_id=name_id(conn, "person", person),
                project_id=name_id(conn, "project", project) if project else None, entry_id=entry_id)
    if feedback_id is None:
        cols["created_at"] = stamp_or_now(created_at, "created_at")
        cols["updated_at"] = cols["created_at"] if updated_at is None else check_timestamp(updated_at, what="updated_at")
        if new_id is not None:
            cols = {"id": check_id(new_id, what="id"), **cols}
        feedback_id = insert_row(conn, "feedback", cols)
    else:
        require(conn, "feedback", feedback_id)
        update_row(conn, "feedback", feedback_id, {**cols, "updated_at": db_timestamp(now())})
    set_names(conn, "feedback_tag", "feedback_id", feedback_id, "tag", tag_names)
    set_names(conn, "feedback_skill", "feedback_id", feedback_id, "skill", skill_names)
    return feedback_id
