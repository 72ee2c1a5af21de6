"""The promotion conversation (issue 25): state the ambition, know the decision-makers, and after a "no" ask what is
missing and set a date to try again.

Each conversation is one row of `promo`: id, talked_on (ISO date), outcome ('promoted' | 'not-yet' | 'deferred'),
person_id -> person (NULL once the person is removed: removing the person keeps the conversation), note, retry_on
(ISO date or NULL), created_at.  Its JSON (`promo list --format json`, the review's and the case's "promotion" key,
export's "promotions") is `{"id", "date", "outcome", "with" (name or null), "note", "retry" (date or null)}`.

The feature's reads are `data.queries.promo` and its writes `writes.promo` (either engine).  The module imports only
the standard library at the top: `journal nudge` calls `retry_reason` from every new shell.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from journal_tui.data.conn import Connection
from journal_tui.data.kinds import PROMO_OUTCOMES
from journal_tui.data.queries import promo as q

if TYPE_CHECKING:
    from journal_tui.data.db import HasPath
    from journal_tui.dates import DateRange

OUTCOMES = PROMO_OUTCOMES
REMIND_DAYS = 14  # `journal nudge` speaks from this many days before a retry date


@dataclass(frozen=True)
class PromoRow:
    """One promotion conversation as every reader shows it."""

    id: int
    talked_on: dt.date
    outcome: str
    person: str | None
    note: str
    retry_on: dt.date | None

    @property
    def outcome_text(self) -> str:
        return self.outcome.replace("-", " ")

    def line(self) -> str:
        """'2026-09-30, not yet, with Maria Lopez: show scope beyond the team; retry 2027-03-01' (plain text)."""
        who = f", with {self.person}" if self.person else ""
        note = f": {self.note}" if self.note else ""
        retry = f"; retry {self.retry_on.isoformat()}" if self.retry_on else ""
        return f"{self.talked_on.isoformat()}, {self.outcome_text}{who}{note}{retry}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "date": self.talked_on.isoformat(),
            "outcome": self.outcome,
            "with": self.person,
            "note": self.note,
            "retry": self.retry_on.isoformat() if self.retry_on else None,
        }


def _row(r: tuple[Any, ...]) -> PromoRow:
    return PromoRow(
        int(r[0]),
        dt.date.fromisoformat(r[1]),
        str(r[2]),
        r[3],
        str(r[4] or ""),
        dt.date.fromisoformat(r[5]) if r[5] else None,
    )


def match_outcome(typed: str) -> str:
    """The outcome a user typed: exact, or a unique prefix ('not' is not-yet, 'p' promoted); one clear line else."""
    value = typed.strip().lower().replace(" ", "-").replace("_", "-")
    found = [o for o in OUTCOMES if o == value] or [o for o in OUTCOMES if value and o.startswith(value)]
    if len(found) != 1:
        from journal_tui.errors import JournalError

        raise JournalError(f"outcome must be one of {', '.join(OUTCOMES)}, not {typed!r}")
    return found[0]


# --- writes: the rules here, the SQL in writes.promo ------------------------------------------------------


def add_promo(
    source: HasPath, outcome: str, *, talked_on: dt.date, person: str | None, note: str | None, retry_on: dt.date | None
) -> PromoRow:
    """Record a promotion conversation; `person` through the one person matcher (a new name is a new person)."""
    from journal_tui.data import db, writes
    from journal_tui.people import find_person

    chosen = match_outcome(outcome)
    writes.promo_values(
        talked_on=talked_on, outcome=chosen, note=note, retry_on=retry_on
    )  # refused before a new person
    with db.writing(source.path) as conn:
        person_id = None
        if person is not None:
            found = find_person(conn, person)
            person_id = found[0] if found else writes.name_id(conn, "person", person)
        promo_id = writes.insert_promo(
            conn, talked_on=talked_on, outcome=chosen, person_id=person_id, note=note, retry_on=retry_on
        )
        return get_promo_in(conn, promo_id)


def delete_promo(source: HasPath, promo_id: int) -> None:
    from journal_tui.data import db, writes

    with db.writing(source.path) as conn:
        writes.delete_row(conn, "promo", promo_id, "promotion conversation")


# --- reads ------------------------------------------------------------------------------------------------


def get_promo_in(conn: Connection, promo_id: int) -> PromoRow:
    row = q.promo_row(conn, promo_id)
    if row is None:
        from journal_tui.errors import NotFound

        raise NotFound(f"there is no promotion conversation with id {promo_id}; `journal promo list` shows them")
    return _row(row)


def get_promo(source: HasPath, promo_id: int) -> PromoRow:
    from journal_tui.data import db

    with db.reading(source.path) as conn:
        return get_promo_in(conn, promo_id)


def list_promos(source: HasPath, *, until: dt.date | None = None) -> list[PromoRow]:
    """Every conversation (or those dated by `until`), newest first."""
    from journal_tui.data import db

    with db.reading(source.path) as conn:
        return list_promos_in(conn, until=until)


def list_promos_in(conn: Connection, *, until: dt.date | None = None) -> list[PromoRow]:
    return [_row(r) for r in q.promo_rows(conn, until=until)]


def retry_reason(conn: Connection, today: dt.date) -> str | None:
    """The nudge's reminder, from REMIND_DAYS before the retry date of the latest conversation (None otherwise).

    Only the latest conversation counts: a later one (the retry itself, or a "promoted") settles an earlier date."""
    found = q.latest_retry(conn, today)
    if found is None:
        return None
    retry = dt.date.fromisoformat(found)
    days = (retry - today).days
    if days > REMIND_DAYS:
        return None
    when = (
        "today"
        if days == 0
        else f"in {days} day{'s' if days != 1 else ''}"
        if days > 0
        else f"{-days} day{'s' if days != -1 else ''} ago"
    )
    return f"try again for the promotion on {retry.isoformat()} ({when}): ask what is still missing"


# --- the review's and the case's section ----------------------------------------------------------------


@dataclass(frozen=True)
class PromoSection:
    """The conversations dated in a period (oldest first) and the retry date standing at its end."""

    conversations: list[PromoRow]
    next_retry: dt.date | None


def promo_section(source: HasPath, period: DateRange) -> PromoSection:
    """As of the period's end: conversations after it do not exist yet, and the next retry is the latest one's."""
    known = list_promos(source, until=period.end)
    within = [c for c in reversed(known) if c.talked_on >= period.start]
    return PromoSection(within, known[0].retry_on if known else None)


def section_markdown(section: PromoSection | None) -> list[str]:
    """The 'Promotion conversations' section (nothing when there is nothing to say), user text escaped."""
    from journal_tui.mdtext import inline

    if section is None or not (section.conversations or section.next_retry):
        return []
    out = ["", "## Promotion conversations", ""]
    out += [f"- {inline(c.line())}" for c in section.conversations] or ["- _None in this period._"]
    if section.next_retry:
        out.append(f"- Next try: {section.next_retry.isoformat()}")
    return out


def section_data(section: PromoSection | None) -> list[dict[str, Any]]:
    """The JSON "promotion" key: the conversations in the period, oldest first."""
    return [] if section is None else [c.to_dict() for c in section.conversations]
