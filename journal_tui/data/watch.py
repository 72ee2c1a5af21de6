"""Has the journal changed since the app last looked?  One cheap question that never waits, on either engine.

SQLite: `PRAGMA data_version` on a connection of the watcher's own (microseconds): it moves when another
connection commits.  PostgreSQL: a connection of its own that LISTENs on `journal_changed` (`pg_schema`'s triggers
NOTIFY it in every commit that changes a table); a look reads the notifications that have arrived, without waiting
for more, and every `PING_SECONDS` sends a statement, since a connection dropped without a word shows only when
written to.

A watcher that loses its journal (the server restarted, the connection was killed) says so once: `changed()`
raises `WatchLost`, which the app reports.  It keeps reconnecting on each later look, silently, and once back it
answers True once: what changed meanwhile was not heard, so the app reloads.
"""

import contextlib
import os
import threading
import time
from typing import TYPE_CHECKING, Protocol

from journal_tui.data import db
from journal_tui.data.conn import Connection
from journal_tui.data.conn import Error as DbError
from journal_tui.data.locator import is_server, masked
from journal_tui.errors import JournalError

if TYPE_CHECKING:
    from journal_tui.data.pg import PgConnection

PING_SECONDS = 10.0  # how often a quiet PostgreSQL connection is checked by a round trip


class WatchLost(JournalError):
    """The watcher lost its journal; it keeps trying, and the app reloads when it is back."""


class _Source(Protocol):
    def poll(self) -> bool: ...

    def close(self) -> None: ...


class _DataVersion:
    """SQLite: the file's commit counter as this connection sees it (other connections' commits move it)."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._version = self._read()

    def _read(self) -> int:
        return int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    def poll(self) -> bool:
        version = self._read()
        moved = version != self._version
        self._version = version
        return moved

    def close(self) -> None:
        self._conn.close()


class _Notifications:
    """PostgreSQL: the notifications of `journal_changed` that reached this connection since the last look."""

    def __init__(self, conn: "PgConnection") -> None:
        from journal_tui.data.pg_schema import CHANNEL

        self._conn = conn
        conn.execute(f"LISTEN {CHANNEL}")
        self._pinged = time.monotonic()

    def poll(self) -> bool:
        import psycopg

        from journal_tui.data.pg import mapped

        try:
            heard = list(self._conn.raw.notifies(timeout=0))  # what has arrived; returns at once
        except psycopg.Error as exc:
            raise mapped(exc) from None
        if not heard and time.monotonic() - self._pinged >= PING_SECONDS:
            self._conn.execute("SELECT 1")
            self._pinged = time.monotonic()
        return bool(heard)

    def close(self) -> None:
        self._conn.close()


class ChangeWatcher:
    """Whether another program (another shell, another machine) changed the journal: ask `changed()` from a
    worker; it never blocks on the journal.  `seen()` after the app's own write, so it is not taken for news."""

    def __init__(self, target: str) -> None:
        self.target = target
        self._lock = threading.Lock()  # one look at a time; `close` never pulls a connection from under a look
        self._closed = False
        self._failing = False
        self._source: _Source | None = self._connect()

    @property
    def failing(self) -> bool:
        """The journal was lost and is not back yet (reported once, retried at each look)."""
        return self._failing

    def _connect(self) -> _Source:
        """A source on a connection of its own; a failure is a JournalError naming the journal (masked)."""
        if not is_server(self.target) and not os.path.exists(self.target):
            raise JournalError(f"the journal file {self.target} is gone")  # connecting would create an empty one
        try:
            conn = db.raw_connect(self.target)
        except DbError as exc:
            raise db.describe_db_error(exc, self.target) from None
        try:
            if is_server(self.target):
                from journal_tui.data.pg import PgConnection

                assert isinstance(conn, PgConnection)
                return _Notifications(conn)
            return _DataVersion(conn)
        except BaseException:
            conn.close()
            raise

    def changed(self) -> bool:
        """True when another connection committed since the last look (or the watcher just got its journal back).

        Raises `WatchLost` once when the journal is lost; while it stays lost, later looks retry quietly (False).
        A look that finds another one under way answers False at once: that one reports what it finds.
        """
        if not self._lock.acquire(blocking=False):
            return False
        try:
            if self._closed:
                return False
            if self._source is None:
                return self._reconnect()
            try:
                return self._source.poll()
            except DbError as exc:
                self._drop()
                return self._lost(self._reason(exc))
        finally:
            if self._closed:
                self._drop()  # closed while this look ran (`close` gave up waiting for it)
            self._lock.release()

    def seen(self) -> None:
        """Forget what changed so far (the app's own write, about to be reloaded); a failure is left for `changed()`.

        Never waits: with a look under way (a reconnect can take seconds), the next look may take the app's own
        write for news, and the app reloads once more."""
        if not self._lock.acquire(blocking=False):
            return
        try:
            if self._source is not None and not self._closed:
                try:
                    self._source.poll()
                except DbError:
                    self._drop()
        finally:
            self._lock.release()

    def _reconnect(self) -> bool:
        try:
            self._source = self._connect()
        except JournalError as exc:
            return self._lost(str(exc))
        self._failing = False
        return True  # changes made while it was away were not heard

    def _lost(self, reason: str) -> bool:
        if self._failing:
            return False
        self._failing = True
        raise WatchLost(
            f"lost touch with the journal ({reason}); changes made elsewhere will show once it is back "
            "(the app keeps trying)"
        )

    def _reason(self, exc: DbError) -> str:
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return f"{masked(self.target)}: {text.replace(self.target, masked(self.target))}"

    def _drop(self) -> None:
        source, self._source = self._source, None
        if source is not None:
            with contextlib.suppress(DbError, OSError):
                source.close()

    def close(self) -> None:
        """Stop watching; a look under way (a reconnect can take seconds) closes its connection when it ends."""
        self._closed = True
        if self._lock.acquire(timeout=1.0):
            try:
                self._drop()
            finally:
                self._lock.release()
