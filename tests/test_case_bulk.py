"""The fast paths of the review and the case give what the plain paths give.

A review or case of 100k entries builds its rows in bulk, renders win lines in one loop, reads everyone's feedback
counts grouped, and pauses the garbage collector; each is checked here against the row-by-row form on a real
SQLite file and a real PostgreSQL database (the byte-for-byte check of whole documents on big journals is done by
hand, see the branch's report).
"""

import datetime as dt
import gc
from pathlib import Path

import pytest
from conftest import TODAY

from journal_tui import people
from journal_tui.case import bulk, win_line, win_lines
from journal_tui.data import db, writes
from journal_tui.data.conn import dialect_of
from journal_tui.data.queries import people as people_queries
from journal_tui.data.reader import Reader, _entry_row
from journal_tui.data.sqltext import entry_columns
from journal_tui.dates import DateRange
from journal_tui.query import parse_query
from journal_tui.rows import EntryRow

pytestmark = pytest.mark.engines

D = dt.date


@pytest.fixture
def linked(engine_demo: Path) -> Path:
    """The demo journal plus entries with several goals, no skills, odd titles and an edit, spread over ids."""
    with db.writing(engine_demo) as conn:
        g1 = writes.insert_goal(conn, title="First goal")
        g2 = writes.insert_goal(conn, title="Second goal")
        a = writes.insert_entry(conn, text="  Both goals  \nbody", occurred_on=D(2026, 9, 2), skills=["sql", "Ops"])
        b = writes.insert_entry(conn, text="No skills, one goal", occurred_on=D(2026, 9, 3), project="billing")
        writes.insert_entry(conn, text="x" * 300, occurred_on=D(2026, 9, 3), impact="saved 3 h", starred=True)
        for goal in (g2, g1):
            writes.link(conn, a, goal)
        writes.link(conn, b, g2)
        writes.update_entry(
            conn,
            b,
            text="No skills, one goal (edited)",
            occurred_on=D(2026, 9, 3),
            project="billing",
            skills=[],
            impact=None,
            starred=False,
        )
    return engine_demo


@pytest.mark.parametrize("query", ["", "from:2026-09-01 to:2026-09-30", "project:billing", "goal:1", "-starred:yes"])
def test_bulk_rows_equal_rows_built_one_by_one(linked: Path, query: str) -> None:
    reader = Reader(linked)
    bulk_rows = reader.list_entries(parse_query(query, today=TODAY), limit=None, oldest_first=True)
    assert bulk_rows, "the filter must select something for the comparison to mean anything"
    with db.reading(linked) as conn:
        one_by_one = {r[0]: _entry_row(r) for r in conn.execute(f"SELECT {entry_columns(dialect_of(conn))}")}
    assert bulk_rows == [one_by_one[e.id] for e in bulk_rows]
    assert any(len(e.goal_ids) == 2 for e in reader.list_entries(limit=None)) and any(
        e.updated_at != e.created_at for e in reader.list_entries(limit=None)
    )


def test_win_lines_are_win_line_for_each_entry() -> None:
    day = D(2026, 1, 2)
    odd = [
        EntryRow(1, day, text, project, skills, impact, starred)
        for text in ("x", " a \nb", "", "\n", "é" * 200, "[x](y) *b*")
        for project in (None, "", "proj")
        for skills in ((), ("",), ("a", "B"))
        for impact in (None, "", "1%")
        for starred in (True, False)
    ]
    for with_project in (False, True):
        expected = [win_line(e, with_project=with_project) for e in odd]
        assert win_lines(odd, with_project=with_project) == expected
    assert win_line(odd[0]) == "- ⭐ **2026-01-02** x"
    assert (
        win_line(EntryRow(2, day, "T", "p", ("a", "b"), "2x", False), with_project=True)
        == "- **2026-01-02** T _(p; a, b)_ — **impact:** 2x"
    )


@pytest.mark.parametrize("as_of", [D(2000, 1, 1), D(2026, 11, 16), TODAY, D(2030, 1, 1)])
def test_everyone_grouped_agrees_with_each_person_alone(engine_demo: Path, as_of: dt.date) -> None:
    everyone = people.list_people(Reader(engine_demo), as_of)
    assert len(everyone) >= 5
    assert any(p.praise or p.constructive for p in everyone) == (as_of >= D(2026, 1, 1))
    for p in everyone:
        assert people.person_detail_by_id(Reader(engine_demo), p.id, as_of).person == p


def test_the_cases_stale_people_are_the_reviews(engine_demo: Path) -> None:
    reader = Reader(engine_demo)
    period = DateRange(D(2026, 8, 1), TODAY)
    section = people.people_section(reader, period, TODAY)
    assert section.stale, "the demo has a mentor out of touch: the comparison must not be empty"
    assert people.stale_section(reader, TODAY).stale == section.stale


def test_bulk_pauses_collection_and_leaves_it_as_it_was() -> None:
    assert gc.isenabled()
    with bulk():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with bulk():
            pass
        assert not gc.isenabled()  # a caller that had it off keeps it off
    finally:
        gc.enable()
    gc.freeze()  # someone else's frozen objects are never thawed
    try:
        frozen = gc.get_freeze_count()
        with bulk():
            [[] for _ in range(1000)]
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()


