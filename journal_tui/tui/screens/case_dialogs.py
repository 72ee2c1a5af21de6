"""Small modals of the promotion case: pick an entry (a response, a goal's evidence), pick a criterion; each names
what the choice is for (`dialogs.subject`).

User text (entry titles, criterion names, paths) is shown as rich Text through tui/text.py: never markup,
never a control code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from journal_tui.tui.screens.dialogs import subject
from journal_tui.tui.text import one_line, plain
from journal_tui.tui.widgets.hanging import Hanging

if TYPE_CHECKING:
    from journal_tui.roles import Criterion
    from journal_tui.rows import EntryRow, FeedbackRow


class _Picker(ModalScreen[int | None]):
    """An OptionList of ids; a ✓ row is already linked, and choosing it unlinks it."""

    CSS_PATH = "case.tcss"
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]
    TITLE_TEXT = ""
    EMPTY_TEXT = ""

    def __init__(self, options: list[tuple[int, Text, Text]], linked: set[int], title: str | None = None) -> None:
        """`options`: (id, lead, words) each; a line too long wraps under its words (`Hanging`), not under the ✓."""
        super().__init__()
        self.options = options
        self.linked = linked
        self.title_text = title or self.TITLE_TEXT  # names what the choice is for (`dialogs.subject`)
        self.empty_text = self.EMPTY_TEXT

    def compose(self) -> ComposeResult:
        with Vertical(classes="case-dialog"):
            yield Label(plain(self.title_text), classes="case-dialog-title")
            opts = [
                Option(Hanging([(Text.assemble("✓ " if i in self.linked else "  ", lead), words)]), id=str(i))
                for i, lead, words in self.options
            ]
            yield OptionList(*(opts or [Option(Text(self.empty_text), disabled=True)]), id="case-picker-list")

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id) if event.option.id else None)


class EntryPicker(_Picker):
    """Choose an entry (newest first, with its date): the answer to a feedback, the evidence for a goal."""

    TITLE_TEXT = "Which entry?"
    HINT = "(enter picks it; a ✓ entry is unlinked)"

    @classmethod
    def of(cls, entries: list[EntryRow], linked: set[int], title: str, *, empty: str = "") -> Self:
        """`title` asks the question and names its subject (`dialogs.subject`)."""
        options = [
            (e.id, Text(f"{e.occurred_on.isoformat()}  ", style="dim"), Text(one_line(e.title))) for e in entries
        ]
        picker = cls(options, linked, f"{title} {cls.HINT}")
        picker.empty_text = empty or picker.empty_text
        return picker


class ResponsePicker(EntryPicker):
    EMPTY_TEXT = "No entries since this feedback: log what you did (1, then n), then press r again."

    @classmethod
    def of_feedback(cls, entries: list[EntryRow], linked: set[int], feedback: FeedbackRow) -> Self:
        about = subject("feedback", feedback.id, feedback.text, feedback.person)
        return cls.of(entries, linked, f"Which entry answers {about}?")


class CriterionPicker(_Picker):
    EMPTY_TEXT = 'No criteria yet: journal role criterion add "Leads cross-team work" --skill leadership --need 3'

    @classmethod
    def of(cls, criteria: list[Criterion], linked: set[int], about: str) -> Self:
        options = [
            (
                c.id,
                Text(),
                Text.assemble(
                    one_line(c.name),
                    (f"  need {c.need}", "dim"),
                    (f"  · {one_line(', '.join(c.skills))}" if c.skills else "", "magenta"),
                ),
            )
            for c in criteria
        ]
        return cls(
            options, linked, f"Attach {about} to a criterion of your target role (enter; a ✓ criterion detaches it)"
        )
