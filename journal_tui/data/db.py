"""The journal file: locating, opening, checking, migrating; and the quick-add write path.

Standard library only (plus platformdirs): `journal add` runs through here without
importing SQLAlchemy, pydantic or Textual.  The SQLAlchemy engine in `store.py`
opens its connections through `configure()` too, so there is one place that
decides pragmas, and one place that decides the schema (`schema.py`).
"""

import datetime as dt
import errno
import os
import sqlite3
import stat
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any, NamedTuple, Protocol

from journal_tui.data import cipher, journal_files, schema, writes
from journal_tui.data.cipher import CipherConnection
from journal_tui.data.conn import Connection, dialect_of, dicts, is_sqlite
from journal_tui.data.locator import is_server, masked
from journal_tui.errors import JournalError, NotFound, Unsaved

ENV_VAR = "JOURNAL_DB"
APPLICATION_ID = 0x4A524E4C  # "JRNL": marks the file as ours in its header
BUSY_ENV = "JOURNAL_BUSY_TIMEOUT_MS"


def _busy_from_env() -> int | str:
    """How long a write waits for a lock; a bad value is kept as text and reported when the journal opens."""
    raw = os.environ.get(BUSY_ENV, "5000")
    try:
        value = int(raw)
    except ValueError:
        return raw
    return value if 0 <= value <= 3_600_000 else raw


BUSY_TIMEOUT_MS: int | str = _busy_from_env()
SQLITE_NOTADB = 26  # "file is not a database": the header is not SQLite's (sqlite3.Error.sqlite_errorcode)
SQLITE_FULL = 13
SQLITE_IOERR = 10


PathArg = str | os.PathLike[str]
# A SQLite file's connection: the standard library's, or SQLCipher's for an encrypted journal (`cipher`).
FileConnection = sqlite3.Connection | CipherConnection


class HasPath(Protocol):
    """Anything that names a journal file: a `Store`, a `reader.Reader`, a test double."""

    @property
    def path(self) -> PathArg: ...


def default_db_path() -> str:
    """The embedded default: a SQLite file in the user's data directory."""
    import platformdirs

    return os.path.join(platformdirs.user_data_dir("journal_tui", appauthor=False), "journal.db")


def resolve_db_path(explicit: PathArg | None = None) -> str:
    """`--db` beats `$JOURNAL_DB`, which beats the default.  A str (os.path): pathlib costs a quick add 12 ms.

    An empty `--db ""` or `JOURNAL_DB=""` is an error, never a silent fall back to the home journal.
    """
    if explicit is not None:
        if not os.fspath(explicit).strip():
            raise JournalError("--db is empty; give the path of a journal file (or leave --db out)")
        raw = explicit
    elif ENV_VAR in os.environ:
        raw = os.environ[ENV_VAR]
        if not raw.strip():
            raise JournalError(f"${ENV_VAR} is set but empty; set it to a journal file path or unset it")
    else:
        raw = default_db_path()
    text = os.fspath(raw)
    return text if is_server(text) else os.path.expanduser(text)


def busy_timeout_ms() -> int:
    if isinstance(BUSY_TIMEOUT_MS, str):
        raise JournalError(
            f"${BUSY_ENV} must be a whole number of milliseconds (0 to 3600000), not {BUSY_TIMEOUT_MS!r}"
        )
    return BUSY_TIMEOUT_MS


def _folder_problem(path: str) -> str | None:
    """Why a journal cannot be written in its folder, when that is the folder's fault."""
    folder = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(folder) and not os.access(folder, os.W_OK):
        return (
            f"the folder {folder} is read-only, so the journal {path} cannot be written there; "
            "use --db with a writable folder"
        )
    return None