def _ids_follow_dates(path: Path, start: dt.date, end: dt.date) -> bool:
    with db.reading(path) as conn:
        lo, hi, n = conn.execute(
            "SELECT min(id), max(id), count(*) FROM entry WHERE occurred_on BETWEEN ? AND ?",
            (start.isoformat(), end.isoformat()),
        ).fetchone()
        return (
            bool(n) and conn.execute("SELECT count(*) FROM entry WHERE id BETWEEN ? AND ?", (lo, hi)).fetchone()[0] == n
        )


def test_range_skill_counts_are_name_counts_of_the_range(linked: Path) -> None:
    reader = Reader(linked)
    ranges = [
        (D(2016, 1, 1), D(2030, 1, 1)),
        (D(2026, 9, 1), D(2026, 9, 30)),
        (D(2026, 9, 3), D(2026, 9, 3)),
        (D(1990, 1, 1), D(1990, 12, 31)),
    ]
    with db.reading(linked) as conn:  # ranges the index path answers: one day's entries, one entry at a time
        days = [D.fromisoformat(r[0]) for r in conn.execute("SELECT DISTINCT occurred_on FROM entry")]
    ranges += [(d, d) for d in days]
    follow = [_ids_follow_dates(linked, start, end) for start, end in ranges]
    assert any(follow) and not all(follow[: -len(days)]), "both ways must be exercised"
    for start, end in ranges:
        expected = {n: c for n, c in reader.name_counts("skill", parse_query("", today=TODAY).within(start, end)) if c}
        assert reader.range_skill_counts(start, end) == expected
    # an entry written later for an earlier day breaks the id order: the counts stay right
    with db.writing(linked) as conn:
        writes.insert_entry(conn, text="Backdated", occurred_on=min(days), skills=["sql", "brand new"])
    start, end = min(days), sorted(days)[-2]  # the latest day's entries lie between its id and the others'
    assert not _ids_follow_dates(linked, start, end)
    expected = {n: c for n, c in reader.name_counts("skill", parse_query("", today=TODAY).within(start, end)) if c}
    assert reader.range_skill_counts(start, end) == expected and expected["brand new"] == 1


@pytest.mark.parametrize("query", ["", "project:billing", "-starred:yes"])
def test_unstamped_rows_are_the_rows_without_their_stamps(linked: Path, query: str) -> None:
    reader = Reader(linked)
    flt = parse_query(query, today=TODAY)
    full = reader.list_entries(flt, limit=None, oldest_first=True)
    assert full and all(e.created_at for e in full)
    assert reader.bulk_entries(flt) == full
    assert reader.bulk_entries(flt, stamps=False) == [e._replace(created_at=None, updated_at=None) for e in full]


def test_markdown_is_the_same_without_stamps_and_json_refuses_them(linked: Path) -> None:
    from journal_tui import case, review

    reader = Reader(linked)
    period = DateRange(D(2016, 1, 1), TODAY)
    assert case.to_markdown(case.build_case(reader, period, TODAY, stamps=False)) == case.to_markdown(
        case.build_case(reader, period, TODAY)
    )
    plain = review.build_review(reader, period, today=TODAY, stamps=False)
    assert review.to_markdown(plain) == review.to_markdown(review.build_review(reader, period, today=TODAY))
    with pytest.raises(ValueError, match="stamps"):
        review.to_json(plain)
    with pytest.raises(ValueError, match="stamps"):
        case.to_json(case.build_case(reader, period, TODAY, stamps=False))


