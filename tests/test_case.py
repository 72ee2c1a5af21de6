"""Issue 10: true goal progress, status as of a period, explicit responses, the target role and the case.

Every test runs the real `journal` main() (or the store) on its own journal (a SQLite file, then a PostgreSQL
database), with today frozen at 2026-11-23.
"""

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from conftest import TODAY, Cli

from journal_tui import roles
from journal_tui.case import GAP_PROVIDERS, Case, Gap, build_case, to_data, to_markdown
from journal_tui.data import db
from journal_tui.data.store import Store
from journal_tui.dates import parse_range

pytestmark = pytest.mark.engines

D = dt.date


def rows(path: Path | str, sql: str, *args: object) -> list[tuple[Any, ...]]:
    """Rows as the journal's own connection reads them (dates as ISO text on both engines)."""
    with db.reading(path) as conn:
        return [tuple(r) for r in conn.execute(sql, args)]


# --- progress in both directions ----------------------------------------------------------------


def test_progress_with_a_baseline_goes_either_way(cli: Cli) -> None:
    cli("goal", "add", "Cut CI runtime", "--measure", "minutes", "--baseline", "30", "--target", "5", "--current", "12")
    cli(
        "goal",
        "add",
        "p95 below 1 s",
        "--measure",
        "p95 seconds",
        "--baseline",
        "4.1",
        "--target",
        "1",
        "--current",
        "0.9",
    )
    cli("goal", "add", "Teams adopting", "--measure", "teams", "--target", "4", "--current", "1")
    by_title = {g["title"]: g for g in cli.json("goal", "list", "--format", "json")}
    assert by_title["Cut CI runtime"]["progress"] == 0.72  # (30 - 12) / (30 - 5), not "12 of 5" = 100 %
    assert by_title["Cut CI runtime"]["baseline"] == 30
    assert by_title["p95 below 1 s"]["progress"] == 1.0  # past the target: clamped
    assert by_title["Teams adopting"]["progress"] == 0.25  # no baseline: 0, higher is better
    text = cli("goal", "list")
    assert "72%" in text and "measure: minutes 12 (from 30, target 5)" in text
    assert "measure: teams 1/4" in text
    cli("goal", "update", "1", "--current", "40")
    assert cli.json("goal", "list", "--format", "json")[0]["progress"] == 0.0  # worse than the baseline: clamped at 0


def test_progress_is_the_same_in_the_review(cli: Cli, store: Store) -> None:
    gid = store.add_goal(
        title="Cut CI runtime", measure="minutes", baseline=30, target=5, current=12, on=D(2026, 10, 1)
    )
    store.add_entry(text="Parallelised the test shards", occurred_on=D(2026, 10, 8), goal_ids=[gid])
    data = cli.json("review", "--format", "json")
    [goal] = [g for g in data["goals"] if g["id"] == gid]
    assert goal["progress"] == 0.72
    assert "### Cut CI runtime (active, 72%)" in cli("review")
    assert "- **Measure:** minutes: 12 (from 30, target 5)" in cli("review")


# --- status as of a period ----------------------------------------------------------------------


def test_goal_done_with_a_date_and_history_of_current(cli: Cli, db_path: Path) -> None:
    cli("goal", "add", "Lead the migration", "--measure", "services", "--target", "4", "--current", "1")
    assert "Goal 1 is now achieved (since 2026-11-02)" in cli("goal", "done", "1", "--date", "2026-11-02")
    [goal] = cli.json("goal", "list", "--all", "--format", "json")
    assert goal["achieved_on"] == "2026-11-02"
    cli("goal", "update", "1", "--current", "3", "--date", "2026-10-15")
    assert rows(db_path, "SELECT recorded_on, value FROM goal_progress ORDER BY id") == [
        ("2026-11-23", 1.0),
        ("2026-10-15", 3.0),
    ]
    assert rows(db_path, "SELECT changed_on, status FROM goal_status_change") == [("2026-11-02", "achieved")]
    cli("goal", "done", "1", "--date", "in 3 days", code=1)
    assert cli.err.count("\n") == 1 and "future" in cli.err


