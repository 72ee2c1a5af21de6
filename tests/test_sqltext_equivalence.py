"""The stdlib read path (`sqltext` + `reader`) returns exactly what the SQLAlchemy one did.

tests/reference_sqlfilter.py is the old compiler and the old Store reads, frozen. Every
filter of the corpus runs through both, over the demo journal (feedback, tags, people,
roles, goals) and over a generated journal (thousands of entries), with FTS5 and with
the LIKE fallback: entries (whole lists and keyset pages), counts, feedback, goals and
name counts must be equal, row for row.
"""

import datetime as dt
import random
import sqlite3
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from conftest import TODAY
from hostile import CORPUS, NAMES
from reference_sqlfilter import ReferenceReads
from sqlalchemy.exc import DBAPIError, InvalidRequestError
from sqlmodel import col

from benchmarks.generate import build
from journal_tui import demo
from journal_tui.data import reader
from journal_tui.data.models import Feedback
from journal_tui.data.store import Store
from journal_tui.query import parse_query

pytestmark = pytest.mark.engines


FILTERS = [
    "",
    "project:billing",
    "-project:billing",
    "project:billing,payments",
    "p:data -project:payments",
    "skill:sql",
    "-skill:sql",
    "skill:sql,python",
    "skill:python -skill:debugging",
    's:"system design"',
    "tag:launch",
    "-tag:launch",
    "tag:meetings,writing",
    "by:maria",
    "by:Maria",
    "by:lopez",
    "by:mar",
    "-by:maria",
    'by:"Dan Kowalski","Maria Lopez"',
    "by:colleague",
    'by:"Colleague 1"',
    "by:col,maria",
    "by:maria",
    'by:"Sam Okafor"',
    "by:pri",
    "role:manager",
    "-role:manager",
    "role:mentor,skip",
    "kind:praise",
    "-kind:constructive",
    "kind:praise,neutral",
    "starred:yes",
    "starred:no",
    "goal:1",
    "goal:1,2",
    "-starred:yes goal:3",
    "in:2026-Q3",
    "in:2026-Q4",
    "from:2024-01-01 to:2024-06-30",
    "in:2025",
    "from:2026-10-01",
    "to:2020-01-01",
    "in:last-90-days",
    "refunds",
    "ship",
    "the",
    "the refunds",
    "-the",
    "project:billing the",
    "skill:sql the in:2025",
    "s",
    "sh",
    '"billing API"',
    "-refunds",
    '-"the RFC"',
    "shipped -refunds",
    "100%",
    "a_b",
    "-50%",
    "%",
    "_",
    "/",
    "--",
    "naïve",
    "cafe",
    "café",
    "🚀",
    "مرحبا",
    "x[0]",
    '"[/api]"',
    "[bold",
    "'",
    '"a ""quoted"" word"',
    "project:billing skill:sql in:2026-Q3",
    "project:billing skill:python in:2026",
    "project:billing skill:sql refunds",
    "skill:sql by:maria",
    "skill:leadership kind:constructive",
    "tag:launch project:billing starred:yes",
    "project:billing in:2024 refunds -ledger",
    "goal:1 in:2026-Q3",
    "goal:2 project:billing",
    "project:nosuch",
    "skill:nosuch",
    "by:nosuch",
    "-project:nosuch",
    "p:infra s:go in:2023-Q2 retries",
    *(f"project:{name!r}" for name in ("[/x] team",)),
    *(f'"{text[:12]}"' for text in CORPUS.values()),
    *(f'by:"{name}"' for name in NAMES.values()),
    *(f'project:"{name}"' for name in NAMES.values()),
]


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    path = tmp_path_factory.mktemp("demo") / "journal.db"
    store = Store(path)
    demo.seed(store, TODAY)
    for key, text in CORPUS.items():  # hostile text and names, findable by the hostile filters
        name = NAMES.get(key.split("_")[0])
        store.add_entry(
            text=text,
            occurred_on=TODAY - dt.timedelta(days=3),
            project=name,
            skills=[name] if name else [],
            impact=text[:20],
        )
    for name in NAMES.values():
        store.add_feedback(
            text=f"feedback from {name}",
            person=name,
            received_on=TODAY - dt.timedelta(days=2),
            kind="neutral",
            tags=[name],
            skills=[name],
            project=name,
        )
    yield store
    store.close()


