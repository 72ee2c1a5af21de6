"""`journal copy --to TARGET`: a whole journal moved between engines (file -> server, server -> file, file -> file).

Every table of the models is copied row for row, ids and uids kept, from one read snapshot of the source into one
write transaction on the target, so a failure half-way leaves the target as it was (a new file is written under a
hidden `.partial` name and only takes its name once whole, as `journal backup` does).  Before that transaction
commits, every table is counted on both sides and the entry texts are checksummed on both sides; a difference rolls
it back.  Full-text indexes are kept by the target's own triggers (FTS5 on SQLite, `tsvector` tables on
PostgreSQL), and PostgreSQL's id sequences are moved past the copied ids (`dialect.after_explicit_ids`).

A target that already holds a journal's rows is refused before anything is written: copying merges nothing (that
is `journal import`'s job).  `journal backup` of a server journal is this copy into a new file.
"""

import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import Any

from journal_tui.data import db, journal_files
from journal_tui.data.conn import Connection, dialect_of
from journal_tui.data.conn import Error as DbError
from journal_tui.data.locator import is_server, masked
from journal_tui.errors import JournalError

BATCH = 5_000  # rows per executemany: bounded memory on the way, few round trips to a server


@dataclass(frozen=True)
class Table:
    """One table as the copy sees it: its columns in order, which are booleans, and whether it has an `id`."""

    name: str
    columns: tuple[str, ...]
    booleans: frozenset[str]
    key: tuple[str, ...]

    @property
    def has_id(self) -> bool:
        return self.key == ("id",)


@dataclass
class CopyReport:
    """What was copied and checked: rows per table (equal on both sides) and the entry texts' checksum."""

    source: str
    target: str
    counts: dict[str, int] = field(default_factory=dict)
    checksum: str = ""

    def lines(self) -> list[str]:
        entries = self.counts.get("entry", 0)
        counted = ", ".join(f"{t} {n:,}" for t, n in sorted(self.counts.items()))
        return [
            f"Copied {masked(self.source)} to {masked(self.target)}: {entries:,} "
            f"{'entry' if entries == 1 else 'entries'}, every table, ids and uids kept",
            f"Counted on both sides ({len(self.counts)} tables): {counted}",
            f"Entry texts on both sides: sha256 {self.checksum[:16]}",
        ]


def tables() -> list[Table]:
    """The journal's tables, parents before children (the models are the one definition of them)."""
    from sqlalchemy import Boolean
    from sqlmodel import SQLModel

    from journal_tui.data import models  # noqa: F401  (defines the tables on SQLModel.metadata)

    return [
        Table(
            t.name,
            tuple(c.name for c in t.columns),
            frozenset(c.name for c in t.columns if isinstance(c.type, Boolean)),
            tuple(c.name for c in t.primary_key.columns),
        )
        for t in SQLModel.metadata.sorted_tables
    ]


# --- reading --------------------------------------------------------------------------------------


def _rows(conn: Connection, table: Table) -> Iterator[list[tuple[Any, ...]]]:
    """The table's rows in key order, a batch at a time."""
    cursor = conn.execute(f"SELECT {', '.join(table.columns)} FROM {table.name} ORDER BY {', '.join(table.key)}")
    while batch := cursor.fetchmany(BATCH):
        yield [tuple(r) for r in batch]


def count(conn: Connection, table: Table) -> int:
    return int(conn.execute(f"SELECT count(*) FROM {table.name}").fetchone()[0])


def entry_checksum(conn: Connection) -> str:
    """sha256 over every entry's id and text in id order: the same text on both sides, byte for byte."""
    digest = hashlib.sha256()
    for entry_id, text in conn.execute("SELECT id, text FROM entry ORDER BY id"):
        digest.update(f"{entry_id}\x1f{text}\x1e".encode())
    return digest.hexdigest()


def holds_rows(conn: Connection, names: list[str]) -> int:
    """How many rows the journal's tables (those present) hold: a target must hold none."""
    d = dialect_of(conn)
    return sum(
        int(conn.execute(f"SELECT count(*) FROM {name}").fetchone()[0])
        for name in names
        if conn.execute(d.table_exists(), (name,)).fetchone() is not None
    )


# --- writing --------------------------------------------------------------------------------------


def _insert(conn: Connection, table: Table, rows: list[tuple[Any, ...]]) -> None:
    """Rows as they were, under their own ids (booleans as booleans: PostgreSQL does not take 0/1 for them)."""
    if table.booleans:
        flags = [i for i, c in enumerate(table.columns) if c in table.booleans]
        rows = [tuple(bool(v) if i in flags and v is not None else v for i, v in enumerate(r)) for r in rows]
    conn.executemany(
        f"INSERT INTO {table.name} ({', '.join(table.columns)}) VALUES ({', '.join('?' * len(table.columns))})", rows
    )


