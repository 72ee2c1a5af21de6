"""Export and import: lossless round trip, jrnl and CSV on real-shaped files, all-or-nothing.  On a SQLite file and on a
PostgreSQL database (the identity and merge rules: test_identity.py)."""

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from conftest import TODAY, Cli, db_rows

from journal_tui.data import copy as journal_copy
from journal_tui.data.store import Store
from journal_tui.demo import seed

pytestmark = pytest.mark.engines

FIXTURES = Path(__file__).parent / "fixtures"


def count(path: Path | str, table: str) -> int:
    return int(db_rows(path, f"SELECT count(*) FROM {table}")[0][0])


def test_json_round_trip_is_lossless(cli: Cli, store: Store, tmp_path: Path, other_db: Path | str) -> None:
    seed(store, TODAY)
    store.delete("entry", 3)  # ids with a gap must survive too
    store.add_goal(title="Share drafts a week early", feedback_id=2, current=0, on=TODAY)  # a goal from feedback
    from journal_tui import roles

    roles.link_entry(store, 5, 1)  # evidence attached by hand
    from journal_tui.data import db
    from journal_tui.data.writes.harvest import add_entry_commits

    with db.writing(store.path) as conn:  # an entry accepted from the inbox remembers its commits
        add_entry_commits(
            conn,
            5,
            [
                {"hash": "ab" * 20, "repo": "/src/api", "subject": "Add refunds"},
                {"hash": "0f" * 20, "repo": "/src/api", "subject": ""},
            ],
        )
    exported = tmp_path / "export.json"
    cli("export", "-o", str(exported))
    data = json.loads(exported.read_text())
    for key in ("people", "contacts", "asks", "role", "criteria", "checkins"):
        assert data[key], key  # the demo has every kind of record, so the comparison below covers them all
    assert [g["from_feedback"] for g in data["goals"] if g["from_feedback"]] == [2]
    assert any(g["progress"] for g in data["goals"]) and any(g["status_changes"] for g in data["goals"])
    assert any(f["responses"] for f in data["feedback"]) and any(c["entries"] for c in data["criteria"])
    copy = other_db
    assert (
        cli("--db", str(copy), "import", str(exported))
        .strip()
        .startswith("Imported 19 entries, 5 goals, 9 milestones, 8 feedback, ")
    )
    again = tmp_path / "again.json"
    cli("--db", str(copy), "export", "-o", str(again))
    assert json.loads(again.read_text()) == data
    # field for field, in every table of the schema (nothing hand-picked: a new table is compared too)
    original, copied = dump(store.path), dump(copy)
    assert set(original) >= {
        "goal_progress",
        "goal_status_change",
        "feedback_response",
        "role",
        "criterion",
        "criterion_skill",
        "criterion_entry",
        "checkin",
        "reflection",
        "contact",
        "ask",
    }
    from journal_tui.exchange import LOCAL_TABLES

    for table, found in original.items():
        if table in LOCAL_TABLES:
            continue  # the inbox is not exported (exchange.py says why)
        assert found, table  # every table holds rows, so none is compared empty
        assert copied[table] == found, table


def test_reimport_adds_nothing(cli: Cli, store: Store, tmp_path: Path) -> None:
    seed(store, TODAY)
    exported = tmp_path / "export.json"
    cli("export", "-o", str(exported))
    before = dump(store.path)
    out = cli("import", str(exported))
    present = sum(len(v) for k, v in json.loads(exported.read_text()).items() if isinstance(v, list))
    assert out.strip() == f"Imported 0 entries, 0 goals, 0 milestones, 0 feedback; {present} already present"
    assert dump(store.path) == before


def test_jrnl_json_import(cli: Cli, db_path: Path) -> None:
    out = cli("import", str(FIXTURES / "jrnl-4.6-export.json"))
    assert out.strip() == "Imported 8 entries, 0 goals, 0 milestones, 0 feedback"
    entries = {e["date"]: e for e in cli.json("list", "-f", "json")}
    first = entries["2026-07-02"]
    assert (
        first["text"]
        == "Shipped self-serve refunds to 100% of merchants\nSupport tickets about refunds fell 38% in the first week."
    )
    assert first["skills"] == ["billing", "product"]
    assert entries["2026-09-01"]["skills"] == ["c++"] and "ana@example.com" in entries["2026-09-01"]["text"]
    assert [e["date"] for e in cli.json("list", "starred:yes", "-f", "json")] == ["2026-09-15", "2026-07-21"]
    assert entries["2026-09-29"]["skills"] == []
    cli("import", str(FIXTURES / "jrnl-4.6-export.json"))
    assert len(cli.json("list", "-f", "json")) == 8


