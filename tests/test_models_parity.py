"""The models are the schema: SQLite's migrations and PostgreSQL's compiled models make the same tables.

`models.py` is the one definition of the tables (PostgreSQL's schema is compiled from it); a SQLite journal is made
by `schema.py`'s numbered migrations.  These tests compare, through `sqlalchemy.inspect`, the journal the migrations
produce with a database created from the models (`SQLModel.metadata.create_all`), and with a real PostgreSQL journal:
tables, columns (order, types, nullability, defaults), primary keys, foreign keys with their ON DELETE, unique
constraints, CHECKs and indexes.  A column, index or CHECK added on one side only fails here.
"""

import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from journal_tui.data import db, kinds, models, schema  # noqa: F401  (models defines the tables on SQLModel.metadata)

MODEL_TABLES = sorted(SQLModel.metadata.tables)


def _engine(path: Path) -> Engine:
    return create_engine(f"sqlite:///{path}")


def _check(sqltext: str) -> Any:
    """A CHECK as data: `col IN ('a', 'b')` becomes (col, {a, b}) (the order of a vocabulary is not the schema's),
    anything else its text with whitespace folded."""
    text = " ".join(sqltext.split())
    m = re.fullmatch(r"\(?(\w+) IN \((.*)\)\)?", text)
    if m:
        return (m.group(1), frozenset(v.strip().strip("'") for v in m.group(2).split(",")))
    return text


def _ondelete(conn: sqlite3.Connection, table: str) -> set[tuple[str, str, str, str]]:
    """SQLAlchemy reflects a SQLite foreign key's ON DELETE only from table-level constraints; the pragma has all."""
    return {(r[3], r[2], r[4], r[6]) for r in conn.execute(f"PRAGMA foreign_key_list({table})")}


def sqlite_schema(path: Path) -> dict[str, Any]:
    """Every model table of a SQLite database as plain data, through `sqlalchemy.inspect`."""
    engine = _engine(path)
    found = inspect(engine)
    raw = sqlite3.connect(path)
    out: dict[str, Any] = {"tables": sorted(t for t in found.get_table_names() if t in MODEL_TABLES)}
    for table in out["tables"]:
        pk = found.get_pk_constraint(table)["constrained_columns"]
        out[table] = {
            # SQLite lets an INTEGER PRIMARY KEY column be declared without NOT NULL: a key is never null
            "columns": [
                (c["name"], str(c["type"]), c["nullable"] and c["name"] not in pk, c["default"])
                for c in found.get_columns(table)
            ],
            "primary key": pk,
            "foreign keys": _ondelete(raw, table),
            "unique": sorted(tuple(u["column_names"]) for u in found.get_unique_constraints(table)),
            "checks": {_check(c["sqltext"]) for c in found.get_check_constraints(table)},
            "indexes": sorted(
                (
                    i["name"],
                    tuple(i["column_names"]),
                    bool(i["unique"]),
                    str(i.get("dialect_options", {}).get("sqlite_where", "")),
                )
                for i in found.get_indexes(table)
            ),
            "without rowid": "WITHOUT ROWID"
            in raw.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0].upper(),
        }
    raw.close()
    engine.dispose()
    return out


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    path = tmp_path_factory.mktemp("migrated") / "journal.db"
    db.open_journal(path).close()
    return sqlite_schema(path)