def _check_file(path: str) -> bool:
    """Refuse a path that cannot be a journal file (a folder, a pipe...); return whether the file exists.

    Only `os.stat`, never `open()`: POSIX advisory locks belong to the process, and closing *any* descriptor of
    the journal drops every lock this process's SQLite connections hold on it.  Another process then believes it
    is the last user, checkpoints and deletes `-wal`/`-shm` while we still write into them (SQLite's "How To
    Corrupt An SQLite Database File", 2.2).  The header is checked by SQLite itself when the journal is first read
    (`open_journal`: SQLITE_NOTADB), so no path of this package opens the file, `-wal` or `-shm` but SQLite.
    """
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return False
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            raise JournalError(f"the journal path is too long ({len(path):,} characters): {path[:60]}…") from None
        if isinstance(exc, NotADirectoryError):
            raise JournalError(f"cannot use {path}: a part of the path is a file, not a folder") from None
        if isinstance(exc, PermissionError):
            raise JournalError(f"cannot read {path}: permission denied on a folder of the path") from None
        raise JournalError(f"cannot use {path}: {exc.strerror}") from None
    if stat.S_ISDIR(st.st_mode):
        raise JournalError(f"{path} is a directory, not a journal file; pass --db with a file path")
    if not stat.S_ISREG(st.st_mode):
        raise JournalError(f"{path} is not a regular file (a pipe, socket or device); a journal must be a file")
    if not os.access(path, os.R_OK):
        raise JournalError(f"cannot read {path}: permission denied; check the file's owner and mode")
    return True


def _not_a_journal(path: str) -> JournalError:
    return JournalError(f"{path} is not a SQLite database; it was left untouched (point --db or {ENV_VAR} elsewhere)")


def _create_file(path: str) -> None:
    """Create the journal readable by its owner only: it holds private feedback."""
    try:
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
    except FileExistsError:
        pass  # another process created it first; that is fine
    except PermissionError:
        raise JournalError(
            _folder_problem(path) or f"cannot create {path}: permission denied; choose a writable location with --db"
        ) from None
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            raise JournalError(
                f"cannot create the journal: the path is too long ({len(path):,} characters): {path[:60]}…"
            ) from None
        raise JournalError(f"cannot create {path}: {exc.strerror}") from None


def configure(conn: FileConnection) -> None:
    """Per-connection settings: wait on locks, enforce foreign keys, durable WAL commits."""
    conn.execute(f"PRAGMA busy_timeout = {busy_timeout_ms()}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = FULL")


def raw_connect(path: PathArg, *, connect_timeout_s: int = 10) -> Connection:
    """A configured connection in autocommit mode; transactions are explicit (`transaction`).

    A server URL connects to PostgreSQL (psycopg is imported then, and only then); a path opens the SQLite file.
    """
    if is_server(os.fspath(path)):
        _require_server_driver()
        from journal_tui.data import pg

        return pg.connect(os.fspath(path), lock_timeout_ms=busy_timeout_ms(), connect_timeout_s=connect_timeout_s)
    return sqlite_connect(path)


def _require_server_driver() -> None:
    """psycopg 3 is there, or one line says which install adds it: the plain install has no server driver."""
    try:
        from journal_tui.data import pg  # noqa: F401  (imported here to learn whether psycopg is installed)
    except ModuleNotFoundError as exc:
        if exc.name is None or not exc.name.startswith("psycopg"):
            raise
        raise JournalError(
            "a journal on a PostgreSQL server needs psycopg, which this installation lacks: "
            'pip install "journal-tui[postgresql]"'
        ) from None


def sqlite_connect(path: PathArg) -> FileConnection:
    """The SQLite file's own connection (the backup API, and the fast paths that need sqlite3 itself): the standard
    library's, or a keyed SQLCipher one when the file is an encrypted journal (`cipher`; decided once per file and
    process, by SQLite reading the header, so one library only ever opens a given file: see `cipher`)."""
    timeout = busy_timeout_ms() / 1000
    target = os.fspath(path)
    known = cipher.seen(target)
    conn: FileConnection
    if known is not None and known.key is not None:
        conn = cipher.connect(target, timeout)
    else:
        conn = sqlite3.connect(path, isolation_level=None, timeout=timeout, check_same_thread=False)
        if known is None:
            conn = _first_connection(conn, target, timeout)
    journal_files.register(path)
    configure(conn)
    return conn


def key_needed(target: PathArg | None = None) -> bool:
    """An encrypted journal whose key is not at hand ($JOURNAL_KEY unset, nothing remembered): the app asks for it
    before it opens the journal.  A wrong $JOURNAL_KEY is one line (`cipher.WrongKey`), as for any command."""
    path = resolve_db_path(target)
    return is_encrypted(path) and not cipher.key_at_hand(path, busy_timeout_ms() / 1000)


