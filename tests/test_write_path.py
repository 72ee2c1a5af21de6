"""One write layer: quick add, the Store and the importer write the same rows; undo never reuses an id."""

import datetime as dt
import re
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlmodel import Session, SQLModel

from journal_tui import db, models, writes
from journal_tui.errors import JournalError
from journal_tui.store import Store

D = dt.date
FIXED = dt.datetime(2026, 11, 23, 9, 30, 15, 123456, tzinfo=dt.UTC)
TABLES = ("project", "skill", "tag", "person", "entry", "entry_skill", "goal", "milestone", "entry_goal", "feedback",
          "feedback_tag", "feedback_skill")


def dump(path: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in TABLES}
    finally:
        conn.close()


def _same_content(add_entry, add_goal, add_milestone, add_feedback, update_entry) -> None:
    """The same user input, given to one write path."""
    e1 = add_entry(text="  Shipped refunds\r\nBody \x1b[2J✓ 🚀  ", occurred_on=D(2026, 11, 2), project="+Billing",
                   skills=["SQL", "sql ", "#Leadership"], impact=" tickets -38% ", starred=True)
    add_entry(text="Led the review", occurred_on=D(2026, 11, 3), project="billing", skills=[])
    g = add_goal(title="Lead \x07a project", measure="projects", target=2.0, due_on=D(2027, 3, 31))
    add_milestone(g, " Write the RFC ", D(2026, 12, 1))
    add_feedback(text="Great\x9b work", person="  Maria   Lopez ", received_on=D(2026, 11, 4), kind="Constructive",
                 tags=["launch"], skills=["sql"], project="billing", entry_id=e1)
    update_entry(e1, text="Shipped refunds v2", occurred_on=D(2026, 11, 2), project="Payments", skills=["ux"],
                 impact=None, starred=False)


def test_raw_path_and_store_write_identical_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(writes.base, "now", lambda: FIXED)
    store = Store(tmp_path / "store.db")
    _same_content(store.add_entry, lambda **kw: store.add_goal(**kw), store.add_milestone,
                  lambda **kw: store.add_feedback(**kw), store.update_entry)
    store.close()

    conn = db.open_journal(tmp_path / "raw.db")

    def raw(fn):
        def call(*args, **kw):
            with db.transaction(conn):
                return fn(conn, *args, **kw)
        return call

    _same_content(raw(db.insert_entry), raw(writes.insert_goal), raw(writes.insert_milestone),
                  raw(lambda c, **kw: writes.save_feedback(c, None, **kw)), raw(writes.update_entry))
    conn.close()
    store_rows, raw_rows = dump(tmp_path / "store.db"), dump(tmp_path / "raw.db")
    assert store_rows == raw_rows
    assert store_rows["entry"][0][2] == "Shipped refunds v2" and store_rows["goal"][0][1] == "Lead a project"
    assert store_rows["person"][0][1] == "Maria Lopez" and store_rows["feedback"][0][3] == "Great work"


