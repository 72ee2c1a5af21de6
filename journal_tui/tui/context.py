"""The journal the app is open on, passed down to every pane, screen and form that reads or writes it.

The app builds one `JournalContext` and hands it to what it composes and pushes (constructor arguments: state
goes down); nothing reaches up into the app for the reader, the store, the names or today.  It holds no Textual
and no SQL: it opens the data package's readers, watcher and store, and says in one sentence (a JournalError)
why something cannot be read yet.  Reads and writes through it run in workers; `open` is the one exception
(milliseconds, at mount, so that the first rows come with the first frame).
"""

from __future__ import annotations

import datetime as dt
import enum
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import parse_qs, unquote, urlsplit

from journal_tui.data.locator import is_server, masked
from journal_tui.data.queries import app as app_queries
from journal_tui.data.reader import Reader
from journal_tui.data.watch import ChangeWatcher
from journal_tui.errors import JournalError

if TYPE_CHECKING:
    from textual.signal import Signal

    from journal_tui.data.conn import Connection
    from journal_tui.data.store import Store

T = TypeVar("T")
STORE_WAIT_SECONDS = 60.0  # an edit made while the journal is still opening waits this long for it
EDITABLE = ("entry", "goal", "feedback")  # the tables whose edit forms check the row is unchanged before saving
NAME_KINDS = ("project", "skill", "tag", "person")
STILL_OPENING = "the journal is still opening; try again in a moment"


@dataclass(frozen=True)
class RowVersion:
    """A row's `created_at` (which row it is: a deleted row's id may be given to a new one) and `updated_at`."""

    created: str
    updated: str


class Change(enum.Enum):
    """What one look at the journal found (`JournalContext.look`)."""

    NONE = "none"
    CHANGED = "changed"  # another program committed: reload
    BACK = "back"  # the journal was out of reach and is back: the readers were reopened, reload
    NEW_DAY = "new-day"  # midnight passed: "overdue" and "in:today" move


class JournalContext:
    """The open journal: its name, readers, change watcher, store for writes, known names, and today."""

    def __init__(self, locator: str, *, today: dt.date | None = None) -> None:
        self.locator = locator  # a file's path or a server's URL (never through Path: `//` would collapse)
        self.fixed_today = today  # tests and screenshots fix the date; otherwise it follows the clock
        self.today = today or dt.date.today()
        self.reader: Reader | None = None  # details, forms, screens: never interrupted
        self.lister: Reader | None = None  # the panes' rows and counts: interrupted when the filter changes
        self.watcher: ChangeWatcher | None = None
        self.store: Store | None = None  # for writes, built in a worker after the first rows
        self.names: dict[str, list[str]] = {}  # projects, skills, tags, people: the forms' completions
        self.changed: Signal[int] | None = None  # published by the app when the journal changed (its revision)
        self._store_opened = threading.Event()

    # --- naming the journal without its secret ------------------------------------------------

    @property
    def name(self) -> str:
        """The journal as the sub-title names it: a file by its name, a server by its URL without the password."""
        return masked(self.locator) if is_server(self.locator) else Path(self.locator).name

    def without_secret(self, text: str) -> str:
        """Text about the journal (a message, a log line) with the server URL masked, and its password wherever
        a driver may have quoted it."""
        if not is_server(self.locator):
            return text
        text = text.replace(self.locator, masked(self.locator))
        password = secret_of(self.locator)
        return text.replace(password, "***") if password else text

    # --- opening and closing ----------------------------------------------------------------------

    def open(self) -> None:
        """The readers and the change watcher (milliseconds; raises a JournalError saying why not)."""
        self.reader, self.lister = Reader(self.locator), Reader(self.locator)
        self.watcher = ChangeWatcher(self.locator)

    @property
    def is_open(self) -> bool:
        return self.reader is not None

    def open_store(self) -> None:
        """In a worker, after the first rows: SQLAlchemy and the Store, for writes."""
        try:
            from journal_tui.data.store import Store  # SQLAlchemy: not on the first frame's path

            self.store = Store(self.locator)
        finally:
            self._store_opened.set()

    def give_up_opening(self) -> None:
        """The journal will not open (a wrong key, locked): a write waiting for the store stops waiting."""
        self._store_opened.set()

    def writer(self) -> Store:
        """The store for a write, from a worker: a write made while the journal opens waits for it (off the UI
        thread); if opening it failed (a server out of reach: reported then), each write tries again."""
        self._store_opened.wait(STORE_WAIT_SECONDS)
        if self.store is None:
            if not self._store_opened.is_set():
                raise JournalError(STILL_OPENING)
            from journal_tui.data.store import Store

            self.store = Store(self.locator)
        return self.store

    def close(self) -> None:
        if self.watcher is not None:
            self.watcher.close()
        if self.store is not None:
            self.store.close()

    # --- reading -------------------------------------------------------------------------------------

    def details(self) -> Reader:
        """The reader for details, forms and screens (in workers); a JournalError until the journal is open."""
        if self.reader is None:
            raise JournalError(STILL_OPENING)
        return self.reader

    def rows(self) -> Reader:
        """The reader for lists and counts (in workers), the one a new filter interrupts."""
        if self.lister is None:
            raise JournalError(STILL_OPENING)
        return self.lister

    def read(self, query: Callable[[Connection], T]) -> T:
        """Run a read of the data package or a feature (`harvest.pending_count`, `stats.build`...) given the
        connection, in the details reader's read transaction: one snapshot, shared by the reads nested in it on
        this thread; a database error comes out as one sentence (a JournalError).  Call from a worker."""
        with self.details().reading() as conn:
            return query(conn)

    def row_version(self, conn: Connection, table: str, row_id: int) -> RowVersion | None:
        """The row's `created_at` and `updated_at` as stored (None: the row is gone), on `conn`."""
        if table not in EDITABLE:
            raise ValueError(table)
        found = app_queries.row_version(conn, table, row_id)
        return None if found is None else RowVersion(*found)

    def load_names(self) -> dict[str, list[str]]:
        """Every project, skill, tag and person (the forms complete them).  Call from a worker."""
        reader = self.details()
        return {kind: reader.names(kind) for kind in NAME_KINDS}

    # --- changes made elsewhere -------------------------------------------------------------------

    def look(self) -> Change:
        """One look (never waits on the journal), from a worker.  A journal lost (a server gone) raises `WatchLost`
        once; the watcher retries at every look, and once it is back the readers are opened anew (connections kept
        from before died with the server) and the store is dropped (the next write opens a new one)."""
        watcher = self.watcher
        if watcher is None:
            return Change.NONE
        was_failing = watcher.failing
        if watcher.changed():
            if not was_failing:
                return Change.CHANGED
            self.reader, self.lister = Reader(self.locator), Reader(self.locator)
            store, self.store = self.store, None
            if store is not None:
                store.close()
            return Change.BACK
        if self.fixed_today is None and dt.date.today() != self.today:
            return Change.NEW_DAY
        return Change.NONE

    def advance_today(self) -> dt.date:
        """Today, as the clock says unless the app was started on a fixed date."""
        if self.fixed_today is None:
            self.today = dt.date.today()
        return self.today

    def written(self) -> None:
        """Our own commit is not a change from elsewhere (the watcher would reload twice)."""
        if self.watcher is not None:
            self.watcher.seen()


def secret_of(target: str) -> str | None:
    """The password a server URL carries (in its user part or its query), to keep out of what the app shows."""
    try:
        parts = urlsplit(target)
        query = parse_qs(parts.query).get("password")
    except ValueError:
        return None
    found = parts.password or (query[0] if query else None)
    return unquote(found) if found else None