def test_people_section_reads_only_what_it_shows_and_shows_what_the_full_reads_give(engine_demo: Path) -> None:
    """Stale people from the roster (no feedback counted), asks narrowed in SQL: as list_people and the ask rule say."""
    reader = Reader(engine_demo)
    people.set_person(reader, "Ada Sponsor", role="sponsor")  # never met: stale on any day
    people.add_ask(reader, "Ada", "Old, closed long ago", asked_on=D(2025, 1, 5))
    people.add_ask(reader, "Ada", "Closed in August", asked_on=D(2026, 7, 1), due_on=D(2026, 7, 10))
    with db.writing(engine_demo) as conn:
        conn.execute("UPDATE ask SET status = 'closed', closed_on = '2025-02-01' WHERE about LIKE 'Old%'")
        conn.execute("UPDATE ask SET status = 'answered', closed_on = '2026-08-20' WHERE about LIKE 'Closed in%'")
    for period in (
        DateRange(D(2026, 8, 1), TODAY),
        DateRange(D(2026, 7, 1), D(2026, 8, 10)),
        DateRange(D(2026, 9, 1), D(2026, 9, 30)),
        DateRange(D(2025, 1, 1), D(2025, 1, 31)),
    ):
        as_of = min(period.end, TODAY)
        section = people.people_section(reader, period, TODAY)
        everyone = people.list_people(reader, as_of)
        with db.reading(
            engine_demo
        ) as conn:  # known by the period's end: recorded (all today here), or met, asked, heard
            met = {
                r[0]
                for table, day in (("feedback", "received_on"), ("contact", "met_on"), ("ask", "asked_on"))
                for r in conn.execute(
                    f"SELECT p.name FROM {table} t JOIN person p ON p.id = t.person_id WHERE t.{day} <= ?",
                    (as_of.isoformat(),),
                )
            }
        known = [p for p in everyone if as_of >= TODAY or p.name in met]
        assert section.stale == sorted((p for p in known if p.stale), key=lambda p: p.name.casefold())
        with db.reading(engine_demo) as conn:
            asks = people._ask_rows(people_queries.ask_rows(conn, asked_by=as_of), as_of, period.start)
        assert section.open_asks == sorted((a for a in asks if a.status == "open"), key=people._ask_order)
        assert section.answered == [
            a for a in asks if a.status == "answered" and a.closed_on and period.start <= a.closed_on <= as_of
        ]
    assert any(p.name == "Ada Sponsor" for p in people.stale_section(reader, TODAY).stale)
    assert [
        a.about for a in people.people_section(reader, DateRange(D(2026, 7, 1), D(2026, 8, 10)), TODAY).open_asks
    ] == ["Closed in August"]  # answered after the period's end: still open at its end
    assert "Closed in August" in [
        a.about for a in people.people_section(reader, DateRange(D(2026, 8, 1), TODAY), TODAY).answered
    ]


def test_unanswered_feedback_is_the_feedback_without_a_response_by_the_day(engine_demo: Path) -> None:
    from journal_tui import responses

    reader = Reader(engine_demo)
    flt = parse_query("kind:constructive", today=TODAY)
    every = reader.list_feedback(flt, limit=None, oldest_first=True)
    first, second = every[0], every[1]
    late = writes_entry(engine_demo, "Answered late", D(2026, 11, 20))
    responses.set_response(reader, first.id, late)
    responses.set_response(reader, second.id, writes_entry(engine_demo, "Answered early", D(2026, 1, 2)))
    for until in (D(2026, 1, 1), D(2026, 6, 1), TODAY):
        with db.reading(engine_demo) as conn:
            answered = responses.responses_of(conn, [f.id for f in every], until=until)
        expected = [f for f in every if not answered.get(f.id)]
        assert reader.unanswered_feedback(flt, until) == expected
    assert first in reader.unanswered_feedback(flt, D(2026, 6, 1)) and first not in reader.unanswered_feedback(
        flt, TODAY
    )
    assert second not in reader.unanswered_feedback(flt, D(2026, 6, 1))


def writes_entry(path: Path, text: str, day: dt.date) -> int:
    with db.writing(path) as conn:
        return writes.insert_entry(conn, text=text, occurred_on=day)


def test_criteria_cases_follow_the_rule_entry_by_entry() -> None:
    """criteria_cases (one pass in evidence order) against `Criterion.matches` applied to each entry: skills in any
    case, entries attached by hand (with and without the skills), feedback on the skills or about the evidence."""
    from journal_tui.case import criteria_cases
    from journal_tui.roles import Criterion
    from journal_tui.rows import FeedbackRow

    skill_sets = [(), ("SQL",), ("sql", "Ops"), ("ops",), ("ux", "writing"), ("Writing",)]
    entries = [
        EntryRow(i, D(2026, 1, 1 + (i * 7) % 5), f"e{i}", None, skill_sets[i % len(skill_sets)], None, i % 4 == 0)
        for i in (9, 3, 14, 1, 20, 7, 12, 5, 18, 2, 11, 16)
    ]  # ids out of date order
    criteria = [
        Criterion(1, "a", 1, None, ("sql",)),
        Criterion(2, "b", 2, None, ("OPS", "writing"), (5, 2, 99)),
        Criterion(3, "c", 1, None, (), (1,)),
        Criterion(4, "d", 9, None, ("nothing",)),
        Criterion(5, "e", 1, None, ("sql",), (3, 20)),
    ]
    feedback = [
        FeedbackRow(i, D(2026, 1, 3), "p", "t", "praise", (), skills, None, about, None)
        for i, (skills, about) in enumerate(
            [((), 1), (("Sql",), None), ((), 5), ((), 14), (("ux",), 3), ((), 99), ((), None)]
        )
    ]
    order = sorted(entries, key=lambda e: (e.starred, e.occurred_on, e.id), reverse=True)
    cases = criteria_cases(criteria, entries, feedback)
    assert [c.criterion for c in cases] == criteria
    for case in cases:
        c = case.criterion
        evidence = [e for e in order if c.matches(e.skills, e.id)]
        mine = {s.casefold() for s in c.skills}
        quotes = [
            f for f in feedback if any(s.casefold() in mine for s in f.skills) or f.entry_id in {e.id for e in evidence}
        ]
        assert case.evidence == evidence
        assert case.feedback == quotes
    assert [len(c.evidence) for c in cases] == [5, 8, 1, 0, 6]
    assert [len(c.feedback) for c in cases] == [3, 3, 1, 0, 4]
