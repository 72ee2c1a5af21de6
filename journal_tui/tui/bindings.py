"""The main screen's keys, in the footer's order (the focused pane's keys come first).

Keys that move the focus are priority bindings that move it at once: the keys typed right after them must land where
they sent the focus, however fast they come (an Input or TextArea that takes a printable key keeps it, Textual filters
those out).  Every binding has an `id` (a user keymap can rebind it) and a tooltip (the help dialog shows it).
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

APP_BINDINGS: list[BindingType] = [
    Binding(
        "slash",
        "focus_filter",
        "Filter",
        id="filter",
        priority=True,
        tooltip="Type a filter (project:, skill:, in:, words)",
    ),
    Binding(
        "R", "screen('review')", "Review", id="review", priority=True, tooltip="Open the review of a period's wins"
    ),
    Binding(
        "f",
        "toggle_facets",
        "Facets",
        id="facets",
        priority=True,
        tooltip="Show projects, skills and people to filter by",
    ),
    Binding("u", "undo", "Undo", id="undo", tooltip="Undo the last delete"),
    Binding(
        "C",
        "screen('case')",
        "Case",
        id="case",
        priority=True,
        tooltip="Open your promotion case against the target role",
    ),
    Binding(
        "w",
        "screen('activity')",
        "Activity",
        id="activity",
        priority=True,
        tooltip="Streaks, the year as a heatmap, weekly counts",
    ),
    Binding(
        "W",
        "checkin",
        "Check-in",
        id="checkin",
        priority=True,
        tooltip="The weekly check-in: wins, learned, setbacks, focus",
    ),
    Binding(
        "i",
        "screen('inbox')",
        "Inbox",
        id="inbox",
        show=False,
        tooltip="Suggestions from your commits: accept, skip",
    ),
    Binding("question_mark", "help", "Keys", id="help", priority=True, tooltip="Show every key"),
    # not a priority key: in the filter bar and in a form's fields `q` is a letter, the field takes it first
    Binding(
        "q",
        "leave",
        "Quit",
        id="quit-key",
        tooltip="Quit, from the lists and from the Review, Case and Activity screens (nothing is lost: every "
        "change is saved as it is made); in the filter bar and in forms q is typed, in a dialog "
        "it does nothing (escape closes it)",
    ),
    Binding(
        "escape",
        "step_back",
        "Back",
        id="back",
        priority=True,
        tooltip="Step back: close the facets, back from a detail to its list, leave and clear the filter bar, "
        "clear the filter",
    ),
    Binding(
        "1",
        "show_pane('journal')",
        "Journal",
        id="pane-journal",
        show=False,
        priority=True,
        tooltip="Show the Journal pane",
    ),
    Binding(
        "2",
        "show_pane('goals')",
        "Goals",
        id="pane-goals",
        show=False,
        priority=True,
        tooltip="Show the Goals pane",
    ),
    Binding(
        "3",
        "show_pane('feedback')",
        "Feedback",
        id="pane-feedback",
        show=False,
        priority=True,
        tooltip="Show the Feedback pane",
    ),
    Binding(
        "4",
        "show_pane('people')",
        "People",
        id="pane-people",
        show=False,
        priority=True,
        tooltip="Show the People pane",
    ),
    Binding("ctrl+r", "refresh", "Refresh", id="refresh", show=False, tooltip="Reload from the journal file"),
    Binding("ctrl+q", "quit", "Quit", id="quit", show=False, priority=True, tooltip="Quit"),
]
