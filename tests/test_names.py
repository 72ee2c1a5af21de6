"""One name per skill, project and tag: spelling variants are one name, synonyms merge, old journals are re-keyed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from conftest import Cli, db_rows

from journal_tui.data import db, schema, writes
from journal_tui.validate import name_key

pytestmark = pytest.mark.engines


def sound(path: Path | str) -> bool:
    """The file's own checks, on SQLite (a PostgreSQL server refuses a broken reference when it is written)."""
    if not isinstance(path, Path):
        return True
    return db_rows(path, "PRAGMA integrity_check") == [("ok",)] and db_rows(path, "PRAGMA foreign_key_check") == []


@pytest.mark.parametrize(
    "variant", ["system-design", "System Design", "system_design", "SYSTEM  DESIGN", "system--design"]
)
def test_spelling_variants_are_one_key(variant: str) -> None:
    assert name_key(variant) == name_key("system design") == "system design"


def test_spelling_variants_are_one_skill_and_count_for_the_criterion(cli: Cli) -> None:
    cli("add", "Designed the ledger #system-design")
    cli("add", "Reviewed the queue design", "-s", "System Design")
    cli("add", "Sketched the cache #system_design")
    assert cli.json("skills", "--format", "json") == [{"name": "system-design", "count": 3}]
    cli("role", "set", "Staff Engineer")
    cli("role", "criterion", "add", "Designs systems", "--skill", "System Design", "--need", "3")
    (criterion,) = cli.json("case", "--format", "json")["criteria"]
    assert criterion["status"] == "met" and len(criterion["evidence"]) == 3


def test_skill_merge_moves_every_link_once(cli: Cli, db_path: Path) -> None:
    cli("add", "Moved the cluster #k8s #kubernetes")  # both on one entry: one link after the merge
    cli("add", "Wrote the operator #k8s")
    cli("feedback", "add", "Solid k8s work", "--from", "Sam", "--skill", "k8s")
    cli("role", "set", "Staff Engineer")
    cli("role", "criterion", "add", "Runs platforms", "--skill", "k8s")
    out = cli("skill", "merge", "k8s", "kubernetes")
    assert (
        out.strip()
        == "Merged skill 'k8s' into 'kubernetes': its entries, feedback and role criteria now name 'kubernetes'"
    )
    assert cli.json("skills", "--format", "json") == [{"name": "kubernetes", "count": 2}]
    assert db_rows(db_path, "SELECT count(*) FROM entry_skill") == [(2,)]
    assert db_rows(db_path, "SELECT s.name FROM feedback_skill f JOIN skill s ON s.id = f.skill_id") == [
        ("kubernetes",)
    ]
    assert db_rows(db_path, "SELECT s.name FROM criterion_skill c JOIN skill s ON s.id = c.skill_id") == [
        ("kubernetes",)
    ]
    assert sound(db_path)


def test_project_and_tag_merge_and_unknown_names(cli: Cli, db_path: Path) -> None:
    cli("add", "Cut costs +infra")
    cli("add", "Tuned queries +platform")
    cli("feedback", "add", "Great talk", "--from", "Sam", "--tag", "talk", "--project", "infra")
    cli("feedback", "add", "Clear slides", "--from", "Sam", "--tag", "presentation")
    cli("project", "merge", "infra", "platform")
    assert cli.json("projects", "--format", "json") == [{"name": "platform", "count": 2}]
    cli("tag", "merge", "presentation", "talk")
    assert cli.json("tags", "--format", "json") == [{"name": "talk", "count": 2}]
    cli("skill", "merge", "nope", "talk", code=1)
    assert cli.err.strip() == "journal: there is no skill called 'nope'; `journal skills` lists them"
    cli("tag", "merge", "talk", "talk", code=1)
    assert "cannot be merged into itself" in cli.err
    assert sound(db_path)


