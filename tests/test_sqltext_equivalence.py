"""The stdlib read path (`sqltext` + `reader`) returns exactly what the SQLAlchemy one did.

tests/reference_sqlfilter.py is the old compiler and the old Store reads, frozen. Every
filter of the corpus runs through both, over the demo journal (feedback, tags, people,
roles, goals) and over a generated journal (thousands of entries), with FTS5 and with
the LIKE fallback: entries (whole lists and keyset pages), counts, feedback, goals and
name counts must be equal, row for row.  The reference is asked each question once
(`Reference`); under LIKE, a filter without free text is held to the SQL it gets under
FTS, whose rows are compared (`test_demo_journal_same_rows`).
"""

import datetime as dt
import fcntl
import os
import random
import sqlite3
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from conftest import TODAY, copy_journal
from hostile import CORPUS, NAMES
from reference_sqlfilter import ReferenceReads, entry_conditions, feedback_conditions
from sqlalchemy.exc import DBAPIError, InvalidRequestError
from sqlmodel import col

from benchmarks.generate import build
from journal_tui import demo
from journal_tui.data import reader
from journal_tui.data.models import Feedback
from journal_tui.data.sqltext import Plan
from journal_tui.data.store import Store
from journal_tui.query import Filter, parse_query
from journal_tui.rows import EntryRow, FeedbackRow, GoalRow

pytestmark = [pytest.mark.engines, pytest.mark.slow]  # ~450 comparisons with a frozen reference


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


