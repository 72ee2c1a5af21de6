"""The review and the case tell the whole truth as of their period (issue 25's claims, checked against what was
entered)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Cli

pytestmark = pytest.mark.engines
APP_ON_SQLITE = "the app on a server is tested by the app's own suites"


def test_overdue_milestones_are_gaps_of_the_review_and_the_case(cli: Cli) -> None:
    cli("goal", "add", "Lead a cross-team project", "--due", "2027-03-31")
    cli("milestone", "add", "1", "Write the RFC", "--due", "2026-11-10")  # overdue on 2026-11-23
    cli("milestone", "add", "1", "Pick the teams", "--due", "2026-11-01")
    cli("milestone", "done", "2")
    cli("milestone", "add", "1", "Ship it", "--due", "2026-12-15")  # not due yet
    want = [{"id": 1, "goal": 1, "title": "Write the RFC", "due": "2026-11-10"}]
    assert cli.json("review", "--format", "json")["gaps"]["overdue_milestones"] == want
    assert cli.json("case", "--format", "json")["gaps"]["overdue_milestones"] == want
    assert "### Overdue milestones\n\n- Write the RFC (due 2026-11-10) — goal: Lead a cross-team project" in cli("case")
    # as of the end of Q3 the RFC was not yet due: a past review does not call it late
    assert cli.json("review", "--quarter", "2026-Q3", "--format", "json")["gaps"]["overdue_milestones"] == []


def test_an_achieved_goal_shows_its_day_and_its_measures_own_progress(cli: Cli) -> None:
    cli(
        "goal", "add", "Cut CI runtime", "--measure", "minutes", "--baseline", "31", "--target", "10", "--current", "17"
    )
    cli("goal", "done", "1", "--date", "2026-11-02")
    review = cli("review")
    assert "### Cut CI runtime (achieved on 2026-11-02, 67%)" in review  # (31 - 17) / (31 - 10), not 100%
    assert "- **Measure:** minutes: 17 (from 31, target 10)" in review
    (goal,) = cli.json("review", "--format", "json")["goals"]
    assert goal["status"] == "achieved" and goal["achieved_on"] == "2026-11-02" and goal["progress"] == 0.6667
    cli("goal", "add", "Give a talk")
    cli("goal", "done", "2")
    assert "### Give a talk (achieved on 2026-11-23, 100%)" in cli("review")  # nothing measured: achieving is all


def test_a_criterion_reads_as_a_manager_would_say_it(cli: Cli) -> None:
    cli("role", "set", "Staff Engineer")
    cli("role", "criterion", "add", "Leads cross-team work", "--skill", "leadership", "--need", "2")
    cli("add", "2026-11-02: Ran the planning offsite #leadership", "--star")
    cli("add", "2026-11-03: Led the incident review #leadership", "--impact", "MTTR 40 min -> 12 min")
    cli("add", "2026-11-04: Wrote the onboarding guide")
    cli("link", "3", "--criterion", "1")
    cli(
        "feedback",
        "add",
        "Bring on-call in earlier",
        "--from",
        "Maria",
        "--kind",
        "constructive",
        "--skill",
        "leadership",
    )
    md = cli("case")
    assert "## Leads cross-team work — 3 wins (needs 2): met" in md
    body = md.split("## Gaps")[0]
    evidence = [line for line in body.splitlines() if line.startswith("- ") and "**2026-11-0" in line]
    assert "Led the incident review" in evidence[0]  # the one with a measured impact first
    assert evidence[-1].endswith("_(attached by hand)_") and "onboarding guide" in evidence[-1]
    assert "**To work on:**\n> “Bring on-call in earlier”" in md
    (criterion,) = cli.json("case", "--format", "json")["criteria"]
    assert criterion["have"] == 3 and criterion["attached_by_hand"] == [3] and criterion["to_work_on"] == [1]
    assert criterion["evidence"][0]["title"] == "Led the incident review"


def test_facet_counts_are_what_choosing_the_facet_gives(db_path: Path | str) -> None:
    """With `project:ledger skill:mentoring`, Priya's facet counts the entries her feedback is about (what `by:priya`
    then lists in the Journal), and in the Feedback pane projects count feedback's own project."""
    from conftest import TODAY

    from journal_tui.data.store import Store
    from journal_tui.query import parse_query

    store = Store(str(db_path))
    e1 = store.add_entry(
        text="Mentored Sam on the ledger +ledger #mentoring", occurred_on=TODAY, project="ledger", skills=["mentoring"]
    )
    store.add_entry(text="Ledger cleanup", occurred_on=TODAY, project="ledger", skills=["mentoring"])
    store.add_feedback(text="Great mentoring", person="Priya Shah", received_on=TODAY, entry_id=e1)
    store.add_feedback(text="Good talk", person="Priya Shah", received_on=TODAY, project="talks")
    flt = parse_query("project:ledger skill:mentoring", today=TODAY)
    people = dict(store.name_counts("person", flt, of="entry"))
    assert people == {"Priya Shah": 1}
    assert store.count_entries(parse_query("project:ledger skill:mentoring by:priya", today=TODAY)) == 1
    every = parse_query("", today=TODAY)
    projects = dict(store.name_counts("project", every, of="feedback"))
    assert projects.get("talks") == 1 and projects.get("ledger", 0) == 0
    assert len(store.list_feedback(parse_query("project:talks", today=TODAY), limit=None)) == 1
    store.close()


