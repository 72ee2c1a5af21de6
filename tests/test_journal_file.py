"""The journal file itself: private whoever made it, backups whole or absent, a full disk named, damage found."""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import TODAY, DemoCopy, run_journal

from journal_tui.data import db, schema
from journal_tui.errors import JournalError

SRC = str(Path(__file__).resolve().parents[1])


def mode(path: Path | str) -> int:
    return os.stat(path).st_mode & 0o777


def test_a_journal_made_in_an_existing_empty_file_is_private_with_its_wal_and_shm(tmp_path: Path) -> None:
    path = tmp_path / "j.db"
    path.touch()
    os.chmod(path, 0o644)  # `touch` under a usual umask
    conn = db.open_journal(path)
    try:
        with db.transaction(conn):
            db.insert_entry(conn, text="private", occurred_on=TODAY)
        assert Path(f"{path}-wal").exists() and Path(f"{path}-shm").exists()
        assert [mode(path), mode(f"{path}-wal"), mode(f"{path}-shm")] == [0o600, 0o600, 0o600]
    finally:
        conn.close()


def test_an_existing_journal_keeps_the_mode_its_owner_chose(tmp_path: Path) -> None:
    path = tmp_path / "j.db"
    db.open_journal(path).close()
    os.chmod(path, 0o640)  # the owner's own choice, made after creation
    db.open_journal(path).close()
    assert mode(path) == 0o640


def old_journal(path: Path, entries: int = 0, size: int = 0) -> Path:
    """A journal at schema 1 (an old version of journal_tui) holding `entries` entries of `size` characters."""
    conn = sqlite3.connect(path, isolation_level=None)
    for stmt in schema.statements(schema.MIGRATIONS[0][0]):
        conn.execute(stmt)
    conn.execute(f"PRAGMA application_id = {db.APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 1")
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO entry (occurred_on, text, created_at, updated_at) VALUES ('2026-01-01', ?, 'x', 'x')",
        [(f"old {i} " + "x" * size,) for i in range(entries)],
    )
    conn.execute("COMMIT")
    conn.close()
    return path


def backups(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.bak"))


MIGRATE = textwrap.dedent("""
    import sys
    from journal_tui.data import db
    db.open_journal(sys.argv[1]).close()
""")


def test_sigkill_during_the_migration_backup_leaves_no_backup_that_opens_empty(tmp_path: Path) -> None:
    path = old_journal(tmp_path / "j.db", entries=25_000, size=2_000)  # ~60 MB: the copy takes a while
    proc = subprocess.Popen([sys.executable, "-c", MIGRATE, str(path)], env={**os.environ, "PYTHONPATH": SRC})
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # kill it while the copy is being written
        written = [p for p in tmp_path.iterdir() if p.name != "j.db" and p.stat().st_size > 0]
        if written:
            break
        time.sleep(0.001)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert backups(tmp_path) == [], "a half-written copy carries the backup's name"
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone() == (1,)  # nothing migrated
    db.open_journal(path).close()  # the retry, in the same second or not, backs up and migrates
    (bak,) = backups(tmp_path)
    assert sqlite3.connect(bak).execute("SELECT count(*) FROM entry").fetchone() == (25_000,)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []  # the killed copy is gone


def test_a_failed_migration_backup_changes_nothing_and_a_retry_in_the_same_second_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = old_journal(tmp_path / "j.db", entries=3)

    def full(partial: str, target: str) -> None:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as m:
        m.setattr(db, "_publish", full)
        with pytest.raises(JournalError, match=r"needs an upgrade, but the backup made first failed .*is full"):
            db.open_journal(path)
    assert backups(tmp_path) == [] and sorted(p.name for p in tmp_path.iterdir()) == ["j.db"]
    db.open_journal(path).close()
    assert len(backups(tmp_path)) == 1
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone() == (schema.SCHEMA_VERSION,)


def test_a_backup_name_taken_in_the_same_second_gets_the_next_one(tmp_path: Path) -> None:
    path = old_journal(tmp_path / "j.db", entries=3)
    conn = sqlite3.connect(path)
    try:
        import datetime as dt

        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        Path(f"{path}.schema1-{stamp}.bak").write_bytes(b"")  # what an older version's killed copy left
        db._backup_before_migration(conn, str(path), 1)
    finally:
        conn.close()
    assert Path(f"{path}.schema1-{stamp}-2.bak").exists()


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 512 kB filesystem (tmpfs), so the disk really fills up."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(mount)], capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here ({r.stderr.strip()}); run as root to test a full disk")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_is_named_and_nothing_is_half_saved(tiny_disk: Path) -> None:
    path = tiny_disk / "j.db"
    r = run_journal("--db", str(path), "add", "before the disk filled")
    assert r.returncode == 0, r.stderr
    filler = tiny_disk / "filler"
    with open(filler, "wb") as fh, contextlib.suppress(OSError):  # the disk is full: that is the point
        fh.write(b"\0" * (1 << 20))
    for text in ("x" * 100_000, "a short one"):
        r = run_journal("--db", str(path), "add", text)
        assert r.returncode == 1 and r.stdout == "", r
        assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr
        assert "is full" in r.stderr and "nothing was saved" in r.stderr, r.stderr
    filler.unlink()
    assert sqlite3.connect(path).execute("SELECT text FROM entry").fetchall() == [("before the disk filled",)]
    assert run_journal("--db", str(path), "check").returncode == 0


