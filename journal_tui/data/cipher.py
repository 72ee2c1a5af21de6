"""Journals encrypted at rest with SQLCipher: which files are encrypted, their key, and connections that behave as
the standard library's do.  Standard library only until a journal turns out to be encrypted; then `sqlcipher3`
(the `encrypted` extra) and, for a remembered key, `keyring`.

The key, derived once per process.  A passphrase given to SQLCipher (`PRAGMA key = 'words'`) costs a PBKDF2 of
256,000 rounds on *every* connection (0.1-0.3 s), and one command opens two or more.  So the passphrase is derived
here, once, with SQLCipher 4's own parameters (PBKDF2-HMAC-SHA512, 256,000 rounds, a 32-byte key, the file's 16-byte
salt), and every connection is given the result as a raw key with its salt (`PRAGMA key = "x'<key><salt>'"`),
which SQLCipher uses as it is.  The file stays a standard SQLCipher 4 database: any SQLCipher tool opens it with
the passphrase.  The salt is read through SQLCipher (`PRAGMA cipher_salt`, on a connection given any key), never
with `open()`: closing a descriptor of the journal would drop the POSIX locks this process's connections hold.

One library per file and process.  The standard library's SQLite and SQLCipher's are two SQLite builds with two
tables of open files, so a descriptor one closes drops the locks the other holds.  `db.sqlite_connect` decides
once per file (by its device and inode) which library reads it: SQLite itself reads the header, and "file is not a
database" on a file of whole pages means encrypted; from then on only SQLCipher opens that file in this process.
A file replaced since (another program ran `journal encrypt`) has another inode and is decided again.

Where a key comes from, in order: a key this process already holds for the file's salt (its backups share it);
`$JOURNAL_KEY` (a passphrase, or the raw key as the keyring holds it: `keyring get journal_tui PATH`, so a shell
that exports it once pays neither the derivation nor the keyring's import per command); the system keyring, only
for a journal the user chose to remember (`journal remember`, or `--remember`), so the keyring is never asked, and
never prompts, otherwise; then `ask`, which the CLI sets to a terminal prompt (the app asks in a modal before its
first frame).  The keyring holds the raw key and its salt, not
the passphrase: a later process opens the journal without deriving anything, and the passphrase, which people
reuse, is in no store at all.  The key is never part of an error, a log line or a process's arguments; `Key`'s
repr hides it.
"""

import _thread
import contextlib
import importlib
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from typing import Any, NamedTuple, NoReturn

from journal_tui.errors import JournalError

KEY_ENV = "JOURNAL_KEY"
NEW_KEY_ENV = "JOURNAL_NEW_KEY"
INSTALL = 'pip install "journal-tui[encrypted]"'
KEYRING_SERVICE = "journal_tui"
KDF_ROUNDS = 256_000  # SQLCipher 4's PBKDF2-HMAC-SHA512 default: the file opens with the passphrase anywhere
KEY_BYTES, SALT_BYTES = 32, 16
SQLITE_NOTADB = 26
MIN_PAGE = 512  # SQLCipher writes whole pages of 512 bytes or more: a file of another length is not one of its files

# The CLI sets this to a terminal prompt (question -> passphrase, None when nothing was typed); None asks no one.
ask: Callable[[str], str | None] | None = None


class KeyNeeded(JournalError):
    """An encrypted journal, and no key at hand nor any way to ask for one."""


class WrongKey(JournalError):
    """A key was given and does not open the file (which was left untouched)."""