def test_feedback_acted_on_through_a_goal_is_no_gap(cli: Cli) -> None:
    """A response is any recorded action: an entry, a goal made from the feedback, or a win or milestone of it."""
    for text in ("Share drafts earlier", "Bring on-call in earlier", "Write more design docs", "Delegate more"):
        cli("feedback", "add", text, "--from", "Maria Lopez", "--kind", "constructive", "--date", "2026-10-05")
    cli("feedback", "goal", "1", "Share every roadmap draft a week early")  # a goal made from feedback 1
    cli("feedback", "goal", "2", "Plan load tests with on-call")
    cli("add", "2026-11-10: Ran the load-test planning with on-call #leadership", "--goal", "2")
    cli("feedback", "goal", "3", "Write design docs")
    cli("milestone", "add", "3", "First doc", "--due", "2026-11-30")
    cli("milestone", "done", "1")
    cli("add", "2026-11-12: Handed the release to Sam")
    cli("feedback", "respond", "4", "2")  # an entry as the response
    gaps = cli.json("case", "--format", "json")["gaps"]["unanswered_feedback"]
    assert gaps == []
    assert "Constructive feedback without a response" not in cli("review")
    # in Q3, before any of it, all four were open... but they came in Q4: a fresh one is a gap until acted on
    cli("feedback", "add", "Speak up in reviews", "--from", "Maria Lopez", "--kind", "constructive")
    assert [f["text"] for f in cli.json("case", "--format", "json")["gaps"]["unanswered_feedback"]] == [
        "Speak up in reviews"
    ]


async def test_an_entry_that_answers_feedback_says_so_in_show_and_the_app(
    cli: Cli, db_path: Path | str, engine: str
) -> None:
    from conftest import TODAY

    from journal_tui.tui.app import make_app
    from journal_tui.tui.testing import settle

    cli("feedback", "add", "Share drafts earlier", "--from", "Maria Lopez", "--kind", "constructive")
    cli("add", "Sent the roadmap draft two weeks early")
    cli("feedback", "respond", "1", "1")
    assert "Answers feedback 1 from Maria Lopez (constructive, 2026-11-23): Share drafts earlier" in cli("show", "1")
    assert [f["id"] for f in cli.json("show", "1", "--format", "json")["answers"]] == [1]
    if engine == "postgresql":
        return  # APP_ON_SQLITE
    app = make_app(str(db_path), today=TODAY)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        from textual.widgets import Markdown

        source = app.pane("journal").query_one(Markdown).source
        assert "### A response to" in source and "Share drafts earlier" in source


def test_a_past_period_shows_only_what_was_set_by_its_end(cli: Cli) -> None:
    """A goal, milestone or criterion added in November is no part (and no gap) of Q3; `--date` says when one was
    set."""
    cli("role", "set", "Staff Engineer")
    cli("role", "criterion", "add", "Leads cross-team work", "--skill", "leadership", "--date", "2026-06-01")
    cli("role", "criterion", "add", "Owns budgets", "--skill", "negotiation")  # set today, 2026-11-23
    cli("goal", "add", "Lead the migration", "--due", "2026-09-15", "--date", "2026-07-01")
    cli("milestone", "add", "1", "Write the plan", "--due", "2026-08-01", "--date", "2026-07-01")
    cli("milestone", "add", "1", "Late addition", "--due", "2026-09-01")  # set today
    cli("goal", "add", "Speak at a conference", "--due", "2026-09-30")  # set today
    q3 = cli.json("case", "--quarter", "2026-Q3", "--format", "json")
    assert [c["name"] for c in q3["criteria"]] == ["Leads cross-team work"]
    assert [g["title"] for g in q3["gaps"]["goals_without_evidence"]] == ["Lead the migration"]
    assert [m["title"] for m in q3["gaps"]["overdue_milestones"]] == ["Write the plan"]
    review = cli.json("review", "--quarter", "2026-Q3", "--format", "json")
    assert [g["title"] for g in review["goals"]] == ["Lead the migration"]
    now = cli.json("case", "--format", "json")
    assert [c["name"] for c in now["criteria"]] == ["Leads cross-team work", "Owns budgets"]
    assert {g["title"] for g in now["gaps"]["goals_without_evidence"]} == {
        "Lead the migration",
        "Speak at a conference",
    }


