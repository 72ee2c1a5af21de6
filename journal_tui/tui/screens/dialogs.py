"""Small modal dialogs: confirm a delete, pick a goal to link, show every key."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label, OptionList
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from journal_tui.store import GoalRow


class ConfirmScreen(ModalScreen[bool]):
    CSS_PATH = "forms.tcss"
    BINDINGS = [Binding("y,enter", "answer(True)", "Yes"), Binding("n,escape", "answer(False)", "No")]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog small"):
            yield Label(self.question)
            yield Label("[b]y[/] yes · [b]n[/] no (a delete can be undone with [b]u[/])", classes="field-label")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


class GoalPicker(ModalScreen[int | None]):
    """Choose a goal; goals already linked are marked, choosing one of them unlinks it."""

    CSS_PATH = "forms.tcss"
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, goals: list[GoalRow], linked: tuple[int, ...]) -> None:
        super().__init__()
        self.goals = goals
        self.linked = set(linked)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Link this win to a goal (enter; a ✓ goal is unlinked)", classes="dialog-title")
            options = [Option(Text.assemble(("✓ " if g.id in self.linked else "  "), g.title,
                                            (f"  due {g.due_on}" if g.due_on else "", "dim")), id=str(g.id))
                       for g in self.goals]
            if not options:
                options = [Option("No active goals: press 2 then n to add one.", disabled=True)]
            yield OptionList(*options)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id) if event.option.id else None)


class HelpScreen(ModalScreen[None]):
    """Every key, read from the bindings themselves so it can never go stale."""

    CSS_PATH = "forms.tcss"
    BINDINGS = [Binding("escape,question_mark,q", "dismiss(None)", "Close")]

    def __init__(self, sections: list[tuple[str, list[tuple[str, str]]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Keys  (escape closes · ctrl+p opens the command palette)", classes="dialog-title")
            table: DataTable[Any] = DataTable(cursor_type="row", show_header=True)
            table.add_columns("Where", "Key", "Does")
            for section, keys in self.sections:
                for i, (key, text) in enumerate(keys):
                    table.add_row(Text(section if i == 0 else "", style="bold"), Text(key, style="bold cyan"), text)
            yield table
