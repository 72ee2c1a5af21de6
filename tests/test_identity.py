"""Rows keep their identity: every record has a uid that export and import keep, so two journals merge instead of
duplicating (issue 24).  Each test runs on two SQLite files and on two PostgreSQL databases."""

import json
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import Cli, db_dump, db_rows

from journal_tui.data import db, schema, writes

pytestmark = pytest.mark.engines

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def _journal(cli: Cli, where: Path | str) -> None:
    """A small journal with one record of every kind."""
    for text in (
        "yesterday: Shipped refunds +billing #sql",
        "Led the incident review #leadership",
        "Wrote the RFC +billing",
        "Mentored Dana #mentoring",
    ):
        cli("--db", str(where), "add", text)
    cli(
        "--db",
        str(where),
        "goal",
        "add",
        "Lead a project",
        "--due",
        "2027-03-31",
        "--measure",
        "projects",
        "--target",
        "1",
    )
    cli("--db", str(where), "milestone", "add", "1", "Write the RFC")
    cli("--db", str(where), "link", "1", "1")
    cli("--db", str(where), "person", "set", "Maria Lopez", "--role", "manager")
    cli("--db", str(where), "met", "Maria Lopez", "1:1 about the roadmap")
    cli("--db", str(where), "ask", "Maria Lopez", "the RFC")
    cli("--db", str(where), "role", "set", "Staff engineer")


def _export(cli: Cli, where: Path | str, path: Path) -> Any:
    """The journal's export, as JSON."""
    cli("--db", str(where), "export", "-o", str(path))
    return json.loads(path.read_text())


def test_the_issue_scenario_updates_the_starred_entry_instead_of_adding_it_twice(
    cli: Cli, db_path: Path | str, other_db: Path | str, tmp_path: Path
) -> None:
    """Export, star one entry on the other machine, import back: that entry is updated, nothing is duplicated, and
    the message counts updated, added and already present."""
    _journal(cli, db_path)
    laptop = tmp_path / "laptop.json"
    _export(cli, db_path, laptop)
    cli("--db", str(other_db), "import", str(laptop))
    cli("--db", str(other_db), "star", "2")
    home = tmp_path / "home.json"
    data = _export(cli, other_db, home)
    records = sum(len(v) for k, v in data.items() if isinstance(v, list))
    out = cli("import", str(home)).strip()
    assert out == (
        f"Imported 0 entries, 0 goals, 0 milestones, 0 feedback; updated 1 entry; {records - 1} already present"
    )
    assert db_rows(db_path, "SELECT count(*) FROM entry") == [(4,)]
    assert db_rows(db_path, "SELECT id FROM entry WHERE starred") == [(2,)]
    before = db_dump(db_path)
    assert (
        cli("import", str(home)).strip()
        == f"Imported 0 entries, 0 goals, 0 milestones, 0 feedback; {records} already present"
    )
    assert db_dump(db_path) == before


def test_importing_the_same_file_twice_changes_nothing(
    cli: Cli, db_path: Path | str, other_db: Path | str, tmp_path: Path
) -> None:
    _journal(cli, db_path)
    cli("--db", str(db_path), "checkin", "--learned", "Small PRs get reviewed faster", "--focus", "the RFC")
    cli("--db", str(db_path), "promo", "add", "not-yet", "--with", "Maria Lopez", "--note", "scope")
    cli("--db", str(db_path), "role", "criterion", "add", "Leads cross-team work", "--skill", "leadership")
    exported = tmp_path / "export.json"
    data = _export(cli, db_path, exported)
    cli("--db", str(other_db), "add", "already on the other machine")  # not empty: ids move, uids stay
    first = cli("--db", str(other_db), "import", str(exported)).strip()
    assert first.startswith(
        "Imported 4 entries, 1 goal, 1 milestone, 0 feedback, 1 person, 1 contact, 1 ask, 1 role, "
        "1 criterion, 1 check-in, 1 promotion conversation"
    )
    after_first = db_dump(other_db)
    second = cli("--db", str(other_db), "import", str(exported)).strip()
    assert db_dump(other_db) == after_first
    assert second.endswith("already present") and "updated" not in second
    for table in schema.UID_TABLES:
        mine = {r[0] for r in db_rows(db_path, f"SELECT uid FROM {table}")}
        theirs = {r[0] for r in db_rows(other_db, f"SELECT uid FROM {table}")}
        assert mine <= theirs, table  # every record is known on the other machine by its own uid
        assert all(UUID.match(u) for u in theirs), table
    assert {e["uid"] for e in data["entries"]} == {r[0] for r in db_rows(db_path, "SELECT uid FROM entry")}


