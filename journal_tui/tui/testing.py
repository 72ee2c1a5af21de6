"""Fixed setup shared by the Pilot tests, the snapshot tests and screenshots/make_screenshots.py.

The demo journal seeded for a fixed today, no cursor blink, a way to wait for the
app's workers, and the text on screen: so pictures and tests show the same thing.
Plain helpers; nothing here runs at import time.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from rich.cells import cell_len
from textual.widgets import Input, TextArea

if TYPE_CHECKING:
    from textual.app import App
    from textual.pilot import Pilot

TODAY = dt.date(2026, 11, 23)  # a Monday
SMALL = (80, 24)
LARGE = (160, 45)


JournalT = TypeVar("JournalT", str, Path)


def demo_journal(path: JournalT, today: dt.date = TODAY) -> JournalT:
    """The journal at `path` (a file, or an empty server database's URL) holding the demo data (`journal demo`)
    for `today`."""
    from journal_tui.data.store import Store
    from journal_tui.demo import seed

    store = Store(path)
    try:
        seed(store, today)
    finally:
        store.close()
    return path


def stop_cursor_blink() -> None:
    """Inputs and text areas draw a steady cursor, so two screenshots of one state are equal."""
    for widget in (Input, TextArea):
        setattr(widget, "cursor_blink", False)  # noqa: B010 - a class-level reactive default, not an instance value


async def settle(pilot: Pilot[Any]) -> None:
    """Let every worker finish and its result reach the screen."""
    from textual.worker import WorkerCancelled, WorkerFailed

    quiet = 0
    for _ in range(60):  # at least three rounds; more while a chain (rows -> counts -> preload) still runs
        for _ in range(20):
            try:
                await pilot.app.workers.wait_for_complete()
                break
            except WorkerCancelled:  # an exclusive worker replaced by a newer one: wait for that one
                continue
            except WorkerFailed:  # the app reports it (a notification); tests look at the screen
                continue
        await pilot.pause()
        busy = any(not worker.is_finished for worker in pilot.app.workers)
        quiet = 0 if busy else quiet + 1
        if quiet >= 3:
            break


# Rich's SVG export (what `App.export_screenshot` returns) draws each run of text as one `<text>` element, its
# column given in pixels (a cell is 20 * 0.61 px wide) and its line by its clip path; runs of spaces are left out.
SVG_CELL = 20 * 0.61
SVG_TEXT = re.compile(
    r'<text class="[^"]*" x="([0-9.]+)" y="[0-9.]+" textLength="[0-9.]+" '
    r'clip-path="url\(#[\w-]+-line-(\d+)\)">(.*?)</text>',
    re.S,
)


def screen_lines(app: App[Any]) -> list[str]:
    """What the terminal shows now, line by line: every screen in the stack, as Textual's own screenshot
    (`App.export_screenshot`) draws it, read back from the screenshot's text (every character as the app drew it,
    control codes included: the SVG only escapes `&<>"'`)."""
    width, height = app.size
    runs: list[list[tuple[int, str]]] = [[] for _ in range(height)]
    for x, line, text in SVG_TEXT.findall(app.export_screenshot()):
        if (column := round(float(x) / SVG_CELL)) < width:  # (at the width: each line's own newline)
            runs[int(line)].append((column, html.unescape(text.replace("&#160;", " "))))
    lines = []
    for row in runs:
        parts, at = [], 0
        for column, text in sorted(row):
            parts += [" " * (column - at), text]
            at = column + cell_len(text)
        lines.append("".join(parts) + " " * (width - at))
    return lines


def screen_text(app: App[Any]) -> str:
    """What the terminal shows now (every screen in the stack, as in a screenshot), as plain text."""
    return "\n".join(screen_lines(app))
