"""A journal on a PostgreSQL server: what is particular to a server, tested on a real one (`pg_url`).

The shared behaviour (every command, the store, the features) runs on both engines in the modules marked
`engines`; here: a password never shown, libpq's own settings honoured, an unreachable server in one line with the
typed text kept, concurrent writers from several processes losing nothing.
"""

import os
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
from conftest import db_rows, run_journal


def with_password(url: str, password: str = "hunter2-secret") -> str:
    """The same server with a password in the URL (the test cluster trusts local sockets, so any works)."""
    parts = urlsplit(url)
    user, host = parts.netloc.split("@", 1)
    return urlunsplit((parts.scheme, f"{user}:{password}@{host}", parts.path, parts.query, parts.fragment))


def journal(
    url: str,
    *args: str,
    home: Path | None = None,
    extra_env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    env = {"JOURNAL_DB": url, "JOURNAL_TODAY": "2026-11-23", **(extra_env or {})}
    if home is not None:
        env |= {"HOME": str(home), "XDG_DATA_HOME": str(home / "data")}
    return run_journal(*args, env=env)


@pytest.mark.slow  # every command, each its own process
def test_every_command_works_on_a_server_and_never_prints_its_password(pg_url: str, tmp_path: Path) -> None:
    url = with_password(pg_url)
    added = journal(url, "add", "Shipped refunds +billing #sql", "--star")
    assert added.returncode == 0, added.stderr
    steps = [
        ("list",),
        ("list", "refund"),
        ("show", "1"),
        ("show", "99"),
        ("where",),
        ("check",),
        ("stats",),
        ("review", "--quarter", "2026-Q4"),
        ("case",),
        ("goals",),
        ("export",),
        ("rm", "99", "--yes"),
    ]
    for argv in steps:
        done = journal(url, *argv, home=tmp_path)
        assert "hunter2-secret" not in done.stdout + done.stderr, argv
        assert "Traceback" not in done.stderr, argv
    assert "Shipped refunds" in journal(url, "list").stdout
    where = journal(url, "where").stdout
    assert "postgresql://" in where and "***" in where


def test_unreachable_server_is_one_line_and_the_quick_add_text_is_kept(tmp_path: Path) -> None:
    url = "postgresql://alice:hunter2-secret@127.0.0.1:1/journal"
    done = journal(url, "add", "Closed the [/x] incident \x1b[2J review", home=tmp_path)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert "cannot reach the journal server postgresql://alice:***@127.0.0.1:1/journal" in done.stderr
    assert "hunter2-secret" not in done.stderr and "\x1b" not in done.stderr
    drafts = list((tmp_path / "data" / "journal_tui").glob("journal-draft-*.md"))
    assert len(drafts) == 1 and str(drafts[0]) in done.stderr
    assert drafts[0].read_text().startswith("Closed the [/x] incident")
    assert os.stat(drafts[0]).st_mode & 0o077 == 0
    for argv in (("list",), ()):
        done = journal(url, *argv, home=tmp_path)
        assert done.returncode == 1 and done.stderr.count("\n") == 1 and "hunter2-secret" not in done.stderr


def test_libpq_environment_and_url_parameters_pass_through(pg_url: str) -> None:
    parts = urlsplit(pg_url)
    query = dict(p.split("=", 1) for p in parts.query.split("&"))
    user = parts.netloc.split("@", 1)[0]
    bare = f"postgresql:///{parts.path.lstrip('/')}"  # host, port and user from PGHOST, PGPORT, PGUSER
    env = {"PGHOST": query["host"], "PGPORT": query["port"], "PGUSER": user}
    assert journal(bare, "add", "Through the environment", extra_env=env).returncode == 0
    assert db_rows(pg_url, "SELECT text FROM entry") == [("Through the environment",)]
    wrong = journal(pg_url + "&sslmode=bogus", "list")
    assert wrong.returncode == 1 and "sslmode" in wrong.stderr and wrong.stderr.count("\n") == 1


def test_a_database_of_another_program_is_left_untouched(pg_server: object, pg_url: str) -> None:
    import psycopg

    with psycopg.connect(pg_url, autocommit=True) as conn:
        for table in ("entry_fts", "feedback_fts", "journal_meta"):
            conn.execute(f"DROP TABLE {table} CASCADE")
        tables = [
            r[0] for r in conn.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
        ]
        for table in tables:
            conn.execute(f"DROP TABLE {table} CASCADE")
        conn.execute("CREATE TABLE invoices (id int)")
    done = journal(pg_url, "list")
    assert done.returncode == 1 and "holds tables of another program" in done.stderr
    assert db_rows(pg_url, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'") == [(1,)]


WRITER = """
import sys
from journal_tui.data.store import Store
import datetime as dt
store = Store(sys.argv[1])
for n in range(int(sys.argv[3])):
    store.add_entry(text=f"writer {sys.argv[2]} entry {n}", occurred_on=dt.date(2026, 11, 1), skills=["s"])
"""


@pytest.mark.slow  # processes racing on one journal
def test_concurrent_writers_on_a_server_lose_nothing(pg_url: str) -> None:
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, pg_url, str(w), "60"], stderr=subprocess.PIPE, text=True)
        for w in range(4)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    assert db_rows(pg_url, "SELECT count(*), count(DISTINCT text) FROM entry") == [(240, 240)]
    assert db_rows(pg_url, "SELECT count(*) FROM entry_skill") == [(240,)]
    assert db_rows(pg_url, "SELECT count(*) FROM entry_fts") == [(240,)]


def test_a_server_url_without_the_driver_says_which_install_adds_it(tmp_path: Path) -> None:
    """The plain install has no psycopg: a server URL is one line naming the extra, not an internal error."""
    hide = tmp_path / "hide"
    hide.mkdir()
    (hide / "psycopg.py").write_text("raise ModuleNotFoundError('No module named psycopg', name='psycopg')\n")
    env = {"PYTHONPATH": str(hide), "JOURNAL_DB": "postgresql://me@localhost/journal"}
    done = run_journal("list", env=env)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr == (
        "journal: a journal on a PostgreSQL server needs psycopg, which this installation lacks: "
        'pip install "journal-tui[postgresql]"\n'
    )


def test_a_command_opens_one_connection_and_a_review_reads_one_snapshot(
    pg_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every connection is a backend the server starts (a few ms of its CPU). A command opens one: the stdlib
    commands reuse the connection the journal was checked on, and a review's or a case's domain reads join the
    reader's read, so all of a review is one snapshot (it opened nine before)."""
    import psycopg

    from journal_tui.cli import main

    monkeypatch.setenv("JOURNAL_DB", pg_url)
    monkeypatch.setenv("JOURNAL_TODAY", "2026-11-23")
    for argv in (["add", "Shipped refunds +billing #sql"], ["person", "set", "Raj Mehta", "--role", "mentor"]):
        assert main(argv) == 0, argv
    opened: list[object] = []
    real = psycopg.connect

    def counting(*args: Any, **kwargs: Any) -> Any:
        opened.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(psycopg, "connect", counting)
    commands = [
        ["review", "--quarter", "2026-Q4"],
        ["case"],
        ["people"],
        ["stats"],
        ["update"],
        ["nudge"],
        ["met", "Raj Mehta", "coffee about the launch"],
        ["ask", "Raj Mehta", "how did the launch land?"],
        ["list"],
        ["show", "1"],
    ]
    for argv in commands:
        opened.clear()
        assert main(argv) == 0, (argv, capsys.readouterr())
        assert len(opened) == 1, argv
    assert "Raj Mehta" in capsys.readouterr().out
