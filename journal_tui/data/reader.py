"""Every read of the journal, on the standard library's sqlite3 alone.

`Reader` has the read API of `Store` (same names, same signatures, same rows), so
the CLI's read commands, the review and the app's first rows start without
importing SQLAlchemy, pydantic or SQLModel (half a second).  `Store` subclasses it
and adds the writes.  SQL comes from `sqltext` (the one filter compiler).

Connections are short-lived: `reading()` opens one for the outermost call on a
thread and closes it at the end; nested reads on that thread share it and its read
transaction (one consistent snapshot).  `interrupt()` stops whatever query another
thread is running, which then raises `Interrupted` (a stale filter query stops at
once when the user types on).
"""

import datetime as dt
import gc
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from functools import lru_cache
from pathlib import Path
from typing import Any

from journal_tui.data import db
from journal_tui.data.conn import Connection, dialect_of, is_sqlite
from journal_tui.data.conn import Error as DbError
from journal_tui.data.dialects import Dialect
from journal_tui.data.sqltext import (
    GOAL_COLUMNS,
    NAME_TABLES,
    Compiler,
    Plan,
    Where,
    choose_plan,
    entry_columns,
    feedback_columns,
    in_project_order,
    is_selective,
)
from journal_tui.errors import JournalError, NotFound
from journal_tui.query import Filter
from journal_tui.rows import (
    SEP,
    EntryDetail,
    EntryRow,
    FeedbackRow,
    GoalRow,
    MilestoneRow,
    title_of,
)

EVERYTHING = Filter()  # the default filter (one shared instance; Filter is frozen)
COUNT_CAP = 10_000  # counts above this are shown as "10,000+" where the caller asks for a capped count
TEXT_NARROW = 2_000  # free text matching at most this many entries: a page reads every match (FTS index first)
SHORT_RANGE_DAYS = 400  # a date range this short bounds a free-text count's rowids (`Reader._id_span`)
TEXT_WINDOW_MAX = 20_000  # broader: look for a page's edge among at most this many matches nearest its start


class Interrupted(JournalError):
    """A read stopped by `Reader.interrupt()` (a newer query replaced it); callers may ignore it."""


class Count(int):
    """A row count that may be capped: `capped` means "at least this many"; `label()` shows `10,000+`.

    An int, so code that adds or prints counts keeps working (str() is the plain number).
    """

    capped: bool

    def __new__(cls, value: int, capped: bool = False) -> "Count":
        self = super().__new__(cls, value)
        self.capped = capped
        return self

    def label(self) -> str:
        """For people: `1,234`, or `10,000+` when counting stopped at the cap."""
        return f"{int(self):,}+" if self.capped else f"{int(self):,}"


@lru_cache(maxsize=8192)  # a review reads 100k rows over a few hundred days
def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(text[:10])


@contextmanager
def gc_paused(*, promote: bool = False) -> Iterator[None]:
    """No cyclic garbage collection while many acyclic rows are built (a third of a 100k-row review's time
    went to collections that found nothing); it resumes as it was.

    `promote`: then move what was built to the oldest generation at once (freeze, unfreeze: constant time)
    rather than have the next young collection walk every row (0.1 s at 100k rows) only to find them alive;
    never when something else froze objects (the app does, once loaded), which unfreezing would thaw."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            if promote and not gc.get_freeze_count():
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return _day(str(value))


@lru_cache(maxsize=8192)  # imports stamp many rows alike
def _stamp(text: str) -> dt.datetime:
    stamp = dt.datetime.fromisoformat(text)
    return stamp.replace(tzinfo=dt.UTC) if stamp.utcoffset() is None else stamp.astimezone(dt.UTC)


def _datetime(value: Any) -> dt.datetime | None:
    """Aware UTC, as SQLModel's UTCDateTime returns it (SQLite stores UTC without an offset)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=dt.UTC) if value.utcoffset() is None else value.astimezone(dt.UTC)
    return _stamp(str(value))


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


@lru_cache(maxsize=8192)  # the same few skill combinations recur across thousands of rows
def _names(value: str) -> tuple[str, ...]:
    return tuple(sorted(value.split(SEP), key=str.casefold))


def _split(value: str | None) -> tuple[str, ...]:
    return _names(value) if value else ()