def encrypted_like(source: Connection, target: str) -> None:
    """A new file about to receive an encrypted journal's rows (`journal copy --to FILE`) starts encrypted under the
    same key: a copy follows the journal's choice, as its backups do.  Anything else is left as it is."""
    if not isinstance(source, CipherConnection) or source.key is None or is_server(target) or os.path.exists(target):
        return
    _create_file(target)
    cipher.record(target, source.key)


def _first_connection(conn: sqlite3.Connection, path: str, timeout: float) -> FileConnection:
    """This process's first connection to the file: SQLite reads its header.  A plain journal keeps the connection;
    one SQLite refuses ("file is not a database") that is a run of whole pages is taken as encrypted: this
    connection is closed before SQLCipher opens the file with its key (asked for if need be)."""
    try:
        conn.execute("PRAGMA schema_version").fetchone()
    except sqlite3.DatabaseError as exc:
        conn.close()
        if getattr(exc, "sqlite_errorcode", None) != SQLITE_NOTADB or not cipher.may_be_encrypted(path):
            raise
        return cipher.connect(path, timeout)
    except BaseException:
        conn.close()
        raise
    cipher.record(path, None)
    return conn


def is_encrypted(target: PathArg) -> bool:
    """Whether the journal at `target` is encrypted, deciding it as its first connection would (no key needed)."""
    text = os.fspath(target)
    if is_server(text) or not os.path.isfile(text):
        return False
    known = cipher.seen(text)
    if known is None:
        conn = sqlite3.connect(text, isolation_level=None, timeout=busy_timeout_ms() / 1000)
        try:
            conn.execute("PRAGMA schema_version").fetchone()
        except sqlite3.DatabaseError as exc:
            return getattr(exc, "sqlite_errorcode", None) == SQLITE_NOTADB and cipher.may_be_encrypted(text)
        finally:
            conn.close()
        cipher.record(text, None)
        return False
    return known.key is not None


def open_journal(path: PathArg | None = None, *, create: bool = True) -> Connection:
    """Open (creating and migrating as needed) the journal, with a clear error for any bad file."""
    db_path = resolve_db_path(path)
    if is_server(db_path):
        return _open_server(db_path)
    existed = _check_file(db_path)
    if not existed:
        if not create:
            raise JournalError(f"no journal at {db_path}")
        _create_file(db_path)
    conn: FileConnection | None = None
    try:
        conn = sqlite_connect(db_path)
        ensure_schema(conn, db_path)
    except sqlite3.DatabaseError as exc:
        if conn is not None:
            conn.close()
        if existed and getattr(exc, "sqlite_errorcode", None) == SQLITE_NOTADB:
            raise _not_a_journal(db_path) from None  # SQLite read the header and refused it; nothing was written
        raise describe_db_error(exc, db_path) from None
    except BaseException:
        if conn is not None:
            conn.close()
        raise
    return conn


def _open_server(target: str) -> Connection:
    """Connect to a PostgreSQL journal and create its schema from the models in an empty database."""
    _require_server_driver()
    from journal_tui.data import pg, pg_schema

    try:
        conn = pg.connect(target, lock_timeout_ms=busy_timeout_ms())
    except sqlite3.Error as exc:
        raise describe_db_error(exc, target) from None
    try:
        pg_schema.ensure(conn)
    except ValueError as exc:
        conn.close()
        reason = str(exc)
        if reason == "foreign":
            raise JournalError(
                f"the database {masked(target)} holds tables of another program; "
                "point --db at an empty database (it was left untouched)"
            ) from None
        raise JournalError(
            f"{masked(target)} was written by a newer journal_tui (schema {reason.split(':')[1]}); "
            "upgrade journal_tui to open it"
        ) from None
    except sqlite3.Error as exc:
        conn.close()
        raise describe_db_error(exc, target) from None
    return conn


class JournalFile(NamedTuple):
    """A checked, migrated journal file by its path: all the stdlib commands (`met`, `ask`, `nudge`...) need."""

    path: str


