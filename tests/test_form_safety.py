"""Issue 23, the app's forms: typed text is never thrown away without asking, whatever another program does.

A form reopened after a failed save (a busy journal, a refused value, a conflict) still asks before escape
discards what was typed; an edit whose row another program deleted meanwhile (or deleted and gave its id to a
new row) offers to save the text as a new row, or goes back to it.  The real app through the Pilot, a real
journal file, and the other program for real: the `journal` command's `main()` on its own connection, or a
separate sqlite3 connection.
"""

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from conftest import TODAY, Cli, db_rows
from panes import cursor_id
from textual.pilot import Pilot
from textual.widgets import Input, Label, TextArea

from journal_tui.data import db
from journal_tui.data.store import Store
from journal_tui.tui.app import JournalApp, make_app
from journal_tui.tui.screens.dialogs import ConflictScreen, DeletedElsewhereScreen
from journal_tui.tui.screens.form import ConfirmDiscard, FormScreen
from journal_tui.tui.testing import settle

SIZE = (140, 40)

pytestmark = pytest.mark.usefixtures("no_cursor_blink")


def one_entry(path: Path, text: str = "Shipped the ledger") -> Path:
    store = Store(path)
    try:
        store.add_entry(text=text, occurred_on=TODAY, project="billing", skills=["sql"])
    finally:
        store.close()
    return path


def form_error(app: JournalApp) -> str:
    return str(app.screen.query_one("#form-error", Label).render())


async def escape_asks_then_keeps_the_text(app: JournalApp, pilot: Pilot[Any], field: str, typed: str) -> None:
    """escape on the form asks; n keeps editing, with the text as typed."""
    await pilot.press("escape")
    await pilot.pause()
    assert isinstance(app.screen, ConfirmDiscard), "escape threw the typed text away without asking"
    await pilot.press("n")
    await pilot.pause()
    assert isinstance(app.screen, FormScreen)
    widget = app.screen.query_one(f"#{field}")
    assert (widget.text if isinstance(widget, TextArea) else widget.value) == typed


# --- a form reopened after a failed save ------------------------------------------------------------------------------


async def test_a_new_entry_reopened_after_a_busy_journal_asks_before_discarding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 100)
    path = one_entry(tmp_path / "j.db")
    app = make_app(path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"Wrote the incident review")
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another program holds the write lock longer than the busy timeout
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen) and "busy in another program" in form_error(app)
        other.execute("ROLLBACK")
        other.close()
        await escape_asks_then_keeps_the_text(app, pilot, "text", "Wrote the incident review")
        await pilot.press("ctrl+s")  # the journal is free now: the same text is saved
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen)
    assert db_rows(path, "SELECT id, text FROM entry ORDER BY id") == [
        (1, "Shipped the ledger"),
        (2, "Wrote the incident review"),
    ]


async def test_an_edit_reopened_after_a_refused_value_asks_before_discarding_and_not_when_put_back(
    tmp_path: Path,
) -> None:
    """The baseline is what the row holds: the typed text is a change; typing the saved text back is none."""
    path = one_entry(tmp_path / "j.db")
    store = Store(path)
    store.add_feedback(text="Clear RFC", person="Maria Lopez", received_on=TODAY)
    store.close()
    app = make_app(path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one("#about", Input).value = "99"  # the store refuses it: there is no entry 99
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen) and "there is no entry with id 99" in form_error(app)
        await escape_asks_then_keeps_the_text(app, pilot, "about", "99")
        app.screen.query_one("#about", Input).value = ""  # as saved: nothing to lose
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, (FormScreen, ConfirmDiscard))
    assert db_rows(path, "SELECT text, entry_id FROM feedback") == [("Clear RFC", None)]


