"""`journal copy --to TARGET` moves a whole journal between engines, checked; `journal backup` of a server journal
writes a SQLite file through it.  Real SQLite files and real PostgreSQL databases; each test runs with the source
journal on each engine."""

import hashlib
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from conftest import Cli, PgServer, db_dump, db_rows

from journal_tui.data import copy, db, writes
from journal_tui.data.conn import Connection
from journal_tui.data.copy import Table
from journal_tui.data.locator import masked

pytestmark = pytest.mark.engines


def _journal(cli: Cli, where: Path | str) -> None:
    """A journal with rows in most tables, a gap in the entry ids, and text the full-text index must find."""
    for text in (
        "yesterday: Shipped self-serve refunds +billing #sql",
        "Led the incident review #leadership",
        "deleted soon",
        "Wrote the RFC for ledger exports +billing",
        "Mentored Dana #mentoring",
    ):
        cli("--db", str(where), "add", text)
    with db.writing(where) as conn:  # a gap in the ids
        writes.delete_row(conn, "entry", 3)
    cli("--db", str(where), "star", "1")
    cli("--db", str(where), "goal", "add", "Lead a project", "--due", "2027-03-31", "--target", "1")
    cli("--db", str(where), "milestone", "add", "1", "Write the RFC")
    cli("--db", str(where), "milestone", "done", "1")
    cli("--db", str(where), "link", "4", "1")
    cli("--db", str(where), "person", "set", "Maria Lopez", "--role", "manager")
    cli("--db", str(where), "met", "Maria Lopez", "1:1 about the roadmap")
    cli("--db", str(where), "ask", "Maria Lopez", "the RFC")
    cli("--db", str(where), "role", "set", "Staff engineer")
    cli("--db", str(where), "checkin", "--learned", "Small PRs get reviewed faster")


def _export(cli: Cli, where: Path | str) -> str:
    return cli("--db", str(where), "export")


def _other_engine(engine: str, tmp_path: Path, pg_server: PgServer, name: str) -> str:
    """A new journal of the other engine: a fresh database when the source is a file, a new file otherwise."""
    if engine == "postgresql":
        return str(tmp_path / f"{name}.db")
    return pg_server.fresh()[1]


def _same_engine(engine: str, tmp_path: Path, pg_server: PgServer, name: str) -> str:
    return pg_server.fresh()[1] if engine == "postgresql" else str(tmp_path / f"{name}.db")


def test_a_round_trip_through_the_other_engine_gives_back_the_same_export(
    cli: Cli, db_path: Path | str, engine: str, tmp_path: Path, pg_server: PgServer
) -> None:
    """file -> server -> file (and server -> file -> server): `journal export` is the same text all the way, the
    full-text index finds the copied entries, and new rows get new ids."""
    _journal(cli, db_path)
    original = _export(cli, db_path)
    there = _other_engine(engine, tmp_path, pg_server, "there")
    back = _same_engine(engine, tmp_path, pg_server, "back")
    out = cli("copy", "--to", there)
    assert out.splitlines()[0].endswith(": 4 entries, every table, ids and uids kept")
    cli("--db", there, "copy", "--to", back)
    assert _export(cli, there) == original
    assert _export(cli, back) == original
    for where in (there, back):
        conn = db.open_journal(where)
        try:
            assert db.problems(conn) == []  # the text index holds every copied entry
        finally:
            conn.close()
        assert cli("--db", where, "add", "after the copy").startswith("Added entry 6 ")  # ids continue past the copy
    assert db_rows(back, "SELECT uid FROM entry ORDER BY id")[:4] == db_rows(
        db_path, "SELECT uid FROM entry ORDER BY id"
    )


def test_the_copy_prints_the_counts_it_checked(cli: Cli, db_path: Path | str, tmp_path: Path) -> None:
    _journal(cli, db_path)
    target = tmp_path / "copy.db"
    first, counted, texts = cli("copy", "--to", str(target)).splitlines()
    assert first == f"Copied {db_path} to {target}: 4 entries, every table, ids and uids kept" or "postgresql" in first
    tables = dict(part.rsplit(" ", 1) for part in counted.split(": ", 1)[1].split(", "))
    assert counted.startswith(f"Counted on both sides ({len(copy.tables())} tables): ")
    for table, n in tables.items():
        assert (
            int(n.replace(",", ""))
            == db_rows(db_path, f"SELECT count(*) FROM {table}")[0][0]
            == db_rows(target, f"SELECT count(*) FROM {table}")[0][0]
        ), table
    assert {t for t, n in tables.items() if n != "0"} >= {
        "entry",
        "goal",
        "milestone",
        "person",
        "contact",
        "ask",
        "role",
        "checkin",
        "reflection",
        "entry_skill",
        "entry_goal",
    }
    digest = hashlib.sha256(
        "".join(f"{i}\x1f{t}\x1e" for i, t in db_rows(target, "SELECT id, text FROM entry ORDER BY id")).encode()
    ).hexdigest()
    assert texts == f"Entry texts on both sides: sha256 {digest[:16]}"


