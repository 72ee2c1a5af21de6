"""The review over a seeded journal spanning several quarters, with a fixed today."""

import datetime as dt
import itertools
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import TODAY, Cli

from journal_tui.data import db
from journal_tui.data.store import Store
from journal_tui.dates import parse_range
from journal_tui.query import parse_query
from journal_tui.review import Review, build_head, build_review, head_markdown, to_data, to_markdown

pytestmark = pytest.mark.engines

D = dt.date


SEEDED_IDS: dict[str, int] = {}


@pytest.fixture
def seeded(seed_journal: Any, db_path: Path) -> Iterator[Store]:
    """Q2, Q3 and Q4 2026 with known contents (seeded once per engine, copied for each test)."""
    seed_journal("test_review.seeded", _seed)
    store = Store(db_path)
    store.ids = dict(SEEDED_IDS)  # type: ignore[attr-defined]
    yield store
    store.close()


def _seed(path: Path) -> None:
    store = Store(path)
    try:
        _fill(store)
    finally:
        store.close()


def _fill(store: Store) -> None:
    add = store.add_entry
    add(text="Q2 sql work", occurred_on=D(2026, 5, 4), project="billing", skills=["sql"])
    add(text="Q2 more sql", occurred_on=D(2026, 6, 1), project="billing", skills=["sql", "python"])
    add(text="Q2 talk", occurred_on=D(2026, 6, 30), project="payments", skills=["communication"])
    a = add(
        text="Shipped refunds",
        occurred_on=D(2026, 7, 2),
        project="billing",
        skills=["sql", "product"],
        impact="tickets -38%",
        starred=True,
    )
    b = add(text="Led incident review", occurred_on=D(2026, 7, 9), project="payments", skills=["leadership"])
    c = add(text="Cut CI time", occurred_on=D(2026, 8, 4), project="platform", skills=["python", "ci"], starred=True)
    d = add(text="Untracked cleanup", occurred_on=D(2026, 9, 30), skills=["python"])
    add(text="Q4 work", occurred_on=D(2026, 10, 5), project="billing", skills=["sql"])
    g = store.add_goal(
        title="Lead a cross-team project",
        measure="teams",
        target=4,
        current=2,
        due_on=D(2027, 3, 31),
        relevant="staff promotion",
        on=D(2026, 7, 1),
        set_on=D(2026, 6, 1),
    )
    m1 = store.add_milestone(g, "RFC", D(2026, 8, 1), set_on=D(2026, 6, 1))
    m2 = store.add_milestone(g, "Sign-off", D(2026, 12, 1), set_on=D(2026, 6, 1))
    store.set_milestone_done(m1, D(2026, 7, 30))
    store.set_milestone_done(m2, D(2026, 10, 2))
    store.link(b, g)
    store.link(a, g)
    done = store.add_goal(title="Mentor a new hire", due_on=D(2026, 9, 1), set_on=D(2026, 6, 1))
    store.set_goal_status(done, "achieved", D(2026, 8, 20))
    old = store.add_goal(title="Dropped long ago", set_on=D(2025, 12, 1))
    store.set_goal_status(old, "dropped", D(2026, 1, 1))
    store.add_feedback(text="Refunds launch was flawless", person="Maria", received_on=D(2026, 7, 10), entry_id=a)
    store.add_feedback(
        text="Let others speak first in reviews",
        person="Dan",
        received_on=D(2026, 7, 12),
        kind="constructive",
        skills=["leadership"],
    )
    store.add_feedback(text="Old praise", person="Maria", received_on=D(2026, 6, 1))
    SEEDED_IDS.update(a=a, b=b, c=c, d=d, g=g)


def q3(store: Store, query: str = "") -> Review:
    return build_review(store, parse_range("2026-Q3", today=TODAY), parse_query(query, today=TODAY), today=TODAY)


def test_review_holds_exactly_the_range(seeded: Store) -> None:
    r = q3(seeded)
    assert [e.title for e in r.entries] == [
        "Shipped refunds",
        "Led incident review",
        "Cut CI time",
        "Untracked cleanup",
    ]
    assert r.headline == {
        "entries": 4,
        "starred": 2,
        "projects": 3,
        "skills": 5,
        "feedback": 2,
        "praise": 1,
        "constructive": 1,
        "goals_achieved": 1,
        "milestones_done": 1,
        "with_impact": 1,
        "with_number": 1,
    }
    assert [(name, [e.title for e in wins]) for name, wins in r.projects] == [
        ("billing", ["Shipped refunds"]),
        ("payments", ["Led incident review"]),
        ("platform", ["Cut CI time"]),
        ("(no project)", ["Untracked cleanup"]),
    ]


