"""A PostgreSQL journal's schema: created from the SQLModel tables (`models.py`, the one definition), plus what
only the server has: full-text tables of `tsvector`s kept by triggers (named as SQLite's FTS5 tables, so the
readers' statements are one), and a trigger on every table that NOTIFYs `journal_changed` (the app listens, so a
row added from another machine shows within a moment).

Versioned: `journal_meta.schema_version`.  Version 1 is the models as they are; a later change to the models adds
its step to `UPGRADES` (each runs once, in one transaction, under the journal's write lock).
"""

from collections.abc import Callable

from journal_tui.data.dialects import POSTGRES
from journal_tui.data.pg import PgConnection

CHANNEL = "journal_changed"

_FTS = """
CREATE TABLE entry_fts (
    rowid INTEGER PRIMARY KEY REFERENCES entry(id) ON DELETE CASCADE,
    doc tsvector NOT NULL
);
CREATE INDEX ix_entry_fts_doc ON entry_fts USING gin (doc);
CREATE FUNCTION entry_fts_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO entry_fts (rowid, doc)
    VALUES (NEW.id, to_tsvector('simple', journal_fts_text(NEW.text))
                    || to_tsvector('simple', journal_fts_text(coalesce(NEW.impact, ''))))
    ON CONFLICT (rowid) DO UPDATE SET doc = EXCLUDED.doc;
    RETURN NULL;
END $$;
CREATE TRIGGER entry_fts_sync AFTER INSERT OR UPDATE OF text, impact ON entry
    FOR EACH ROW EXECUTE FUNCTION entry_fts_sync();
CREATE TABLE feedback_fts (
    rowid INTEGER PRIMARY KEY REFERENCES feedback(id) ON DELETE CASCADE,
    doc tsvector NOT NULL
);
CREATE INDEX ix_feedback_fts_doc ON feedback_fts USING gin (doc);
CREATE FUNCTION feedback_fts_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO feedback_fts (rowid, doc) VALUES (NEW.id, to_tsvector('simple', journal_fts_text(NEW.text)))
    ON CONFLICT (rowid) DO UPDATE SET doc = EXCLUDED.doc;
    RETURN NULL;
END $$;
CREATE TRIGGER feedback_fts_sync AFTER INSERT OR UPDATE OF text ON feedback
    FOR EACH ROW EXECUTE FUNCTION feedback_fts_sync();
"""

_NOTIFY_FUNCTION = f"""
CREATE FUNCTION journal_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('{CHANNEL}', TG_TABLE_NAME);
    RETURN NULL;
END $$;
"""

VERSION = 1
UPGRADES: dict[int, Callable[[PgConnection], None]] = {}  # version N -> the step that makes it N + 1


def _statements(script: str) -> list[str]:
    """Split on `;` at line ends, keeping `$$ ... $$` function bodies whole."""
    out, current, in_body = [], [], False
    for line in script.strip().splitlines():
        current.append(line)
        if line.count("$$") % 2:
            in_body = not in_body
        if not in_body and line.rstrip().endswith(";"):
            out.append("\n".join(current).rstrip().rstrip(";"))
            current = []
    if "".join(current).strip():
        out.append("\n".join(current))
    return out


def table_ddl() -> list[str]:
    """CREATE TABLE and CREATE INDEX for every SQLModel table, compiled for PostgreSQL (parents first)."""
    from sqlalchemy.dialects import postgresql
    from sqlalchemy.schema import CreateIndex, CreateTable
    from sqlmodel import SQLModel

    from journal_tui.data import models  # noqa: F401  (defines the tables on SQLModel.metadata)

    dialect = postgresql.dialect()  # type: ignore[no-untyped-call]
    out: list[str] = []
    for table in SQLModel.metadata.sorted_tables:
        out.append(str(CreateTable(table).compile(dialect=dialect)).strip())
        out += [str(CreateIndex(index).compile(dialect=dialect)).strip() for index in table.indexes]
    return out


def _create(pg: PgConnection) -> None:
    from sqlmodel import SQLModel

    from journal_tui.data import models  # noqa: F401  (defines the tables on SQLModel.metadata)

    for stmt in table_ddl():
        pg.execute(stmt)
    pg.execute(POSTGRES.fold_function_sql())
    for stmt in _statements(_FTS) + _statements(_NOTIFY_FUNCTION):
        pg.execute(stmt)
    for table in SQLModel.metadata.sorted_tables:
        pg.execute(
            f"CREATE TRIGGER journal_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table.name} "
            "FOR EACH STATEMENT EXECUTE FUNCTION journal_notify()"
        )
    pg.execute("CREATE TABLE journal_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)")
    pg.execute("INSERT INTO journal_meta (key, value) VALUES ('schema_version', ?)", (str(VERSION),))


def version(pg: PgConnection) -> int | None:
    """The journal's schema version, or None for a database that holds no journal yet."""
    if pg.execute(POSTGRES.table_exists(), ("journal_meta",)).fetchone() is None:
        return None
    row = pg.execute("SELECT value FROM journal_meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else None


def is_foreign(pg: PgConnection) -> bool:
    """Tables of another program in the journal's schema: never write ours among them."""
    row = pg.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()").fetchone()
    return bool(row[0])


def ensure(pg: PgConnection, create: Callable[[PgConnection], None] = _create) -> int | None:
    """Bring the server's journal to `VERSION` (creating it in an empty database); returns the version found, or
    raises `ValueError` for a newer journal or a database of another program (the caller words it)."""
    found = version(pg)
    if found == VERSION:
        return found
    for stmt in POSTGRES.begin_write():
        pg.execute(stmt)
    try:
        found = version(pg)  # again under the lock: another process may have made it meanwhile
        if found is None:
            if is_foreign(pg):
                raise ValueError("foreign")
            create(pg)
        elif found > VERSION:
            raise ValueError(f"newer:{found}")
        else:
            for step in range(found, VERSION):
                UPGRADES[step](pg)
            pg.execute("UPDATE journal_meta SET value = ? WHERE key = 'schema_version'", (str(VERSION),))
    except BaseException:
        pg.execute("ROLLBACK")
        raise
    pg.execute("COMMIT")
    return found