@pytest.mark.no_journal
def test_jrnl_text_journal_import_matches_its_json_export(cli: Cli, tmp_path: Path) -> None:
    """jrnl's own journal file and its JSON export of the same journal import to the same entries."""
    cli("--db", str(tmp_path / "from-json.db"), "import", str(FIXTURES / "jrnl-4.6-export.json"))
    out = cli("--db", str(tmp_path / "from-text.db"), "import", str(FIXTURES / "jrnl-4.6-journal.txt"))
    assert out.strip() == "Imported 8 entries, 0 goals, 0 milestones, 0 feedback"

    def strip(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{k: e[k] for k in ("date", "text", "skills", "starred")} for e in rows]

    assert strip(cli.json("--db", str(tmp_path / "from-text.db"), "list", "-f", "json")) == strip(
        cli.json("--db", str(tmp_path / "from-json.db"), "list", "-f", "json")
    )


def test_csv_import_and_export(cli: Cli, tmp_path: Path) -> None:
    source = tmp_path / "wins.csv"
    source.write_text(
        "date,text,project,skills,impact,starred\n"
        '2026-07-02,"Shipped refunds, finally",billing,sql; product,tickets -38%,yes\n'
        "2026-07-09,Led the review,,leadership,,\n",
        encoding="utf-8",
    )
    assert cli("import", str(source)).strip() == "Imported 2 entries, 0 goals, 0 milestones, 0 feedback"
    [second, first] = cli.json("list", "-f", "json")
    assert (first["text"], first["project"], first["skills"], first["impact"], first["starred"]) == (
        "Shipped refunds, finally",
        "billing",
        ["product", "sql"],
        "tickets -38%",
        True,
    )
    assert (second["project"], second["skills"], second["starred"]) == (None, ["leadership"], False)
    exported = cli("export", "-f", "csv")
    assert exported.splitlines()[1] == '2026-07-02,"Shipped refunds, finally",billing,product; sql,tickets -38%,yes'


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("bad.json", '{"format": "journal_tui", "entries": [', "not valid JSON (line 1"),
        (
            "bad.csv",
            "date,text\n2026-07-02,ok\n2026-13-45,bad date\n",
            "bad.csv: line 3: 'date' must be an ISO date (YYYY-MM-DD), not '2026-13-45'",
        ),
        ("bad2.csv", "when,what\n2026-07-02,x\n", "must have date and text columns"),
        ("bad3.csv", "date,text\n2026-07-02,ok\n2026-07-03,\n", "bad3.csv: line 3: 'text' is empty"),
        (
            "jrnl.json",
            '{"entries": [{"title": "ok", "date": "2026-07-02"}, {"date": "2026-07-03"}]}',
            "jrnl.json: entry 2: field 'title' is missing",
        ),
        ("other.json", "[1, 2]", "is not a jrnl JSON export"),
    ],
)
def test_malformed_files_are_rejected_whole(
    cli: Cli, db_path: Path, tmp_path: Path, name: str, content: str, message: str
) -> None:
    cli("add", "existing")
    path = tmp_path / name
    path.write_text(content)
    cli("import", str(path), code=1)
    assert message in cli.err
    assert count(db_path, "entry") == 1  # nothing half-imported


def test_markdown_export_with_filter(cli: Cli, store: Store) -> None:
    seed(store, TODAY)
    md = cli("export", "-f", "markdown", "project:payments")
    assert md.startswith("# Journal") and "Led the payments gateway load test" in md
    assert "Shipped the dunning email redesign" not in md


def test_backup_is_a_consistent_copy(cli: Cli, store: Store, tmp_path: Path) -> None:
    seed(store, TODAY)
    target = tmp_path / "backups"
    target.mkdir()
    out = cli("backup", str(target))
    [copy] = list(target.iterdir())
    assert "Backed up" in out and str(copy) in out
    assert sqlite3.connect(copy).execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert count(copy, "entry") == 20
    cli("backup", str(copy), code=1)  # never overwrites
    assert "already exists" in cli.err


def test_demo_refuses_a_journal_with_entries(cli: Cli) -> None:
    assert "20 entries, 4 goals, 8 feedback" in cli("demo")
    cli("demo", code=1)
    assert "already has entries" in cli.err