def _built_once(tmp_path_factory: pytest.TempPathFactory, name: str, fill: Callable[[Path], object]) -> Store:
    """A store on a copy of the journal `fill` writes at a path, written once per run however many xdist workers
    ask (each worker built its own: ~0.15 s of CPU for 4,000 entries, where a copy by SQLite's backup API costs 3 ms);
    the workers wait on a lock in the run's directory while one writes it."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the run's own directory, shared by its workers
    made, done = root / f"{name}.db", root / f"{name}.done"
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():  # not yet written, or left half-written by a worker that failed
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{made}{suffix}").unlink(missing_ok=True)
            fill(made)
            done.touch()
    return Store(copy_journal(made, tmp_path_factory.mktemp(name) / "journal.db"))


def _demo_with_hostile_rows(path: Path) -> None:
    """The demo journal, and hostile text and names that the hostile filters find."""
    store = Store(path)
    try:
        demo.seed(store, TODAY)
        for key, text in CORPUS.items():
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
    finally:
        store.close()


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = _built_once(tmp_path_factory, "sqltext-demo", _demo_with_hostile_rows)
    yield store
    store.close()


@pytest.fixture(scope="module")
def big_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = _built_once(tmp_path_factory, "sqltext-big", partial(build, entries=4000, end=TODAY))
    yield store
    store.close()


# the reference's own failures (a bug it had): NUL in an FTS query; a tag count under a tag filter
REFERENCE_FAILED = (DBAPIError, InvalidRequestError)


class Reference:
    """The reference's answers, each question asked of it once per journal and module.

    It is a slow witness (SQLAlchemy compiling and ORM-loading every statement: 70% of this module's time when it
    was asked every question each time), and
    the same questions come back: a filter without free text under FTS and under LIKE (the setting reaches no SQL
    but free text's, `test_fts_setting_reaches_only_free_text`), the same filter in several tests, the same
    text under every paging strategy.  Pages, either order and counts of entries come from its full list of the
    filter's entries (newest first: (occurred_on, id) is unique, so that order is total and a keyset page is the
    rows past `after` in it, cut at `limit`); the oldest feedback and its count from its full list of feedback;
    the active goals and the goal count from all its goals (`test_reference_derivations_are_its_own_answers`
    proves each equal to what it answers itself).  Where a full list failed, the question goes to it as asked.
    One `ReferenceReads` per journal and setting: one engine, whose pool and compiled cache then serve every
    question instead of a new engine per filter.
    """

    def __init__(self) -> None:
        self._reads: dict[tuple[str, bool], ReferenceReads] = {}
        self._answers: dict[tuple[Any, ...], Any] = {}  # an answer, or the reference's failure to raise again

    def reads(self, store: Store) -> ReferenceReads:
        key = (store.path, store.use_fts)
        if key not in self._reads:
            self._reads[key] = ReferenceReads(store)
        return self._reads[key]

    def close(self) -> None:
        for reads in self._reads.values():
            reads.engine.dispose()

    def ask(self, store: Store, flt: Filter, method: str, *args: Any, **kwargs: Any) -> Any:
        """`ReferenceReads.<method>(*args, flt, **kwargs)` on `store` as it is set (FTS or not), asked once."""
        key = (store.path, store.use_fts if flt.has_text else None, flt, method, args, tuple(sorted(kwargs.items())))
        if key not in self._answers:
            try:
                self._answers[key] = getattr(self.reads(store), method)(*args, flt, **kwargs)
            except REFERENCE_FAILED as exc:
                self._answers[key] = exc
        answer = self._answers[key]
        if isinstance(answer, REFERENCE_FAILED):
            raise answer
        return answer

    def entries(
        self,
        store: Store,
        flt: Filter,
        *,
        limit: int | None = None,
        after: tuple[dt.date, int] | None = None,
        oldest_first: bool = False,
    ) -> list[EntryRow]:
        """`list_entries`: a keyset page is the rows past `after` in the filter's whole list, in the page's order."""
        try:
            newest = self.ask(store, flt, "list_entries", limit=None)
        except REFERENCE_FAILED:
            return list(self.ask(store, flt, "list_entries", limit=limit, after=after, oldest_first=oldest_first))
        rows: list[EntryRow] = newest[::-1] if oldest_first else newest
        if after is not None:
            rows = [
                r for r in rows if ((r.occurred_on, r.id) > after if oldest_first else (r.occurred_on, r.id) < after)
            ]
        return rows if limit is None else rows[:limit]

    def _count(self, store: Store, flt: Filter, listing: str, counting: str) -> int:
        """The length of the reference's full list; its own count where it fails to list."""
        try:
            return len(self.ask(store, flt, listing, limit=None))
        except REFERENCE_FAILED:
            return int(self.ask(store, flt, counting))

    def count_entries(self, store: Store, flt: Filter) -> int:
        return self._count(store, flt, "list_entries", "count_entries")

    def feedback(
        self, store: Store, flt: Filter, *, limit: int | None = None, oldest_first: bool = False
    ) -> list[FeedbackRow]:
        try:
            newest = self.ask(store, flt, "list_feedback", limit=None)
        except REFERENCE_FAILED:
            return list(self.ask(store, flt, "list_feedback", limit=limit, oldest_first=oldest_first))
        rows: list[FeedbackRow] = newest[::-1] if oldest_first else newest
        return rows if limit is None else rows[:limit]

    def count_feedback(self, store: Store, flt: Filter) -> int:
        return self._count(store, flt, "list_feedback", "count_feedback")

    def goals(self, store: Store, flt: Filter, *, statuses: tuple[str, ...] | None = None) -> list[GoalRow]:
        try:
            every: list[GoalRow] = self.ask(store, flt, "list_goals")
        except REFERENCE_FAILED:
            return list(self.ask(store, flt, "list_goals", statuses=statuses))
        return every if statuses is None else [g for g in every if g.status in statuses]

    def count_goals(self, store: Store, flt: Filter) -> int:
        try:
            return len(self.ask(store, flt, "list_goals"))
        except REFERENCE_FAILED:
            return int(self.ask(store, flt, "count_goals"))


@pytest.fixture(scope="module")
def reference() -> Iterator[Reference]:
    witness = Reference()
    yield witness
    witness.close()


