"""The read path: read commands run on the standard library (no SQLAlchemy), `Reader` behaves like `Store`.

`journal list`, `goals`, `feedback list`, `review`, `case`... must not pay the half second
SQLAlchemy + pydantic + SQLModel cost; a subprocess checks `sys.modules` after each one.
"""

import datetime as dt
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import TODAY

from journal_tui import demo
from journal_tui.data.reader import COUNT_CAP, Count, Interrupted, Reader
from journal_tui.data.store import Store
from journal_tui.errors import JournalError, NotFound
from journal_tui.query import parse_query

HEAVY = ("sqlalchemy", "sqlmodel", "pydantic", "textual")

READ_COMMANDS = [
    ["list"],
    ["list", "project:billing", "skill:python", "in:2026"],
    ["list", "refunds", "--format", "json"],
    ["show", "3"],
    ["goal", "list"],
    ["goal", "list", "--all", "--format", "json"],
    ["feedback", "list"],
    ["feedback", "list", "by:maria"],
    ["skills"],
    ["projects", "in:2026-Q3"],
    ["tags"],
    ["review"],
    ["review", "--quarter", "2026-Q3", "--format", "json"],
    ["case"],
    ["case", "--format", "json"],
    ["role"],
    ["export", "--format", "markdown", "in:2026"],
]


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("read") / "journal.db"
    store = Store(path)
    demo.seed(store, TODAY)
    store.close()
    return path


@pytest.mark.parametrize("argv", READ_COMMANDS, ids=" ".join)
def test_read_commands_import_no_sqlalchemy(demo_path: Path, argv: list[str]) -> None:
    code = (
        "import sys, io, contextlib; from journal_tui.cli import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out): rc = main(sys.argv[1:])\n"
        f"heavy = sorted({{m.split('.')[0] for m in sys.modules}} & {set(HEAVY)!r})\n"
        "print(rc, heavy, len(out.getvalue()) > 0)"
    )
    env = {**os.environ, "JOURNAL_DB": str(demo_path), "JOURNAL_TODAY": TODAY.isoformat()}
    r = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, env=env, check=False)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().splitlines()[-1] == "0 [] True", (argv, r.stdout, r.stderr)


def test_reader_alone_imports_no_sqlalchemy() -> None:
    code = (
        "import sys, journal_tui.data.reader, journal_tui.review, journal_tui.case; "
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r}))"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert r.stdout.strip() == "[]", r.stdout + r.stderr


def test_reader_opens_like_store(tmp_path: Path) -> None:
    """Same file checks and messages: a missing journal is created, a non-journal is refused untouched."""
    path = tmp_path / "new" / "journal.db"
    reader = Reader(path)
    assert path.exists() and reader.count_entries() == 0 and reader.list_entries() == []
    bad = tmp_path / "notes.db"
    bad.write_bytes(b"hello, these are my notes\n" * 20)
    with pytest.raises(JournalError) as from_reader:
        Reader(bad)
    with pytest.raises(JournalError) as from_store:
        Store(bad)
    assert str(from_reader.value) == str(from_store.value)
    assert bad.read_bytes() == b"hello, these are my notes\n" * 20


def test_reader_rows_and_not_found(demo_path: Path) -> None:
    reader = Reader(demo_path)
    rows = reader.list_entries(parse_query("project:billing", today=TODAY), limit=3)
    assert len(rows) == 3 and all(r.project == "billing" for r in rows)
    assert rows == sorted(rows, key=lambda r: (r.occurred_on, r.id), reverse=True)
    assert reader.get_entry(rows[0].id) == rows[0]
    assert rows[0].created_at is not None and rows[0].created_at.tzinfo is not None
    with pytest.raises(NotFound, match="no entry with id 999"):
        reader.get_entry(999)
    with pytest.raises(NotFound, match="no goal with id 999"):
        reader.get_goal(999)
    with pytest.raises(NotFound, match="no feedback with id 999"):
        reader.get_feedback(999)


def test_capped_count(tmp_path: Path) -> None:
    store = Store(tmp_path / "j.db")
    for i in range(12):
        store.add_entry(text=f"Shipped thing {i}", occurred_on=TODAY - dt.timedelta(days=i), project="billing")
    flt = parse_query("shipped", today=TODAY)
    exact = store.count_entries(flt)
    assert exact == 12 and not exact.capped and exact.label() == "12" and f"{exact} entries" == "12 entries"
    capped = store.count_entries(flt, cap=10)
    assert capped == 10 and capped.capped and capped.label() == "10+"
    assert Count(12345, capped=True).label() == "12,345+"
    assert store.count_entries(flt, cap=12) == 12 and not store.count_entries(flt, cap=12).capped
    assert store.count_entries(parse_query("project:billing", today=TODAY), cap=5).capped
    assert store.count_feedback(cap=5) == Count(0)
    assert COUNT_CAP == 10_000


def test_interrupt_stops_a_running_query(tmp_path: Path) -> None:
    """A stale query stops at once when interrupted from another thread, and raises `Interrupted`."""
    reader = Reader(tmp_path / "j.db")
    errors: list[BaseException] = []

    def slow() -> None:
        try:
            with reader.reading() as conn:  # a query that runs for many seconds unless stopped
                conn.execute(
                    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n WHERE i < 0"
                ).fetchone()
        except BaseException as exc:  # the test inspects what was raised
            errors.append(exc)

    worker = threading.Thread(target=slow)
    started = time.perf_counter()
    worker.start()
    time.sleep(0.2)
    reader.interrupt()
    worker.join(5)
    assert not worker.is_alive()
    assert time.perf_counter() - started < 3
    assert len(errors) == 1 and isinstance(errors[0], Interrupted), errors
    assert reader.count_entries() == 0  # the reader still works afterwards