class Key:
    """A raw SQLCipher key and the salt it was derived with: what every connection of the file is given."""

    __slots__ = ("raw", "salt")

    def __init__(self, raw: bytes, salt: bytes) -> None:
        if len(raw) != KEY_BYTES or len(salt) != SALT_BYTES:
            raise ValueError("a key is 32 bytes and its salt 16")
        self.raw, self.salt = raw, salt

    @classmethod
    def derive(cls, passphrase: str, salt: bytes) -> "Key":
        """SQLCipher 4's own derivation (so the passphrase opens the file in any SQLCipher tool); ~0.15 s."""
        import hashlib

        return cls(hashlib.pbkdf2_hmac("sha512", passphrase.encode("utf-8"), salt, KDF_ROUNDS, KEY_BYTES), salt)

    @classmethod
    def new(cls, passphrase: str) -> "Key":
        """A key for a file about to be written: a fresh random salt, so no two journals share a key."""
        return cls.derive(passphrase, os.urandom(SALT_BYTES))

    @classmethod
    def parse(cls, text: str) -> "Key | None":
        """The keyring's form back into a key; None for anything else (an entry written by something else)."""
        body = text.strip()
        if not (body.startswith("x'") and body.endswith("'")) or len(body) != 3 + 2 * (KEY_BYTES + SALT_BYTES):
            return None
        try:
            data = bytes.fromhex(body[2:-1])
        except ValueError:
            return None
        return cls(data[:KEY_BYTES], data[KEY_BYTES:])

    def sqlcipher(self) -> str:
        """SQLCipher's raw key with explicit salt, `x'<64 hex><32 hex>'`: used as it is, nothing derived."""
        return f"x'{self.raw.hex()}{self.salt.hex()}'"

    def __eq__(self, other: object) -> bool:
        import hmac  # here: every quick add imports this module, and hmac costs it 3 ms

        return isinstance(other, Key) and hmac.compare_digest(self.raw + self.salt, other.raw + other.salt)

    def __hash__(self) -> int:
        return hash(self.salt)

    def __repr__(self) -> str:
        return "Key(<hidden>)"


# --- the driver ----------------------------------------------------------------------------------------------

_driver: Any = None


def installed() -> bool:
    """Whether SQLCipher's bindings are importable (the `encrypted` extra)."""
    try:
        driver()
    except ModuleNotFoundError:
        return False
    return True


def driver() -> Any:
    """`sqlcipher3.dbapi2`, imported on first use, with SQLCipher's own logging off: it writes "hmac check failed"
    lines to stderr on a wrong key by itself, and no such line may reach a user.  The level is process-wide."""
    global _driver
    if _driver is None:
        module = importlib.import_module("sqlcipher3.dbapi2")
        quiet = module.connect(":memory:")
        try:
            quiet.execute("PRAGMA cipher_log_level = NONE")
        finally:
            quiet.close()
        _driver = module
    return _driver


def _require(path: str) -> Any:
    try:
        return driver()
    except ModuleNotFoundError:
        raise JournalError(f"{path} is encrypted, and reading it needs SQLCipher: {INSTALL}") from None


# --- errors: SQLCipher's classes are not sqlite3's -------------------------------------------------------------


def mapped(exc: BaseException) -> sqlite3.Error:
    """The `sqlite3` exception the standard library would have raised: same class name, message and error code, so
    every `except DbError` and `describe_db_error` reads an encrypted journal's failures as a plain one's."""
    cls = getattr(sqlite3, type(exc).__name__, sqlite3.DatabaseError)
    if not (isinstance(cls, type) and issubclass(cls, sqlite3.Error)):
        cls = sqlite3.DatabaseError
    out = cls(*exc.args)
    for attr in ("sqlite_errorcode", "sqlite_errorname"):
        setattr(out, attr, getattr(exc, attr, None))
    return out


def _reraise(exc: Exception) -> NoReturn:
    """Raise a driver error as `sqlite3`'s (see `mapped`); anything else as it is."""
    if _driver is not None and isinstance(exc, _driver.Error):
        raise mapped(exc) from None
    raise exc


