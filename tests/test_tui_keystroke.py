"""One filter keystroke, in order: the page's rows on screen first, the count after them; the detail once, after
typing."""

import datetime as dt
import threading
from pathlib import Path
from typing import Any

import pytest
from conftest import TODAY
from panes import journal_pane
from textual.widgets import Label

from journal_tui.data.reader import Reader
from journal_tui.tui.app import JournalApp, make_app
from journal_tui.tui.testing import settle
from journal_tui.tui.widgets.detail import MarkdownSlot
from journal_tui.tui.widgets.filter_bar import FilterBar

SIZE = (140, 40)

pytestmark = pytest.mark.usefixtures("no_cursor_blink")


def status(app: JournalApp) -> str:
    return str(app.query_one("#filter-status", Label).render())


async def test_rows_show_before_their_count_is_taken(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The count is a second query, after the rows are on screen: a slow count no longer holds the rows back."""
    from journal_tui.tui.widgets import list_pane

    monkeypatch.setattr(list_pane, "PAGE_SIZE", 4)  # a full first page: the pane counts
    release, counting = threading.Event(), threading.Event()
    real = Reader.count_entries

    def slow_count(self: Reader, *args: Any, **kwargs: Any) -> Any:
        if release.is_set():
            return real(self, *args, **kwargs)
        counting.set()
        release.wait(10)
        return real(self, *args, **kwargs)

    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        release.set()
        await settle(pilot)
        release.clear()
        monkeypatch.setattr(Reader, "count_entries", slow_count)
        app.query_one(FilterBar).set_query("project:billing")
        pane = journal_pane(app)
        try:
            for _ in range(500):
                await pilot.pause(0.01)
                if counting.is_set() and status(app).startswith("… entries"):
                    break
            assert counting.is_set() and status(app).startswith("… entries"), status(app)
            # the rows of the new filter are on screen while their count runs
            assert pane.table.row_count >= 4  # (and the next pages, fetched ahead as ever)
            assert all(pane.rows[int(k)].project == "billing" for k in pane.table.row_keys)
        finally:
            release.set()
        await settle(pilot)
        assert status(app).startswith("8 entries"), status(app)


async def test_typing_draws_the_detail_once_after_the_last_key(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A Markdown detail per keystroke cost the UI thread tens of milliseconds each: while the filter is typed it
    waits for a pause, and the table's own re-highlight of the first row does not read it a second time."""
    read: list[int] = []
    real = Reader.entry_detail

    def counted(self: Reader, entry_id: int) -> Any:
        read.append(entry_id)
        return real(self, entry_id)

    from journal_tui.tui.widgets import list_pane

    monkeypatch.setattr(Reader, "entry_detail", counted)
    monkeypatch.setattr(list_pane, "DETAIL_DELAY", 2.0)  # longer than six key presses take on a loaded machine
    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert len(read) == 1  # the first row's detail, read once
        read.clear()
        await pilot.press("slash", *"ledger")
        await settle(pilot)
        pane = journal_pane(app)
        first = pane.cursor_id
        assert first is not None and "ledger" in pane.rows[first].title.lower()
        assert read == [first], read  # six keys, six reloads: one detail, the last one's first row
        from journal_tui.query import parse_query

        flt, reader = parse_query("ledger", today=TODAY), Reader(demo_db)
        counts = (reader.count_entries(flt), reader.count_goals(flt), reader.count_feedback(flt))
        # the hidden panes counted too, after the pause
        assert status(app) == "{} entries · {} goals · {} feedback".format(*counts), status(app)
        slot = pane.query_one(MarkdownSlot)
        assert slot.markdown is not None and "ledger" in slot.markdown.source.lower()
        read.clear()
        await pilot.press("enter", "down")  # moving in the list reads the detail at once, as ever
        await settle(pilot)
        assert read == [pane.cursor_id] and pane.cursor_id != first


async def test_after_loading_the_app_keeps_its_objects_out_of_full_collections(demo_db: Path) -> None:
    """A full cyclic collection walked ~170k long-lived objects (90-100 ms on the UI thread, at a random key)."""
    import gc

    gc.unfreeze()
    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.ctx.store is not None  # both loads (the Store, the preloaded modules) are done
        assert gc.get_freeze_count() > 50_000, gc.get_freeze_count()


async def test_the_status_label_only_grows_while_the_filter_is_typed(demo_db: Path) -> None:
    """Each new count would lay the whole screen out again if the label fitted its text: it keeps its widest
    width while the bar is in use, and fits its text again when the keyboard leaves the bar."""
    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        label = app.query_one("#filter-status", Label)
        wide = label.size.width
        await pilot.press("slash", *"zzzz")  # nothing matches: shorter counts
        await settle(pilot)
        assert status(app).startswith("0 entries"), status(app)
        assert label.size.width == wide
        await pilot.press("enter")
        await settle(pilot)
        assert label.size.width < wide
        assert status(app).startswith("0 entries")


def _alpha_beta_journal(path: Path, n: int = 50) -> Path:
    """`n` entries "alpha i" and `n` entries "beta i", a day apart and alternating (newest first: alpha 0, beta
    0...)."""
    import sqlite3

    from journal_tui.data.store import Store

    Store(path).close()
    stamp = "2026-01-01 00:00:00.000000"
    rows = []
    for i in range(n):
        rows.append(((TODAY - dt.timedelta(days=2 * i)).isoformat(), f"alpha {i}", stamp, stamp))
        rows.append(((TODAY - dt.timedelta(days=2 * i + 1)).isoformat(), f"beta {i}", stamp, stamp))
    conn = sqlite3.connect(path)
    with conn:
        conn.executemany(
            "INSERT INTO entry (occurred_on, text, starred, created_at, updated_at) VALUES (?, ?, 0, ?, ?)", rows
        )
    conn.close()
    return path


@pytest.mark.slow  # every paint of a key counted
async def test_one_key_paints_its_rows_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A filter key that keeps the cursor on its entry, further down the new rows, showed the top of the new rows
    first and the rows around the cursor a frame later (the table scrolled to the cursor after a refresh): one key,
    one load, and every paint after it shows the same rows, with the cursor's row among them."""
    from journal_tui.tui.widgets.table import ListTable

    app = make_app(_alpha_beta_journal(tmp_path / "journal.db"), today=TODAY)
    loads: list[int] = []
    paints: list[tuple[str | None, bool]] = []
    real_set_rows, real_render = ListTable.set_rows, ListTable.render_lines

    def set_rows(self: ListTable, rows: Any) -> None:
        rows = list(rows)
        loads.append(len(rows))
        real_set_rows(self, rows)

    def render_lines(self: ListTable, crop: Any) -> Any:
        top = int(self.scroll_y)
        shown = self.scrollable_content_region.height - 1  # under the header
        first = self.row_keys[top] if top < self.row_count else None
        if loads:  # the rows of the key (before them, the old rows may be painted again: focus moves)
            paints.append((first, top <= self.cursor_row < top + shown))
        return real_render(self, crop)

    monkeypatch.setattr(ListTable, "set_rows", set_rows)
    monkeypatch.setattr(ListTable, "render_lines", render_lines)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_and_wait(pilot, "slash", *"alpha", "enter")
        pane = journal_pane(app)
        for _ in range(25):  # alpha 25: the 51st of all the rows, below the first screenful of them
            await pilot.press("down")
        await settle(pilot)
        assert pane.cursor_id is not None and pane.rows[pane.cursor_id].title == "alpha 25"
        await type_and_wait(pilot, "slash")
        loads.clear()
        paints.clear()
        await pilot.press("escape")  # leave and clear the filter bar: every entry, the cursor kept on alpha 25
        await settle(pilot)
        assert len(loads) == 1  # one load of the rows (a page)
        assert pane.cursor_id is not None and pane.rows[pane.cursor_id].title == "alpha 25"
        assert pane.table.cursor_row == 50
        assert paints and all(visible for _, visible in paints), paints
        assert len({first for first, _ in paints}) == 1, paints  # one set of rows painted, not the top first


async def type_and_wait(pilot: Any, *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot)
