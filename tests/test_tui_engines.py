"""The app on both engines: a SQLite file and a PostgreSQL database, through the real app and the Pilot.

Each test runs once per engine (`db_path` is a file, or a fresh server database's URL): the app opens the journal
and shows its rows, saves what the forms say, undoes a delete, filters free text alike, and shows within 2 s a row
another process added (SQLite's data_version, PostgreSQL's LISTEN/NOTIFY).  On a server: the password never shows,
a lost connection is reported once and the app recovers, a save that cannot reach the server keeps its form, and a
server out of reach at start is one line from `journal`.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import TODAY, db_rows, run_journal
from panes import journal_pane, row_ids
from textual.widgets import Label, TextArea

from journal_tui.tui.app import JournalApp, make_app
from journal_tui.tui.screens.form import FormScreen
from journal_tui.tui.testing import screen_text, settle

pytestmark = [pytest.mark.engines, pytest.mark.usefixtures("no_cursor_blink")]
SIZE = (140, 40)
PASSWORD = "hunter2-not-shown"  # the test server trusts local connections: a password in the URL is ignored


def titles(app: JournalApp) -> list[str]:
    pane = journal_pane(app)
    return [pane.rows[i].title for i in row_ids(pane.table)]


def status(app: JournalApp) -> str:
    return str(app.query_one("#filter-status", Label).render())


def with_password(url: str) -> str:
    return url.replace("postgresql://postgres@", f"postgresql://postgres:{PASSWORD}@", 1)


def collect_notes(app: JournalApp) -> list[str]:
    """Every notification the app gives (after its own masking), in order."""
    notes: list[str] = []
    shown = app.notify

    def notify(message: str, **kw: Any) -> None:
        shown(message, **kw)
        notes.append(message)

    app.notify = notify  # type: ignore[method-assign]  # this app's own: it records what the app says
    return notes


class Admin:
    """The server as its administrator sees it: ends the app's connections, closes a database to newcomers."""

    def __init__(self, url: str) -> None:
        import psycopg

        self.name = url.split("?", 1)[0].rsplit("/", 1)[1]
        self.conn = psycopg.connect(url.replace(f"/{self.name}?", "/postgres?", 1), autocommit=True)

    def kill_app_connections(self) -> int:
        """Only this test's database: other runs share the server."""
        rows = self.conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE application_name = 'journal_tui' AND datname = %s",
            (self.name,),
        ).fetchall()
        return len(rows)

    def allow_connections(self, allowed: bool) -> None:
        self.conn.execute(f"ALTER DATABASE {self.name} ALLOW_CONNECTIONS {'true' if allowed else 'false'}")

    def close(self) -> None:
        self.allow_connections(True)
        self.conn.close()


@pytest.fixture
def admin(db_path: Path | str, engine: str) -> Any:
    if engine != "postgresql":
        pytest.skip("a server's connections: SQLite has none to end")
    server = Admin(str(db_path))
    yield server
    server.close()


