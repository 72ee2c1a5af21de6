"""The real app driven by the Pilot over a real journal file: every key, checked on screen and in the database."""

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from conftest import TODAY, db_rows
from panes import feedback_pane, goals_pane, journal_pane, list_table, row_ids
from rich.table import Table
from textual import events
from textual.message import Message
from textual.pilot import Pilot
from textual.widgets import Input, Label, Markdown, Static, TextArea

from journal_tui.data.store import Store
from journal_tui.query import Filter
from journal_tui.rows import EntryRow
from journal_tui.tui.app import JournalApp, make_app
from journal_tui.tui.screens.dialogs import (
    ConfirmScreen,
    ConflictScreen,
    GoalPicker,
    HelpScreen,
    PathPrompt,
)
from journal_tui.tui.screens.form import FormScreen
from journal_tui.tui.screens.review import ReviewScreen
from journal_tui.tui.testing import screen_text, settle
from journal_tui.tui.text import one_line
from journal_tui.tui.widgets.document import DocumentView
from journal_tui.tui.widgets.table import ListTable

SIZE = (140, 40)


pytestmark = pytest.mark.usefixtures("no_cursor_blink")


def table(app: JournalApp, pane: str) -> ListTable:
    return list_table(app, pane)


def titles(app: JournalApp) -> list[str]:
    """The entries' titles in list order (the cells themselves may be cut with `…`)."""
    pane = journal_pane(app)
    return [pane.rows[i].title for i in row_ids(pane.table)]


def status(app: JournalApp) -> str:
    return str(app.query_one("#filter-status", Label).render())


async def type_filter(pilot: Pilot[Any], text: str) -> None:
    await pilot.press("slash")
    await pilot.press(*text)
    await settle(pilot)


async def test_opens_with_three_panes_and_counts(demo_db: Path) -> None:
    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert status(app) == "20 entries · 4 goals · 8 feedback"
        assert table(app, "journal").row_count == 20
        assert titles(app)[0] == "Paired with Priya on the ledger reconciliation job"
        await pilot.press("2")
        await pilot.pause()
        assert app.shown == "goals" and app.focused is table(app, "goals")
        assert table(app, "goals").row_count == 4
        await pilot.press("3")
        await pilot.pause()
        assert app.shown == "feedback" and table(app, "feedback").row_count == 8
        await pilot.press("1")
        assert app.shown == "journal"


async def test_detail_shows_selected_entry(demo_db: Path) -> None:
    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "down")
        await settle(pilot)
        md = app.pane("journal").query_one(Markdown).source
        assert "Led the payments gateway load test" in md and "validated 3x peak traffic" in md


@pytest.mark.parametrize(
    "query",
    [
        "project:billing",
        "skill:mentoring",
        "in:last-quarter",
        "from:2026-11-01 to:2026-11-30",
        "project:payments skill:leadership",
    ],
)
async def test_filter_applies_to_every_pane(demo_db: Path, query: str) -> None:
    """Each pane shows exactly what the shared filter finds: a real subset, not everything."""
    from journal_tui.query import parse_query

    store = Store(demo_db)
    flt = parse_query(query, today=TODAY)
    expected = {
        "journal": [e.id for e in store.list_entries(flt)],
        "goals": [g.id for g in store.list_goals(flt)],
        "feedback": [f.id for f in store.list_feedback(flt)],
    }
    store.close()
    assert 0 < len(expected["journal"]) < 20
    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_filter(pilot, query)
        n = len(expected["goals"])
        counts = status(app)
        for key, (pane, ids) in zip("123", expected.items(), strict=True):
            await pilot.press("enter", key)  # leave the filter bar, show the pane: it loads under the filter
            await settle(pilot)
            assert [int(k) for k in table(app, pane).row_keys] == ids, pane
        assert status(app) == counts
        assert status(app) == (
            f"{len(expected['journal'])} entries · {n} goal{'' if n == 1 else 's'} · "
            f"{len(expected['feedback'])} feedback"
        )
        assert query.split()[0].split(":")[0] in app.sub_title or "to" in app.sub_title


async def test_invalid_filter_is_shown_and_last_result_kept(demo_db: Path) -> None:
    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_filter(pilot, "project:billing")
        await pilot.press(*' "unclosed')
        await settle(pilot)
        assert "unclosed quote" in status(app)
        assert app.query_one("#filter-bar").has_class("-invalid")
        assert table(app, "journal").row_count == 8  # the last good result stays
        await pilot.press("escape")  # clears the filter
        await settle(pilot)
        assert app.query_one("#filter-input", Input).value == ""
        assert table(app, "journal").row_count == 20


async def test_free_text_filter(demo_db: Path) -> None:
    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_filter(pilot, "tear")
        assert titles(app) == ["Gave the internal talk 'Retries without tears'"]


async def test_facets_toggle_a_project(demo_db: Path) -> None:
    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        facets = app.query_one("#facets")
        assert facets.display and app.focused is facets
        await pilot.press("down", "enter")  # first project: billing (most entries)
        await settle(pilot)
        assert app.query_one("#filter-input", Input).value == "project:billing"
        assert table(app, "journal").row_count == 8
        await pilot.press("enter")  # again: removes it
        await settle(pilot)
        assert app.query_one("#filter-input", Input).value == ""


