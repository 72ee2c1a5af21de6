"""inline.py: the quick-add syntax (`WHEN:` prefix, +project, #skill) and the flags-beat-inline rule."""

import datetime as dt

import pytest
from conftest import TODAY
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from journal_tui.dates import MONTHS, WEEKDAYS, DateError
from journal_tui.inline import Inline, apply_flags, parse_inline, prefix_date

D = dt.date


def test_prefix_project_and_skills() -> None:
    assert parse_inline("yesterday: Shipped refunds +billing #sql #leadership", today=TODAY) == Inline(
        "Shipped refunds", D(2026, 11, 22), "billing", ["sql", "leadership"]
    )


def test_markers_inside_a_sentence_keep_their_word() -> None:
    got = parse_inline("Tuned the #sql planner for +billing, then rested", today=TODAY)
    assert got == Inline("Tuned the sql planner for billing, then rested", None, "billing", ["sql"])


def test_trailing_punctuation_is_not_part_of_a_name() -> None:
    assert parse_inline("Shipped it #sql.", today=TODAY) == Inline("Shipped it", None, None, ["sql"])
    assert parse_inline("Learned #c++ today", today=TODAY).skills == ["c++"]


def test_only_markers_stay_as_words() -> None:
    assert parse_inline("#sql #ux", today=TODAY) == Inline("sql ux", None, None, ["sql", "ux"])


def test_skills_are_collected_once_case_insensitively() -> None:
    assert parse_inline("Fixed #SQL and more #sql", today=TODAY).skills == ["SQL"]


def test_markers_in_the_body_are_read_but_the_body_keeps_its_lines() -> None:
    got = parse_inline("Title +billing\nbody with #sql inside\nsecond line", today=TODAY)
    assert got == Inline("Title\nbody with sql inside\nsecond line", None, "billing", ["sql"])


def test_not_markers() -> None:
    for text in ("Fixed issue #42", "Ported to C#", "a+b is not a project", "mail me at a@b.c"):
        assert parse_inline(text, today=TODAY) == Inline(text), text


def test_parse_prefix_off_and_at_tags_for_imports() -> None:
    got = parse_inline("2026-11-02: Shipped @sql", parse_prefix=False, sigils="#@", today=TODAY)
    assert got == Inline("2026-11-02: Shipped", None, None, ["sql"])


@pytest.mark.parametrize(
    "prefix, day",
    [
        ("yesterday", D(2026, 11, 22)),
        ("today", TODAY),
        ("last friday", D(2026, 11, 20)),
        ("last-friday", D(2026, 11, 20)),
        ("Thursday", D(2026, 11, 19)),
        ("thurs", D(2026, 11, 19)),
        ("3 days ago", D(2026, 11, 20)),
        ("two weeks ago", D(2026, 11, 9)),
        ("Nov 2", D(2026, 11, 2)),
        ("Nov 2nd, 2025", D(2025, 11, 2)),
        ("2 November 2026", D(2026, 11, 2)),
        ("Mon Nov 2", D(2026, 11, 2)),
        ("2026-11-02", D(2026, 11, 2)),
        ("2026/11/02", D(2026, 11, 2)),
        ("11/02/2026", D(2026, 11, 2)),
        ("20261102", D(2026, 11, 2)),
        ("Dec 5", D(2025, 12, 5)),
    ],
)
def test_a_date_prefix_sets_the_date(prefix: str, day: dt.date) -> None:
    assert parse_inline(f"{prefix}: Shipped it", today=TODAY) == Inline("Shipped it", day)


@pytest.mark.parametrize(
    "text",
    [
        "Note: fixed it",
        "Q3: planning",
        "10:30 standup",
        "Re: the budget",
        "TODO: write tests",
        "3pm: call with Maria",
        "10am: standup",
        "24/7: on call",
        "9/11: memorial",
        "1/3: of the migration",
        "50/50: split the work",
        "2.0: shipped",
        "1.5: released",
        "2024.1: calver release",
        "at 5: demo",
        "Monday standup: notes",
        "Sprint 42: velocity up",
        "Phase 1: done",
        "November 2025: a good month",
        "May: hiring",
        "2026-11: recap",
        "2026-W14: recap",
        "2026: the year of refunds",
        "Last week: shipped",
        "H2: roadmap",
        "v1.2.3: release",
        "http://example.com: docs",
        "Feb 30 was the plan",
        "2026-13-01 is no date",
        "Feb 30:x",
    ],
)
def test_ordinary_text_is_not_a_date(text: str) -> None:
    got = parse_inline(text, today=TODAY)
    assert (got.text, got.occurred_on) == (text, None)


@pytest.mark.parametrize(
    "prefix",
    [
        "Feb 30",
        "feb 29",
        "2026-13-01",
        "2026-02-30",
        "2026/02/30",
        "June 31",
        "31 Feb 2026",
        "Nov 31st, 2026",
        "11/31/2026",
        "20261340",
        "2026-13",
        "2026-W60",
        "may 40",
        "Tue Feb 30",
    ],
)
def test_a_date_that_does_not_exist_is_an_error(prefix: str) -> None:
    with pytest.raises(DateError) as info:
        parse_inline(f"{prefix}: Shipped it", today=TODAY)
    message = str(info.value)
    assert repr(prefix + ":") in message and "nothing was saved" in message and "\n" not in message


