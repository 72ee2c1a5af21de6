"""Shared fixtures: every test gets its own real journal (a SQLite file under tmp_path, or, in modules marked
`engines`, also a fresh database on a real PostgreSQL server) and a fixed today.

PostgreSQL: `JOURNAL_TEST_PG` names a server the run may create databases on (`bash .ci/run` starts a throwaway
cluster with `.ci/postgres` and sets it). Without it the PostgreSQL half of the suite skips with one line saying
so; with `JOURNAL_REQUIRE_PG=1` (CI) a missing server fails the run instead.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest


def _compile_the_package_once() -> None:
    """The package is compiled to bytecode once, by the run's first process, before anything imports it: with
    PYTHONDONTWRITEBYTECODE set (as on the machines this runs on) every xdist worker and every `journal` process a
    test starts would otherwise compile the modules it imports again (0.05 s of a `journal list`'s 0.11 s).
    `compileall` writes regardless of that setting, and skips what is up to date."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return
    import compileall

    compileall.compile_dir(Path(__file__).resolve().parents[1] / "journal_tui", quiet=1)


_compile_the_package_once()

from journal_tui.cli import main  # noqa: E402 (after the package is compiled)
from journal_tui.data.store import Store  # noqa: E402

if TYPE_CHECKING:
    from journal_tui.data.cipher import CipherConnection

TODAY = dt.date(2026, 11, 23)  # a Monday


@pytest.fixture(autouse=True)
def thaw_the_heap() -> Iterator[None]:
    """The app freezes what is alive once it has loaded (`keep_out_of_collections`); in this one process
    running hundreds of apps, thaw after each test so earlier tests' leftovers can still be collected."""
    import gc

    yield None
    gc.unfreeze()


ENGINES: tuple[str, ...] = ("sqlite", "postgresql")
PG_ENV = "JOURNAL_TEST_PG"
PG_HOWTO = (
    f"PostgreSQL tests skipped: set {PG_ENV} to a server URL to run them "
    "(`.ci/postgres start /tmp/pg` starts one and prints it; `bash .ci/run` does it all)"
)


RAM_TEMP = Path("/dev/shm")
# the run's journals and copies take a few hundred MB: a container's 64 MB /dev/shm is too small
RAM_TEMP_FREE = 2 * 2**30


def _temp_in_ram() -> None:
    """The run's temporary files (tmp_path, tempfile, the processes the tests start) go to RAM when the machine has
    room there and TMPDIR was not chosen: SQLite syncs every commit to the disk (`synchronous = FULL`), which is
    most of what a test's journal costs on a busy disk (a demo journal: 0.8-1.8 s on disk, 0.2 s in RAM) and
    which no test can observe, as the PostgreSQL test server runs with `fsync=off` (.ci/postgres)."""
    import tempfile

    if os.environ.get("TMPDIR"):
        return
    try:
        roomy = RAM_TEMP.is_dir() and os.access(RAM_TEMP, os.W_OK) and shutil.disk_usage(RAM_TEMP).free > RAM_TEMP_FREE
    except OSError:
        return
    if roomy:
        os.environ["TMPDIR"] = str(RAM_TEMP)  # inherited by the xdist workers and every subprocess
        tempfile.tempdir = None  # pytest's base temp directory is made from tempfile.gettempdir()


def _collect_like_the_app() -> None:
    """Each test process collects cycles as the running app does: a young generation of YOUNG_GENERATION
    allocations, not Python's 700.  A worker keeps the modules, styles and fixtures of hundreds of tests alive and
    thaws the heap after each (`thaw_the_heap`), so at 700 the collector walked all of it again and again: 15% of a
    worker's CPU, measured (with a `gc.callbacks` timer) on test_tui, test_cli and test_exchange."""
    import gc

    from journal_tui.tui.startup import YOUNG_GENERATION

    gc.set_threshold(YOUNG_GENERATION, *gc.get_threshold()[1:])


_SESSION_PATCHES = pytest.MonkeyPatch()


def _still_pictures() -> None:
    """The apps the Pilot tests run in this process paint no animation frames: a scroll or a toast lands at once.
    The tests look at states and pictures once motion has ended, and the frames in between were 8% of their CPU
    (test_tui, test_snapshots and test_newcomer on 4 workers: 134 -> 123 s, 82 -> 76 s).  Apps in a real terminal
    (the tmux tests, the benchmarks' smoke test) run in processes of their own and keep Textual's full animations."""
    from textual import constants

    _SESSION_PATCHES.setattr(constants, "TEXTUAL_ANIMATIONS", "none")


def pytest_configure(config: pytest.Config) -> None:
    _temp_in_ram()
    _collect_like_the_app()
    _still_pictures()
    config.addinivalue_line("markers", "engines: run each test on a SQLite file and on a PostgreSQL database")
    config.addinivalue_line(
        "markers",
        "slow: seconds of CPU each (processes racing on one journal, a whole corpus through the app, the type "
        "checker): left out of a plain `pytest` (pyproject's addopts), run by `pytest -m slow`; CI runs both",
    )
    config.addinivalue_line("markers", "sqlite_only: in an `engines` module, a test of what only a SQLite file has")
    config.addinivalue_line(
        "markers",
        "no_journal: in an `engines` module, a test that opens no journal of the test's engine (help, usage errors, "
        "files named by path): it runs once, on the first engine",
    )


def pytest_unconfigure(config: pytest.Config) -> None:
    _SESSION_PATCHES.undo()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "engine" in metafunc.fixturenames and metafunc.definition.get_closest_marker("engines"):
        only_sqlite = any(metafunc.definition.get_closest_marker(m) for m in ("sqlite_only", "no_journal"))
        metafunc.parametrize("engine", ENGINES[:1] if only_sqlite else ENGINES, indirect=True)


@pytest.fixture
def engine(request: pytest.FixtureRequest) -> str:
    """ "sqlite" unless the test's module is marked `engines` (then each test runs once per engine)."""
    return str(getattr(request, "param", "sqlite"))


# What a journal database is made of, as one digest: its relations, columns, indexes, constraints, triggers,
# functions, types, schemas and extensions.  A database given back after a test is reused only when this is still
# the template's (a test that dropped a table, added a column or disabled a trigger has its database dropped).
STRUCTURE = """
SELECT md5(string_agg(x, '|' ORDER BY x)) FROM (
    SELECT 'r ' || c.relname || ' ' || c.relkind::text FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace
    UNION ALL
    SELECT 'a ' || c.relname || ' ' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || ' '
           || a.attnotnull || ' ' || coalesce(pg_get_expr(d.adbin, d.adrelid), '')
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE c.relnamespace = 'public'::regnamespace AND a.attnum > 0 AND NOT a.attisdropped
    UNION ALL
    SELECT 'i ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
    UNION ALL
    SELECT 'k ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
    WHERE connamespace = 'public'::regnamespace
    UNION ALL
    SELECT 't ' || tgname || ' ' || tgrelid::regclass::text || ' ' || tgenabled::text
    FROM pg_trigger WHERE NOT tgisinternal
    UNION ALL
    SELECT 'f ' || proname || ' ' || md5(prosrc) FROM pg_proc WHERE pronamespace = 'public'::regnamespace
    UNION ALL
    SELECT 'y ' || typname FROM pg_type WHERE typnamespace = 'public'::regnamespace
    UNION ALL
    SELECT 'n ' || nspname FROM pg_namespace
    UNION ALL
    SELECT 'e ' || extname FROM pg_extension
) AS parts(x)
"""


_SERVER_READERS: dict[str, Any] = {}  # a server journal's URL -> the tests' own connection reading it


def server_read(url: str, read: Callable[[Any], Any]) -> Any:
    """`read(connection)` on the tests' own connection to the server journal `url`, kept from one read to the next
    and from one test to the next on the same database (`PgServer.give_back`): a connection is a new backend on
    the server (~3 ms of its CPU), and the tests read thousands of times.  It is in autocommit, so each read sees
    what is committed when it runs, as a new connection would; one that the test's database lost (dropped,
    terminated) is replaced once."""
    import psycopg

    for attempt in (1, 2):
        conn = _SERVER_READERS.get(url)
        if conn is None or conn.closed:
            conn = _SERVER_READERS[url] = psycopg.connect(url, autocommit=True)
        try:
            return read(conn)
        except psycopg.OperationalError:
            _SERVER_READERS.pop(url, None)
            conn.close()
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _forget_readers(keep: str | None = None) -> Any:
    """Close the tests' reading connections but the one to `keep` (returned, or None)."""
    kept = None
    for url in list(_SERVER_READERS):
        if url == keep and not _SERVER_READERS[url].closed:
            kept = _SERVER_READERS[url]
            continue
        _SERVER_READERS.pop(url).close()
    return kept


class PgServer:
    """The test run's PostgreSQL server: one template database holding an empty journal (made from the models
    once per worker), copied into a new database for a test; after the test the database is emptied back to the
    template's rows and sequences and kept for the next one, when nothing but its rows changed.

    Why: copying a database costs the server 0.14-0.19 s of CPU (with its drop), emptying one ~0.02 s; the server
    shares the machine's cores with the tests, and its copies were about a tenth of a whole run's CPU."""

    def __init__(self, admin_url: str, worker: str) -> None:
        import psycopg

        self.admin_url = admin_url
        self.worker = worker
        self.count = 0
        self.spare: list[str] = []  # emptied databases, ready for the next test
        self.admin = psycopg.connect(admin_url, autocommit=True)
        self.template = f"jt_template_{worker}_{os.getpid()}"
        self.admin.execute(f"DROP DATABASE IF EXISTS {self.template} WITH (FORCE)")
        self.admin.execute(f"CREATE DATABASE {self.template}")
        from journal_tui.data import db

        db.open_journal(self.url(self.template)).close()
        with psycopg.connect(self.url(self.template), autocommit=True) as conn:
            self.structure = conn.execute(STRUCTURE).fetchone()
            self.tables = [r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
            self.rows = {t: conn.execute(f'SELECT * FROM "{t}"').fetchall() for t in self.tables}
            self.sequences = conn.execute(
                "SELECT quote_ident(sequencename), coalesce(last_value, start_value), last_value IS NOT NULL "
                "FROM pg_sequences WHERE schemaname = 'public'"
            ).fetchall()

    def url(self, name: str) -> str:
        from urllib.parse import urlsplit, urlunsplit

        parts = urlsplit(self.admin_url)
        return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))

    def fresh(self) -> tuple[str, str]:
        """A database holding the empty journal: an emptied one given back by an earlier test, else a new copy."""
        if self.spare:
            name = self.spare.pop()
            return name, self.url(name)
        self.count += 1
        name = f"jt_{self.worker}_{os.getpid()}_{self.count}"
        self.admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        self.copy(self.template, name)
        return name, self.url(name)

    def copy(self, template: str, name: str) -> None:
        """`name` becomes a copy of the database `template`, its files copied (PostgreSQL 15's default writes the
        copy through the WAL, block by block: 59 ms of the server's CPU a copy, against 26 ms)."""
        strategy = " STRATEGY FILE_COPY" if self.admin.info.server_version >= 150000 else ""
        self.admin.execute(f"CREATE DATABASE {name} TEMPLATE {template}{strategy}")

    def give_back(self, name: str) -> None:
        """After a test: its database is emptied and kept for the next test, or dropped if it is not as the template
        made it (its structure, or the database's own settings, changed)."""
        import psycopg

        try:
            if self._emptied(name):
                self.spare.append(name)
                return
        except psycopg.Error:
            pass
        _forget_readers()
        self.drop(name)

    def _emptied(self, name: str) -> bool:

        reader = _forget_readers(keep=self.url(name))
        self.admin.execute(  # what the test left connected (an app's watcher, a killed writer) goes first
            "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid() AND pid <> %s",
            (name, reader.info.backend_pid if reader else 0),
        )
        as_made = self.admin.execute(
            "SELECT d.datallowconn AND d.datconnlimit = -1 AND NOT EXISTS "
            "(SELECT 1 FROM pg_db_role_setting s WHERE s.setdatabase = d.oid) FROM pg_database d WHERE d.datname = %s",
            (name,),
        ).fetchone()
        if not (as_made and as_made[0]):
            return False
        return bool(server_read(self.url(name), self._empty))

    def _empty(self, conn: Any) -> bool:
        """Empty the database back to the template's rows and sequences, if only its rows changed."""
        if conn.execute(STRUCTURE).fetchone() != self.structure:
            return False
        with conn.transaction():
            conn.execute("SET LOCAL session_replication_role = replica")  # no keys checked, no trigger fired
            for table in self.tables:
                conn.execute(f'DELETE FROM "{table}"')
            for table, rows in self.rows.items():
                if rows:
                    marks = ", ".join(["%s"] * len(rows[0]))
                    conn.cursor().executemany(f'INSERT INTO "{table}" VALUES ({marks})', rows)
            for sequence, value, called in self.sequences:
                conn.execute("SELECT setval(%s, %s, %s)", (sequence, value, called))
        return True

    def drop(self, name: str) -> None:
        self.admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(scope="session")