@pytest.fixture(scope="module")
def big_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    path = build(Path(tmp_path_factory.mktemp("big") / "journal.db"), entries=4000, end=TODAY)
    store = Store(path)
    yield store
    store.close()


def _same(text: str, new: Callable[[], Any], old: Callable[[], Any]) -> None:
    """Equal results; where the old path failed outright (a bug it had), the new one must simply work."""
    try:
        expected = old()
    except (DBAPIError, InvalidRequestError):  # NUL in an FTS query; a tag count under a tag filter
        new()
        return
    assert new() == expected, text


def _compare(store: Store, text: str) -> None:
    flt = parse_query(text, today=TODAY)
    ref = ReferenceReads(store)
    _same(text, lambda: store.list_entries(flt, limit=None), lambda: ref.list_entries(flt, limit=None))
    _same(
        text,
        lambda: store.list_entries(flt, limit=None, oldest_first=True),
        lambda: ref.list_entries(flt, limit=None, oldest_first=True),
    )
    _same(text, lambda: store.list_entries(flt, limit=7), lambda: ref.list_entries(flt, limit=7))
    page = store.list_entries(flt, limit=7)
    if page:
        after = (page[-1].occurred_on, page[-1].id)
        _same(
            text,
            lambda: store.list_entries(flt, limit=7, after=after),
            lambda: ref.list_entries(flt, limit=7, after=after),
        )
        _same(
            text,
            lambda: store.list_entries(flt, limit=7, after=after, oldest_first=True),
            lambda: ref.list_entries(flt, limit=7, after=after, oldest_first=True),
        )
    _same(text, lambda: store.count_entries(flt), lambda: ref.count_entries(flt))
    _same(text, lambda: store.list_feedback(flt, limit=None), lambda: ref.list_feedback(flt, limit=None))
    _same(
        text,
        lambda: store.list_feedback(flt, limit=3, oldest_first=True),
        lambda: ref.list_feedback(flt, limit=3, oldest_first=True),
    )
    _same(text, lambda: store.count_feedback(flt), lambda: ref.count_feedback(flt))
    _same(text, lambda: store.list_goals(flt), lambda: ref.list_goals(flt))
    _same(text, lambda: store.list_goals(flt, statuses=["active"]), lambda: ref.list_goals(flt, statuses=["active"]))
    _same(text, lambda: store.count_goals(flt), lambda: ref.count_goals(flt))
    for kind in ("project", "skill", "tag", "person"):
        _same(f"{text} ({kind})", partial(store.name_counts, kind, flt), partial(ref.name_counts, kind, flt))


def test_corpus_is_broad() -> None:
    assert len(FILTERS) >= 40
    for text in FILTERS:
        parse_query(text, today=TODAY)  # every filter parses