def journal_file(path: PathArg | None = None) -> JournalFile:
    """Create, check and migrate the journal (the same messages as `open_journal`), then name it.

    A server journal's connection is kept for the command's first `reading` or `writing` (`_connect`): a new
    connection is a new backend on the server, and these commands would otherwise open two."""
    conn = open_journal(path)
    target = resolve_db_path(path)
    if is_sqlite(conn):
        conn.close()
    else:
        with _handed_lock:
            earlier, _handed[target] = _handed.get(target), conn
        if earlier is not None:
            with suppress(sqlite3.Error):
                earlier.close()
    return JournalFile(target)


_handed: dict[str, Connection] = {}  # server URL -> the connection `journal_file` checked the journal on
_handed_lock = threading.Lock()


def _take_handed(path: str) -> Connection | None:
    """The connection `journal_file` kept for `path`, if it is still alive (a later command's, after an outage)."""
    with _handed_lock:
        conn = _handed.pop(path, None)
    if conn is None:
        return None
    try:
        conn.execute("SELECT 1")
    except sqlite3.Error:
        with suppress(sqlite3.Error):
            conn.close()
        return None
    return conn


def describe_db_error(exc: sqlite3.Error, path: PathArg | None = None) -> Unsaved:
    """Turn a sqlite3 error into a sentence a user can act on."""
    msg = str(exc)
    if path is not None and is_server(os.fspath(path)):
        return _describe_server_error(exc, os.fspath(path))
    where = f" ({path})" if path else ""
    if _disk_full(exc, path):
        disk = os.path.dirname(os.path.abspath(path)) if path else "the journal's folder"
        return Unsaved(f"the disk is full ({disk}): nothing was saved; free some space and try again")
    if isinstance(exc, sqlite3.IntegrityError):
        return Unsaved(f"that change conflicts with existing data ({msg})")
    if "locked" in msg or "busy" in msg:
        return Unsaved(f"the journal{where} is busy in another program; try again in a moment")
    if getattr(exc, "sqlite_errorname", None) == "SQLITE_READONLY_DBMOVED":
        return Unsaved(
            f"the journal{where} was replaced while this ran (journal encrypt, decrypt or rekey in "
            "another program?): nothing was saved; try again"
        )
    if "not a database" in msg and path is not None and cipher.is_encrypted(os.fspath(path)):
        return Unsaved(
            f"the journal{where} no longer opens with this program's key (rekeyed by another program?); "
            "nothing was saved; run the command again"
        )
    if "readonly" in msg or "read-only" in msg or "unable to open" in msg:
        folder = _folder_problem(os.fspath(path)) if path else None
        if folder:
            return Unsaved(folder)
    if "readonly" in msg or "read-only" in msg:
        return Unsaved(f"the journal{where} is read-only; check the file's permissions or use --db")
    if "malformed" in msg or "not a database" in msg or "corrupt" in msg:
        return Unsaved(
            f"the journal{where} is damaged ({msg}); restore a backup (see README) — the file was left untouched"
        )
    if "unable to open" in msg:
        return Unsaved(f"cannot open the journal{where}; check that its folder exists and is writable")
    return Unsaved(f"database error{where}: {msg}")


def _describe_server_error(exc: sqlite3.Error, target: str) -> Unsaved:
    """A PostgreSQL failure in one sentence, naming the server without its password."""
    msg = str(exc).replace(target, masked(target))
    if msg.startswith("cannot reach the journal server"):
        return Unsaved(msg)
    if isinstance(exc, sqlite3.IntegrityError):
        return Unsaved(f"that change conflicts with existing data ({msg})")
    if "locked" in msg:
        return Unsaved(f"the journal ({masked(target)}) is busy in another program; try again in a moment")
    if "terminat" in msg or "connection" in msg and ("closed" in msg or "lost" in msg):
        return Unsaved(
            f"the connection to the journal server {masked(target)} was lost ({msg}); "
            "nothing was saved by the failed step"
        )
    return Unsaved(f"database error ({masked(target)}): {msg}")


