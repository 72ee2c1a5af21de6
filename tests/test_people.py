"""People (issue 11): the person filter rule, roles, contacts, last contact, stale flags, asks, feedback to goals,
the review's People section, and the People pane through the Pilot."""

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import TODAY, Cli
from panes import people_pane

from journal_tui import people
from journal_tui.data import db
from journal_tui.data.store import Store
from journal_tui.dates import parse_range
from journal_tui.errors import JournalError
from journal_tui.query import match_people, parse_query
from journal_tui.review import build_review, to_data, to_markdown
from journal_tui.tui.app import JournalApp
from journal_tui.tui.testing import settle

D = dt.date
FIXTURES = Path(__file__).parent / "fixtures"
NAMES = ["Maria Lopez", "Mario Rossi", "Dev Patel", "Dan", "Dan Kowalski", "Omar Li", "Jean-Luc Picard"]
# APP_ON_SQLITE: the app's Pilot tests here run on a SQLite file only (each costs 1-4 s): the app on a server is the
# app's own suites' to test, and the reads behind the People pane run on both engines in the tests above.

pytestmark = pytest.mark.engines


def rows(path: Path | str, sql: str, *args: object) -> list[tuple[Any, ...]]:
    """Rows as the journal's own connection reads them (dates as ISO text on both engines)."""
    with db.reading(path) as conn:
        return [tuple(r) for r in conn.execute(sql, args)]


@pytest.fixture
def named(store: Store) -> Store:
    """One piece of feedback from each of NAMES, each about its own entry."""
    for i, name in enumerate(NAMES):
        entry = store.add_entry(text=f"Win {i}", occurred_on=D(2026, 11, 1))
        store.add_feedback(text=f"Said by {name}", person=name, received_on=D(2026, 11, 2), entry_id=entry)
    return store


# --- the person filter rule --------------------------------------------------------------------

RULE_CASES = [
    ("by:maria", {"Maria Lopez"}),  # first name
    ("by:lopez", {"Maria Lopez"}),  # last name
    ("by:LOPEZ", {"Maria Lopez"}),  # any case
    ("by:mar", {"Maria Lopez", "Mario Rossi"}),  # prefix of a word (not "Omar": mid-word)
    ("by:dan", {"Dan"}),  # the exact name wins over "Dan Kowalski"
    ("by:kow", {"Dan Kowalski"}),
    ("by:luc", {"Jean-Luc Picard"}),  # after a hyphen
    ('by:"maria lo"', {"Maria Lopez"}),
    ('by:"Dev Patel","Maria Lopez"', {"Dev Patel", "Maria Lopez"}),  # a quoted comma list is OR
    ('by:dev,"Maria Lopez"', {"Dev Patel", "Maria Lopez"}),
    ("by:zed", set()),
    ("-by:mar", set(NAMES) - {"Maria Lopez", "Mario Rossi"}),
]


@pytest.mark.parametrize("query, expected", RULE_CASES)
def test_person_rule_in_sql_and_in_python_agree(named: Store, query: str, expected: set[str]) -> None:
    flt = parse_query(query, today=TODAY)
    assert {f.person for f in named.list_feedback(flt)} == expected
    # entries: the ones that feedback was about
    assert {e.text for e in named.list_entries(flt)} == {f"Win {NAMES.index(n)}" for n in expected}
    if not flt.clauses[0].negated:
        assert match_people(flt.clauses[0].values, NAMES) == expected
        assert {n for n, c in named.name_counts("person", flt) if c} == expected  # facets count the same people


def test_quoted_comma_list_leaves_no_free_text() -> None:
    flt = parse_query('by:"Dev Patel","Maria Lopez" kind:praise', today=TODAY)
    assert flt.names("person")[0].values == ("Dev Patel", "Maria Lopez")
    assert flt.words == () and flt.phrases == ()
    assert parse_query('to:"last friday"', today=TODAY).end == D(2026, 11, 20)  # single quoted values unchanged


def test_readme_example_by_first_name(cli: Cli) -> None:
    cli("add", "Shipped refunds +billing")
    cli("feedback", "add", "The refunds rollout was flawless", "--from", "Maria Lopez", "--about", "1")
    cli("feedback", "add", "Nice", "--from", "Dev Patel")
    assert [f["from"] for f in cli.json("feedback", "list", "by:maria", "-f", "json")] == ["Maria Lopez"]
    both = cli.json("feedback", "list", 'by:"Dev Patel","Maria Lopez"', "-f", "json")
    assert sorted(f["from"] for f in both) == ["Dev Patel", "Maria Lopez"]


