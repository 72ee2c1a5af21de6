"""The promotion conversation (issue 25): `journal promo add|list|rm`, the decision-maker role and the migration that
rebuilds the person table for it, the nudge before a retry date, the review's and the case's section, export/import."""

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest
from conftest import TODAY, Cli, db_rows, run_journal
from hostile import CORPUS, NAMES, assert_terminal_safe, expected, expected_name, markdown_plain

from journal_tui import promo
from journal_tui.data import db, schema, writes
from journal_tui.data.conn import IntegrityError
from journal_tui.nudge import nudge_line

pytestmark = pytest.mark.engines

MARIA_NOTE = "show scope beyond the team"


def _state(path: Path) -> tuple[object, ...]:
    """Everything a refused command must leave as it was."""
    return (
        db_rows(path, "SELECT * FROM promo ORDER BY id"),
        db_rows(path, "SELECT id, name, role FROM person ORDER BY id"),
    )


def _conversation(
    cli: Cli,
    outcome: str = "not-yet",
    date: str = "2026-09-30",
    who: str = "Maria Lopez",
    retry: str | None = "2027-03-01",
    note: str = MARIA_NOTE,
) -> str:
    args = ["promo", "add", outcome, "--date", date, "--with", who, "--note", note]
    return cli(*args, *(["--retry", retry] if retry else []))


# --- add, list, rm ----------------------------------------------------------------------------------------


def test_add_list_rm_round(cli: Cli, db_path: Path) -> None:
    cli("met", "Maria Lopez", "1:1")
    out = _conversation(cli)
    assert (
        out
        == f"Added promotion conversation 1: 2026-09-30, not yet, with Maria Lopez: {MARIA_NOTE}; retry 2027-03-01\n"
    )
    cli("promo", "add", "prom", "--with", "Maria Lopez")  # a unique start of an outcome; the date defaults to today
    assert cli("promo", "list").splitlines() == [
        f"    2  {TODAY.isoformat()}, promoted, with Maria Lopez",
        f"    1  2026-09-30, not yet, with Maria Lopez: {MARIA_NOTE}; retry 2027-03-01",
    ]
    assert cli.json("promo", "list", "--format", "json") == [
        {"id": 2, "date": TODAY.isoformat(), "outcome": "promoted", "with": "Maria Lopez", "note": "", "retry": None},
        {
            "id": 1,
            "date": "2026-09-30",
            "outcome": "not-yet",
            "with": "Maria Lopez",
            "note": MARIA_NOTE,
            "retry": "2027-03-01",
        },
    ]
    assert cli("promo", "rm", "2", "--yes") == "Deleted promotion conversation 2\n"
    assert [r["id"] for r in cli.json("promo", "list", "-f", "json")] == [1]


def test_retry_reads_a_future_phrase(cli: Cli) -> None:
    cli("promo", "add", "not-yet", "--with", "Maria Lopez", "--retry", "in 6 months")
    assert cli.json("promo", "list", "-f", "json")[0]["retry"] == "2027-05-23"


def test_without_anyone_the_conversation_has_no_with(cli: Cli) -> None:
    cli("promo", "add", "deferred", "--note", "budget freeze")
    assert cli.json("promo", "list", "-f", "json")[0]["with"] is None


BAD_INPUT = [
    (
        ["promo", "add", "maybe", "--with", "Newcomer"],
        "journal: outcome must be one of promoted, not-yet, deferred, not 'maybe'",
    ),
    (["promo", "add", "", "--with", "Newcomer"], "journal: outcome must be one of promoted, not-yet, deferred, not ''"),
    (
        ["promo", "add", "not-yet", "--with", "Newcomer", "--date", "2026-09-30", "--retry", "2026-09-01"],
        "journal: the retry date 2026-09-01 must come after the conversation (2026-09-30)",
    ),
    (["promo", "add", "not-yet", "--with", "Newcomer", "--date", "someday"], None),
    (["promo", "add", "not-yet", "--with", "Newcomer", "--note", "x" * 10_001], None),
    (
        ["promo", "add", "not-yet", "--with", "Dan"],
        "journal: 'Dan' could be Dan Kim, Dan Lee; give more of the name "
        "(or journal person set 'Dan' --new for someone else)",
    ),
    (
        ["promo", "rm", "99", "--yes"],
        "journal: there is no promotion conversation with id 99; `journal promo list` shows them",
    ),
    (["promo", "rm", "1"], "journal: refusing to delete without confirmation; pass --yes"),
]