def test_the_newer_side_wins_and_a_tie_is_reported_not_guessed(cli: Cli, db_path: Path | str, tmp_path: Path) -> None:
    _journal(cli, db_path)
    exported = tmp_path / "export.json"
    data = _export(cli, db_path, exported)
    by_id = {e["id"]: e for e in data["entries"]}
    later, earlier = "2999-01-01 00:00:00.000000", "2000-01-01 00:00:00.000000"
    by_id[1].update(text="Shipped refunds everywhere", updated_at=later)  # changed over there, after: wins
    by_id[2].update(text="An older wording", updated_at=earlier)  # changed before this journal's: loses
    by_id[3]["text"] = "Changed at the very same moment"  # same updated_at, other text: cannot be decided
    data["goals"][0]["milestones"][0].update(done="2026-11-20", updated_at=later)
    exported.write_text(json.dumps(data))
    before = {r[0]: r[1] for r in db_rows(db_path, "SELECT id, text FROM entry")}
    lines = cli("import", str(exported)).strip().splitlines()
    assert lines[0].startswith("Imported 0 entries, 0 goals, 0 milestones, 0 feedback; updated 1 milestone, 1 entry; ")
    assert lines[0].endswith("; 1 record not merged (this journal's kept):")
    assert lines[1:] == [
        f"export.json: entry 3: not merged: differs from this journal's entry 3, and both say they "
        f"changed at {by_id[3]['updated_at']}"
    ]
    now = {r[0]: r[1] for r in db_rows(db_path, "SELECT id, text FROM entry")}
    assert now == {**before, 1: "Shipped refunds everywhere"}
    assert db_rows(db_path, "SELECT CAST(updated_at AS TEXT) FROM entry WHERE id = 1")[0][0].startswith("2999-01-01")
    assert db_rows(db_path, "SELECT CAST(done_on AS TEXT) FROM milestone") == [("2026-11-20",)]


def test_links_and_people_are_resolved_through_uids_not_ids(
    cli: Cli, db_path: Path | str, other_db: Path | str, tmp_path: Path
) -> None:
    """On the other machine the same records have other ids; what is linked there is linked to the same records
    here, and a person renamed there is renamed here (their feedback follows them)."""
    _journal(cli, db_path)
    laptop = tmp_path / "laptop.json"
    _export(cli, db_path, laptop)
    for text in ("only on the other machine", "and this one"):
        cli("--db", str(other_db), "add", text)
    cli("--db", str(other_db), "goal", "add", "Speak at a conference")
    cli("--db", str(other_db), "import", str(laptop))
    [(rfc_there,)] = db_rows(other_db, "SELECT id FROM entry WHERE text = 'Wrote the RFC'")
    [(goal_there,)] = db_rows(other_db, "SELECT id FROM goal WHERE title = 'Lead a project'")
    assert (rfc_there, goal_there) != (3, 1)
    cli("--db", str(other_db), "link", str(rfc_there), str(goal_there))
    cli("--db", str(other_db), "person", "rename", "Maria Lopez", "Maria López-Díaz")
    with db.writing(other_db) as conn:
        writes.save_feedback(
            conn, None, text="Great RFC", person="Maria López-Díaz", received_on="2026-11-20", entry_id=rfc_there
        )
    home = tmp_path / "home.json"
    _export(cli, other_db, home)
    out = cli("import", str(home)).strip()
    assert out.startswith("Imported 2 entries, 1 goal, 0 milestones, 1 feedback; updated 1 person, 1 entry; ")
    assert sorted(db_rows(db_path, "SELECT entry_id, goal_id FROM entry_goal")) == [(1, 1), (3, 1)]
    assert db_rows(db_path, "SELECT p.name, f.entry_id FROM feedback f JOIN person p ON p.id = f.person_id") == [
        ("Maria López-Díaz", 3)
    ]
    assert db_rows(db_path, "SELECT count(*) FROM person") == [(1,)]  # renamed, not a second Maria


def test_a_rename_onto_a_name_another_person_holds_is_reported(
    cli: Cli, db_path: Path | str, other_db: Path | str, tmp_path: Path
) -> None:
    cli("person", "set", "Sam", "--role", "mentor")
    laptop = tmp_path / "laptop.json"
    _export(cli, db_path, laptop)
    cli("--db", str(other_db), "import", str(laptop))
    cli("--db", str(other_db), "person", "rename", "Sam", "Sammy")
    home = tmp_path / "home.json"
    _export(cli, other_db, home)
    cli("person", "set", "Sammy", "--role", "peer")  # meanwhile, here, someone else got that name
    before = db_dump(db_path)
    lines = cli("import", str(home)).strip().splitlines()
    assert lines[1:] == [
        "home.json: person 1: not renamed: this journal's Sam is Sammy in the file, a name another "
        "person here holds (`journal person rename` merges them)"
    ]
    assert sorted(db_rows(db_path, "SELECT name, role FROM person")) == [("Sam", "mentor"), ("Sammy", "peer")]
    assert len(db_dump(db_path)) == len(before)