def test_a_sponsor_added_later_is_no_gap_of_a_past_quarter(cli: Cli) -> None:
    cli("person", "set", "Grace Liu", "--role", "sponsor")  # added today, 2026-11-23, never met
    cli("person", "set", "Raj Mehta", "--role", "mentor")
    cli("met", "raj", "Reviewed the RFC", "-d", "2026-05-01")  # known since May: stale by the end of Q3
    q3 = cli.json("review", "--quarter", "2026-Q3", "--format", "json")["people"]["gaps"]
    assert [p["person"] for p in q3] == ["Raj Mehta"]
    now = cli.json("case", "--format", "json")["gaps"]["stale_people"]
    assert sorted(p["person"] for p in now) == ["Grace Liu", "Raj Mehta"]


def test_the_case_shows_every_goal_active_in_the_period_from_start_to_end(cli: Cli) -> None:
    cli(
        "goal",
        "add",
        "Lead the migration",
        "--measure",
        "services",
        "--target",
        "4",
        "--current",
        "1",
        "--date",
        "2026-07-01",
        "--due",
        "2027-03-31",
    )
    cli("goal", "update", "1", "--current", "3", "--date", "2026-11-01")
    cli("milestone", "add", "1", "Design review", "--date", "2026-07-01")
    cli("milestone", "add", "1", "Pilot service", "--date", "2026-07-01")
    cli("milestone", "done", "1", "-d", "2026-10-15")
    cli("milestone", "done", "2", "-d", "2026-09-10")  # done in Q3: not this period's
    cli("goal", "add", "Finished in May", "--date", "2026-01-01")
    cli("goal", "done", "2", "--date", "2026-05-01")
    cli("goal", "add", "Mentor two engineers", "--date", "2026-08-01")
    cli("goal", "done", "3", "--date", "2026-10-20")  # achieved during Q4: was active in it
    cli("goal", "add", "Speak at a conference", "--due", "2026-12-31")  # set during Q4
    goals = {g["title"]: g for g in cli.json("case", "--format", "json")["goals"]}
    assert set(goals) == {"Lead the migration", "Mentor two engineers", "Speak at a conference"}
    lead = goals["Lead the migration"]
    assert (lead["progress_start"], lead["progress_end"], lead["measure"]) == (0.25, 0.75, "3/4")
    assert [m["title"] for m in lead["milestones_done"]] == ["Design review"]
    assert goals["Mentor two engineers"]["achieved_on"] == "2026-10-20"
    assert goals["Speak at a conference"]["progress_start"] is None
    md = cli("case")
    assert (
        "- **Lead the migration** (active, due 2027-03-31): 25% → 75%\n"
        "  - services: 3/4\n  - ✔ Design review (2026-10-15)" in md
    )
    assert "- **Speak at a conference** (active, due 2026-12-31): new → —" in md


async def test_work_beyond_the_role_is_marked_everywhere_and_has_its_own_section(
    cli: Cli, db_path: Path | str, engine: str
) -> None:
    from conftest import TODAY, db_rows
    from textual.widgets import Markdown

    from journal_tui.tui.app import make_app
    from journal_tui.tui.testing import settle

    assert cli(
        "add", "Ran the hiring loop for the platform team #hiring", "--extra", "--impact", "3 hires"
    ).strip() == ("Added entry 1 · 2026-11-23 · #hiring · beyond my role")
    cli("add", "Fixed a flaky test")
    cli("add", "Chaired the architecture guild")
    assert cli("extra", "3").strip() == "Entry 3 is now marked as work beyond your role"
    assert [e["extra"] for e in cli.json("list", "--format", "json")] == [True, False, True]
    assert "(beyond role)" in cli("list").splitlines()[0]
    md = cli("case")
    section = md.split("## Responsibilities beyond the role\n\n")[1].split("\n\n")[0].splitlines()
    assert "Ran the hiring loop" in section[0] and "Chaired the architecture guild" in section[1]  # impact first
    assert [e["id"] for e in cli.json("case", "--format", "json")["beyond_role"]] == [1, 3]
    cli("extra", "3", "--off")
    if engine == "postgresql":
        return  # APP_ON_SQLITE
    app = make_app(str(db_path), today=TODAY)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        pane = app.pane("journal")
        pane.table.move_cursor(row=pane.table.get_row_index("1"))
        await settle(pilot)
        assert "Beyond my current role" in pane.query_one(Markdown).source
        await pilot.press("e")
        await settle(pilot)
        from textual.widgets import Checkbox

        box = app.screen.query_one("#extra", Checkbox)
        assert box.value is True
        box.value = False
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert db_rows(db_path, "SELECT id FROM entry WHERE extra") == []