def test_an_old_journal_is_rekeyed_and_its_duplicates_merged(tmp_path: Path) -> None:
    """A journal written under the old key rule holds 'system-design' and 'System Design' apart (and a person
    with a zero-width space beside the same person without): the upgrade makes each one row, links merged."""
    path = tmp_path / "old.db"
    before = schema.MIGRATIONS.index((schema.NAME_KEYS, None))  # a journal of the version before the new key rule
    conn = sqlite3.connect(path, isolation_level=None)
    for sql, fts in schema.MIGRATIONS[:before]:
        for stmt in schema.statements(sql + (fts or "")):
            conn.execute(stmt)
    conn.execute(f"PRAGMA application_id = {db.APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {before}")
    conn.execute("PRAGMA foreign_keys = ON")
    now = "2026-01-01T00:00:00"
    conn.executemany(
        "INSERT INTO skill (id, name, key, created_at) VALUES (?, ?, ?, ?)",
        [(1, "system-design", "system-design", now), (2, "System Design", "system design", now)],
    )
    conn.executemany(
        "INSERT INTO person (id, name, key, created_at) VALUES (?, ?, ?, ?)",
        [(1, "Sam Lee", "sam lee", now), (2, "Sam\u200b Lee", "sam\u200b lee", now)],
    )
    for i in (1, 2, 3):
        conn.execute(
            "INSERT INTO entry (id, occurred_on, text, created_at, updated_at) VALUES (?, '2026-01-02', ?, ?, ?)",
            (i, f"entry {i}", now, now),
        )
    conn.executemany("INSERT INTO entry_skill VALUES (?, ?)", [(1, 1), (2, 2), (3, 1), (3, 2)])
    conn.executemany(
        "INSERT INTO feedback (received_on, person_id, text, created_at, updated_at) VALUES ('2026-01-03', ?, ?, ?, ?)",
        [(1, "one", now, now), (2, "two", now, now)],
    )
    conn.close()
    db.open_journal(path).close()
    assert db_rows(path, "SELECT id, name, key FROM skill") == [(1, "system-design", "system design")]
    assert db_rows(path, "SELECT entry_id, skill_id FROM entry_skill ORDER BY 1") == [(1, 1), (2, 1), (3, 1)]
    assert db_rows(path, "SELECT id, name FROM person") == [(1, "Sam Lee")]
    assert db_rows(path, "SELECT person_id, text FROM feedback ORDER BY 2") == [(1, "one"), (1, "two")]
    assert db_rows(path, "PRAGMA integrity_check") == [("ok",)]
    assert db_rows(path, "PRAGMA foreign_key_check") == []


def test_rekeying_merges_rows_that_now_share_a_key_on_either_engine(cli: Cli, db_path: Path) -> None:
    """The re-keying step (and the merge it calls) in the SQL both engines run: links both rows had stay once, and the
    interim keys are text every engine can hold."""
    cli("add", "Drew the boxes #system-design")
    cli("add", "Reviewed the boxes #system-design")
    cli("feedback", "add", "Clear diagrams", "--from", "Sam", "--skill", "system-design")
    with db.writing(db_path) as conn:  # a second row under the old key rule, linked to one entry of the first too
        conn.execute(
            "INSERT INTO skill (name, key, created_at) VALUES ('System Design', 'System Design', '2026-01-01 00:00:00')"
        )
        (old,) = conn.execute("SELECT id FROM skill WHERE key = 'System Design'").fetchone()
        conn.execute("INSERT INTO entry_skill (entry_id, skill_id) VALUES (1, ?), (2, ?)", (old, old))
        conn.execute("INSERT INTO feedback_skill (feedback_id, skill_id) VALUES (1, ?)", (old,))
        assert writes.rekey_names(conn)["skill"] == 1
    assert db_rows(db_path, "SELECT name, key FROM skill") == [("system-design", "system design")]
    assert db_rows(db_path, "SELECT entry_id FROM entry_skill ORDER BY 1") == [(1,), (2,)]
    assert db_rows(db_path, "SELECT count(*) FROM feedback_skill") == [(1,)]
    assert sound(db_path)
