"""What differs between the two engines, said once: one dialect object per engine.

Every SQL statement of the data package is written once, in the SQL both engines share (`?` placeholders, `ON
CONFLICT`, `RETURNING`, `coalesce`, `FILTER`...); where they differ (full-text search, string aggregation, the
write lock, the catalog), the statement asks the connection's dialect (`conn.dialect_of(conn)`) for the fragment.

- SQLite: FTS5 tables (`entry_fts`, `feedback_fts`) with MATCH; `BEGIN IMMEDIATE` takes the write lock.
- PostgreSQL: tables of the same names holding a `tsvector` (`doc`, GIN-indexed, kept by triggers) matched with
  `@@ to_tsquery('simple', ...)`, so prefixes, phrases and NOT mean what they mean in FTS5; a transaction-scoped
  advisory lock serializes writers as SQLite's write lock does (the edit-conflict checks run inside it).
"""

import re
from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import ClassVar

from journal_tui.data.kinds import GOAL_STATUSES

_WORDY = re.compile(r"\w", re.UNICODE)
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)  # what FTS5's unicode61 and PostgreSQL's parser call a word
WRITE_LOCK = 0x4A524E4C  # "JRNL": the advisory lock every PostgreSQL write transaction takes first


class Dialect(ABC):
    """The fragments a statement asks for; each engine's subclass gives its own."""

    name: ClassVar[str]
    escape_char = "/"
    fts_tables: ClassVar[dict[str, str]] = {"entry": "entry_fts", "feedback": "feedback_fts"}

    def escape_like(self, term: str) -> str:
        e = self.escape_char
        return term.replace(e, e + e).replace("%", e + "%").replace("_", e + "_")

    def fts_usable(self, term: str) -> bool:
        """Full-text search indexes words; a term with no word character (`%`, `--`) goes to LIKE."""
        return bool(_WORDY.search(term))

    def contains_ci(self, column: str) -> str:
        """Case-insensitive substring test; one parameter (the escaped term)."""
        return f"lower({column}) LIKE '%' || lower(CAST(? AS TEXT)) || '%' ESCAPE '{self.escape_char}'"

    def contains(self, column: str) -> str:
        return f"{column} LIKE '%' || CAST(? AS TEXT) || '%' ESCAPE '{self.escape_char}'"

    def starts_with(self, column: str) -> str:
        return f"{column} LIKE CAST(? AS TEXT) || '%' ESCAPE '{self.escape_char}'"

    # --- what each engine says its own way ---------------------------------------------------------------
    @abstractmethod
    def fts_ids(self, table: str) -> str:
        """Row ids whose text matches; one parameter (the engine's text query)."""

    @abstractmethod
    def fts_driven(self, table: str, rest: str, select: str = "1", *, span: bool = False) -> str:
        """Rows of `table` whose text matches, read from the text index first; parameters: the text query, (with
        `span`) the lowest and highest id, then `rest`'s."""

    @abstractmethod
    def fts_nearest(self, table: str, rest: str, select: str, newest_first: bool) -> str:
        """`select` over the first matches in id order from a starting id; parameters: the text query, the start,
        how many, then `rest`'s."""

    @abstractmethod
    def fts_count_upto(self, table: str) -> str:
        """How many rows the text query (first parameter) matches, stopped at the second."""

    @abstractmethod
    def fts_phrase(self, term: str, prefix: bool) -> str:
        """One term (or phrase) as the engine's text query, as a prefix when asked."""

    @abstractmethod
    def fts_from(self, table: str) -> str:
        """`table` joined to its text index, the index first (for statements that join more tables after it)."""

    @abstractmethod
    def fts_where(self, table: str) -> str:
        """The condition matching `fts_from`'s index against one parameter (the text query)."""

    no_index_prefix: ClassVar[str] = ""  # before an ORDER BY column: keep the planner from walking its index
    bulk_fts: ClassVar[bool] = False  # a big insert drops the text-index triggers and rebuilds the index after

    def fts_triggers_sql(self, table: str) -> str:
        """(name, CREATE statement) of the triggers that keep `table`'s text index (where `bulk_fts`)."""
        raise NotImplementedError(self.name)

    @abstractmethod
    def fts_and(self, parts: Sequence[str]) -> str: ...

    @abstractmethod
    def fts_or(self, parts: Sequence[str]) -> str: ...

    @abstractmethod
    def join_values(self, expr: str) -> str:
        """An aggregate joining the group's values with the unit separator (`rows.SEP`)."""

    @abstractmethod
    def join_ids(self, expr: str) -> str:
        """An aggregate joining the group's integer ids with commas (no separator clash: ids hold none)."""

    @abstractmethod
    def status_rank(self, column: str) -> str:
        """Goals in status order: active, achieved, dropped."""

    @abstractmethod
    def begin_write(self) -> tuple[str, ...]:
        """The statements that open a write transaction holding the journal's write lock."""

    @abstractmethod
    def begin_read(self) -> str:
        """The statement that opens a read transaction (one snapshot)."""

    @abstractmethod
    def greatest(self, *exprs: str) -> str: ...

    @abstractmethod
    def least(self, *exprs: str) -> str: ...

    @abstractmethod
    def table_exists(self) -> str:
        """A query returning a row when the table named by its one parameter exists."""

    @abstractmethod
    def foreign_keys_sql(self) -> str:
        """(child table, column, parent table, ON DELETE action) of every foreign key; no parameters."""

    @abstractmethod
    def after_explicit_ids(self, table: str) -> tuple[str, ...]:
        """What to run after rows were inserted with their own ids."""

    # --- people, promotion, target role, goal history (issue 24, people area) ------------------------------
    @abstractmethod
    def day_of(self, column: str) -> str:
        """The day (`YYYY-MM-DD`, UTC) of a timestamp column, comparable with an ISO date parameter."""

    @abstractmethod
    def scan(self, table: str) -> str:
        """`table` in a FROM clause, read whole rather than through an index where the engine takes a hint."""

    @abstractmethod
    def primary_key_sql(self) -> str:
        """The primary-key columns, in key order, of the table named by its one parameter."""

    @abstractmethod
    def latest(self, *exprs: str) -> str:
        """The greatest of values that may be NULL (dates, say), NULL only when every one is."""


