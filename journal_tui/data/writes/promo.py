"""Promotion conversations (issue 25): the writes of the `promo` table, and the migration step that gives people
the `decision-maker` role.

Standard library only, like every module of `writes`.  The reads and the domain are in `journal_tui.promo`.
"""

from typing import Any

from journal_tui.data.conn import Connection, dialect_of, is_sqlite
from journal_tui.data.kinds import PROMO_OUTCOMES
from journal_tui.data.writes.base import insert_row, iso, require, stamp_or_now, with_id
from journal_tui.errors import JournalError
from journal_tui.validate import NOTE_LIMIT, check_choice, check_date, check_id, clean_text

OUTCOMES = PROMO_OUTCOMES  # defined once, in data/kinds.py
PROMO_NOTE_LIMIT = NOTE_LIMIT


def promo_values(
    *, talked_on: Any, outcome: Any, person_id: Any = None, note: Any = "", retry_on: Any = None
) -> dict[str, Any]:
    """Validated columns of one promotion conversation (the same checks for the CLI and an import)."""
    talked = check_date(talked_on, what="date")
    retry = check_date(retry_on, what="retry date", optional=True)
    if retry is not None and retry <= talked:
        raise JournalError(
            f"the retry date {retry.isoformat()} must come after the conversation ({talked.isoformat()})"
        )
    return {
        "talked_on": iso(talked),
        "outcome": check_choice(outcome, OUTCOMES, what="outcome"),
        "person_id": check_id(person_id, what="person id", optional=True),
        "note": clean_text("" if note is None else note, what="note", required=False, limit=PROMO_NOTE_LIMIT),
        "retry_on": iso(retry),
    }


def insert_promo(
    conn: Connection,
    *,
    talked_on: Any,
    outcome: Any,
    person_id: Any = None,
    note: Any = "",
    retry_on: Any = None,
    promo_id: int | None = None,
    created_at: Any = None,
) -> int:
    """Record one promotion conversation; returns its id."""
    cols = promo_values(talked_on=talked_on, outcome=outcome, person_id=person_id, note=note, retry_on=retry_on)
    if cols["person_id"] is not None:
        require(conn, "person", cols["person_id"])
    cols["created_at"] = stamp_or_now(created_at, "created_at")
    return insert_row(conn, "promo", with_id(promo_id, cols))


# --- migration: person.role gains 'decision-maker' ----------------------------------------------------------

OLD_ROLES_END = "'skip-level', 'other')"
NEW_ROLES_END = "'skip-level', 'other', 'decision-maker')"
_ACTIONS = ("CASCADE", "SET NULL", "SET DEFAULT")


def _tables(conn: Connection) -> list[str]:
    return [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE "
            "'CREATE VIRTUAL%' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]


def _touched_by_delete(conn: Connection, root: str) -> list[str]:
    """The tables whose rows a DELETE of `root`'s rows changes through ON DELETE actions, transitively, parents first.

    With foreign keys on (they are, inside the migration's transaction, where the pragma cannot be turned off), a
    DROP TABLE is an implicit DELETE: contacts and asks (CASCADE) would vanish with the old person table."""
    edges: dict[str, list[str]] = {}
    for child, _column, parent, on_delete in conn.execute(dialect_of(conn).foreign_keys_sql()):
        if str(on_delete).upper() in _ACTIONS and child not in edges.get(parent, []):
            edges.setdefault(str(parent), []).append(str(child))
    order: list[str] = []
    todo = [root]
    while todo:
        parent = todo.pop(0)
        for child in edges.get(parent, []):
            if child not in order and child != root:
                order.append(child)
                todo.append(child)
    return order


def _counts(conn: Connection) -> dict[str, int]:
    """Rows per table: the rebuild must end with exactly as many everywhere (checked whatever the cascades were)."""
    return {t: int(conn.execute(f"SELECT count(*) FROM {_quoted(t)}").fetchone()[0]) for t in _tables(conn)}


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def rebuild_person_roles(conn: Connection) -> None:
    """Give person.role's CHECK the 'decision-maker' role: SQLite cannot alter a CHECK, so the table is rebuilt.

    Runs inside `db.ensure_schema`'s transaction, where `PRAGMA foreign_keys` cannot change: the rows of every table
    the old table's DROP would cascade into are saved first and put back after, the person rows go back with their
    ids (which settles the deferred checks of feedback's NO ACTION key), indexes and triggers are recreated, and
    `foreign_key_check` must come back empty, else the whole upgrade rolls back and the journal stays as it was.

    A step of SQLite's migrations only, and the one place outside the dialects that reads SQLite's catalog (it
    rewrites the table's own DDL): a PostgreSQL journal's tables are made from the models with the role already in.
    """
    if not is_sqlite(conn):
        raise ValueError("rebuild_person_roles is a step of the SQLite migrations")
    (ddl,) = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'person'").fetchone()
    if NEW_ROLES_END in ddl:
        return
    if ddl.count(OLD_ROLES_END) != 1:
        raise JournalError("the person table is not as expected; the upgrade was not made (the journal is unchanged)")
    extras = [
        r[0]
        for r in conn.execute(
            "SELECT sql FROM sqlite_master WHERE tbl_name = 'person' AND type IN "
            "('index', 'trigger') AND sql IS NOT NULL"
        )
    ]
    touched = _touched_by_delete(conn, "person")
    counts = _counts(conn)
    conn.execute("PRAGMA defer_foreign_keys = ON")  # feedback points at person while the table is swapped
    conn.execute("CREATE TEMP TABLE _promo_save_person AS SELECT * FROM person")
    for t in touched:
        conn.execute(f"CREATE TEMP TABLE {_quoted('_promo_save_' + t)} AS SELECT * FROM {_quoted(t)}")
    conn.execute("DROP TABLE person")
    conn.execute(ddl.replace(OLD_ROLES_END, NEW_ROLES_END))
    conn.execute("INSERT INTO person SELECT * FROM temp._promo_save_person")
    for sql in extras:
        conn.execute(sql)
    for t in touched:  # what a cascade changed (SET NULL) or deleted goes back exactly as it was
        conn.execute(f"DELETE FROM {_quoted(t)}")
        conn.execute(f"INSERT INTO {_quoted(t)} SELECT * FROM temp.{_quoted('_promo_save_' + t)}")
    for t in ["person", *touched]:
        conn.execute(f"DROP TABLE temp.{_quoted('_promo_save_' + t)}")
    if _counts(conn) != counts or conn.execute("PRAGMA foreign_key_check").fetchone() is not None:
        raise JournalError("rebuilding the person table would have lost references; the upgrade was not made")