def _disk_full(exc: sqlite3.Error, path: PathArg | None) -> bool:
    """SQLITE_FULL, or an I/O error on a disk with no space left (SQLite reports a failed -wal or -shm write so)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:
        return "disk is full" in str(exc)
    if code & 0xFF == SQLITE_FULL:
        return True
    if code & 0xFF != SQLITE_IOERR or path is None:
        return False
    try:
        fs = os.statvfs(os.path.dirname(os.path.abspath(path)))  # by path: no descriptor of the journal is opened
    except OSError:
        return False
    return fs.f_bavail * fs.f_frsize < 64 * 1024


@contextmanager
def transaction(conn: Connection) -> Iterator[Connection]:
    """The one unit of work for writes: a transaction that takes the journal's write lock up front (SQLite's
    `BEGIN IMMEDIATE`, PostgreSQL's advisory lock), so checks made inside it hold until it commits."""
    for stmt in dialect_of(conn).begin_write():
        conn.execute(stmt)
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")


@contextmanager
def writing(path: PathArg) -> Iterator[Connection]:
    """One short write transaction on its own stdlib connection (BEGIN IMMEDIATE; commit, or roll back on error).

    The standard-library twin of `Store.write()`: the CLI's fast commands and the feature modules write
    through it without importing SQLAlchemy; a database error comes out as one sentence (`describe_db_error`).
    """
    conn = _connect(path)
    try:
        with transaction(conn):
            yield conn
    except sqlite3.Error as exc:
        raise describe_db_error(exc, path) from None
    finally:
        conn.close()


_joined = threading.local()  # `reads`: journal path -> the connection of a reader's read under way on this thread


@contextmanager
def joining(path: str, conn: Connection) -> Iterator[None]:
    """While a reader's read transaction is open on this thread, `reading(path)` joins it instead of connecting.

    Why: a review or a case reads through the reader and through the domain's `reading(store.path)`; joined, all
    of it is one snapshot (as of one moment, whoever writes meanwhile) on one connection (on a server each new
    one is a backend: `journal review` opened nine)."""
    reads: dict[str, Connection] = _joined.__dict__.setdefault("reads", {})
    outer = reads.get(path)
    reads[path] = conn
    try:
        yield
    finally:
        if outer is None:
            reads.pop(path, None)
        else:
            reads[path] = outer


@contextmanager
def reading(path: PathArg) -> Iterator[Connection]:
    """A short-lived stdlib connection for reads (no SQLAlchemy), errors as one sentence.

    The reads share one snapshot (a deferred BEGIN, rolled back at the end), as a Store session's do; inside a
    reader's read on this thread (`joining`), they are that read's.
    """
    joined: Connection | None = getattr(_joined, "reads", {}).get(os.fspath(path))
    if joined is not None:
        try:
            yield joined
        except sqlite3.Error as exc:
            raise describe_db_error(exc, path) from None
        return
    conn = _connect(path)
    try:
        conn.execute(dialect_of(conn).begin_read())
        yield conn
    except sqlite3.Error as exc:
        raise describe_db_error(exc, path) from None
    finally:
        conn.close()


def _connect(path: PathArg) -> Connection:
    if _handed and (conn := _take_handed(os.fspath(path))) is not None:
        return conn
    try:
        return raw_connect(path)
    except sqlite3.Error as exc:
        raise describe_db_error(exc, path) from None


def user_version(conn: FileConnection) -> int:  # SQLite's schema version (PostgreSQL: pg_schema.version)
    version: int = conn.execute("PRAGMA user_version").fetchone()[0]
    return version


def has_fts(conn: Connection) -> bool:
    """Whether free text can use the engine's full-text index (always on PostgreSQL; SQLite built with FTS5)."""
    return table_exists(conn, "entry_fts")


def table_exists(conn: Connection, name: str) -> bool:
    return conn.execute(dialect_of(conn).table_exists(), (name,)).fetchone() is not None


