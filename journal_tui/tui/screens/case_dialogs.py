"""Small modals of the promotion case: pick an entry as a response, pick a criterion.

User text (entry titles, criterion names, paths) is shown as rich Text through tui/text.py: never markup,
never a control code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from journal_tui.tui.text import one_line, plain

if TYPE_CHECKING:
    from journal_tui.roles import Criterion
    from journal_tui.store import EntryRow


class _Picker(ModalScreen[int | None]):
    """An OptionList of ids; a ✓ row is already linked, and choosing it unlinks it."""

    CSS_PATH = "case.tcss"
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]
    TITLE_TEXT = ""
    EMPTY_TEXT = ""

    def __init__(self, options: list[tuple[int, Text]], linked: set[int], title: str | None = None) -> None:
        super().__init__()
        self.options = options
        self.linked = linked
        self.title_text = title or self.TITLE_TEXT

    def compose(self) -> ComposeResult:
        with Vertical(classes="case-dialog"):
            yield Label(plain(self.title_text), classes="case-dialog-title")
            opts = [Option(Text.assemble("✓ " if i in self.linked else "  ", label), id=str(i))
                    for i, label in self.options]
            yield OptionList(*(opts or [Option(Text(self.EMPTY_TEXT), disabled=True)]), id="case-picker-list")

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id) if event.option.id else None)


class ResponsePicker(_Picker):
    TITLE_TEXT = "Which entry is what you did about this feedback? (enter; a ✓ entry is unlinked)"
    EMPTY_TEXT = "No entries since this feedback: log what you did (1, then n), then press r again."

    @classmethod
    def of(cls, entries: list[EntryRow], linked: set[int], feedback_text: str) -> ResponsePicker:
        options = [(e.id, Text.assemble((e.occurred_on.isoformat(), "dim"), "  ", one_line(e.title))) for e in entries]
        short = one_line(feedback_text)
        short = short if len(short) <= 60 else short[:59] + "…"
        return cls(options, linked, f"Respond to “{short}”: pick the entry (a ✓ entry is unlinked)")


class CriterionPicker(_Picker):
    TITLE_TEXT = "Attach this win to a criterion of your target role (enter; a ✓ criterion detaches it)"
    EMPTY_TEXT = 'No criteria yet: journal role criterion add "Leads cross-team work" --skill leadership --need 3'

    @classmethod
    def of(cls, criteria: list[Criterion], linked: set[int]) -> CriterionPicker:
        options = [(c.id, Text.assemble(one_line(c.name), (f"  need {c.need}", "dim"),
                                        (f"  · {one_line(', '.join(c.skills))}" if c.skills else "", "magenta")))
                   for c in criteria]
        return cls(options, linked)