def test_where_prints_the_journal_path(cli: Cli, db_path: Path) -> None:
    assert cli("where").strip() == str(db_path)


# --- exact round trip, dedupe of identical records only, validation of every field ---------------------------

NAMES = ("project", "skill", "tag", "person")


def dump(path: Path | str) -> dict[str, list[tuple[Any, ...]]]:
    """Every table of the schema (the models'); names without their creation time (the format keeps names and their
    order, not when)."""
    out = {}
    for table in journal_copy.tables():
        cols = [c for c in table.columns if not (table.name in NAMES and c == "created_at")]
        out[table.name] = db_rows(path, f"SELECT {', '.join(cols)} FROM {table.name} ORDER BY 1, 2")
    return out


def _lookalikes(store: Store) -> None:
    """Records that share what the old dedupe compared (date + text, title) but differ elsewhere."""
    g1 = store.add_goal(title="Speak at a conference", target=3)
    g2 = store.add_goal(title="Speak at a conference", target=1, measure="talks")
    store.add_milestone(g2, "Submit a talk")
    a = store.add_entry(text="Shipped it", occurred_on=TODAY, project="billing", goal_ids=[g1])
    b = store.add_entry(text="Shipped it", occurred_on=TODAY, project="payments", goal_ids=[g2])
    store.add_entry(text="Twin", occurred_on=TODAY)
    store.add_entry(text="Twin", occurred_on=TODAY)  # identical in every field: still two entries
    store.add_feedback(text="Nice", person="Sam", received_on=TODAY, entry_id=b)
    store.add_feedback(text="Nice", person="Sam", received_on=TODAY, entry_id=a)


def test_round_trip_is_exact_whatever_the_content(cli: Cli, store: Store, tmp_path: Path, other_db: Path | str) -> None:
    _lookalikes(store)
    store.delete("entry", store.add_entry(text="gap", occurred_on=TODAY))
    exported = tmp_path / "export.json"
    cli("export", "-o", str(exported))
    copy = other_db
    assert (
        cli("--db", str(copy), "import", str(exported)).strip()
        == "Imported 4 entries, 2 goals, 1 milestone, 2 feedback, 1 person"
    )
    assert dump(copy) == dump(store.path)
    # re-import adds nothing, one existing record standing for one file record
    assert (
        cli("--db", str(copy), "import", str(exported)).strip()
        == "Imported 0 entries, 0 goals, 0 milestones, 0 feedback; 9 already present"
    )
    assert dump(copy) == dump(store.path)


def test_reimport_never_merges_records_that_differ(cli: Cli, store: Store, tmp_path: Path) -> None:
    store.add_entry(text="Shipped it", occurred_on=TODAY, project="billing")
    store.add_goal(title="Speak", target=3)
    data = {
        "format": "journal_tui",
        "version": 1,
        "goals": [{"id": 7, "title": "Speak", "target": 1}],
        "entries": [
            {"id": 1, "date": TODAY.isoformat(), "text": "Shipped it", "project": "payments"},
            {"id": 2, "date": TODAY.isoformat(), "text": "Shipped it", "project": "billing"},
            {"id": 3, "date": TODAY.isoformat(), "text": "Shipped it", "project": "billing"},
        ],
        "feedback": [{"id": 1, "date": TODAY.isoformat(), "from": "Sam", "text": "ok", "about": 3}],
    }
    source = tmp_path / "in.json"
    source.write_text(json.dumps(data))
    assert (
        cli("import", str(source)).strip() == "Imported 2 entries, 1 goal, 0 milestones, 1 feedback; 1 already present"
    )
    rows = db_rows(
        store.path, "SELECT p.name, count(*) FROM entry e JOIN project p ON p.id = e.project_id GROUP BY 1 ORDER BY 1"
    )
    assert rows == [("billing", 2), ("payments", 1)]
    [(about,)] = db_rows(store.path, "SELECT entry_id FROM feedback")
    assert about not in (1,)  # the file's entry 3 is the new billing entry, not the one already there
    assert sorted(r[0] for r in db_rows(store.path, "SELECT target FROM goal")) == [1.0, 3.0]


