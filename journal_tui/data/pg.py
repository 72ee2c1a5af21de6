"""A PostgreSQL journal: psycopg 3 behind the surface the data package already speaks (`conn.Connection`).

`PgConnection` takes the statements written for both engines (`?` placeholders) and runs them on psycopg, whose
placeholders are `%s`: the text is translated once per statement and cached.  Values come back as SQLite gives them
(dates and timestamps as the ISO text the journal stores, numbers as int/float; booleans are Python bools,
which compare and count as SQLite's 0/1 do), so the readers
and row builders are one code for both engines.  psycopg's errors are raised as the `conn` error classes, with the
server's message but never the URL's password.

psycopg is imported here only, and only when a journal is a server URL: a SQLite quick add never loads it.
"""

import contextlib
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any, LiteralString

import psycopg
from psycopg import errors as pg_errors
from psycopg.adapt import Loader

from journal_tui.data import conn as dbapi
from journal_tui.data.dialects import POSTGRES, PostgresDialect
from journal_tui.data.locator import driver_url, masked

_QUOTED_OR_MARK = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|\?|%|:(?![:=])[A-Za-z_]\w*|::")


@lru_cache(maxsize=4096)
def translate(sql: str, named: bool) -> str:
    """`?` -> `%s` (or `:name` -> `%(name)s`), `%` -> `%%`, leaving string literals and `::` casts alone."""

    def one(m: re.Match[str]) -> str:
        token = m.group(0)
        if token == "?":
            return "%s"
        if token == "%":
            return "%%"
        if token.startswith(":") and token != "::" and named:
            return f"%({token[1:]})s"
        if token.startswith("'"):
            return token.replace("%", "%%")
        return token

    return _QUOTED_OR_MARK.sub(one, sql)


def _sql(text: str) -> LiteralString:
    """Statements are built by the data package from its own text and identifiers (values always go as parameters),
    which psycopg's typing cannot see."""
    return text


class _TextLoader(Loader):
    """Dates as `YYYY-MM-DD`, as a SQLite journal stores them."""

    def load(self, data: Any) -> str:
        return bytes(data).decode()


class _TimestampLoader(Loader):
    """Timestamps as `YYYY-MM-DD HH:MM:SS.ffffff` in UTC: the text SQLite journals hold (`writes.base.db_timestamp`).
    The session's time zone is UTC (`connect`), so a `timestamptz` comes as `...+00`: the offset goes."""

    def load(self, data: Any) -> str:
        text = bytes(data).decode().removesuffix("+00")
        head, _, frac = text.partition(".")
        return f"{head}.{frac.ljust(6, '0')[:6]}"


class _FloatLoader(Loader):
    def load(self, data: Any) -> float:
        return float(bytes(data).decode())


def _configure(raw: psycopg.Connection[Any]) -> None:
    adapters = raw.adapters
    adapters.register_loader("date", _TextLoader)
    adapters.register_loader("timestamp", _TimestampLoader)
    adapters.register_loader("timestamptz", _TimestampLoader)
    adapters.register_loader("numeric", _FloatLoader)


def mapped(exc: psycopg.Error) -> dbapi.Error:
    """The `conn` error class a SQLite connection would have raised for the same failure."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if isinstance(exc, pg_errors.QueryCanceled) and not isinstance(exc, pg_errors.LockNotAvailable):
        return dbapi.OperationalError("interrupted")
    if isinstance(exc, pg_errors.LockNotAvailable):
        return dbapi.OperationalError("database is locked (another program holds the journal's write lock)")
    if isinstance(exc, psycopg.IntegrityError):
        return dbapi.IntegrityError(text)
    if isinstance(exc, psycopg.OperationalError):
        return dbapi.OperationalError(text)
    return dbapi.DatabaseError(text)


class PgCursor:
    """A psycopg cursor seen through the `conn.Cursor` surface."""

    def __init__(self, cur: psycopg.Cursor[Any]) -> None:
        self._cur = cur

    @property
    def rowcount(self) -> int:
        return self._cur.rowcount

    @property
    def description(self) -> Any:
        return self._cur.description

    def _guard(self, call: Any) -> Any:
        try:
            return call()
        except psycopg.ProgrammingError as exc:
            if "no result" in str(exc) or "the last operation didn't produce" in str(exc):
                return None
            raise mapped(exc) from None
        except psycopg.Error as exc:
            raise mapped(exc) from None

    def fetchone(self) -> Any:
        return self._guard(self._cur.fetchone)

    def fetchall(self) -> list[Any]:
        return self._guard(self._cur.fetchall) or []

    def fetchmany(self, size: int = 100, /) -> list[Any]:
        return self._guard(lambda: self._cur.fetchmany(size)) or []

    def __iter__(self) -> Iterator[Any]:
        if self._cur.description is None:
            return iter(())
        return iter(self.fetchall())


class PgConnection:
    """One psycopg connection in autocommit mode (transactions are the `BEGIN`s the data package sends)."""

    dialect: PostgresDialect = POSTGRES

    def __init__(self, raw: psycopg.Connection[Any], target: str) -> None:
        self._raw = raw
        self.target = target

    def execute(self, sql: str, parameters: Any = (), /) -> PgCursor:
        named = isinstance(parameters, dict)
        cur = self._raw.cursor()
        try:
            if parameters:
                cur.execute(_sql(translate(sql, named)), parameters)
            else:
                cur.execute(_sql(sql))  # no parameters: psycopg sends the text as it is
        except psycopg.Error as exc:
            raise mapped(exc) from None
        return PgCursor(cur)

    def executemany(self, sql: str, parameters: Iterable[Any], /) -> PgCursor:
        rows = list(parameters)
        cur = self._raw.cursor()
        if rows:
            try:
                cur.executemany(_sql(translate(sql, isinstance(rows[0], dict))), rows)
            except psycopg.Error as exc:
                raise mapped(exc) from None
        return PgCursor(cur)

    def interrupt(self) -> None:
        """Stop the statement another thread is running on this connection (a newer filter replaced it)."""
        with contextlib.suppress(psycopg.Error):
            self._raw.cancel_safe(timeout=2.0)

    def close(self) -> None:
        self._raw.close()

    @property
    def raw(self) -> psycopg.Connection[Any]:
        """The psycopg connection itself, for what only PostgreSQL does (LISTEN, COPY)."""
        return self._raw


def connect(target: str, *, lock_timeout_ms: int, connect_timeout_s: int = 10) -> PgConnection:
    """Connect to the journal's server: libpq reads the URL, its environment (PGHOST, PGPASSWORD...) and ~/.pgpass,
    and passes `sslmode` and the other URL parameters through."""
    try:
        raw = psycopg.connect(
            driver_url(target),
            autocommit=True,
            connect_timeout=connect_timeout_s,
            application_name="journal_tui",
            options=f"-c lock_timeout={int(lock_timeout_ms)} -c TimeZone=UTC -c DateStyle=ISO",
        )
    except psycopg.Error as exc:
        lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
        reason = lines[0].removeprefix("connection failed: ") if lines else type(exc).__name__
        raise dbapi.OperationalError(
            f"cannot reach the journal server {masked(target)}: {_no_secret(reason, target)}"
        ) from None
    _configure(raw)
    return PgConnection(raw, target)


def _no_secret(reason: str, target: str) -> str:
    """libpq's message, with the URL (or its password) taken out if libpq quoted it."""
    return reason.replace(target, masked(target))