async def test_new_entry_with_inline_project_skill_and_natural_date(demo_db: Path) -> None:
    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        assert isinstance(app.screen, FormScreen)
        await pilot.press(*"Shipped the audit log +compliance #security")
        await pilot.press("tab", *"yesterday", "tab", "tab", *"sql", "tab", *"audit time -50%", "tab", "space")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen)
        row = db_rows(
            demo_db,
            "SELECT e.occurred_on, e.text, p.name, e.impact, e.starred FROM entry e "
            "JOIN project p ON p.id = e.project_id WHERE e.text LIKE 'Shipped the audit%'",
        )
        assert row == [("2026-11-22", "Shipped the audit log", "compliance", "audit time -50%", 1)]
        skills = db_rows(
            demo_db,
            "SELECT s.name FROM skill s JOIN entry_skill l ON l.skill_id = s.id "
            "JOIN entry e ON e.id = l.entry_id WHERE e.text = 'Shipped the audit log' ORDER BY 1",
        )
        assert skills == [("security",), ("sql",)]
        assert "Shipped the audit log" in titles(app)
        assert status(app).startswith("21 entries")


async def test_form_errors_are_inline_and_nothing_is_saved(demo_db: Path) -> None:
    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", *"A win", "tab", *"next yesterday", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        assert "unknown date 'next yesterday'" in str(app.screen.query_one("#form-error", Label).render())
        app.screen.query_one("#text", TextArea).text = "\x07\x1b"  # control codes are removed: nothing left
        await pilot.press("ctrl+s")
        assert "entry text is empty" in str(app.screen.query_one("#form-error", Label).render())
        assert db_rows(demo_db, "SELECT count(*) FROM entry") == [(20,)]


async def test_escape_on_a_changed_form_asks_before_discarding(demo_db: Path) -> None:
    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", *"half-typed thought", "escape")
        await pilot.pause()
        await pilot.press("n")  # keep editing
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        assert app.screen.query_one("#text", TextArea).text == "half-typed thought"
        await pilot.press("escape", "y")
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)
        assert db_rows(demo_db, "SELECT count(*) FROM entry") == [(20,)]


async def test_edit_entry(demo_db: Path) -> None:
    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        entry_id = app.pane("journal").selected_id
        await pilot.press("e")
        area = app.screen.query_one("#text", TextArea)
        assert area.text == "Paired with Priya on the ledger reconciliation job"
        await pilot.press("end", *" (and wrote the doc)", "ctrl+s")
        await settle(pilot)
        assert db_rows(demo_db, "SELECT text FROM entry WHERE id = ?", entry_id) == [
            ("Paired with Priya on the ledger reconciliation job (and wrote the doc)",)
        ]
        assert titles(app)[0].endswith("(and wrote the doc)")


async def test_delete_with_confirmation_and_undo(demo_db: Path) -> None:
    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down")
        await settle(pilot)
        entry_id = app.pane("journal").selected_id
        await pilot.press("d", "n")  # declined
        await settle(pilot)
        assert db_rows(demo_db, "SELECT count(*) FROM entry") == [(20,)]
        await pilot.press("d", "y")
        await settle(pilot)
        assert db_rows(demo_db, "SELECT count(*) FROM entry WHERE id = ?", entry_id) == [(0,)]
        assert table(app, "journal").row_count == 19
        await pilot.press("u")
        await settle(pilot)
        assert db_rows(demo_db, "SELECT count(*) FROM entry WHERE id = ?", entry_id) == [(1,)]
        assert table(app, "journal").row_count == 20


async def test_star_toggles(demo_db: Path) -> None:
    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        entry_id = app.pane("journal").selected_id
        await pilot.press("asterisk")
        await settle(pilot)
        assert db_rows(demo_db, "SELECT starred FROM entry WHERE id = ?", entry_id) == [(1,)]
        await pilot.press("asterisk")
        await settle(pilot)
        assert db_rows(demo_db, "SELECT starred FROM entry WHERE id = ?", entry_id) == [(0,)]


async def test_link_entry_to_goal(demo_db: Path) -> None:
    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        entry_id = app.pane("journal").selected_id
        before = db_rows(demo_db, "SELECT goal_id FROM entry_goal WHERE entry_id = ?", entry_id)
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, GoalPicker)
        await pilot.press("down", "enter")  # the first active goal
        await settle(pilot)
        links = db_rows(demo_db, "SELECT goal_id FROM entry_goal WHERE entry_id = ?", entry_id)
        assert len(links) == len(before) + 1
        assert "Evidence for" in app.pane("journal").query_one(Markdown).source