BadField = tuple[str, dict[str, Any], str]  # (the section, the fields that make its second record bad, the message)
BAD_FIELDS: list[BadField] = [
    ("entries", {"created_at": 5}, "entry 2: 'created_at' must be an ISO date-time, not 5"),
    ("entries", {"created_at": "Nov 1 2026"}, "entry 2: 'created_at' must be an ISO date-time, not 'Nov 1 2026'"),
    ("entries", {"skills": "sql"}, "entry 2: 'skills' must be a list of names, not 'sql'"),
    ("entries", {"text": 5}, "entry 2: 'text' must be text, not 5"),
    ("entries", {"text": None}, "entry 2: field 'text' is missing"),
    ("entries", {"starred": "yes"}, "entry 2: 'starred' must be true or false, not 'yes'"),
    ("entries", {"date": "2026-02-30"}, "entry 2: 'date' must be an ISO date (YYYY-MM-DD), not '2026-02-30'"),
    ("entries", {"goals": [99]}, "entry 2: 'goals' refers to goal 99, which the file does not define"),
    ("goals", {"target": "3 talks"}, "goal 2: 'target' must be a number, not '3 talks'"),
    ("goals", {"status": "won"}, "goal 2: 'goal status' must be one of active, achieved, dropped, not 'won'"),
    ("goals", {"milestones": [{"title": "  "}]}, "goal 2: 'milestones' 1: 'title' is empty"),
    ("feedback", {"text": ""}, "feedback 2: 'text' is empty"),
    ("feedback", {"kind": "rant"}, "feedback 2: 'kind' must be one of praise, constructive, neutral, not 'rant'"),
    ("feedback", {"about": 42}, "feedback 2: 'about' refers to entry 42, which the file does not define"),
]
GOOD: dict[str, dict[str, Any]] = {
    "entries": {"date": "2026-11-02", "text": "fine"},
    "goals": {"title": "fine"},
    "feedback": {"date": "2026-11-02", "from": "Sam", "text": "fine"},
}


@pytest.mark.parametrize("section, bad, message", BAD_FIELDS, ids=[f"{s}-{next(iter(b))}" for s, b, _ in BAD_FIELDS])
def test_every_imported_field_is_checked_and_nothing_is_written(
    cli: Cli, db_path: Path, tmp_path: Path, section: str, bad: dict[str, Any], message: str
) -> None:
    cli("add", "existing")
    before = dump(db_path)
    data = {"format": "journal_tui", "version": 1, "entries": [], "goals": [], "feedback": []}
    data[section] = [dict(GOOD[section]), {**GOOD[section], **bad}]
    source = tmp_path / "bad.json"
    source.write_text(json.dumps(data))
    cli("import", str(source), code=1)
    assert cli.err.replace("'goal status'", "'status'").strip() == f"journal: bad.json: {message}".replace(
        "'goal status'", "'status'"
    )
    assert dump(db_path) == before  # the good record before it is not written either
    for argv in (("list",), ("goal", "list"), ("feedback", "list"), ("review",)):
        cli(*argv)  # and the journal stays readable


NEW_GOOD: dict[str, dict[str, Any]] = {
    "people": {"name": "Sam", "role": "mentor"},
    "contacts": {"person": "Sam", "date": "2026-11-02", "text": "coffee chat"},
    "asks": {"person": "Sam", "date": "2026-11-02", "about": "my talk"},
    "role": {"title": "Staff engineer"},
    "criteria": {"name": "Leads cross-team work"},
    "checkins": {"date": "2026-11-02", "items": [{"kind": "learned", "text": "fine"}]},
}
BAD_NEW_FIELDS: list[BadField] = [
    ("goals", {"title": "x", "baseline": "low"}, "goal 2: 'baseline' must be a number, not 'low'"),
    (
        "goals",
        {"title": "x", "from_feedback": 9},
        "goal 2: 'from_feedback' refers to feedback 9, which the file does not define",
    ),
    (
        "goals",
        {"title": "x", "progress": [{"date": "2026-11-02", "value": "3"}]},
        "goal 2: 'progress' 1: 'value' must be a number, not '3'",
    ),
    (
        "goals",
        {"title": "x", "status_changes": [{"date": "2026-11-02", "status": "won"}]},
        "goal 2: 'status_changes' 1: 'status' must be one of active, achieved, dropped, not 'won'",
    ),
    (
        "feedback",
        {"date": "2026-11-02", "from": "Sam", "text": "x", "responses": [42]},
        "feedback 2: 'responses' refers to entry 42, which the file does not define",
    ),
    (
        "people",
        {"role": "boss"},
        "person 2: 'role' must be one of mentor, manager, sponsor, peer, report, skip-level, decision-maker, other, "
        "not 'boss'",
    ),
    ("people", {"name": "a, b"}, "person 2: 'name' 'a, b' may not contain commas or line breaks"),
    ("contacts", {"kind": "lunch"}, "contact 2: 'kind' must be one of 1:1, coffee, mentoring, review, not 'lunch'"),
    ("contacts", {"date": None}, "contact 2: field 'date' is missing"),
    ("asks", {"status": "pending"}, "ask 2: 'status' must be one of open, answered, closed, not 'pending'"),
    ("asks", {"answer": 9}, "ask 2: 'answer' refers to feedback 9, which the file does not define"),
    ("role", {"title": " \u0007 "}, "role 2: 'title' is empty"),
    ("criteria", {"need": 0}, "criterion 2: 'need' must be between 1 and 1000, not 0"),
    ("criteria", {"entries": [99]}, "criterion 2: 'entries' refers to entry 99, which the file does not define"),
    (
        "checkins",
        {"items": [{"kind": "mood", "text": "x"}]},
        "check-in 2: 'items' 1: 'kind' must be one of learned, setback, blocker, focus, not 'mood'",
    ),
    (
        "checkins",
        {"items": [{"kind": "setback", "text": "x", "lesson": 5}]},
        "check-in 2: 'items' 1: 'lesson' must be text, not 5",
    ),
]