def test_skill_counts_and_change_against_previous_period(seeded: Store) -> None:
    skills = {s.name: (s.count, s.previous, s.change) for s in q3(seeded).skills}
    assert skills == {
        "python": (2, 1, 1),
        "sql": (1, 2, -1),
        "product": (1, 0, 1),
        "leadership": (1, 0, 1),
        "ci": (1, 0, 1),
    }  # communication (Q2 only) is not in Q3


def test_goals_progress_milestones_and_evidence(seeded: Store) -> None:
    r = q3(seeded)
    by_title = {g.goal.title: g for g in r.goals}
    assert set(by_title) == {"Lead a cross-team project", "Mentor a new hire"}  # the dropped one is left out
    lead = by_title["Lead a cross-team project"]
    assert lead.goal.progress == 0.5
    assert [m.title for m in lead.milestones_done] == ["RFC"]  # Sign-off was done in Q4
    assert [e.title for e in lead.evidence] == ["Shipped refunds", "Led incident review"]


def test_no_response_is_guessed_one_is_shown_once_linked(seeded: Store) -> None:
    """An entry sharing the feedback's skill is not presented as the answer until the user links it."""
    retro = seeded.add_entry(
        text="Ran the retro and let the team speak first", occurred_on=D(2026, 8, 10), skills=["leadership"]
    )
    [(fb, answers)] = q3(seeded).constructive
    assert fb.person == "Dan" and answers == []
    md = to_markdown(q3(seeded))
    assert "Ran the retro" not in md.split("### Constructive, and what I did about it")[1].split("##")[0]
    assert f"No response linked yet: `journal feedback respond {fb.id} ENTRY`" in md
    assert [f["id"] for f in to_data(q3(seeded))["gaps"]["unanswered_feedback"]] == [fb.id]

    from journal_tui.responses import set_response

    set_response(seeded, fb.id, retro)
    r = q3(seeded)
    [(fb, answers)] = r.constructive
    assert [e.title for e in answers] == ["Ran the retro and let the team speak first"]
    assert r.gaps["unanswered_feedback"].data == []
    assert to_data(r)["feedback"]["constructive"][0]["responses"] == [retro]
    section = to_markdown(r).split("### Constructive, and what I did about it")[1]
    assert "- **2026-08-10** Ran the retro and let the team speak first _(leadership)_" in section


def test_q3_review_shows_goals_as_they_stood_at_the_end_of_q3(seeded: Store) -> None:
    """Achieved in November, current raised in October, a milestone done in October: Q3 shows none of it."""
    g = seeded.ids["g"]  # type: ignore[attr-defined]
    seeded.update_goal(g, current=4, on=D(2026, 10, 20))
    seeded.set_goal_status(g, "achieved", TODAY, on=D(2026, 11, 2))
    lead = next(x for x in q3(seeded).goals if x.goal.id == g)
    assert (lead.goal.status, lead.goal.achieved_on, lead.goal.current) == ("active", None, 2)
    assert lead.goal.progress == 0.5
    assert [m.done_on for m in lead.goal.milestones] == [D(2026, 7, 30), None]  # Sign-off was done in Q4
    md = to_markdown(q3(seeded))
    assert "### Lead a cross-team project (active, 50%, due 2027-03-31)" in md
    assert "- **Milestones:** 1 of 2 done" in md
    assert q3(seeded).headline["goals_achieved"] == 1  # only the mentoring goal, achieved in August

    q4 = build_review(seeded, parse_range("2026-Q4", today=TODAY), today=TODAY)
    now = next(x for x in q4.goals if x.goal.id == g)
    assert (now.goal.status, now.goal.achieved_on, now.goal.progress) == ("achieved", D(2026, 11, 2), 1.0)
    assert q4.headline["goals_achieved"] == 1


def test_overdue_goals_and_next_period_in_the_review(seeded: Store) -> None:
    late = seeded.add_goal(
        title="Write the on-call handbook", due_on=D(2026, 9, 15), on=D(2026, 7, 1), set_on=D(2026, 7, 1)
    )
    soon = seeded.add_goal(title="Ship the ledger", due_on=D(2026, 11, 30), on=D(2026, 7, 1), set_on=D(2026, 7, 1))
    r = q3(seeded)
    md = to_markdown(r)
    assert "### Write the on-call handbook (active, overdue, due 2026-09-15)" in md
    assert [g["id"] for g in to_data(r)["goals"] if g["overdue"]] == [late]
    next_md = md.split("## Next period (2026-Q4)")[1]
    assert "- Goal due 2026-11-30: Ship the ledger" in next_md
    assert "- Milestone due 2026-12-01: Sign-off (Lead a cross-team project)" in next_md
    assert [g["id"] for g in to_data(r)["next_period"]["goals"]] == [soon]