def test_q3_review_of_a_goal_achieved_in_q4(cli: Cli, store: Store) -> None:
    gid = store.add_goal(
        title="Ship the ledger",
        measure="services",
        target=4,
        current=1,
        on=D(2026, 7, 1),
        due_on=D(2026, 12, 15),
        set_on=D(2026, 7, 1),
    )
    m = store.add_milestone(gid, "Design review", D(2026, 9, 1), set_on=D(2026, 7, 1))
    store.set_milestone_done(m, D(2026, 10, 3))
    store.update_goal(gid, current=4, on=D(2026, 11, 1))
    store.add_entry(text="Moved the first service", occurred_on=D(2026, 8, 3), goal_ids=[gid])
    cli("goal", "done", str(gid), "--date", "2026-11-02")
    q3 = cli.json("review", "--quarter", "2026-Q3", "--format", "json")
    [goal] = [g for g in q3["goals"] if g["id"] == gid]
    assert (goal["status"], goal["achieved_on"], goal["current"], goal["progress"]) == ("active", None, 1, 0.25)
    assert goal["milestones"][0]["done"] is None and q3["headline"]["goals_achieved"] == 0
    md = cli("review", "--quarter", "2026-Q3")
    assert "### Ship the ledger (active, 25%, due 2026-12-15)" in md
    q4 = cli.json("review", "--quarter", "2026-Q4", "--format", "json")
    [goal] = [g for g in q4["goals"] if g["id"] == gid]
    assert (goal["status"], goal["achieved_on"], goal["progress"]) == ("achieved", "2026-11-02", 1.0)


# --- overdue ----------------------------------------------------------------------------------------


def test_overdue_in_goal_list_text_and_json(cli: Cli) -> None:
    cli("goal", "add", "Write the handbook", "--due", "2026-11-01")
    cli("goal", "add", "Lead the offsite", "--due", "2027-01-15")
    cli("milestone", "add", "2", "Book the venue", "--due", "2026-11-20")
    text = cli("goal", "list")
    [late] = [line for line in text.splitlines() if "Write the handbook" in line]
    [fine] = [line for line in text.splitlines() if "Lead the offsite" in line]
    assert "OVERDUE" in late and "OVERDUE" not in fine
    assert "[ ] 1: Book the venue (due 2026-11-20) OVERDUE" in text
    data = {g["title"]: g["overdue"] for g in cli.json("goal", "list", "--format", "json")}
    assert data == {"Write the handbook": True, "Lead the offsite": False}
    cli("goal", "done", "1")
    assert [g["overdue"] for g in cli.json("goal", "list", "--all", "--format", "json")] == [False, False]


# --- explicit responses -------------------------------------------------------------------------


def test_no_response_without_a_link_and_one_with_it(cli: Cli, db_path: Path) -> None:
    cli(
        "feedback",
        "add",
        "Share drafts earlier",
        "--from",
        "Maria",
        "--kind",
        "constructive",
        "--skill",
        "writing",
        "--date",
        "2026-10-05",
    )
    cli("add", "2026-10-20: Fixed the timezone bug #writing")  # shares the skill: must not be taken as the answer
    cli("add", "2026-10-25: Sent the roadmap draft to finance a week early #communication")
    md = cli("review")
    section = md.split("### Constructive, and what I did about it")[1]
    assert "timezone" not in section and "No response linked yet: `journal feedback respond 1 ENTRY`" in section
    assert "Share drafts earlier" in md.split("## Gaps")[1]

    assert cli("feedback", "respond", "1", "2") == "Entry 2 is now a response to feedback 1\n"
    assert rows(db_path, "SELECT feedback_id, entry_id FROM feedback_response") == [(1, 2)]
    md = cli("review")
    section = md.split("### Constructive, and what I did about it")[1]
    assert "- **2026-10-25** Sent the roadmap draft to finance a week early _(communication)_" in section
    assert "timezone" not in section and "Constructive feedback without a response" not in md
    data = cli.json("review", "--format", "json")
    assert data["feedback"]["constructive"][0]["responses"] == [2]
    assert data["gaps"]["unanswered_feedback"] == []

    cli("feedback", "respond", "1", "2", "--remove")
    assert rows(db_path, "SELECT * FROM feedback_response") == []
    cli("feedback", "respond", "1", "99", code=1)
    assert cli.err == "journal: there is no entry with id 99\n"