def _same(text: str, new: Callable[[], Any], old: Callable[[], Any]) -> None:
    """Equal results; where the old path failed outright (a bug it had), the new one must simply work."""
    try:
        expected = old()
    except REFERENCE_FAILED:
        new()
        return
    assert new() == expected, text


def _compare(store: Store, text: str, ref: Reference) -> None:
    """Every read of the product under `text` against the reference's answer.  The product's reads share one
    connection and read transaction (`Reader.reading` nests, as `entry_detail` has it): a new connection per read
    costs ~0.9 ms (SQLite parses the schema again), a third of this module's time, and no row depends on it."""
    flt = parse_query(text, today=TODAY)
    with store.reading():
        _same(text, lambda: store.list_entries(flt, limit=None), lambda: ref.entries(store, flt))
        _same(
            text,
            lambda: store.list_entries(flt, limit=None, oldest_first=True),
            lambda: ref.entries(store, flt, oldest_first=True),
        )
        page = store.list_entries(flt, limit=7)
        _same(text, lambda: page, lambda: ref.entries(store, flt, limit=7))
        if page:
            after = (page[-1].occurred_on, page[-1].id)
            _same(
                text,
                lambda: store.list_entries(flt, limit=7, after=after),
                lambda: ref.entries(store, flt, limit=7, after=after),
            )
            _same(
                text,
                lambda: store.list_entries(flt, limit=7, after=after, oldest_first=True),
                lambda: ref.entries(store, flt, limit=7, after=after, oldest_first=True),
            )
        _same(text, lambda: store.count_entries(flt), lambda: ref.count_entries(store, flt))
        _same(text, lambda: store.list_feedback(flt, limit=None), lambda: ref.feedback(store, flt))
        _same(
            text,
            lambda: store.list_feedback(flt, limit=3, oldest_first=True),
            lambda: ref.feedback(store, flt, limit=3, oldest_first=True),
        )
        _same(text, lambda: store.count_feedback(flt), lambda: ref.count_feedback(store, flt))
        _same(text, lambda: store.list_goals(flt), lambda: ref.goals(store, flt))
        _same(
            text,
            lambda: store.list_goals(flt, statuses=["active"]),
            lambda: ref.goals(store, flt, statuses=("active",)),
        )
        _same(text, lambda: store.count_goals(flt), lambda: ref.count_goals(store, flt))
        for kind in ("project", "skill", "tag", "person"):
            _same(
                f"{text} ({kind})",
                partial(store.name_counts, kind, flt),
                partial(ref.ask, store, flt, "name_counts", kind),
            )


def _product_sql(store: Store, flt: Filter) -> list[Any]:
    """What the product's compiler, as `store` sets it up (FTS or not), makes of `flt` in every form its reads ask
    for: the FTS query, the conditions on entries (every plan, with and without text), on feedback, on goals."""
    c = store._compiler()
    plans = [Plan(skill_exists=e, text=t) for e in (False, True) for t in ("list", "driver")]
    entries = [c.entry_where(flt, include_text=i, plan=p) for p in plans for i in (True, False)]
    return [c.fts_query(flt), *entries, c.feedback_where(flt), c.goal_where(flt)]


def test_corpus_is_broad() -> None:
    assert len(FILTERS) >= 40
    for text in FILTERS:
        parse_query(text, today=TODAY)  # every filter parses


