"""What every SQL statement of the data package runs on: a DB-API connection of either engine.

A SQLite journal is the standard library's `sqlite3.Connection` itself (the fast paths pay for nothing); a
PostgreSQL journal is `pg.PgConnection`, a thin psycopg wrapper with the same `execute`/`executemany` surface,
`?` placeholders and the same exception classes.  So each statement is written once, and the few places where the
engines differ ask the connection's dialect (`dialect_of(conn)`).

Exceptions: every driver error reaches the rest of the package as one of the classes below (the psycopg wrapper
maps its own, and so does `cipher.CipherConnection`, SQLCipher's for an encrypted journal: its classes are not
sqlite3's), so `describe_db_error` and every `except` read the same on both engines and on an encrypted file.
"""

import sqlite3
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from journal_tui.data.dialects import Dialect

DatabaseError = sqlite3.DatabaseError
Error = sqlite3.Error
IntegrityError = sqlite3.IntegrityError
OperationalError = sqlite3.OperationalError


class Cursor(Protocol):
    """The part of a DB-API cursor the data package uses."""

    @property
    def rowcount(self) -> int: ...

    @property
    def description(self) -> Any: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def fetchmany(self, size: int = ..., /) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Connection(Protocol):
    """A connection of either engine, in autocommit mode: transactions are explicit (`db.transaction`)."""

    def execute(self, sql: str, parameters: Any = ..., /) -> Cursor: ...

    def executemany(self, sql: str, parameters: Iterable[Any], /) -> Cursor: ...

    def interrupt(self) -> None: ...

    def close(self) -> None: ...


def dialect_of(conn: Connection) -> "Dialect":
    """The engine's dialect: SQLite for the stdlib connection, else the wrapper's own."""
    from journal_tui.data.dialects import SQLITE

    if isinstance(conn, sqlite3.Connection):
        return SQLITE
    found: Dialect = getattr(conn, "dialect")  # noqa: B009  (the Protocol has no dialect: only PgConnection does)
    return found


def is_sqlite(conn: Connection) -> bool:
    """A SQLite file's connection: the standard library's, or SQLCipher's for an encrypted journal."""
    return isinstance(conn, sqlite3.Connection) or dialect_of(conn).name == "sqlite"


def dicts(cursor: Cursor) -> list[dict[str, Any]]:
    """The cursor's rows as {column: value}, on either engine (no row factory to set and reset)."""
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