# --- the role and its criteria ------------------------------------------------------------------


def test_role_set_criteria_add_edit_rm_and_counts(cli: Cli, db_path: Path) -> None:
    assert "No target role yet" in (cli("role") or cli.err)
    assert cli("role", "set", "Staff Engineer") == "Target role: Staff Engineer\n"
    out = cli(
        "role",
        "criterion",
        "add",
        "Leads cross-team work",
        "--skill",
        "leadership",
        "--skill",
        "system design",
        "--need",
        "3",
        "--note",
        "beyond my own team",
    )
    assert out == "Added criterion 1 · need 3 · skills: leadership, system design\n"
    cli("role", "criterion", "add", "Negotiates", "--skill", "negotiation")
    cli("add", "Led the incident review #leadership")
    cli("add", "Designed retries #system-design")
    cli("add", "Unrelated #sql")
    listing = cli("role")
    assert listing.splitlines()[0] == "Target role: Staff Engineer"
    assert "   1  partial   2/3   Leads cross-team work" in listing  # '#system-design' is the skill 'system design'
    assert "   2  gap       0/1   Negotiates" in listing
    cli("link", "3", "--criterion", "2")
    assert "   2  met       1/1   Negotiates" in cli("role")
    cli("role", "criterion", "edit", "1", "--skill", "leadership", "--skill", "system-design", "--need", "2")
    data = cli.json("role", "--format", "json")
    assert data["criteria"][0] == {
        "id": 1,
        "name": "Leads cross-team work",
        "skills": ["leadership", "system design"],
        "need": 2,
        "note": "beyond my own team",
        "entries": [],
        "evidence": 2,
        "status": "met",
    }
    cli("role", "criterion", "edit", "1", code=1)
    assert cli.err.startswith("journal: nothing to change")
    cli("role", "criterion", "add", "Bad", "--need", "0", code=1)
    assert cli.err == "journal: --need must be between 1 and 1000, not 0\n"
    cli("role", "criterion", "rm", "2", "--yes")
    assert rows(db_path, "SELECT id FROM criterion") == [(1,)]
    assert rows(db_path, "SELECT * FROM criterion_entry") == []  # cascaded
    cli("link", "3", "--criterion", "2", code=1)
    assert cli.err == "journal: there is no criterion with id 2\n"
    cli("link", "3", code=1)
    assert "pass a GOAL_ID or --criterion" in cli.err


def test_role_text_is_stored_clean(cli: Cli, db_path: Path) -> None:
    cli("role", "set", "Staff\x1b[31m Engineer\x1b[0m")  # pasted coloured text: the escape sequences go, the words stay
    assert rows(db_path, "SELECT title FROM role") == [("Staff Engineer",)]
    cli("role", "set", "\x1b[31m\x07", code=1)
    assert cli.err.count("\n") == 1
    cli("role", "set", "Principal Engineer")  # renames, one row
    assert rows(db_path, "SELECT id, title FROM role") == [(1, "Principal Engineer")]


# --- the case -------------------------------------------------------------------------------------