async def test_an_edit_reopened_from_the_conflict_question_asks_before_discarding(tmp_path: Path) -> None:
    path = one_entry(tmp_path / "j.db")
    app = make_app(path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("end", *" (mine)")
        other = sqlite3.connect(path)
        with other:  # `journal edit` in another shell
            other.execute("UPDATE entry SET text = 'Theirs', updated_at = '2026-11-23 10:00:00.000000' WHERE id = 1")
        other.close()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("c")  # back to my edit
        await settle(pilot)
        await escape_asks_then_keeps_the_text(app, pilot, "text", "Shipped the ledger (mine)")
    assert db_rows(path, "SELECT text FROM entry") == [("Theirs",)]


async def test_a_fresh_form_without_changes_closes_at_once(tmp_path: Path) -> None:
    """The People pane's new-person form starts on "(no role)": that is no change to ask about."""
    path = one_entry(tmp_path / "j.db")
    app = make_app(path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for pane in ("1", "4"):
            await pilot.press(pane)
            await settle(pilot)
            await pilot.press("n")
            await pilot.pause()
            assert isinstance(app.screen, FormScreen)
            await pilot.press("escape")
            await pilot.pause()
            assert not isinstance(app.screen, (FormScreen, ConfirmDiscard)), pane


# --- an edit form and a delete from another program -------------------------------------------------------------------


async def open_edit_and_type(app: JournalApp, pilot: Pilot[Any], pane: str, field: str, typed: str) -> int:
    await pilot.press(pane)
    await settle(pilot)
    row_id = cursor_id(app)
    assert row_id is not None
    await pilot.press("e")
    await settle(pilot)
    assert isinstance(app.screen, FormScreen)
    widget = app.screen.query_one(f"#{field}")
    if isinstance(widget, TextArea):
        widget.text = typed
    else:
        assert isinstance(widget, Input)
        widget.value = typed
    return row_id


def a_goal_and_feedback(path: Path) -> Path:
    one_entry(path)
    store = Store(path)
    try:
        store.add_goal(title="Lead the migration", measure="services", target=12, current=3)
        store.add_feedback(text="Clear RFC", person="Maria Lopez", received_on=TODAY, skills=["writing"])
    finally:
        store.close()
    return path


EDITS = [  # (pane key, table, field typed into, what "deleted elsewhere" then "saved as new" looks like in SQL)
    ("1", "entry", "text", "SELECT e.text, p.name FROM entry e LEFT JOIN project p ON p.id = e.project_id"),
    ("2", "goal", "title", "SELECT title, measure FROM goal"),
    ("3", "feedback", "text", "SELECT f.text, p.name FROM feedback f JOIN person p ON p.id = f.person_id"),
]


@pytest.mark.parametrize(("pane", "table", "field", "sql"), EDITS, ids=[e[1] for e in EDITS])
async def test_an_edit_of_a_row_deleted_elsewhere_saves_the_text_as_a_new_row(
    tmp_path: Path, pane: str, table: str, field: str, sql: str
) -> None:
    path = a_goal_and_feedback(tmp_path / "j.db")
    app = make_app(path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        row_id = await open_edit_and_type(app, pilot, pane, field, "My careful rewrite")
        other = sqlite3.connect(path)
        with other:  # another program deletes the row while the form is open
            other.execute("PRAGMA foreign_keys = ON")
            other.execute(f"DELETE FROM {table} WHERE id = ?", (row_id,))
        other.close()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DeletedElsewhereScreen)  # said, in one line; nothing saved, nothing lost
        assert app.screen.message == (
            f"{table.capitalize()} {row_id} was deleted by another program (the CLI?) "
            "while you were editing it; nothing was saved."
        )
        await pilot.press("s")
        await settle(pilot)
        assert not isinstance(app.screen, (FormScreen, DeletedElsewhereScreen))
    rows = db_rows(path, sql)
    assert len(rows) == 1 and rows[0][0] == "My careful rewrite"  # with the form's other fields
    assert rows[0][1] in ("billing", "services", "Maria Lopez")


async def test_an_edit_of_an_entry_removed_by_journal_rm_goes_back_to_the_form_with_the_text(
    tmp_path: Path, cli: Cli
) -> None:
    path = one_entry(tmp_path / "j.db")
    app = make_app(path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_edit_and_type(app, pilot, "1", "text", "My careful rewrite")
        cli("--db", str(path), "rm", "1", "--yes")  # `journal rm 1 --yes` in another shell
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DeletedElsewhereScreen)
        await pilot.press("c")  # back to the edit: the text as typed, the reason on the form
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        assert app.screen.query_one("#text", TextArea).text == "My careful rewrite"
        assert "Entry 1 was deleted by another program" in form_error(app)
        await escape_asks_then_keeps_the_text(app, pilot, "text", "My careful rewrite")
        await pilot.press("ctrl+s")  # saving again asks again, and s saves it as a new entry
        await settle(pilot)
        assert isinstance(app.screen, DeletedElsewhereScreen)
        await pilot.press("s")
        await settle(pilot)
    assert db_rows(path, "SELECT id, text FROM entry") == [(1, "My careful rewrite")]  # SQLite gave the free id


async def test_an_edit_whose_id_was_given_to_a_new_entry_never_overwrites_it(tmp_path: Path, cli: Cli) -> None:
    """`journal rm 2` then `journal add` (which gets id 2 again): saving the old form is not a conflict with
    "a change" to overwrite, it is a deleted row; the new entry stays as its author wrote it."""
    path = one_entry(tmp_path / "j.db", "Older win")
    store = Store(path)
    store.add_entry(text="Shipped the ledger", occurred_on=TODAY)
    store.close()
    app = make_app(path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert await open_edit_and_type(app, pilot, "1", "text", "My careful rewrite") == 2
        cli("--db", str(path), "rm", "2", "--yes")
        cli("--db", str(path), "add", "Someone else's win")
        assert db_rows(path, "SELECT id, text FROM entry WHERE id = 2") == [(2, "Someone else's win")]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DeletedElsewhereScreen)
        await pilot.press("s")
        await settle(pilot)
    assert db_rows(path, "SELECT id, text FROM entry ORDER BY id") == [
        (1, "Older win"),
        (2, "Someone else's win"),
        (3, "My careful rewrite"),
    ]