@pytest.mark.parametrize(
    "section, bad, message", BAD_NEW_FIELDS, ids=[f"{s}-{list(b)[-1]}" for s, b, _ in BAD_NEW_FIELDS]
)
def test_a_bad_record_in_each_new_section_is_refused_whole(
    cli: Cli, db_path: Path, tmp_path: Path, section: str, bad: dict[str, Any], message: str
) -> None:
    cli("add", "existing")
    before = dump(db_path)
    good = {**GOOD, **NEW_GOOD}
    data: dict[str, Any] = {"format": "journal_tui", "version": 2, **{k: [dict(v)] for k, v in good.items()}}
    data[section] = [dict(good[section]), {**good[section], **bad}]
    source = tmp_path / "bad.json"
    source.write_text(json.dumps(data))
    cli("import", str(source), code=1)
    assert cli.err.strip() == f"journal: bad.json: {message}"
    assert dump(db_path) == before  # none of the good records is written either


def test_new_sections_import_clean_and_never_overwrite(cli: Cli, db_path: Path, tmp_path: Path) -> None:
    data: dict[str, Any] = {"format": "journal_tui", "version": 2, **{k: [dict(v)] for k, v in NEW_GOOD.items()}}
    data["checkins"][0]["items"][0]["text"] = "bell\u0007 gone"
    source = tmp_path / "in.json"
    source.write_text(json.dumps(data))
    assert cli("import", str(source)).strip() == (
        "Imported 0 entries, 0 goals, 0 milestones, 0 feedback, 1 person, "
        "1 contact, 1 ask, 1 role, 1 criterion, 1 check-in"
    )
    assert db_rows(db_path, "SELECT text FROM reflection") == [("bell gone",)]
    assert "already present" in cli("import", str(source)) and count(db_path, "contact") == 1
    before = dump(db_path)
    for key, change in (("role", {"title": "Principal"}), ("people", {"role": "manager"})):
        other = tmp_path / f"{key}.json"
        other.write_text(json.dumps({"format": "journal_tui", "version": 2, key: [{**NEW_GOOD[key], **change}]}))
        cli("import", str(other), code=1)
        assert "already" in cli.err
        assert dump(db_path) == before


def test_import_cleans_like_the_cli_does(cli: Cli, db_path: Path, tmp_path: Path) -> None:
    """A bell in a goal title is removed, exactly as `goal add` removes it."""
    source = tmp_path / "in.json"
    source.write_text(
        json.dumps(
            {
                "format": "journal_tui",
                "version": 1,
                "goals": [{"title": "Ring\u0007 the bell", "milestones": [{"title": "step\u001b[2J"}]}],
            }
        )
    )
    cli("import", str(source))
    cli("goal", "add", "Ring\u0007 the bell")
    titles = db_rows(db_path, "SELECT title FROM goal")
    assert titles == [("Ring the bell",), ("Ring the bell",)]
    assert db_rows(db_path, "SELECT title FROM milestone") == [("step",)]


