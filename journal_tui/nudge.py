"""`journal nudge`: one short line in every new shell when the habit slips; silence otherwise.

It runs from `.bashrc`/`.zshrc`, so it must cost almost nothing and never get in the
way: standard library only (no SQLAlchemy, SQLModel, Textual, not even dateutil),
the journal opened read-only (`data/queries/nudge.py`: a file through a `file:...?mode=ro`
URI with a short busy timeout, so it never writes or creates the journal; a server URL through
`db.raw_connect`, psycopg loaded only then), and any problem at all (no journal, a locked or
damaged file, an unreachable server, an older schema) means no output.

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
import sys

from journal_tui.data.conn import Connection
from journal_tui.data.conn import Error as DbError
from journal_tui.data.locator import is_server
from journal_tui.data.queries import nudge as q
from journal_tui.data.queries.harvest import pending_count
from journal_tui.plurals import plural

DEFAULT_DAYS = 3
CHECKIN_EVERY_DAYS = 7


def journal_path(explicit: str | None = None) -> str:
    """The same journal as `db.resolve_db_path`, without importing `db` or (on Linux) platformdirs (17 ms).

    `--db`, then `$JOURNAL_DB` (a file path, or a server URL kept as it is), then the user data directory: on
    Linux that is platformdirs' XDG rule, written out; elsewhere platformdirs itself decides.
    """
    raw = explicit or os.environ.get("JOURNAL_DB")
    if raw:
        text = os.fspath(raw)
        return text if is_server(text) else os.path.expanduser(text)
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


def reasons(conn: Connection, today: dt.date, days: int = DEFAULT_DAYS) -> list[tuple[str, str]]:
    """(what is wrong, what to run) for each check that fails; [] when all is well."""
    out: list[tuple[str, str]] = []
    iso = today.isoformat()
    waiting = pending_count(conn)
    if waiting:  # first: accepting one is the quickest way to log
        out.append((f"{waiting} suggestion{'s' if waiting > 1 else ''} from git in the inbox", "journal inbox"))
    # two index lookups: max() and min() together with a WHERE would scan the whole date range
    last = q.last_entry_on(conn, iso)
    first = q.first_entry_on(conn)
    if last is None:
        out.append(("nothing logged yet", 'journal add "what you did"'))
    else:
        quiet = working_days_between(dt.date.fromisoformat(last), today)
        if quiet >= days:
            out.append((f"nothing logged for {plural(quiet, 'working day')}", 'journal add "what you did"'))
    if q.has_table(conn, "checkin"):
        checked = q.last_checkin_on(conn, iso)
        if checked is not None:
            if (today - dt.date.fromisoformat(checked)).days > CHECKIN_EVERY_DAYS:
                out.append((f"weekly check-in overdue (last {checked})", "journal checkin"))
        elif first is not None and (today - dt.date.fromisoformat(first)).days > CHECKIN_EVERY_DAYS:
            out.append(("no weekly check-in yet", "journal checkin"))
    late = q.overdue_milestone_count(conn, iso)
    if late:
        out.append((f"{plural(late, 'milestone')} overdue", "journal goal list"))
    asks = len(q.overdue_asks(conn, iso))
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
        conn = q.open_readonly(path)
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