async def test_goals_new_milestone_toggle_and_achieve(demo_db: Path) -> None:
    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(
            "2",
            "n",
            *"Become the billing tech lead",
            "tab",
            "tab",
            *"RFCs led",
            "tab",
            *"3",
            "tab",
            *"1",
            "tab",
            *"staff promotion",
            "tab",
            *"in 3 months",
            "ctrl+s",
        )
        await settle(pilot)
        goal = db_rows(
            demo_db,
            "SELECT id, measure, target, current, relevant, due_on FROM goal WHERE title = ?",
            "Become the billing tech lead",
        )
        assert goal and goal[0][1:] == ("RFCs led", 3.0, 1.0, "staff promotion", "2027-02-23")
        goal_id = goal[0][0]
        goals = table(app, "goals")
        goals.move_cursor(row=goals.get_row_index(str(goal_id)))
        await settle(pilot)
        await pilot.press("m", *"Write the first RFC", "tab", *"next friday", "ctrl+s")
        await settle(pilot)
        assert db_rows(demo_db, "SELECT title, due_on, done_on FROM milestone WHERE goal_id = ?", goal_id) == [
            ("Write the first RFC", "2026-11-27", None)
        ]
        await pilot.press("space")
        await settle(pilot)
        assert db_rows(demo_db, "SELECT done_on FROM milestone WHERE goal_id = ?", goal_id) == [("2026-11-23",)]
        assert goals_pane(app).milestones.row_count == 1
        await pilot.press("x")
        await settle(pilot)
        assert db_rows(demo_db, "SELECT status, achieved_on FROM goal WHERE id = ?", goal_id) == [
            ("achieved", "2026-11-23")
        ]


async def test_new_feedback_about_the_selected_entry(demo_db: Path) -> None:
    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        entry_id = app.pane("journal").selected_id
        await pilot.press("3", "n")
        form = app.screen
        assert form.query_one("#about", Input).value == str(entry_id)
        await pilot.press(
            *"Great pairing session",
            "tab",
            *"Priya Natarajan",
            "tab",
            "tab",
            *"last friday",
            "tab",
            *"pairing",
            "tab",
            *"mentoring",
            "ctrl+s",
        )
        await settle(pilot)
        row = db_rows(
            demo_db,
            "SELECT f.received_on, p.name, f.kind, f.entry_id FROM feedback f JOIN person p "
            "ON p.id = f.person_id WHERE f.text = 'Great pairing session'",
        )
        assert row == [("2026-11-20", "Priya Natarajan", "praise", entry_id)]
        assert table(app, "feedback").row_count == 9


async def test_help_lists_every_key(demo_db: Path) -> None:
    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        help_table = app.screen.query_one("#help-keys", Static).content
        assert isinstance(help_table, Table)
        texts = {str(text) for text in help_table.columns[2].cells}
        assert "Link the selected entry to a goal as evidence" in texts
        assert "Toggle the selected milestone done" in texts
        assert "Write the review as Markdown to a file" in texts
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_review_screen_and_export(demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.query_one("#review-doc", DocumentView).source.startswith("# Review: 2026-Q4")
        await pilot.press("l")
        await settle(pilot)
        assert app.screen.query_one("#review-doc", DocumentView).source.startswith("# Review: 2026-Q3")
        await pilot.press("x")
        await pilot.pause()
        exported = tmp_path / "review-2026-Q3.md"
        assert isinstance(app.screen, PathPrompt)  # asks where, prefilled with a sensible name
        assert app.screen.query_one(Input).value == str(exported)
        await pilot.press("enter")
        await pilot.pause()
        assert exported.read_text().startswith("# Review: 2026-Q3")
        assert exported.stat().st_mode & 0o777 == 0o600  # private, like the journal
        assert "Exported to" in str(app.screen.query_one("#review-export-path", Label).render())
        exported.write_text("my own notes")
        await pilot.press("x", "enter")  # the same name again: asks before replacing
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and "exists" in str(app.screen.query_one(Label).render())
        await pilot.press("n")
        await pilot.pause()
        assert exported.read_text() == "my own notes"
        await pilot.press("x", "escape")  # cancelled: nothing written anywhere
        await pilot.pause()
        assert sorted(p.name for p in tmp_path.glob("*.md")) == ["review-2026-Q3.md"]
        await pilot.press("x", "enter", "y")
        await pilot.pause()
        assert exported.read_text().startswith("# Review: 2026-Q3")
        await pilot.press("1")  # pane keys do nothing on the review screen
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, ReviewScreen)


async def test_changes_from_another_process_appear(demo_db: Path) -> None:
    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        other = Store(demo_db)
        other.add_entry(text="Added from the CLI in another shell", occurred_on=TODAY)
        other.close()
        app.refresh_if_changed()  # what the 2-second timer does
        await settle(pilot)
        assert titles(app)[0] == "Added from the CLI in another shell"
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert table(app, "journal").row_count == 21


def _big_journal(path: Path, n: int = 3000) -> Path:
    store = Store(path)
    conn = sqlite3.connect(path)
    conn.executemany(
        "INSERT INTO entry (occurred_on, text, starred, created_at, updated_at) VALUES (?, ?, 0, ?, ?)",
        [
            (
                (TODAY - dt.timedelta(days=i % 3000)).isoformat(),
                f"entry {i}",
                "2026-01-01 00:00:00.000000",
                "2026-01-01 00:00:00.000000",
            )
            for i in range(n)
        ],
    )
    conn.commit()
    conn.close()
    store.close()
    return path