def _entry_row(r: Sequence[Any]) -> EntryRow:
    """An EntryRow from one row of `sqltext.entry_columns`."""
    day = _date(r[1])
    assert day is not None  # NOT NULL
    goals = tuple(sorted(int(g) for g in str(r[7]).split(SEP))) if r[7] is not None else ()
    return EntryRow(
        r[0], day, r[2], r[3], _split(r[4]), r[5], bool(r[6]), goals, _datetime(r[8]), _datetime(r[9]), bool(r[10])
    )


# Whole ranges (the review's 100k rows) read skill and project ids and name them in Python from the small skill and
# project tables: half the cost of joining them once per row.  Their goal links come from one range scan of
# entry_goal's primary key (`_bulk_goal_ids`): few entries have any, and a subquery per row cost a third of the query.
# Skill ids are joined with group_concat's default comma (ids hold none): a tenth faster than char(31) per row.
# Without the stamps (NULL): rows for documents that never print them, 200k strings fewer at 100k rows.
@lru_cache(maxsize=8)
def _bulk_columns(d: Dialect, stamped: bool = True) -> str:
    stamps = "entry.created_at, entry.updated_at" if stamped else "NULL, NULL"
    return (
        "entry.id, entry.occurred_on, entry.text, entry.project_id, "
        f"(SELECT {d.join_ids('entry_skill.skill_id')} FROM entry_skill WHERE entry_skill.entry_id = entry.id), "
        f"entry.impact, entry.starred, {stamps}, entry.extra FROM entry"
    )


def _bulk_goal_ids(conn: Connection, entry_ids: Sequence[int]) -> dict[int, tuple[int, ...]]:
    """Entry id -> its goal ids (sorted), for every entry with ids between the smallest and the largest given."""
    found: dict[int, list[int]] = {}
    if entry_ids:
        for entry_id, goal_id in conn.execute(
            "SELECT entry_id, goal_id FROM entry_goal WHERE entry_id BETWEEN ? AND ?", (min(entry_ids), max(entry_ids))
        ):
            found.setdefault(entry_id, []).append(goal_id)
    return {entry_id: tuple(sorted(goals)) for entry_id, goals in found.items()}


def _bulk_entry_rows(conn: Connection, sql: str, params: Sequence[Any]) -> list[EntryRow]:
    """Rows of `_bulk_columns`, equal to what `_entry_row` builds (skills sorted as `_split` does), with the
    per-row work inlined: skills named once per distinct id list, projects named from their table, each day parsed
    once, each stamp once, and each row built as the tuple it is (no __new__ call per row)."""
    skill = {int(i): str(n) for i, n in conn.execute("SELECT id, name FROM skill")}
    project: dict[Any, str | None] = {None: None}
    project.update(conn.execute("SELECT id, name FROM project"))
    rows = conn.execute(sql, params).fetchall()
    goals = _bulk_goal_ids(conn, [r[0] for r in rows])
    named: dict[Any, tuple[str, ...]] = {None: ()}
    days: dict[Any, dt.date | None] = {}
    stamps: dict[Any, dt.datetime | None] = {None: None}
    build, entry, no_goals = tuple.__new__, EntryRow, ()
    out = []
    for entry_id, day_text, text, project_id, skill_ids, impact, starred, created_text, updated_text, extra in rows:
        skills = named.get(skill_ids)
        if skills is None:
            skills = named[skill_ids] = tuple(
                sorted((skill[int(i)] for i in str(skill_ids).split(",")), key=str.casefold)
            )
        day = days.get(day_text)
        if day is None:
            day = days[day_text] = _date(day_text)
        created = stamps.get(created_text)
        if created is None and created_text is not None:
            created = stamps[created_text] = _datetime(created_text)
        updated = created if updated_text == created_text else _datetime(updated_text)
        out.append(
            build(
                entry,
                (
                    entry_id,
                    day,
                    text,
                    project[project_id],
                    skills,
                    impact,
                    bool(starred),
                    goals.get(entry_id, no_goals),
                    created,
                    updated,
                    extra == 1,
                ),
            )
        )
    return out


def _feedback_row(r: Sequence[Any]) -> FeedbackRow:
    day = _date(r[1])
    assert day is not None
    return FeedbackRow(
        r[0], day, r[2], r[3], r[4], _split(r[5]), _split(r[6]), r[7], r[8], title_of(r[9]) if r[9] else None
    )