@pytest.mark.parametrize("use_fts", [True, False], ids=["fts", "like"])
@pytest.mark.parametrize("text", FILTERS)
def test_demo_journal_same_rows(
    demo_store: Store, reference: Reference, text: str, use_fts: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under LIKE, a filter without free text gets the very SQL it gets under FTS (the setting reaches the product's
    reads through its compiler alone): its rows are those [...-fts] compares with the reference's."""
    monkeypatch.setattr(demo_store, "use_fts", use_fts)
    flt = parse_query(text, today=TODAY)
    if not use_fts and not flt.has_text:
        like = _product_sql(demo_store, flt)
        monkeypatch.setattr(demo_store, "use_fts", True)
        assert like == _product_sql(demo_store, flt), text
        return
    _compare(demo_store, text, reference)


@pytest.mark.parametrize("text", FILTERS)
def test_generated_journal_same_rows(big_store: Store, reference: Reference, text: str) -> None:
    _compare(big_store, text, reference)


def test_generated_journal_matches_something(big_store: Store) -> None:
    """The big corpus is not vacuous: the usual filters find rows there."""
    for text in ("project:billing", "skill:sql", "refunds", "by:maria", "role:mentor", "in:2025", "goal:1"):
        assert big_store.count_entries(parse_query(text, today=TODAY)) or big_store.count_feedback(
            parse_query(text, today=TODAY)
        ), text


def test_details_and_names_same(demo_store: Store, reference: Reference) -> None:
    ref = reference.reads(demo_store)
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


# --- what `Reference` derives is the reference's own answer -------------------------------------------------------

# rows on every journal, by every path: no selective condition (the reference walks the date index) with a feedback key
# negated and a range, starred (goals on both), a goal (selective), free text in a range, free text with an excluded
# word, and one the reference fails on (NUL in an FTS query: its questions then go to it as asked); a few hundred rows
# at most, so that asking for every row costs little
DERIVED_SAMPLE = [
    "-kind:constructive in:2026",
    "starred:yes",
    "goal:1",
    "in:2026-Q3 re",
    "ship -refunds",
    f'"{CORPUS["nul_and_c1"][:12]}"',
]


def _outcome(call: Callable[[], Any]) -> Any:
    try:
        return call()
    except REFERENCE_FAILED as exc:
        return type(exc)


def _derivations_hold(derived: Reference, store: Store, text: str) -> None:
    """Each derivation of `Reference` against the reference asked the same question; pages walked from the edges of
    the reference's own pages."""
    flt = parse_query(text, today=TODAY)
    asked = derived.reads(store)
    checks: list[tuple[Callable[[], Any], Callable[[], Any]]] = []
    for oldest_first in (False, True):
        checks.append(
            (
                partial(derived.entries, store, flt, oldest_first=oldest_first),
                partial(asked.list_entries, flt, limit=None, oldest_first=oldest_first),
            )
        )
        checks.append(
            (
                partial(derived.feedback, store, flt, limit=3, oldest_first=oldest_first),
                partial(asked.list_feedback, flt, limit=3, oldest_first=oldest_first),
            )
        )
        after = None
        for _ in range(2):
            page = _outcome(partial(asked.list_entries, flt, limit=7, after=after, oldest_first=oldest_first))
            got = _outcome(partial(derived.entries, store, flt, limit=7, after=after, oldest_first=oldest_first))
            assert got == page, (text, after, oldest_first)
            if not isinstance(page, list) or not page:
                break
            after = (page[-1].occurred_on, page[-1].id)
    checks += [
        (partial(derived.count_entries, store, flt), partial(asked.count_entries, flt)),
        (partial(derived.count_feedback, store, flt), partial(asked.count_feedback, flt)),
        (partial(derived.count_goals, store, flt), partial(asked.count_goals, flt)),
        (partial(derived.goals, store, flt, statuses=("active",)), partial(asked.list_goals, flt, statuses=["active"])),
    ]
    for mine, theirs in checks:
        assert _outcome(mine) == _outcome(theirs), (text, theirs)


@pytest.mark.parametrize("journal", ["demo_store", "big_store", "shuffled_store"])
def test_reference_derivations_are_its_own_answers(
    journal: str, reference: Reference, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`Reference` answers what the reference answers when asked: keyset pages both ways, whole lists oldest first,
    counts, the oldest feedback, goals by status.  The demo journal is asked again under LIKE: a filter without free
    text gets the answers first asked under FTS (here or in the tests above), which must be LIKE's too, and one with
    free text gets LIKE's own."""
    store: Store = request.getfixturevalue(journal)
    for use_fts in (True, False) if journal == "demo_store" else (store.use_fts,):
        monkeypatch.setattr(store, "use_fts", use_fts)
        for text in DERIVED_SAMPLE:
            _derivations_hold(reference, store, text)


def test_fts_setting_reaches_only_free_text(demo_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without free text, the reference builds the same SQL under FTS and LIKE: `Reference` asks it once for both.
    Both this and the product's check (`_product_sql`, in `test_demo_journal_same_rows`) see the setting where it
    matters."""

    def sql(text: str, use_fts: bool) -> list[tuple[str, dict[str, Any]]]:
        flt = parse_query(text, today=TODAY)
        conds = [*entry_conditions(flt, use_fts=use_fts), *feedback_conditions(flt, use_fts=use_fts)]
        return [(str(compiled), compiled.params) for compiled in (c.compile() for c in conds)]

    for text in FILTERS:
        if not parse_query(text, today=TODAY).has_text:
            assert sql(text, True) == sql(text, False), text
    assert sql("refunds", True) != sql("refunds", False)
    assert sql("-refunds", True) != sql("-refunds", False)
    for text in ("refunds", "-refunds"):
        monkeypatch.setattr(demo_store, "use_fts", True)
        fts = _product_sql(demo_store, parse_query(text, today=TODAY))
        monkeypatch.setattr(demo_store, "use_fts", False)
        assert _product_sql(demo_store, parse_query(text, today=TODAY)) != fts


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


def _shuffled(path: Path) -> None:
    """A generated journal, a fifth of its entries then redated at random."""
    build(path, entries=3000, end=TODAY)
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


@pytest.fixture(scope="module")
def shuffled_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """A generated journal whose ids do not follow its dates (a fifth of the entries redated at random, as
    imports and back-dated entries leave it): the page's edge must hold however ids and dates relate."""
    store = _built_once(tmp_path_factory, "sqltext-shuffled", _shuffled)
    yield store
    store.close()


def _pages(store: Store, text: str, ref: Reference) -> None:
    """Three keyset pages of 7 either way and the counts (which no order changes: asked once), against the
    reference; the product's reads on one connection, as in `_compare`."""
    flt = parse_query(text, today=TODAY)
    with store.reading():
        for oldest_first in (False, True):
            after = None
            for _ in range(3):
                got = store.list_entries(flt, limit=7, after=after, oldest_first=oldest_first)
                assert got == ref.entries(store, flt, limit=7, after=after, oldest_first=oldest_first), (text, after)
                if len(got) < 7:
                    break
                after = (got[-1].occurred_on, got[-1].id)
        total = ref.count_entries(store, flt)
        assert store.count_entries(flt) == total, text
        capped = store.count_entries(flt, cap=10)
        assert int(capped) == min(total, 10) and capped.capped == (total > 10), text


@pytest.mark.parametrize("strategy", STRATEGIES)
@pytest.mark.parametrize("text", TEXT_FILTERS)
def test_text_pages_same_rows_whatever_the_form(
    big_store: Store,
    shuffled_store: Store,
    reference: Reference,
    text: str,
    strategy: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if (chosen := STRATEGIES[strategy]) is not None:
        narrow, window = chosen
        monkeypatch.setattr(reader, "TEXT_NARROW", narrow)
        monkeypatch.setattr(reader, "TEXT_WINDOW_MAX", window)
    for store in (big_store, shuffled_store):
        _pages(store, text, reference)


def test_text_filters_are_broad_and_narrow(big_store: Store) -> None:
    """The corpus above holds words in thousands of entries and words in a few (not vacuous)."""
    counts = {t: big_store.count_entries(parse_query(t, today=TODAY)) for t in ("the", "in", "incident po", "zzzz")}
    assert counts["the"] > 2000 and counts["in"] > 500 and 0 < counts["incident po"] < 200 and counts["zzzz"] == 0
