"""Issue 23, the app's side: merging people keeps what the CLI keeps; undo names the id the row came back under.

Every test drives the real app (`App.run_test()` and the Pilot) over a real journal file; the other program is the
real `journal` command (its `main()`, on its own connection) or a separate sqlite3 connection.
"""

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from conftest import TODAY, Cli, db_rows
from panes import journal_pane, people_pane
from textual.pilot import Pilot
from textual.widgets import Input

from journal_tui import people
from journal_tui.data.store import Store
from journal_tui.tui.app import JournalApp, make_app
from journal_tui.tui.screens.dialogs import ConfirmScreen
from journal_tui.tui.screens.form import FormScreen
from journal_tui.tui.testing import screen_text, settle

SIZE = (160, 40)
D = dt.date

pytestmark = pytest.mark.usefixtures("no_cursor_blink")


def flat(app: JournalApp) -> str:
    """The screen's text on one line (a toast or a dialog wraps its message)."""
    return " ".join(screen_text(app).replace("▌", " ").replace("█", " ").split())


def notifications(app: JournalApp) -> list[str]:
    """Every message the app notifies from now on, as given (the screen shows them too, wrapped)."""
    seen: list[str] = []
    real = app.notify

    def notify(message: str, **kwargs: Any) -> None:
        seen.append(message)
        real(message, **kwargs)

    app.notify = notify  # type: ignore[method-assign]  # this app's own: it records what the app says
    return seen


# --- merging people: one rule, the CLI's and the app's ---------------------------------------------------------------


def two_people(path: Path) -> Path:
    """R. Mehta (mentor, team Infra, a note, feedback, a conversation, an ask) and Raj Mehta (manager, no team, a
    note)."""
    store = Store(path)
    try:
        people.set_person(store, "R. Mehta", role="mentor", team="Infra", note="Met at the offsite")
        store.add_feedback(text="Clear RFC", person="R. Mehta", received_on=D(2026, 10, 2))
        people.add_contact(store, "R. Mehta", "Career chat", met_on=D(2026, 10, 5), kind="mentoring")
        people.add_ask(store, "R. Mehta", "The RFC", asked_on=D(2026, 11, 2))
        people.set_person(store, "Raj Mehta", role="manager", note="Skip-level in 2025")
        people.add_contact(store, "Raj Mehta", "1:1", met_on=D(2026, 11, 1))
    finally:
        store.close()
    return path