class CipherCursor:
    """A SQLCipher cursor seen through the `conn.Cursor` surface, raising `sqlite3`'s errors."""

    __slots__ = ("_cur",)

    def __init__(self, cur: Any) -> None:
        self._cur = cur

    @property
    def rowcount(self) -> int:
        count: int = self._cur.rowcount
        return count

    @property
    def lastrowid(self) -> int | None:
        last: int | None = self._cur.lastrowid
        return last

    @property
    def description(self) -> Any:
        return self._cur.description

    def fetchone(self) -> Any:
        try:
            return self._cur.fetchone()
        except Exception as exc:
            _reraise(exc)

    def fetchall(self) -> list[Any]:
        try:
            rows: list[Any] = self._cur.fetchall()
        except Exception as exc:
            _reraise(exc)
        return rows

    def fetchmany(self, size: int = 1, /) -> list[Any]:
        try:
            rows: list[Any] = self._cur.fetchmany(size)
        except Exception as exc:
            _reraise(exc)
        return rows

    def __iter__(self) -> Iterator[Any]:
        try:
            yield from self._cur
        except Exception as exc:
            _reraise(exc)


class CipherConnection:
    """A connection to an encrypted journal (or, for `convert`, to a plain one through SQLCipher): the surface of
    `sqlite3.Connection` the data package uses, the same autocommit mode and errors, and the SQLite dialect."""

    __slots__ = ("_raw", "path", "key")

    def __init__(self, raw: Any, path: str, key: Key | None) -> None:
        self._raw, self.path, self.key = raw, path, key

    @property
    def dialect(self) -> Any:
        from journal_tui.data.dialects import SQLITE

        return SQLITE

    def execute(self, sql: str, parameters: Any = (), /) -> CipherCursor:
        try:
            return CipherCursor(self._raw.execute(sql, parameters))
        except Exception as exc:
            _reraise(exc)

    def executemany(self, sql: str, parameters: Iterable[Any], /) -> CipherCursor:
        try:
            return CipherCursor(self._raw.executemany(sql, parameters))
        except Exception as exc:
            _reraise(exc)

    def interrupt(self) -> None:
        self._raw.interrupt()

    def close(self) -> None:
        try:
            self._raw.close()
        except Exception as exc:
            _reraise(exc)

    def backup(self, target: "CipherConnection") -> None:
        """SQLite's online backup into a connection keyed like this one (SQLCipher copies encrypted to encrypted)."""
        try:
            self._raw.backup(target._raw)
        except Exception as exc:
            _reraise(exc)


def _open(path: str, key: Key | None, timeout: float) -> CipherConnection:
    """A SQLCipher connection in autocommit mode; `key` None reads a plain file (only `convert` does)."""
    drv = _require(path)
    try:
        raw = drv.connect(path, isolation_level=None, timeout=timeout, check_same_thread=False)
    except Exception as exc:
        _reraise(exc)
    conn = CipherConnection(raw, path, key)
    if key is not None:
        try:
            conn.execute(f'PRAGMA key = "{key.sqlcipher()}"')
        except BaseException:
            conn.close()
            raise
    return conn


def connect_new(path: str, key: Key, timeout: float) -> CipherConnection:
    """A connection creating an encrypted file under `key` (a backup of an encrypted journal)."""
    return _open(path, key, timeout)


# --- which files are encrypted, and with what key (per process) -------------------------------------------------


class _Seen(NamedTuple):
    ident: tuple[int, int]  # (st_dev, st_ino): a file replaced since is another file
    key: Key | None  # None: a plain SQLite file


_seen: dict[str, _Seen] = {}
_by_salt: dict[bytes, Key] = {}
_lock = _thread.allocate_lock()


def _ident(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)  # by path: no descriptor of the journal is opened
    except OSError:
        return None
    return st.st_dev, st.st_ino


def seen(path: str) -> _Seen | None:
    """What this process knows of the file at `path` now: None when it never opened it, or it was replaced since."""
    found = _seen.get(os.path.realpath(path))
    if found is None or found.ident != _ident(path):
        return None
    return found


def record(path: str, key: Key | None) -> None:
    """Remember how the file at `path` opens (plain, or under `key`), for the rest of this process."""
    ident = _ident(path)
    if ident is not None:
        _seen[os.path.realpath(path)] = _Seen(ident, key)
    if key is not None:
        _by_salt[key.salt] = key


def is_encrypted(path: str) -> bool:
    """Whether this process opened the file at `path` as an encrypted journal (no file access beyond a stat)."""
    found = seen(path)
    return found is not None and found.key is not None