@pytest.mark.parametrize("use_fts", [True, False], ids=["fts", "like"])
@pytest.mark.parametrize("text", FILTERS)
def test_demo_journal_same_rows(demo_store: Store, text: str, use_fts: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(demo_store, "use_fts", use_fts)
    _compare(demo_store, text)


@pytest.mark.parametrize("text", FILTERS)
def test_generated_journal_same_rows(big_store: Store, text: str) -> None:
    _compare(big_store, text)


def test_generated_journal_matches_something(big_store: Store) -> None:
    """The big corpus is not vacuous: the usual filters find rows there."""
    for text in ("project:billing", "skill:sql", "refunds", "by:maria", "role:mentor", "in:2025", "goal:1"):
        assert big_store.count_entries(parse_query(text, today=TODAY)) or big_store.count_feedback(
            parse_query(text, today=TODAY)
        ), text


def test_details_and_names_same(demo_store: Store) -> None:
    ref = ReferenceReads(demo_store)
    for kind in ("project", "skill", "tag", "person"):
        assert demo_store.names(kind) == ref.names(kind)
    for goal in ref.list_goals():
        assert demo_store.get_goal(goal.id) == goal
    for entry in ref.list_entries(limit=None):
        assert demo_store.get_entry(entry.id) == entry
        detail = demo_store.entry_detail(entry.id)
        assert detail.entry == entry
        assert list(detail.feedback) == ref._feedback_rows(col(Feedback.entry_id) == entry.id, limit=None)
    assert any(demo_store.entry_detail(e.id).feedback for e in ref.list_entries(limit=None))


# --- free text at any breadth: every form of the page query returns the reference's rows -----------------------

TEXT_FILTERS = [
    "the",
    "refunds",
    "sh",
    "pr",
    "in",
    "inc",
    "re",
    "checkout la",
    "incident po",
    "ledger re",
    "the refunds",
    '"billing API"',
    "project:billing the",
    "project:billing skill:sql ref",
    "skill:sql the in:2025",
    "from:2024-01-01 to:2024-06-30 the",
    "from:2024-01-01 to:2024-06-30 refunds",
    "in:2026-Q3 re",
    "to:2018-01-01 the",
    "from:2026-11-01 the",
    "the -refunds",
    "the starred:yes",
    "the goal:1",
    "100% the",
    "zzzz",
    "the zzzz",
]

# TEXT_NARROW 0: every text filter takes the broad path; TEXT_WINDOW_MAX 1: the edge search gives up and the date
# walk answers; 30: the window grows, or gives up on the rarer words; the defaults as shipped
STRATEGIES: dict[str, tuple[int, int] | None] = {
    "defaults": None,
    "broad": (0, 20_000),
    "broad-small-window": (0, 30),
    "broad-fallback": (0, 1),
}


@pytest.fixture(scope="module")
def shuffled_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """A generated journal whose ids do not follow its dates (a fifth of the entries redated at random, as
    imports and back-dated entries leave it): the page's edge must hold however ids and dates relate."""
    path = build(Path(tmp_path_factory.mktemp("shuffled") / "journal.db"), entries=3000, end=TODAY)
    rnd = random.Random(3)
    conn = sqlite3.connect(path)
    with conn:
        conn.executemany(
            "UPDATE entry SET occurred_on = ? WHERE id = ?",
            [
                ((TODAY - dt.timedelta(days=rnd.randrange(3700))).isoformat(), i)
                for i in rnd.sample(range(1, 3001), 600)
            ],
        )
    conn.close()
    store = Store(path)
    yield store
    store.close()


def _pages(store: Store, text: str, oldest_first: bool) -> None:
    """Three keyset pages of 7 and the counts, against the reference."""
    flt = parse_query(text, today=TODAY)
    ref = ReferenceReads(store)
    after = None
    for _ in range(3):
        got = store.list_entries(flt, limit=7, after=after, oldest_first=oldest_first)
        assert got == ref.list_entries(flt, limit=7, after=after, oldest_first=oldest_first), (text, after)
        if len(got) < 7:
            break
        after = (got[-1].occurred_on, got[-1].id)
    total = ref.count_entries(flt)
    assert store.count_entries(flt) == total, text
    capped = store.count_entries(flt, cap=10)
    assert int(capped) == min(total, 10) and capped.capped == (total > 10), text


@pytest.mark.parametrize("strategy", STRATEGIES)
@pytest.mark.parametrize("text", TEXT_FILTERS)
def test_text_pages_same_rows_whatever_the_form(
    big_store: Store, shuffled_store: Store, text: str, strategy: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if (chosen := STRATEGIES[strategy]) is not None:
        narrow, window = chosen
        monkeypatch.setattr(reader, "TEXT_NARROW", narrow)
        monkeypatch.setattr(reader, "TEXT_WINDOW_MAX", window)
    for store in (big_store, shuffled_store):
        for oldest_first in (False, True):
            _pages(store, text, oldest_first)


def test_text_filters_are_broad_and_narrow(big_store: Store) -> None:
    """The corpus above holds words in thousands of entries and words in a few (not vacuous)."""
    counts = {t: big_store.count_entries(parse_query(t, today=TODAY)) for t in ("the", "in", "incident po", "zzzz")}
    assert counts["the"] > 2000 and counts["in"] > 500 and 0 < counts["incident po"] < 200 and counts["zzzz"] == 0
