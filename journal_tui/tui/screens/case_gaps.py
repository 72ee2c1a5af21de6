"""The Case screen's gaps as a list to act on: highlight a gap, press enter, and the app opens what it asks for.

The CLI's gap lines name commands (`journal feedback respond 6 ENTRY`); in the app, each kind of gap that can be
acted on names the key instead, and enter on it does what the command would: the response picker for unanswered
feedback, the entry's form for a key win without an impact, a picker of the period's wins for a goal without
evidence, the conversation form for a mentor or sponsor you lost touch with.  Those lines are written here from the
gap's JSON data (`case.Gap.data`, the documented shape); any other gap shows its Markdown lines, formatted.
A kind of gap that gains an action in the app adds one entry to `GAP_ACTIONS`.

The options are built in the case's worker; a long gap shows its first `GAP_ITEMS_SHOWN` items and says how many
more there are (the export, `x`, holds them all).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from journal_tui.plurals import plural
from journal_tui.tui.base import ReportsFailures
from journal_tui.tui.context import JournalContext
from journal_tui.tui.messages import EditRequested, FormRequested
from journal_tui.tui.pickers import pick_response, pick_win
from journal_tui.tui.screens.people_forms import ContactForm
from journal_tui.tui.text import markdown_lines, one_line
from journal_tui.tui.widgets.hanging import Hanging

if TYPE_CHECKING:
    from journal_tui.case import Case

GAP_ITEMS_SHOWN = 50
ACT_KEY = "enter"


@dataclass(frozen=True)
class GapAction:
    """What enter does on one kind of gap: `does` says it on the line, `words` writes the line from the gap's data."""

    does: str
    words: Callable[[dict[str, Any]], Text]


def _feedback_words(d: dict[str, Any]) -> Text:
    return Text.assemble("“", one_line(d["text"]), "” — ", (f"{one_line(d['from'])}, {d['date']}", "dim"))


def _win_words(d: dict[str, Any]) -> Text:
    return Text.assemble((d["date"], "bold"), " ", one_line(d["title"]))


def _goal_words(d: dict[str, Any]) -> Text:
    due = f" (due {d['due']}{', overdue' if d.get('overdue') else ''})" if d.get("due") else ""
    return Text.assemble(one_line(d["title"]), (due, "dim"))


def _person_words(d: dict[str, Any]) -> Text:
    return Text(one_line(d["text"]))


GAP_ACTIONS: dict[str, GapAction] = {
    "goals_without_evidence": GapAction("link a win to it", _goal_words),
    "unanswered_feedback": GapAction("pick the entry that answers it", _feedback_words),
    "wins_without_impact": GapAction("add its impact", _win_words),
    "stale_people": GapAction("log a conversation", _person_words),
}


def gap_options(case: Case) -> list[Option]:
    """The impact line, then each gap's title and items; an item the app can act on is an option enter selects
    (id `gap key:index into the gap's data`), the rest are shown, not selectable."""
    out: list[Option] = []
    if case.impact.wins:
        states = "states" if case.impact.wins == 1 else "state"
        out.append(
            _shown(
                Text(
                    f"{case.impact.with_impact} of {plural(case.impact.wins, 'win')} {states} an impact, "
                    f"{case.impact.with_number} with a number",
                    style="bold",
                )
            )
        )
    if case.gaps.empty:
        out.append(_shown(Text("No gaps in this period.", style="green")))
        return out
    out.append(_shown(Text("Gaps", style="bold underline")))
    for gap in case.gaps.items:
        if not gap.data:
            continue
        out.append(_shown(Text(one_line(gap.title), style="bold red")))
        action = GAP_ACTIONS.get(gap.key)
        shown = gap.data[:GAP_ITEMS_SHOWN]
        if action is not None:
            for i, item in enumerate(shown):
                words = action.words(item).append(f" — {ACT_KEY}: {action.does}", style="bold cyan")
                out.append(Option(Hanging([("  ", words)]), id=f"{gap.key}:{i}"))
        else:
            lines = markdown_lines(gap.lines[:GAP_ITEMS_SHOWN], indent="").split("\n")
            out += [_shown(line, "  ") for line in lines if line.plain]
        if len(gap.data) > len(shown):
            more = len(gap.data) - len(shown)
            out.append(_shown(Text(f"… and {more:,} more: x exports the whole case", style="dim"), "  "))
    return out


def _shown(words: Text, indent: str = "") -> Option:
    """A line of the list that is read, not chosen (a title, a gap with nothing to do in the app)."""
    return Option(Hanging([(indent, words)]), disabled=True)


class GapList(ReportsFailures, OptionList):
    """The gaps; enter on one the app can act on does it (`GAP_ACTIONS`)."""

    BINDINGS = [
        Binding(
            ACT_KEY,
            "select",
            "Act on gap",
            id="gap-act",
            tooltip="On a highlighted gap: respond to the feedback, add the win's impact, link a win to "
            "the goal, log a conversation",
        )
    ]

    def __init__(self, ctx: JournalContext, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.ctx = ctx
        self.case: Case | None = None

    def show_case(self, case: Case, options: list[Option]) -> None:
        self.case = case
        self.set_options(options)

    def act(self, option_id: str) -> None:
        """Do what the gap `key:index` asks, in the app (the CLI's line names a command for it)."""
        key, _, index = option_id.partition(":")
        case = self.case
        if case is None or key not in GAP_ACTIONS:
            return
        data = case.gaps[key].data[int(index)]
        if key == "unanswered_feedback":
            self.run_worker(pick_response(self, self.ctx, int(data["id"])), group="gap-action", exclusive=True)
        elif key == "wins_without_impact":
            self.post_message(EditRequested("entry", int(data["id"])))
        elif key == "goals_without_evidence":
            picking = pick_win(self, self.ctx, int(data["id"]), str(data["title"]), case.period)
            self.run_worker(picking, group="gap-action", exclusive=True)
        elif key == "stale_people":
            self.post_message(FormRequested(ContactForm.request(str(data["person"]))))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.act(event.option.id)