def may_be_encrypted(path: str) -> bool:
    """Whether a file SQLite refused ("file is not a database") can be SQLCipher's: a non-empty run of whole pages.
    A text file or a truncated copy is not, and keeps its "not a SQLite database" message."""
    try:
        size = os.stat(path).st_size
    except OSError:
        return False
    return size >= MIN_PAGE and size % MIN_PAGE == 0


def salt_of(path: str, timeout: float = 5.0) -> bytes:
    """The file's salt, read by SQLCipher (any key lets `PRAGMA cipher_salt` read the header; nothing is derived,
    nothing decrypted, nothing written), never with `open()`: see the module's docstring."""
    conn = _open(path, None, timeout)
    try:
        conn.execute(f"PRAGMA key = \"x'{'00' * KEY_BYTES}'\"")
        row = conn.execute("PRAGMA cipher_salt").fetchone()
    finally:
        conn.close()
    if not row or not row[0]:
        raise WrongKey(f"{path} is not an encrypted journal SQLCipher can read; it was left untouched")
    return bytes.fromhex(str(row[0]))


# --- opening an encrypted journal --------------------------------------------------------------------------------


def connect(path: str, timeout: float) -> CipherConnection:
    """A keyed connection to an encrypted journal: with the key this process found for it, else found now (once,
    under a lock, so two threads never derive or ask twice) and checked by a first read."""
    found = seen(path)
    if found is not None and found.key is not None:
        return _open(path, found.key, timeout)
    with _lock:
        found = seen(path)
        if found is not None and found.key is not None:
            return _open(path, found.key, timeout)
        return _unlock(path, timeout)


def _unlock(path: str, timeout: float, *, interactive: bool = True) -> CipherConnection:
    _require(path)
    salt = salt_of(path, timeout)
    note = ""
    for source, key in _keys_for(path, salt, interactive):
        if key is None:  # a remembered key that could not be read or no longer fits: said if nothing else opens it
            note = source
            continue
        conn = _try(path, key, timeout)
        if conn is not None:
            record(path, key)
            return conn
        if source == "held":
            continue  # a key of this process for the same salt, changed since by another program
        if source == "keyring":
            note = f"the key remembered in the system keyring no longer opens {path}"
            continue
        raise WrongKey(_wrong(source, path))
    raise KeyNeeded(_no_key(path, note))


def _keys_for(path: str, salt: bytes, interactive: bool) -> Iterator[tuple[str, Key | None]]:
    """Each source's key, lazily and in order; a source that has nothing yields nothing."""
    held = _by_salt.get(salt)
    if held is not None:
        yield "held", held
    given = os.environ.get(KEY_ENV)
    if given:  # a script's key is the answer: a wrong one is refused, not followed by a prompt
        yield "env", Key.parse(given) or Key.derive(given, salt)  # the raw key as the keyring holds it, or a passphrase
        return
    if is_remembered(path):
        yield _remembered_key(path, salt)
    if ask is not None and interactive:
        typed = ask(f"Passphrase for {path}: ")
        if not typed:
            raise KeyNeeded(f"no passphrase was typed; {path} was left untouched")
        yield "prompt", Key.derive(typed, salt)


def _remembered_key(path: str, salt: bytes) -> tuple[str, Key | None]:
    try:
        text = keyring_get(path)
    except JournalError as exc:
        return str(exc), None
    key = Key.parse(text) if text else None
    if key is None:
        return f"the system keyring holds no key for {path} (forgotten there?)", None
    if key.salt != salt:
        return f"the key remembered in the system keyring is for an older {path} (rekeyed elsewhere?)", None
    return "keyring", key


def _try(path: str, key: Key, timeout: float) -> CipherConnection | None:
    """The connection when `key` opens the file (a first read decrypts page 1), else None, the file untouched."""
    conn = _open(path, key, timeout)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        conn.close()
        if getattr(exc, "sqlite_errorcode", None) == SQLITE_NOTADB:
            return None
        raise
    except BaseException:
        conn.close()
        raise
    return conn


