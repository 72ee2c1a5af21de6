"""Shared fixtures: every test gets its own real SQLite file under tmp_path and a fixed today."""

import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from journal_tui.cli import main
from journal_tui.data.store import Store

TODAY = dt.date(2026, 11, 23)  # a Monday


@pytest.fixture(autouse=True)
def thaw_the_heap() -> object:
    """The app freezes what is alive once it has loaded (`keep_out_of_collections`); in this one process
    running hundreds of apps, thaw after each test so earlier tests' leftovers can still be collected."""
    import gc

    yield None
    gc.unfreeze()


@pytest.fixture
def db_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "journal.db"
    monkeypatch.setenv("JOURNAL_DB", str(path))
    monkeypatch.setenv("JOURNAL_TODAY", TODAY.isoformat())
    return path


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    """A journal holding the demo data for TODAY (what the app's Pilot tests and snapshots open)."""
    from journal_tui.tui.testing import demo_journal

    return demo_journal(tmp_path / "journal.db", TODAY)


@pytest.fixture
def no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """Inputs and text areas draw a steady cursor: two screens of one state are equal."""
    from textual.widgets import Input, TextArea

    monkeypatch.setattr(Input, "cursor_blink", False)
    monkeypatch.setattr(TextArea, "cursor_blink", False)


@pytest.fixture
def store(db_path: Path):
    s = Store(db_path)
    yield s
    s.close()


def db_rows(path: Path, sql: str, *args: object) -> list[tuple[object, ...]]:
    """Rows straight from the file, as another program would read them."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def db_dump(path: Path) -> list[str]:
    """The whole file as SQL text (schema and rows): 'nothing changed' means this is equal before and after."""
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


class Cli:
    """Runs the real `main()` in-process and captures what a user would see."""

    def __init__(self, capsys: pytest.CaptureFixture[str]) -> None:
        self.capsys = capsys

    def __call__(self, *argv: str, code: int = 0) -> str:
        self.capsys.readouterr()
        try:
            rc = main(list(argv))
        except SystemExit as exc:  # argparse usage errors
            rc = exc.code
        out, err = self.capsys.readouterr()
        self.err = err
        assert rc == code, f"exit {rc} (expected {code}); stderr: {err}"
        return out

    def json(self, *argv: str):
        return json.loads(self(*argv))


@pytest.fixture
def cli(db_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(capsys)


def journal_exe() -> list[str]:
    """The installed console script when there is one, else `python -m journal_tui`."""
    exe = shutil.which("journal", path=os.path.dirname(sys.executable))
    return [exe] if exe else [sys.executable, "-m", "journal_tui"]


def run_journal(*args: str, env: dict[str, str] | None = None, input: str | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([*journal_exe(), *args], capture_output=True, text=True, env=full_env, input=input, timeout=60)