async def test_large_journal_is_paged_not_loaded_whole(tmp_path: Path) -> None:
    from journal_tui.tui.widgets.list_pane import PAGE_SIZE

    app = make_app(_big_journal(tmp_path / "big.db"), today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        t = table(app, "journal")
        assert t.row_count == PAGE_SIZE and app.pane("journal").count == 3000
        t.move_cursor(row=PAGE_SIZE - 1)
        await settle(pilot)
        assert t.row_count == 2 * PAGE_SIZE  # the next page, on demand
        ids = [int(k) for k in t.row_keys]
        assert len(ids) == len(set(ids))


async def test_a_tall_terminal_is_filled_with_rows(tmp_path: Path) -> None:
    """A list taller than a page reads pages until it is filled, and no further."""
    from journal_tui.tui.widgets.list_pane import PAGE_SIZE

    app = make_app(_big_journal(tmp_path / "big.db"), today=TODAY)
    async with app.run_test(size=(120, 150)) as pilot:
        await settle(pilot)
        t = table(app, "journal")
        assert t.size.height > PAGE_SIZE
        assert t.size.height < t.row_count <= t.size.height + PAGE_SIZE
        assert t.row_count % PAGE_SIZE == 0
        assert titles(app)[t.size.height - 2] == f"entry {t.size.height - 2}"  # the newest first, in order


@pytest.mark.parametrize("size", [(80, 24), (140, 40)])
async def test_empty_journal_explains_what_to_do_in_the_list_area(tmp_path: Path, size: tuple[int, int]) -> None:
    app = make_app(tmp_path / "new.db", today=TODAY)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "Your journal is empty" in text
        assert 'journal add "yesterday: Shipped X +project #skill"' in text  # whole, not cut mid-command
        assert "journal --db /tmp/demo.db" in text
        assert status(app) == "0 entries · 0 goals · 0 feedback"
        await pilot.press("2")
        await settle(pilot)
        assert "No goals yet" in screen_text(app)
        await pilot.press("3")
        await settle(pilot)
        assert "No feedback yet" in screen_text(app)


async def test_narrow_terminal_gives_the_list_the_whole_width(demo_db: Path) -> None:
    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.screen.has_class("-narrow")
        assert not app.pane("journal").query_one(".pane-detail").display
        assert table(app, "journal").size.width >= 78


@pytest.mark.parametrize(
    "text, message",
    [
        ("x" * 1_048_576, "the limit is 100,000"),
        ("\x00\x1b\x07", "entry text is empty"),
        ("   \n  ", "entry text is empty"),
    ],
)
async def test_bad_paste_in_the_form_is_refused_and_the_app_stays_up(demo_db: Path, text: str, message: str) -> None:
    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        app.screen.query_one("#text", TextArea).text = text
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        assert message in str(app.screen.query_one("#form-error", Label).render())
        assert db_rows(demo_db, "SELECT count(*) FROM entry") == [(20,)]
        await pilot.press("escape", "y")
        await pilot.pause()
        assert app.is_running and not isinstance(app.screen, FormScreen)


async def test_huge_entry_detail_is_truncated_not_frozen(tmp_path: Path) -> None:
    path = tmp_path / "j.db"
    store = Store(path)
    store.add_entry(text="Big one\n" + "word " * 19_000, occurred_on=TODAY)
    store.close()
    app = make_app(path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        md = app.pane("journal").query_one(Markdown).source
        assert "more characters: `journal show 1` prints them all." in md and len(md) < 21_000


# --- every size ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(80, 24), (140, 40), (160, 45)])
async def test_lists_fit_every_size_with_the_text_column_taking_the_rest(demo_db: Path, size: tuple[int, int]) -> None:
    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for key, pane, text_col, others in (
            ("1", "journal", "title", {"date"}),
            ("2", "goals", "title", {"due"}),
            ("3", "feedback", "text", {"date", "from"}),
        ):
            await pilot.press(key)
            await settle(pilot)
            t = table(app, pane)
            assert t.max_scroll_x == 0, f"{pane} scrolls sideways"  # every column fits
            assert text_col in t.shown_columns and others <= set(t.shown_columns), (pane, t.shown_columns)
            assert (t.column_width(text_col) or 0) >= 24, (pane, t.column_width(text_col))
            if "date" in others:
                assert t.column_width("date") == 10
        assert (table(app, "feedback").column_width("text") or 0) >= 30  # was about 11 at 80x24 and 15 at 140x40


async def test_long_text_is_cut_with_an_ellipsis_and_columns_follow_a_resize(demo_db: Path) -> None:
    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        t = table(app, "journal")
        narrow = t.column_width("title") or 0
        assert "skills" not in t.shown_columns  # the lowest priority column goes first
        text = screen_text(app)
        assert "Paired with Priya on the ledger reconciliation…" in text
        await pilot.resize_terminal(200, 45)
        await settle(pilot)
        assert (t.column_width("title") or 0) > narrow and "skills" in t.shown_columns
        assert t.max_scroll_x == 0
        assert "Paired with Priya on the ledger reconciliation job" in screen_text(app)


async def test_footer_shows_the_focused_panes_keys_first(demo_db: Path) -> None:
    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        footer = screen_text(app).splitlines()[-1]
        # help and quit first, then the pane's new and edit, then the app's screens; the rest as they fit
        assert footer.lstrip().startswith("? Keys  q Quit  n New  e Edit  / Filter  R Review  C Case  w Activity"), (
            footer
        )
        await pilot.resize_terminal(120, 36)
        await pilot.press("2", "tab")  # into the milestones of the Goals pane
        await settle(pilot)
        assert "m Milestone" in screen_text(app).splitlines()[-1]
        await pilot.press("3")
        await settle(pilot)
        footer = screen_text(app).splitlines()[-1]
        assert "Milestone" not in footer and "d Delete  r Respond" in footer, footer
        assert app.focused is table(app, "feedback")
        await pilot.click("#--content-tab-goals")  # a tab clicked with the mouse
        await settle(pilot)
        assert app.focused is table(app, "goals")
        assert "m Milestone" in screen_text(app).splitlines()[-1]


# --- keys that mean one thing -------------------------------------------------------------------------------------


async def test_escape_steps_back_one_level(demo_db: Path) -> None:
    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        bar = app.query_one("#filter-input", Input)
        await pilot.press("f")
        await settle(pilot)
        assert app.query_one("#facets").display
        await pilot.press("escape")  # closes the panel (only f did before)
        assert not app.query_one("#facets").display and app.focused is table(app, "journal")
        await type_filter(pilot, "project:billing")
        assert table(app, "journal").row_count == 8
        await pilot.press("escape")  # leaves the filter bar: cleared, back in the list
        await settle(pilot)
        assert bar.value == "" and app.focused is table(app, "journal")
        assert table(app, "journal").row_count == 20
        await pilot.press("2")  # a pane key, not a character typed into the filter
        await settle(pilot)
        assert app.shown == "goals" and bar.value == ""
        await type_filter(pilot, "project:billing")
        await pilot.press("enter")  # back to the list keeping the filter
        await settle(pilot)
        assert app.focused is table(app, "goals") and bar.value == "project:billing"
        await pilot.press("escape")  # clears the active filter
        await settle(pilot)
        assert bar.value == "" and app.focused is table(app, "goals")
        await pilot.press("escape")  # nothing left to step back from: nothing happens
        assert app.is_running and app.focused is table(app, "goals")


async def test_home_and_end_move_to_the_first_and_last_row_and_keys_act_on_it(demo_db: Path) -> None:
    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        t = table(app, "journal")
        await pilot.press("end")
        await settle(pilot)
        assert t.cursor_row == t.row_count - 1 and t.scroll_x == 0
        last = journal_pane(app).rows[int(str(t.cursor_key))]
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert f"entry {last.id} " in str(app.screen.query_one(Label).render())
        await pilot.press("n")
        await pilot.press("home")
        await settle(pilot)
        assert t.cursor_row == 0
        await pilot.press("d", "y")
        await settle(pilot)
        assert db_rows(demo_db, "SELECT count(*) FROM entry WHERE text LIKE 'Paired with Priya%'") == [(0,)]
        assert db_rows(demo_db, "SELECT count(*) FROM entry WHERE id = ?", last.id) == [(1,)]


def burst(app: JournalApp, keys: list[str]) -> None:
    """Queue keys all at once, as a terminal delivers a fast typist or a paste (Pilot.press waits after each)."""
    names = {"/": "slash", " ": "space", ":": "colon", "\t": "tab", "+": "plus", "#": "number_sign"}
    for k in keys:
        if len(k) == 1:
            app.post_message(events.Key(names.get(k, k), "\t" if k == "\t" else k))
        else:
            app.post_message(events.Key(k, None))


async def test_keys_typed_right_after_slash_land_in_the_filter_bar(demo_db: Path) -> None:
    """The tmux test's race: `/` then `project:…` in one burst opened "Edit entry" (the `e` reached the list)."""
    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        burst(app, list("/project:payments"))
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen)
        assert app.query_one("#filter-input", Input).value == "project:payments"
        burst(app, ["escape", *"2n"])  # back to the list, then the Goals pane, then a new goal
        await settle(pilot)
        assert app.query_one("#filter-input", Input).value == "" and app.shown == "goals"


async def test_text_typed_right_after_tab_lands_in_the_next_field(demo_db: Path) -> None:
    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        burst(app, [*"Fast typist", "tab", *"yesterday", "tab", *"billing"])
        await settle(pilot)
        form = app.screen
        assert form.query_one("#text", TextArea).text == "Fast typist"
        assert form.query_one("#date", Input).value == "yesterday"
        assert form.query_one("#project", Input).value == "billing"
        burst(app, ["tab"])  # a paste right after tab, too
        app.post_message(events.Paste("sql"))
        await settle(pilot)
        assert form.query_one("#project", Input).value == "billing"
        assert form.query_one("#skills", Input).value == "sql"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert db_rows(demo_db, "SELECT occurred_on FROM entry WHERE text = 'Fast typist'") == [("2026-11-22",)]


async def test_review_range_error_wraps_inside_the_panel(demo_db: Path) -> None:
    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot)
        await pilot.press("slash", *"not a range at all, really not", "enter")
        await settle(pilot)
        label = app.screen.query_one("#review-period-label", Label)
        side = app.screen.query_one("#review-side")
        assert label.region.right <= side.region.right and label.region.height > 1
        message = str(label.render())
        assert "not a range at all" in message