def _keyset(key: str, after: tuple[dt.date, int] | None, oldest_first: bool) -> Where:
    w = Where()
    if after is not None:
        w.add(f"({key}) {'>' if oldest_first else '<'} (?, ?)", after[0].isoformat(), after[1])
    return w


class Reader:
    """Every read of one journal file, stdlib sqlite3 only."""

    def __init__(self, path: str | Path | None = None) -> None:
        conn = db.open_journal(path)  # creates, checks and migrates, with the same messages as ever
        self._spare: Connection | None = None
        try:
            self.path: str = db.resolve_db_path(path)
            self.dialect = dialect_of(conn)
            self.use_fts = db.has_fts(conn)
        except BaseException:
            conn.close()
            raise
        if is_sqlite(conn):
            conn.close()  # SQLite connections cost a fraction of a millisecond: one per read
        else:
            self._spare = conn  # a server connection costs a round trip or three: the next read takes this one
        self._local = threading.local()
        self._running: set[Connection] = set()
        self._lock = threading.Lock()

    # --- connections --------------------------------------------------------------------------

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A connection under one read transaction; nested calls on the same thread share it."""
        conn: Connection | None = getattr(self._local, "conn", None)
        if conn is not None:
            try:
                yield conn
            except DbError as exc:
                raise self._describe(exc) from None
            return
        with self._lock:
            conn, self._spare = self._spare, None
        if conn is not None:
            try:
                conn.execute("SELECT 1")  # a kept server connection may have died with an outage: then a new one
            except DbError:
                with suppress(DbError):
                    conn.close()
                conn = None
        try:
            conn = conn or db.raw_connect(self.path)
        except DbError as exc:
            raise self._describe(exc) from None
        self._local.conn = conn
        with self._lock:
            self._running.add(conn)
        kept = False
        try:
            conn.execute(self.dialect.begin_read())
            with db.joining(self.path, conn):
                yield conn
            if not is_sqlite(conn):
                conn.execute("ROLLBACK")  # a read transaction: nothing to keep, and the connection serves the next
                kept = True
        except DbError as exc:
            raise self._describe(exc) from None
        finally:
            self._local.conn = None
            with self._lock:
                self._running.discard(conn)
                if kept and self._spare is None:
                    self._spare, conn = conn, None
            if conn is not None:
                with suppress(DbError):
                    conn.close()  # an open read transaction ends with the connection

    def close(self) -> None:
        """Close the connection kept for the next read (a server journal's); the reader still works after."""
        with self._lock:
            conn, self._spare = self._spare, None
        if conn is not None:
            with suppress(DbError):
                conn.close()

    def _describe(self, exc: DbError) -> JournalError:
        if "interrupted" in str(exc):
            return Interrupted("the query was interrupted")
        return db.describe_db_error(exc, self.path)

    def interrupt(self) -> None:
        """Stop every query running on this reader now (from any thread); each raises `Interrupted`."""
        with self._lock:
            for conn in list(self._running):
                conn.interrupt()

    def _compiler(self) -> Compiler:
        return Compiler(self.dialect, use_fts=self.use_fts)

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        with self.reading() as conn:
            return conn.execute(sql, params).fetchall()

    # --- entries ------------------------------------------------------------------------------

    def _page_sql(
        self, conn: Connection, flt: Filter, limit: int | None, after: tuple[dt.date, int] | None, oldest_first: bool
    ) -> tuple[str, list[Any]]:
        c = self._compiler()
        query = c.fts_query(flt) if limit is not None else None
        plan = choose_plan(flt)
        w = c.entry_where(flt, plan=plan)
        w.extend(_keyset("entry.occurred_on, entry.id", after, oldest_first))
        way = "" if oldest_first else " DESC"
        final = f" ORDER BY entry.occurred_on{way}, entry.id{way}"
        if limit is None:  # skill ids, named by _bulk_entry_rows
            return f"SELECT {_bulk_columns(self.dialect)}{w.sql()}{final}", w.params
        # pick the page's ids first, then build rows (skills, goals) for those ids only
        if query is not None:
            ids, params = self._text_ids(conn, flt, query, limit, after, oldest_first)
            return f"SELECT {entry_columns(self.dialect)} WHERE entry.id IN ({ids}){final}", params
        # unary + keeps SQLite from walking the date index for ORDER BY when the filter is selective
        plus = self.dialect.no_index_prefix if is_selective(flt) and not in_project_order(flt) else ""
        ids = f"SELECT entry.id FROM entry{w.sql()} ORDER BY {plus}entry.occurred_on{way}, {plus}entry.id{way} LIMIT ?"
        return f"SELECT {entry_columns(self.dialect)} WHERE entry.id IN ({ids}){final}", [*w.params, limit]

    def _text_ids(
        self,
        conn: Connection,
        flt: Filter,
        query: str,
        limit: int,
        after: tuple[dt.date, int] | None,
        oldest_first: bool,
    ) -> tuple[str, list[Any]]:
        """SQL for the ids of one page of free text (`query`: its FTS5 query).  The rows never depend on the form
        chosen, only the speed: reading every match and sorting costs 0.1-0.6 s for a word in 5-16% of a million
        entries, where the page lies among the few hundred matches nearest its start.

        - find an edge (`_text_edge`) past which the page cannot reach, then read only the matches whose ids lie
          among those of the entries dated between the page's start and the edge (FTS5 seeks to a rowid range;
          ids follow dates in a journal written day by day, and when they do not, this is only slower);
        - no edge, and at most TEXT_NARROW matches (counted inside the FTS index, stopped there): read them all;
        - no edge among many matches (the other terms reject most of them): walk the dates in the page's order
          and test each entry against the match list."""
        c = self._compiler()
        w = c.entry_where(flt, plan=Plan(skill_exists=True, text="driver"))
        w.extend(_keyset("entry.occurred_on, entry.id", after, oldest_first))
        way = "" if oldest_first else " DESC"
        final = f" ORDER BY entry.occurred_on{way}, entry.id{way} LIMIT ?"
        dated = Where()  # what the date range and the keyset allow, on the date index alone
        if flt.start:
            dated.add("entry.occurred_on >= ?", flt.start.isoformat())
        if flt.end:
            dated.add("entry.occurred_on <= ?", flt.end.isoformat())
        dated.extend(_keyset("entry.occurred_on, entry.id", after, oldest_first))
        first = conn.execute(
            f"SELECT entry.occurred_on, entry.id FROM entry{dated.sql()} "
            f"ORDER BY entry.occurred_on{way}, entry.id{way} LIMIT 1",
            dated.params,
        ).fetchone()
        if first is None:  # no entry is dated where the page would start
            return "SELECT entry.id FROM entry WHERE FALSE", []
        edge = self._text_edge(conn, query, w, first[1], limit, oldest_first)
        if (
            edge is None
            and conn.execute(dialect_of(conn).fts_count_upto("entry"), [query, TEXT_NARROW + 1]).fetchone()[0]
            <= TEXT_NARROW
        ):
            every = dialect_of(conn).fts_driven("entry", w.anded() if w.conds else "", select="entry.id") + final
            return every, [query, *w.params, limit]
        if edge is None:
            listed = c.entry_where(flt, plan=Plan(skill_exists=True, text="list"))
            listed.extend(_keyset("entry.occurred_on, entry.id", after, oldest_first))
            return f"SELECT entry.id FROM entry{listed.sql()}{final}", [*listed.params, limit]
        # the page lies between its first possible entry and the edge, both included
        days = sorted((str(first[0]), str(edge[0])))
        lo, hi = conn.execute(
            "SELECT min(entry.id), max(entry.id) FROM entry WHERE entry.occurred_on BETWEEN ? AND ?", days
        ).fetchone()
        bounded = Where(list(w.conds), list(w.params))
        bounded.add(f"(entry.occurred_on, entry.id) {'<=' if oldest_first else '>='} (?, ?)", *edge)
        return (
            dialect_of(conn).fts_driven("entry", bounded.anded(), select="entry.id", span=True) + final,
            [query, lo, hi, *bounded.params, limit],
        )

    @staticmethod
    def _text_edge(
        conn: Connection, query: str, w: Where, start: int, limit: int, oldest_first: bool
    ) -> tuple[str, int] | None:
        """The key (date, id) of the `limit`-th row, in the page's order, among the matches nearest the page's
        start by id that pass `w`; None when too few pass among TEXT_WINDOW_MAX matches.  Any `limit` rows of the
        answer bound the page (it holds the `limit` first of all of them), so the page never reaches past this
        key, however ids and dates relate; the nearer they follow each other, the closer the edge.  The window
        read starts at two pages and grows to where `limit` rows should pass at the rate seen so far."""
        way = "" if oldest_first else " DESC"
        sql = (
            dialect_of(conn).fts_nearest(
                "entry", w.anded() if w.conds else "", "entry.occurred_on, entry.id", newest_first=not oldest_first
            )
            + f" ORDER BY entry.occurred_on{way}, entry.id{way} LIMIT ?"
        )
        window = min(2 * limit, TEXT_WINDOW_MAX)
        while True:
            rows = conn.execute(sql, [query, start, window, *w.params, limit]).fetchall()
            if len(rows) == limit:
                return str(rows[-1][0]), int(rows[-1][1])
            if window >= TEXT_WINDOW_MAX:
                return None
            grown = window * 10 if not rows else window * limit * 3 // (2 * len(rows)) + 1
            window = min(TEXT_WINDOW_MAX, grown)

    def list_entries(
        self,
        flt: Filter = EVERYTHING,
        *,
        limit: int | None = 200,
        after: tuple[dt.date, int] | None = None,
        oldest_first: bool = False,
    ) -> list[EntryRow]:
        """Newest first, keyset-paged on (occurred_on, id): constant cost per page at any size."""
        with self.reading() as conn, gc_paused():
            sql, params = self._page_sql(conn, flt, limit, after, oldest_first)
            if limit is None:
                return _bulk_entry_rows(conn, sql, params)
            return [_entry_row(r) for r in conn.execute(sql, params)]

    def bulk_entries(self, flt: Filter = EVERYTHING, *, stamps: bool = True) -> list[EntryRow]:
        """Every entry under `flt`, oldest first (`list_entries(flt, limit=None, oldest_first=True)`).  Without
        `stamps`, created_at and updated_at are None: for a review or case rendered as Markdown, which never shows
        them (a tenth of the read at 100k rows, more when every entry has its own stamp to parse)."""
        w = self._compiler().entry_where(flt, plan=choose_plan(flt))
        columns = _bulk_columns(self.dialect, stamps)
        with self.reading() as conn, gc_paused():
            return _bulk_entry_rows(conn, f"SELECT {columns}{w.sql()} ORDER BY entry.occurred_on, entry.id", w.params)

    def range_skill_counts(self, start: dt.date, end: dt.date) -> dict[str, int]:
        """Entries per skill among those dated `start`..`end` (skills with none left out): what `name_counts`
        counts for a bare date range.  When the range's entries are exactly the ids between its least and greatest
        (a journal written day by day), each count is one range of the (skill_id, entry_id) index and no entry is
        read: 0.05 s against 0.2 s for a year of 100k entries.  Otherwise, `name_counts`."""
        days = (start.isoformat(), end.isoformat())
        with self.reading() as conn:
            lo, hi, n = conn.execute(
                "SELECT min(id), max(id), count(*) FROM entry WHERE occurred_on BETWEEN ? AND ?", days
            ).fetchone()
            if not n:
                return {}
            if conn.execute("SELECT count(*) FROM entry WHERE id BETWEEN ? AND ?", (lo, hi)).fetchone()[0] == n:
                counts = conn.execute(
                    "SELECT skill.name, (SELECT count(*) FROM entry_skill WHERE entry_skill.skill_id "
                    "= skill.id AND entry_skill.entry_id BETWEEN ? AND ?) FROM skill",
                    (lo, hi),
                )
                return {str(name): int(count) for name, count in counts if count}
            return {name: count for name, count in self.name_counts("skill", Filter().within(start, end)) if count}

    def explain_entries(self, flt: Filter = EVERYTHING, *, limit: int | None = 50) -> list[str]:
        """SQLite's plan for one page of `list_entries` (EXPLAIN QUERY PLAN details): tests check which index leads."""
        with self.reading() as conn:
            sql, params = self._page_sql(conn, flt, limit, None, False)
            return [r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + sql, params)]

    def count_entries(self, flt: Filter = EVERYTHING, *, cap: int | None = None) -> Count:
        """How many entries match; with `cap`, stop counting there (`Count.capped`, shown "10,000+")."""
        c = self._compiler()
        query = c.fts_query(flt)
        with self.reading() as conn:
            if query is None:
                w = c.entry_where(flt, plan=choose_plan(flt))
                return self._count(conn, f"SELECT 1 FROM entry{w.sql()}", w.params, cap)
            # free text: read the FTS index first and join entries to it, never building the match list; within
            # a short date range, only the matches whose ids the range's entries hold (FTS5 seeks to them)
            w = c.entry_where(flt, plan=Plan(skill_exists=True, text="driver"))
            rest = w.anded() if w.conds else ""
            span = self._id_span(conn, flt)
            if span is None:
                return self._count(conn, dialect_of(conn).fts_driven("entry", rest), [query, *w.params], cap)
            return self._count(
                conn, dialect_of(conn).fts_driven("entry", rest, span=True), [query, *span, *w.params], cap
            )

    @staticmethod
    def _id_span(conn: Connection, flt: Filter) -> tuple[int | None, int | None] | None:
        """The least and greatest id among the entries of the filter's date range when it is short enough (400
        days: a tenth of a ten-year journal) that reading its dates in the date index costs less than reading
        every match of a broad word; else None."""
        if not (flt.start and flt.end and (flt.end - flt.start).days <= SHORT_RANGE_DAYS):
            return None
        lo, hi = conn.execute(
            "SELECT min(entry.id), max(entry.id) FROM entry WHERE entry.occurred_on BETWEEN ? AND ?",
            [flt.start.isoformat(), flt.end.isoformat()],
        ).fetchone()
        return lo, hi

    @staticmethod
    def _count(conn: Connection, rows_sql: str, params: list[Any], cap: int | None) -> Count:
        if cap is None:
            return Count(conn.execute(f"SELECT count(*) FROM ({rows_sql}) AS counted", params).fetchone()[0])
        n = conn.execute(f"SELECT count(*) FROM ({rows_sql} LIMIT ?) AS counted", [*params, cap + 1]).fetchone()[0]
        return Count(min(n, cap), n > cap)

    def get_entry(self, entry_id: int) -> EntryRow:
        rows = self._rows(f"SELECT {entry_columns(self.dialect)} WHERE entry.id = ?", (entry_id,))
        if not rows:
            raise NotFound(f"there is no entry with id {entry_id}")
        return _entry_row(rows[0])

    def entry_detail(self, entry_id: int) -> EntryDetail:
        with self.reading():
            entry = self.get_entry(entry_id)
            goals = tuple(
                (r[0], r[1])
                for r in self._rows(
                    "SELECT goal.id, goal.title FROM goal JOIN entry_goal ON entry_goal.goal_id = goal.id "
                    "WHERE entry_goal.entry_id = ?",
                    (entry_id,),
                )
            )
            feedback = tuple(self._feedback_rows(Where(["feedback.entry_id = ?"], [entry_id]), limit=None))
            answers = tuple(
                self._feedback_rows(
                    Where(
                        ["feedback.id IN (SELECT feedback_id FROM feedback_response WHERE entry_id = ?)"], [entry_id]
                    ),
                    limit=None,
                )
            )
        return EntryDetail(entry, goals, feedback, answers)

    def goal_evidence(self, goal_id: int, limit: int | None = 50) -> list[EntryRow]:
        return self.list_entries(Filter(goal_ids=(goal_id,)), limit=limit)

    # --- goals --------------------------------------------------------------------------------

    def list_goals(self, flt: Filter = EVERYTHING, *, statuses: Sequence[str] | None = None) -> list[GoalRow]:
        """Goals with milestones and evidence counts, in three queries whatever the count."""
        w = self._compiler().goal_where(flt)
        if statuses:
            w.add(f"goal.status IN ({', '.join('?' for _ in statuses)})", *statuses)
        chosen = f"SELECT goal.id FROM goal{w.sql()}"
        order = f" ORDER BY {self.dialect.status_rank('goal.status')}, goal.due_on IS NULL, goal.due_on, goal.id"
        with self.reading() as conn:
            goals = conn.execute(f"SELECT {GOAL_COLUMNS}{w.sql()}{order}", w.params).fetchall()
            miles: dict[int, list[MilestoneRow]] = {}
            for m in conn.execute(
                "SELECT id, goal_id, title, due_on, done_on FROM milestone WHERE goal_id IN "
                f"({chosen}) ORDER BY due_on IS NULL, due_on, id",
                w.params,
            ):
                miles.setdefault(m[1], []).append(MilestoneRow(m[0], m[1], m[2], _date(m[3]), _date(m[4])))
            counts = dict(
                conn.execute(
                    f"SELECT goal_id, count(*) FROM entry_goal WHERE goal_id IN ({chosen}) GROUP BY goal_id", w.params
                ).fetchall()
            )
        return [
            GoalRow(
                g[0],
                g[1],
                g[2],
                g[3],
                _float(g[4]),
                _float(g[5]),
                g[6],
                _date(g[7]),
                g[8],
                _date(g[9]),
                tuple(miles.get(g[0], ())),
                counts.get(g[0], 0),
                _float(g[10]),
                g[11],
            )
            for g in goals
        ]

    def count_goals(self, flt: Filter = EVERYTHING) -> int:
        w = self._compiler().goal_where(flt)
        return int(self._rows(f"SELECT count(*) FROM goal{w.sql()}", w.params)[0][0])

    def explain_goals(self, flt: Filter = EVERYTHING) -> list[str]:
        """SQLite's plan for `count_goals` (EXPLAIN QUERY PLAN details): tests check what is looked up per goal."""
        w = self._compiler().goal_where(flt)
        return [r[3] for r in self._rows(f"EXPLAIN QUERY PLAN SELECT count(*) FROM goal{w.sql()}", w.params)]

    def get_goal(self, goal_id: int) -> GoalRow:
        goals = self.list_goals(Filter(goal_ids=(goal_id,)))
        if not goals:
            raise NotFound(f"there is no goal with id {goal_id}")
        return goals[0]

    # --- feedback -----------------------------------------------------------------------------

    def _feedback_rows(
        self, w: Where, *, limit: int | None, after: tuple[dt.date, int] | None = None, oldest_first: bool = False
    ) -> list[FeedbackRow]:
        w.extend(_keyset("feedback.received_on, feedback.id", after, oldest_first))
        way = "" if oldest_first else " DESC"
        sql = f"SELECT {feedback_columns(self.dialect)}{w.sql()} ORDER BY feedback.received_on{way}, feedback.id{way}"
        params = list(w.params)
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [_feedback_row(r) for r in self._rows(sql, params)]

    def list_feedback(
        self,
        flt: Filter = EVERYTHING,
        *,
        limit: int | None = 200,
        after: tuple[dt.date, int] | None = None,
        oldest_first: bool = False,
    ) -> list[FeedbackRow]:
        return self._feedback_rows(
            self._compiler().feedback_where(flt), limit=limit, after=after, oldest_first=oldest_first
        )

    def unanswered_feedback(self, flt: Filter, until: dt.date) -> list[FeedbackRow]:
        """Feedback under `flt`, oldest first, with no response (responses.py) dated on or before `until`: the
        older constructive feedback a case's gaps list, without building rows for what was answered."""
        w = self._compiler().feedback_where(flt)
        w.add(
            "NOT EXISTS (SELECT 1 FROM feedback_response r JOIN entry e ON e.id = r.entry_id "
            "WHERE r.feedback_id = feedback.id AND e.occurred_on <= ?)",
            until.isoformat(),
        )
        return self._feedback_rows(w, limit=None, oldest_first=True)

    def count_feedback(self, flt: Filter = EVERYTHING, *, cap: int | None = None) -> Count:
        w = self._compiler().feedback_where(flt)
        with self.reading() as conn:
            return self._count(conn, f"SELECT 1 FROM feedback{w.sql()}", w.params, cap)

    def get_feedback(self, feedback_id: int) -> FeedbackRow:
        rows = self._feedback_rows(Where(["feedback.id = ?"], [feedback_id]), limit=1)
        if not rows:
            raise NotFound(f"there is no feedback with id {feedback_id}")
        return rows[0]

    # --- names and facets ---------------------------------------------------------------------

    def names(self, kind: str) -> list[str]:
        if kind not in NAME_TABLES:
            raise KeyError(kind)
        return [r[0] for r in self._rows(f"SELECT name FROM {kind} ORDER BY key")]

    def name_counts(self, kind: str, flt: Filter = EVERYTHING, *, of: str | None = None) -> list[tuple[str, int]]:
        """Names with how often they are used under `flt` (most used first): facets and `journal skills`.

        `of` counts in the items a list shows, so a facet's count is what choosing it gives: "entry" counts people
        by the entries their feedback is about (`by:priya` in the Journal selects those), "feedback" counts projects
        and skills by feedback's own.  None: projects and skills by entries, tags and people by feedback.
        """
        if kind not in NAME_TABLES:
            raise KeyError(kind)
        c = self._compiler()
        query = c.fts_query(flt)
        if of == "entry" and kind in ("person", "tag"):
            w = c.entry_where(flt, plan=choose_plan(flt))
            link = (
                "JOIN feedback ON feedback.person_id = person.id"
                if kind == "person"
                else "JOIN feedback_tag ON feedback_tag.tag_id = tag.id "
                "JOIN feedback ON feedback.id = feedback_tag.feedback_id"
            )
            sql = (
                f"SELECT {kind}.name, count(DISTINCT entry.id) FROM {kind} {link} "
                f"JOIN entry ON entry.id = feedback.entry_id{w.sql()} GROUP BY {kind}.id"
            )
        elif of == "feedback" and kind in ("project", "skill"):
            w = c.feedback_where(flt)
            link = (
                "JOIN feedback ON feedback.project_id = project.id"
                if kind == "project"
                else "JOIN feedback_skill ON feedback_skill.skill_id = skill.id "
                "JOIN feedback ON feedback.id = feedback_skill.feedback_id"
            )
            sql = f"SELECT {kind}.name, count(*) FROM {kind} {link}{w.sql()} GROUP BY {kind}.id"
        elif kind in ("project", "skill") and query is not None:  # free text: the FTS index leads (facets at 1M)
            w = c.entry_where(flt, plan=Plan(skill_exists=True, text="driver"))
            d = self.dialect
            names = (
                "JOIN project ON project.id = entry.project_id"
                if kind == "project"
                else "JOIN entry_skill ON entry_skill.entry_id = entry.id JOIN skill ON skill.id = entry_skill.skill_id"
            )
            sql = (
                f"SELECT {kind}.name, count(*) FROM {d.fts_from('entry')} {names} "
                f"WHERE {d.fts_where('entry')}{' AND ' + w.anded() if w.conds else ''} GROUP BY {kind}.id"
            )
            w = Where(w.conds, [query, *w.params])
        elif kind == "project":
            w = c.entry_where(flt, plan=choose_plan(flt))
            sql = (
                "SELECT project.name, count(*) FROM project "
                f"JOIN entry ON entry.project_id = project.id{w.sql()} GROUP BY project.id"
            )
        elif kind == "skill":
            w = c.entry_where(flt, plan=choose_plan(flt))
            sql = (
                "SELECT skill.name, count(*) FROM skill JOIN entry_skill ON entry_skill.skill_id = skill.id "
                f"JOIN entry ON entry.id = entry_skill.entry_id{w.sql()} GROUP BY skill.id"
            )
        elif kind == "tag":
            w = c.feedback_where(flt)
            sql = (
                "SELECT tag.name, count(*) FROM tag JOIN feedback_tag ON feedback_tag.tag_id = tag.id "
                f"JOIN feedback ON feedback.id = feedback_tag.feedback_id{w.sql()} GROUP BY tag.id"
            )
        else:
            w = c.feedback_where(flt)
            sql = (
                "SELECT person.name, count(*) FROM person "
                f"JOIN feedback ON feedback.person_id = person.id{w.sql()} GROUP BY person.id"
            )
        with self.reading():
            rows = [(r[0], int(r[1])) for r in self._rows(sql, w.params)]
            rows.sort(key=lambda r: (-r[1], r[0].casefold()))
            if flt.is_empty:  # unused names still exist; show them with 0
                seen = {n.casefold() for n, _ in rows}
                rows += [(n, 0) for n in self.names(kind) if n.casefold() not in seen]
        return rows