def test_orm_objects_and_the_raw_path_store_values_the_same_way(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A row written by SQLModel objects and the same row written by the write layer are byte-identical."""
    monkeypatch.setattr(writes.base, "now", lambda: FIXED)
    for name in ("orm.db", "raw.db"):
        db.open_journal(tmp_path / name).close()
    store = Store(tmp_path / "orm.db")
    with Session(store.engine) as s:
        s.add(models.Project(name="Billing", key="billing", created_at=FIXED))
        s.add(models.Goal(title="g", target=2.0, due_on=D(2027, 1, 2), status="active", created_at=FIXED, updated_at=FIXED))
        s.flush()
        s.add(models.Entry(occurred_on=D(2026, 11, 2), text="t", project_id=1, impact="i", starred=True,
                           created_at=FIXED, updated_at=FIXED))
        s.add(models.Milestone(goal_id=1, title="m", due_on=D(2026, 12, 1), created_at=FIXED))
        s.commit()
    store.close()
    conn = db.open_journal(tmp_path / "raw.db")
    with db.transaction(conn):
        writes.insert_goal(conn, title="g", target=2, due_on=D(2027, 1, 2))
        db.insert_entry(conn, text="t", occurred_on=D(2026, 11, 2), project="Billing", impact="i", starred=True)
        writes.insert_milestone(conn, 1, "m", D(2026, 12, 1))
    conn.close()
    assert dump(tmp_path / "orm.db") == dump(tmp_path / "raw.db")


# --- the schema mirror: columns, types, foreign keys with ondelete, defaults, CHECKs -----------------------


def _checks(create_sql: str) -> set[str]:
    """The CHECK (...) expressions of a CREATE TABLE statement, whitespace-normalised."""
    out = set()
    for m in re.finditer(r"CHECK\s*\(", create_sql):
        depth, i = 1, m.end()
        while depth:
            depth += {"(": 1, ")": -1}.get(create_sql[i], 0)
            i += 1
        out.add(" ".join(create_sql[m.end():i - 1].split()))
    return out


def test_models_mirror_types_foreign_keys_defaults_and_checks(db_path: Path) -> None:
    conn = db.open_journal(db_path)
    dialect = sqlite_dialect.dialect()
    for table in SQLModel.metadata.sorted_tables:
        live = {r[1]: r for r in conn.execute(f"PRAGMA table_info({table.name})")}
        assert set(live) == {c.name for c in table.columns}, table.name
        for col in table.columns:
            _, name, live_type, _, live_default, _ = live[col.name]
            assert col.type.compile(dialect=dialect) == live_type, (table.name, name, "type")
            model_default = col.server_default.arg if col.server_default is not None else None
            assert (str(model_default) if model_default is not None else None) == \
                (live_default.strip("'") if live_default else None), (table.name, name, "default")
        live_fks = {(r[3], r[2], r[4], r[6]) for r in conn.execute(f"PRAGMA foreign_key_list({table.name})")}
        model_fks = {(fk.parent.name, fk.column.table.name, fk.column.name, fk.ondelete or "NO ACTION")
                     for fk in table.foreign_keys}
        assert live_fks == model_fks, table.name
        sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table.name,)).fetchone()[0]
        model_checks = {" ".join(str(c.sqltext).split()) for c in table.constraints if c.__class__.__name__ == "CheckConstraint"}
        assert _checks(sql) == model_checks, table.name
    conn.close()


# --- undo never gives a deleted row's links to another row -----------------------------------------------


def test_undo_after_the_id_was_reused_restores_under_a_new_id_with_every_link(store: Store) -> None:
    goal = store.add_goal(title="Lead a project")
    store.add_entry(text="older", occurred_on=D(2026, 11, 1))
    newest = store.add_entry(text="newest", occurred_on=D(2026, 11, 2), project="billing", skills=["sql", "ux"],
                             goal_ids=[goal])
    fb = store.add_feedback(text="nice", person="Maria", received_on=D(2026, 11, 3), entry_id=newest)
    snap = store.delete("entry", newest)
    reused = store.add_entry(text="added after the delete", occurred_on=D(2026, 11, 4))
    assert reused == newest  # SQLite hands the freed id out again
    restored = store.restore(snap)
    assert restored != reused
    again = store.get_entry(reused)
    assert (again.text, again.skills, again.goal_ids, again.project) == ("added after the delete", (), (), None)
    back = store.get_entry(restored)
    assert (back.text, back.skills, back.goal_ids, back.project) == ("newest", ("sql", "ux"), (goal,), "billing")
    assert store.get_feedback(fb).entry_id == restored
    assert store.count_entries() == 3


def test_undo_of_a_goal_after_its_ids_were_reused_keeps_milestones_apart(store: Store) -> None:
    g = store.add_goal(title="first")
    m = store.add_milestone(g, "its milestone")
    snap = store.delete("goal", g)
    g2 = store.add_goal(title="second")
    m2 = store.add_milestone(g2, "new milestone")
    assert (g2, m2) == (g, m)
    restored = store.restore(snap)
    goals = {x.title: x for x in store.list_goals()}
    assert [x.title for x in goals["first"].milestones] == ["its milestone"] and goals["first"].id == restored
    assert [x.title for x in goals["second"].milestones] == ["new milestone"]


def test_undo_that_cannot_be_exact_says_so(store: Store) -> None:
    goal = store.add_goal(title="g")
    entry = store.add_entry(text="e", occurred_on=D(2026, 11, 2), goal_ids=[goal])
    snap = store.delete("entry", entry)
    store.delete("goal", goal)  # what the entry was linked to is gone
    with pytest.raises(JournalError, match="cannot undo"):
        store.restore(snap)
    assert store.count_entries() == 0  # nothing half-restored