class SqliteDialect(Dialect):
    """The SQLite-specific pieces: FTS5 tables and MATCH, LIKE with escapes, string functions."""

    name = "sqlite"

    def contains_ci(self, column: str) -> str:
        """Case-insensitive substring test; one parameter (the escaped term)."""
        return f"lower({column}) LIKE '%' || lower(?) || '%' ESCAPE '{self.escape_char}'"

    def contains(self, column: str) -> str:
        return f"{column} LIKE '%' || ? || '%' ESCAPE '{self.escape_char}'"

    def starts_with(self, column: str) -> str:
        return f"{column} LIKE ? || '%' ESCAPE '{self.escape_char}'"

    def fts_ids(self, table: str) -> str:
        """Row ids whose text matches; one parameter (an FTS5 query)."""
        fts = self.fts_tables[table]
        return f"SELECT rowid FROM {fts} WHERE {fts} MATCH ?"

    def fts_driven(self, table: str, rest: str, select: str = "1", *, span: bool = False) -> str:
        """Rows of `table` whose text matches, read from the FTS index first and joined by rowid (CROSS JOIN
        fixes that order): no match list is built.  One parameter (the FTS5 query), then with `span` two more
        (lowest and highest rowid: FTS5 seeks to them and reads only the matches between), then `rest`'s."""
        fts = self.fts_tables[table]
        between = f" AND {fts}.rowid BETWEEN ? AND ?" if span else ""
        if not rest and select == "1":  # nothing else to test: count inside the FTS index alone
            return f"SELECT 1 FROM {fts} WHERE {fts} MATCH ?{between}"
        return (
            f"SELECT {select} FROM {fts} CROSS JOIN {table} ON {table}.id = {fts}.rowid "
            f"WHERE {fts} MATCH ?{between}{' AND ' + rest if rest else ''}"
        )

    def fts_nearest(self, table: str, rest: str, select: str, newest_first: bool) -> str:
        """`select` over the first matches in rowid order from a starting rowid (FTS5 walks its index in rowid
        order, so this stops early), joined to `table` and tested by `rest`.  Parameters: the FTS5 query, the
        starting rowid, how many matches to read, then `rest`'s."""
        fts = self.fts_tables[table]
        cmp, way = ("<=", " DESC") if newest_first else (">=", "")
        return (
            f"SELECT {select} FROM (SELECT rowid FROM {fts} WHERE {fts} MATCH ? AND rowid {cmp} ? "
            f"ORDER BY rowid{way} LIMIT ?) AS near CROSS JOIN {table} ON {table}.id = near.rowid"
            f"{' WHERE ' + rest if rest else ''}"
        )

    def fts_count_upto(self, table: str) -> str:
        """How many rows the FTS5 query (first parameter) matches, counted inside the FTS index and stopped at the
        second parameter (a few ms at a million entries, where counting every match takes 15-45)."""
        fts = self.fts_tables[table]
        return f"SELECT count(*) FROM (SELECT 1 FROM {fts} WHERE {fts} MATCH ? LIMIT ?)"

    def fts_phrase(self, term: str, prefix: bool) -> str:
        """A quoted FTS5 string; NUL (which ends the query for FTS5) cannot be in stored text, so it goes."""
        return '"' + term.replace("\x00", "").replace('"', '""') + '"' + ("*" if prefix else "")

    def join_values(self, expr: str) -> str:
        return f"group_concat({expr}, char(31))"

    def join_ids(self, expr: str) -> str:
        return f"group_concat({expr})"  # the default comma: a tenth faster than char(31) per row

    def status_rank(self, column: str) -> str:
        return f"instr('{' '.join(GOAL_STATUSES)}', {column})"

    def begin_write(self) -> tuple[str, ...]:
        return ("BEGIN IMMEDIATE",)  # the write lock up front: no mid-transaction "database is locked"

    def begin_read(self) -> str:
        return "BEGIN"  # deferred: a snapshot from the first read on

    def greatest(self, *exprs: str) -> str:
        return f"max({', '.join(exprs)})"

    def least(self, *exprs: str) -> str:
        return f"min({', '.join(exprs)})"

    def table_exists(self) -> str:
        return "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"

    def foreign_keys_sql(self) -> str:
        """(child table, column, parent table, ON DELETE) of every foreign key; no parameters."""
        return (
            'SELECT m.name, fk."from", fk."table", fk.on_delete FROM sqlite_master AS m, '
            "pragma_foreign_key_list(m.name) AS fk WHERE m.type = 'table' AND m.sql NOT LIKE 'CREATE VIRTUAL%' "
            "ORDER BY m.name, fk.id"
        )

    def after_explicit_ids(self, table: str) -> tuple[str, ...]:
        return ()  # INTEGER PRIMARY KEY: the next id follows the largest

    no_index_prefix = "+"  # SQLite's unary plus: the date index is not walked for ORDER BY on a selective filter
    bulk_fts = True  # FTS5 triggers cost ~100 µs a row; its 'rebuild' a fraction of that

    def fts_triggers_sql(self, table: str) -> str:
        return (
            f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE '{table}\\_fts\\_%' ESCAPE '\\'"
        )

    def fts_from(self, table: str) -> str:
        fts = self.fts_tables[table]
        return f"{fts} CROSS JOIN {table} ON {table}.id = {fts}.rowid"

    def fts_where(self, table: str) -> str:
        fts = self.fts_tables[table]
        return f"{fts} MATCH ?"

    def fts_and(self, parts: Sequence[str]) -> str:
        return " AND ".join(parts)

    def fts_or(self, parts: Sequence[str]) -> str:
        return " OR ".join(parts)

    # --- people, promotion, target role, goal history (issue 24, people area) ------------------------------
    def day_of(self, column: str) -> str:
        return f"substr({column}, 1, 10)"  # timestamps are stored as `YYYY-MM-DD HH:MM:SS.ffffff` text

    def scan(self, table: str) -> str:
        return f"{table} NOT INDEXED"

    def primary_key_sql(self) -> str:
        return "SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk"

    def latest(self, *exprs: str) -> str:
        """Scalar max() is NULL when any value is: compare with '' for NULL (below any text), then give NULL back."""
        parts = ", ".join(f"coalesce({e}, '')" for e in exprs)
        return f"nullif(max({parts}), '')"