def test_the_migrations_make_exactly_the_models_tables(migrated: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "models.db"
    engine = _engine(path)
    SQLModel.metadata.create_all(engine)
    engine.dispose()
    created = sqlite_schema(path)
    assert migrated["tables"] == created["tables"] == MODEL_TABLES
    for table in MODEL_TABLES:
        for part in ("columns", "primary key", "foreign keys", "unique", "checks", "indexes", "without rowid"):
            assert migrated[table][part] == created[table][part], (table, part)


def test_the_comparison_sees_what_it_compares(migrated: dict[str, Any]) -> None:
    """Each part compared holds something, so an empty reflection cannot pass for agreement."""
    assert ("role", frozenset(kinds.PERSON_ROLES)) in migrated["person"]["checks"]
    assert ("ix_entry_extra", ("occurred_on", "id"), False, "extra = 1") in migrated["entry"]["indexes"]
    assert ("ix_entry_uid", ("uid",), True, "") in migrated["entry"]["indexes"]
    assert ("project_id", "project", "id", "SET NULL") in migrated["entry"]["foreign keys"]
    assert ("uid", "VARCHAR", False, "''") in migrated["entry"]["columns"]
    assert migrated["milestone"]["columns"][-1] == ("updated_at", "DATETIME", True, None)
    assert migrated["project"]["unique"] == [("key",)] and migrated["entry_skill"]["without rowid"]
    assert all(migrated[t]["indexes"] for t in ("entry", "feedback", "goal", "ask", "promo", "suggestion"))


def test_every_closed_vocabulary_is_checked_by_the_schema(migrated: dict[str, Any]) -> None:
    """kinds.py is where the words live; the schema's CHECKs hold exactly them."""
    expected = {
        ("goal", "status"): kinds.GOAL_STATUSES,
        ("goal_status_change", "status"): kinds.GOAL_STATUSES,
        ("feedback", "kind"): kinds.FEEDBACK_KINDS,
        ("person", "role"): kinds.PERSON_ROLES,
        ("contact", "kind"): kinds.CONTACT_KINDS,
        ("ask", "status"): kinds.ASK_STATUSES,
        ("promo", "outcome"): kinds.PROMO_OUTCOMES,
        ("reflection", "kind"): kinds.REFLECTION_KINDS,
        ("suggestion", "kind"): kinds.SUGGESTION_KINDS,
        ("suggestion", "status"): kinds.SUGGESTION_STATUSES,
    }
    for (table, column), words in expected.items():
        assert (column, frozenset(words)) in migrated[table]["checks"], (table, column)


def test_every_identified_table_has_a_unique_uid_on_both_sides(migrated: dict[str, Any]) -> None:
    for table in schema.UID_TABLES:
        assert (f"ix_{table}_uid", ("uid",), True, "") in migrated[table]["indexes"], table
        assert "uid" in SQLModel.metadata.tables[table].columns, table
    identified = {t for t in MODEL_TABLES if "uid" in SQLModel.metadata.tables[t].columns}
    assert identified == set(schema.UID_TABLES)


def _pg_check(sqltext: str) -> Any:
    """PostgreSQL's own spelling of a CHECK, as `_check` reads SQLite's: `role::text = ANY (ARRAY['a'::character
    varying, ...]::text[])` is (role, {a, ...})."""
    m = re.match(r"\(*(\w+)\)?::text = ANY \(", sqltext)
    if m:
        return (m.group(1), frozenset(re.findall(r"'([^']*)'", sqltext)))
    return _check(sqltext.strip("()"))


def pg_schema(url: str) -> dict[str, Any]:
    """A PostgreSQL journal's model tables as plain data (types by kind: the engines spell them differently)."""
    kind = {
        "VARCHAR": "text",
        "TEXT": "text",
        "INTEGER": "integer",
        "DATE": "date",
        "DATETIME": "timestamp",
        "TIMESTAMP": "timestamp",
        "TIMESTAMP WITHOUT TIME ZONE": "timestamp",
        "FLOAT": "float",
        "DOUBLE PRECISION": "float",
        "DOUBLE_PRECISION": "float",
        "BOOLEAN": "boolean",
    }
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    found = inspect(engine)
    out: dict[str, Any] = {"tables": sorted(t for t in found.get_table_names() if t in MODEL_TABLES)}
    for table in out["tables"]:
        pk = found.get_pk_constraint(table)["constrained_columns"]
        out[table] = {
            "columns": [
                (
                    c["name"],
                    kind[str(c["type"]).upper()] + ("tz" if getattr(c["type"], "timezone", False) else ""),
                    c["nullable"] and c["name"] not in pk,
                )
                for c in found.get_columns(table)
            ],
            "primary key": pk,
            "foreign keys": {
                (
                    fk["constrained_columns"][0],
                    fk["referred_table"],
                    fk["referred_columns"][0],
                    (fk["options"].get("ondelete") or "NO ACTION").upper(),
                )
                for fk in found.get_foreign_keys(table)
            },
            "unique": sorted(tuple(u["column_names"]) for u in found.get_unique_constraints(table)),
            "checks": {_pg_check(c["sqltext"]) for c in found.get_check_constraints(table)},
            # an index PostgreSQL made for a UNIQUE constraint is that constraint, compared above
            "indexes": sorted(
                (
                    i["name"],
                    tuple(i["column_names"]),
                    bool(i["unique"]),
                    bool(i.get("dialect_options", {}).get("postgresql_where")),
                )
                for i in found.get_indexes(table)
                if not i.get("duplicates_constraint")
            ),
        }
    engine.dispose()
    return out


def test_a_postgresql_journal_has_the_same_tables_keys_and_indexes(migrated: dict[str, Any], pg_url: str) -> None:
    db.open_journal(pg_url).close()
    server = pg_schema(pg_url)
    assert server["tables"] == migrated["tables"]
    kind = {
        "VARCHAR": "text",
        "INTEGER": "integer",
        "DATE": "date",
        "DATETIME": "timestamp",
        "FLOAT": "float",
        "BOOLEAN": "boolean",
    }
    for table in MODEL_TABLES:
        mine, theirs = migrated[table], server[table]
        assert [(n, kind[t], null) for n, t, null, _ in mine["columns"]] == theirs["columns"], table
        assert mine["primary key"] == theirs["primary key"], table
        assert mine["foreign keys"] == theirs["foreign keys"], table
        assert mine["unique"] == theirs["unique"], table
        assert mine["checks"] == theirs["checks"], table
        assert [(*i[:3], bool(i[3])) for i in mine["indexes"]] == theirs["indexes"], table  # partial on both
