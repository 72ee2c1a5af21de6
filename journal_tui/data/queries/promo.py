"""The reads of promotion conversations (`promo`): one, every one up to a day, and the retry date standing on a day.

Standard library only: `journal nudge` reads the retry date from every new shell.  Rows are
(id, talked_on, outcome, person name or None, note, retry_on), dates as ISO text; `journal_tui.promo` builds its
`PromoRow` from them.
"""

import datetime as dt
from typing import Any

from journal_tui.data.conn import Connection, dialect_of

_COLUMNS = (
    "SELECT c.id, c.talked_on, c.outcome, p.name, c.note, c.retry_on FROM promo c"
    " LEFT JOIN person p ON p.id = c.person_id"
)
_NEWEST_FIRST = " ORDER BY c.talked_on DESC, c.id DESC"


def promo_row(conn: Connection, promo_id: int) -> tuple[Any, ...] | None:
    row: tuple[Any, ...] | None = conn.execute(_COLUMNS + " WHERE c.id = ?", (promo_id,)).fetchone()
    return row


def promo_rows(conn: Connection, *, until: dt.date | None = None) -> list[tuple[Any, ...]]:
    """Every conversation (or those dated by `until`), newest first."""
    where, args = (" WHERE c.talked_on <= ?", (until.isoformat(),)) if until else ("", ())
    return list(conn.execute(_COLUMNS + where + _NEWEST_FIRST, args))


def latest_retry(conn: Connection, today: dt.date) -> str | None:
    """The retry date (ISO) of the latest conversation dated by `today`; None when it has none, when there is no
    conversation, or when the journal is from before promotions (no `promo` table: the nudge reads files as they
    are)."""
    if conn.execute(dialect_of(conn).table_exists(), ("promo",)).fetchone() is None:
        return None
    row = conn.execute(
        "SELECT retry_on FROM promo WHERE talked_on <= ? ORDER BY talked_on DESC, id DESC LIMIT 1", (today.isoformat(),)
    ).fetchone()
    return str(row[0]) if row is not None and row[0] else None