# FTS5's unicode61 tokenizer (remove_diacritics 2) folds case and Latin accents and splits words at punctuation;
# PostgreSQL's 'simple' configuration lowercases (ASCII only under the C locale) and its parser keeps `node.js` or
# `foo-bar` whole.  So both sides of a PostgreSQL text search go through the same folding first: ASCII punctuation
# becomes a space, and these accented Latin letters (either case) become their base letter.
ASCII_PUNCTUATION = "[!-/:-@\\[-`{-~]"


def _latin_folds() -> tuple[str, str]:
    import unicodedata

    accented, plain = [], []
    for code in range(0xC0, 0x250):
        char = chr(code)
        base = unicodedata.normalize("NFKD", char)
        if (
            len(base) > 1
            and base[0].isascii()
            and base[0].isalpha()
            and all(unicodedata.combining(c) for c in base[1:])
        ):
            accented.append(char)
            plain.append(base[0].lower())
    return "".join(accented), "".join(plain)


class PostgresDialect(Dialect):
    """PostgreSQL: text search on `tsvector` tables named as SQLite's FTS5 ones, advisory write lock, catalogs."""

    name = "postgresql"

    @property
    def folds(self) -> tuple[str, str]:
        """(accented letters, their base letters) for `translate`, computed once."""
        if not hasattr(self, "_folds"):
            self._folds = _latin_folds()
        return self._folds

    def fold_function_sql(self) -> str:
        """`journal_fts_text(text)`: what the index and the queries both see of a text (see ASCII_PUNCTUATION)."""
        accented, plain = self.folds
        return (
            "CREATE FUNCTION journal_fts_text(t text) RETURNS text IMMUTABLE PARALLEL SAFE LANGUAGE sql AS $$ "
            f"SELECT translate(regexp_replace(lower(t), '{ASCII_PUNCTUATION}', ' ', 'g'), '{accented}', '{plain}') $$"
        )

    def fold(self, text: str) -> str:
        """The same folding in Python, for the query's words."""
        accented, plain = self.folds
        return re.sub(ASCII_PUNCTUATION, " ", text.lower()).translate(str.maketrans(accented, plain))

    def fts_match(self, fts: str) -> str:
        return f"{fts}.doc @@ to_tsquery('simple', ?)"

    def fts_ids(self, table: str) -> str:
        fts = self.fts_tables[table]
        return f"SELECT {fts}.rowid FROM {fts} WHERE {self.fts_match(fts)}"

    def fts_driven(self, table: str, rest: str, select: str = "1", *, span: bool = False) -> str:
        fts = self.fts_tables[table]
        between = f" AND {fts}.rowid BETWEEN ? AND ?" if span else ""
        if not rest and select == "1":
            return f"SELECT 1 FROM {fts} WHERE {self.fts_match(fts)}{between}"
        return (
            f"SELECT {select} FROM {fts} JOIN {table} ON {table}.id = {fts}.rowid "
            f"WHERE {self.fts_match(fts)}{between}{' AND ' + rest if rest else ''}"
        )

    def fts_nearest(self, table: str, rest: str, select: str, newest_first: bool) -> str:
        fts = self.fts_tables[table]
        cmp, way = ("<=", " DESC") if newest_first else (">=", "")
        return (
            f"SELECT {select} FROM (SELECT {fts}.rowid FROM {fts} WHERE {self.fts_match(fts)} AND rowid {cmp} ? "
            f"ORDER BY rowid{way} LIMIT ?) AS near JOIN {table} ON {table}.id = near.rowid"
            f"{' WHERE ' + rest if rest else ''}"
        )

    def fts_count_upto(self, table: str) -> str:
        fts = self.fts_tables[table]
        return f"SELECT count(*) FROM (SELECT 1 FROM {fts} WHERE {self.fts_match(fts)} LIMIT ?) AS hits"

    def fts_phrase(self, term: str, prefix: bool) -> str:
        """A tsquery of the term's words in order (`<->`), the last one a prefix (`:*`) when asked: FTS5's
        `"word"*` and `"two words"`.  Words are quoted lexemes, so no character of the term is an operator."""
        words = _TOKEN.findall(self.fold(term))
        if not words:
            return "''"
        quoted = ["'" + w.replace("\\", "\\\\").replace("'", "''") + "'" for w in words]
        if prefix:
            quoted[-1] += ":*"
        return "(" + " <-> ".join(quoted) + ")"

    def fts_from(self, table: str) -> str:
        fts = self.fts_tables[table]
        return f"{fts} JOIN {table} ON {table}.id = {fts}.rowid"

    def fts_where(self, table: str) -> str:
        return self.fts_match(self.fts_tables[table])

    def fts_and(self, parts: Sequence[str]) -> str:
        return " & ".join(parts)

    def fts_or(self, parts: Sequence[str]) -> str:
        return " | ".join(parts)

    def join_values(self, expr: str) -> str:
        return f"string_agg(CAST({expr} AS TEXT), chr(31))"

    def join_ids(self, expr: str) -> str:
        return f"string_agg(CAST({expr} AS TEXT), ',')"

    def status_rank(self, column: str) -> str:
        return f"strpos('{' '.join(GOAL_STATUSES)}', {column})"

    def begin_write(self) -> tuple[str, ...]:
        return ("BEGIN", f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")

    def begin_read(self) -> str:
        return "BEGIN ISOLATION LEVEL REPEATABLE READ"  # one snapshot for every read of the block

    def greatest(self, *exprs: str) -> str:
        return f"greatest({', '.join(exprs)})"

    def least(self, *exprs: str) -> str:
        return f"least({', '.join(exprs)})"

    def table_exists(self) -> str:
        # to_regclass, not information_schema.tables: planning that view costs a new connection ~2 ms of the
        # server's CPU, paid by every command that opens the journal (a NULL schema finds nothing)
        return (
            "SELECT 1 WHERE to_regclass(quote_ident(current_schema()) || '.' || quote_ident(CAST(? AS TEXT))) "
            "IS NOT NULL"
        )

    def foreign_keys_sql(self) -> str:
        return (
            "SELECT child.relname, att.attname, parent.relname, "
            "CASE con.confdeltype WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' ELSE 'NO ACTION' END "
            "FROM pg_constraint AS con JOIN pg_class AS child ON child.oid = con.conrelid "
            "JOIN pg_class AS parent ON parent.oid = con.confrelid "
            "JOIN pg_attribute AS att ON att.attrelid = con.conrelid AND att.attnum = con.conkey[1] "
            "WHERE con.contype = 'f' AND child.relnamespace = CAST(current_schema() AS regnamespace) "
            "AND child.relname NOT IN ('entry_fts', 'feedback_fts') "  # the text index follows by trigger
            "ORDER BY child.relname, con.conname"
        )

    def after_explicit_ids(self, table: str) -> tuple[str, ...]:
        """Rows inserted with their own ids (an undo, a copy) leave the id sequence behind: move it past them."""
        return (f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), greatest((SELECT max(id) FROM {table}), 1))",)

    # --- people, promotion, target role, goal history (issue 24, people area) ------------------------------
    def day_of(self, column: str) -> str:
        return f"CAST({column} AS DATE)"

    def scan(self, table: str) -> str:
        return table  # the planner chooses; there is no hint to give

    def primary_key_sql(self) -> str:
        return (
            "SELECT att.attname FROM pg_index AS ix "
            "JOIN pg_class AS t ON t.oid = ix.indrelid "
            "JOIN unnest(ix.indkey) WITH ORDINALITY AS k(attnum, n) ON TRUE "
            "JOIN pg_attribute AS att ON att.attrelid = t.oid AND att.attnum = k.attnum "
            "WHERE ix.indisprimary AND t.relname = CAST(? AS TEXT) "
            "AND t.relnamespace = CAST(current_schema() AS regnamespace) ORDER BY k.n"
        )

    def latest(self, *exprs: str) -> str:
        return f"greatest({', '.join(exprs)})"  # greatest() skips NULLs


SQLITE = SqliteDialect()
POSTGRES = PostgresDialect()
