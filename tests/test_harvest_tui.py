"""The Inbox screen in the real app (Pilot): `i`, the header's count, accept, star, skip, edit then accept, and
the commits beside; snapshots at 80x24 and 160x45 on the demo journal with a harvested repository."""

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from conftest import DemoCopy
from gitrepos import Repo, isolated_git, payments_api
from hostile import CORPUS
from textual.widgets import Input, TextArea

from journal_tui import harvest
from journal_tui.data.db import journal_file
from journal_tui.tui.app import make_app
from journal_tui.tui.screens.inbox import InboxScreen
from journal_tui.tui.testing import LARGE, SMALL, TODAY, screen_text, settle, stop_cursor_blink


@pytest.fixture(autouse=True)
def git_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in isolated_git(tmp_path).items():
        monkeypatch.setenv(name, value)


def harvest_into(journal: Path, *repos: Path) -> harvest.HarvestReport:
    return harvest.harvest(journal_file(journal), harvest.Request(paths=[str(r) for r in repos]), TODAY)


def rows(path: Path, sql: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


@pytest.fixture
def harvested(tmp_path: Path) -> tuple[Path, Repo]:
    """A journal with the README's example repository harvested: three suggestions wait."""
    journal = tmp_path / "journal.db"
    repo = payments_api(tmp_path / "src" / "payments-api")
    assert harvest_into(journal, repo.path).waiting == 3
    return journal, repo


async def test_the_inbox_screen_accepts_stars_skips_and_edits(
    harvested: tuple[Path, Repo], no_cursor_blink: None
) -> None:
    journal, repo = harvested
    app = make_app(journal, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert app.title == "journal · 3 suggestions from git (i)"
        await pilot.press("i")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InboxScreen) and screen.table.row_count == 3
        first = repo.git(
            "log", "--format=%h %s", "--author=ada@", "--since=2026-11-15", "--until=2026-11-17"
        ).splitlines()
        shown = screen_text(app)
        assert all(f"{line[:7]} " in shown for line in first)  # the commits beside the list
        assert "Add refund endpoint; Rounding in totals" in shown

        await pilot.press("asterisk", "a")  # star the first, then accept it
        await settle(pilot)
        assert rows(journal, "SELECT id, starred, text FROM entry") == [
            (1, 1, "Add refund endpoint; Rounding in totals")
        ]
        assert len(rows(journal, "SELECT hash FROM entry_commit WHERE entry_id = 1")) == 2
        assert screen.table.row_count == 2 and app.title == "journal · 2 suggestions from git (i)"

        await pilot.press("s")  # skip the merged branch
        await settle(pilot)
        assert rows(journal, "SELECT kind, status FROM suggestion ORDER BY id") == [
            ("day", "accepted"),
            ("merge", "skipped"),
            ("day", "pending"),
        ]

        await pilot.press("e")  # the entry form, filled from the last suggestion
        await settle(pilot)
        form = app.screen
        assert form.query_one("#text", TextArea).text == "Bump version to 1.4.0"
        assert form.query_one("#date", Input).value == "2026-11-20"
        assert form.query_one("#project", Input).value == "payments-api"
        form.query_one("#impact", Input).value = "release notes out a day early"
        form.query_one("#project", Input).value = "releases"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert rows(
            journal,
            "SELECT e.id, e.occurred_on, p.name, e.impact FROM entry e JOIN project p "
            "ON p.id = e.project_id WHERE e.id = 2",
        ) == [(2, "2026-11-20", "releases", "release notes out a day early")]
        assert screen.table.row_count == 0
        assert app.screen is screen
        assert "The inbox is empty." in screen_text(app) and app.title == "journal"

        await pilot.press("a")  # nothing left: a warning, nothing written
        await settle(pilot)
        assert rows(journal, "SELECT count(*) FROM entry") == [(2,)]
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, InboxScreen)


async def test_the_inbox_follows_a_harvest_made_in_another_shell(tmp_path: Path, no_cursor_blink: None) -> None:
    journal = tmp_path / "journal.db"
    journal_file(journal)  # an empty journal
    app = make_app(journal, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("slash", "i")  # in the filter bar, `i` is a letter
        await settle(pilot)
        assert not isinstance(app.screen, InboxScreen)
        await pilot.press("escape", "escape", "i")
        await settle(pilot)
        assert isinstance(app.screen, InboxScreen) and app.title == "journal"
        repo = payments_api(tmp_path / "src" / "payments-api")
        harvest_into(journal, repo.path)
        app.refresh_if_changed()  # what the app's two-second poll does
        await settle(pilot)
        assert isinstance(app.screen, InboxScreen)
        assert app.screen.table.row_count == 3 and app.title == "journal · 3 suggestions from git (i)"


async def test_markup_and_codes_in_commit_subjects_are_shown_literally(tmp_path: Path, no_cursor_blink: None) -> None:
    journal = tmp_path / "journal.db"
    repo = Repo(tmp_path / "src" / "api")
    repo.commit(CORPUS["markup_click"], "2026-11-20T10:00:00+00:00", files=["a.py"])
    repo.commit("[bold red]not bold[/] \x1b]0;PWNED\x07 done", "2026-11-20T11:00:00+00:00", files=["b.py"])
    harvest_into(journal, repo.path)
    app = make_app(journal, today=TODAY)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        shown = screen_text(app)
        assert "[@click=app.quit]Click me[/] then" in shown and "[@click=app.screenshot('/tmp/pwned.svg')]x[/]" in shown
        assert "[bold red]not bold[/] done" in shown and "PWNED" not in shown
        await pilot.press("a")
        await settle(pilot)
        assert app.is_running and rows(journal, "SELECT count(*) FROM entry") == [(1,)]


@pytest.fixture
def snapshot_journal(tmp_path: Path, demo_copy: DemoCopy) -> Path:
    journal = demo_copy(tmp_path / "journal.db")
    harvest_into(journal, payments_api(tmp_path / "src" / "payments-api").path)
    return journal


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=lambda s: f"{s[0]}x{s[1]}")
def test_inbox_snapshot(
    snap_compare: Any, snapshot_journal: Path, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    from textual.widgets import Input, TextArea

    monkeypatch.setattr(Input, "cursor_blink", False)
    monkeypatch.setattr(TextArea, "cursor_blink", False)
    stop_cursor_blink()

    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        for key in ("i", "down", "asterisk"):
            await pilot.press(key)
            await settle(pilot)

    assert snap_compare(make_app(snapshot_journal, today=TODAY), terminal_size=size, run_before=run_before)


def test_the_header_title_says_how_many_suggestions_wait() -> None:
    from journal_tui.tui.app import inbox_title

    assert inbox_title("journal", 0) == "journal"
    assert inbox_title("journal", 1) == "journal · 1 suggestion from git (i)"
    assert inbox_title("journal", 1200) == "journal · 1,200 suggestions from git (i)"
