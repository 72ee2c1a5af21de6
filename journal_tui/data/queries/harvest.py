"""Every SQL read of the harvest and the inbox (its writes are `writes/harvest.py`).

Plain rows (tuples of the stored values) for `journal_tui.harvest` to build its own rows from.  Standard library
only: the shell nudge counts the waiting suggestions through `pending_count`.
"""

from collections.abc import Iterable, Sequence
from typing import Any

from journal_tui.data.conn import Connection, dialect_of

BATCH = 500  # values in one `IN (...)`: well under SQLite's variable limit


def batches(values: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for i in range(0, len(values), BATCH):
        yield values[i : i + BATCH]


def _marks(values: Sequence[Any]) -> str:
    return ",".join("?" * len(values))


def has_tables(conn: Connection) -> bool:
    """A journal migrated to the harvest schema (the app and nudge read older files as they are)."""
    return conn.execute(dialect_of(conn).table_exists(), ("suggestion",)).fetchone() is not None


def pending_count(conn: Connection) -> int:
    """Suggestions waiting in the inbox (0 for a journal from before the inbox)."""
    if not has_tables(conn):
        return 0
    return int(conn.execute("SELECT count(*) FROM suggestion WHERE status = 'pending'").fetchone()[0])


def remembered(conn: Connection) -> list[tuple[str, str | None, str | None, str | None]]:
    """(path, project, tips, harvested_at) of every remembered repository, by path."""
    from journal_tui.data.queries.checkin import stamp_text  # not on the nudge's path

    return [
        (str(r[0]), r[1], r[2], stamp_text(r[3]))
        for r in conn.execute("SELECT path, project, tips, harvested_at FROM harvest_repo ORDER BY path")
    ]


def repo_project(conn: Connection, path: str) -> str | None:
    """The project a remembered repository's suggestions go to (None: its folder's name)."""
    row = conn.execute("SELECT project FROM harvest_repo WHERE path = ?", (path,)).fetchone()
    return None if row is None or row[0] is None else str(row[0])


def skill_rules(conn: Connection) -> list[tuple[str, str]]:
    """(pattern, skill) of the skill rules, in the order they were made."""
    return [(str(r[0]), str(r[1])) for r in conn.execute("SELECT pattern, skill FROM harvest_skill ORDER BY id")]


def offered_hashes(conn: Connection, hashes: Sequence[str]) -> set[str]:
    """Those of `hashes` offered before (in any suggestion) or recorded on an entry."""
    found: set[str] = set()
    for batch in batches(hashes):
        marks = _marks(batch)
        found.update(
            str(r[0])
            for r in conn.execute(
                f"SELECT hash FROM harvest_commit WHERE hash IN ({marks}) "
                f"UNION SELECT hash FROM entry_commit WHERE hash IN ({marks})",
                (*batch, *batch),
            )
        )
    return found


def offered_work_keys(conn: Connection, keys: Sequence[str]) -> set[str]:
    """Those of `keys` (author, date and subject of a commit) offered before, under whatever hash."""
    found: set[str] = set()
    for batch in batches(keys):
        found.update(
            str(r[0])
            for r in conn.execute(
                f"SELECT work_key FROM harvest_commit WHERE work_key IN ({_marks(batch)})", tuple(batch)
            )
        )
    return found


def pending_days(conn: Connection, repo: str) -> list[tuple[int, str, str]]:
    """(id, day, skills) of `repo`'s waiting day suggestions, the newest id first."""
    return [
        (int(r[0]), str(r[1]), str(r[2]))
        for r in conn.execute(
            "SELECT id, occurred_on, skills FROM suggestion WHERE repo = ? AND kind = 'day' AND status = 'pending' "
            "ORDER BY id DESC",
            (repo,),
        )
    ]


def subjects_of(conn: Connection, suggestion_id: int) -> list[str]:
    """A suggestion's commit subjects in order."""
    return [
        str(r[0])
        for r in conn.execute(
            "SELECT subject FROM harvest_commit WHERE suggestion_id = ? ORDER BY position", (suggestion_id,)
        )
    ]


def suggestion_heads(
    conn: Connection, *, status: str | None, ids: Sequence[int] | None, limit: int | None
) -> list[tuple[Any, ...]]:
    """(id, repo, day, title, project, skills, kind, status, entry id) of the suggestions asked for, the oldest
    day first."""
    where: list[str] = []
    args: list[Any] = []
    if status is not None:
        where.append("status = ?")
        args.append(status)
    if ids is not None:
        if not ids:
            return []
        where.append(f"id IN ({_marks(ids)})")
        args.extend(int(i) for i in ids)
    sql = (
        "SELECT id, repo, occurred_on, title, project, skills, kind, status, entry_id FROM suggestion"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY occurred_on, id"
        + (f" LIMIT {int(limit)}" if limit is not None else "")
    )
    return [tuple(r) for r in conn.execute(sql, args).fetchall()]


def suggestion_commits(conn: Connection, suggestion_ids: Sequence[int]) -> list[tuple[int, str, str, str]]:
    """(suggestion id, hash, authored at, subject) of the suggestions' commits, in order."""
    out: list[tuple[int, str, str, str]] = []
    for batch in batches(suggestion_ids):
        out += [
            (int(r[0]), str(r[1]), str(r[2]), str(r[3]))
            for r in conn.execute(
                f"SELECT suggestion_id, hash, authored_at, subject FROM harvest_commit WHERE suggestion_id IN "
                f"({_marks(batch)}) ORDER BY suggestion_id, position",
                tuple(int(b) for b in batch),
            )
        ]
    return out


def criterion_skills(conn: Connection) -> list[tuple[int, str, str | None]]:
    """(criterion id, name, one of its skills or None) of the target role's criteria, in the order they were added:
    what a suggestion's skills could count for."""
    return [
        (int(r[0]), str(r[1]), None if r[2] is None else str(r[2]))
        for r in conn.execute(
            "SELECT c.id, c.name, s.name FROM criterion c LEFT JOIN criterion_skill cs ON cs.criterion_id = c.id "
            "LEFT JOIN skill s ON s.id = cs.skill_id ORDER BY c.id, s.key"
        )
    ]


def active_goals(conn: Connection) -> list[tuple[int, str, str | None, str | None]]:
    """(id, title, specific, measure) of the active goals, by id."""
    return [
        (int(r[0]), str(r[1]), r[2], r[3])
        for r in conn.execute("SELECT id, title, specific, measure FROM goal WHERE status = 'active' ORDER BY id")
    ]


def entry_commits(conn: Connection, entry_id: int) -> list[tuple[str, str, str]]:
    """(hash, repo, subject) of the commits an entry came from, in order."""
    return [
        (str(r[0]), str(r[1]), str(r[2]))
        for r in conn.execute(
            "SELECT hash, repo, subject FROM entry_commit WHERE entry_id = ? ORDER BY position, hash", (entry_id,)
        )
    ]