def pg_server(worker_id: str) -> Iterator[PgServer]:
    url = os.environ.get(PG_ENV)
    if not url:
        if os.environ.get("JOURNAL_REQUIRE_PG"):
            pytest.fail(f"{PG_ENV} is not set, and this run requires PostgreSQL (JOURNAL_REQUIRE_PG)")
        pytest.skip(PG_HOWTO)
    server = PgServer(url, worker_id)
    yield server
    for name in [*server.spare, server.template]:
        server.drop(name)
    server.admin.close()


@pytest.fixture
def pg_url(pg_server: PgServer) -> Iterator[str]:
    """An empty PostgreSQL journal of its own, as the template made it; given back (emptied) after the test."""
    name, url = pg_server.fresh()
    yield url
    pg_server.give_back(name)


@pytest.fixture
def db_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine: str, request: pytest.FixtureRequest) -> Path | str:
    """The test's journal: a file under tmp_path, or (engine "postgresql") a fresh database's URL."""
    where: Path | str = tmp_path / "journal.db"
    if engine == "postgresql":
        where = request.getfixturevalue("pg_url")
    monkeypatch.setenv("JOURNAL_DB", str(where))
    monkeypatch.setenv("JOURNAL_TODAY", TODAY.isoformat())
    return where


def copy_journal(source: Path, target: Path) -> Path:
    """`target` becomes a copy of the SQLite journal `source`, made by SQLite's backup API (whole and consistent
    whoever holds `source` open, which a file copy is not), private to its owner as a journal the product makes."""
    os.close(os.open(target, os.O_WRONLY | os.O_CREAT, 0o600))
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return target


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Callable[[dt.date], Path]:
    """`demo_template(today)`: a demo journal for `today`, seeded once per process and never opened by a test;
    tests get copies (`demo_db`, `demo_copy`): seeding costs ~200 ms of writes, a copy a few."""
    from journal_tui.tui.testing import demo_journal

    made: dict[dt.date, Path] = {}

    def template(today: dt.date) -> Path:
        if today not in made:
            made[today] = demo_journal(tmp_path_factory.mktemp("demo") / "journal.db", today)
        return made[today]

    return template


