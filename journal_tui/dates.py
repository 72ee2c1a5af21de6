"""Natural-language dates and ranges, on top of python-dateutil.

dateutil parses absolute dates well ("Nov 2", "2 November 2026", "2026/11/02") but
not relative phrases ("yesterday", "last friday", "3 weeks ago") or periods
("2026-Q3", "last month").  Those are handled here with `relativedelta`; strict
(never fuzzy) `dateutil.parser.parse` handles the rest, imported only when needed so
the quick-add path stays light.

Everything is relative to an explicit `today`, so tests are deterministic.
Entries point to the past ("friday" = the most recent Friday), due dates to the
future ("friday" = the coming one).
"""

import datetime as dt
import re
from typing import Literal, NamedTuple

from dateutil.relativedelta import FR, MO, SA, SU, TH, TU, WE, relativedelta
from dateutil.relativedelta import weekday as RDWeekday

from journal_tui.errors import JournalError
from journal_tui.validate import MAX_YEAR, MIN_YEAR

Direction = Literal["past", "future"]


class DateError(JournalError):
    """A date or range the parser does not understand; the message names the input."""


class DateRange(NamedTuple):
    """An inclusive range of days (a NamedTuple: dataclasses cost the quick add 14 ms of imports)."""

    start: dt.date
    end: dt.date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> "DateRange":
        """The period of the same length just before this one (for comparisons)."""
        if self.start.day == 1 and (self.end + dt.timedelta(days=1)).day == 1:
            months = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1
            start = self.start - relativedelta(months=months)
            return DateRange(start, self.start - dt.timedelta(days=1))
        return DateRange(self.start - dt.timedelta(days=self.days), self.start - dt.timedelta(days=1))

    def label(self) -> str:
        return (
            self.start.isoformat() if self.start == self.end else f"{self.start.isoformat()} to {self.end.isoformat()}"
        )


WEEKDAYS: dict[str, RDWeekday] = {}
for _names, _wd in (
    (("monday", "mon"), MO),
    (("tuesday", "tue", "tues"), TU),
    (("wednesday", "wed"), WE),
    (("thursday", "thu", "thur", "thurs"), TH),
    (("friday", "fri"), FR),
    (("saturday", "sat"), SA),
    (("sunday", "sun"), SU),
):
    for _n in _names:
        WEEKDAYS[_n] = _wd

MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for name in names
}

UNITS = {"day": "days", "week": "weeks", "month": "months", "year": "years", "quarter": "quarters"}
_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twelve": 12,
}
_N = r"(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve)"
_UNIT = r"(day|week|month|year|quarter)s?"

_AGO = re.compile(rf"^{_N} {_UNIT} ago$")
_IN = re.compile(rf"^in {_N} {_UNIT}$")
_LAST_N = re.compile(rf"^(?:last|past) {_N} {_UNIT}$")
_QUARTER = re.compile(r"^(?:(\d{4})[- ]?q([1-4])|q([1-4])(?:[- ]?(\d{4}))?)$")
_YEAR = re.compile(r"^(\d{4})$")
_YEAR_MONTH = re.compile(r"^(\d{4})[-/](\d{1,2})$")
_ISO_WEEK = re.compile(r"^(\d{4})-?w(\d{1,2})$")
_MONTH_NAME = re.compile(r"^([a-z]+)\.?(?:,? (\d{4}))?$")
_RELATIVE_PERIOD = re.compile(r"^(this|last|next|previous) (week|month|quarter|year)$")
_RANGE_SPLIT = re.compile(r"\s*(?:\.\.|\bto\b|\buntil\b)\s*")
_HAS_YEAR = re.compile(r"\b\d{4}\b|^\d{8}$")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def normalise(text: str) -> str:
    """Lower-case, collapse spaces, and read 'last-quarter' as 'last quarter' (filter tokens)."""
    text = " ".join(text.strip().lower().split())
    if (
        not re.match(r"^\d{4}[-/]", text)
        and re.fullmatch(r"[a-z0-9-]+", text)
        and re.search(r"[a-z]-|-[a-z]", text)
        and not _QUARTER.match(text)
        and not _ISO_WEEK.match(text)
    ):
        text = text.replace("-", " ")
    return text


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS[word]