def _wrong(source: str, path: str) -> str:
    if source == "env":
        return (
            f"${KEY_ENV} does not open {path} (a wrong passphrase, or not an encrypted journal); it was left untouched"
        )
    return f"that passphrase does not open {path} (or it is not an encrypted journal); it was left untouched"


def _no_key(path: str, note: str) -> str:
    why = f"{note}; " if note else ""
    return (
        f"{path} is encrypted: {why}set ${KEY_ENV}, or run the command in a terminal to type the passphrase "
        "(journal remember keeps its key in the system keyring)"
    )


def key_at_hand(path: str, timeout: float = 5.0) -> bool:
    """Whether the encrypted journal at `path` opens without asking anyone (a key this process holds, $JOURNAL_KEY,
    a remembered key): the app asks in its own dialog otherwise.  A wrong $JOURNAL_KEY is refused (`WrongKey`)."""
    found = seen(path)
    if found is not None and found.key is not None:
        return True
    with _lock:
        try:
            _unlock(path, timeout, interactive=False).close()
        except KeyNeeded:
            return False
    return True


def unlock_with(path: str, passphrase: str, timeout: float = 5.0) -> bool:
    """Whether `passphrase` opens the encrypted journal at `path`; if so every later connection of this process
    uses it (the app's passphrase dialog)."""
    with _lock:
        key = Key.derive(passphrase, salt_of(path, timeout))
        conn = _try(path, key, timeout)
        if conn is None:
            return False
        conn.close()
        record(path, key)
        return True


def key_for(path: str, timeout: float = 5.0) -> Key:
    """The key of an encrypted journal (from any source, as a connection would find it)."""
    connect(path, timeout).close()
    found = seen(path)
    assert found is not None and found.key is not None
    return found.key


# --- remembering the key: the system keyring, for the journals the user chose ---------------------------------


def _remembered_list() -> str:
    import platformdirs

    return os.path.join(platformdirs.user_config_dir("journal_tui", appauthor=False), "remembered-keys")


def _remembered() -> set[str]:
    try:
        with open(_remembered_list(), encoding="utf-8") as fh:
            return {line.rstrip("\n") for line in fh if line.strip()}
    except OSError:
        return set()


def is_remembered(path: str) -> bool:
    """Whether the user chose to keep this journal's key in the keyring (a list of paths, no secret, in the user's
    config folder): only then is the keyring asked, so it never prompts by surprise."""
    return os.path.realpath(path) in _remembered()


def _save_remembered(paths: set[str]) -> None:
    from journal_tui.private import write_private

    target = _remembered_list()
    os.makedirs(os.path.dirname(target), exist_ok=True)
    write_private(target, "".join(f"{p}\n" for p in sorted(paths)))


def _keyring() -> Any:
    try:
        return importlib.import_module("keyring")
    except ModuleNotFoundError:
        raise JournalError(f"remembering a key needs the keyring package: {INSTALL}") from None


def keyring_get(path: str) -> str | None:
    keyring = _keyring()
    try:
        found: str | None = keyring.get_password(KEYRING_SERVICE, os.path.realpath(path))
    except Exception as exc:  # any backend's failure (locked, absent, D-Bus down) is one line
        raise JournalError(f"the system keyring could not be read ({type(exc).__name__})") from None
    return found


def remember(path: str, key: Key) -> None:
    """Keep `key` (raw key and salt, not the passphrase) in the system keyring for this journal."""
    keyring = _keyring()
    try:
        keyring.set_password(KEYRING_SERVICE, os.path.realpath(path), key.sqlcipher())
    except Exception as exc:  # e.g. keyring.errors.NoKeyringError on a machine without one
        raise JournalError(
            f"the system keyring could not store the key ({_keyring_reason(exc)}); nothing was remembered"
        ) from None
    _save_remembered(_remembered() | {os.path.realpath(path)})