def test_bad_input_is_one_line_and_changes_nothing(cli: Cli, db_path: Path) -> None:
    """Each refused command, one after the other on one journal: each leaves it exactly as it was."""
    cli("met", "Dan Kim", "coffee")
    cli("met", "Dan Lee", "coffee")
    cli("promo", "add", "deferred", "--with", "Dan Kim", "--date", "2026-08-01")
    before = _state(db_path)
    for argv, message in BAD_INPUT:
        cli(*argv, code=1)
        assert len(cli.err.strip().splitlines()) == 1 and cli.err.startswith("journal: "), (argv, cli.err)
        if message:
            assert cli.err.strip() == message, argv
        assert _state(db_path) == before, argv  # no conversation, and no "Newcomer" created by a refused command


def test_bad_input_in_a_real_process_has_no_traceback(db_path: Path) -> None:
    for argv in (["promo", "add", "nope"], ["promo", "rm", "abc"], ["promo", "add", "not-yet", "--retry", "gibberish"]):
        done = run_journal(*argv)
        assert done.returncode in (1, 2) and "Traceback" not in done.stderr, done.stderr
        assert done.stderr.strip().startswith(("journal: ", "usage:")), done.stderr


# --- the one person matcher, and the decision-maker role ------------------------------------------------


def test_with_uses_the_one_person_matcher(cli: Cli, db_path: Path) -> None:
    cli("person", "set", "Maria Lopez", "--role", "manager")
    _conversation(cli, who="maria")  # a unique word prefix: Maria Lopez, not a new "maria"
    _conversation(cli, who="Grace Liu")  # nobody: a new person, as `met` and `ask` do
    assert db_rows(db_path, "SELECT name FROM person ORDER BY id") == [("Maria Lopez",), ("Grace Liu",)]
    assert [r["with"] for r in cli.json("promo", "list", "-f", "json")] == ["Grace Liu", "Maria Lopez"]


def test_a_merge_moves_conversations_and_a_removal_keeps_them(cli: Cli, db_path: Path) -> None:
    _conversation(cli, who="Maria L")
    cli("person", "rename", "Maria L", "Maria Lopez")  # a rename; now a merge of a second spelling
    _conversation(cli, who="M. Lopez")
    cli("person", "rename", "M. Lopez", "Maria Lopez")
    assert {r["with"] for r in cli.json("promo", "list", "-f", "json")} == {"Maria Lopez"}
    cli("person", "rm", "Maria Lopez", "--force", "--yes")
    assert [r["with"] for r in cli.json("promo", "list", "-f", "json")] == [None, None]


def test_decision_maker_role(cli: Cli, db_path: Path) -> None:
    assert (
        cli("person", "set", "Maria Lopez", "--role", "decision-maker") == "Added Maria Lopez (role decision-maker)\n"
    )
    cli("person", "set", "Sam", "--role", "peer")
    assert db_rows(db_path, "SELECT role FROM person WHERE name = 'Maria Lopez'") == [("decision-maker",)]
    assert [p["name"] for p in cli.json("people", "--role", "decision-maker", "--format", "json")] == ["Maria Lopez"]
    header, *people = cli("people").splitlines()  # the ROLE column is as wide as 'decision-maker'
    assert [line.index("never") for line in people] == [header.index("LAST CONTACT")] * 2
    conn = db.raw_connect(db_path)
    try:
        with pytest.raises(IntegrityError):  # the schema's CHECK still refuses what is no role
            conn.execute("UPDATE person SET role = 'boss'")
    finally:
        conn.close()


# --- the migration: the person table rebuilt for the new CHECK --------------------------------------------


