"""Regenerate the SVG screenshots in this folder from the real app and the demo data.

    python screenshots/make_screenshots.py

Uses the same `make_app` factory as the `journal` command and the same setup as the
snapshot tests (journal_tui/tui/testing.py: the demo journal for a fixed today, no
cursor blink), so the pictures match what a user sees and what the tests check.
"""

import asyncio
import sys
import tempfile
from pathlib import Path
from typing import Any

from journal_tui.tui.app import make_app
from journal_tui.tui.testing import TODAY, demo_journal, settle, stop_cursor_blink

HERE = Path(__file__).parent
SIZE = (150, 42)


async def shoot(db: Path) -> list[str]:
    stop_cursor_blink()
    written = []
    app = make_app(db, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:

        async def press(*keys: str) -> None:
            for key in keys:
                await pilot.press(key)
                await settle(pilot)

        def save(name: str) -> None:
            app.save_screenshot(f"{name}.svg", str(HERE))
            written.append(name)

        await settle(pilot)
        await press("down", "down")
        save("journal")
        await press("2")
        save("goals")
        await press("3")
        save("feedback")
        await press("1", "slash", *"project:payments in:2026", "enter", "f")
        save("filter")
        await press(
            "escape",
            "escape",
            "n",
            *"Shipped the audit log +compliance #security",
            "tab",
            *"yesterday",
            "tab",
            "tab",
            *"sql, deb",
        )
        save("entry-form")
        await press("escape", "y", "question_mark")
        save("help")
        await press("escape", "R")
        save("review")
        await press("escape", "C")
        save("case")
        await press("escape", "w")
        save("activity")
        await press("escape", "4", "down")
        save("people")
    return written


def main(argv: Any = None) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        db = demo_journal(Path(tmp) / "demo.db")
        names = asyncio.run(shoot(db))
    print("wrote " + ", ".join(f"screenshots/{n}.svg" for n in names))
    return 0


if __name__ == "__main__":
    sys.exit(main())