def forget(path: str) -> bool:
    """Remove this journal's key from the keyring (if the user had chosen to remember it); whether there was one."""
    real = os.path.realpath(path)
    listed = _remembered()
    if real not in listed:
        return False
    keyring = _keyring()
    with contextlib.suppress(Exception):  # already gone from the keyring: the list entry goes all the same
        keyring.delete_password(KEYRING_SERVICE, real)
    _save_remembered(listed - {real})
    return True


def _keyring_reason(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text[:120]}" if text else type(exc).__name__


# --- encrypt, decrypt, rekey: one mechanism --------------------------------------------------------------------


class Converted(NamedTuple):
    tables: int
    rows: int
    entries: int


def convert(path: str, source: Key | None, target: Key | None, timeout: float) -> Converted:
    """Write the journal again beside itself under `target` (None: plain), verify it row by row against the
    original, and give it the journal's name: `journal encrypt`, `decrypt` and `rekey` are this one function.

    The journal's write lock is held from before the copy until the new file has the name, so no write can land
    in the old file meanwhile (a writer that opened the old file before gets "readonly database", never a silent
    loss).  The journal is first taken out of WAL mode, which SQLite refuses while another program has it open:
    so the conversion never happens under a running app, and the old `-wal`/`-shm` are gone before the rename.
    The new file is 0600 from its first byte, fsynced by SQLite, and renamed atomically; on any failure it is
    removed and the journal is as it was (back in WAL mode).  Only SQLCipher opens the journal here: the caller
    holds no standard-library connection to it.
    """
    folder, name = os.path.split(os.path.abspath(path))
    temp = os.path.join(folder, f".{name}.{os.getpid()}.converting")
    _create_private(temp)
    try:
        holder = _open(path, source, timeout)
        try:
            _take(holder, path)
            try:
                result = _export(path, source, temp, target, timeout)
                os.replace(temp, path)
                from journal_tui.private import sync_folder  # here: the quick add never needs it

                sync_folder(folder)  # the rename reaches the disk
            except BaseException:
                _release(holder, wal=True)
                raise
            _release(holder, wal=False)
        finally:
            holder.close()
    finally:
        for leftover in (temp, *(temp + s for s in ("-journal", "-wal", "-shm"))):
            with contextlib.suppress(OSError):
                os.unlink(leftover)
    record(path, target)
    return result