BEFORE_PROMO = schema.MIGRATIONS.index((schema.PROMO, None))  # the version a journal had before promotions


def _old_journal(path: Path) -> None:
    """A journal at the schema before promotions, holding people with feedback, contacts, asks and a goal from
    feedback: every kind of row that points at a person, or at what points at one."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("BEGIN")
    before = BEFORE_PROMO
    for index, (sql, fts) in enumerate(schema.MIGRATIONS[:before]):
        for stmt in schema.statements(sql):
            conn.execute(stmt)
        for stmt in schema.statements(fts or ""):
            conn.execute(stmt)
        if index in schema.PYTHON_STEPS:
            getattr(writes, schema.PYTHON_STEPS[index])(conn)
    conn.execute(f"PRAGMA application_id = {db.APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {before}")
    ts = "2026-01-01 00:00:00"
    conn.executemany(
        "INSERT INTO person (id, name, key, created_at, role) VALUES (?, ?, ?, ?, ?)",
        [(1, "Maria Lopez", "maria lopez", ts, "manager"), (2, "Sam", "sam", ts, None)],
    )
    conn.execute(
        "INSERT INTO entry (id, occurred_on, text, created_at, updated_at) VALUES (1, '2026-01-05', 'win', ?, ?)",
        (ts, ts),
    )
    conn.executemany(
        "INSERT INTO feedback (id, received_on, person_id, text, kind, entry_id, created_at, updated_at) "
        "VALUES (?, '2026-01-06', ?, ?, 'constructive', 1, ?, ?)",
        [(1, 1, "share earlier", ts, ts), (2, 2, "nice", ts, ts)],
    )
    conn.execute("INSERT INTO feedback_response VALUES (1, 1)")
    conn.execute(
        "INSERT INTO contact (id, person_id, met_on, kind, text, created_at) VALUES (1, 1, '2026-01-07', '1:1', "
        "'roadmap', ?)",
        (ts,),
    )
    conn.execute(
        "INSERT INTO contact (id, person_id, met_on, text, created_at) VALUES (2, 2, '2026-01-08', 'coffee', ?)", (ts,)
    )
    conn.execute(
        "INSERT INTO ask (id, person_id, asked_on, about, entry_id, status, feedback_id, created_at) "
        "VALUES (1, 1, '2026-01-02', 'the deck', 1, 'answered', 1, ?)",
        (ts,),
    )
    conn.execute(
        "INSERT INTO goal (id, title, status, feedback_id, created_at, updated_at) VALUES (1, 'Share early', "
        "'active', 1, ?, ?)",
        (ts, ts),
    )
    conn.execute("COMMIT")
    conn.close()


TABLES = ("person", "feedback", "feedback_response", "contact", "ask", "goal", "entry")
OLD_ENTRY = "id, occurred_on, text, project_id, impact, starred, created_at, updated_at"  # later migrations add columns
OLD_WIDTH = {"feedback": 9, "contact": 6, "ask": 10, "goal": 14}  # their columns before the identity migration


def _everything(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """The rows as the columns of before the upgrade hold them (later migrations add columns: uid, updated_at)."""
    return {
        t: [
            r[: OLD_WIDTH.get(t, len(r))]
            for r in db_rows(path, f"SELECT {OLD_ENTRY if t == 'entry' else '*'} FROM {t} ORDER BY 1")
        ]
        for t in TABLES
    }


def test_the_migration_keeps_every_row_that_points_at_a_person(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _old_journal(path)
    before = _everything(path)
    db.open_journal(path).close()
    after = _everything(path)
    assert {t: rows for t, rows in after.items() if t != "person"} == {
        t: rows for t, rows in before.items() if t != "person"
    }
    assert [r[:5] for r in after["person"]] == [r[:5] for r in before["person"]]
    assert db_rows(path, "PRAGMA integrity_check") == [("ok",)]
    assert db_rows(path, "PRAGMA foreign_key_check") == []
    assert db_rows(path, "PRAGMA user_version") == [(schema.SCHEMA_VERSION,)]
    indexes = {r[0] for r in db_rows(path, "SELECT name FROM sqlite_master WHERE tbl_name = 'person'")}
    assert {"person", "sqlite_autoindex_person_1"} <= indexes  # the UNIQUE key survives with the table
    assert "decision-maker" in db_rows(path, "SELECT sql FROM sqlite_master WHERE name = 'person'")[0][0]
    with db.writing(path) as conn:  # the cascade still works on the rebuilt table
        writes.delete_person(conn, 2, feedback_to="(removed)")
    assert db_rows(path, "SELECT count(*) FROM contact") == [(1,)]


def test_a_plain_drop_and_copy_would_lose_contacts_and_asks_so_it_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The class of bug: inside the migration's transaction foreign keys stay on, so DROP TABLE person cascades into
    contacts and asks.  Without the save-and-restore step the final check catches it and nothing changes."""
    from journal_tui.data.writes import promo as promo_writes
    from journal_tui.errors import JournalError

    path = tmp_path / "old.db"
    _old_journal(path)
    before = _everything(path)
    monkeypatch.setattr(promo_writes, "_touched_by_delete", lambda conn, root: [])  # the naive 12 steps
    with pytest.raises(JournalError):
        db.open_journal(path).close()
    assert _everything(path) == before
    assert db_rows(path, "PRAGMA user_version") == [(BEFORE_PROMO,)]


