"""What the app does once its first rows are on screen: load the rest, check the file, manage the collector.

The first frame must come fast, so everything it does not need waits here: the modules of the forms, dialogs and
screens (imported in a worker), SQLite's quick check (a few seconds later, read-only), and the cyclic garbage
collector, paused while starting (`journal` pauses it before importing Textual) and resumed with a larger young
generation.
"""

from __future__ import annotations

import gc
import importlib

from journal_tui.data import db
from journal_tui.tui.text import one_line

# Loaded after the first rows, off the UI thread: the detail view, the forms, dialogs and screens.
PRELOAD = (
    "textual.widgets._markdown",
    "journal_tui.tui.screens.forms",
    "journal_tui.tui.screens.dialogs",
    "journal_tui.tui.pickers",
    "journal_tui.tui.screens.review",
    "journal_tui.tui.screens.case",
    "journal_tui.tui.screens.activity",
)
CHECK_AFTER_SECONDS = 3.0  # the start-up integrity check waits this long after the first rows
YOUNG_GENERATION = 20_000  # allocations between young collections once the app runs (the default is 700)


def preload() -> None:
    """In a worker: import what the first frame did not need, so the first key is not slow."""
    for module in PRELOAD:
        importlib.import_module(module)
    keep_out_of_collections()


def damage(locator: str) -> str | None:
    """In a worker: what SQLite's quick check found wrong with the journal, as one notification (None: sound).
    Damage is reported when the journal opens, not at the next write that happens to touch it."""
    found = db.quick_problems(locator)
    if not found:
        return None
    first = one_line(found[0])[:120]
    more = f" (+{len(found) - 1} more)" if len(found) > 1 else ""
    return (
        f"The journal is damaged: {first}{more}. Run journal check, then restore a backup (README: Restoring a backup)."
    )


def keep_out_of_collections() -> None:
    """Exempt what is alive now (modules, styles, the widgets: ~170k objects) from the cyclic collector.

    A full collection walks every tracked object: 90-100 ms on the UI thread, at a random keystroke.
    After loading, these objects live as long as the app, so `gc.freeze()` moves them out of the
    collector's reach; what is created later (rows, pages, details) is collected as usual.
    """
    gc.freeze()


def resume_collections() -> None:
    """Turn the cyclic collector back on if the start paused it (`journal` does, before importing Textual).

    Starting allocates hundreds of thousands of objects that live as long as the app (modules, styles,
    widgets), so the collector ran about twenty times before the first rows, once over everything
    (60-70 ms together at 120x36).  Without it, start-up keeps each object until refcounting frees it;
    once the rows are shown, what is alive is frozen out of the collector's reach and collecting resumes.

    It resumes with a larger young generation: drawing one filter keystroke's rows allocates tens of thousands
    of short-lived objects (segments, styles, strips), and at the default 700 the collector ran several times a
    key, walking the table's caches each time (1-4 ms per run, a dozen ms on some keys; measured in tmux at
    100k entries: median 57 -> 51 ms, max 135 -> 71 ms a key).  Garbage cycles wait a little longer.
    """
    if not gc.isenabled():
        gc.freeze()
        gc.set_threshold(YOUNG_GENERATION, *gc.get_threshold()[1:])
        gc.enable()