def merged_rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Everything a merge decides, without the timestamps (the two journals were built a moment apart)."""
    return {
        "person": db_rows(path, "SELECT id, name, key, role, team, note FROM person ORDER BY id"),
        "feedback": db_rows(path, "SELECT id, person_id, text FROM feedback ORDER BY id"),
        "contact": db_rows(path, "SELECT id, person_id, met_on, kind, text FROM contact ORDER BY id"),
        "ask": db_rows(path, "SELECT id, person_id, asked_on, about, status FROM ask ORDER BY id"),
    }


MERGED = "Merged R. Mehta into Raj Mehta (moved 1 feedback, 1 contact and 1 ask); kept role manager, not mentor"


async def open_person_form(app: JournalApp, pilot: Pilot[Any], name: str) -> None:
    await pilot.press("4")
    await settle(pilot)
    pane = people_pane(app)
    pane.table.move_cursor(row=next(i for i, p in enumerate(pane.people.values()) if p.name == name))
    await settle(pilot)
    await pilot.press("e")
    await pilot.pause()
    assert isinstance(app.screen, FormScreen) and app.screen.query_one("#name", Input).value == name


async def test_merging_in_the_app_keeps_what_the_cli_keeps_and_says_who_merges_into_whom(
    tmp_path: Path, cli: Cli
) -> None:
    by_cli, by_app = two_people(tmp_path / "cli.db"), two_people(tmp_path / "app.db")
    assert cli("--db", str(by_cli), "person", "rename", "R. Mehta", "Raj Mehta").strip() == MERGED

    app = make_app(by_app, today=TODAY)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        said = notifications(app)
        await settle(pilot)
        await open_person_form(app, pilot, "R. Mehta")
        app.screen.query_one("#name", Input).value = "Raj Mehta"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)  # a merge cannot be undone: asked first, naming both
        question = (
            "Merge R. Mehta into Raj Mehta? Their 1 feedback, 1 contact and 1 ask move to Raj Mehta; "
            "Raj Mehta keeps role manager (not mentor); both notes are kept."
        )
        assert app.screen.question == question and "Merge R. Mehta into Raj Mehta?" in flat(app)
        assert len(merged_rows(by_app)["person"]) == 2  # nothing is written before the answer
        await pilot.press("y")
        await settle(pilot)
        assert said == [f"{MERGED}."] and "Merged R. Mehta into Raj Mehta" in flat(app)
        assert [p.name for p in people_pane(app).people.values()] == ["Raj Mehta"]

    assert merged_rows(by_app) == merged_rows(by_cli)
    assert merged_rows(by_app)["person"] == [
        (2, "Raj Mehta", "raj mehta", "manager", "Infra", "Skip-level in 2025 · Met at the offsite")
    ]
    assert {r[1] for table in ("feedback", "contact", "ask") for r in merged_rows(by_app)[table]} == {2}


async def test_declining_the_merge_goes_back_to_the_form_and_changes_nothing(tmp_path: Path) -> None:
    path = two_people(tmp_path / "j.db")
    before = merged_rows(path)
    app = make_app(path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_person_form(app, pilot, "R. Mehta")
        app.screen.query_one("#name", Input).value = "Raj Mehta"
        app.screen.query_one("#team", Input).value = "Payments"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)  # what was typed is still there
        assert app.screen.query_one("#name", Input).value == "Raj Mehta"
        assert app.screen.query_one("#team", Input).value == "Payments"
    assert merged_rows(path) == before


def test_a_merge_whose_notes_would_not_fit_is_refused_in_one_line(cli: Cli, db_path: Path) -> None:
    cli("person", "set", "Ana", "--note", "a" * 6_000)
    cli("person", "set", "Ana Silva", "--note", "b" * 6_000)
    before = merged_rows(db_path)
    cli("person", "rename", "Ana", "Ana Silva", code=1)
    assert cli.err.count("\n") == 1 and "shorten one first" in cli.err and "Traceback" not in cli.err
    assert merged_rows(db_path) == before


def test_the_same_note_is_kept_once_and_a_blank_field_is_filled(cli: Cli, db_path: Path) -> None:
    cli("person", "set", "Ana", "--team", "Infra", "--note", "Mentor from the guild")
    cli("person", "set", "Ana Silva", "--role", "peer", "--note", "mentor from the guild")
    assert cli("person", "rename", "Ana", "ana silva").strip() == "Merged Ana into Ana Silva"
    assert db_rows(db_path, "SELECT name, role, team, note FROM person") == [
        ("Ana Silva", "peer", "Infra", "mentor from the guild")
    ]


# --- undo after another program took the deleted row's id -------------------------------------------------------------


async def test_undo_after_the_id_was_reused_names_the_new_id_and_selects_it(tmp_path: Path, cli: Cli) -> None:
    path = tmp_path / "j.db"
    store = Store(path)
    store.add_entry(text="Older win", occurred_on=D(2026, 11, 20))
    store.add_entry(text="Old win", occurred_on=D(2026, 11, 21))
    store.add_entry(text="Shipped the [b]ledger[/b]", occurred_on=TODAY, skills=["sql"])
    store.close()
    app = make_app(path, today=TODAY)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        said = notifications(app)
        await settle(pilot)
        assert journal_pane(app).cursor_id == 3
        await pilot.press("d", "y")
        await settle(pilot)
        assert db_rows(path, "SELECT count(*) FROM entry WHERE id = 3") == [(0,)]
        # meanwhile `journal add` in another shell: the highest id is free again, and SQLite gives it out
        cli("--db", str(path), "add", "From the other shell", "-d", "2026-11-22")  # (its output goes to the app)
        assert db_rows(path, "SELECT id, text FROM entry WHERE id = 3") == [(3, "From the other shell")]
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        restored = (
            "Restored entry 4 (2026-11-23: Shipped the [b]ledger[/b]) under a new id: "
            "3 was given to a new entry meanwhile."
        )
        assert said[-1] == restored and "Restored entry 4 (2026-11-23: Shipped the [b]ledger[/b])" in flat(app)
        assert not any("Restored entry 3" in m for m in said)
        assert journal_pane(app).cursor_id == 4  # the cursor is on the row that came back
        assert "Shipped the [b]ledger[/b]" in journal_pane(app).rows[4].title
    assert db_rows(path, "SELECT id, text FROM entry ORDER BY id") == [
        (1, "Older win"),
        (2, "Old win"),
        (3, "From the other shell"),
        (4, "Shipped the [b]ledger[/b]"),
    ]
    assert db_rows(
        path, "SELECT s.name FROM entry_skill es JOIN skill s ON s.id = es.skill_id WHERE es.entry_id = 4"
    ) == [("sql",)]


async def test_undo_on_a_busy_journal_can_be_tried_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from journal_tui.data import db

    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 100)
    path = tmp_path / "j.db"
    store = Store(path)
    store.add_entry(text="A win", occurred_on=TODAY)
    store.close()
    app = make_app(path, today=TODAY)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        said = notifications(app)
        await settle(pilot)
        await pilot.press("d", "y")
        await settle(pilot)
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
        await pilot.press("u")
        await settle(pilot)
        assert "busy in another program" in said[-1]
        other.execute("ROLLBACK")
        other.close()
        await pilot.press("u")
        await settle(pilot)
        assert said[-1] == "Restored entry 1 (2026-11-23: A win)."
    assert db_rows(path, "SELECT id, text FROM entry") == [(1, "A win")]