# --- user text is data, never markup ------------------------------------------------------------------------------

HOSTILE = {
    "close": "Shipped the [/api] endpoints",
    "closex": "tidy [/x] done",
    "click": "[@click=app.quit]click me[/]",
    "bold": "[b]x[/b] bold",
    "index": "fixed arr[i] bug",
    "clear": "esc\x1b[2Jclear",
    "osc": "osc\x1b]0;PWNED\x07title",
    "bidi": "bidi \u202egnp.exe",
    "nul": "nul\x00byte",
    "emoji": "emoji 🎉 👩‍💻 done",
    "md": "# not a heading *not em* [link](http://x) `code`",
    "long": "long " + "y" * 1_048_576,
}


def put_hostile(path: Path, texts: dict[str, str]) -> None:
    """Write the corpus as a buggy importer or an older version might have: straight into SQLite, unchecked."""
    stamp = "2026-11-01 09:00:00.000000"
    conn = sqlite3.connect(path)
    with conn:
        pid = conn.execute(
            "INSERT INTO person (name, key, created_at) VALUES (?, ?, ?)", ("Eve [/x] \x1b[2J", "eve", stamp)
        ).lastrowid
        prj = conn.execute(
            "INSERT INTO project (name, key, created_at) VALUES (?, ?, ?)", ("p[/x]", "p[/x]", stamp)
        ).lastrowid
        for i, text in enumerate(texts.values()):
            day = (TODAY - dt.timedelta(days=i)).isoformat()
            eid = conn.execute(
                "INSERT INTO entry (occurred_on, text, project_id, impact, starred, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, 0, ?, ?)",
                (day, text, prj, text[:100], stamp, stamp),
            ).lastrowid
            gid = conn.execute(
                "INSERT INTO goal (title, specific, status, created_at, updated_at) VALUES (?, ?, 'active', ?, ?)",
                (text, text, stamp, stamp),
            ).lastrowid
            conn.execute("INSERT INTO milestone (goal_id, title, created_at) VALUES (?, ?, ?)", (gid, text, stamp))
            conn.execute("INSERT INTO entry_goal (entry_id, goal_id) VALUES (?, ?)", (eid, gid))
            conn.execute(
                "INSERT INTO feedback (received_on, person_id, text, kind, project_id, entry_id, created_at,"
                " updated_at) VALUES (?, ?, ?, 'praise', ?, ?, ?, ?)",
                (day, pid, text, prj, eid, stamp, stamp),
            )
    conn.close()


