"""The help dialog's content (`?`): every key that matters, read from the classes that define it, so the help
never drifts from the bindings."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.binding import Binding

from journal_tui.tui.screens.activity import ActivityScreen
from journal_tui.tui.screens.case import CaseScreen
from journal_tui.tui.screens.case_gaps import GapList
from journal_tui.tui.screens.form import FormScreen
from journal_tui.tui.screens.inbox import InboxScreen
from journal_tui.tui.screens.review import ReviewScreen
from journal_tui.tui.widgets.feedback_pane import FeedbackPane
from journal_tui.tui.widgets.goals_pane import GoalsPane
from journal_tui.tui.widgets.journal_pane import JournalPane
from journal_tui.tui.widgets.people_pane import PeoplePane

LISTS = [
    ("↑ ↓ pgup pgdn", "move"),
    ("home / end", "first / last row"),
    ("enter", "(journal, feedback; narrow terminal) the selected item in full; escape: back to the list"),
    ("enter", "(facets) add or remove the filter term"),
    ("enter", "(filter bar) back to the list, keeping the filter"),
]


def help_sections(app: App[Any]) -> list[tuple[str, list[tuple[str, str]]]]:
    """Every binding that matters, section by section, with the keys as the app displays them."""
    sections = []
    for title, classes in (
        ("Anywhere", (type(app),)),
        ("Journal", (JournalPane,)),
        ("Goals", (GoalsPane,)),
        ("Feedback", (FeedbackPane,)),
        ("People", (PeoplePane,)),
        ("Forms", (FormScreen,)),
        ("Review", (ReviewScreen,)),
        ("Case", (CaseScreen, GapList)),
        ("Activity", (ActivityScreen,)),
        ("Inbox", (InboxScreen,)),
    ):
        keys = []
        seen = set()
        for klass in (k for cls in classes for k in reversed(cls.__mro__)):
            if klass.__module__.startswith("textual."):
                continue  # Textual's own (focus moves, copy): not the journal's keys
            for b in getattr(klass, "BINDINGS", []) if "BINDINGS" in vars(klass) else []:
                if isinstance(b, Binding) and b.description and b.key not in seen and b.key != "tab":
                    seen.add(b.key)
                    shown = " / ".join(app.get_key_display(Binding(key.strip(), b.action)) for key in b.key.split(","))
                    keys.append((shown, b.tooltip or b.description))
        sections.append((title, keys))
    sections.append(("Lists", LISTS))
    return sections