def test_exports_without_uids_keep_identity_by_content_and_then_converge(
    cli: Cli, db_path: Path | str, other_db: Path | str, tmp_path: Path
) -> None:
    """A version 4 file (no uids) imports as before: identical records are skipped, a changed one is added.  Its
    records took new uids here; a later export with uids finds them by content and they take the file's uids, so
    from then on a change merges."""
    _journal(cli, db_path)
    exported = tmp_path / "export.json"
    data = _export(cli, db_path, exported)
    old = json.loads(json.dumps(data))
    old["version"] = 4
    for records in (old[k] for k in ("goals", "entries", "people", "contacts", "asks", "role")):
        for rec in records:
            rec.pop("uid", None)
            for nested in ("milestones", "progress", "status_changes"):
                for item in rec.get(nested, []):
                    item.pop("uid", None)
    old["names"] = {k: [n["name"] for n in v] for k, v in old["names"].items()}
    v4 = tmp_path / "v4.json"
    v4.write_text(json.dumps(old))
    cli("--db", str(other_db), "add", "already there")
    cli("--db", str(other_db), "import", str(v4))
    old["entries"][0]["text"] = "Shipped refunds, edited"
    v4.write_text(json.dumps(old))
    assert cli("--db", str(other_db), "import", str(v4)).strip().startswith("Imported 1 entry, 0 goals")  # as before
    assert db_rows(other_db, "SELECT count(*) FROM entry") == [(6,)]
    assert "already present" in cli("--db", str(other_db), "import", str(exported))  # identical: the uids adopted
    assert db_rows(other_db, "SELECT count(*) FROM entry") == [(6,)]
    cli("star", "4")
    cli("milestone", "done", "1")
    _export(cli, db_path, exported)
    out = cli("--db", str(other_db), "import", str(exported)).strip()
    assert "updated 1 milestone, 1 entry" in out and out.startswith("Imported 0 entries, 0 goals, 0 milestones")
    assert db_rows(other_db, "SELECT text FROM entry WHERE starred") == [("Mentored Dana",)]


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d["entries"][1].update(uid="not-a-uid"), "entry 2: 'uid' must be a uid (a UUID like"),
        (lambda d: d["entries"][1].update(uid=d["entries"][0]["uid"]), "entry 2: uid "),
    ],
)
def test_a_bad_or_repeated_uid_is_refused_and_nothing_is_written(
    cli: Cli, db_path: Path | str, tmp_path: Path, change: Callable[[Any], object], message: str
) -> None:
    _journal(cli, db_path)
    exported = tmp_path / "export.json"
    data = _export(cli, db_path, exported)
    change(data)
    exported.write_text(json.dumps(data))
    before = db_dump(db_path)
    cli("import", str(exported), code=1)
    assert message in cli.err and cli.err.count("\n") == 1
    assert db_dump(db_path) == before


def test_every_record_gets_a_uid_whoever_inserts_it(cli: Cli, db_path: Path | str) -> None:
    """The write layer gives one; a raw INSERT (another tool, an older writer) gets one from the engine itself."""
    cli("goal", "add", "through the write layer")
    cli("add", "an entry +billing")
    conn = db.raw_connect(db_path)
    try:
        conn.execute(
            "INSERT INTO goal (title, created_at, updated_at) "
            "VALUES ('raw', '2026-11-02 10:00:00', '2026-11-02 10:00:00')"
        )
        conn.execute("INSERT INTO project (name, key, created_at) VALUES ('Raw', 'raw', '2026-11-02 10:00:00')")
    finally:
        conn.close()
    for table in ("goal", "project", "entry"):
        uids = [r[0] for r in db_rows(db_path, f"SELECT uid FROM {table}")]
        assert uids and all(UUID.match(u) for u in uids) and len(set(uids)) == len(uids), table


def test_the_identity_migration_gives_an_old_journal_distinct_uids(tmp_path: Path, engine: str) -> None:
    """A journal of the schema before identity: every row of every record table gets its own uid, once."""
    if engine == "postgresql":
        pytest.skip("a SQLite migration (a server journal is created with its uids)")
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    before = len(schema.MIGRATIONS) - 1
    for sql, fts in schema.MIGRATIONS[:before]:
        for stmt in schema.statements(sql) + schema.statements(fts or ""):
            conn.execute(stmt)
    conn.execute(f"PRAGMA application_id = {db.APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {before}")
    ts = "2026-01-01 00:00:00.000000"
    conn.executemany(
        "INSERT INTO entry (occurred_on, text, created_at, updated_at) VALUES ('2026-01-05', ?, ?, ?)",
        [(f"win {i}", ts, ts) for i in range(50)],
    )
    conn.execute("INSERT INTO person (name, key, created_at) VALUES ('Sam', 'sam', ?)", (ts,))
    conn.close()
    db.open_journal(path).close()
    uids = [r[0] for r in db_rows(path, "SELECT uid FROM entry")]
    assert len(set(uids)) == 50 and all(UUID.match(u) for u in uids)
    assert db_rows(path, "SELECT updated_at FROM person") == [(None,)]  # never changed since it was made
    assert db_rows(path, "PRAGMA user_version") == [(schema.SCHEMA_VERSION,)]