def shown(text: str, n: int = 12) -> str:
    """The start of what the screen must show for `text`: itself, minus control codes."""
    return one_line(text)[:n]


async def visit_everything(app: JournalApp, pilot: Pilot[Any], texts: dict[str, str]) -> None:
    """Each text's row in every pane, its detail, the facets and the review: literal on screen, no crash."""
    for key, pane, col in (("1", "journal", "title"), ("2", "goals", "title"), ("3", "feedback", "text")):
        await pilot.press(key)
        await settle(pilot)
        t = table(app, pane)
        for name, text in texts.items():
            row = next(i for i, k in enumerate(t.row_keys) if shown(text, 20) in str(t.get_cell(k, col)))
            t.move_cursor(row=row)
            await settle(pilot)
            screen = screen_text(app)
            assert shown(text) in screen, (pane, name)
            assert "PWNED" not in screen and "\x1b" not in screen and "\u202e" not in screen, (pane, name)
            if len(text) < 1000:  # the detail view: the whole text, literally (Markdown structure escaped)
                assert one_line(text)[-10:] in " ".join(screen.split()), (pane, name)
            assert not app.pane(pane).query("MarkdownH1")  # '# not a heading' stays text
    await pilot.press("1")
    await settle(pilot)
    await pilot.press("f")
    await settle(pilot)
    assert "p[/x]" in screen_text(app) and "Eve [/x]" in screen_text(app)
    await pilot.press("escape")
    await pilot.press("R")
    await settle(pilot)
    assert isinstance(app.screen, ReviewScreen) and app.is_running
    await pilot.press("escape")
    await settle(pilot)


@pytest.mark.slow  # the whole corpus through the app
async def test_hostile_text_from_the_database_is_shown_literally(tmp_path: Path) -> None:
    path = tmp_path / "hostile.db"
    Store(path).close()
    put_hostile(path, HOSTILE)
    app = make_app(path, today=TODAY)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        assert app.is_running  # `[/api]` in a title used to crash the app at start
        await visit_everything(app, pilot, HOSTILE)
        # the click action written in a title is text: clicking it does nothing
        await pilot.press("1")
        await settle(pilot)
        t = table(app, "journal")
        row = next(i for i, k in enumerate(t.row_keys) if "@click" in str(t.get_cell(k, "title")))
        await pilot.click(t, offset=(20, row + 1))
        await pilot.click(app.pane("journal").query_one(Markdown), offset=(4, 1))
        await settle(pilot)
        assert app.is_running


