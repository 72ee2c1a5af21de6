"""What every write shares: the clock, timestamps, names, ids, and the generic INSERT/UPDATE/DELETE steps.

The other modules of `writes` call `stamp()` / `stamp_or_now()` rather than `now()` directly,
so a test that fixes the clock (`monkeypatch.setattr(writes.base, "now", ...)`) fixes every write.
"""

import datetime as dt
import os
from collections.abc import Sequence
from typing import Any

from journal_tui.data.conn import Connection, dialect_of
from journal_tui.data.schema import UID_TABLES
from journal_tui.errors import NotFound
from journal_tui.validate import check_id, check_timestamp, clean_name, clean_names, name_key

NAME_TABLES = ("project", "skill", "tag", "person")


def now() -> dt.datetime:
    """Timestamps are aware UTC, as SQLModel requires."""
    return dt.datetime.now(dt.UTC)


def db_timestamp(value: dt.datetime) -> str:
    """The exact text SQLModel's UTCDateTime writes on SQLite (UTC, no offset)."""
    return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def day_stamp(day: dt.date) -> str:
    """A `created_at` for a row set on `day` before the journal recorded it (`--date`): noon UTC of that day."""
    return db_timestamp(dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC))


def stamp() -> str:
    """Now, as stored."""
    return db_timestamp(now())


def stamp_or_now(given: Any, what: str) -> str:
    """A timestamp kept from a file (checked), or now."""
    return stamp() if given is None else check_timestamp(given, what=what)


def stamps(created_at: Any, updated_at: Any) -> dict[str, str]:
    """created_at and updated_at of a new row: kept from a file (checked), else now; updated defaults to created."""
    created = stamp_or_now(created_at, "created_at")
    return {
        "created_at": created,
        "updated_at": created if updated_at is None else check_timestamp(updated_at, what="updated_at"),
    }


def iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def with_id(row_id: Any, cols: dict[str, Any]) -> dict[str, Any]:
    """`cols` led by an explicit id (an import keeping the exported ids), or as they are."""
    return cols if row_id is None else {"id": check_id(row_id, what="id"), **cols}


# --- names -------------------------------------------------------------------------------------


def name_id(conn: Connection, table: str, name: Any) -> int:
    """The id of a project/skill/tag/person, creating it on first use ('SQL' == 'sql')."""
    if table not in NAME_TABLES:
        raise ValueError(table)
    name = clean_name(name, what=table)
    key = name_key(name)
    row = conn.execute(f"SELECT id FROM {table} WHERE key = ?", (key,)).fetchone()
    if row:
        return int(row[0])
    return insert_row(conn, table, {"name": name, "key": key, "created_at": stamp()})


def set_names(
    conn: Connection, link_table: str, owner_col: str, owner_id: int, name_table: str, names: Sequence[str]
) -> None:
    """Replace the names linked to one row (skills of an entry, tags of a feedback item...)."""
    cleaned = clean_names(names, what=f"{name_table}s")
    conn.execute(f"DELETE FROM {link_table} WHERE {owner_col} = ?", (owner_id,))
    ids = {name_id(conn, name_table, n) for n in cleaned}
    conn.executemany(
        f"INSERT INTO {link_table} ({owner_col}, {name_table}_id) VALUES (?, ?)", [(owner_id, i) for i in sorted(ids)]
    )


# --- rows --------------------------------------------------------------------------------------


def require(conn: Connection, table: str, row_id: Any, what: str | None = None) -> None:
    """Refuse an id that names nothing (or that is not an id at all)."""
    if isinstance(row_id, bool) or not isinstance(row_id, int) or not 0 < row_id < 2**63:
        raise NotFound(f"there is no {what or table} with id {row_id}")
    if conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (row_id,)).fetchone() is None:
        raise NotFound(f"there is no {what or table} with id {row_id}")


# tables whose rows are known by their columns alone (links, commits): no `id`
NO_ID_TABLES = frozenset(
    {
        "entry_skill",
        "entry_goal",
        "feedback_tag",
        "feedback_skill",
        "feedback_response",
        "criterion_skill",
        "criterion_entry",
        "entry_commit",
        "harvest_commit",
    }
)