class DemoCopy:
    """`demo_copy(path, today=TODAY)`: the demo journal for `today`, as a new file at `path`."""

    def __init__(self, template: Callable[[dt.date], Path]) -> None:
        self.template = template

    def __call__(self, path: Path, today: dt.date = TODAY) -> Path:
        return copy_journal(self.template(today), path)


@pytest.fixture
def demo_copy(demo_template: Callable[[dt.date], Path]) -> DemoCopy:
    return DemoCopy(demo_template)


@pytest.fixture
def demo_db(tmp_path: Path, demo_copy: DemoCopy) -> Path:
    """A journal holding the demo data for TODAY (what the app's Pilot tests and snapshots open)."""
    return demo_copy(tmp_path / "journal.db")


@pytest.fixture
def no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """Inputs and text areas draw a steady cursor: two screens of one state are equal."""
    from textual.widgets import Input, TextArea

    monkeypatch.setattr(Input, "cursor_blink", False)
    monkeypatch.setattr(TextArea, "cursor_blink", False)


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    s = Store(db_path)
    yield s
    s.close()


def is_server(path: Path | str) -> bool:
    return str(path).startswith("postgresql://")


def db_rows(path: Path | str, sql: str, *args: object) -> list[tuple[Any, ...]]:
    """Rows straight from the journal, as another program would read them (a server journal through a
    connection of its own, an encrypted one through SQLCipher with TEST_PASSPHRASE)."""
    if is_server(path):
        from journal_tui.data.pg import translate

        rows: list[tuple[Any, ...]] = server_read(
            str(path), lambda server: [tuple(r) for r in server.execute(translate(sql, False), args or None).fetchall()]
        )
        return rows
    if _encrypted_file(path):
        with _encrypted(path) as encrypted:
            return [tuple(r) for r in encrypted.execute(sql, args).fetchall()]
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def db_columns(path: Path | str, table: str) -> list[str]:
    """The table's column names, in order, on either engine."""
    from journal_tui.data import db

    conn = db.raw_connect(str(path))
    try:
        return [d[0] for d in conn.execute(f"SELECT * FROM {table} LIMIT 0").description]
    finally:
        conn.close()