async def test_the_app_opens_the_journal_shows_rows_and_saves_edits_deletes_and_undo(engine_demo: Path | str) -> None:
    journal = engine_demo
    app = make_app(journal, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert status(app) == "20 entries · 4 goals · 8 feedback"
        assert titles(app)[0] == "Paired with Priya on the ledger reconciliation job"
        await pilot.press("n", *"Shipped the audit log +compliance #security", "ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen)
        added = db_rows(journal, "SELECT id FROM entry WHERE text = ?", "Shipped the audit log")
        assert len(added) == 1 and "Shipped the audit log" in titles(app)
        entry_id = int(added[0][0])
        app.pane("journal").table.move_cursor(row=titles(app).index("Shipped the audit log"), animate=False)
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert app.screen.query_one("#text", TextArea).text == "Shipped the audit log"
        await pilot.press("end", *" (and its alerts)", "ctrl+s")
        await settle(pilot)
        assert db_rows(journal, "SELECT text FROM entry WHERE id = ?", entry_id) == [
            ("Shipped the audit log (and its alerts)",)
        ]
        await pilot.press("d", "y")
        await settle(pilot)
        assert db_rows(journal, "SELECT count(*) FROM entry WHERE id = ?", entry_id) == [(0,)]
        assert status(app).startswith("20 entries")
        await pilot.press("u")
        await settle(pilot)
        assert db_rows(journal, "SELECT text FROM entry WHERE id = ?", entry_id) == [
            ("Shipped the audit log (and its alerts)",)
        ]
        assert status(app).startswith("21 entries") and "Shipped the audit log (and its alerts)" in titles(app)
        await pilot.press("n", *"Written after the undo", "ctrl+s")  # the id sequence moved past the restored id
        await settle(pilot)
        assert db_rows(journal, "SELECT count(*) FROM entry") == [(22,)]


async def test_the_edit_conflict_check_and_its_save_are_one_transaction(
    engine_demo: Path | str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A writer that comes between the check and the save waits for the save, then commits after it: the check
    still holds when the save commits, and nothing is overwritten unseen (the row ends with the later text)."""
    from journal_tui.data.store import Store

    journal = engine_demo
    save = Store.update_entry
    race: dict[str, Any] = {}

    def checked_then_raced(self: Store, entry_id: int, **fields: Any) -> None:
        theirs = {**fields, "text": "Theirs, after"}  # `journal edit` in another shell, meanwhile
        other = threading.Thread(target=lambda: save(Store(journal), entry_id, **theirs))
        other.start()
        other.join(0.5)
        race.update(thread=other, waited=other.is_alive())
        save(self, entry_id, **fields)

    monkeypatch.setattr(Store, "update_entry", checked_then_raced)
    app = make_app(journal, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        entry_id = app.pane("journal").selected_id
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("end", *" (mine)", "ctrl+s")
        await settle(pilot)
        race["thread"].join(10)
        assert race["waited"], "another writer committed between the edit's check and its save"
        assert db_rows(journal, "SELECT text FROM entry WHERE id = ?", entry_id) == [("Theirs, after",)]


FREE_TEXT = {  # the filter bar's free text: prefixes, phrases and NOT give the same rows on both engines
    "shipp": [
        "Shipped the dunning email redesign with the growth team",
        "Shipped self-serve refunds to 100% of merchants",
    ],
    "shipp -refunds": ["Shipped the dunning email redesign with the growth team"],
    '"payments gateway"': [
        "Led the payments gateway load test before peak season",
        "Wrote the on-call runbook for the payments gateway",
    ],
    '"gateway payments"': [],
}


@pytest.mark.slow  # a corpus of queries typed key by key, on both engines
async def test_free_text_in_the_filter_bar_finds_the_same_rows_on_both_engines(engine_demo: Path | str) -> None:
    app = make_app(engine_demo, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for query, expected in FREE_TEXT.items():
            await pilot.press("slash", *query)
            await settle(pilot)
            assert titles(app) == expected, query
            await pilot.press("escape", "escape")  # leave the bar, clear the filter
            await settle(pilot)
            assert len(titles(app)) == 20


async def test_a_row_added_by_another_process_shows_within_two_seconds(
    db_path: Path | str, engine_demo: Path | str
) -> None:
    """Nothing but the app's own timer: SQLite's data_version, or the server's NOTIFY, tells it.  The app learns of
    the change within 2 s (a look every half second); the rows follow with one read, which on this shared test
    machine may take long under load, so it is waited for without a clock."""
    app = make_app(engine_demo, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for text in ("Added on another machine", "And another one"):
            added = run_journal("add", text, env={"JOURNAL_DB": str(db_path)})
            assert added.returncode == 0, added.stderr
            revision, start = app.revision, time.monotonic()
            while app.revision == revision and time.monotonic() - start < 10:
                await pilot.pause(0.02)
            assert time.monotonic() - start < 2.0
            await settle(pilot)
            assert titles(app)[0] == text


async def test_on_a_server_the_password_never_shows_and_a_lost_connection_is_reported_once_then_recovered(
    admin: Admin, engine_demo: Path | str, caplog: pytest.LogCaptureFixture
) -> None:
    journal = with_password(str(engine_demo))
    app = make_app(journal, today=TODAY)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        notes = collect_notes(app)
        await settle(pilot)
        assert status(app).startswith("20 entries")
        assert "postgres:***@" in app.sub_title and PASSWORD not in app.sub_title + app.title
        assert admin.kill_app_connections() >= 1  # the watcher's: the readers' are short-lived
        added = run_journal("add", "Written while the app was cut off", env={"JOURNAL_DB": journal})
        assert added.returncode == 0, added.stderr  # its NOTIFY reached no one: the app must reload on return
        start = time.monotonic()
        while "Written while the app was cut off" not in titles(app) and time.monotonic() - start < 6:
            await pilot.pause(0.05)
        assert "Written while the app was cut off" in titles(app)
        for _ in range(3):  # later looks are quiet: nothing more to report
            app.refresh_if_changed()
            await settle(pilot)
        lost = [n for n in notes if "lost touch with the journal" in n]
        assert len(lost) == 1, notes
        assert "Back in touch with the journal; reloaded." in notes
        shown = screen_text(app)
    said = "\n".join([*notes, shown, app.sub_title, *(r.getMessage() for r in caplog.records)])
    assert PASSWORD not in said


async def test_a_save_that_cannot_reach_the_server_keeps_its_form_and_says_so(
    admin: Admin, engine_demo: Path | str
) -> None:
    journal = str(engine_demo)
    app = make_app(journal, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        notes = collect_notes(app)
        await settle(pilot)
        await pilot.press("n", *"Typed while the server was away")
        admin.allow_connections(False)
        admin.kill_app_connections()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        assert app.screen.query_one("#text", TextArea).text == "Typed while the server was away"
        error = str(app.screen.query_one("#form-error", Label).render())
        assert "cannot reach the journal server" in error, error
        assert any("cannot reach the journal server" in n for n in notes), notes
        admin.allow_connections(True)
        await pilot.press("ctrl+s")  # the same form, once the server is back
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen)
        assert db_rows(journal, "SELECT count(*) FROM entry WHERE text = ?", "Typed while the server was away") == [
            (1,)
        ]


def test_the_watcher_reports_a_refusing_server_once_keeps_trying_and_says_changed_once_back(
    db_path: Path | str, admin: Admin
) -> None:
    from journal_tui.data import db
    from journal_tui.data.watch import ChangeWatcher, WatchLost

    watcher = ChangeWatcher(str(db_path))
    try:
        assert watcher.changed() is False
        admin.allow_connections(False)
        admin.kill_app_connections()
        raised = 0
        for _ in range(40):  # the server's goodbye arrives within a few looks; then reconnects are refused
            try:
                assert watcher.changed() is False
            except WatchLost as exc:
                raised += 1
                assert "lost touch with the journal" in str(exc)
            time.sleep(0.02)
        assert raised == 1 and watcher.failing
        admin.allow_connections(True)
        assert watcher.changed() is True  # back: what happened meanwhile was not heard
        assert watcher.changed() is False
        with db.writing(str(db_path)) as conn:
            db.insert_entry(conn, text="Heard again", occurred_on=TODAY)
        deadline = time.monotonic() + 2
        while not watcher.changed():
            assert time.monotonic() < deadline
            time.sleep(0.02)
    finally:
        watcher.close()


def test_journal_with_a_server_out_of_reach_is_one_line_and_no_app(tmp_path: Path) -> None:
    """No traceback, no half-drawn screen, no password: `journal` says why and exits."""
    url = f"postgresql://someone:{PASSWORD}@/journal?host={tmp_path}&port=1"
    for argv, env in ((["--db", url], {}), ([], {"JOURNAL_DB": url})):
        result = run_journal(*argv, env=env)
        assert result.returncode == 1
        assert result.stdout == ""  # no terminal set-up: nothing was drawn
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and "cannot reach the journal server" in lines[0], result.stderr
        assert "someone:***@" in lines[0] and PASSWORD not in result.stderr and "Traceback" not in result.stderr