def copy_rows(source: Connection, target: Connection, report: CopyReport) -> None:
    """Copy every table (inside the caller's transactions), then count and checksum both sides; a difference
    raises, so the caller's transaction rolls the target back."""
    order = tables()
    for table in order:
        for batch in _rows(source, table):
            _insert(target, table, batch)
        if table.has_id:
            for stmt in dialect_of(target).after_explicit_ids(table.name):
                target.execute(stmt)
    for table in order:
        mine, theirs = count(source, table), count(target, table)
        if mine != theirs:
            raise JournalError(
                f"the copy of {table.name} holds {theirs:,} rows, the journal {mine:,}; "
                f"nothing was copied to {masked(report.target)}"
            )
        report.counts[table.name] = mine
    report.checksum = entry_checksum(source)
    if entry_checksum(target) != report.checksum:
        raise JournalError(f"the entry texts differ after the copy; nothing was copied to {masked(report.target)}")


# --- the whole copy -------------------------------------------------------------------------------


def _refuse_same(source: str, target: str) -> None:
    if is_server(source) or is_server(target):
        same = is_server(source) and is_server(target) and source.rstrip("/") == target.rstrip("/")
    else:
        same = any(_same_file(target, name) for name in (source, *(source + s for s in journal_files.COMPANIONS)))
    if same:
        raise JournalError(f"{masked(target)} is the journal itself; copy it to another file or database")


def _same_file(a: str, b: str) -> bool:
    """One file by path or by inode (a hard link), with `os.stat` only: no descriptor of a journal is opened."""
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _refuse_nonempty(target: str, names: list[str]) -> None:
    """A target that holds a journal's rows is refused before anything is written (nor migrated)."""
    if not is_server(target) and not os.path.lexists(target):
        return
    if not is_server(target):
        if os.path.isdir(target):
            raise JournalError(f"{target} is a directory; give the path of the new journal file")
        if os.path.getsize(target) == 0:
            return
    try:
        conn = db.raw_connect(target)
    except DbError as exc:
        raise db.describe_db_error(exc, target) from None
    try:
        held = holds_rows(conn, names)
    except DbError as exc:
        if not is_server(target) and "not a database" in str(exc):
            raise JournalError(f"{target} is not a SQLite database; it was left untouched") from None
        raise db.describe_db_error(exc, target) from None
    finally:
        conn.close()
    if held:
        raise JournalError(
            f"{masked(target)} already holds a journal ({held:,} rows); copy into a new file or an "
            "empty database (journal import merges an export into a journal)"
        )


@contextmanager
def _new_file(target: str) -> Iterator[str]:
    """Where a new file target is written: a hidden `.partial` beside it, given the name once whole (never
    replacing a file), removed on failure.  An existing empty journal is written in place, in one transaction."""
    if os.path.lexists(target):
        yield target
        return
    folder = os.path.dirname(os.path.abspath(target))
    partial = os.path.join(folder, f".{os.path.basename(target)}.{os.getpid()}{db.PARTIAL}")
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as exc:
        raise JournalError(f"cannot create the folder {folder}: {exc.strerror or exc}") from None
    db._remove_abandoned_partials(folder)
    try:
        yield partial
        try:
            db._publish(partial, target)
        except FileExistsError:
            raise JournalError(f"{target} was created meanwhile; nothing was copied over it") from None
        except OSError as exc:
            raise JournalError(f"cannot write {target}: {db._os_reason(exc, folder)}") from None
    finally:
        for name in (partial, *(partial + s for s in journal_files.COMPANIONS)):
            with suppress(OSError):
                os.unlink(name)


def copy_journal(source: str, target: str) -> CopyReport:
    """Copy the whole journal at `source` (a path or a server URL) to `target` (a new or empty file, or an empty
    database), verified; returns what was checked."""
    _refuse_same(source, target)
    names = [t.name for t in tables()]
    _refuse_nonempty(target, names)
    report = CopyReport(source, target)
    src = db.open_journal(source, create=False)
    try:
        with _new_file(target) if not is_server(target) else _as_is(target) as where:
            db.encrypted_like(src, where)  # an encrypted journal's copy into a new file is encrypted too
            dest = db.open_journal(where)
            try:
                src.execute(dialect_of(src).begin_read())  # one snapshot of the source for the rows and the counts
                try:
                    with db.transaction(dest):
                        if holds_rows(dest, names):  # someone wrote there since the check: never mix two journals
                            raise JournalError(f"{masked(target)} was written to meanwhile; nothing was copied")
                        copy_rows(src, dest, report)
                finally:
                    src.execute("ROLLBACK")
            except DbError as exc:
                raise db.describe_db_error(exc, where) from None
            finally:
                dest.close()
    finally:
        src.close()
    return report


@contextmanager
def _as_is(target: str) -> Iterator[str]:
    yield target
