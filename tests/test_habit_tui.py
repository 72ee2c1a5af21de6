"""The Activity view (`w`) and the check-in form (`W`), driven by the Pilot over a real journal file."""

import datetime as dt
from pathlib import Path

import pytest
from conftest import TODAY, db_rows
from panes import list_table
from textual.widgets import DataTable, Input, Static, TextArea

from journal_tui.data.store import Store
from journal_tui.tui.app import make_app
from journal_tui.tui.screens.activity import ActivityScreen
from journal_tui.tui.screens.checkin_form import CheckinForm
from journal_tui.tui.testing import settle

SIZE = (140, 40)


@pytest.fixture
def weekend_demo(demo_db: Path) -> Path:
    """The demo journal and a weekend win whose title looks like markup."""
    store = Store(demo_db)
    store.add_entry(text="Weekend [b]win[/b]", occurred_on=dt.date(2026, 11, 21), project="billing")
    store.close()
    return demo_db


pytestmark = pytest.mark.usefixtures("no_cursor_blink")


async def test_activity_view_shows_heatmap_streaks_and_filters_journal_to_a_week(weekend_demo: Path) -> None:
    app = make_app(weekend_demo, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ActivityScreen)
        heatmap = str(screen.query_one("#activity-heatmap", Static).render())
        lines = heatmap.splitlines()
        assert lines[1].startswith("Mon ") and len(lines[1]) == 4 + 52  # wide screen: the whole year
        assert lines[6].startswith("Sat ") and lines[6].endswith("░")  # the Saturday entry, last week
        streaks = str(screen.query_one("#activity-streaks", Static).render())
        assert "0 working days in a row with an entry (longest 1)" in streaks
        assert "4 weeks in a row with a check-in (longest 4)" in streaks
        weeks = screen.query_one("#activity-weeks", DataTable)
        assert weeks.row_count == 52
        assert str(weeks.get_row_at(0)[0]).startswith("2026-W48") and str(weeks.get_row_at(1)[1]) == "3"
        assert str(weeks.get_row_at(1)[3]) == "✓"
        await pilot.press("down", "enter")  # last week: 2026-W47
        await settle(pilot)
        assert not isinstance(app.screen, ActivityScreen)
        assert app.query_one("#filter-input", Input).value == "in:2026-W47"
        assert app.shown == "journal"
        table = list_table(app, "journal")
        expected = db_rows(
            weekend_demo, "SELECT count(*) FROM entry WHERE occurred_on BETWEEN '2026-11-16' AND '2026-11-22'"
        )
        assert table.row_count == expected[0][0] == 3
        assert "Weekend [b]win[/b]" in [str(table.get_cell(k, "title")) for k in table.row_keys]  # literal text


async def test_activity_heatmap_fits_a_narrow_screen(weekend_demo: Path) -> None:
    app = make_app(weekend_demo, today=TODAY)
    async with app.run_test(size=(50, 30)) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        lines = str(app.screen.query_one("#activity-heatmap", Static).render()).splitlines()
        assert 20 < len(lines[1]) < 50 and all(len(line) < 50 for line in lines)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ActivityScreen)


async def test_checkin_form_saves_reflections_and_wins(weekend_demo: Path) -> None:
    app = make_app(weekend_demo, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("W")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, CheckinForm)
        form.query_one("#wins", TextArea).text = "Fixed the flaky test +billing #python\nyesterday: Wrote the plan"
        form.query_one("#learned", TextArea).text = "Small PRs get reviewed faster"
        form.query_one("#setback", Input).value = "Missed the deploy"
        form.query_one("#lesson", Input).value = "Freeze on Thursday"
        form.query_one("#focus", TextArea).text = "Ship [b]it[/b]\n\nPlan Q1\n"
        form.query_one("#date", Input).value = "friday"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, CheckinForm)
        [(cid, day)] = db_rows(
            weekend_demo, "SELECT id, checked_on FROM checkin WHERE id = (SELECT max(id) FROM checkin)"
        )
        assert day == "2026-11-20"
        assert db_rows(
            weekend_demo, "SELECT kind, text, lesson FROM reflection WHERE checkin_id = ? ORDER BY position", cid
        ) == [
            ("learned", "Small PRs get reviewed faster", None),
            ("setback", "Missed the deploy", "Freeze on Thursday"),
            ("focus", "Ship [b]it[/b]", None),
            ("focus", "Plan Q1", None),
        ]
        assert db_rows(weekend_demo, "SELECT occurred_on FROM entry WHERE text = 'Wrote the plan'") == [("2026-11-22",)]
        assert db_rows(weekend_demo, "SELECT occurred_on FROM entry WHERE text = 'Fixed the flaky test'") == [
            ("2026-11-20",)
        ]
        assert app.pane("journal").table.row_count == 23  # the new wins are in the journal


async def test_checkin_form_refuses_an_empty_check_in(weekend_demo: Path) -> None:
    before = db_rows(weekend_demo, "SELECT count(*) FROM checkin")
    app = make_app(weekend_demo, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("W")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, CheckinForm)
        assert "nothing to record" in str(app.screen.query_one("#form-error").render())
        app.screen.query_one("#lesson", Input).value = "orphan lesson"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "a lesson belongs to a setback" in str(app.screen.query_one("#form-error").render())
    assert db_rows(weekend_demo, "SELECT count(*) FROM checkin") == before