@pytest.mark.sqlite_only  # APP_ON_SQLITE
async def test_facets_mark_the_person_a_first_name_selects(named: Store) -> None:
    from journal_tui.tui.app import make_app
    from journal_tui.tui.widgets.facets import FacetList

    app = make_app(named.path, today=TODAY)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"by:lopez", "enter")
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        facets = app.query_one(FacetList)
        labels = [str(facets.get_option_at_index(i).prompt) for i in range(facets.option_count)]
        assert "● Maria Lopez 1" in labels
        assert app.pane("feedback").count == 1


# --- roles, people, contacts ----------------------------------------------------------------------


def test_person_set_show_and_roles(cli: Cli, db_path: Path) -> None:
    assert (
        cli("person", "set", "Raj Mehta", "--role", "mentor", "--team", "Platform").strip()
        == "Added Raj Mehta (role mentor, team Platform)"
    )
    assert cli("person", "set", "raj", "--note", "Staff engineer").strip() == "Updated Raj Mehta"  # first name works
    assert rows(db_path, "SELECT name, role, team, note FROM person") == [
        ("Raj Mehta", "mentor", "Platform", "Staff engineer")
    ]
    cli("person", "set", "Maria Lopez", "--role", "manager")
    cli("feedback", "add", "Good", "--from", "Mario Rossi")
    assert [p["name"] for p in cli.json("people", "--role", "mentor", "-f", "json")] == ["Raj Mehta"]
    # manager first, then mentors, then people without a role
    assert [(p["name"], p["role"]) for p in cli.json("people", "-f", "json")] == [
        ("Maria Lopez", "manager"),
        ("Raj Mehta", "mentor"),
        ("Mario Rossi", None),
    ]
    assert [(p["name"]) for p in cli.json("people", "platform", "-f", "json")] == ["Raj Mehta"]  # words: team too
    assert [p["name"] for p in cli.json("people", "role:man", "-f", "json")] == ["Maria Lopez"]
    cli("person", "set", "mar", "--role", "peer", code=1)
    assert "could be Maria Lopez, Mario Rossi" in cli.err
    assert cli("person", "set", "Mar", "--new").strip() == "Added Mar"  # literally, beside Maria and Mario
    assert cli("person", "set", "mar", "--role", "peer").strip() == "Updated Mar (role peer)"  # now the exact name wins
    cli("person", "set", "Sam", "--role", "boss", code=2)
    out = cli("person", "show", "raj")
    assert out.splitlines()[0] == "Raj Mehta · mentor · team Platform · STALE"
    assert "Note: Staff engineer" in out and "Last contact: never" in out
    cli("person", "show", "nobody", code=1)
    assert "there is no person called 'nobody'" in cli.err


def test_role_filter_reaches_feedback(cli: Cli) -> None:
    cli("person", "set", "Raj Mehta", "--role", "mentor")
    cli("feedback", "add", "From the mentor", "--from", "Raj Mehta")
    cli("feedback", "add", "From a peer", "--from", "Dev Patel")
    assert [f["text"] for f in cli.json("feedback", "list", "role:mentor", "-f", "json")] == ["From the mentor"]
    assert [f["text"] for f in cli.json("feedback", "list", "-role:mentor", "-f", "json")] == ["From a peer"]
    cli("feedback", "list", "role:ceo", code=1)
    assert "role: 'ceo' is not one of" in cli.err


def test_met_logs_contacts_listed_under_the_person(cli: Cli, db_path: Path) -> None:
    cli("person", "set", "Raj Mehta", "--role", "mentor")
    assert (
        cli("met", "raj", "Talked about the staff packet", "-d", "2026-09-01", "--kind", "mentoring").strip()
        == "Logged mentoring contact with Raj Mehta on 2026-09-01"
    )
    assert cli("met", "Grace Liu", "Coffee").strip() == "Logged contact with Grace Liu on 2026-11-23"  # a new person
    cli("met", "raj", "x", "--kind", "lunch", code=2)
    cli("met", "raj", "   ", code=1)
    shown = cli.json("person", "show", "raj", "-f", "json")
    assert shown["contacts"] == [
        {
            "id": 1,
            "person": "Raj Mehta",
            "date": "2026-09-01",
            "kind": "mentoring",
            "text": "Talked about the staff packet",
        }
    ]
    assert rows(db_path, "SELECT count(*) FROM contact") == [(2,)]


