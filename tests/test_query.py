import datetime as dt

import pytest
from conftest import TODAY
from hypothesis import given
from hypothesis import strategies as st

from journal_tui.query import Filter, NameClause, QueryError, parse_query, toggle_term


def q(text: str) -> Filter:
    return parse_query(text, today=TODAY)


def test_empty_query_matches_everything() -> None:
    assert q("").is_empty and q("   ").is_empty


@pytest.mark.parametrize(
    "key, canonical",
    [
        ("project", "project"),
        ("p", "project"),
        ("SKILL", "skill"),
        ("s", "skill"),
        ("tag", "tag"),
        ("by", "person"),
        ("person", "person"),
    ],
)
def test_name_keys_and_aliases(key: str, canonical: str) -> None:
    assert q(f"{key}:Billing").clauses == (NameClause(canonical, ("Billing",)),)


def test_repeated_keys_and_comma_or_and_negation() -> None:
    f = q("skill:sql skill:leadership project:billing,payments -skill:java")
    assert f.clauses == (
        NameClause("skill", ("sql",)),
        NameClause("skill", ("leadership",)),
        NameClause("project", ("billing", "payments")),
        NameClause("skill", ("java",), negated=True),
    )


def test_dates_from_to_in_intersect() -> None:
    f = q('from:2026-07-01 to:"last friday" in:2026-Q3')
    assert (f.start, f.end) == (dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    f = q("in:last-quarter")
    assert (f.start, f.end) == (dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    f = q("from:2026-Q3")
    assert (f.start, f.end) == (dt.date(2026, 7, 1), None)
    f = q("to:2026-Q3")
    assert (f.start, f.end) == (None, dt.date(2026, 9, 30))


def test_starred_kind_goal() -> None:
    assert q("starred:yes").starred is True
    assert q("starred:no").starred is False
    assert q("-starred:yes").starred is False
    assert q("kind:con").clauses == (NameClause("kind", ("constructive",)),)
    assert q("goal:3,#4").goal_ids == (3, 4)


def test_free_words_phrases_exclusions() -> None:
    f = q('shipped "exact phrase" -draft refunds')
    assert f.words == ("shipped", "refunds")
    assert f.phrases == ("exact phrase",)
    assert f.excluded == ("draft",)


def test_quoted_value_with_spaces() -> None:
    assert q('project:"Payments Platform"').clauses == (NameClause("project", ("Payments Platform",)),)


@pytest.mark.parametrize(
    "text, fragment, position",
    [
        ("skill:sql projetc:x", "unknown filter key 'projetc:'", 10),
        ("from:blorp", "unknown period 'blorp'", 0),
        ('words "unclosed', "unclosed quote", 6),
        ('project:"unclosed', "unclosed quote", 8),
        ("skill:", "skill: needs a value", 0),
        ("kind:zz", "not one of praise", 0),
        ("starred:maybe", "starred: takes yes or no", 0),
        ("goal:abc", "goal: takes goal ids", 0),
        ("-from:today", "cannot be negated", 0),
    ],
)
def test_errors_point_at_the_token(text: str, fragment: str, position: int) -> None:
    with pytest.raises(QueryError) as info:
        q(text)
    assert fragment in str(info.value)
    assert info.value.position == position
    assert info.value.pointer().splitlines()[1] == " " * position + "^"


def test_describe_is_readable() -> None:
    assert (
        q("project:billing in:2026-Q3 starred:yes refunds").describe()
        == "project billing · 2026-07-01 to 2026-09-30 · starred · refunds"
    )


def test_toggle_term_adds_and_removes() -> None:
    assert toggle_term("refunds", "project", "billing") == "refunds project:billing"
    assert toggle_term("refunds project:billing", "project", "billing") == "refunds"
    assert toggle_term("", "skill", "public speaking") == 'skill:"public speaking"'
    assert q(toggle_term("", "skill", "public speaking")).clauses == (NameClause("skill", ("public speaking",)),)


@given(st.text(max_size=60))
def test_any_text_parses_or_raises_query_error(text: str) -> None:
    try:
        parse_query(text, today=TODAY)
    except QueryError as exc:
        assert 0 <= exc.position <= len(text)


def test_an_over_long_search_term_is_refused_in_one_short_line() -> None:
    """A pasted megabyte is refused by the parser (SQLite took seconds on it, and LIKE gave up: "pattern too complex");
    the terminal pointer shows a window of the query, not the megabyte."""
    from journal_tui.query import TERM_LIMIT, QueryError, parse_query

    assert parse_query("y" * TERM_LIMIT).words == ("y" * TERM_LIMIT,)
    for text, column in (
        ("project:billing " + "y" * 1_000_000, 17),
        ('"' + "a b " * 300 + '"', 1),
        ("-" + "z" * 201, 1),
        ("[@click=app.quit]\x1b[31m" + "q" * 500, 1),
    ):
        with pytest.raises(QueryError) as exc:
            parse_query(text)
        message = str(exc.value)
        assert message.startswith("a search term of ") and f"(column {column}): the limit is {TERM_LIMIT}" in message
        assert "\n" not in message and len(message) < 80
        top, caret = exc.value.pointer().split("\n")
        assert len(top) <= 82 and caret.endswith("^") and len(caret) <= 82