def test_the_migration_runs_on_a_new_journal_and_models_match(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    db.open_journal(path).close()
    assert db_rows(path, "PRAGMA foreign_key_check") == []
    assert [r[1] for r in db_rows(path, "PRAGMA table_info(promo)")] == [
        "id",
        "talked_on",
        "outcome",
        "person_id",
        "note",
        "retry_on",
        "created_at",
        "uid",
    ]


# --- nudge ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "said"),
    [
        (dt.date(2027, 2, 14), None),  # 15 days before: silence
        (dt.date(2027, 2, 15), "try again for the promotion on 2027-03-01 (in 14 days): ask what is still missing"),
        (dt.date(2027, 2, 28), "try again for the promotion on 2027-03-01 (in 1 day): ask what is still missing"),
        (dt.date(2027, 3, 1), "try again for the promotion on 2027-03-01 (today): ask what is still missing"),
        (dt.date(2027, 3, 4), "try again for the promotion on 2027-03-01 (3 days ago): ask what is still missing"),
    ],
)
def test_nudge_reminds_from_14_days_before_the_retry(
    cli: Cli, db_path: Path, engine: str, today: dt.date, said: str | None
) -> None:
    _conversation(cli)
    with db.reading(db_path) as conn:
        assert promo.retry_reason(conn, today) == said
    if engine == "postgresql":
        return  # the nudge's own reading of a server journal is test_habit.py's; its promotion line is the above
    cli("add", f"{today.isoformat()}: kept logging")  # the habit holds: only the promotion can speak
    line = nudge_line(str(db_path), today)
    if said is None:
        assert line is None or "promotion" not in line
    else:
        assert line is not None and said in line


def test_a_later_conversation_settles_the_earlier_retry(cli: Cli, db_path: Path) -> None:
    _conversation(cli)
    cli("promo", "add", "promoted", "--date", "2027-02-20", "--with", "maria")
    with db.reading(db_path) as conn:
        assert promo.retry_reason(conn, dt.date(2027, 2, 25)) is None
        assert promo.retry_reason(conn, dt.date(2027, 2, 19)) is not None  # before it, the earlier date stood


# --- the review and the case, as of their period --------------------------------------------------------------