@pytest.mark.slow  # the whole corpus typed into the forms
async def test_hostile_text_typed_into_forms_and_the_filter_bar(demo_db: Path) -> None:
    """Each printable item through a form (entry, goal, milestone, feedback in turn) and through the store API."""
    printable = {k: v for k, v in HOSTILE.items() if one_line(v) == v and len(v) < 1000}
    store = Store(demo_db)
    for text in printable.values():  # the store API: every kind
        eid = store.add_entry(text=text, occurred_on=TODAY - dt.timedelta(days=400))
        gid = store.add_goal(title=text)
        store.add_milestone(gid, text)
        store.add_feedback(text=text, person="Eve", received_on=TODAY - dt.timedelta(days=400), entry_id=eid)
    store.close()
    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        kinds = ["entry", "goal", "milestone", "feedback"]
        for i, (name, text) in enumerate(printable.items()):
            kind = kinds[i % 4]
            if kind == "milestone":
                await pilot.press("2")
                await settle(pilot)
                await pilot.press("m")
            else:
                await pilot.press({"entry": "1", "goal": "2", "feedback": "3"}[kind], "n")
            await settle(pilot)
            app.post_message(events.Paste(text))
            if kind == "feedback":
                await pilot.press("tab")
                app.post_message(events.Paste("Eve"))
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert not isinstance(app.screen, FormScreen), name
            col = "title" if kind in ("goal", "milestone") else "text"
            assert db_rows(demo_db, f"SELECT count(*) FROM {kind} WHERE {col} = ?", text) == [(2,)], (name, kind)
        # stored exactly as typed (above), these rows are shown by the one path the test before checks for the whole
        # corpus (`visit_everything`): visiting them again here would only repeat it
        # control codes are removed on the way in (the same rule as the CLI and imports); the words are kept
        for name, stored in (("clear", "escclear"), ("osc", "osctitle"), ("nul", "nulbyte")):
            await pilot.press("1", "n")
            await settle(pilot)
            app.screen.query_one("#text", TextArea).text = HOSTILE[name]
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert not isinstance(app.screen, FormScreen), name
            assert db_rows(demo_db, "SELECT count(*) FROM entry WHERE text = ?", stored) == [(1,)], name
        # the filter bar: whatever is typed stays typed, and nothing crashes
        for text in ("[/]", "[/x]", "[@click=app.quit]", "arr[i]", '"[b]'):
            await pilot.press("slash")
            app.post_message(events.Paste(text))
            await settle(pilot)
            assert app.query_one("#filter-input", Input).value == text and app.is_running
            assert one_line(text) in screen_text(app)
            await pilot.press("escape")
            await settle(pilot)


async def test_a_title_with_markup_shows_in_the_delete_question_and_notifications(tmp_path: Path) -> None:
    path = tmp_path / "j.db"
    store = Store(path)
    store.add_entry(text="Shipped the [/api] endpoints", occurred_on=TODAY)
    store.close()
    app = make_app(path, today=TODAY)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await pilot.pause()
        assert "Shipped the [/api] endpoints" in screen_text(app)
        await pilot.press("y")
        await settle(pilot)
        toast = " ".join(screen_text(app).replace("▌", " ").split())  # the toast, its lines joined
        assert "Deleted entry 1 (2026-11-23: Shipped the [/api] endpoints). Press u to undo." in toast, toast


# --- an edit form and another program -----------------------------------------------------------------------------


@pytest.mark.parametrize("choice", ["o", "r", "c"])
async def test_edit_conflict_with_another_process_asks(demo_db: Path, choice: str) -> None:
    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        entry_id = journal_pane(app).cursor_id
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("end", *" (mine)")
        # meanwhile `journal edit` in another shell, straight into the same SQLite file
        conn = sqlite3.connect(demo_db)
        with conn:
            conn.execute(
                "UPDATE entry SET text = 'Theirs', starred = 1, updated_at = '2026-11-23 10:00:00.000000' WHERE id = ?",
                (entry_id,),
            )
        conn.close()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen)  # not silently overwritten
        assert db_rows(demo_db, "SELECT text FROM entry WHERE id = ?", entry_id) == [("Theirs",)]
        await pilot.press(choice)
        await settle(pilot)
        text = db_rows(demo_db, "SELECT text FROM entry WHERE id = ?", entry_id)[0][0]
        if choice == "o":
            assert text == "Paired with Priya on the ledger reconciliation job (mine)"
            assert not isinstance(app.screen, FormScreen)
        elif choice == "r":
            assert text == "Theirs"
            assert isinstance(app.screen, FormScreen) and app.screen.query_one("#text", TextArea).text == "Theirs"
            await pilot.press("end", *" and mine", "ctrl+s")  # a save on the reloaded form goes through
            await settle(pilot)
            assert db_rows(demo_db, "SELECT text FROM entry WHERE id = ?", entry_id) == [("Theirs and mine",)]
        else:
            assert text == "Theirs"
            assert isinstance(app.screen, FormScreen)
            assert app.screen.query_one("#text", TextArea).text.endswith("(mine)")  # what was typed is kept