def sa_url(path: Path | str) -> str:
    """The journal as SQLAlchemy names it (SQLModel sessions in tests read it as another program would); an
    encrypted journal through SQLAlchemy's pysqlcipher dialect (sqlcipher3, the passphrase)."""
    text = str(path)
    if is_server(text):
        return "postgresql+psycopg://" + text.split("://", 1)[1]
    if _encrypted_file(path):
        from urllib.parse import quote

        return f"sqlite+pysqlcipher://:{quote(TEST_PASSPHRASE, safe='')}@/{path}"
    return f"sqlite:///{text}"


def db_dump(path: Path | str) -> list[str]:
    """The whole journal as text (schema and rows): 'nothing changed' means this is equal before and after (an
    encrypted journal: every table's rows, as iterdump is the stdlib connection's)."""
    if is_server(path):

        def dump(server: Any) -> list[str]:
            out = []
            tables = [
                r[0]
                for r in server.execute(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1"
                )
            ]
            for table in tables:
                out += [f"{table}: {row!r}" for row in server.execute(f"SELECT * FROM {table} ORDER BY 1, 2")]
            return out

        return list(server_read(str(path), dump))
    if _encrypted_file(path):
        with _encrypted(path) as encrypted:
            names = [r[0] for r in encrypted.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1")]
            return [f"{t}: {row!r}" for t in names for row in encrypted.execute(f'SELECT * FROM "{t}" ORDER BY rowid')]
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def _encrypted_file(path: Path | str) -> bool:
    from journal_tui.data import db

    return not is_server(path) and db.is_encrypted(str(path))


@contextlib.contextmanager
def _encrypted(path: Path | str) -> Iterator[CipherConnection]:
    """A connection to an encrypted journal (its key from JOURNAL_KEY), closed after."""
    from journal_tui.data import cipher

    conn = cipher.connect(str(path), 5.0)
    try:
        yield conn
    finally:
        conn.close()


class Cli:
    """Runs the real `main()` in-process and captures what a user would see."""

    def __init__(self, capsys: pytest.CaptureFixture[str]) -> None:
        self.capsys = capsys

    def __call__(self, *argv: str, code: int = 0) -> str:
        self.capsys.readouterr()
        rc: int | str | None
        try:
            rc = main(list(argv))
        except SystemExit as exc:  # argparse usage errors
            rc = exc.code
        out, err = self.capsys.readouterr()
        self.err = err
        assert rc == code, f"exit {rc} (expected {code}); stderr: {err}"
        return out

    def json(self, *argv: str) -> Any:
        """The command's JSON output, decoded (any JSON value)."""
        return json.loads(self(*argv))


@pytest.fixture
def cli(db_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(capsys)


def journal_exe() -> list[str]:
    """The installed console script when there is one, else `python -m journal_tui`."""
    exe = shutil.which("journal", path=os.path.dirname(sys.executable))
    return [exe] if exe else [sys.executable, "-m", "journal_tui"]


def run_journal(
    *args: str, env: dict[str, str] | None = None, input: str | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [*journal_exe(), *args], capture_output=True, text=True, env=full_env, input=input, timeout=60
    )


@pytest.fixture
def other_db(tmp_path: Path, engine: str, request: pytest.FixtureRequest) -> Iterator[Path | str]:
    """A second journal of the test's engine (another machine's): a file beside `db_path`, or a fresh database
    of its own on the server."""
    if engine != "postgresql":
        yield tmp_path / "other.db"
        return
    server: PgServer = request.getfixturevalue("pg_server")
    name, url = server.fresh()
    yield url
    server.give_back(name)


# --- a seeded journal, seeded once (people area, issue 24) -------------------------------------------------------


@pytest.fixture(scope="session")
def file_seeds() -> dict[str, Path]:
    """SQLite journals filled once per process, by name (`seed_journal`)."""
    return {}


@pytest.fixture(scope="session")
def server_seeds(pg_server: PgServer) -> Iterator[dict[str, str]]:
    """PostgreSQL databases filled once per process, by name (`seed_journal`); dropped before the server goes."""
    seeds: dict[str, str] = {}
    yield seeds
    for name in seeds.values():
        pg_server.drop(name)


# seed_journal's function: (the seeding's name, what fills an empty journal at a path or URL) -> the test's journal
SeedJournal = Callable[[str, Callable[[Any], object]], Path | str]


@pytest.fixture
def seed_journal(
    db_path: Path | str, engine: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> SeedJournal:
    """`seed_journal(name, fill)` makes the test's journal (`db_path`) hold what `fill(path)` writes into an empty
    journal, running `fill` once per engine and process and copying after that (SQLite's backup API; a PostgreSQL
    database made with the seeded one as its template): a seeding that costs a second is paid once, not per test.
    `name` is the seeding's name across the whole suite."""
    from urllib.parse import urlsplit

    def clone(name: str, fill: Callable[[Any], object]) -> Path | str:
        if engine == "postgresql":
            server: PgServer = request.getfixturevalue("pg_server")
            seeds: dict[str, str] = request.getfixturevalue("server_seeds")
            if name not in seeds:
                seed, url = server.fresh()
                try:
                    fill(url)
                except BaseException:
                    server.drop(seed)
                    raise
                seeds[name] = seed
            mine = urlsplit(str(db_path)).path.lstrip("/")
            server.drop(mine)
            server.copy(seeds[name], mine)
            return db_path
        files: dict[str, Path] = request.getfixturevalue("file_seeds")
        if name not in files:
            seeded = tmp_path_factory.mktemp("seed") / "journal.db"
            fill(seeded)
            files[name] = seeded
        return copy_journal(files[name], Path(db_path))

    return clone


@pytest.fixture
def engine_demo(seed_journal: SeedJournal) -> Path | str:
    """The test's journal (`db_path`, on the test's engine) holding the demo data for TODAY, seeded once per
    engine and process (`seed_journal`)."""
    from journal_tui.tui.testing import demo_journal

    return seed_journal("demo", lambda path: demo_journal(path, TODAY))


# --- encrypted journals (issue 27) ----------------------------------------------------------------------------
# With SQLCipher installed (the test extra brings it, so CI has it), the store, write-path and CLI tests run a
# third time, on an encrypted journal: ENGINES grows by "encrypted" (read by `pytest_generate_tests` above when it
# runs), `encrypted_journal` (autouse) turns the test's `db_path` into an empty encrypted journal with JOURNAL_KEY
# set, and `db_rows`, `db_dump` and `sa_url` above read such a file through SQLCipher.  The other `engines` modules
# keep two engines (`ENCRYPTED_MODULES`): the suite's time stays where it was, give or take.
ENCRYPTED = "encrypted"
TEST_PASSPHRASE = "correct horse battery staple"
ENCRYPTED_MODULES = ("test_store.py", "test_write_path.py", "test_cli.py", "test_encryption.py")


def _sqlcipher_installed() -> bool:
    from journal_tui.data import cipher

    return cipher.installed()


if _sqlcipher_installed():
    ENGINES = (*ENGINES, ENCRYPTED)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The encrypted engine only for ENCRYPTED_MODULES (the others are deselected, not run twice as plain files)."""
    keep: list[pytest.Item] = []
    drop: list[pytest.Item] = []
    for item in items:
        param = getattr(getattr(item, "callspec", None), "params", {}).get("engine")
        (drop if param == ENCRYPTED and item.path.name not in ENCRYPTED_MODULES else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture(scope="session")
def encrypted_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty journal encrypted with TEST_PASSPHRASE, made once per worker: every test's copy has its salt, so
    the key is derived once per process (as the product does), not once per test."""
    from journal_tui.data import cipher, db

    path = tmp_path_factory.mktemp("encrypted") / "template.db"
    db.open_journal(path).close()
    cipher.convert(str(path), None, cipher.Key.new(TEST_PASSPHRASE), 5.0)
    return path


@pytest.fixture(autouse=True)
def encrypted_journal(request: pytest.FixtureRequest) -> None:
    """On the encrypted engine: the test's journal is a copy of the template, and JOURNAL_KEY opens it."""
    if getattr(getattr(request.node, "callspec", None), "params", {}).get("engine") != ENCRYPTED:
        return
    path = request.getfixturevalue("db_path")
    shutil.copyfile(request.getfixturevalue("encrypted_template"), path)
    request.getfixturevalue("monkeypatch").setenv("JOURNAL_KEY", TEST_PASSPHRASE)
