"""A review asked for with a filter that names dates covers those dates, not this quarter.

`journal review in:last-quarter` (or `/ in:last-quarter` then `R` in the app) reviewed 2026-Q4, this
quarter, scoped to Q3: the intersection was empty and the review said nothing was logged.
"""

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from conftest import TODAY
from textual.widgets import Input, Label

from journal_tui.dates import FAR_PAST, DateRange, range_of
from journal_tui.tui.app import make_app
from journal_tui.tui.screens.review import ReviewScreen
from journal_tui.tui.testing import settle
from journal_tui.tui.widgets.document import DocumentView

pytestmark = pytest.mark.engines  # the CLI test; the app's opens the demo file (SQLite)

SIZE = (140, 40)


def test_a_filter_names_the_period_from_its_dates() -> None:
    assert range_of(None, None, TODAY) is None
    assert range_of(dt.date(2026, 7, 1), dt.date(2026, 9, 30), TODAY) == DateRange(
        dt.date(2026, 7, 1), dt.date(2026, 9, 30)
    )
    assert range_of(dt.date(2026, 10, 1), None, TODAY) == DateRange(dt.date(2026, 10, 1), TODAY)
    assert range_of(None, dt.date(2026, 6, 30), TODAY) == DateRange(FAR_PAST, dt.date(2026, 6, 30))
    assert range_of(dt.date(2027, 1, 1), None, TODAY) == DateRange(dt.date(2027, 1, 1), dt.date(2027, 1, 1))


@pytest.mark.usefixtures("db_path")
def test_cli_review_of_a_filter_with_dates_covers_them(cli: Any) -> None:
    cli("add", "2026-08-12: Shipped the ledger export +billing #sql")
    cli("add", "2026-11-02: Fixed the statements bug +billing #sql")
    out = cli("review", "in:last-quarter")
    assert out.startswith("# Review: 2026-Q3 (2026-07-01 to 2026-09-30)"), out[:200]
    assert "ledger export" in out and "statements bug" not in out
    out = cli("review", "from:2026-10-01")
    assert out.startswith("# Review: 2026-10-01 to 2026-11-23"), out[:200]
    assert "statements bug" in out and "ledger export" not in out
    out = cli("review", "--quarter", "2026-Q4", "skill:sql")  # a period given wins; no dates in the filter
    assert out.startswith("# Review: 2026-Q4") and "statements bug" in out
    assert cli("review", "skill:sql").startswith("# Review: 2026-Q4")  # no dates anywhere: this quarter


@pytest.mark.usefixtures("no_cursor_blink")
async def test_app_review_opens_on_the_filters_dates(demo_db: Path) -> None:
    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"in:last-quarter", "enter")
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.query_one("#review-range-input", Input).value == "2026-07-01..2026-09-30"
        assert "2026-07-01 to 2026-09-30" in str(app.screen.query_one("#review-period-label", Label).render())
        source = app.screen.query_one("#review-doc", DocumentView).source
        assert source.startswith("# Review: 2026-Q3"), source[:100]
        assert "Nothing was logged" not in source