def test_filter_narrows_the_review(seeded: Store) -> None:
    r = q3(seeded, "project:billing")
    assert [e.title for e in r.entries] == ["Shipped refunds"]
    assert r.headline["entries"] == 1


def test_weekly_activity(seeded: Store) -> None:
    r = q3(seeded)
    assert r.weeks[0] == (D(2026, 6, 29), 1)  # week of Mon 29 June holds 2 July
    assert sum(c for _, c in r.weeks) == 4
    assert all((b - a).days == 7 for (a, _), (b, _) in itertools.pairwise(r.weeks))


def test_markdown_reads_well_and_has_no_empty_sections(seeded: Store) -> None:
    md = to_markdown(q3(seeded))
    assert md.startswith("# Review: 2026-Q3 (2026-07-01 to 2026-09-30)\n")
    assert "- ⭐ **2026-07-02** Shipped refunds _(product, sql)_ — **impact:** tickets -38%" in md
    assert "| python | 2 | +1 |" in md and "vs 2026-Q2" in md
    assert "> “Refunds launch was flawless”\n> — Maria, 2026-07-10" in md
    assert "### Constructive, and what I did about it" in md
    headings = [(m.start(), len(m.group(1))) for m in re.finditer(r"^(#+) ", md, re.MULTILINE)]
    for i, (start, level) in enumerate(headings):
        end = next((s for s, lv in headings[i + 1 :] if lv <= level), len(md))
        body = md[start:end].split("\n", 1)[1].strip()
        assert body, f"empty section: {md[start:end]!r}"


def test_empty_period_says_so(seeded: Store) -> None:
    md = to_markdown(build_review(seeded, parse_range("2020", today=TODAY)))
    assert "Nothing was logged in this period." in md and "## " not in md


def test_json_has_the_same_data(seeded: Store) -> None:
    data = to_data(q3(seeded))
    assert data["period"] == {"start": "2026-07-01", "end": "2026-09-30", "label": "2026-Q3"}
    assert data["previous_period"] == {"start": "2026-04-01", "end": "2026-06-30"}
    assert data["headline"]["entries"] == 4
    assert [p["name"] for p in data["projects"]] == ["billing", "payments", "platform", None]
    assert data["feedback"]["praise"][0]["from"] == "Maria"
    json.dumps(data)


def test_cli_review_default_is_this_quarter_and_writes_files(cli: Cli, seeded: Store, tmp_path: Path) -> None:
    md = cli("review")
    assert md.startswith("# Review: 2026-Q4")
    data = json.loads(cli("review", "--quarter", "2026-Q3", "--format", "json"))
    assert data["headline"]["entries"] == 4
    out = tmp_path / "q3.md"
    cli("review", "--from", "2026-07-01", "--to", "2026-09-30", "-o", str(out))
    assert out.read_text().startswith("# Review: 2026-Q3")
    assert json.loads(cli("review", "-q", "2026-Q3", "project:billing", "-f", "json"))["headline"]["entries"] == 1
    cli("review", "-q", "blorp", code=1)
    assert "unknown period 'blorp'; try 'Q3', '2026-Q3', 'last quarter'" in cli.err


def test_older_feedback_in_the_gaps_is_the_unanswered_constructive_only(seeded: Store) -> None:
    """Before the period only constructive feedback is read; answered or other kinds never show as gaps."""
    from journal_tui.responses import set_response

    open_old = seeded.add_feedback(
        text="Write shorter RFCs", person="Dan", received_on=D(2026, 4, 2), kind="constructive"
    )
    answered = seeded.add_feedback(text="Delegate more", person="Dan", received_on=D(2026, 5, 2), kind="constructive")
    seeded.add_feedback(text="A note", person="Dan", received_on=D(2026, 5, 3), kind="neutral")
    later = seeded.add_feedback(text="Too late for Q3", person="Dan", received_on=D(2026, 10, 3), kind="constructive")
    cleanup = next(e.id for e in seeded.list_entries(limit=None) if e.title == "Untracked cleanup")
    set_response(seeded, answered, cleanup)
    r = q3(seeded)
    [(in_q3, _)] = r.constructive
    gap = [f["id"] for f in to_data(r)["gaps"]["unanswered_feedback"]]
    assert gap == [open_old, in_q3.id] and later not in gap
    assert [f["id"] for f in to_data(q3(seeded, "project:billing"))["gaps"]["unanswered_feedback"]] == []


