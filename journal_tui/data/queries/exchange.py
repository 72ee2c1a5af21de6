"""Every SQL read of `journal export` and `journal import` (exchange.py, foreign.py): the tables as rows.

Plain statements both engines run alike; each returns dicts keyed by column (or pairs for links), in a stable order,
so the JSON export is the same text from a SQLite file and from a server.  The importer's writes go through `writes`.
"""

from typing import Any

from journal_tui.data.conn import Connection, dialect_of, dicts


def _rows(conn: Connection, sql: str, *args: Any) -> list[dict[str, Any]]:
    return dicts(conn.execute(sql, args))


def _pairs(conn: Connection, sql: str) -> list[tuple[int, Any]]:
    return [(int(owner), value) for owner, value in conn.execute(sql)]


# --- goals with their milestones and history -------------------------------------------------------


def goals(conn: Connection) -> list[dict[str, Any]]:
    return _rows(conn, "SELECT * FROM goal ORDER BY id")


def milestones(conn: Connection) -> list[dict[str, Any]]:
    return _rows(conn, "SELECT * FROM milestone ORDER BY id")


def goal_progress(conn: Connection) -> list[dict[str, Any]]:
    return _rows(conn, "SELECT * FROM goal_progress ORDER BY id")


def goal_status_changes(conn: Connection) -> list[dict[str, Any]]:
    return _rows(conn, "SELECT * FROM goal_status_change ORDER BY id")


# --- entries ------------------------------------------------------------------------------------


def entries(conn: Connection) -> list[dict[str, Any]]:
    """Every entry with its project's name, oldest first."""
    return _rows(
        conn,
        "SELECT e.*, p.name AS project FROM entry e LEFT JOIN project p ON p.id = e.project_id "
        "ORDER BY e.occurred_on, e.id",
    )


def entry_skills(conn: Connection) -> list[tuple[int, Any]]:
    return _pairs(conn, "SELECT l.entry_id, s.name FROM entry_skill l JOIN skill s ON s.id = l.skill_id")


def entry_commits(conn: Connection) -> dict[int, list[dict[str, Any]]]:
    """Entry id -> the commits it came from, as the export writes them (in order)."""
    out: dict[int, list[dict[str, Any]]] = {}
    for entry_id, sha, repo, subject in conn.execute(
        "SELECT entry_id, hash, repo, subject FROM entry_commit ORDER BY entry_id, position, hash"
    ):
        out.setdefault(int(entry_id), []).append({"hash": sha, "repo": repo, "subject": subject})
    return out


def entry_goals(conn: Connection) -> list[tuple[int, Any]]:
    return _pairs(conn, "SELECT entry_id, goal_id FROM entry_goal")


# --- feedback -----------------------------------------------------------------------------------


def feedback(conn: Connection) -> list[dict[str, Any]]:
    """Every feedback item with its person's and project's names, oldest first."""
    return _rows(
        conn,
        "SELECT f.*, pe.name AS person, p.name AS project FROM feedback f "
        "JOIN person pe ON pe.id = f.person_id LEFT JOIN project p ON p.id = f.project_id "
        "ORDER BY f.received_on, f.id",
    )


def feedback_tags(conn: Connection) -> list[tuple[int, Any]]:
    return _pairs(conn, "SELECT l.feedback_id, t.name FROM feedback_tag l JOIN tag t ON t.id = l.tag_id")


def feedback_skills(conn: Connection) -> list[tuple[int, Any]]:
    return _pairs(conn, "SELECT l.feedback_id, s.name FROM feedback_skill l JOIN skill s ON s.id = l.skill_id")


def feedback_responses(conn: Connection) -> list[tuple[int, Any]]:
    return _pairs(conn, "SELECT feedback_id, entry_id FROM feedback_response")


# --- people, contacts, asks, promotion conversations ---------------------------------------------


def people(conn: Connection) -> list[dict[str, Any]]:
    """Every person with their details and identity (version 5 exports them all: a rename follows its uid)."""
    return _rows(conn, "SELECT id, name, role, team, note, uid, updated_at FROM person ORDER BY id")


def person_details(conn: Connection, person_id: int) -> tuple[str, str | None, str | None, str | None]:
    name, role, team, note = conn.execute(
        "SELECT name, role, team, note FROM person WHERE id = ?", (person_id,)
    ).fetchone()
    return name, role, team, note