def has_id(conn: Connection, table: str) -> bool:
    return table not in NO_ID_TABLES


def new_uid() -> str:
    """A fresh stable identity: a random (version 4) UUID as text, from `os.urandom` without importing `uuid`
    (a quick add pays for every import).  Rows of `schema.UID_TABLES` carry one for life (export, import, copy)."""
    raw = bytearray(os.urandom(16))
    raw[6] = (raw[6] & 0x0F) | 0x40  # version 4
    raw[8] = (raw[8] & 0x3F) | 0x80  # the RFC 4122 variant
    h = raw.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def insert_row(conn: Connection, table: str, cols: dict[str, Any]) -> int:
    """INSERT already validated columns; returns the new id (`RETURNING`, which both engines have)."""
    cols = {**cols, "uid": cols.get("uid") or new_uid()} if table in UID_TABLES else cols  # a given uid is kept
    sql = f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))}) RETURNING id"
    return int(conn.execute(sql, tuple(cols.values())).fetchone()[0])


def insert_link(conn: Connection, table: str, cols: dict[str, Any]) -> None:
    """INSERT a row of a table without ids (a link, a commit)."""
    conn.execute(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", tuple(cols.values()))


def update_row(conn: Connection, table: str, row_id: int, cols: dict[str, Any]) -> None:
    """UPDATE one row's already validated columns."""
    sets = ", ".join(f"{c} = ?" for c in cols)
    conn.execute(f"UPDATE {table} SET {sets} WHERE id = ?", (*cols.values(), row_id))


def delete_row(conn: Connection, table: str, row_id: int, what: str | None = None) -> None:
    """DELETE one row that must exist (what it owns goes with it: ON DELETE CASCADE)."""
    require(conn, table, row_id, what)
    conn.execute(f"DELETE FROM {table} WHERE id = ?", (row_id,))


# link table -> its (owner, target) columns, and the tables they point at in the order they are checked
LINKS: dict[str, tuple[tuple[str, str], tuple[str, ...]]] = {
    "entry_goal": (("entry_id", "goal_id"), ("entry", "goal")),
    "feedback_response": (("feedback_id", "entry_id"), ("feedback", "entry")),
    "criterion_entry": (("criterion_id", "entry_id"), ("entry", "criterion")),
}


def set_pair(conn: Connection, table: str, ids: tuple[int, int], linked: bool) -> None:
    """Link (or unlink) two existing rows in a two-column link table; linking twice is one link."""
    cols, checked = LINKS[table]
    by_table = dict(zip((c.removesuffix("_id") for c in cols), ids, strict=True))
    for name in checked:
        require(conn, name, by_table[name])
    if linked:
        conn.execute(f"INSERT INTO {table} ({cols[0]}, {cols[1]}) VALUES (?, ?) ON CONFLICT DO NOTHING", ids)
    else:
        conn.execute(f"DELETE FROM {table} WHERE {cols[0]} = ? AND {cols[1]} = ?", ids)


def add_pairs(conn: Connection, table: str, owner_id: int, target_ids: Sequence[Any]) -> None:
    """Link one row to many rows at once (an import): each id checked, links already there kept."""
    cols, _ = LINKS[table]
    target = cols[1].removesuffix("_id")
    pairs = []
    for value in target_ids:
        target_id = check_id(value, what=f"{target} id")
        require(conn, target, target_id)
        pairs.append((owner_id, target_id))
    conn.executemany(f"INSERT INTO {table} ({cols[0]}, {cols[1]}) VALUES (?, ?) ON CONFLICT DO NOTHING", pairs)


def foreign_keys(conn: Connection, table: str) -> list[tuple[str, str, str]]:
    """(child table, column, ON DELETE action) of every foreign key that points at `table`, read from the schema
    itself, so whichever migration added a table, its rows follow a merge or an undo (and only tables that exist)."""
    return [
        (child, column, on_delete)
        for child, column, parent, on_delete in conn.execute(dialect_of(conn).foreign_keys_sql())
        if parent == table
    ]


def referencing(conn: Connection, table: str) -> list[tuple[str, str]]:
    """(child table, column) of every foreign key that points at `table`: what a merge moves."""
    return [(child, column) for child, column, _ in foreign_keys(conn, table)]