def test_today_prefix_keeps_a_date_like_text() -> None:
    assert parse_inline("today: Feb 30: x", today=TODAY) == Inline("Feb 30: x", TODAY)


def test_prefix_date_alone() -> None:
    assert prefix_date("yesterday", today=TODAY) == D(2026, 11, 22)
    assert prefix_date("Note", today=TODAY) is None
    assert prefix_date("2026-Q3", today=TODAY) is None
    with pytest.raises(DateError):
        prefix_date("Feb 30", today=TODAY)


# --- properties -------------------------------------------------------------------------

days = st.dates(min_value=D(1990, 1, 1), max_value=D(2099, 12, 31))
FORMATS = [
    "{d:%Y-%m-%d}",
    "{d:%Y/%m/%d}",
    "{d:%b} {d.day}, {d.year}",
    "{d.day} {d:%B} {d.year}",
    "{d:%B} {d.day} {d.year}",
    "{d:%Y%m%d}",
]


@given(day=days, fmt=st.sampled_from(FORMATS), rest=st.text("abc XYZ", min_size=1).filter(lambda s: s.strip()))
def test_any_real_date_in_a_documented_form_is_read(day: dt.date, fmt: str, rest: str) -> None:
    rest = rest.strip()
    assume(":" not in rest)
    got = parse_inline(f"{fmt.format(d=day)}: {rest}", today=TODAY)
    assert (got.occurred_on, got.text) == (day, rest)


@given(year=st.integers(1990, 2099), month=st.integers(1, 99), day=st.integers(1, 99), sep=st.sampled_from("-/"))
def test_an_iso_date_is_read_or_refused_never_kept_as_text(year: int, month: int, day: int, sep: str) -> None:
    text = f"{year}{sep}{month:02d}{sep}{day:02d}: Shipped"
    try:
        real = D(year, month, day)
    except ValueError:
        with pytest.raises(DateError):
            parse_inline(text, today=TODAY)
    else:
        assert parse_inline(text, today=TODAY) == Inline("Shipped", real)


_DATE_WORDS = {*MONTHS, *WEEKDAYS, "today", "yesterday", "tomorrow", "ago", "in"}


@given(
    prefix=st.text("abcdefghijklmnopqrstuvwxyz ", min_size=1, max_size=30),
    rest=st.text(min_size=1, max_size=30).filter(lambda t: "#" not in t and "+" not in t),
)
@example(prefix="Note", rest="x")
def test_a_prefix_of_plain_words_is_text(prefix: str, rest: str) -> None:
    assume(prefix.strip() and not set(prefix.lower().split()) & _DATE_WORDS and rest.strip())
    text = f"{prefix}: {rest.strip()}"
    got = parse_inline(text, today=TODAY)
    assert got.occurred_on is None and got.text.startswith(prefix)


@given(hour=st.integers(0, 23), minute=st.integers(0, 59), rest=st.sampled_from(["standup", "call with Maria", "demo"]))
def test_times_are_text(hour: int, minute: int, rest: str) -> None:
    for text in (f"{hour}:{minute:02d} {rest}", f"{hour}:{minute:02d}: {rest}", f"{hour % 12 + 1}pm: {rest}"):
        assert parse_inline(text, today=TODAY) == Inline(text), text


@settings(max_examples=300)
@given(text=st.text(max_size=80).filter(lambda t: "#" not in t and "+" not in t))
def test_text_without_markers_is_kept_whole_or_refused(text: str) -> None:
    try:
        got = parse_inline(text, today=TODAY)
    except DateError as exc:
        assert "nothing was saved" in str(exc)
        return
    first, newline, body = text.partition("\n")
    if got.occurred_on is None:
        assert got.text == first.rstrip() + newline + body
    else:  # only the `WHEN: ` prefix went
        assert text.lstrip().endswith(body) and got.text.split("\n")[0] in first


# --- flags beat inline markers (journal add and the entry form) ---------------------------


def test_flags_beat_inline_date_and_project() -> None:
    parsed = parse_inline("yesterday: Led the retro +payments #facilitation", today=TODAY)
    got = apply_flags(parsed, occurred_on=D(2026, 11, 20), project="billing", skills=["Leadership"], today=TODAY)
    assert got == Inline("Led the retro", D(2026, 11, 20), "billing", ["Leadership", "facilitation"])


def test_without_flags_inline_wins_and_today_is_the_default() -> None:
    assert apply_flags(parse_inline("yesterday: x +a #b", today=TODAY), today=TODAY) == Inline(
        "x", D(2026, 11, 22), "a", ["b"]
    )
    assert apply_flags(parse_inline("x", today=TODAY), today=TODAY) == Inline("x", TODAY)
    assert apply_flags(parse_inline("x", today=TODAY)).occurred_on is None


def test_skills_add_up_once_flags_first() -> None:
    got = apply_flags(parse_inline("x #SQL #ux", today=TODAY), skills=["sql", " ", "leadership"])
    assert got.skills == ["sql", "leadership", "ux"]


def test_the_cli_and_the_form_use_the_one_rule() -> None:
    """The rule lives in inline.apply_flags; `journal add` and the entry form both call it."""
    import inspect

    from journal_tui.cli import entries
    from journal_tui.tui.screens import forms

    assert "apply_flags(" in inspect.getsource(entries._save_new)
    assert "apply_flags(" in inspect.getsource(forms.EntryForm.validate)
