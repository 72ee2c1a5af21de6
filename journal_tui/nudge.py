"""`journal nudge`: one short line in every new shell when the habit slips; silence otherwise.

It runs from `.bashrc`/`.zshrc`, so it must cost almost nothing and never get in the
way: standard library only (no SQLAlchemy, SQLModel, Textual, not even dateutil),
the journal opened read-only through a `file:...?mode=ro` URI (it never writes or
creates the journal), a short busy timeout, and any problem at all (no journal, a
locked or damaged file, an older schema) means no output.

The checks, all relative to an explicit `today`:
- no entry dated in the last N working days (Monday to Friday, today not counted:
  a Monday morning shell does not nag about the weekend or the day just begun);
- the weekly check-in is overdue (the last one is more than 7 days old; or there is
  none yet and the journal is more than a week old);
- a milestone of an active goal, or an ask, is past its due date;
- suggestions harvested from git wait in the inbox (`journal harvest`; said first, with `journal inbox`);
- the date to try again for a promotion is 14 days away or less (`promo.retry_reason`).
"""

import datetime as dt
import os
import sqlite3
import sys

from journal_tui.data.conn import Connection, Error as DbError
from journal_tui.plurals import plural

DEFAULT_DAYS = 3
CHECKIN_EVERY_DAYS = 7
BUSY_TIMEOUT_MS = 200  # a shell start-up must not hang on a journal someone holds


def journal_path(explicit: str | None = None) -> str:
    """The same file as `db.resolve_db_path`, without importing `db` or (on Linux) platformdirs (17 ms).

    `--db`, then `$JOURNAL_DB`, then the user data directory: on Linux that is
    platformdirs' XDG rule, written out; elsewhere platformdirs itself decides.
    """
    raw = explicit or os.environ.get("JOURNAL_DB")
    if raw:
        return os.path.expanduser(os.fspath(raw))
    if sys.platform == "linux":
        base = os.environ.get("XDG_DATA_HOME", "")
        base = base if base.strip() else os.path.expanduser("~/.local/share")
        return os.path.join(base, "journal_tui", "journal.db")
    from journal_tui.data.db import resolve_db_path

    return resolve_db_path(None)


def working_days_between(last: dt.date, today: dt.date) -> int:
    """Working days (Mon-Fri) strictly after `last` and strictly before `today`."""
    if last >= today:
        return 0
    full_weeks, extra = divmod((today - last).days - 1, 7)
    count = full_weeks * 5
    day = last + dt.timedelta(days=full_weeks * 7)
    for _ in range(extra):
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            count += 1
    return count


def uri_path(path: str) -> str:
    """Escape what a SQLite URI path cannot hold as is (urllib.parse costs 8 ms of start-up)."""
    return path.replace("%", "%25").replace("?", "%3f").replace("#", "%23")


def open_readonly(path: str) -> Connection:
    """A read-only connection that can neither create nor change the file."""
    if not os.path.isfile(path):
        raise FileNotFoundError(path)
    conn = sqlite3.connect(f"file:{uri_path(os.path.abspath(path))}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


def has_table(conn: Connection, name: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone() is not None


def overdue_asks(conn: Connection, today: dt.date) -> list[tuple[str, str]]:
    """("Person: what about", due date) of open asks for feedback past their due date.

    [] for a journal from before asks existed: the nudge reads older files as they are, never upgrading them.
    """
    if not has_table(conn, "ask"):
        return []
    sql = ("SELECT p.name || ': ' || a.about, a.due_on FROM ask a JOIN person p ON p.id = a.person_id"
           " WHERE a.status = 'open' AND a.due_on IS NOT NULL AND a.due_on < ? ORDER BY a.due_on, a.id")
    return [(str(r[0]), str(r[1])) for r in conn.execute(sql, (today.isoformat(),))]


def waiting_suggestions(conn: Connection) -> int:
    """Suggestions harvested from git and waiting in the inbox (harvest.py owns the rest of the feature's SQL)."""
    if not has_table(conn, "suggestion"):
        return 0
    waiting: int = conn.execute("SELECT count(*) FROM suggestion WHERE status = 'pending'").fetchone()[0]
    return waiting


def quote_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def overdue_milestones(conn: Connection, today: dt.date) -> int:
    late: int = conn.execute(
        "SELECT count(*) FROM milestone m JOIN goal g ON g.id = m.goal_id"
        " WHERE g.status = 'active' AND m.done_on IS NULL AND m.due_on IS NOT NULL AND m.due_on < ?",
        (today.isoformat(),)).fetchone()[0]
    return late


def reasons(conn: Connection, today: dt.date, days: int = DEFAULT_DAYS) -> list[tuple[str, str]]:
    """(what is wrong, what to run) for each check that fails; [] when all is well."""
    out: list[tuple[str, str]] = []
    iso = today.isoformat()
    waiting = waiting_suggestions(conn)
    if waiting:  # first: accepting one is the quickest way to log
        out.append((f"{waiting} suggestion{'s' if waiting > 1 else ''} from git in the inbox", "journal inbox"))
    # two index lookups: max() and min() together with a WHERE would scan the whole date range
    row = conn.execute("SELECT occurred_on FROM entry WHERE occurred_on <= ? ORDER BY occurred_on DESC LIMIT 1",
                       (iso,)).fetchone()
    last = row[0] if row else None
    (first,) = conn.execute("SELECT min(occurred_on) FROM entry").fetchone()
    if last is None:
        out.append(("nothing logged yet", 'journal add "what you did"'))
    else:
        quiet = working_days_between(dt.date.fromisoformat(last), today)
        if quiet >= days:
            out.append((f"nothing logged for {plural(quiet, 'working day')}", 'journal add "what you did"'))
    if has_table(conn, "checkin"):
        row = conn.execute("SELECT checked_on FROM checkin WHERE checked_on <= ? ORDER BY checked_on DESC LIMIT 1",
                           (iso,)).fetchone()
        checked = row[0] if row else None
        if checked is not None:
            if (today - dt.date.fromisoformat(checked)).days > CHECKIN_EVERY_DAYS:
                out.append((f"weekly check-in overdue (last {checked})", "journal checkin"))
        elif first is not None and (today - dt.date.fromisoformat(first)).days > CHECKIN_EVERY_DAYS:
            out.append(("no weekly check-in yet", "journal checkin"))
    late = overdue_milestones(conn, today)
    if late:
        out.append((f"{plural(late, 'milestone')} overdue", "journal goal list"))
    asks = len(overdue_asks(conn, today))
    if asks:
        out.append((f"{plural(asks, 'ask')} overdue", "journal asks"))
    from journal_tui.promo import retry_reason  # stdlib only, and its SQL stays with the rest of the feature's

    retry = retry_reason(conn, today)
    if retry:
        out.append((retry, "journal promo list"))
    return out


def nudge_line(path: str, today: dt.date, days: int = DEFAULT_DAYS) -> str | None:
    """The one line to print, or None for silence (including when anything goes wrong)."""
    try:
        conn = open_readonly(path)
    except (OSError, DbError):
        return None
    try:
        found = reasons(conn, today, days)
    except DbError:
        return None
    finally:
        conn.close()
    if not found:
        return None
    return f"journal: {' · '.join(r for r, _ in found)} → {found[0][1]}"
