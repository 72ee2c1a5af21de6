"""Nothing but SQLite opens the journal, its `-wal` or `-shm` once a connection may exist in the process.

POSIX advisory locks belong to the process: closing *any* descriptor of the journal drops every lock its SQLite
connections hold, and the next process to close a connection then believes it is the last one, checkpoints and
deletes `-wal`/`-shm` while this one still writes into them (lost rows, damaged indexes).  Each test here holds a
connection, runs one public path that opens the journal, and proves from another process that the lock is still
held; an audit hook also fails any Python-level open of the journal's files while the path runs.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import TODAY, DemoCopy

from journal_tui.cli import main
from journal_tui.data import db

# Another process asks for a write lock on the range where SQLite's readers hold theirs (PENDING_BYTE + 2, 510
# bytes).  A connection in WAL mode keeps a shared lock there for as long as it is open.
PROBE = textwrap.dedent("""
    import fcntl, os, sys
    fd = os.open(sys.argv[1], os.O_RDWR)
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 510, 0x40000000 + 2)
    except OSError:
        print("held")
    else:
        print("free")
""")


def lock_held(path: Path) -> bool:
    """Whether some process still holds a SQLite lock on the journal, as another process sees it."""
    out = subprocess.run([sys.executable, "-c", PROBE, str(path)], capture_output=True, text=True, timeout=30)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip() == "held"


_watched: list[Path] = []
_opened: list[str] = []


def _audit(event: str, args: tuple[object, ...]) -> None:
    """Record every Python-level open of a watched journal's files (SQLite's own opens are in C, unseen)."""
    if event != "open" or not _watched or not isinstance(args[0], (str, bytes, os.PathLike)):
        return
    name = os.path.abspath(os.fsdecode(args[0]))
    for journal in _watched:
        if name in {str(journal), f"{journal}-wal", f"{journal}-shm", f"{journal}-journal"}:
            _opened.append(name)


sys.addaudithook(_audit)  # audit hooks cannot be removed: it is idle unless a test watches a journal


@pytest.fixture
def held(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, demo_copy: DemoCopy) -> Iterator[Path]:
    """A demo journal with a connection that stays open (as the app's), and the audit hook watching it."""
    path = demo_copy(tmp_path / "journal.db")
    monkeypatch.setenv("JOURNAL_DB", str(path))
    monkeypatch.setenv("JOURNAL_TODAY", TODAY.isoformat())
    monkeypatch.setenv("EDITOR", "true")  # an editor that saves nothing: edits leave the row as it was
    holder = db.raw_connect(path)
    holder.execute("SELECT count(*) FROM entry").fetchone()
    assert lock_held(path)
    _watched.append(path.resolve())
    _opened.clear()
    try:
        yield path
    finally:
        _watched.clear()
        holder.close()


def still_locked(path: Path) -> None:
    assert _opened == [], f"opened outside SQLite: {_opened}"
    assert lock_held(path), "this process's locks on the journal were dropped"
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys; sqlite3.connect(sys.argv[1]).execute('SELECT 1').fetchall()",
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert out.returncode == 0, out.stderr
    assert Path(f"{path}-wal").exists(), "another process's close deleted the -wal still in use here"


def run_cli(*argv: str) -> None:
    try:
        rc = main(list(argv))
    except SystemExit as exc:
        rc = int(exc.code or 0)
    assert rc == 0, argv


# Every command group of the CLI, run in this process while the connection is held.
COMMANDS: list[tuple[str, ...]] = [
    ("add", "lock test entry +locks #sqlite"),
    ("list", "-n", "3"),
    ("show", "1"),
    ("edit", "1"),
    ("star", "2"),
    ("rm", "3", "--yes"),
    ("link", "4", "1"),
    ("goal", "list"),
    ("goal", "update", "1", "--current", "1"),
    ("milestone", "add", "1", "Lock milestone"),
    ("feedback", "list"),
    ("feedback", "add", "Locks held", "--from", "Maria Lopez"),
    ("projects",),
    ("skills",),
    ("tags",),
    ("person", "set", "Lock Person", "--role", "mentor"),
    ("people",),
    ("met", "Lock Person", "talked locks"),
    ("ask", "Lock Person", "How are the locks?"),
    ("asks",),
    ("review",),
    ("case",),
    ("role",),
    ("update",),
    ("stats",),
    ("nudge",),
    ("checkin", "--win", "a locked win"),
    ("checkin", "list"),
    ("where",),
]


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda a: " ".join(a)[:40])
def test_every_cli_command_keeps_the_locks_of_an_open_connection(held: Path, argv: tuple[str, ...]) -> None:
    run_cli(*argv)
    still_locked(held)


