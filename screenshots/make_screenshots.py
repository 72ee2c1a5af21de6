"""Regenerate the SVG screenshots in this folder from the real app and the demo data.

    python screenshots/make_screenshots.py

Uses the same `make_app` factory as the `journal` command, a fixed today and the
demo journal (`journal demo`), so the pictures match what a user sees.
"""

import asyncio
import datetime as dt
import sys
import tempfile
from pathlib import Path

from textual.widgets import Input

from journal_tui.demo import seed
from journal_tui.store import Store
from journal_tui.tui.app import make_app

HERE = Path(__file__).parent
TODAY = dt.date(2026, 11, 23)
SIZE = (150, 42)


async def settle(pilot) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause(0.1)


async def shoot(db: Path) -> list[str]:
    Input.cursor_blink = False
    written = []
    app = make_app(db, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "down")
        await settle(pilot)

        def save(name: str) -> None:
            app.save_screenshot(f"{name}.svg", str(HERE))
            written.append(name)

        save("journal")
        await pilot.press("2")
        await settle(pilot)
        save("goals")
        await pilot.press("3")
        await settle(pilot)
        save("feedback")
        await pilot.press("1", "slash", *"project:payments in:2026")
        await settle(pilot)
        await pilot.press("enter", "f")
        await settle(pilot)
        save("filter")
        await pilot.press("f", "n", *"Shipped the audit log +compliance #security", "tab", *"yesterday", "tab", "tab",
                          *"sql, deb")
        await pilot.pause(0.2)
        save("entry-form")
        await pilot.press("escape", "y")
        await pilot.press("question_mark")
        await pilot.pause(0.2)
        save("help")
        await pilot.press("escape", "slash", "escape", "escape", "R")  # close help, clear the filter, review
        await settle(pilot)
        save("review")
    return written


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.db"
        store = Store(db)
        seed(store, TODAY)
        store.close()
        names = asyncio.run(shoot(db))
    print("wrote " + ", ".join(f"screenshots/{n}.svg" for n in names))
    return 0


if __name__ == "__main__":
    sys.exit(main())