@pytest.mark.parametrize("source", ["contact", "feedback", "ask"])
def test_last_contact_comes_from_each_source(store: Store, source: str) -> None:
    people.set_person(store, "Raj Mehta", role="mentor")
    day = D(2026, 10, 1)
    if source == "contact":
        people.add_contact(store, "Raj", "Mentoring", met_on=day)
    elif source == "feedback":
        store.add_feedback(text="Nice RFC", person="Raj Mehta", received_on=day)
    else:
        people.add_ask(store, "Raj", "The RFC", asked_on=day)
    [raj] = people.list_people(store, TODAY)
    assert raj.last_contact == day


def test_last_contact_is_the_latest_of_all_sources(store: Store) -> None:
    people.add_contact(store, "Raj Mehta", "Old", met_on=D(2026, 8, 1))
    store.add_feedback(text="Mid", person="Raj Mehta", received_on=D(2026, 9, 1))
    people.add_ask(store, "Raj", "Newest", asked_on=D(2026, 10, 5))
    assert people.list_people(store, TODAY)[0].last_contact == D(2026, 10, 5)


def test_stale_mentors_and_sponsors_with_a_frozen_today(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    people.set_person(store, "Raj Mehta", role="mentor")
    people.add_contact(store, "Raj", "Last talk", met_on=TODAY - dt.timedelta(days=45))
    people.set_person(store, "Ana Costa", role="mentor")
    people.add_contact(store, "Ana", "Recent", met_on=TODAY - dt.timedelta(days=44))
    people.set_person(store, "Grace Liu", role="sponsor")  # never met: stale
    people.set_person(store, "Maria Lopez", role="manager")
    people.add_contact(store, "Maria", "Long ago", met_on=D(2025, 1, 1))  # managers are never flagged
    stale = {p.name: p.stale for p in people.list_people(store, TODAY)}
    assert stale == {"Raj Mehta": True, "Ana Costa": False, "Grace Liu": True, "Maria Lopez": False}
    assert {p.name for p in people.list_people(store, TODAY, stale_after=60) if p.stale} == {"Grace Liu"}
    monkeypatch.setenv(people.STALE_ENV, "30")
    assert {p.name for p in people.list_people(store, TODAY) if p.stale} == {"Raj Mehta", "Ana Costa", "Grace Liu"}
    monkeypatch.setenv(people.STALE_ENV, "soon")
    with pytest.raises(JournalError, match="JOURNAL_STALE_DAYS"):
        people.list_people(store, TODAY)


def test_people_command_table_and_stale_days_option(cli: Cli) -> None:
    cli("person", "set", "Raj Mehta", "--role", "mentor")
    cli("met", "raj", "Mentoring", "-d", "2026-09-01")
    cli("feedback", "add", "Good call", "--from", "Maria Lopez")
    cli("feedback", "add", "Slow down", "--from", "Maria Lopez", "--kind", "constructive")
    assert cli("people").splitlines() == [
        "NAME         ROLE        PRAISE  CONSTR.  LAST CONTACT  ASKS",
        "Raj Mehta    mentor           0        0  2026-09-01    0     stale",
        "Maria Lopez                   1        1  2026-11-23    0",
    ]
    assert [p["stale"] for p in cli.json("people", "--stale-days", "90", "-f", "json")] == [False, False]
    maria = cli.json("people", "by:maria", "-f", "json")
    assert maria == [
        {
            "name": "Maria Lopez",
            "role": None,
            "team": None,
            "note": None,
            "count": 2,
            "feedback": {"praise": 1, "constructive": 1, "neutral": 0},
            "last_contact": "2026-11-23",
            "open_asks": 0,
            "overdue_asks": 0,
            "stale": False,
        }
    ]


# --- asks -----------------------------------------------------------------------------------------------


def test_asks_open_overdue_answered_closed(cli: Cli, db_path: Path) -> None:
    cli("add", "Led the load test")
    assert (
        cli("ask", "Maria Lopez", "How I led the load test", "--about", "1", "--due", "2026-11-20").strip()
        == "Asked Maria Lopez for feedback (ask 1, due 2026-11-20)"
    )
    cli("ask", "Dev Patel", "The RFC", "--due", "2026-12-01")
    cli("ask", "Grace Liu", "Staff scope?")
    cli("ask", "Dev", "Code review style", "--due", "2026-11-10")  # first name: the same Dev Patel
    asks = cli.json("asks", "-f", "json")
    # overdue first (oldest due first), then open by due date, no due date last
    assert [(a["id"], a["person"], a["overdue"]) for a in asks] == [
        (4, "Dev Patel", True),
        (1, "Maria Lopez", True),
        (2, "Dev Patel", False),
        (3, "Grace Liu", False),
    ]
    assert cli("asks").splitlines()[0] == "    4  OVERDUE  due 2026-11-10     Dev Patel: Code review style"

    # answered: from the person asked, about the ask's entry, and the ask closes
    assert (
        cli("feedback", "add", "Calm and well prepared", "--answers", "1").strip()
        == "Added feedback 1 from Maria Lopez (praise); answers ask 1"
    )
    assert rows(db_path, "SELECT person_id, entry_id FROM feedback") == [
        (rows(db_path, "SELECT id FROM person WHERE name = 'Maria Lopez'")[0][0], 1)
    ]
    assert rows(db_path, "SELECT status, feedback_id, closed_on FROM ask WHERE id = 1") == [
        ("answered", 1, "2026-11-23")
    ]
    cli("feedback", "add", "Again", "--answers", "1", code=1)
    assert "ask 1 is already answered by feedback 1" in cli.err
    assert rows(db_path, "SELECT count(*) FROM feedback") == [(1,)]  # nothing half-written
    cli("feedback", "add", "No such ask", "--answers", "99", code=1)
    assert "there is no ask with id 99" in cli.err

    # closed without an answer
    assert cli("ask", "close", "3").strip() == "Closed ask 3 to Grace Liu without an answer"
    cli("ask", "close", "3", code=1)
    assert [a["id"] for a in cli.json("asks", "-f", "json")] == [4, 2]
    everything = cli.json("asks", "--all", "-f", "json")
    assert [(a["id"], a["status"]) for a in everything] == [(4, "open"), (2, "open"), (1, "answered"), (3, "closed")]
    assert everything[2]["feedback"] == 1 and everything[2]["entry"] == 1
    people_json = {p["name"]: p for p in cli.json("people", "-f", "json")}
    assert (people_json["Dev Patel"]["open_asks"], people_json["Dev Patel"]["overdue_asks"]) == (2, 1)
    cli("feedback", "add", "Who?", code=1)
    assert "--from NAME" in cli.err
    cli("ask", "Maria", "x", "--about", "42", code=1)


# --- person rm and rename -------------------------------------------------------------------------------


def test_person_rm_refused_while_referenced_and_force_keeps_feedback(cli: Cli, db_path: Path) -> None:
    cli("person", "set", "Nobody Yet")
    assert cli("person", "rm", "nobody", "--yes").strip() == "Removed Nobody Yet"
    cli("feedback", "add", "Great talk", "--from", "Lena Fischer")
    cli("met", "lena", "Coffee")
    cli("ask", "lena", "The talk")
    cli("person", "rm", "lena", "--yes", code=1)
    assert "Lena Fischer has 1 feedback, 1 contact and 1 ask" in cli.err
    assert (
        cli("person", "rm", "lena", "--force", "-y").strip()
        == "Removed Lena Fischer; deleted 1 contact and 1 ask; kept 1 feedback as from (removed)"
    )
    assert [f["from"] for f in cli.json("feedback", "list", "-f", "json")] == ["(removed)"]
    assert rows(db_path, "SELECT count(*) FROM contact") == [(0,)] and rows(db_path, "SELECT count(*) FROM ask") == [
        (0,)
    ]
    assert rows(db_path, "SELECT name FROM person") == [("(removed)",)]


def test_person_rm_asks_first_like_every_rm(cli: Cli, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The question says what goes and what stays; "no" keeps all, no terminal refuses, a refusal is never asked."""
    cli("feedback", "add", "Great talk", "--from", "Lena Fischer")
    cli("met", "lena", "Coffee")
    cli("person", "rm", "lena", "--force", code=1)  # not a tty and no --yes
    assert cli.err == "journal: refusing to delete without confirmation; pass --yes\n"
    asked: list[str] = []
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)

    def answer_no(question: str) -> str:
        asked.append(question)
        return "n"

    monkeypatch.setattr("builtins.input", answer_no)
    cli("person", "rm", "lena", code=1)  # referenced and no --force: refused before any question
    assert asked == [] and "Lena Fischer has 1 feedback and 1 contact" in cli.err
    assert cli("person", "rm", "lena", "--force") == "Kept.\n"
    assert asked == ["Remove Lena Fischer (deletes 1 contact; keeps 1 feedback as from (removed))? [y/N] "]
    assert rows(db_path, "SELECT name FROM person") == [("Lena Fischer",)]
    assert rows(db_path, "SELECT count(*) FROM contact") == [(1,)]
    monkeypatch.setattr("builtins.input", lambda q: "yes")
    assert (
        cli("person", "rm", "lena", "--force").strip()
        == "Removed Lena Fischer; deleted 1 contact; kept 1 feedback as from (removed)"
    )
    assert rows(db_path, "SELECT count(*) FROM contact") == [(0,)]


def test_person_rename_and_merge(cli: Cli, db_path: Path) -> None:
    cli("feedback", "add", "Good", "--from", "raj")
    assert cli("person", "rename", "raj", "Raj Mehta").strip() == "Renamed raj to Raj Mehta"
    cli("person", "set", "R. Mehta", "--role", "mentor", "--team", "Platform")
    cli("met", "R. Mehta", "Mentoring")
    assert (
        cli("person", "rename", "R. Mehta", "raj mehta").strip() == "Merged R. Mehta into Raj Mehta (moved 1 contact)"
    )
    [raj] = cli.json("people", "-f", "json")
    assert (raj["name"], raj["role"], raj["count"]) == ("Raj Mehta", "mentor", 1)
    assert rows(
        db_path, "SELECT count(*) FROM contact c JOIN person p ON p.id = c.person_id WHERE p.name = 'Raj Mehta'"
    ) == [(1,)]


# --- feedback to goal -----------------------------------------------------------------------------------


def test_feedback_goal_records_its_origin(cli: Cli, store: Store) -> None:
    cli(
        "feedback", "add", "Share drafts earlier", "--from", "Maria Lopez", "--kind", "constructive", "-d", "2026-10-09"
    )
    assert (
        cli(
            "feedback",
            "goal",
            "1",
            "Share drafts a week early",
            "--due",
            "2026-12-31",
            "--measure",
            "drafts",
            "--target",
            "3",
        ).strip()
        == "Added goal 1 from feedback 1 (Maria Lopez) · due 2026-12-31"
    )
    [goal] = cli.json("goal", "list", "-f", "json")
    assert (goal["from_feedback"], goal["target"], goal["due"]) == (1, 3.0, "2026-12-31")
    assert "from feedback 1" in cli("goal", "list")
    cli("feedback", "goal", "9", "Nope", code=1)
    assert "there is no feedback with id 9" in cli.err
    assert people.goal_origins(store) == {
        1: people.Origin(1, "Maria Lopez", "constructive", "Share drafts earlier", D(2026, 10, 9))
    }
    review = build_review(store, parse_range("2026-Q4", today=TODAY), today=TODAY)
    assert "- **From feedback:** “Share drafts earlier” — Maria Lopez, 2026-10-09 (feedback 1)" in to_markdown(review)
    assert to_data(review)["goals"][0]["origin"]["feedback"] == 1
    store.delete("feedback", 1)  # the goal stays, its origin goes
    assert cli.json("goal", "list", "-f", "json")[0]["from_feedback"] is None


# --- the review's People section ---------------------------------------------------------------------------


@pytest.fixture
def circle(store: Store) -> Store:
    people.set_person(store, "Raj Mehta", role="mentor")
    people.add_contact(store, "Raj", "Career chat", met_on=D(2026, 9, 1), kind="mentoring")
    people.set_person(store, "Maria Lopez", role="manager")
    people.add_contact(store, "Maria", "Promo timeline", met_on=D(2026, 10, 26), kind="1:1")
    people.add_contact(store, "Maria", "Last quarter", met_on=D(2026, 8, 1), kind="1:1")
    store.add_feedback(text="Great deck", person="Maria Lopez", received_on=D(2026, 10, 2))
    store.add_feedback(text="Earlier drafts", person="Maria Lopez", received_on=D(2026, 10, 9), kind="constructive")
    people.add_ask(store, "Maria", "The load test", asked_on=D(2026, 11, 16), due_on=D(2026, 11, 21))
    people.add_ask(store, "Grace Liu", "Staff scope", asked_on=D(2026, 11, 13), due_on=D(2026, 11, 30))
    return store


def test_review_people_section(circle: Store) -> None:
    review = build_review(circle, parse_range("2026-Q4", today=TODAY), today=TODAY)
    md = to_markdown(review)
    section = md[md.index("## People") :]
    section = section[: section.index("\n## ", 3)] if "\n## " in section[3:] else section
    assert section.splitlines() == [
        "## People",
        "",
        "| Person | Role | Praise | Constructive | Other |",
        "|---|---|---:|---:|---:|",
        "| Maria Lopez | manager | 1 | 1 | 0 |",
        "",
        "### Conversations",
        "",
        "- **2026-10-26** Maria Lopez (manager, 1:1): Promo timeline",
        "",
        "### Feedback asked for",
        "",
        "- **overdue** Maria Lopez: The load test (asked 2026-11-16, due 2026-11-21; ask 1)",
        "- Grace Liu: Staff scope (asked 2026-11-13, due 2026-11-30; ask 2)",
    ]
    gaps = md[md.index("\n## Gaps") :]
    assert (
        "### Mentors and sponsors you have lost touch with\n\n- no contact with Raj Mehta, mentor, since 2026-09-01"
        in gaps
    )
    assert to_data(review)["gaps"]["stale_people"][0]["person"] == "Raj Mehta"
    data = to_data(review)["people"]
    assert data["asks"]["overdue"] == [1] and [c["text"] for c in data["contacts"]] == ["Promo timeline"]
    assert data["gaps"] == [
        {
            "person": "Raj Mehta",
            "role": "mentor",
            "last_contact": "2026-09-01",
            "text": "no contact with Raj Mehta, mentor, since 2026-09-01",
        }
    ]
    assert people.stale_gaps(review.people) == ["no contact with Raj Mehta, mentor, since 2026-09-01"]  # type: ignore[arg-type]


def test_review_people_section_is_as_of_the_period(circle: Store) -> None:
    """Q3 seen from today: Raj was met on Sep 1, so not stale at the end of Q3; asks made later are not there."""
    review = build_review(circle, parse_range("2026-Q3", today=TODAY), today=TODAY)
    assert review.people is not None
    assert review.people.stale == [] and review.people.open_asks == []
    assert [c.text for c in review.people.contacts] == ["Last quarter", "Career chat"]


def test_review_people_section_follows_the_filter(circle: Store) -> None:
    review = build_review(
        circle, parse_range("2026-Q4", today=TODAY), parse_query("by:grace", today=TODAY), today=TODAY
    )
    assert review.people is not None
    assert [a.person for a in review.people.open_asks] == ["Grace Liu"] and review.people.stale == []


def test_people_read_from_an_upgraded_released_journal(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    shutil.copy(FIXTURES / "journal-schema1.db", path)
    store = Store(path)
    names = {p.name for p in people.list_people(store, TODAY)}
    assert "Maria Lopez" in names
    people.set_person(store, "Maria Lopez", role="manager")
    assert [p.role for p in people.list_people(store, TODAY, role="manager")] == ["manager"]
    store.close()


def test_people_commands_do_not_load_textual() -> None:
    import subprocess
    import sys

    code = "import sys, journal_tui.cli.people, journal_tui.people; assert 'textual' not in sys.modules, 'textual'"
    subprocess.run([sys.executable, "-c", code], check=True)


# --- the People pane ----------------------------------------------------------------------------------------


def _people_rows(app: JournalApp) -> list[tuple[str, ...]]:
    table = people_pane(app).table
    return [tuple(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]


@pytest.mark.sqlite_only  # APP_ON_SQLITE
async def test_people_pane_lists_filters_and_shows_detail(circle: Store) -> None:
    from journal_tui.tui.app import make_app

    people.set_person(circle, "[bold]Mallory[/]", note="[red]not markup[/red]")
    app = make_app(circle.path, today=TODAY)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        assert app.shown == "people"
        assert _people_rows(app) == [
            ("Maria Lopez", "manager", "1 / 1", "2026-11-16", "1", ""),
            ("Raj Mehta", "mentor", "0 / 0", "2026-09-01", "", "stale"),
            ("[bold]Mallory[/]", "", "0 / 0", "never", "", ""),
            ("Grace Liu", "", "0 / 0", "2026-11-13", "1", ""),
        ]
        detail = str(people_pane(app).detail.render())
        assert "Maria Lopez\nmanager" in detail
        assert "2026-10-09 constructive Earlier drafts" in detail
        assert "2026-10-26 1:1        Promo timeline" in detail
        assert "#1 OVERDUE  due 2026-11-21 The load test" in detail
        await pilot.press("down", "down")
        await settle(pilot)
        assert "[red]not markup[/red]" in str(people_pane(app).detail.render())  # literal, not styled

        await pilot.press("slash", *"role:mentor", "enter")
        await settle(pilot)
        assert [r[0] for r in _people_rows(app)] == ["Raj Mehta"]
        assert "stale" in str(people_pane(app).detail.render())
        await pilot.press("slash", "ctrl+a", "ctrl+k", *"by:lopez", "enter")
        await settle(pilot)
        assert [r[0] for r in _people_rows(app)] == ["Maria Lopez"]


@pytest.mark.sqlite_only  # APP_ON_SQLITE
async def test_people_pane_keys_add_person_log_contact_and_ask(circle: Store) -> None:
    from textual.widgets import Input, Select, TextArea

    from journal_tui.tui.app import make_app

    app = make_app(circle.path, today=TODAY)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        # n: a new person with a role
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        form.query_one("#name", Input).value = "Priya Natarajan"
        form.query_one("#role", Select).value = "sponsor"
        form.query_one("#team", Input).value = "Data"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert rows(circle.path, "SELECT role, team FROM person WHERE name = 'Priya Natarajan'") == [
            ("sponsor", "Data")
        ]
        assert "Priya Natarajan" in [r[0] for r in _people_rows(app)]
        await pilot.press("n")  # again, by first name, with only a note: role and team stay
        await pilot.pause()
        app.screen.query_one("#name", Input).value = "priya"
        app.screen.query_one("#note", Input).value = "Runs the data guild"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert rows(circle.path, "SELECT role, team, note FROM person WHERE name = 'Priya Natarajan'") == [
            ("sponsor", "Data", "Runs the data guild")
        ]

        # c: a conversation with the selected person (Maria, first row)
        app.pane("people").table.move_cursor(row=0)
        await settle(pilot)
        await pilot.press("c")
        await pilot.pause()
        app.screen.query_one("#text", TextArea).text = "Talked about the promo packet"
        app.screen.query_one("#date", Input).value = "yesterday"
        app.screen.query_one("#kind", Select).value = "1:1"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert rows(
            circle.path,
            "SELECT p.name, c.met_on, c.kind FROM contact c JOIN person p ON p.id = c.person_id "
            "WHERE c.text = 'Talked about the promo packet'",
        ) == [("Maria Lopez", "2026-11-22", "1:1")]
        assert _people_rows(app)[0][3] == "2026-11-22"

        # a: ask the selected person for feedback
        await pilot.press("a")
        await pilot.pause()
        app.screen.query_one("#about", Input).value = "The promo packet draft"
        app.screen.query_one("#due", Input).value = "next friday"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert rows(
            circle.path,
            "SELECT p.name, a.about, a.due_on, a.status FROM ask a JOIN person p ON p.id = a.person_id "
            "WHERE a.about = 'The promo packet draft'",
        ) == [("Maria Lopez", "The promo packet draft", "2026-11-27", "open")]
        assert "The promo packet draft" in str(people_pane(app).detail.render())


@pytest.mark.sqlite_only  # APP_ON_SQLITE
async def test_goal_detail_shows_the_feedback_it_came_from(store: Store) -> None:
    from textual.widgets import Markdown

    from journal_tui.tui.app import make_app

    fid = store.add_feedback(
        text="Share drafts earlier", person="Maria Lopez", received_on=D(2026, 10, 9), kind="constructive"
    )
    store.add_goal(title="Share drafts a week early", feedback_id=fid)
    app = make_app(store.path, today=TODAY)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        source = app.query_one("#goal-detail", Markdown).source
        assert "**From feedback:** “Share drafts earlier” — Maria Lopez, 2026-10-09 (feedback 1)" in source.replace(
            "\\", ""
        )  # user text is escaped for Markdown


def test_demo_has_a_mentor_a_manager_a_sponsor_contacts_and_asks(cli: Cli) -> None:
    cli("demo")
    roles = {p["role"]: p for p in cli.json("people", "-f", "json") if p["role"]}
    assert {"mentor", "manager", "sponsor"} <= set(roles)
    assert roles["mentor"]["stale"] is True
    assert len(cli.json("asks", "--all", "-f", "json")) == 4
    assert "no contact with Raj Mehta, mentor, since 2026-09-01" in cli("review")


def test_stale_days_must_be_positive() -> None:
    with pytest.raises(JournalError):
        people.stale_days(0)
    assert people.stale_days(10) == 10


@pytest.mark.sqlite_only  # APP_ON_SQLITE
async def test_people_pane_edit_renames_and_sets_role(circle: Store) -> None:
    from textual.widgets import Input, Select

    from journal_tui.tui.app import make_app

    app = make_app(circle.path, today=TODAY)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        app.pane("people").table.move_cursor(row=2)  # Grace Liu, no role yet
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        assert app.screen.query_one("#name", Input).value == "Grace Liu"
        app.screen.query_one("#name", Input).value = "Grace Liu-Wong"
        app.screen.query_one("#role", Select).value = "sponsor"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert rows(circle.path, "SELECT name, role FROM person WHERE name LIKE 'Grace%'") == [
            ("Grace Liu-Wong", "sponsor")
        ]
        assert rows(
            circle.path,
            "SELECT count(*) FROM ask a JOIN person p ON p.id = a.person_id WHERE p.name = 'Grace Liu-Wong'",
        ) == [(1,)]
        assert ("Grace Liu-Wong", "sponsor") in [r[:2] for r in _people_rows(app)]


def test_people_commands_start_without_sqlalchemy(db_path: Path) -> None:
    """met, ask, asks, person and people (without feedback keys) run on the standard library, like `journal add`."""
    import subprocess
    import sys

    code = (
        "import sys; from journal_tui.cli import main; "
        "assert main(sys.argv[1:]) == 0; "
        "assert not [m for m in sys.modules if m.startswith(('sqlalchemy', 'sqlmodel', 'textual'))], 'heavy import'"
    )
    for argv in (
        ["met", "Raj Mehta", "Coffee"],
        ["ask", "raj", "The RFC", "--due", "friday"],
        ["asks"],
        ["person", "set", "raj", "--role", "mentor"],
        ["person", "show", "raj"],
        ["people", "by:raj", "role:mentor"],
        ["ask", "close", "1"],
        ["person", "rename", "raj", "Raj M."],
        ["person", "set", "Old Friend"],
        ["person", "rm", "old friend", "--yes"],
    ):
        subprocess.run([sys.executable, "-c", code, *argv], check=True, capture_output=True)
    assert rows(db_path, "SELECT name, role FROM person") == [("Raj M.", "mentor")]
    assert rows(db_path, "SELECT status FROM ask") == [("closed",)]


def test_feedback_from_names_people_as_met_and_ask_do(cli: Cli) -> None:
    """`--from dana` is Dana Kim, as `met dana` and `ask dana` read it: one matcher, one ambiguity message."""
    cli("person", "set", "Dana Kim", "--role", "peer")
    assert cli("feedback", "add", "Great demo", "--from", "dana").strip() == "Added feedback 1 from Dana Kim (praise)"
    assert [p["name"] for p in cli.json("people", "--format", "json")] == ["Dana Kim"]
    cli("person", "set", "Dan Wu")
    cli("feedback", "add", "Hm", "--from", "da", code=1)
    ambiguous = cli.err
    cli("met", "da", "coffee", code=1)
    assert ambiguous == cli.err and "'da' could be Dan Wu, Dana Kim" in ambiguous
    cli("feedback", "add", "Nice", "--from", "Grace Liu")  # a new name is a new person, as typed
    assert sorted(p["name"] for p in cli.json("people", "--format", "json")) == ["Dan Wu", "Dana Kim", "Grace Liu"]
