"""Projects, skills and tags as one name each: merging synonyms, and re-keying names when the key rule changes.

`#system-design`, `System Design` and `system_design` are one skill (`validate.name_key`); a journal written before
that rule may hold two rows for one name, and a user may have real synonyms (`k8s`, `kubernetes`).  A merge moves
every link of one row to the other, found from the schema's own foreign keys, so a table added later (a harvest
mapping, a criterion's skills) follows without a change here.  People merge by `people.merge_person` (their role,
team and note have rules of their own).
"""

from typing import Any

from journal_tui.data.conn import Connection, dialect_of
from journal_tui.data.writes.base import NAME_TABLES, referencing, require
from journal_tui.data.writes.people import merge_person
from journal_tui.errors import JournalError
from journal_tui.validate import name_key


def merge_name(conn: Connection, table: str, src: int, dst: int) -> None:
    """Everything that names `src` names `dst` instead; `src` is gone.  A link `dst` already has is kept once."""
    if table not in NAME_TABLES:
        raise ValueError(table)
    if src == dst:
        raise JournalError(f"a {table} cannot be merged into itself")
    require(conn, table, src)
    require(conn, table, dst)
    if table == "person":
        merge_person(conn, src, dst)
        return
    for child, column in referencing(conn, table):
        _drop_duplicate_links(conn, child, column, src, dst)
        conn.execute(f"UPDATE {child} SET {column} = ? WHERE {column} = ?", (dst, src))
    conn.execute(f"DELETE FROM {table} WHERE id = ?", (src,))


def _drop_duplicate_links(conn: Connection, child: str, column: str, src: int, dst: int) -> None:
    """A pair table (entry_skill...) keyed on `column` and other columns may hold a link to both `src` and `dst` for
    the same row: the `src` one goes, so moving the rest to `dst` breaks no key and the link stays once.  The key's
    columns come from the schema (`primary_key_sql`), so a link table added later is handled the same way."""
    key = [str(r[0]) for r in conn.execute(dialect_of(conn).primary_key_sql(), (child,))]
    others = [c for c in key if c != column]
    if column not in key or not others:
        return
    same = " AND ".join(f"kept.{c} = {child}.{c}" for c in others)
    conn.execute(
        f"DELETE FROM {child} WHERE {column} = ? AND EXISTS "
        f"(SELECT 1 FROM {child} AS kept WHERE kept.{column} = ? AND {same})",
        (src, dst),
    )


def find_name(conn: Connection, table: str, name: Any) -> tuple[int, str]:
    """The row a typed project, skill or tag names, by its key; one line when there is none."""
    row = conn.execute(f"SELECT id, name FROM {table} WHERE key = ?", (name_key(str(name)),)).fetchone()
    if row is None:
        raise JournalError(f"there is no {table} called {str(name).strip()!r}; `journal {table}s` lists them")
    return int(row[0]), str(row[1])


def rekey_names(conn: Connection) -> dict[str, int]:
    """Give every name the key `name_key` gives today, merging rows that now share one into the oldest.

    Run by the migration that brought the rule in (and safe to run again).  Returns merges per table.
    """
    merged: dict[str, int] = {}
    for table in NAME_TABLES:
        rows = conn.execute(f"SELECT id, name, key FROM {table} ORDER BY id").fetchall()
        keep: dict[str, int] = {}
        moves: list[tuple[int, int]] = []
        for row_id, name, _old_key in rows:
            key = name_key(name)
            if key in keep:
                moves.append((row_id, keep[key]))
            else:
                keep[key] = row_id
        for src, dst in moves:
            merge_name(conn, table, src, dst)
        # two passes: a new key may equal another row's old key until that row is re-keyed too (the interim key holds
        # a control character, which no cleaned name has, and not NUL, which PostgreSQL text cannot hold)
        for row_id in keep.values():
            conn.execute(f"UPDATE {table} SET key = ? WHERE id = ?", (f"\x1f{row_id}", row_id))
        for key, row_id in keep.items():
            conn.execute(f"UPDATE {table} SET key = ? WHERE id = ?", (key, row_id))
        merged[table] = len(moves)
    return merged
