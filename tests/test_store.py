import datetime as dt
import os
import sqlite3
import stat
from pathlib import Path

import pytest
from conftest import TODAY, Cli, sa_url
from sqlalchemy import create_engine
from sqlmodel import Session, select

from journal_tui.data import db, models, schema
from journal_tui.data.store import Store
from journal_tui.errors import JournalError, NotFound
from journal_tui.query import parse_query

pytestmark = pytest.mark.engines

D = dt.date


def test_quick_add_rows_read_back_identically_through_sqlmodel(store: Store, db_path: Path) -> None:
    conn = db.open_journal(db_path)
    with db.transaction(conn):
        entry_id = db.insert_entry(
            conn,
            text="Shipped refunds\nBody ✓ 🚀",
            occurred_on=D(2026, 11, 2),
            project="Billing",
            skills=["SQL", "sql ", "Leadership"],
            impact="tickets -38%",
            starred=True,
        )
    with Session(create_engine(sa_url(db_path))) as s:
        e = s.get(models.Entry, entry_id)
        assert e is not None
        assert e.occurred_on == D(2026, 11, 2)
        assert e.text == "Shipped refunds\nBody ✓ 🚀" and e.impact == "tickets -38%" and e.starred is True
        assert e.created_at.tzinfo is not None and e.created_at == e.updated_at
        assert abs((dt.datetime.now(dt.UTC) - e.created_at).total_seconds()) < 60
        project = s.get(models.Project, e.project_id)
        assert project is not None
        assert (project.name, project.key) == ("Billing", "billing")
        skills = s.exec(
            select(models.Skill.name).join(models.EntrySkill).where(models.EntrySkill.entry_id == entry_id)
        ).all()
        assert sorted(skills) == ["Leadership", "SQL"]
    # the ORM writes timestamps in exactly the text the raw path writes
    goal_id = store.add_goal(title="g")
    raw_entry = conn.execute("SELECT created_at FROM entry WHERE id = ?", (entry_id,)).fetchone()[0]
    raw_goal = conn.execute("SELECT created_at FROM goal WHERE id = ?", (goal_id,)).fetchone()[0]
    assert len(raw_entry) == len(raw_goal) == 26 and raw_entry[10] == raw_goal[10] == " "


def test_names_are_case_and_space_insensitive(store: Store) -> None:
    store.add_entry(text="a", occurred_on=TODAY, project="Billing", skills=["SQL"])
    store.add_entry(text="b", occurred_on=TODAY, project="  billing ", skills=["sql", "Public  Speaking"])
    store.add_entry(text="c", occurred_on=TODAY, skills=["public speaking"])
    assert store.names("project") == ["Billing"]
    assert store.name_counts("skill") == [("Public Speaking", 2), ("SQL", 2)]


def test_filters_over_entries(store: Store) -> None:
    a = store.add_entry(
        text="Shipped refunds", occurred_on=D(2026, 8, 3), project="billing", skills=["sql"], starred=True
    )
    b = store.add_entry(
        text="Led the incident review", occurred_on=D(2026, 9, 29), project="payments", skills=["leadership"]
    )
    c = store.add_entry(
        text="Refund dashboard polish", occurred_on=D(2026, 10, 5), project="billing", skills=["sql", "ux"]
    )

    def ids(text: str) -> list[int]:
        flt = parse_query(text, today=TODAY)
        found = [e.id for e in store.list_entries(flt)]
        assert store.count_entries(flt) == len(found)
        return found

    assert ids("") == [c, b, a]
    assert ids("project:billing") == [c, a]
    assert ids("project:BILLING,payments") == [c, b, a]
    assert ids("-project:billing") == [b]
    assert ids("skill:sql skill:ux") == [c]
    assert ids("skill:sql -skill:ux") == [a]
    assert ids("in:2026-Q3") == [b, a]
    assert ids("from:2026-09-01 to:2026-10-31") == [c, b]
    assert ids("starred:yes") == [a]
    assert ids("refund") == [c, a]  # prefix match through FTS
    assert ids('"incident review"') == [b]
    assert ids("-refunds") == [c, b]
    assert ids("project:nosuch") == []


def test_keyset_paging_walks_every_entry_once(store: Store) -> None:
    ids = {store.add_entry(text=f"e{i}", occurred_on=D(2026, 1, 1) + dt.timedelta(days=i % 7)) for i in range(23)}
    seen: list[int] = []
    after = None
    while True:
        page = store.list_entries(limit=5, after=after)
        if not page:
            break
        seen += [e.id for e in page]
        after = (page[-1].occurred_on, page[-1].id)
    assert len(seen) == len(set(seen)) == 23 and set(seen) == ids


def test_delete_and_undo_restore_links_and_feedback(store: Store) -> None:
    g = store.add_goal(title="Lead a project")
    e = store.add_entry(text="Shipped", occurred_on=TODAY, project="billing", skills=["sql"], goal_ids=[g])
    f = store.add_feedback(text="Great", person="Maria", received_on=TODAY, entry_id=e)
    before = store.entry_detail(e)
    snap = store.delete("entry", e)
    with pytest.raises(NotFound):
        store.get_entry(e)
    assert store.get_feedback(f).entry_id is None
    assert store.list_entries(parse_query("shipped")) == []
    store.restore(snap)
    assert store.entry_detail(e) == before
    assert [x.id for x in store.list_entries(parse_query("shipped"))] == [e]  # FTS row back too