def test_check_says_whole_or_names_the_damage(tmp_path: Path) -> None:
    path = tmp_path / "j.db"
    r = run_journal("--db", str(path), "add", "a win")
    r = run_journal("--db", str(path), "check")
    assert r.returncode == 0 and "is whole" in r.stdout, r.stderr
    damage_an_index(path)
    r = run_journal("--db", str(path), "check")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert r.stdout.strip(), "the problems are listed"
    assert r.stderr.count("\n") == 1 and "damaged" in r.stderr and "restore a backup" in r.stderr


def damage_an_index(path: Path) -> None:
    """Smash the date index's root page, as a -wal lost under a running writer does (no connection open here)."""
    conn = sqlite3.connect(path, isolation_level=None)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'ix_entry_date'").fetchone()[0]
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    with open(path, "r+b") as fh:
        fh.seek((root - 1) * page + 8)
        fh.write(b"\xff" * 64)


async def test_the_app_reports_a_damaged_journal_when_it_opens(tmp_path: Path, demo_copy: DemoCopy) -> None:
    from journal_tui.tui.app import make_app
    from journal_tui.tui.testing import settle

    path = demo_copy(tmp_path / "j.db")
    damage_an_index(path)
    app = make_app(path, today=TODAY)
    notes: list[tuple[str, str]] = []
    async with app.run_test(size=(120, 36)) as pilot:
        app.notify = lambda message, **kw: notes.append((str(message), kw.get("severity", "")))  # type: ignore[method-assign]
        await settle(pilot)
        app.check_file()
        await settle(pilot)
    assert any(m.startswith("The journal is damaged") and "journal check" in m and s == "error" for m, s in notes), (
        notes
    )


async def test_the_app_says_nothing_about_a_whole_journal(tmp_path: Path, demo_copy: DemoCopy) -> None:
    from journal_tui.tui.app import make_app
    from journal_tui.tui.testing import settle

    path = demo_copy(tmp_path / "j.db")
    app = make_app(path, today=TODAY)
    notes: list[str] = []
    async with app.run_test(size=(120, 36)) as pilot:
        app.notify = lambda message, **kw: notes.append(str(message))  # type: ignore[method-assign]
        await settle(pilot)
        app.check_file()
        await settle(pilot)
    assert not [n for n in notes if "damaged" in n]
