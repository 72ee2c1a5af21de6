"""The app's start: the first rows come with the first frame, the collector waits for them, no count is lost."""

import asyncio
import datetime as dt
import gc
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import TODAY
from panes import journal_pane

from journal_tui.tui.app import make_app
from journal_tui.tui.startup import YOUNG_GENERATION
from journal_tui.tui.testing import settle
from journal_tui.tui.widgets.list_pane import Pane
from journal_tui.tui.widgets.table import ListTable

SIZE = (120, 36)

pytestmark = pytest.mark.usefixtures("no_cursor_blink")


async def test_the_first_frame_has_the_first_rows(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first time the list is drawn it already holds rows (a worker's page used to arrive a frame later),
    and only that first page skips the worker: a reload afterwards is read in one."""
    counts_when_drawn: list[int] = []
    real = ListTable.render_lines

    def spy(self: ListTable, crop: Any) -> Any:
        counts_when_drawn.append(self.row_count)
        return real(self, crop)

    monkeypatch.setattr(ListTable, "render_lines", spy)
    fetched: list[str] = []

    def hook(message: Any) -> None:
        if isinstance(message, Pane._Fetched):
            fetched.append(type(message).__name__)

    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        await settle(pilot)
        assert counts_when_drawn and counts_when_drawn[0] == 20  # the demo journal's 20 entries, in the first frame
        assert fetched == []  # no worker brought them
        app.revision += 1
        await settle(pilot)
        assert fetched  # later loads go through the worker
        assert app.pane("journal").table.row_count == 20


async def test_a_failing_first_page_goes_to_the_worker_which_reports_it(
    demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from journal_tui.data.reader import Reader
    from journal_tui.tui.testing import screen_text

    def broken(self: Reader, *args: Any, **kwargs: Any) -> Any:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(Reader, "list_entries", broken)
    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        assert "disk I/O error" in screen_text(app)  # reported once, by the worker; the app runs on
        assert app.pane("journal").table.row_count == 0


async def test_the_collector_paused_for_the_start_resumes_with_the_first_rows(demo_db: Path) -> None:
    """`journal` pauses the cyclic collector before importing Textual; the first rows resume it (and freeze what
    start-up made, so the first collections do not walk it)."""
    thresholds = gc.get_threshold()
    gc.disable()
    try:
        app = make_app(demo_db, today=TODAY)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert gc.isenabled()
            assert gc.get_freeze_count() > 10_000
            assert gc.get_threshold() == (YOUNG_GENERATION, *thresholds[1:])
    finally:
        gc.set_threshold(*thresholds)
        gc.enable()


def test_journal_pauses_the_collector_before_it_imports_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    import journal_tui.tui.app as app_module
    from journal_tui.cli import main

    seen: list[bool] = []

    def run_app(*args: Any, **kwargs: Any) -> int:
        seen.append(gc.isenabled())
        return 0

    monkeypatch.setattr(app_module, "run_app", run_app)
    try:
        assert main([]) == 0
    finally:
        gc.enable()
    assert seen == [False]


@pytest.mark.parametrize(("given", "expected"), [(None, 120), ("30", 30)])
def test_journal_runs_textual_at_120_frames_unless_told(tmp_path: Path, given: str | None, expected: int) -> None:
    """`journal` sets TEXTUAL_FPS before Textual is imported (the rows of a keystroke wait less for the frame
    clock); a value the user set is kept."""
    code = (
        "import sys, types\n"
        "fake = types.ModuleType('journal_tui.tui.app')\n"
        "def run_app(*args, **kwargs):\n"
        "    import textual.constants\n"
        "    print(textual.constants.MAX_FPS)\n"
        "    return 0\n"
        "fake.run_app = run_app\n"
        "sys.modules['journal_tui.tui.app'] = fake\n"
        "from journal_tui.cli import main\n"
        "sys.exit(main([]))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "TEXTUAL_FPS"}
    env["JOURNAL_DB"] = str(tmp_path / "journal.db")
    if given is not None:
        env["TEXTUAL_FPS"] = given
    r = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60, check=False)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == str(expected)


async def test_a_hidden_pane_reloaded_after_the_shown_pane_has_its_rows_still_counts(demo_db: Path) -> None:
    """Panes reload in their own turns: when a hidden pane's reload comes after the shown pane's rows (whose
    arrival asks the hidden panes to count), it counts by itself rather than wait for a request already made."""
    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        goals = app.pane("goals")
        before = goals.count
        assert isinstance(before, int)
        conn = sqlite3.connect(demo_db)
        with conn:
            conn.execute(
                "INSERT INTO goal (title, status, created_at, updated_at) "
                "VALUES ('Run the design review', 'active', '2026-11-23T09:00:00', '2026-11-23T09:00:00')"
            )
        conn.close()
        goals._reload_now()  # its turn comes after the shown pane's Loaded: nobody asks again
        await settle(pilot)
        assert goals.count == before + 1


async def test_row_keys_light_up_when_a_pane_s_rows_arrive_after_its_footer(
    demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Shown before its rows, a pane's footer dims e/d (no row to act on); the rows' arrival lights them up."""
    import threading

    from journal_tui.tui.widgets.feedback_pane import FeedbackPane

    release = threading.Event()
    real = FeedbackPane.fetch

    def slow(self: FeedbackPane, *args: Any, **kwargs: Any) -> Any:
        release.wait(10)  # the footer is drawn for the new pane first
        return real(self, *args, **kwargs)

    monkeypatch.setattr(FeedbackPane, "fetch", slow)

    def edit_key(app: Any) -> Any:
        """The footer's `e` key, found by its widget type's name (Textual does not export FooterKey)."""
        return next(k for k in app.screen.query("FooterKey") if getattr(k, "action", None) == "edit")

    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3")
        for _ in range(50):
            await pilot.pause(0.02)
        assert edit_key(app).has_class("-disabled")  # no feedback row yet: dimmed
        release.set()
        await settle(pilot)
        assert app.pane("feedback").table.row_count > 0
        assert not edit_key(app).has_class("-disabled")


@pytest.mark.slow  # every key, at two sizes
@pytest.mark.parametrize("size", [(80, 24), (160, 45)], ids=["80x24", "160x45"])
async def test_every_move_key_on_an_empty_journal_keeps_the_app_running(tmp_path: Path, size: tuple[int, int]) -> None:
    """pagedown on an empty table made Textual report row -1 with no key, and the app crashed with a traceback."""
    app = make_app(tmp_path / "new.db", today=TODAY)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for pane in ("1", "2", "3", "4"):
            await pilot.press(pane)
            await settle(pilot)
            for key in ("pagedown", "pageup", "end", "home", "ctrl+end", "down", "up", "enter", "tab", "pagedown"):
                await pilot.press(key)
                await settle(pilot)
            assert app.is_running, (pane, key)
        await pilot.press("1")
        await settle(pilot)
        assert app.pane("journal").table.row_count == 0 and app.pane("journal").selected_id is None


async def test_enter_reads_a_row_in_full_where_the_detail_is_hidden(demo_db: Path) -> None:
    """At 80 columns the detail beside the list is hidden: enter shows it in the list's place, escape goes back
    (to the same row, filter kept); at a wide size enter changes nothing, the detail is already beside the list."""
    from journal_tui.tui.testing import screen_text

    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        pane = journal_pane(app)
        await pilot.press("down", "down")
        await settle(pilot)
        row = pane.selected_id
        assert "validated 3x peak traffic" not in screen_text(app)  # the impact is in the detail only
        await pilot.press("enter")
        await settle(pilot)
        assert pane.reading and not pane.query_one(".pane-list").display  # the list makes way for the detail
        assert "validated 3x peak traffic" in screen_text(app)
        assert app.focused is pane.query_one(".pane-detail")
        await pilot.press("escape")
        await settle(pilot)
        assert not pane.reading and app.focused is pane.table and pane.selected_id == row
        assert "validated 3x peak traffic" not in screen_text(app)
    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        pane = journal_pane(app)
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        assert not pane.reading and app.focused is pane.table
        assert "validated 3x peak traffic" in screen_text(app)


async def test_a_megabyte_pasted_into_the_filter_bar_is_cut_and_refused_in_one_line(demo_db: Path) -> None:
    """Textual's Input measured the whole 1 MB value on every frame (seconds); the bar holds 1,000 characters, says
    the paste was cut, and the parser refuses the over-long word; the list keeps its rows, the markup stays text."""
    from textual import events
    from textual.widgets import Input, Label

    from journal_tui.tui.testing import screen_text
    from journal_tui.tui.widgets.filter_bar import FILTER_LIMIT

    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        bar = app.query_one("#filter-input", Input)
        bar.post_message(events.Paste("[@click=app.quit]" + "y" * 1_000_000 + "\nsecond line"))
        await settle(pilot)
        assert len(bar.value) == FILTER_LIMIT and bar.value.startswith("[@click=app.quit]yyy")
        assert "The filter bar holds 1,000 characters: the paste" in screen_text(app)  # the toast
        status = str(app.query_one("#filter-status", Label).render())
        assert status.startswith("a search term of 1,000 characters (column 1): the limit is 200")
        assert app.pane("journal").table.row_count == 20 and app.is_running
        await pilot.press("escape")  # clears the bar: back to everything
        await settle(pilot)
        assert bar.value == "" and app.pane("journal").table.row_count == 20


async def test_a_slash_typed_in_the_filter_bar_is_a_character(demo_db: Path) -> None:
    """`/` focuses the bar from anywhere, and inside it is typed like any other key (it was swallowed: dates like
    2026/11/02 and words like CI/CD could not be typed)."""
    from textual.widgets import Input

    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        keys = {"/": "slash", ":": "colon"}
        await pilot.press(
            "slash", *(keys.get(c, c) for c in "from:2026/11/02"), "space", "left_square_bracket", "slash", "x"
        )
        await settle(pilot)
        assert app.query_one("#filter-input", Input).value == "from:2026/11/02 [/x"
        await pilot.press("backspace", "backspace", "backspace", "backspace")
        await settle(pilot)
        assert app.flt.start == dt.date(2026, 11, 2)
        assert 0 < app.pane("journal").table.row_count < 20


async def test_the_app_closes_cleanly_the_moment_its_first_rows_show(demo_db: Path) -> None:
    """Leaving at once (a script, a user quick on `q`): the counts and the first-rows notice posted just before
    arrive while the screen is taken down, and must not raise there (a traceback on the way out)."""
    for _ in range(3):
        app = make_app(demo_db)  # today from the clock: the timing that raised (a fixed date hid it)
        async with app.run_test(size=SIZE):
            while not app.pane("journal").table.row_count:
                await asyncio.sleep(0.002)
        assert app.return_code in (None, 0)