def problems(conn: Connection) -> list[str]:
    """What is damaged in the journal: SQLite's integrity check, the full-text index's own, and broken links.

    Whole-file reads (0.2 s per 100,000 entries): `journal check` and the app's start-up check in a worker run it,
    never a quick add.
    """
    if not is_sqlite(conn):
        return _server_problems(conn)
    try:
        found = [str(r[0]) for r in conn.execute("PRAGMA integrity_check(20)") if r[0] != "ok"]
    except sqlite3.DatabaseError as exc:  # too damaged to walk
        return [str(exc)]
    if has_fts(conn):
        try:
            conn.execute("INSERT INTO entry_fts(entry_fts) VALUES ('integrity-check')")
        except sqlite3.DatabaseError as exc:
            found.append(f"the full-text index does not match the entries ({exc})")
    for table, _rowid, parent, _fk in conn.execute("PRAGMA foreign_key_check").fetchmany(20):
        found.append(f"a row of {table} points at a missing {parent}")
    return found


def _server_problems(conn: Connection) -> list[str]:
    """The server checks its own pages and foreign keys; what can drift is the text index the triggers keep."""
    found = []
    for table in ("entry", "feedback"):
        missing = conn.execute(
            f"SELECT count(*) FROM {table} LEFT JOIN {table}_fts ON {table}_fts.rowid = {table}.id "
            f"WHERE {table}_fts.rowid IS NULL"
        ).fetchone()[0]
        if missing:
            found.append(f"the full-text index misses {missing} {table} rows")
    return found


def quick_problems(path: PathArg) -> list[str]:
    """SQLite's quick check on a connection of its own: read-only (no lock that would keep a writer waiting), about
    0.8 s at a million entries, for the app to run in a worker after it opens.  `problems` is the full check."""
    if is_server(os.fspath(path)):
        return []  # the server checks its own pages
    conn = _connect(path)
    try:
        return [str(r[0]) for r in conn.execute("PRAGMA quick_check(5)") if r[0] != "ok"]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    finally:
        conn.close()


def backup_to(conn: FileConnection, target: PathArg) -> PathArg:
    """A consistent copy through SQLite's online backup API, safe while others write; an encrypted journal's copy is
    encrypted with the same key and salt (so the journal's passphrase opens it), as the pre-migration copy is.

    Never overwrites, and only a complete copy ever carries the name: SQLite writes a hidden `.partial` file beside
    it, which is hard-linked to `target` once whole (atomic, and refused if the name was taken meanwhile).  A copy
    killed half-way (SIGKILL, full disk) leaves no file that opens as an empty journal; its `.partial` is removed by
    the next backup in that folder.
    """
    target_s = os.fspath(target)
    if journal_files.is_journal_file(target_s):
        raise JournalError(f"{target_s} is the journal itself (or its -wal/-shm); choose another backup path")
    if os.path.lexists(target_s):
        raise JournalError(f"{target_s} already exists; choose another backup path")
    folder = os.path.dirname(os.path.abspath(target_s))
    partial = os.path.join(folder, f".{os.path.basename(target_s)}.{os.getpid()}{PARTIAL}")
    try:
        os.makedirs(folder, exist_ok=True)
        _remove_abandoned_partials(folder)
        os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except OSError as exc:
        raise JournalError(f"cannot write the backup {target_s}: {exc.strerror or exc}") from None
    try:
        _copy_pages(conn, partial)
        _publish(partial, target_s)
    except FileExistsError:
        raise JournalError(f"{target_s} already exists; choose another backup path") from None
    except sqlite3.Error as exc:
        raise JournalError(f"cannot write the backup {target_s}: {describe_db_error(exc, partial)}") from None
    except OSError as exc:
        raise JournalError(f"cannot write the backup {target_s}: {_os_reason(exc, folder)}") from None
    finally:
        with suppress(OSError):
            os.unlink(partial)
    return target


def _copy_pages(conn: FileConnection, partial: str) -> None:
    """The backup API into `partial`: encrypted under the journal's own key when the journal is."""
    if isinstance(conn, CipherConnection):
        assert conn.key is not None
        encrypted = cipher.connect_new(partial, conn.key, busy_timeout_ms() / 1000)
        try:
            conn.backup(encrypted)
        finally:
            encrypted.close()
        return
    dest = sqlite3.connect(partial)
    try:
        conn.backup(dest)
    finally:
        dest.close()