def _create_private(temp: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(temp)  # a leftover of this pid's own earlier attempt
    from journal_tui.private import write_private

    try:
        write_private(temp, b"", exclusive=True)  # 0600 from its first byte: SQLite writes into it, keeping the mode
    except OSError as exc:
        raise JournalError(f"cannot write beside the journal ({exc.strerror}); nothing was changed") from None


def _take(holder: CipherConnection, path: str) -> None:
    """Leave WAL mode (refused while another program has the journal open), then hold the write lock."""
    try:
        mode = holder.execute("PRAGMA journal_mode = DELETE").fetchone()
        holder.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise JournalError(
                f"{path} is open in another program (the app, or a command still running); close it "
                "and try again; nothing was changed"
            ) from None
        raise
    if not mode or str(mode[0]).lower() != "delete":
        holder.execute("ROLLBACK")
        raise JournalError(f"{path} could not leave WAL mode (read-only media?); nothing was changed")


def _release(holder: CipherConnection, *, wal: bool) -> None:
    try:
        holder.execute("ROLLBACK")
        if wal:
            holder.execute("PRAGMA journal_mode = WAL")
    except sqlite3.Error:
        pass  # the old file is gone (replaced) or unchanged: nothing to put back


def _export(path: str, source: Key | None, temp: str, target: Key | None, timeout: float) -> Converted:
    conn = _open(path, source, timeout)
    try:
        conn.execute("ATTACH DATABASE ? AS converted KEY ?", (temp, target.sqlcipher() if target else ""))
        conn.execute("SELECT sqlcipher_export('converted')").fetchall()
        for pragma in ("user_version", "application_id"):  # the journal's header fields: sqlcipher_export skips them
            value = int(conn.execute(f"PRAGMA main.{pragma}").fetchone()[0])
            conn.execute(f"PRAGMA converted.{pragma} = {value}")
        result = verify(conn, "main", "converted")
        conn.execute("PRAGMA converted.journal_mode = WAL")
        conn.execute("DETACH DATABASE converted")
    except sqlite3.Error as exc:
        raise JournalError(f"could not write the new copy of {path} ({_why(exc)}); nothing was changed") from None
    finally:
        conn.close()
    return result


def _why(exc: sqlite3.Error) -> str:
    text = str(exc)
    return "the disk is full" if "full" in text else text


class Mismatch(JournalError):
    """The new copy differs from the journal: it is thrown away."""


def verify(conn: CipherConnection, old: str, new: str) -> Converted:
    """Compare two attached databases row by row: the schema, the header fields, then every table (the text index's
    own tables too) in key order.  The first difference raises `Mismatch`."""
    schema_sql = "SELECT type, name, tbl_name, sql FROM {}.sqlite_master ORDER BY type, name"
    schema = conn.execute(schema_sql.format(old)).fetchall()
    if schema != conn.execute(schema_sql.format(new)).fetchall():
        raise Mismatch("the new copy's tables differ from the journal's; nothing was changed")
    for pragma in ("user_version", "application_id"):
        if conn.execute(f"PRAGMA {old}.{pragma}").fetchone() != conn.execute(f"PRAGMA {new}.{pragma}").fetchone():
            raise Mismatch(f"the new copy's {pragma} differs from the journal's; nothing was changed")
    tables = rows = entries = 0
    for kind, table, _, sql in schema:
        if kind != "table" or (sql or "").upper().startswith("CREATE VIRTUAL"):
            continue  # a virtual table's rows live in its own tables, compared here as tables
        count = _same_rows(conn, old, new, table, _order(conn, old, table, sql or ""))
        tables, rows = tables + 1, rows + count
        entries = count if table == "entry" else entries
    problems = [r[0] for r in conn.execute(f"PRAGMA {new}.quick_check(5)") if r[0] != "ok"]
    if problems:
        raise Mismatch(f"the new copy failed SQLite's check ({problems[0]}); nothing was changed")
    return Converted(tables, rows, entries)


def _order(conn: CipherConnection, schema: str, table: str, sql: str) -> str:
    if "WITHOUT ROWID" not in sql.upper():
        return "rowid"
    keys = [
        r[0] for r in conn.execute("SELECT name FROM pragma_table_info(?, ?) WHERE pk > 0 ORDER BY pk", (table, schema))
    ]
    return ", ".join(f'"{k}"' for k in keys) or "1"


def _same_rows(conn: CipherConnection, old: str, new: str, table: str, order: str) -> int:
    quoted = '"' + table.replace('"', '""') + '"'
    a = conn.execute(f"SELECT * FROM {old}.{quoted} ORDER BY {order}")
    b = conn.execute(f"SELECT * FROM {new}.{quoted} ORDER BY {order}")
    count = 0
    while True:
        left, right = a.fetchmany(2000), b.fetchmany(2000)
        if left != right:
            raise Mismatch(f"the new copy's {table} rows differ from the journal's; nothing was changed")
        if not left:
            return count
        count += len(left)


# --- backups beside the journal --------------------------------------------------------------------------------


def describe_file(path: str) -> str:
    """How a backup file holds the journal: "plain text" or "encrypted" (its first 16 bytes; never the journal)."""
    from journal_tui.data.journal_files import is_journal_file

    if is_journal_file(path):
        return "the journal"
    from journal_tui.data.queries.nudge import uri_path

    try:  # read by SQLite, as every file that may be a journal is: its header says whether it is SQLite's own
        conn = sqlite3.connect(f"file:{uri_path(os.path.abspath(path))}?mode=ro", uri=True)
    except sqlite3.Error:
        return "unreadable"
    try:
        conn.execute("PRAGMA schema_version").fetchone()
    except sqlite3.DatabaseError as exc:
        return "encrypted" if getattr(exc, "sqlite_errorcode", None) == 26 else "unreadable"  # 26: not a database
    finally:
        conn.close()
    return "plain text"