@pytest.mark.parametrize(
    "content, line",
    [
        ('date,text\n2026-07-01,ok\n2026-07-02,"unclosed text\n2026-07-03,swallowed\n2026-07-04,also swallowed\n', 3),
        ('date,text\n2026-07-01,ok\n2026-07-02,"stray" quote\n2026-07-03,fine\n', 3),
        ('date,text\n2026-07-01,"opened\n2026-07-02,swallowed\n2026-07-03,"closed late\n', 2),
    ],
)
def test_csv_with_a_stray_or_unclosed_quote_is_refused_with_its_line(
    cli: Cli, db_path: Path, tmp_path: Path, content: str, line: int
) -> None:
    source = tmp_path / "wins.csv"
    source.write_text(content)
    cli("import", str(source), code=1)
    assert cli.err.startswith(f"journal: wins.csv: line {line}: ") and "quote" in cli.err
    assert count(db_path, "entry") == 0


def test_multi_line_quoted_fields_still_import(cli: Cli, tmp_path: Path) -> None:
    source = tmp_path / "wins.csv"
    source.write_text('date,text\n2026-07-01,"Title\nbody line, with a comma"\n2026-07-02,next\n')
    assert cli("import", str(source)).strip() == "Imported 2 entries, 0 goals, 0 milestones, 0 feedback"


def test_exports_and_reviews_are_private_files(cli: Cli, tmp_path: Path) -> None:
    import os
    import stat

    cli("add", "private feedback lives here")
    old = tmp_path / "old.md"
    old.write_text("x")
    old.chmod(0o644)
    for argv, name in (
        (("export",), "e.json"),
        (("export", "-f", "csv"), "e.csv"),
        (("review",), "old.md"),
        (("export", "-f", "markdown"), "e.md"),
    ):
        cli(*argv, "-o", str(tmp_path / name))
        assert stat.S_IMODE(os.stat(tmp_path / name).st_mode) == 0o600, name


def _csv_rows(n: int, same_date: bool) -> str:
    import datetime as dt

    day = dt.date(2026, 1, 1)
    return "date,text,project,skills\n" + "".join(
        f"{day if same_date else day + dt.timedelta(days=i % 3000)},imported {i},p,a; b\n" for i in range(n)
    )


# Rows per import in the linearity test: enough that a check per record growing with the rows already imported on
# that date (a query for the date's rows, as the import once did) makes one date several times slower.
LINEAR_ROWS = 20_000


@pytest.mark.slow  # 2 x 20,000 rows imported
def test_import_is_linear_whatever_the_dates(tmp_path: Path) -> None:
    """20,000 rows on one date import within 2x the time of 20,000 rows on distinct dates."""
    import time

    from journal_tui import exchange
    from journal_tui.data import db

    times = {}
    for same in (False, True):
        path = tmp_path / f"{same}.db"
        conn = db.open_journal(path)
        with db.transaction(conn):
            db.insert_entry(conn, text="already here", occurred_on=TODAY)  # not empty: the duplicate check runs
        source = tmp_path / f"{same}.csv"
        source.write_text(_csv_rows(LINEAR_ROWS, same))
        start = time.perf_counter()
        result = exchange.import_file(conn, source)
        times[same] = time.perf_counter() - start
        conn.close()
        assert result.entries == LINEAR_ROWS
        assert count(path, "entry") == LINEAR_ROWS + 1
    assert times[True] < 2 * times[False], times


def test_other_writers_wait_at_most_one_busy_timeout_during_a_big_import(tmp_path: Path) -> None:
    import subprocess
    import time

    from conftest import journal_exe, run_journal

    path = tmp_path / "j.db"
    Store(path).add_entry(text="before", occurred_on=TODAY)
    source = tmp_path / "big.csv"
    source.write_text(_csv_rows(20_000, True))  # the lock is held for the write phase only (~1-2 s here)
    proc = subprocess.Popen(
        [*journal_exe(), "--db", str(path), "import", str(source)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    results: list[subprocess.CompletedProcess[str]] = []
    while proc.poll() is None and len(results) < 20:
        results.append(run_journal("--db", str(path), "add", f"meanwhile {len(results)}"))
        time.sleep(0.2)
    proc.wait(timeout=120)
    assert proc.returncode == 0, proc.stderr.read() if proc.stderr else ""
    assert results and all(r.returncode == 0 for r in results), [
        (r.returncode, r.stderr) for r in results if r.returncode
    ]
    assert count(path, "entry") == 20_001 + len(results)
