import datetime as dt

import pytest
from conftest import TODAY
from hypothesis import given
from hypothesis import strategies as st

from journal_tui.dates import DateError, DateRange, parse_date, parse_range

FRIDAY = dt.date(2026, 11, 20)
D = dt.date


@pytest.mark.parametrize(
    "text, past, future",
    [
        ("today", D(2026, 11, 23), D(2026, 11, 23)),
        ("yesterday", D(2026, 11, 22), D(2026, 11, 22)),
        ("tomorrow", D(2026, 11, 24), D(2026, 11, 24)),
        ("friday", D(2026, 11, 20), D(2026, 11, 27)),
        ("Friday", D(2026, 11, 20), D(2026, 11, 27)),
        ("fri", D(2026, 11, 20), D(2026, 11, 27)),
        ("monday", D(2026, 11, 23), D(2026, 11, 23)),
        ("last friday", D(2026, 11, 20), D(2026, 11, 20)),
        ("last monday", D(2026, 11, 16), D(2026, 11, 16)),
        ("next monday", D(2026, 11, 30), D(2026, 11, 30)),
        ("next friday", D(2026, 11, 27), D(2026, 11, 27)),
        ("3 days ago", D(2026, 11, 20), D(2026, 11, 20)),
        ("2 weeks ago", D(2026, 11, 9), D(2026, 11, 9)),
        ("a week ago", D(2026, 11, 16), D(2026, 11, 16)),
        ("one month ago", D(2026, 10, 23), D(2026, 10, 23)),
        ("in 2 weeks", D(2026, 12, 7), D(2026, 12, 7)),
        ("in 3 days", D(2026, 11, 26), D(2026, 11, 26)),
        ("2026-11-02", D(2026, 11, 2), D(2026, 11, 2)),
        ("2026/11/02", D(2026, 11, 2), D(2026, 11, 2)),
        ("20261102", D(2026, 11, 2), D(2026, 11, 2)),
        ("Nov 2", D(2026, 11, 2), D(2027, 11, 2)),
        ("2 November 2026", D(2026, 11, 2), D(2026, 11, 2)),
        ("November 2nd", D(2026, 11, 2), D(2027, 11, 2)),
        ("Dec 5", D(2025, 12, 5), D(2026, 12, 5)),
        ("last-friday", D(2026, 11, 20), D(2026, 11, 20)),
        ("  Yesterday  ", D(2026, 11, 22), D(2026, 11, 22)),
    ],
)
def test_days(text: str, past: dt.date, future: dt.date) -> None:
    assert parse_date(text, today=TODAY, direction="past") == past
    assert parse_date(text, today=TODAY, direction="future") == future


def test_last_weekday_is_strictly_before_today_on_that_weekday() -> None:
    assert parse_date("last friday", today=FRIDAY) == D(2026, 11, 13)
    assert parse_date("friday", today=FRIDAY) == FRIDAY
    assert parse_date("next friday", today=FRIDAY) == D(2026, 11, 27)


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("2026-Q3", D(2026, 7, 1), D(2026, 9, 30)),
        ("2026q1", D(2026, 1, 1), D(2026, 3, 31)),
        ("Q3", D(2026, 7, 1), D(2026, 9, 30)),
        ("q4 2025", D(2025, 10, 1), D(2025, 12, 31)),
        ("this quarter", D(2026, 10, 1), D(2026, 12, 31)),
        ("last quarter", D(2026, 7, 1), D(2026, 9, 30)),
        ("last-quarter", D(2026, 7, 1), D(2026, 9, 30)),
        ("this month", D(2026, 11, 1), D(2026, 11, 30)),
        ("last month", D(2026, 10, 1), D(2026, 10, 31)),
        ("2026-11", D(2026, 11, 1), D(2026, 11, 30)),
        ("2026-02", D(2026, 2, 1), D(2026, 2, 28)),
        ("November 2025", D(2025, 11, 1), D(2025, 11, 30)),
        ("2026", D(2026, 1, 1), D(2026, 12, 31)),
        ("this year", D(2026, 1, 1), D(2026, 12, 31)),
        ("last year", D(2025, 1, 1), D(2025, 12, 31)),
        ("this week", D(2026, 11, 23), D(2026, 11, 29)),
        ("last week", D(2026, 11, 16), D(2026, 11, 22)),
        ("last 90 days", D(2026, 8, 26), D(2026, 11, 23)),
        ("last 2 weeks", D(2026, 11, 10), D(2026, 11, 23)),
        ("2026-W14", D(2026, 3, 30), D(2026, 4, 5)),
        ("2026-07-01..2026-09-30", D(2026, 7, 1), D(2026, 9, 30)),
        ("2026-Q1 to 2026-Q2", D(2026, 1, 1), D(2026, 6, 30)),
        ("yesterday", D(2026, 11, 22), D(2026, 11, 22)),
    ],
)
def test_ranges(text: str, start: dt.date, end: dt.date) -> None:
    assert parse_range(text, today=TODAY) == DateRange(start, end)


