"""Nothing lost, ever: each guarantee is checked by inflicting the damage for real."""

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from conftest import TODAY, run_journal
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal_tui.data import db, schema
from journal_tui.data.store import Store
from journal_tui.errors import JournalError

FIXTURES = Path(__file__).parent / "fixtures"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
SRC = str(Path(__file__).resolve().parents[1])


def integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


def query(path: Path, sql: str, *args: object) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


# --- crashes -------------------------------------------------------------------------

BURST = textwrap.dedent("""
    import datetime as dt, sys
    from journal_tui.data import db
    conn = db.open_journal(sys.argv[1])
    i = 0
    while True:
        with db.transaction(conn):
            entry_id = db.insert_entry(conn, text=f"burst {i}\\nbody " + "x" * 2000, occurred_on=dt.date(2026, 1, 1),
                                       project="p", skills=["a", "b", "c"])
        print(entry_id, flush=True)  # printed only after COMMIT returned
        i += 1
""")


def test_sigkill_during_a_burst_of_adds_loses_nothing_committed(tmp_path: Path) -> None:
    path = tmp_path / "j.db"
    proc = subprocess.Popen(
        [sys.executable, "-c", BURST, str(path)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": SRC},
    )
    committed: list[int] = []
    deadline = time.monotonic() + 30
    while len(committed) < 300 and time.monotonic() < deadline:
        committed.append(int(proc.stdout.readline() if proc.stdout else ""))
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert len(committed) >= 300
    assert integrity(path) == "ok"
    present = {r[0] for r in query(path, "SELECT id FROM entry")}
    assert set(committed) <= present  # every committed add survived
    # and nothing is half-written: every entry has its three skill links and its FTS row
    assert query(
        path, "SELECT count(*) FROM entry e WHERE (SELECT count(*) FROM entry_skill s WHERE s.entry_id = e.id) != 3"
    ) == [(0,)]
    assert query(path, "SELECT count(*) FROM entry_fts WHERE entry_fts MATCH 'burst'") == [(len(present),)]
    assert query(path, "INSERT INTO entry_fts(entry_fts) VALUES ('integrity-check')") == []
    store = Store(path)  # and the next write works
    store.add_entry(text="after the crash", occurred_on=TODAY)
    store.close()


def test_sigkill_during_a_large_import_leaves_all_or_nothing(tmp_path: Path) -> None:
    path = tmp_path / "j.db"
    Store(path).add_entry(text="before", occurred_on=TODAY)
    big = tmp_path / "big.csv"
    big.write_text("date,text,project,skills\n" + "".join(f"2026-01-01,imported {i},p,a; b\n" for i in range(60_000)))
    proc = subprocess.Popen(
        [*_journal(), "--db", str(path), "import", str(big)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    time.sleep(1.5)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert integrity(path) == "ok"
    count = query(path, "SELECT count(*) FROM entry")[0][0]
    assert count in (1, 60_001), count  # the import is one transaction
    assert query(path, "SELECT text FROM entry WHERE id = 1") == [("before",)]


def _journal() -> list[str]:
    from conftest import journal_exe

    return journal_exe()


# --- concurrency ---------------------------------------------------------------------------

WRITER = textwrap.dedent("""
    import sys
    from journal_tui.cli import main
    for i in range(int(sys.argv[2])):
        rc = main(["--db", sys.argv[1], "add", f"{sys.argv[3]} {i} +proj #skill"])
        if rc != 0:
            sys.exit(rc)
""")


@pytest.mark.slow  # processes racing on one journal
def test_two_writers_and_the_open_app_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "j.db"
    store = Store(path)  # an app-like session that stays open and keeps reading
    store.add_entry(text="first", occurred_on=TODAY)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), "100", name],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": SRC},
        )
        for name in ("left", "right")
    ]
    reads = 0
    while any(p.poll() is None for p in procs):
        store.count_entries()
        store.list_entries(limit=20)
        reads += 1
    errors = [p.stderr.read() if p.stderr else "" for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errors
    assert not any("locked" in e for e in errors)
    assert store.count_entries() == 201 and reads > 0
    assert query(path, "SELECT count(DISTINCT text) FROM entry") == [(201,)]
    store.close()


async def test_app_sees_cli_adds_and_survives_a_locked_journal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from journal_tui.tui.app import make_app
    from journal_tui.tui.testing import settle

    path = tmp_path / "j.db"
    Store(path).add_entry(text="seed", occurred_on=TODAY)
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 300)
    app = make_app(path, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        r = run_journal("--db", str(path), "add", "from another shell +cli")
        assert r.returncode == 0, r.stderr
        app.refresh_if_changed()
        await settle(pilot)
        assert app.pane("journal").count == 2
        blocker = sqlite3.connect(path, isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")  # another program holds the write lock
        notes: list[str] = []
        monkeypatch.setattr(app, "notify", lambda message, **kw: notes.append(message))
        await pilot.press("asterisk")
        await settle(pilot)
        assert any("busy in another program" in n for n in notes), notes
        blocker.execute("ROLLBACK")
        await pilot.press("asterisk")  # works again once the lock is gone
        await settle(pilot)
        assert query(path, "SELECT count(*) FROM entry WHERE starred = 1") == [(1,)]
        assert app.is_running


def test_cli_on_a_locked_journal_says_so_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "j.db"
    Store(path).add_entry(text="seed", occurred_on=TODAY)
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    r = run_journal("--db", str(path), "add", "blocked", env={"JOURNAL_BUSY_TIMEOUT_MS": "200"})
    blocker.execute("ROLLBACK")
    assert r.returncode == 1 and r.stdout == ""
    assert r.stderr.strip() == f"journal: the journal ({path}) is busy in another program; try again in a moment"
    assert query(path, "SELECT count(*) FROM entry") == [(1,)]


# --- the file itself ---------------------------------------------------------------------------


def test_corrupt_journal_is_reported_and_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "j.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # smash the first page's b-tree
    path.write_bytes(bytes(data))
    before = path.read_bytes()
    r = run_journal("--db", str(path), "list")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "damaged" in r.stderr and str(path) in r.stderr and r.stderr.count("\n") == 1
    assert path.read_bytes() == before


@pytest.mark.skipif(IS_ROOT, reason="root reads and writes regardless of file modes")
def test_unreadable_and_read_only_locations(tmp_path: Path) -> None:
    path = tmp_path / "j.db"
    Store(path).close()
    path.chmod(0)
    with pytest.raises(JournalError, match="permission denied"):
        db.open_journal(path)
    path.chmod(0o600)
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    with pytest.raises(JournalError, match="cannot create"):
        db.open_journal(ro / "j.db")


@pytest.mark.skipif(IS_ROOT, reason="root writes regardless of file modes")
def test_read_only_journal_file_gives_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "j.db"
    Store(path).close()
    path.chmod(0o400)
    r = run_journal("--db", str(path), "add", "x")
    assert r.returncode == 1 and "read-only" in r.stderr


def test_a_real_read_only_error_becomes_a_clear_message(tmp_path: Path) -> None:
    """Whoever runs the tests (root too): SQLite's own read-only error, mapped to the user's sentence."""
    path = tmp_path / "j.db"
    Store(path).close()
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    with pytest.raises(sqlite3.OperationalError) as info:
        conn.execute("INSERT INTO project (name, key, created_at) VALUES ('a', 'a', 'x')")
    message = str(db.describe_db_error(info.value, path))
    assert message == f"the journal ({path}) is read-only; check the file's permissions or use --db"


# --- schema upgrades -----------------------------------------------------------------------------


def test_released_schema_fixture_opens_as_is(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    shutil.copy(FIXTURES / "journal-schema1.db", path)
    store = Store(path)
    assert store.count_entries() == 20 and len(store.list_goals()) == 4
    store.close()


def test_older_schema_is_backed_up_then_upgraded_in_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A future migration (v2 adds a column) applied to the released v1 file."""
    path = tmp_path / "journal.db"
    shutil.copy(FIXTURES / "journal-schema1.db", path)
    original = path.read_bytes()
    v2 = ("ALTER TABLE entry ADD COLUMN mood VARCHAR;\nCREATE INDEX ix_entry_mood ON entry(mood);", None)
    new_version = schema.SCHEMA_VERSION + 1
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, v2])
    monkeypatch.setattr(schema, "SCHEMA_VERSION", new_version)
    conn = db.open_journal(path)
    assert isinstance(conn, sqlite3.Connection)  # a plain file journal
    assert db.user_version(conn) == new_version
    assert "mood" in [r[1] for r in conn.execute("PRAGMA table_info(entry)")]
    assert conn.execute("SELECT count(*) FROM entry").fetchone() == (20,)
    conn.close()
    [backup] = list(tmp_path.glob("journal.db.schema1-*.bak"))
    assert backup.read_bytes()[:16] == original[:16]
    assert query(backup, "PRAGMA user_version") == [(1,)]
    assert query(backup, "SELECT count(*) FROM entry") == [(20,)]


def test_failed_migration_rolls_back_and_keeps_the_journal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "journal.db"
    shutil.copy(FIXTURES / "journal-schema1.db", path)
    bad = ("ALTER TABLE entry ADD COLUMN mood VARCHAR;\nALTER TABLE nosuch ADD COLUMN x;", None)
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, bad])
    monkeypatch.setattr(schema, "SCHEMA_VERSION", schema.SCHEMA_VERSION + 1)
    with pytest.raises(JournalError):
        db.open_journal(path)
    assert query(path, "PRAGMA user_version") == [(1,)]
    assert "mood" not in [r[1] for r in query(path, "PRAGMA table_info(entry)")]
    assert integrity(path) == "ok"


# --- text round trips ---------------------------------------------------------------------------

BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")  # embedding, override and isolate controls
_text = st.text(st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=300)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(text=_text, impact=st.one_of(st.none(), _text))
def test_what_is_saved_is_exactly_what_comes_back(store: Store, text: str, impact: str | None) -> None:
    from journal_tui.validate import clean_optional, clean_text

    try:
        expected = clean_text(text)
        expected_impact = clean_optional(impact, what="impact")
    except JournalError:
        with pytest.raises(JournalError):
            store.add_entry(text=text, occurred_on=TODAY, impact=impact)
        return
    entry_id = store.add_entry(text=text, occurred_on=TODAY, impact=impact)
    got = store.get_entry(entry_id)
    assert (got.text, got.impact) == (expected, expected_impact)
    # an oracle independent of clean_text: newlines normalised, control codes removed, trimmed; nothing else changed
    oracle = text.replace("\r\n", "\n").replace("\r", "\n")
    oracle = "".join(c for c in oracle if c in "\t\n" or (unicodedata.category(c) != "Cc" and c not in BIDI)).strip()
    assert got.text == oracle


def test_strip_controls_removes_exactly_the_control_codes_of_every_character() -> None:
    """Each code point alone, at the start and amid text, against the oracle above (C0/C1 controls but tab and
    newline, and the bidi controls, go; all else stays): the printable fast path and the regex agree everywhere."""
    from journal_tui.validate import strip_controls

    for code in range(0x110000):
        c = chr(code)
        if unicodedata.category(c) == "Cs":
            continue
        kept = "\n" if c == "\r" else c if c in "\t\n" or (unicodedata.category(c) != "Cc" and c not in BIDI) else ""
        assert strip_controls(c) == kept and strip_controls(f"a{c}é\n⭐ b") == f"a{kept}é\n⭐ b", hex(code)
