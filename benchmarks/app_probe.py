"""Measurements taken inside the real app (headless), printed as one JSON line.

    python benchmarks/app_probe.py paint DB      # exits once the first page of entries is on screen
    python benchmarks/app_probe.py filter DB     # per-keystroke latency, key to rows replaced
    python benchmarks/app_probe.py scroll DB     # rows held by the widget after jumping to the end
"""

import asyncio
import datetime as dt
import json
import resource
import sys

from journal_tui.tui.app import make_app

TODAY = dt.date(2026, 11, 23)


async def loaded(pilot) -> None:
    app = pilot.app
    while app.pane("journal").count is None:
        await pilot.pause(0.005)
    await app.workers.wait_for_complete()


async def main(mode: str, db: str) -> dict:
    app = make_app(db, today=TODAY)
    out: dict = {}
    async with app.run_test(size=(140, 40)) as pilot:
        await loaded(pilot)
        if mode == "filter":
            latencies = []
            for ch in "project:billing skill:sql refunds":
                app.filter_latency_ms = None
                await pilot.press(ch if ch != " " else "space") if app.focused and app.focused.id == "filter-input" else \
                    await pilot.press("slash", ch)
                for _ in range(400):
                    await app.workers.wait_for_complete()
                    await pilot.pause(0)
                    if app.filter_latency_ms is not None or app.query_one("#filter-bar").has_class("-invalid"):
                        break
                if app.filter_latency_ms is not None:
                    latencies.append(round(app.filter_latency_ms, 1))
                    out.setdefault("by_key", []).append(f"{app.query_one('#filter-input').value!r}={app.filter_latency_ms:.0f}")
            out["latencies_ms"] = latencies
            out["rows"] = app.pane("journal").table.row_count
        elif mode == "scroll":
            table = app.pane("journal").table
            table.focus()
            await pilot.press("ctrl+end")
            await pilot.pause(0.2)
            await app.workers.wait_for_complete()
            await pilot.press("end", "ctrl+end")
            await app.workers.wait_for_complete()
            await pilot.pause(0.2)
            out["rows_in_widget"] = table.row_count
            out["entries"] = app.pane("journal").count
        out["maxrss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return out


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main(sys.argv[1], sys.argv[2]))))