async def test_edit_without_a_conflict_saves_directly(demo_db: Path) -> None:
    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        feedback_id = feedback_pane(app).cursor_id
        await pilot.press("e")
        await settle(pilot)
        conn = sqlite3.connect(demo_db)
        with conn:  # another program touches a different row: no conflict
            conn.execute("UPDATE feedback SET updated_at = '2026-11-23 10:00:00.000000' WHERE id <> ?", (feedback_id,))
        conn.close()
        await pilot.press("end", *"!", "ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, (FormScreen, ConflictScreen))
        assert db_rows(demo_db, "SELECT substr(text, -1) FROM feedback WHERE id = ?", feedback_id) == [("!",)]


async def test_a_failing_worker_is_reported_and_the_app_keeps_working(
    demo_db: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A bug in a read (not a JournalError) is shown on screen and logged, never an empty pane and silence."""
    from journal_tui.data.reader import Reader

    real = Reader.list_entries

    def broken(self: Reader, *args: Any, **kwargs: Any) -> list[EntryRow]:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(Reader, "list_entries", broken)
    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        shown = screen_text(app)
        assert "RuntimeError: disk on fire" in shown  # the notification, one line
        assert "could not load" in status(app) and "disk on fire" in status(app)
        assert any("disk on fire" in r.getMessage() for r in caplog.records if r.levelname == "ERROR")
        assert table(app, "journal").row_count == 0
        monkeypatch.setattr(Reader, "list_entries", real)
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert table(app, "journal").row_count == 20
        assert status(app).startswith("20 entries")
        await pilot.press("n")  # still takes keys: the entry form opens
        assert isinstance(app.screen, FormScreen)


async def test_hidden_panes_count_after_the_shown_pane_has_its_rows(demo_db: Path) -> None:
    """By sequence, not by delay: the shown pane's Loaded comes first, then the hidden panes' counts."""
    from journal_tui.tui.widgets.filter_bar import FilterBar
    from journal_tui.tui.widgets.list_pane import Pane

    loaded: list[str] = []
    # called at each node a bubbling message passes: count each message once.  The messages are kept: an id alone
    # is reused by a later message once its first is freed, which then went uncounted (this test's flake)
    seen: dict[int, Message] = {}

    def hook(message: Message) -> None:
        if isinstance(message, Pane.Loaded) and id(message) not in seen:
            seen[id(message)] = message
            loaded.append(message.pane.pane_name)

    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        for _ in range(20):  # the same chain at start-up: it too can outlast one settle on a loaded machine
            await settle(pilot)
            if len(loaded) >= 3:
                break
        assert loaded[0] == "journal" and sorted(loaded[1:]) == ["feedback", "goals"]
        loaded.clear()
        app.query_one(FilterBar).set_query("project:billing")  # one new filter
        for _ in range(20):  # the chain (filter -> shown pane's rows -> hidden panes' counts) can outlast one settle
            await settle(pilot)
            if len(loaded) >= 3:
                break
        assert loaded[0] == "journal" and sorted(loaded[1:]) == ["feedback", "goals"]  # never people: not counted
        from journal_tui.query import parse_query

        store = Store(demo_db)
        flt = parse_query("project:billing", today=TODAY)
        expected = (store.count_entries(flt), store.count_goals(flt), store.count_feedback(flt))
        store.close()
        assert (
            status(app) == "{} entries · {} goals · {} feedback".format(*expected) == "8 entries · 2 goals · 3 feedback"
        )


async def test_a_newer_filter_interrupts_the_query_still_running_for_the_older(
    demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The stale query stops at once (it would run for minutes), its Interrupted is not reported, the new rows show."""
    import threading
    import time

    from journal_tui.data.reader import Reader
    from journal_tui.tui.widgets.filter_bar import FilterBar

    real = Reader.list_entries
    running = threading.Event()

    def running_now() -> int:
        running.set()
        return 1

    def slow_for_slowpoke(self: Reader, flt: Filter, **kwargs: Any) -> list[EntryRow]:
        if "slowpoke" in flt.words:
            with self.reading() as conn:
                assert isinstance(conn, sqlite3.Connection)  # a file journal
                conn.create_function("running", 0, running_now)
                conn.execute(
                    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000000000) "
                    "SELECT count(*) FROM c WHERE running()"
                ).fetchall()
        return real(self, flt, **kwargs)

    monkeypatch.setattr(Reader, "list_entries", slow_for_slowpoke)
    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        bar = app.query_one(FilterBar)
        bar.set_query("slowpoke")
        for _ in range(200):
            if running.is_set():
                break
            await pilot.pause(0.02)
        assert running.is_set()
        started = time.monotonic()
        bar.set_query("project:billing")
        await settle(pilot)  # waits for every worker: the slow one too
        assert time.monotonic() - started < 10
        assert table(app, "journal").row_count == 8
        assert "could not load" not in status(app) and "interrupted" not in screen_text(app)


async def test_an_over_broad_count_is_capped_and_says_so(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The status line never counts past the cap (at a million entries a full count costs a keystroke's budget):
    it shows "N+" instead, and the exact count below the cap."""
    from journal_tui.tui.widgets import feedback_pane, journal_pane, list_pane

    monkeypatch.setattr(list_pane, "PAGE_SIZE", 4)  # a full first page: the pane counts instead of using its length
    monkeypatch.setattr(journal_pane, "COUNT_CAP", 5)
    monkeypatch.setattr(feedback_pane, "COUNT_CAP", 500)
    store = Store(demo_db)
    entries, feedback = store.count_entries(), store.count_feedback()
    store.close()
    assert entries > 5 and 1 < feedback < 500
    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        line = status(app)
        assert "5+ entries" in line and f"{feedback} feedback" in line, line