def test_goal_delete_cascades_milestones_and_undo_brings_them_back(store: Store) -> None:
    g = store.add_goal(title="Staff engineer", due_on=D(2027, 3, 31))
    store.add_milestone(g, "RFC")
    m2 = store.add_milestone(g, "Launch")
    store.set_milestone_done(m2, TODAY)
    before = store.get_goal(g)
    assert before.progress == 0.5
    snap = store.delete("goal", g)
    assert store.list_goals() == []
    store.restore(snap)
    assert store.get_goal(g) == before


def test_goal_progress_and_overdue(store: Store) -> None:
    g = store.add_goal(title="Cut p95", measure="p95 ms saved", target=200, current=50, due_on=D(2026, 10, 1))
    goal = store.get_goal(g)
    assert goal.progress == 0.25 and goal.overdue(TODAY)
    store.set_goal_status(g, "achieved", TODAY)
    goal = store.get_goal(g)
    # achieved, and its measure still says a quarter of the way: both truths, not 100% (issue 25)
    assert goal.progress == 0.25 and not goal.overdue(TODAY) and goal.achieved_on == TODAY
    assert goal.status_text == f"achieved on {TODAY.isoformat()}"


def test_missing_ids_are_clear_errors(store: Store) -> None:
    with pytest.raises(NotFound, match="no goal with id 9"):
        store.add_milestone(9, "x")
    with pytest.raises(NotFound, match="no entry with id 5"):
        store.link(5, 1)
    with pytest.raises(NotFound):
        store.add_feedback(text="x", person="p", received_on=TODAY, entry_id=77)
    assert store.count_feedback() == 0


def test_feedback_filters(store: Store) -> None:
    e = store.add_entry(text="Refunds", occurred_on=TODAY, starred=True)
    f1 = store.add_feedback(
        text="Clear writing in the RFC",
        person="Maria",
        received_on=D(2026, 8, 1),
        tags=["writing"],
        skills=["communication"],
        project="billing",
    )
    f2 = store.add_feedback(
        text="Speak up earlier in planning", person="Sam", received_on=D(2026, 10, 1), kind="constructive", entry_id=e
    )

    def ids(text: str) -> list[int]:
        return [f.id for f in store.list_feedback(parse_query(text, today=TODAY))]

    assert ids("") == [f2, f1]
    assert ids("by:maria") == [f1]
    assert ids("kind:constructive") == [f2]
    assert ids("tag:writing") == [f1]
    assert ids("skill:communication") == [f1]
    assert ids("project:billing") == [f1]
    assert ids("in:2026-Q3") == [f1]
    assert ids("starred:yes") == [f2]
    assert ids("planning") == [f2]
    # feedback keys on entries: entries that feedback is about
    assert [x.id for x in store.list_entries(parse_query("by:sam"))] == [e]


@pytest.mark.parametrize(
    "query",
    [
        "project:billing in:2026-Q3",
        "skill:sql",
        "in:2026-Q3",
        "project:billing skill:sql in:2026",
        "starred:yes in:2026-Q3",
    ],
)
@pytest.mark.sqlite_only
def test_standard_filters_use_indexes(store: Store, query: str) -> None:
    store.add_entry(text="x", occurred_on=TODAY, project="billing", skills=["sql"])
    plan = store.explain_entries(parse_query(query, today=TODAY), limit=50)
    scans = [p for p in plan if p.startswith("SCAN entry") and "USING" not in p]
    assert not scans, plan


def test_new_file_is_private_and_parent_created(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "journal.db"
    db.open_journal(path).close()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert db.user_version(sqlite3.connect(path)) == schema.SCHEMA_VERSION


@pytest.mark.parametrize("content", [b"hello, this is my notes file\n" * 10, b"SQLite format 3\x00" + b"\x00" * 200])
def test_not_a_journal_is_refused_and_left_untouched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(content)
    with pytest.raises(JournalError) as info:
        db.open_journal(path)
    assert str(path) in str(info.value)
    assert path.read_bytes() == content


def test_directory_path_is_refused(tmp_path: Path) -> None:
    with pytest.raises(JournalError, match="is a directory"):
        db.open_journal(tmp_path)


def test_other_programs_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(JournalError, match="another program"):
        db.open_journal(path)


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "j.db"
    conn = db.open_journal(path)
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(JournalError, match="newer journal_tui"):
        db.open_journal(path)


@pytest.mark.sqlite_only
def test_without_fts5_text_search_falls_back_and_says_so(db_path: Path, cli: Cli) -> None:
    """A SQLite built without FTS5: the same results through LIKE, and a note on stderr."""
    conn = db.open_journal(db_path)
    with db.transaction(conn):
        for name in (
            "entry_fts_ai",
            "entry_fts_ad",
            "entry_fts_au",
            "feedback_fts_ai",
            "feedback_fts_ad",
            "feedback_fts_au",
        ):
            conn.execute(f"DROP TRIGGER {name}")
        conn.execute("DROP TABLE entry_fts")
        conn.execute("DROP TABLE feedback_fts")
    conn.close()
    store = Store(db_path)
    assert not store.use_fts
    a = store.add_entry(text="Shipped refunds", occurred_on=TODAY, impact="tickets -38%")
    store.add_entry(text="Led the review", occurred_on=TODAY)
    f = store.add_feedback(text="Great refunds launch", person="Maria", received_on=TODAY)
    assert [e.id for e in store.list_entries(parse_query("refund"))] == [a]
    assert [e.id for e in store.list_entries(parse_query("-refunds"))] == [a + 1]
    assert [e.id for e in store.list_entries(parse_query('"tickets -38"'))] == [a]
    assert [x.id for x in store.list_feedback(parse_query("launch"))] == [f]
    store.close()
    out = cli("list", "refund", "-f", "json")
    assert [e["id"] for e in __import__("json").loads(out)] == [a]
    assert "no FTS5" in cli.err
