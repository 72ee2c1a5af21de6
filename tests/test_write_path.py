"""One write layer: quick add, the Store and the importer write the same rows; undo never reuses an id."""

import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import Cli, db_columns, db_rows, sa_url
from sqlalchemy import create_engine
from sqlmodel import Session

from journal_tui.data import db, models, writes
from journal_tui.data.conn import Connection
from journal_tui.data.store import Store
from journal_tui.errors import JournalError

pytestmark = pytest.mark.engines

D = dt.date
Write = Callable[..., Any]  # a write function of the Store's or the write layer's, whatever its arguments
FIXED = dt.datetime(2026, 11, 23, 9, 30, 15, 123456, tzinfo=dt.UTC)
TABLES = (
    "project",
    "skill",
    "tag",
    "person",
    "entry",
    "entry_skill",
    "goal",
    "milestone",
    "entry_goal",
    "feedback",
    "feedback_tag",
    "feedback_skill",
)


def _but_uid(path: Path | str, table: str) -> str:
    """Every column but `uid`: two journals written apart give their rows identities of their own."""
    return ", ".join(c for c in db_columns(path, table) if c != "uid")


def dump(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    return {t: db_rows(path, f"SELECT {_but_uid(path, t)} FROM {t} ORDER BY 1, 2") for t in TABLES}


def _same_content(
    add_entry: Write, add_goal: Write, add_milestone: Write, add_feedback: Write, update_entry: Write
) -> None:
    """The same user input, given to one write path."""
    e1 = add_entry(
        text="  Shipped refunds\r\nBody \x1b[2J✓ 🚀  ",
        occurred_on=D(2026, 11, 2),
        project="+Billing",
        skills=["SQL", "sql ", "#Leadership"],
        impact=" tickets -38% ",
        starred=True,
    )
    add_entry(text="Led the review", occurred_on=D(2026, 11, 3), project="billing", skills=[])
    g = add_goal(title="Lead \x07a project", measure="projects", target=2.0, due_on=D(2027, 3, 31))
    add_milestone(g, " Write the RFC ", D(2026, 12, 1))
    add_feedback(
        text="Great\x9b work",
        person="  Maria   Lopez ",
        received_on=D(2026, 11, 4),
        kind="Constructive",
        tags=["launch"],
        skills=["sql"],
        project="billing",
        entry_id=e1,
    )
    update_entry(
        e1,
        text="Shipped refunds v2",
        occurred_on=D(2026, 11, 2),
        project="Payments",
        skills=["ux"],
        impact=None,
        starred=False,
    )


def test_raw_path_and_store_write_identical_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(writes.base, "now", lambda: FIXED)
    store = Store(tmp_path / "store.db")
    _same_content(
        store.add_entry,
        lambda **kw: store.add_goal(**kw),
        store.add_milestone,
        lambda **kw: store.add_feedback(**kw),
        store.update_entry,
    )
    store.close()

    conn = db.open_journal(tmp_path / "raw.db")

    def raw(fn: Write) -> Write:
        def call(*args: Any, **kw: Any) -> Any:
            with db.transaction(conn):
                return fn(conn, *args, **kw)

        return call

    _same_content(
        raw(db.insert_entry),
        raw(writes.insert_goal),
        raw(writes.insert_milestone),
        raw(lambda c, **kw: writes.save_feedback(c, None, **kw)),
        raw(writes.update_entry),
    )
    conn.close()
    store_rows, raw_rows = dump(tmp_path / "store.db"), dump(tmp_path / "raw.db")
    assert store_rows == raw_rows
    assert store_rows["entry"][0][2] == "Shipped refunds v2" and store_rows["goal"][0][1] == "Lead a project"
    assert store_rows["person"][0][1] == "Maria Lopez" and store_rows["feedback"][0][3] == "Great work"


def test_orm_objects_and_the_raw_path_store_values_the_same_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A row written by SQLModel objects and the same row written by the write layer are byte-identical."""
    monkeypatch.setattr(writes.base, "now", lambda: FIXED)
    for name in ("orm.db", "raw.db"):
        db.open_journal(tmp_path / name).close()
    store = Store(tmp_path / "orm.db")
    with Session(create_engine(sa_url(store.path))) as s:
        s.add(models.Project(name="Billing", key="billing", created_at=FIXED))
        s.add(
            models.Goal(
                title="g", target=2.0, due_on=D(2027, 1, 2), status="active", created_at=FIXED, updated_at=FIXED
            )
        )
        s.flush()
        s.add(
            models.Entry(
                occurred_on=D(2026, 11, 2),
                text="t",
                project_id=1,
                impact="i",
                starred=True,
                created_at=FIXED,
                updated_at=FIXED,
            )
        )
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


# (the models are compared with the migrated schema, part by part, in test_models_parity.py)


# --- undo never gives a deleted row's links to another row -----------------------------------------------


def test_undo_after_the_id_was_reused_restores_under_a_new_id_with_every_link(store: Store) -> None:
    goal = store.add_goal(title="Lead a project")
    store.add_entry(text="older", occurred_on=D(2026, 11, 1))
    newest = store.add_entry(
        text="newest", occurred_on=D(2026, 11, 2), project="billing", skills=["sql", "ux"], goal_ids=[goal]
    )
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


@pytest.mark.sqlite_only  # PostgreSQL's sequences never hand out an id twice: the case cannot arise there
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


# --- the newer tables: people, contacts, asks, role, criteria, responses, goal history, check-ins ----------

NEW_TABLES = (
    "person",
    "contact",
    "ask",
    "role",
    "criterion",
    "criterion_skill",
    "criterion_entry",
    "feedback_response",
    "goal_progress",
    "goal_status_change",
    "checkin",
    "reflection",
    "goal",
    "entry",
    "feedback",
    "skill",
)


def dump_new(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    return {t: db_rows(path, f"SELECT {_but_uid(path, t)} FROM {t} ORDER BY 1, 2") for t in NEW_TABLES}


def _through_the_feature_modules(store: Store) -> None:
    """What the app and the CLI do: the feature modules, given a Store (they need only its path)."""
    from journal_tui import checkin, people, responses, roles

    e1 = store.add_entry(text="Shipped refunds", occurred_on=D(2026, 11, 2), skills=["sql"])
    e2 = store.add_entry(text="Ran the retro", occurred_on=D(2026, 11, 3))
    g = store.add_goal(title="Lead a project", current=1.0, target=3.0, on=D(2026, 11, 1))
    store.update_goal(g, current=2.0, status="achieved", on=D(2026, 11, 4))
    fb = store.add_feedback(
        text="Share drafts earlier", person="Maria Lopez", received_on=D(2026, 11, 4), kind="constructive"
    )
    people.set_person(store, "  Maria   Lopez ", role="man", team=" Payments\x07 ", note="my manager")
    people.add_contact(store, "maria", "Coffee \x1b[2Jchat", met_on=D(2026, 11, 5), kind="Coffee")
    ask, _ = people.add_ask(store, "Raj", " the RFC ", asked_on=D(2026, 11, 5), entry_id=e1, due_on=D(2026, 11, 9))
    with store.write() as raw:
        people.answer_ask(raw, ask, fb, D(2026, 11, 6))
    other, _ = people.add_ask(store, "raj", "the talk", asked_on=D(2026, 11, 6))
    people.close_ask(store, other, D(2026, 11, 7))
    people.rename_person(store, "raj", "Raj Mehta")
    roles.set_role(store, "Staff\x07 Engineer")
    crit = roles.add_criterion(store, "Leads cross-team work", skills=["SQL", " leadership"], need=2, note=" ")
    roles.edit_criterion(store, crit, need=3, note="beyond my team")
    roles.link_entry(store, e2, crit)
    responses.set_response(store, fb, e2)
    data = checkin.CheckinInput(
        checked_on=D(2026, 11, 6),
        learned=["Pairing\x07 works"],
        setbacks=[("Late fix", " test the 31st ")],
        focus=["Load test"],
    )
    checkin.record_with_store(store, data, D(2026, 11, 7))


def _through_raw_writes(conn: Connection) -> None:
    """The same content, straight through the write layer on a stdlib connection."""
    from journal_tui import goal_history

    def tx(fn: Write, *args: Any, **kw: Any) -> Any:
        with db.transaction(conn):
            return fn(conn, *args, **kw)

    e1 = tx(writes.insert_entry, text="Shipped refunds", occurred_on=D(2026, 11, 2), skills=["sql"])
    e2 = tx(writes.insert_entry, text="Ran the retro", occurred_on=D(2026, 11, 3))
    g = tx(writes.insert_goal, title="Lead a project", current=1.0, target=3.0)
    tx(writes.insert_progress, g, D(2026, 11, 1), 1.0)
    tx(goal_history.record_changes, g, {"current": 2.0, "status": "achieved"}, D(2026, 11, 4))
    tx(writes.update_goal, g, current=2.0, status="achieved")
    fb = tx(
        writes.save_feedback,
        None,
        text="Share drafts earlier",
        person="Maria Lopez",
        received_on=D(2026, 11, 4),
        kind="constructive",
    )
    maria = tx(writes.name_id, "person", "Maria Lopez")
    tx(writes.update_person, maria, role="manager", team=" Payments\x07 ", note="my manager")
    tx(writes.insert_contact, maria, met_on=D(2026, 11, 5), text="Coffee \x1b[2Jchat", kind="coffee")
    raj = tx(writes.name_id, "person", "Raj")
    ask = tx(writes.insert_ask, raj, asked_on=D(2026, 11, 5), about=" the RFC ", entry_id=e1, due_on=D(2026, 11, 9))
    tx(writes.settle_ask, ask, closed_on=D(2026, 11, 6), feedback_id=fb)
    other = tx(writes.insert_ask, raj, asked_on=D(2026, 11, 6), about="the talk")
    tx(writes.settle_ask, other, closed_on=D(2026, 11, 7))
    tx(writes.rename_person, raj, "Raj Mehta")
    tx(writes.set_role, "Staff\x07 Engineer")
    crit = tx(writes.insert_criterion, name="Leads cross-team work", skills=["SQL", " leadership"], need=2, note=" ")
    tx(writes.update_criterion, crit, need=3, note="beyond my team")
    tx(writes.link_criterion, crit, e2)
    tx(writes.set_response, fb, e2)
    tx(
        writes.insert_checkin,
        D(2026, 11, 6),
        [
            {"kind": "learned", "text": "Pairing\x07 works"},
            {"kind": "setback", "text": "Late fix", "lesson": " test the 31st "},
            {"kind": "focus", "text": "Load test"},
        ],
    )


def test_feature_modules_raw_writes_and_an_import_write_identical_rows_in_the_new_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from journal_tui import exchange

    monkeypatch.setattr(writes.base, "now", lambda: FIXED)
    store = Store(tmp_path / "store.db")
    _through_the_feature_modules(store)
    store.close()
    conn = db.open_journal(tmp_path / "raw.db")
    _through_raw_writes(conn)
    conn.close()
    via_store, via_raw = dump_new(tmp_path / "store.db"), dump_new(tmp_path / "raw.db")
    assert via_store == via_raw
    assert via_store["person"][0][1:3] == ("Maria Lopez", "maria lopez") and via_store["person"][0][5] == "Payments"
    assert via_store["role"][0][1] == "Staff Engineer" and via_store["contact"][0][4] == "Coffee chat"
    assert [r[6] for r in via_store["ask"]] == ["answered", "closed"]
    assert via_store["reflection"][0][3] == "Pairing works" and via_store["reflection"][1][4] == "test the 31st"
    assert len(via_store["goal_progress"]) == 2 and len(via_store["goal_status_change"]) == 1

    # and the importer, through the same functions, gives back the same rows (ids and timestamps kept)
    src = db.open_journal(tmp_path / "store.db")
    (tmp_path / "export.json").write_text(json.dumps(exchange.export_data(src)))
    src.close()
    dest = db.open_journal(tmp_path / "imported.db")
    exchange.import_file(dest, tmp_path / "export.json")
    dest.close()
    assert dump_new(tmp_path / "imported.db") == via_store


WRITE_REFUSALS = [  # (write-layer call on a journal with entry 1, goal 1, feedback 1, person 1; the message)
    (lambda c: writes.insert_contact(c, 1, met_on=D(2026, 11, 2), text=" \x07 "), "contact note is empty"),
    (
        lambda c: writes.insert_contact(c, 1, met_on=D(2026, 11, 2), text="x", kind="lunch"),
        "contact kind must be one of",
    ),
    (lambda c: writes.insert_contact(c, 9, met_on=D(2026, 11, 2), text="x"), "there is no person with id 9"),
    (lambda c: writes.insert_ask(c, 1, asked_on=D(2026, 11, 2), about=""), "what the ask is about is empty"),
    (lambda c: writes.insert_ask(c, 1, asked_on=D(2026, 11, 2), about="x", status="pending"), "ask status must be"),
    (lambda c: writes.insert_ask(c, 1, asked_on=D(2026, 11, 2), about="x", entry_id=9), "there is no entry with id 9"),
    (lambda c: writes.update_person(c, 1, role="boss"), "role must be one of"),
    (lambda c: writes.update_person(c, 1, team="t" * 201), "team is 201 characters long"),
    (lambda c: writes.rename_person(c, 1, "a, b"), "may not contain commas"),
    (lambda c: writes.set_role(c, "\x07"), "role title is empty"),
    (lambda c: writes.insert_criterion(c, name="  "), "criterion name is empty"),
    (lambda c: writes.insert_criterion(c, name="x", need=0), "must be between 1 and 1000"),
    (lambda c: writes.update_criterion(c, 7, need=2), "there is no criterion with id 7"),
    (lambda c: writes.link_criterion(c, 1, 1), "there is no criterion with id 1"),
    (lambda c: writes.set_response(c, 1, 9), "there is no entry with id 9"),
    (lambda c: writes.insert_progress(c, 1, "2026-13-01", 2.0), "date must be an ISO date"),
    (lambda c: writes.insert_status_change(c, 1, D(2026, 11, 2), "won"), "goal status must be one of"),
    (lambda c: writes.insert_checkin(c, D(2026, 11, 2), [{"kind": "learned", "text": "\x1b[2J"}]), "learned is empty"),
    (lambda c: writes.insert_checkin(c, D(2026, 11, 2), [{"kind": "mood", "text": "x"}]), "a reflection is one of"),
    (lambda c: writes.update_checkin(c, 4, D(2026, 11, 2), []), "there is no check-in with id 4"),
]


@pytest.mark.parametrize("call, message", WRITE_REFUSALS, ids=[m[:24] for _, m in WRITE_REFUSALS])
def test_the_write_layer_refuses_what_the_cli_refuses_and_writes_nothing(
    tmp_path: Path, call: Callable[[Connection], object], message: str
) -> None:
    """Every caller (app, CLI, importer) meets the same checks, because they sit in the write functions."""
    conn = db.open_journal(tmp_path / "j.db")
    with db.transaction(conn):
        writes.insert_entry(conn, text="e", occurred_on=D(2026, 11, 2))
        writes.insert_goal(conn, title="g")
        writes.save_feedback(conn, None, text="f", person="Sam", received_on=D(2026, 11, 2))
    before = dump_new(tmp_path / "j.db")
    with pytest.raises(JournalError, match=re.escape(message)), db.transaction(conn):
        call(conn)
    conn.close()
    assert dump_new(tmp_path / "j.db") == before


IMPORT_LIKE_CLI = [  # (CLI argv that refuses, the import section and record that must be refused the same way)
    (["met", "Sam", " \x07 "], "contacts", {"person": "Sam", "date": "2026-11-02", "text": " \x07 "}, "is empty"),
    (["ask", "Sam", "   "], "asks", {"person": "Sam", "date": "2026-11-02", "about": "   "}, "is empty"),
    (["role", "set", "\x07"], "role", {"title": "\x07"}, "is empty"),
    (["role", "criterion", "add", " "], "criteria", {"name": " "}, "is empty"),
    (
        ["checkin", "--learned", "\x1b[2J"],
        "checkins",
        {"date": "2026-11-02", "items": [{"kind": "learned", "text": "\x1b[2J"}]},
        "is empty",
    ),
]


@pytest.mark.parametrize("argv, section, record, message", IMPORT_LIKE_CLI, ids=[c[1] for c in IMPORT_LIKE_CLI])
def test_an_import_refuses_a_bell_or_a_blank_like_the_cli(
    cli: Cli, db_path: Path, tmp_path: Path, argv: list[str], section: str, record: dict[str, Any], message: str
) -> None:
    cli("add", "existing")
    before = dump_new(db_path)
    cli(*argv, code=1)
    assert message in cli.err and "Traceback" not in cli.err
    source = tmp_path / "in.json"
    source.write_text(json.dumps({"format": "journal_tui", "version": 2, section: [record]}))
    cli("import", str(source), code=1)
    assert message in cli.err and cli.err.count("\n") == 1
    assert dump_new(db_path) == before


def test_no_sql_write_outside_the_write_layer() -> None:
    """Every INSERT/UPDATE/DELETE of user data is in journal_tui/data/writes/; the only others are migrations, undo
    and `journal copy` (rows copied verbatim from a journal, where the write layer wrote them)."""
    package = Path(__file__).parent.parent / "journal_tui"
    allowed: dict[str, set[str] | None] = {  # None: the whole module may (migrations)
        "data/schema.py": None,
        "data/pg_schema.py": None,
        "data/db.py": {"restore", "_insert_row", "ensure_schema", "_apply_optional_fts", "problems"},
        "data/store.py": {"delete"},
        "data/copy.py": {"_insert"},
    }
    write_sql = re.compile(r"\b(INSERT(?: OR \w+)? INTO|UPDATE \w+ SET|UPDATE \{[^}]+\} SET|DELETE FROM)\b")
    found = []
    for path in sorted(package.rglob("*.py")):
        rel = path.relative_to(package).as_posix()
        functions = allowed.get(rel, set())
        if rel.startswith("data/writes/") or functions is None:
            continue
        function = ""
        for number, line in enumerate(path.read_text().splitlines(), 1):
            m = re.match(r"\s*def (\w+)", line)
            if m:
                function = m.group(1)
            if write_sql.search(line) and function not in functions:
                found.append(f"{rel}:{number} ({function}): {line.strip()[:80]}")
    assert found == [], "\n".join(found)