def test_export_import_and_backup_keep_the_locks(held: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    run_cli("export", "-o", str(out))
    still_locked(held)
    run_cli("import", str(out))
    still_locked(held)
    csv = tmp_path / "wins.csv"
    run_cli("export", "--format", "csv", "-o", str(csv))
    run_cli("import", str(csv), "--format", "csv")
    still_locked(held)
    run_cli("backup", str(tmp_path / "copy.db"))
    still_locked(held)
    assert sqlite3.connect(tmp_path / "copy.db").execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_readers_the_store_and_the_stdlib_transactions_keep_the_locks(held: Path) -> None:
    from journal_tui.data.reader import Reader
    from journal_tui.data.store import Store

    Reader(held).list_entries(limit=5)
    still_locked(held)
    db.journal_file(held)
    db.open_journal(held).close()
    with db.reading(held) as conn:
        conn.execute("SELECT 1").fetchall()
    with db.writing(held) as conn:
        db.insert_entry(conn, text="through db.writing", occurred_on=TODAY)
    still_locked(held)
    store = Store(held)
    store.add_entry(text="through the store", occurred_on=TODAY)
    store.close()
    still_locked(held)


def test_a_migration_keeps_the_locks_of_an_open_connection(tmp_path: Path) -> None:
    from journal_tui.data import schema

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    for sql, _fts in schema.MIGRATIONS[:1]:
        for stmt in schema.statements(sql):
            conn.execute(stmt)
    conn.execute(f"PRAGMA application_id = {db.APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 1")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("INSERT INTO entry (occurred_on, text, created_at, updated_at) VALUES ('2026-01-01', 'old', 'x', 'x')")
    assert lock_held(path)
    _watched.append(path.resolve())
    _opened.clear()
    try:
        db.open_journal(path).close()  # backs up, then migrates to the current schema
        still_locked(path)
    finally:
        _watched.clear()
        conn.close()
    assert list(tmp_path.glob("old.db.schema1-*.bak"))


async def test_the_app_keeps_the_locks_while_it_builds_its_store_and_writes(held: Path) -> None:
    from journal_tui.tui.app import make_app
    from journal_tui.tui.testing import settle

    app = make_app(held, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("asterisk")
        await settle(pilot)
        assert app.ctx.store is not None
        still_locked(held)
        await pilot.press("2", "3", "4", "1")
        await settle(pilot)
        still_locked(held)
    still_locked(held)


@pytest.mark.parametrize(
    "make",
    [
        lambda p: Path(str(p)),
        lambda p: Path(f"{p}-wal"),
        lambda p: Path(f"{p}-shm"),
    ],
    ids=["journal", "wal", "shm"],
)
def test_importing_the_journal_itself_is_refused_without_opening_it(
    held: Path, make: Callable[[Path], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    target = make(held)
    rc = main(["import", str(target)])
    err = capsys.readouterr().err
    assert rc == 1 and "journal itself" in err and err.count("\n") == 1, err
    still_locked(held)


def test_writing_output_onto_the_journal_is_refused(held: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = sqlite3.connect(held).execute("SELECT count(*) FROM entry").fetchone()
    for argv in (["export", "-o", str(held)], ["review", "-o", f"{held}-wal"], ["backup", str(held)]):
        rc = main(argv)
        err = capsys.readouterr().err
        assert rc == 1 and err.count("\n") == 1, (argv, err)
        still_locked(held)
    assert sqlite3.connect(held).execute("SELECT count(*) FROM entry").fetchone() == before
    assert sqlite3.connect(held).execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_the_reported_corruption_steps_lose_nothing(held: Path) -> None:
    """The steps of the bug report: the app's store is built, a CLI list closes, both write, the app closes."""
    from journal_tui.data.store import Store

    store = Store(held)
    store.add_entry(text="app write one", occurred_on=TODAY)
    subprocess.run(
        [sys.executable, "-m", "journal_tui", "--db", str(held), "list", "-n", "1"],
        check=True,
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])},
    )
    store.add_entry(text="app write two", occurred_on=TODAY)
    out = subprocess.run(
        [sys.executable, "-m", "journal_tui", "--db", str(held), "add", "CLI entry"],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])},
    )
    new_id = int(out.stdout.split()[2])
    store.close()
    check = sqlite3.connect(held)
    assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    texts = {r[0] for r in check.execute("SELECT text FROM entry")}
    assert {"app write one", "app write two", "CLI entry"} <= texts
    assert check.execute("SELECT text FROM entry WHERE id = ?", (new_id,)).fetchone() == ("CLI entry",)
