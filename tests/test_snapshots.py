"""Snapshot tests: every pane and screen, the detail view, the forms, review, case, activity and help at 80x24 and
160x45, and the scenes issue 28 found wrong at the size where they were (`SIZED_SCENES`).

Through the same `make_app` factory as the `journal` command, on the demo journal for a
fixed today, with no cursor blink (journal_tui/tui/testing.py, shared with
screenshots/make_screenshots.py).  Regenerate after a deliberate change, or a Textual
upgrade, with `pytest tests/test_snapshots.py --snapshot-update`, then look at the report.
"""

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from conftest import DemoCopy

from journal_tui.tui.app import make_app
from journal_tui.tui.testing import LARGE, SMALL, TODAY, settle


class Typed(str):
    """Text typed in one go: a key per character, the screen settled after the last one (as after each other key)."""


async def play(pilot: Any, keys: list[str]) -> None:
    """Settle, then each key (or typed text) and settle again: the scene as a person would leave it."""
    await settle(pilot)
    for key in keys:
        await pilot.press(*key) if isinstance(key, Typed) else await pilot.press(key)
        await settle(pilot)


SCENES: dict[str, list[str]] = {
    "journal": [],
    "goals": ["2"],
    "feedback": ["3"],
    "detail": ["down", "down"],  # the third entry: starred, with impact and feedback about it
    "entry-form": ["n", Typed("Shipped the audit log +compliance #security"), "tab", Typed("yesterday")],
    "goal-form": ["2", "n", Typed("Become the billing tech lead")],
    "feedback-form": ["3", "n", Typed("Great pairing session"), "tab", Typed("Priya Natarajan")],
    "review": ["R"],
    "help": ["question_mark"],
    "people": ["4"],
    "case": ["C"],
    "activity": ["w"],
    "checkin-form": ["W"],
}


# Issue 28: each at the size where it was wrong (and today, where the date mattered).
MEDIUM, WIDE = (120, 36), (200, 60)
SIZED_SCENES: dict[str, tuple[list[str], tuple[int, int], dt.date]] = {
    "link-dialog": (["down", "l"], SMALL, TODAY),  # the dialog names the entry it links
    "case-gaps": (["C", "tab", "down", "down", "down", "down", "down", "down"], SMALL, TODAY),  # a gap to act on
    "feedback": (["3"], MEDIUM, TODAY),  # the Kind column, as at 80 columns
    "help": (["question_mark"], WIDE, TODAY),  # every line whole
    "goals": (["2"], WIDE, TODAY),  # the milestones right after the evidence
    "journal": ([], WIDE, TODAY),  # the list has the room: titles and skills whole
    "activity-new-year": (["w"], MEDIUM, dt.date(2026, 12, 10)),  # January named after three weeks of December
}


pytestmark = pytest.mark.usefixtures("no_cursor_blink")


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("scene", list(SCENES))
def test_snapshot(snap_compare: Any, demo_db: Path, scene: str, size: tuple[int, int]) -> None:
    async def run_before(pilot: Any) -> None:
        await play(pilot, SCENES[scene])

    assert snap_compare(make_app(demo_db, today=TODAY), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("scene", list(SIZED_SCENES))
def test_snapshot_at_its_size(snap_compare: Any, tmp_path: Path, demo_copy: DemoCopy, scene: str) -> None:
    keys, size, today = SIZED_SCENES[scene]
    demo_db = demo_copy(tmp_path / "journal.db", today)

    async def run_before(pilot: Any) -> None:
        await play(pilot, keys)

    assert snap_compare(make_app(demo_db, today=today), terminal_size=size, run_before=run_before)