@pytest.fixture
def staffed(store: Store) -> Store:
    """A role with three criteria that have 0, 1 and enough evidence in 2026-Q4."""
    roles.set_role(store, "Staff Engineer")
    set_on = D(2026, 6, 1)  # the role's criteria, known since June: a Q3 case weighs them too
    roles.add_criterion(store, "Leads cross-team work", skills=["leadership", "system design"], need=2, set_on=set_on)
    grow = roles.add_criterion(store, "Grows others", skills=["mentoring"], need=2, set_on=set_on)
    roles.add_criterion(store, "Owns budgets", skills=["negotiation"], need=1, set_on=set_on)
    a = store.add_entry(
        text="Led the incident review",
        occurred_on=D(2026, 10, 5),
        skills=["leadership"],
        impact="MTTR -30%",
        starred=True,
    )
    store.add_entry(
        text="Designed the retry scheme", occurred_on=D(2026, 10, 20), skills=["system design"], starred=True
    )
    c = store.add_entry(text="Paired with Sam", occurred_on=D(2026, 11, 2), skills=["pairing"])
    store.add_entry(text="Old negotiation", occurred_on=D(2026, 8, 1), skills=["negotiation"])  # Q3: not evidence
    roles.link_entry(store, c, grow)  # attached by hand
    store.add_feedback(text="Great incident review", person="Dan", received_on=D(2026, 10, 6), skills=["leadership"])
    store.add_feedback(
        text="Share drafts earlier", person="Maria", received_on=D(2026, 10, 9), kind="constructive", skills=["writing"]
    )
    store.add_goal(title="Speak at a conference", due_on=D(2027, 3, 1), on=D(2026, 9, 1))
    busy = store.add_goal(title="Lead the migration", due_on=D(2027, 2, 1), on=D(2026, 9, 1))
    store.add_goal(title="Write the handbook", due_on=D(2026, 11, 1), on=D(2026, 9, 1))
    store.link(a, busy)
    return store


def q4_case(store: Store) -> Case:
    return build_case(store, parse_range("2026-Q4", today=TODAY), TODAY)


def test_criteria_with_zero_one_and_enough_evidence(staffed: Store) -> None:
    case = q4_case(staffed)
    by_name = {c.criterion.name: c for c in case.criteria}
    assert (by_name["Leads cross-team work"].status, by_name["Leads cross-team work"].have) == ("met", 2)
    assert (by_name["Grows others"].status, by_name["Grows others"].have) == ("partial", 1)
    assert (by_name["Owns budgets"].status, by_name["Owns budgets"].have) == ("gap", 0)
    # starred first (newest first among them), with impact; feedback on the same skills with who and when
    assert [e.title for e in by_name["Leads cross-team work"].evidence] == [
        "Designed the retry scheme",
        "Led the incident review",
    ]
    md = to_markdown(case)
    assert md.startswith("# Promotion case: Staff Engineer — 2026-Q4 (2026-10-01 to 2026-12-31)\n")
    assert "## Leads cross-team work — 2 wins (needs 2): met" in md
    assert "## Grows others — 1 win (needs 2): partial" in md and "## Owns budgets — 0 wins (needs 1): gap" in md
    assert "- ⭐ **2026-10-05** Led the incident review _(leadership)_ — **impact:** MTTR -30%" in md
    assert "> “Great incident review”\n> — Dan, 2026-10-06" in md


def test_gaps_list_each_kind(staffed: Store) -> None:
    gaps = to_data(q4_case(staffed))["gaps"]
    assert [(g["name"], g["have"], g["status"]) for g in gaps["criteria"]] == [
        ("Grows others", 1, "partial"),
        ("Owns budgets", 0, "gap"),
    ]
    assert [g["title"] for g in gaps["goals_without_evidence"]] == ["Write the handbook", "Speak at a conference"]
    assert [(g["title"], g["due"]) for g in gaps["overdue_goals"]] == [("Write the handbook", "2026-11-01")]
    assert [f["text"] for f in gaps["unanswered_feedback"]] == ["Share drafts earlier"]
    assert [e["title"] for e in gaps["wins_without_impact"]] == ["Designed the retry scheme"]
    md = to_markdown(q4_case(staffed)).split("## Gaps")[1]
    for heading in (
        "### Criteria short of their need",
        "### Active goals with no evidence in this period",
        "### Overdue goals",
        "### Constructive feedback without a response",
        "### Key wins without an impact",
    ):
        assert heading in md
    assert "- Owns budgets: 0 wins (needs 1): gap — skills: negotiation" in md
    assert "`journal edit 2`" in md  # the key win without an impact, to fill in


