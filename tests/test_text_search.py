"""Free text means the same on both engines: FTS5 on a SQLite file, tsvector + GIN on PostgreSQL.

Prefixes (`refund` finds "refunds"), phrases (`"self serve"`), excluded words (`-outage`), several words (all of
them), case and accents folded, punctuation never an operator; the same ids from `list_entries` and the same
`count_entries` on each engine, checked against what a person reading the texts would say.
"""

import datetime as dt

import pytest

from journal_tui.data.store import Store
from journal_tui.query import parse_query

pytestmark = pytest.mark.engines

TEXTS = [
    "Shipped self-serve refunds to every merchant",  # 1
    "Refund tickets down 38% after the self serve launch",  # 2
    "Led the incident review for the checkout outage",  # 3
    "Café chat with Maria about the outage postmortem",  # 4
    'Wrote the RFC: "payments v2" (draft) & reviewed it',  # 5
    "Mentored two new engineers on SQL and query plans",  # 6
    "refunding edge cases; C++ and node.js glue",  # 7
]

CASES = [
    ("refund", {1, 2, 7}),
    ("REFUND", {1, 2, 7}),
    ('"self serve"', {1, 2}),
    ("outage", {3, 4}),
    ("outage -review", {4}),
    ("refund -outage", {1, 2, 7}),
    ("refund self", {1, 2}),
    ("cafe", {4}),
    ("café", {4}),
    ('"payments v2"', {5}),
    ("rfc", {5}),
    ("sql", {6}),
    ("plan", {6}),
    ("c++", {3, 4, 7}),  # FTS5 reads it as the word prefix "c"
    ("node.js", {7}),
    ("&", {5}),
    ("'", set()),
    ("nothing-matches-this", set()),
    ("-refund", {1, 3, 4, 5, 6, 7}),  # an excluded word is a whole word, not a prefix
]


@pytest.fixture
def searched(store: Store) -> Store:
    for n, text in enumerate(TEXTS):
        store.add_entry(text=text, occurred_on=dt.date(2026, 11, 1) + dt.timedelta(days=n))
    return store


@pytest.mark.parametrize(("query", "expected"), CASES, ids=[q for q, _ in CASES])
def test_free_text_finds_the_same_entries(searched: Store, query: str, expected: set[int]) -> None:
    flt = parse_query(query, today=dt.date(2026, 11, 23))
    found = {e.id for e in searched.list_entries(flt, limit=50)}
    assert found == expected
    assert searched.count_entries(flt) == len(expected)
    assert {e.id for e in searched.list_entries(flt, limit=None)} == expected  # the review's whole-range read