def contacts(conn: Connection) -> list[dict[str, Any]]:
    return _rows(
        conn,
        "SELECT c.id, p.name AS person, c.met_on AS date, c.kind, c.text, c.created_at, c.uid "
        "FROM contact c JOIN person p ON p.id = c.person_id ORDER BY c.id",
    )


def asks(conn: Connection) -> list[dict[str, Any]]:
    return _rows(
        conn,
        "SELECT a.id, p.name AS person, a.asked_on AS date, a.about, a.entry_id AS about_entry, "
        "a.due_on AS due, a.status, a.closed_on, a.feedback_id AS answer, a.created_at, a.uid, "
        "a.updated_at FROM ask a JOIN person p ON p.id = a.person_id ORDER BY a.id",
    )


def promotions(conn: Connection) -> list[dict[str, Any]]:
    return _rows(
        conn,
        'SELECT c.id, c.talked_on AS date, c.outcome, p.name AS "with", c.note, c.retry_on AS retry, '
        "c.created_at, c.uid FROM promo c LEFT JOIN person p ON p.id = c.person_id ORDER BY c.id",
    )


# --- the target role and its criteria; check-ins -------------------------------------------------


def roles(conn: Connection) -> list[dict[str, Any]]:
    return _rows(conn, "SELECT id, title, created_at, updated_at, uid FROM role ORDER BY id")


def held_role(conn: Connection) -> str | None:
    """The title of the journal's target role, if it has one."""
    row = conn.execute("SELECT title FROM role ORDER BY id LIMIT 1").fetchone()
    return None if row is None else str(row[0])


def criteria(conn: Connection) -> list[dict[str, Any]]:
    return _rows(conn, "SELECT id, name, need, note, created_at, updated_at, uid FROM criterion ORDER BY id")


def criterion_skills(conn: Connection) -> list[tuple[int, Any]]:
    return _pairs(conn, "SELECT l.criterion_id, s.name FROM criterion_skill l JOIN skill s ON s.id = l.skill_id")


def criterion_entries(conn: Connection) -> list[tuple[int, Any]]:
    return _pairs(conn, "SELECT criterion_id, entry_id FROM criterion_entry")


def checkins(conn: Connection) -> list[dict[str, Any]]:
    return _rows(conn, "SELECT * FROM checkin ORDER BY checked_on, id")


def reflections(conn: Connection) -> list[dict[str, Any]]:
    return _rows(conn, "SELECT * FROM reflection ORDER BY checkin_id, position, id")


# --- names, identities, emptiness ----------------------------------------------------------------


def names(conn: Connection, table: str) -> list[tuple[str, str]]:
    """(name, uid) of every project, skill, tag or person, in the order they were made."""
    return [(str(name), str(uid)) for name, uid in conn.execute(f"SELECT name, uid FROM {table} ORDER BY id")]


def name_by_key(conn: Connection, table: str, key: str) -> int | None:
    row = conn.execute(f"SELECT id FROM {table} WHERE key = ?", (key,)).fetchone()
    return None if row is None else int(row[0])


def ids_by_uid(conn: Connection, table: str) -> dict[str, int]:
    """uid -> id of every row of `table` (a table of `schema.UID_TABLES`)."""
    return {str(uid): int(row_id) for uid, row_id in conn.execute(f"SELECT uid, id FROM {table}")}


def uid_of(conn: Connection, table: str, row_id: int) -> str:
    return str(conn.execute(f"SELECT uid FROM {table} WHERE id = ?", (row_id,)).fetchone()[0])


def all_empty(conn: Connection, tables: set[str]) -> bool:
    """Whether none of `tables` holds a row (an import into an empty journal keeps the file's ids)."""
    return all(conn.execute(f"SELECT 1 FROM {t} LIMIT 1").fetchone() is None for t in sorted(tables))


def settle_id_sequences(conn: Connection, tables: set[str]) -> None:
    """After rows were inserted under their own ids, the engine's next id must come after them (PostgreSQL's
    sequences; nothing to do on SQLite)."""
    for table in sorted(tables):
        for stmt in dialect_of(conn).after_explicit_ids(table):
            conn.execute(stmt)
