"""Entries: quick add, the app's edits and the importer insert and update them here."""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from journal_tui.data.conn import Connection, dialect_of
from journal_tui.data.writes.base import iso, name_id, new_uid, require, set_names, set_pair, stamp, update_row
from journal_tui.validate import (
    check_bool,
    check_date,
    check_id,
    check_timestamp,
    clean_name,
    clean_names,
    clean_optional,
    clean_text,
    name_key,
)

BULK_FTS_ROWS = 2_000


def entry_values(
    *, text: Any, occurred_on: Any, project: Any = None, impact: Any = None, starred: Any = False, extra: Any = False
) -> dict[str, Any]:
    """An entry's own columns, validated and cleaned (the project still a name); `extra`: work beyond the role."""
    return {
        "occurred_on": check_date(occurred_on, what="date"),
        "text": clean_text(text),
        "project": clean_name(project, what="project") if project else None,
        "impact": clean_optional(impact, what="impact"),
        "starred": check_bool(starred, what="starred"),
        "extra": check_bool(extra, what="extra"),
    }


def prepare_entry(
    *,
    text: Any,
    occurred_on: Any,
    project: Any = None,
    skills: Sequence[str] = (),
    impact: Any = None,
    starred: Any = False,
    goal_ids: Sequence[int] = (),
    entry_id: int | None = None,
    created_at: Any = None,
    updated_at: Any = None,
    extra: Any = False,
) -> dict[str, Any]:
    """One entry validated and cleaned, ready for `insert_entries` (needs no connection, so no lock)."""
    v = entry_values(text=text, occurred_on=occurred_on, project=project, impact=impact, starred=starred, extra=extra)
    v["skills"] = clean_names(skills, what="skills")
    v["goal_ids"] = [check_id(g, what="goal id") for g in goal_ids]
    v["id"] = check_id(entry_id, what="id", optional=True)
    v["created_at"] = None if created_at is None else check_timestamp(created_at, what="created_at")
    v["updated_at"] = None if updated_at is None else check_timestamp(updated_at, what="updated_at")
    return v


def insert_entries(conn: Connection, prepared: Sequence[dict[str, Any]]) -> list[int]:
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
    now = stamp()
    ids, rows, skill_links, goal_links = [], [], [], []
    for p in prepared:
        if p["id"] is None:
            top += 1
        entry_id = p["id"] if p["id"] is not None else top
        created = p["created_at"] or now
        rows.append(
            (
                entry_id,
                iso(p["occurred_on"]),
                p["text"],
                cached("project", p["project"]) if p["project"] else None,
                p["impact"],
                bool(p["starred"]),
                created,
                p["updated_at"] or p["created_at"] or now,
                bool(p.get("extra", False)),
                p.get("uid") or new_uid(),
            )
        )
        skill_links += [(entry_id, s) for s in sorted({cached("skill", n) for n in p["skills"]})]
        goal_links += [(entry_id, g) for g in p["goal_ids"]]
        ids.append(entry_id)
    with _bulk_fts(conn, len(rows)):
        conn.executemany(
            "INSERT INTO entry (id, occurred_on, text, project_id, impact, starred, created_at, updated_at,"
            " extra, uid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    conn.executemany("INSERT INTO entry_skill (entry_id, skill_id) VALUES (?, ?)", skill_links)
    conn.executemany("INSERT INTO entry_goal (entry_id, goal_id) VALUES (?, ?) ON CONFLICT DO NOTHING", goal_links)
    for stmt in dialect_of(conn).after_explicit_ids("entry"):  # ids were given here: the engine's counter follows
        conn.execute(stmt)
    return ids


@contextmanager
def _bulk_fts(conn: Connection, count: int) -> Iterator[None]:
    """Big inserts index full text in one pass: FTS triggers cost ~100 µs a row, a rebuild a fraction of that.

    Inside the caller's transaction, so the dropped triggers are back before anyone else can write.
    """
    d = dialect_of(conn)
    triggers = conn.execute(d.fts_triggers_sql("entry")).fetchall() if count >= BULK_FTS_ROWS and d.bulk_fts else []
    for name, _ in triggers:
        conn.execute(f"DROP TRIGGER {name}")
    yield
    if triggers:
        conn.execute("INSERT INTO entry_fts(entry_fts) VALUES ('rebuild')")
        for _, sql in triggers:
            conn.execute(sql)


def insert_entry(conn: Connection, **fields: Any) -> int:
    """Insert one entry (quick add, the app, the Store); the keywords are those of `prepare_entry`.

    `entry_id` and the timestamps are for imports that keep the exported values.
    """
    return insert_entries(conn, [prepare_entry(**fields)])[0]


def update_entry(
    conn: Connection,
    entry_id: int,
    *,
    text: Any,
    occurred_on: Any,
    project: Any,
    skills: Sequence[str],
    impact: Any,
    starred: Any,
    extra: Any = None,
) -> None:
    """Replace an entry's fields; `extra` None keeps whether it is work beyond the role."""
    v = entry_values(
        text=text, occurred_on=occurred_on, project=project, impact=impact, starred=starred, extra=bool(extra)
    )
    skill_names = clean_names(skills, what="skills")
    require(conn, "entry", entry_id)
    update_row(
        conn,
        "entry",
        entry_id,
        {
            "text": v["text"],
            "occurred_on": iso(v["occurred_on"]),
            "project_id": name_id(conn, "project", v["project"]) if v["project"] else None,
            "impact": v["impact"],
            "starred": v["starred"],
            "updated_at": stamp(),
            **({} if extra is None else {"extra": v["extra"]}),
        },
    )
    set_names(conn, "entry_skill", "entry_id", entry_id, "skill", skill_names)


def set_extra(conn: Connection, entry_id: int, extra: bool) -> None:
    """Mark an entry as work beyond the current role (the case lists them in a section of their own), or not."""
    require(conn, "entry", entry_id)
    update_row(conn, "entry", entry_id, {"extra": check_bool(extra, what="extra"), "updated_at": stamp()})


def set_starred(conn: Connection, entry_id: int, starred: bool) -> None:
    require(conn, "entry", entry_id)
    update_row(conn, "entry", entry_id, {"starred": check_bool(starred, what="starred"), "updated_at": stamp()})


def link(conn: Connection, entry_id: int, goal_id: int, *, linked: bool = True) -> None:
    """Count an entry as evidence for a goal (or stop counting it)."""
    set_pair(conn, "entry_goal", (entry_id, goal_id), linked)