def _shift(unit: str, n: int) -> relativedelta:
    shifts = {
        "day": relativedelta(days=n),
        "week": relativedelta(weeks=n),
        "month": relativedelta(months=n),
        "year": relativedelta(years=n),
        "quarter": relativedelta(months=3 * n),
    }
    return shifts[unit]


def quarter_range(year: int, quarter: int) -> DateRange:
    start = dt.date(year, 3 * quarter - 2, 1)
    return DateRange(start, start + relativedelta(months=3, days=-1))


def month_range(year: int, month: int) -> DateRange:
    start = dt.date(year, month, 1)
    return DateRange(start, start + relativedelta(months=1, days=-1))


def week_range(day: dt.date) -> DateRange:
    start = day - dt.timedelta(days=day.weekday())
    return DateRange(start, start + dt.timedelta(days=6))


def _period(which: str, unit: str, today: dt.date) -> DateRange:
    step = {"this": 0, "last": -1, "previous": -1, "next": 1}[which]
    if unit == "week":
        return week_range(today + dt.timedelta(weeks=step))
    if unit == "month":
        day = today + relativedelta(months=step)
        return month_range(day.year, day.month)
    if unit == "quarter":
        day = today + relativedelta(months=3 * step)
        return quarter_range(day.year, (day.month - 1) // 3 + 1)
    year = today.year + step
    return DateRange(dt.date(year, 1, 1), dt.date(year, 12, 31))


def _relative_day(text: str, today: dt.date, direction: Direction) -> dt.date | None:
    """The relative phrases dateutil cannot parse; None when `text` is not one of them."""
    simple = {"today": 0, "now": 0, "yesterday": -1, "tomorrow": 1}
    if text in simple:
        return today + dt.timedelta(days=simple[text])
    words = text.split()
    if len(words) <= 2 and words[-1] in WEEKDAYS:
        wd = WEEKDAYS[words[-1]]
        if len(words) == 1:
            # past: the most recent such day, today included; future: the coming one, today included
            return today + relativedelta(weekday=wd(-1 if direction == "past" else +1))
        if words[0] in ("last", "previous", "past"):
            return today - dt.timedelta(days=1) + relativedelta(weekday=wd(-1))
        if words[0] in ("next", "coming", "this"):
            if words[0] == "this":
                return today + relativedelta(weekday=wd(-1 if direction == "past" else +1))
            return today + dt.timedelta(days=1) + relativedelta(weekday=wd(+1))
        return None
    if m := _AGO.match(text):
        return today - _shift(m.group(2), _count(m.group(1)))
    if m := _IN.match(text):
        return today + _shift(m.group(2), _count(m.group(1)))
    return None


DATE_TEXT_LIMIT = 100  # no date dateutil reads is longer ("Wednesday, November 2nd, 2026 at 3pm" is 36)


def _absolute_day(text: str, original: str, today: dt.date, direction: Direction) -> dt.date:
    """Strict dateutil parsing, then pull year-less dates to the side `direction` asks for."""
    if len(text) > DATE_TEXT_LIMIT:  # dateutil's tokenizer is quadratic in a long word: 20 s for a 1 MB paste
        raise DateError(f"unknown date {original[:40]!r}…: {len(original):,} characters, longer than any date")
    if re.fullmatch(r"\d{1,7}", text):
        raise DateError(f"unknown date {original!r}: a bare number is ambiguous; write 2026-11-02 or 'Nov 2'")
    if _ISO_DAY.fullmatch(text):  # 2026-11-02, as scripts and the docs write it: no parser to import (10 ms)
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass  # not a day (2026-02-30): dateutil's message says why
    from dateutil import parser  # deferred: the common phrases never need it

    try:
        parsed = parser.parse(text, default=dt.datetime(today.year, today.month, today.day)).date()
    except (ValueError, OverflowError, parser.ParserError) as exc:
        reason = str(exc).split(":")[0]
        detail = f" ({reason})" if "out of range" in reason or "must be in" in reason else ""
        raise DateError(_day_message(original, detail)) from None
    if not _HAS_YEAR.search(text):
        if parsed.year != today.year:  # dateutil read a stray number as a year ("32 Jan" -> 2032)
            raise DateError(f"unknown date {original!r}; write the year in full, e.g. 2026-01-31")
        if direction == "past" and parsed > today:
            parsed -= relativedelta(years=1)
        elif direction == "future" and parsed < today:
            parsed += relativedelta(years=1)
    return parsed


def _period_range(text: str, today: dt.date) -> DateRange | None:
    """Named periods: quarters, months, years, weeks, 'last 90 days'."""
    if m := _RELATIVE_PERIOD.match(text):
        return _period(m.group(1), m.group(2), today)
    if m := _QUARTER.match(text):
        year = int(m.group(1) or m.group(4) or today.year)
        return quarter_range(year, int(m.group(2) or m.group(3)))
    if m := _YEAR.match(text):
        return DateRange(dt.date(int(m.group(1)), 1, 1), dt.date(int(m.group(1)), 12, 31))
    if m := _YEAR_MONTH.match(text):
        month = int(m.group(2))
        if not 1 <= month <= 12:
            raise DateError(f"unknown month in {text!r}")
        return month_range(int(m.group(1)), month)
    if m := _ISO_WEEK.match(text):
        try:
            monday = dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
        except ValueError:
            raise DateError(f"unknown week {text!r}") from None
        return week_range(monday)
    if m := _LAST_N.match(text):
        n, unit = _count(m.group(1)), m.group(2)
        start = today - _shift(unit, n) + dt.timedelta(days=1)
        return DateRange(start, today)
    if (m := _MONTH_NAME.match(text)) and m.group(1) in MONTHS:
        month = MONTHS[m.group(1)]
        if m.group(2):
            return month_range(int(m.group(2)), month)
        year = today.year if month <= today.month else today.year - 1
        return month_range(year, month)
    if text in ("ytd", "year to date"):
        return DateRange(dt.date(today.year, 1, 1), today)
    return None


def parse_date(text: str, *, today: dt.date | None = None, direction: Direction = "past") -> dt.date:
    """One day from a phrase; periods ('last week') are refused, naming the input."""
    try:
        day = _parse_date(text, today=today, direction=direction)
    except (ValueError, OverflowError):  # date arithmetic past year 9999 or before year 1
        raise DateError(f"date {text.strip()!r} is out of range (years {MIN_YEAR}-{MAX_YEAR})") from None
    return _bounded(day, text)


def _bounded(day: dt.date, text: str) -> dt.date:
    """Journals hold years MIN_YEAR..MAX_YEAR: far-off dates are typos, and arithmetic near year 1 or 9999 overflows."""
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise DateError(f"date {text.strip()!r} ({day.isoformat()}) is out of range (years {MIN_YEAR}-{MAX_YEAR})")
    return day


def _parse_date(text: str, *, today: dt.date | None, direction: Direction) -> dt.date:
    today = today or dt.date.today()
    norm = normalise(text)
    if not norm:
        raise DateError("empty date")
    day = _relative_day(norm, today, direction)
    if day is not None:
        return day
    if _period_range(norm, today) is not None:
        raise DateError(f"{text!r} is a period, not a day; give one day (e.g. 'yesterday' or 2026-11-02)")
    return _absolute_day(norm, text.strip(), today, direction)


_DAY_HINT = "; try 'yesterday', 'last friday', '3 days ago' or 2026-11-02"
DAY_PHRASES = (
    "today",
    "yesterday",
    "tomorrow",
    *(
        f"{w}{d}"
        for w in ("", "last ", "next ")
        for d in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    ),
)
PERIOD_PHRASES = (
    *(f"{w} {p}" for w in ("this", "last") for p in ("week", "month", "quarter", "year")),
    "last 7 days",
    "last 30 days",
    "last 90 days",
    "q1",
    "q2",
    "q3",
    "q4",
)


def _nearest(text: str, phrases: tuple[str, ...]) -> str | None:
    import difflib  # only on an error

    close = difflib.get_close_matches(text, [p.strip() for p in phrases], n=1, cutoff=0.75)
    return close[0] if close else None


def _day_message(original: str, detail: str) -> str:
    """An unknown day: the nearest day phrase when the input is a typo of one, else examples of days."""
    guess = _nearest(normalise(original), DAY_PHRASES)
    return f"unknown date {original!r}{detail}" + (f"; did you mean '{guess}'?" if guess else _DAY_HINT)


def _period_message(text: str) -> str:
    """An unknown period: the nearest period (or day) phrase, else examples of periods, never only of days."""
    norm = normalise(text)
    if m := re.fullmatch(r"(\d{4}-)?q(\d+)", norm):
        return f"unknown period {text.strip()!r}: a year has four quarters, Q1 to Q4 (e.g. {m.group(1) or ''}Q3)"
    guess = _nearest(norm, PERIOD_PHRASES + DAY_PHRASES)
    if guess:
        return f"unknown period {text.strip()!r}; did you mean '{guess}'?"
    return (
        f"unknown period {text.strip()!r}; try 'Q3', '2026-Q3', 'last quarter', 'this month', 'last 90 days' "
        "or 2026-07-01..2026-09-30"
    )


def parse_range(text: str, *, today: dt.date | None = None) -> DateRange:
    """A period ('2026-Q3', 'last month', 'A..B') or a single day as a one-day range."""
    try:
        rng = _parse_range(text, today=today)
    except (ValueError, OverflowError):
        raise DateError(f"period {text.strip()!r} is out of range (years {MIN_YEAR}-{MAX_YEAR})") from None
    _bounded(rng.start, text)
    _bounded(rng.end, text)
    return rng


def _parse_range(text: str, *, today: dt.date | None) -> DateRange:
    today = today or dt.date.today()
    norm = normalise(text)
    if not norm:
        raise DateError("empty date range")
    period = _period_range(norm, today)
    if period is not None:
        return period
    parts = _RANGE_SPLIT.split(norm)
    if len(parts) == 2 and all(parts):
        start = parse_range(parts[0], today=today).start
        end = parse_range(parts[1], today=today).end
        if end < start:
            raise DateError(f"range {text!r} ends before it starts")
        return DateRange(start, end)
    try:
        day = parse_date(text, today=today, direction="past")
    except DateError as exc:
        if str(exc).startswith("unknown date") and (_DAY_HINT in str(exc) or "did you mean" in str(exc)):
            raise DateError(_period_message(text)) from None  # where a period is expected, suggest periods
        raise
    return DateRange(day, day)


def quarter_of(day: dt.date) -> DateRange:
    return quarter_range(day.year, (day.month - 1) // 3 + 1)


def quarter_label(rng: DateRange) -> str:
    """'2026-Q3' when the range is exactly a quarter, else 'A to B'."""
    q = quarter_of(rng.start)
    if q == rng:
        return f"{rng.start.year}-Q{(rng.start.month - 1) // 3 + 1}"
    return rng.label()


FAR_PAST = dt.date(1900, 1, 1)  # where a range with no start begins (`--to` alone, `to:` alone)


def range_of(start: dt.date | None, end: dt.date | None, today: dt.date) -> DateRange | None:
    """The period that a filter's dates name (`in:last-quarter`, `from:2026-07-01`), for a review or a
    case asked for without a period of its own; None when the filter names no dates."""
    if start is None and end is None:
        return None
    first = start or FAR_PAST
    return DateRange(first, end or max(today, first))
