"""The SQL reads of a review's top (review.py `build_head`): what its headline adds up, counted by the engine.

The headline, the wins per week and the skills of a period come from a few group-bys over
the period's entries and feedback, so the app shows the top of a 15,000-win review before
reading those rows (a tenth of the time).  Every statement takes the filter the review is
built for, compiled as `Reader` compiles it (`Compiler.entry_where` with the same plan), so
the counts are those of the rows `Reader.bulk_entries` reads.
"""

from journal_tui.data.conn import Connection, dialect_of
from journal_tui.data.sqltext import Compiler, Where, choose_plan
from journal_tui.query import Filter


def _entry_where(conn: Connection, flt: Filter, use_fts: bool) -> Where:
    return Compiler(dialect_of(conn), use_fts=use_fts).entry_where(flt, plan=choose_plan(flt))


def entries_per_day(conn: Connection, flt: Filter, *, use_fts: bool) -> list[tuple[str, int, int]]:
    """(day, entries, key wins) of each day with an entry under `flt`, days as ISO text."""
    w = _entry_where(conn, flt, use_fts)
    sql = (
        "SELECT entry.occurred_on, count(*), count(*) FILTER (WHERE entry.starred = ?) "
        f"FROM entry{w.sql()} GROUP BY entry.occurred_on"
    )
    return [(str(r[0]), int(r[1]), int(r[2])) for r in conn.execute(sql, [True, *w.params])]


def stated_impacts(conn: Connection, flt: Filter, *, use_fts: bool) -> list[str]:
    """The impact of each entry under `flt` that states one (the caller looks for a number in them: a digit is
    any Unicode digit, which neither engine's patterns say alike)."""
    w = _entry_where(conn, flt, use_fts)
    w.add("entry.impact <> ''")
    return [str(r[0]) for r in conn.execute(f"SELECT entry.impact FROM entry{w.sql()}", w.params)]


def feedback_per_kind(conn: Connection, flt: Filter, *, use_fts: bool) -> dict[str, int]:
    """Feedback under `flt`, counted by kind (praise, constructive, neutral)."""
    w = Compiler(dialect_of(conn), use_fts=use_fts).feedback_where(flt)
    sql = f"SELECT feedback.kind, count(*) FROM feedback{w.sql()} GROUP BY feedback.kind"
    return {str(kind): int(n) for kind, n in conn.execute(sql, w.params)}