def test_gaps_are_extensible(staffed: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    def extra(ctx: Any) -> Gap:
        return Gap("stale_mentors", "Mentors you have not met lately", ["- Ana"], [{"name": "Ana"}])

    monkeypatch.setattr("journal_tui.case.GAP_PROVIDERS", [*GAP_PROVIDERS, extra])
    case = q4_case(staffed)
    assert to_data(case)["gaps"]["stale_mentors"] == [{"name": "Ana"}]
    assert "### Mentors you have not met lately\n\n- Ana" in to_markdown(case)


def test_case_cli_json_keys_and_file(cli: Cli, staffed: Store, tmp_path: Path) -> None:
    data = cli.json("case", "--format", "json")
    assert set(data) == {"role", "period", "criteria", "goals", "beyond_role", "gaps", "promotion"}
    assert data["role"] == "Staff Engineer"
    assert data["period"] == {"start": "2026-10-01", "end": "2026-12-31", "label": "2026-Q4"}
    first = data["criteria"][0]
    assert set(first) == {
        "id",
        "name",
        "skills",
        "need",
        "status",
        "have",
        "evidence",
        "attached_by_hand",
        "to_work_on",
        "feedback",
    }
    listed = {e["id"]: e for e in cli.json("list", "--format", "json")}
    assert all(e == listed[e["id"]] for e in first["evidence"])  # entries as in list
    assert first["evidence"][0]["impact"] == "MTTR -30%"  # a measured impact first
    assert first["feedback"][0]["from"] == "Dan"
    assert set(data["gaps"]) == {
        "criteria",
        "goals_without_evidence",
        "overdue_goals",
        "overdue_milestones",
        "unanswered_feedback",
        "wins_without_impact",
        "stale_people",
    }
    q3 = cli.json("case", "--quarter", "2026-Q3", "--format", "json")
    assert [c["status"] for c in q3["criteria"]] == ["gap", "gap", "met"]
    ranged = cli.json("case", "--from", "2026-08-01", "--to", "2026-10-05", "--format", "json")
    assert ranged["period"]["label"] == "2026-08-01 to 2026-10-05"
    out = tmp_path / "case.md"
    cli("case", "-o", str(out))
    assert out.read_text().startswith("# Promotion case: Staff Engineer — 2026-Q4")
    cli("case", "--quarter", "blorp", code=1)
    assert cli.err.count("\n") == 1


def test_case_without_a_role_says_what_to_do(cli: Cli) -> None:
    md = cli("case")
    assert md.startswith("# Promotion case — 2026-Q4")
    assert 'journal role set "Staff Engineer"' in md


def test_impact_headline_counts_what_can_be_added(cli: Cli) -> None:
    cli("add", "Cut CI time", "--impact", "22 min -> 9 min", "--star")
    cli("add", "Unblocked the ledger team", "--impact", "happier team")
    cli("add", "Mentored Sam", "--star")
    cli("add", "Reviewed PRs")
    md = cli("review")
    assert "- **2** of 4 wins state an impact, **1** with a number" in md
    assert "### Key wins without an impact\n\n- **2026-11-23** Mentored Sam — add one: `journal edit 3`" in md
    assert cli.json("review", "--format", "json")["headline"]["with_number"] == 1
    assert "- **2** of 4 wins state an impact, **1** with a number" in cli("case")


def test_demo_then_case_is_believable_with_a_gap(cli: Cli) -> None:
    cli("demo")
    md = cli("case")
    assert md.startswith("# Promotion case: Staff Engineer — 2026-Q4")
    data = cli.json("case", "--format", "json")
    statuses = {c["status"] for c in data["criteria"]}
    assert {"met", "gap"} <= statuses
    assert data["gaps"]["criteria"] and data["gaps"]["unanswered_feedback"]
    assert all(c["evidence"] or c["status"] == "gap" for c in data["criteria"])
