"""The promotion case in the app: the Case screen (C), a response to feedback (r), an entry on a criterion (c)."""

from pathlib import Path

import pytest
from conftest import TODAY, db_rows
from textual.widgets import Input, ListView, Markdown, Static

from journal_tui.tui.app import JournalApp, make_app
from journal_tui.tui.screens.case import CaseScreen
from journal_tui.tui.screens.case_dialogs import CriterionPicker, ResponsePicker
from journal_tui.tui.screens.dialogs import ConfirmScreen, PathPrompt
from journal_tui.tui.testing import settle

SIZE = (140, 40)


pytestmark = pytest.mark.usefixtures("no_cursor_blink")


def gap_lines(app: JournalApp) -> str:
    """The Case screen's gaps list as text, one option a line."""
    from journal_tui.tui.screens.case_gaps import GapList

    gaps = app.screen.query_one("#case-gaps", GapList)
    return "\n".join(str(gaps.get_option_at_index(i).prompt) for i in range(gaps.option_count))


def detail(app: JournalApp) -> str:
    return str(app.screen.query_one("#case-detail", Static).content)  # its text (`Hanging` wraps it as it is drawn)


async def test_case_screen_rows_evidence_and_export(demo_db: Path, tmp_path: Path) -> None:
    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("C")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CaseScreen)
        rows = list(screen.query_one("#case-criteria", ListView).children)
        assert len(rows) == 5
        classes = [next(c for c in row.classes if c in ("-met", "-partial", "-gap")) for row in rows]
        assert classes == ["-met", "-met", "-met", "-partial", "-gap"]
        assert "Leads cross-team technical work" in detail(app)
        assert "Led the payments gateway load test before peak season" in detail(app)
        assert "impact: validated 3x peak traffic" in detail(app)
        await pilot.press("down", "down", "down", "down")
        await pilot.pause()
        assert "Owns vendors and budgets" in detail(app) and "No evidence in this period" in detail(app)
        gaps = gap_lines(app)
        assert "Criteria short of their need" in gaps and "Share drafts earlier" in gaps
        await pilot.press("l")  # last quarter: the vendor contract was in Q3
        await settle(pilot)
        assert screen.case is not None and screen.case.label == "2026-Q3"
        assert [c.status for c in screen.case.criteria][4] == "met"

        target = tmp_path / "case.md"
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, PathPrompt)
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        assert target.read_text().startswith("# Promotion case: Staff Engineer — 2026-Q3")
        assert target.stat().st_mode & 0o777 == 0o600  # private, like the journal

        target.write_text("my notes")
        await pilot.press("x")
        await pilot.pause()
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert target.read_text() == "my notes"  # never overwritten without asking
        await pilot.press("x")
        await pilot.pause()
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert target.read_text().startswith("# Promotion case")
        await pilot.press("1")  # pane keys do nothing here
        assert isinstance(app.screen, CaseScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, CaseScreen)


async def test_r_on_a_feedback_links_the_picked_entry_as_its_response(demo_db: Path) -> None:
    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        pane = app.pane("feedback")
        [fid] = [r[0] for r in db_rows(demo_db, "SELECT id FROM feedback WHERE text LIKE 'Share drafts%'")]
        while pane.selected_id != fid:
            await pilot.press("down")
            await pilot.pause()
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ResponsePicker)
        await pilot.press("enter")  # the newest entry since the feedback
        await settle(pilot)
        [(entry_id,)] = db_rows(demo_db, "SELECT entry_id FROM feedback_response WHERE feedback_id = ?", fid)
        assert entry_id == db_rows(demo_db, "SELECT max(id) FROM entry")[0][0]
        assert "### What I did about it\n\n- 2026-11-22 Paired with Priya" in pane.query_one(Markdown).source
        await pilot.press("r")  # choosing it again unlinks it
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert db_rows(demo_db, "SELECT * FROM feedback_response WHERE feedback_id = ?", fid) == []


async def test_c_on_an_entry_attaches_it_to_a_criterion(demo_db: Path) -> None:
    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        entry_id = app.pane("journal").selected_id
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, CriterionPicker)
        await pilot.press("down", "enter")  # the second criterion
        await settle(pilot)
        assert db_rows(demo_db, "SELECT criterion_id FROM criterion_entry WHERE entry_id = ?", entry_id) == [(2,)]


async def test_the_case_comes_back_as_a_message_and_is_built_again_on_a_change(demo_db: Path) -> None:
    """The worker posts the case (`CaseScreen.Built`); a change to the journal builds it again."""
    built: list[CaseScreen.Built] = []

    def hook(message: object) -> None:
        if isinstance(message, CaseScreen.Built) and message not in built:
            built.append(message)

    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        await settle(pilot)
        await pilot.press("C")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CaseScreen)
        assert [m.case.label for m in built] == ["2026-Q4"] and screen.case is built[0].case
        assert screen.markdown_text == built[0].text and built[0].text.startswith("# Promotion case")
        app.revision += 1
        await settle(pilot)
        assert len(built) == 2 and screen.case is built[1].case


def test_the_period_screens_are_given_the_journal_and_post_messages() -> None:
    """Issue 29: the Review and Case screens share period_screen.py; they read the journal through the context they
    are given (never the app's state), and results come back as messages, never `call_from_thread`."""
    import inspect

    from journal_tui.tui.screens import case, period_screen, review

    for module in (case, period_screen, review):
        source = inspect.getsource(module)
        assert "call_from_thread" not in source, module.__name__
        assert "journal_app(" not in source and "self.app.reader" not in source and "self.app.flt" not in source
        assert "self.app.today" not in source
    assert "ctx" in inspect.signature(period_screen.PeriodScreen.__init__).parameters
    assert issubclass(case.CaseScreen, period_screen.PeriodScreen)
    assert issubclass(review.ReviewScreen, period_screen.PeriodScreen)