def backup(journal: PathArg, target: PathArg) -> PathArg:
    """`journal backup`: a consistent copy of the journal at `target` (see `backup_to`)."""
    source = os.fspath(journal)
    if is_server(source):
        raise JournalError(
            f"{masked(source)} is a server journal: copy it into a file with `journal copy --to FILE`, "
            "or back the database up with the server's own tools (pg_dump)"
        )
    conn = _connect(source)
    try:
        assert isinstance(conn, (sqlite3.Connection, CipherConnection))
        return backup_to(conn, target)
    finally:
        conn.close()


PARTIAL = ".partial"


def _publish(partial: str, target: str) -> None:
    """Give the finished copy its name without ever replacing a file (a hard link; a rename where links fail)."""
    try:
        os.link(partial, target)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
            raise
        if os.path.lexists(target):
            raise FileExistsError(errno.EEXIST, "exists", target) from None
        os.rename(partial, target)


def _remove_abandoned_partials(folder: str) -> None:
    """Delete `.partial` copies whose writing process is gone (killed mid-backup): they hold private data."""
    with suppress(OSError):
        for name in os.listdir(folder):
            if not (name.startswith(".") and name.endswith(PARTIAL)):
                continue
            pid = name[: -len(PARTIAL)].rsplit(".", 1)[-1]
            if not pid.isdigit() or int(pid) == os.getpid():
                continue
            try:
                os.kill(int(pid), 0)
            except ProcessLookupError:
                with suppress(OSError):
                    os.unlink(os.path.join(folder, name))
            except OSError:
                pass  # alive under another user: not ours to touch


def _os_reason(exc: OSError, folder: str) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"the disk is full ({folder})"
    return str(exc.strerror or exc)


def _make_private(path: str) -> None:
    """A new journal is its owner's alone, whoever made the (empty) file: `touch j.db` gives 0644.

    By path (`os.chmod`), opening no descriptor; before WAL mode is set, so SQLite creates `-wal` and `-shm` with
    the journal's mode; ones left over from another program are made private too.
    """
    for name in (path, *(path + suffix for suffix in journal_files.COMPANIONS)):
        try:
            if stat.S_IMODE(os.stat(name).st_mode) & 0o077:
                os.chmod(name, 0o600)
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise JournalError(f"cannot make {name} private to you ({exc.strerror}); it was left untouched") from None


def backups_of(path: PathArg) -> list[str]:
    """The backups beside the journal, by the names this program gives them: `journal backup`'s default
    (`STEM-backup-STAMP.db`) and the pre-migration copies (`NAME.schemaN-STAMP.bak`).  Copies the user named
    elsewhere are the user's to know about."""
    journal = os.path.abspath(os.fspath(path))
    folder, name = os.path.split(journal)
    stem = os.path.splitext(name)[0]
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    found = [
        os.path.join(folder, n)
        for n in names
        if (n.startswith(f"{stem}-backup-") and n.endswith(".db"))
        or (n.startswith(f"{name}.schema") and n.endswith(".bak"))
    ]
    return sorted(f for f in found if os.path.isfile(f) and not journal_files.is_journal_file(f, journal))