@pytest.mark.parametrize("text", ["blorp", "next yesterday", "2026-02-30", "5", "", "  ", "2026-13", "in:q5", "32 Jan"])
def test_bad_dates_are_clear_errors(text: str) -> None:
    with pytest.raises(DateError) as info:
        parse_date(text, today=TODAY)
    message = str(info.value)
    assert "\n" not in message
    if text.strip():
        assert text.strip() in message or "month" in message


def test_a_period_is_not_a_day() -> None:
    with pytest.raises(DateError, match="period"):
        parse_date("last week", today=TODAY)


def test_range_that_ends_before_it_starts() -> None:
    with pytest.raises(DateError, match="ends before"):
        parse_range("2026-09-01..2026-01-01", today=TODAY)


def test_previous_period_of_a_quarter_is_the_quarter_before() -> None:
    q3 = parse_range("2026-Q3", today=TODAY)
    assert q3.previous() == DateRange(D(2026, 4, 1), D(2026, 6, 30))
    assert parse_range("2026-01-10..2026-01-19", today=TODAY).previous() == DateRange(D(2025, 12, 31), D(2026, 1, 9))


@given(st.dates(min_value=D(1900, 1, 1), max_value=D(2999, 12, 31)))
def test_iso_dates_round_trip(day: dt.date) -> None:
    assert parse_date(day.isoformat(), today=TODAY) == day
    assert parse_range(day.isoformat(), today=TODAY) == DateRange(day, day)


@pytest.mark.parametrize(
    "text",
    [
        "2026-11-02",
        " 2026-11-02 ",
        "2024-02-29",
        "1900-01-01",
        "2999-12-31",
        "2026-02-30",
        "2025-02-29",
        "2026-13-01",
        "2026-00-10",
        "2026-11-00",
        "0000-01-01",
        "9999-12-31",
    ],
)
def test_iso_days_read_as_dateutil_reads_them(text: str) -> None:
    """An ISO day is read without dateutil's parser: the same day it reads, or the same kind of error."""
    from dateutil import parser

    try:
        expected: dt.date | None = parser.parse(text.strip(), default=dt.datetime(2026, 11, 23)).date()
    except (ValueError, OverflowError):
        expected = None
    if expected is None or not 1900 <= expected.year <= 2999:
        with pytest.raises(DateError):
            parse_date(text, today=TODAY)
    else:
        assert parse_date(text, today=TODAY) == expected


def test_iso_days_need_no_dateutil_parser() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from journal_tui.dates import parse_date, parse_range; parse_date('2026-11-02'); "
        "parse_range('2026-01-01..2026-03-31'); print('dateutil.parser' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "False\n"


@given(st.text(max_size=40))
def test_any_text_parses_or_raises_date_error(text: str) -> None:
    try:
        parse_date(text, today=TODAY)
    except DateError as exc:
        assert "\n" not in str(exc).strip("\n") or "\n" in text


@pytest.mark.parametrize("text", ["x" * 1_000_000, "[@click=app.quit]" + "\x1b[31m" * 50_000, "nov " * 300])
def test_a_pasted_megabyte_is_refused_in_one_short_line(text: str) -> None:
    """dateutil's tokenizer took 20 s on a 1 MB word: anything longer than a date is refused before it."""
    for parse in (parse_date, parse_range):
        with pytest.raises(DateError, match="longer than any date") as info:
            parse(text, today=TODAY)
        assert len(str(info.value)) < 150 and "\n" not in str(info.value)