def test_a_person_filter_narrows_people_but_not_the_stale_gaps(seeded: Store) -> None:
    from journal_tui import people

    people.set_person(seeded, "Grace Liu", role="sponsor")  # never met: stale
    with db.writing(seeded.path) as conn:  # recorded in June, so known at the end of Q3
        conn.execute("UPDATE person SET created_at = '2026-06-01 12:00:00.000000' WHERE name = 'Grace Liu'")
    whole, narrowed = q3(seeded), q3(seeded, "by:maria")
    assert whole.people is not None and narrowed.people is not None
    assert [p.name for p in whole.people.stale] == ["Grace Liu"] and narrowed.people.stale == []
    expected = [
        {
            "person": "Grace Liu",
            "role": "sponsor",
            "last_contact": None,
            "text": "no contact with Grace Liu, sponsor, on record",
        }
    ]
    assert whole.gaps["stale_people"].data == narrowed.gaps["stale_people"].data == expected


def test_whole_range_rows_equal_one_by_one_rows(seeded: Store) -> None:
    """The review's bulk read names skills from their ids: the same rows, skills in the same order, as a page."""
    e = seeded.add_entry(text="Mixed case", occurred_on=D(2026, 8, 5), skills=["zeta", "Alpha", "beta"])
    seeded.link(e, next(g.id for g in seeded.list_goals() if g.title == "Lead a cross-team project"))
    rows = seeded.list_entries(limit=None, oldest_first=True)
    assert rows == [seeded.get_entry(r.id) for r in rows] == seeded.list_entries(limit=100)[::-1]
    assert seeded.get_entry(e).skills == ("Alpha", "beta", "zeta") and seeded.get_entry(e).goal_ids


@pytest.mark.parametrize(
    ("period", "query"),
    [
        ("2026-Q3", ""),
        ("2026-Q3", "project:billing"),
        ("2026-Q3", "skill:python"),
        ("2026-Q3", "starred"),
        ("2026-Q3", "refunds"),  # free text: the same rows through the text search
        ("2026-Q3", "by:dan"),
        ("2026-Q4", ""),
        ("2026-Q2", ""),
        ("last 365 days", ""),
    ],
)
def test_the_head_is_the_start_of_the_review_counted_by_sql(seeded: Store, period: str, query: str) -> None:
    """`build_head` counts by SQL what `build_review` counts from the rows it reads: the same headline, weeks and
    skills, and `head_markdown` is the first lines of `to_markdown`, word for word (the app shows it first)."""
    dates = parse_range(period, today=TODAY)
    flt = parse_query(query, today=TODAY)
    review = build_review(seeded, dates, flt, today=TODAY, stamps=False)
    head = build_head(seeded, dates, flt, today=TODAY)
    assert (head.headline, head.weeks, head.skills) == (review.headline, review.weeks, review.skills)
    whole = to_markdown(review)
    text = head_markdown(head)
    assert text is not None and whole.startswith(text) and text.count("\n") >= 4, (text, whole)
    if review.headline["starred"]:
        assert "## Key wins" in text
        first = head_markdown(build_head(seeded, dates, flt, today=TODAY, key_wins=1))
        first_win = text.split("## Key wins\n\n")[1].split("\n")[0]
        assert first is not None and whole.startswith(first) and first.endswith(f"\n{first_win}\n")


def test_the_head_of_an_empty_period_is_none(seeded: Store) -> None:
    """Nothing logged: no head (that review is short, and what follows its title needs the whole build)."""
    head = build_head(seeded, parse_range("2025-Q1", today=TODAY), today=TODAY)
    assert head.headline["entries"] == 0 and head_markdown(head) is None


def test_the_head_reads_no_entry_rows_but_its_key_wins(seeded: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """What makes it quick: the period's rows are never read, only the first key wins."""
    calls: list[Any] = []

    def counted(*a: Any, **k: Any) -> list[Any]:
        calls.append(a)
        return []

    monkeypatch.setattr(type(seeded), "bulk_entries", counted)
    head = build_head(seeded, parse_range("2026-Q3", today=TODAY), today=TODAY)
    assert calls == [] and [e.title for e in head.key_wins] == ["Shipped refunds", "Cut CI time"]