def test_review_and_case_show_the_conversations_of_the_period(cli: Cli) -> None:
    _conversation(cli)  # 2026-09-30: Q3
    cli(
        "promo",
        "add",
        "deferred",
        "--date",
        "2026-11-02",
        "--with",
        "Grace Liu",
        "--note",
        "after the reorg",
        "--retry",
        "2027-05-01",
    )  # Q4
    for command in ("review", "case"):
        q3 = cli.json(command, "--quarter", "2026-Q3", "--format", "json")
        assert q3["promotion"] == [
            {
                "id": 1,
                "date": "2026-09-30",
                "outcome": "not-yet",
                "with": "Maria Lopez",
                "note": MARIA_NOTE,
                "retry": "2027-03-01",
            }
        ], command
        text = cli(command, "--quarter", "2026-Q3")
        section = text[text.index("## Promotion conversations") :]
        assert section.splitlines()[2:4] == [
            f"- 2026-09-30, not yet, with Maria Lopez: {MARIA_NOTE}; retry 2027-03-01",
            "- Next try: 2027-03-01",
        ]
        assert "Grace" not in section  # not yet had when Q3 ended
        q4 = cli.json(command, "--quarter", "2026-Q4", "--format", "json")
        assert [c["id"] for c in q4["promotion"]] == [2]
        assert "- Next try: 2027-05-01" in cli(command, "--quarter", "2026-Q4")
        assert cli.json(command, "--quarter", "2026-Q2", "--format", "json")["promotion"] == []
        assert "Promotion conversations" not in cli(command, "--quarter", "2026-Q2")


# --- export and import ------------------------------------------------------------------------------------


def test_export_import_round_trip(cli: Cli, db_path: Path, tmp_path: Path) -> None:
    _conversation(cli)
    cli("promo", "add", "deferred", "--date", "2026-10-02", "--note", "budget")
    exported = tmp_path / "out.json"
    cli("export", "-o", str(exported))
    data = json.loads(exported.read_text())
    assert data["version"] == 5
    assert [{k: v for k, v in r.items() if k not in ("created_at", "uid")} for r in data["promotions"]] == [
        {
            "id": 1,
            "date": "2026-09-30",
            "outcome": "not-yet",
            "with": "Maria Lopez",
            "note": MARIA_NOTE,
            "retry": "2027-03-01",
        },
        {"id": 2, "date": "2026-10-02", "outcome": "deferred", "with": None, "note": "budget", "retry": None},
    ]
    copy = tmp_path / "copy.db"
    cli("--db", str(copy), "import", str(exported))
    with db.reading(copy) as mine, db.reading(db_path) as theirs:  # both as the journal reads them (dates as text)
        every = "SELECT * FROM promo ORDER BY id"
        assert list(mine.execute(every)) == [tuple(r) for r in theirs.execute(every)]
    assert "already present" in cli("--db", str(copy), "import", str(exported))
    assert db_rows(copy, "SELECT count(*) FROM promo") == [(2,)]
    data["promotions"][0]["outcome"] = "maybe"
    exported.write_text(json.dumps(data))
    cli("--db", str(tmp_path / "third.db"), "import", str(exported), code=1)
    assert "promotion conversation 1: 'outcome' must be one of promoted, not-yet, deferred" in cli.err


# --- hostile text -----------------------------------------------------------------------------------------


def test_hostile_notes_are_stored_and_shown_literally(cli: Cli) -> None:
    """Every note of the corpus in one journal, each checked as it is added (the newest conversation lists first)."""
    for key in sorted(CORPUS):
        text = CORPUS[key]
        cli("promo", "add", "not-yet", "--date", "2026-09-30", "--note", text)
        assert cli.json("promo", "list", "-f", "json")[0]["note"] == expected(text), key
        assert_terminal_safe(cli("promo", "list"), key)
        md = cli("review", "--quarter", "2026-Q3")
        assert_terminal_safe(md, key)
        section = md[md.index("## Promotion conversations") :]
        shown = " ".join(expected(text).split())
        assert shown in " ".join(markdown_plain(section).split()), key


@pytest.mark.parametrize("key", sorted(NAMES))
def test_hostile_names_are_shown_literally(cli: Cli, key: str) -> None:
    name = NAMES[key]
    cli("promo", "add", "deferred", "--date", "2026-09-30", "--with", name)
    assert cli.json("promo", "list", "-f", "json")[0]["with"] == expected_name(name)
    assert_terminal_safe(cli("promo", "list"), key)
    md = cli("case", "--quarter", "2026-Q3")
    assert expected_name(name) in markdown_plain(md[md.index("## Promotion conversations") :]), key