def _backup_before_migration(conn: FileConnection, path: str, version: int) -> None:
    """`PATH.schemaN-STAMP.bak`, with `-2`, `-3`... when a retry in the same second finds the name taken."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    for n in range(1, 100):
        name = f"{path}.schema{version}-{stamp}{'' if n == 1 else f'-{n}'}.bak"
        if not os.path.lexists(name):
            backup_to(conn, name)
            return
    raise JournalError(f"too many backups named {path}.schema{version}-{stamp}*.bak")


def ensure_schema(conn: FileConnection, path: str) -> None:
    """Bring the file to `SCHEMA_VERSION`, backing it up before upgrading an existing journal."""
    version = user_version(conn)
    if version == schema.SCHEMA_VERSION:
        return
    if version > schema.SCHEMA_VERSION:
        raise JournalError(
            f"{path} was written by a newer journal_tui (schema {version}, this one knows {schema.SCHEMA_VERSION}); "
            "upgrade journal_tui to open it"
        )
    if version == 0:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
        if tables and app_id != APPLICATION_ID:
            raise JournalError(f"{path} is a SQLite database of another program; it was left untouched")
        _make_private(path)
    else:
        try:
            _backup_before_migration(conn, path, version)
        except JournalError as exc:
            raise JournalError(
                f"{path} needs an upgrade, but the backup made first failed ({exc}); nothing was changed"
            ) from None
    with suppress(sqlite3.OperationalError):  # read-only media: stay in rollback-journal mode
        conn.execute("PRAGMA journal_mode = WAL")
    with transaction(conn):
        version = user_version(conn)  # re-read under the lock: another process may have migrated
        for index, (sql, fts_sql) in enumerate(schema.MIGRATIONS[version:], start=version):
            for stmt in schema.statements(sql):
                conn.execute(stmt)
            if fts_sql:
                _apply_optional_fts(conn, fts_sql)
            if index in schema.PYTHON_STEPS:
                getattr(writes, schema.PYTHON_STEPS[index])(conn)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION}")


def _apply_optional_fts(conn: FileConnection, fts_sql: str) -> None:
    conn.execute("SAVEPOINT fts")
    try:
        for stmt in schema.statements(fts_sql):
            conn.execute(stmt)
    except sqlite3.OperationalError as exc:
        if "fts5" not in str(exc):
            raise
        conn.execute("ROLLBACK TO fts")
    conn.execute("RELEASE fts")


# --- writes: the one write layer is the `writes` package; quick add's name for its entry insert -------

insert_entry = writes.insert_entry


# --- undo: snapshot a row with everything that points at it ----------------------


def snapshot(conn: Connection, table: str, row_id: int) -> dict[str, Any]:
    """Everything a delete of `table`/`row_id` would remove or unlink, so undo can put it back."""
    found = dicts(conn.execute(f"SELECT * FROM {table} WHERE id = ?", (row_id,)))
    if not found:
        raise NotFound(f"there is no {table} with id {row_id}")
    children = []
    for child, col, on_delete in writes.base.foreign_keys(conn, table):
        rows = dicts(conn.execute(f"SELECT * FROM {child} WHERE {col} = ?", (row_id,)))
        if rows:
            children.append({"table": child, "column": col, "on_delete": on_delete, "rows": rows})
    return {"table": table, "row": found[0], "children": children}


def _taken(conn: Connection, table: str, row_id: int) -> bool:
    return conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (row_id,)).fetchone() is not None


def _insert_row(conn: Connection, table: str, row: dict[str, Any]) -> int:
    """Insert a snapshot row, under its old id when that is still free, else under a new one."""
    if "id" in row and _taken(conn, table, row["id"]):
        row = {k: v for k, v in row.items() if k != "id"}
    if "id" not in row and not writes.base.has_id(conn, table):
        writes.base.insert_link(conn, table, row)
        return 0
    new_id = writes.insert_row(conn, table, row)
    if "id" in row:
        for stmt in dialect_of(conn).after_explicit_ids(table):
            conn.execute(stmt)
    return new_id


def restore(conn: Connection, snap: dict[str, Any]) -> int:
    """Undo a delete exactly, or say it cannot; returns the row's id.

    Ids are never reused for a different row: when the old id has been taken since
    (a new entry got it), the row comes back under a new id and everything that
    pointed at it (skills, goal links, feedback) follows it there.
    """
    table, old_id = snap["table"], snap["row"]["id"]
    try:
        new_id = _insert_row(conn, table, dict(snap["row"]))
        for child in snap["children"]:
            col = child["column"]
            if child["on_delete"] == "CASCADE":
                for row in child["rows"]:
                    _insert_row(conn, child["table"], {**row, col: new_id})
            else:  # SET NULL: point the rows back, unless they were linked elsewhere since
                ids = [r["id"] for r in child["rows"] if "id" in r]
                conn.executemany(
                    f"UPDATE {child['table']} SET {col} = ? WHERE id = ? AND {col} IS NULL", [(new_id, i) for i in ids]
                )
    except sqlite3.IntegrityError as exc:
        raise JournalError(
            f"cannot undo the delete of {table} {old_id}: what it was linked to has changed since ({exc})"
        ) from None
    return new_id