def test_a_target_that_holds_entries_is_refused_and_nothing_changes(
    cli: Cli, db_path: Path | str, other_db: Path | str, tmp_path: Path
) -> None:
    _journal(cli, db_path)
    cli("--db", str(other_db), "add", "the other journal's own entry")
    before, source = db_dump(other_db), db_dump(db_path)
    cli("copy", "--to", str(other_db), code=1)
    assert "already holds a journal (" in cli.err and cli.err.count("\n") == 1
    assert db_dump(other_db) == before and db_dump(db_path) == source
    cli("copy", "--to", str(db_path), code=1)
    assert "is the journal itself" in cli.err


@pytest.mark.parametrize("fail", ["failing write", "different count", "different texts"])
def test_a_copy_that_fails_half_way_leaves_the_target_as_it_was(
    cli: Cli,
    db_path: Path | str,
    engine: str,
    tmp_path: Path,
    pg_server: PgServer,
    monkeypatch: pytest.MonkeyPatch,
    fail: str,
) -> None:
    """One transaction on the target: a write that fails after some tables were copied, or a check that finds a
    difference, leaves a new file target absent (no partial file either) and an empty database empty."""
    _journal(cli, db_path)
    target = _other_engine(engine, tmp_path, pg_server, "target")
    before = None if engine == "postgresql" else db_dump(target)
    real_insert, real_count, real_sum = copy._insert, copy.count, copy.entry_checksum
    if fail == "failing write":

        def insert(
            conn: Connection, table: Table, rows: list[tuple[Any, ...]]
        ) -> None:  # the disk fills up once some tables are copied
            if table.name == "milestone":
                raise sqlite3.OperationalError("database or disk is full")
            real_insert(conn, table, rows)

        monkeypatch.setattr(copy, "_insert", insert)
    elif fail == "different count":
        calls: list[str] = []

        def count(conn: Connection, table: Table) -> int:  # the source is counted first, then the target
            calls.append(table.name)
            return real_count(conn, table) + (
                1 if table.name == "entry_skill" and calls.count("entry_skill") == 2 else 0
            )

        monkeypatch.setattr(copy, "count", count)
    else:
        sums = iter(["a" * 64, "b" * 64])
        monkeypatch.setattr(copy, "entry_checksum", lambda conn: next(sums))
    cli("copy", "--to", target, code=1)
    assert cli.err.count("\n") == 1 and cli.err.startswith("journal: ")
    if engine == "postgresql":
        assert not Path(target).exists()
        assert [p.name for p in tmp_path.iterdir() if ".partial" in p.name] == []
    else:
        assert db_rows(target, "SELECT count(*) FROM entry") == [(0,)]
        assert db_dump(target) == before
    monkeypatch.setattr(copy, "_insert", real_insert)
    monkeypatch.setattr(copy, "count", real_count)
    monkeypatch.setattr(copy, "entry_checksum", real_sum)
    cli("copy", "--to", target)  # and the same copy then goes through
    assert db_rows(target, "SELECT count(*) FROM entry") == [(4,)]


def test_a_server_journal_backs_up_into_a_sqlite_file(
    cli: Cli, db_path: Path | str, engine: str, tmp_path: Path
) -> None:
    if engine != "postgresql":
        pytest.skip("a file journal's backup is SQLite's own online backup (test_exchange.py)")
    _journal(cli, db_path)
    out = cli("backup", str(tmp_path / "backups") + "/")
    [backup] = list((tmp_path / "backups").iterdir())
    assert out.strip() == f"Backed up {masked(str(db_path))} to {backup}"
    assert sqlite3.connect(backup).execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert _export(cli, backup) == _export(cli, db_path)
    cli("backup", str(backup), code=1)
    assert "already exists" in cli.err


def test_file_to_file(cli: Cli, db_path: Path | str, engine: str, tmp_path: Path) -> None:
    """Without a server at hand the copy still moves a journal between files, checked the same way."""
    if engine == "postgresql":
        pytest.skip("the file-to-file copy")
    _journal(cli, db_path)
    cli("copy", "--to", str(tmp_path / "copy.db"))
    assert _export(cli, tmp_path / "copy.db") == _export(cli, db_path)
    assert json.loads(_export(cli, tmp_path / "copy.db"))["entries"][0]["uid"]
