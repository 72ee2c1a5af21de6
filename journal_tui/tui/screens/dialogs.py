"""Small modal dialogs: confirm a delete, pick a goal to link, show every key; and exporting a document."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.markup import escape
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from journal_tui.tui.text import one_line, plain

if TYPE_CHECKING:
    from textual.app import App

    from journal_tui.data.store import GoalRow


SUBJECT_WIDTH = 60  # characters of a title or feedback quoted in a dialog's title


def subject(noun: str, row_id: int, text: str, who: str | None = None) -> str:
    """How a dialog names what it acts on: `entry 3 “Shipped the audit log”`, `feedback 6 from Maria “Share…”`;
    the words on one line, cut to fit a dialog's title.  Every picker and question names its subject this way."""
    words = one_line(text)
    if len(words) > SUBJECT_WIDTH:
        words = words[: SUBJECT_WIDTH - 1].rstrip() + "…"
    return f"{noun} {row_id}{f' from {one_line(who)}' if who else ''} “{words}”"


class ConfirmScreen(ModalScreen[bool]):
    CSS_PATH = "forms.tcss"
    BINDINGS = [Binding("y,enter", "answer(True)", "Yes"), Binding("n,escape", "answer(False)", "No")]

    def __init__(self, question: str, *, hint: str = "y yes · n no (a delete can be undone with u)") -> None:
        super().__init__()
        self.question = question
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog small"):
            yield Label(plain(self.question))
            yield Label(self.hint, classes="field-label", markup=False)

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


class ConflictScreen(ModalScreen[str | None]):
    """An edit collided with a change from another program: overwrite it, reload the form, or go back to it."""

    CSS_PATH = "forms.tcss"
    BINDINGS = [
        Binding("o", "answer('overwrite')", "Overwrite"),
        Binding("r", "answer('reload')", "Reload"),
        Binding("c,escape", "answer('cancel')", "Back to the form"),
    ]

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog small"):
            yield Label(plain(self.message))
            yield Label(
                "o overwrite their change with yours · r reload theirs (drops your edit) · c back to your edit",
                classes="field-label",
                markup=False,
            )

    def action_answer(self, choice: str) -> None:
        self.dismiss(choice)


class DeletedElsewhereScreen(ModalScreen[str | None]):
    """An edit's row was deleted by another program: save what was typed as a new row, or go back to it."""

    CSS_PATH = "forms.tcss"
    BINDINGS = [
        Binding("s,enter", "answer('new')", "Save as new"),
        Binding("c,escape", "answer('back')", "Back to the form"),
    ]

    def __init__(self, message: str, noun: str) -> None:
        super().__init__()
        self.message = message
        self.noun = noun

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog small"):
            yield Label(plain(self.message))
            yield Label(
                f"s save your text as a new {self.noun} · c back to your edit", classes="field-label", markup=False
            )

    def action_answer(self, choice: str) -> None:
        self.dismiss(choice)


class PathPrompt(ModalScreen[str | None]):
    """Ask for a file name, prefilled; enter accepts, escape cancels."""

    CSS_PATH = "forms.tcss"
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, question: str, value: str) -> None:
        super().__init__()
        self.question = question
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(plain(self.question), classes="dialog-title")
            yield Input(self.value, id="path-input", select_on_focus=False)
            yield Label("[b]enter[/] write · [b]escape[/] cancel", classes="field-label")

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#path-input", Input))

    @on(Input.Submitted, "#path-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip() or None)


class GoalPicker(ModalScreen[int | None]):
    """Choose a goal; goals already linked are marked, choosing one of them unlinks it."""

    CSS_PATH = "forms.tcss"
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, goals: list[GoalRow], linked: tuple[int, ...], about: str) -> None:
        super().__init__()
        self.goals = goals
        self.linked = set(linked)
        self.about = about  # the entry, as `subject` names it

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(plain(f"Link {self.about} to a goal (enter; a ✓ goal is unlinked)"), classes="dialog-title")
            options = [
                Option(
                    Text.assemble(
                        ("✓ " if g.id in self.linked else "  "),
                        one_line(g.title),
                        (f"  due {g.due_on}" if g.due_on else "", "dim"),
                    ),
                    id=str(g.id),
                )
                for g in self.goals
            ]
            if not options:
                options = [Option("No active goals: press 2 then n to add one.", disabled=True)]
            yield OptionList(*options)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id) if event.option.id else None)


class HelpScreen(ModalScreen[None]):
    """Every key, read from the bindings themselves so it can never go stale.

    A table whose "Does" column wraps within the dialog: every line is read whole at any width (a DataTable cut
    them at the dialog's edge); the dialog grows with the terminal, and scrolls when the keys are more than fit.
    """

    CSS_PATH = "forms.tcss"
    BINDINGS = [Binding("escape,question_mark,q", "dismiss(None)", "Close")]

    def __init__(self, sections: list[tuple[str, list[tuple[str, str]]]], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.sections = sections

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Keys  (escape closes · ctrl+p opens the command palette)", classes="dialog-title")
            with VerticalScroll(id="help-scroll"):
                yield Static(keys_table(self.sections), id="help-keys")

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#help-scroll", VerticalScroll))  # up, down, pgup, pgdn scroll the keys


def keys_table(sections: list[tuple[str, list[tuple[str, str]]]]) -> Table:
    """Where, key, what it does: the last column takes the rest of the width and wraps (user text never appears)."""
    table = Table(box=None, show_header=True, header_style="bold", expand=True, padding=(0, 1), pad_edge=False)
    table.add_column("Where", style="bold", no_wrap=True)
    table.add_column("Key", style="bold cyan", no_wrap=True)
    table.add_column("Does", ratio=1, overflow="fold")
    for section, keys in sections:
        for i, (key, text) in enumerate(keys):
            table.add_row(section if i == 0 else "", Text(key), Text(text))
    return table


def export_markdown(
    app: App[Any], what: str, default: Path, text: str, written: Callable[[Path], None] | None = None
) -> None:
    """Ask where to write `text` (prefilled with `default`), ask again before replacing a file, write it 0600 (whole or
    not at all, never through a symbolic link: `private.write_private`).

    A relative answer is taken beside `default`; a folder gets `default`'s name inside it.  The review and
    the case export this way: they hold feedback about colleagues, private like the journal.
    """

    def refused(path: Path, exc: OSError) -> None:
        app.notify(f"Cannot write {escape(str(path))}: {escape(exc.strerror or str(exc))}", severity="error")

    def write(path: Path) -> None:
        from journal_tui.private import write_private

        try:
            write_private(str(path), text)
        except OSError as exc:
            refused(path, exc)
            return
        app.notify(f"Exported the {what} to {escape(str(path))}")
        if written is not None:
            written(path)

    def chosen(answer: str | None) -> None:
        if not answer:
            return
        path = Path(answer).expanduser()
        if not path.is_absolute():
            path = default.parent / path
        if path.is_dir():
            path = path / default.name
        from journal_tui.private import refuse_link

        try:
            refuse_link(str(path))  # before "Replace it?": a link is refused whatever the answer
        except OSError as exc:
            refused(path, exc)
            return
        if path.exists():
            app.push_screen(
                ConfirmScreen(f"{path} exists. Replace it?", hint="y replace · n keep it"),
                lambda yes: write(path) if yes else None,
            )
        else:
            write(path)

    app.push_screen(PathPrompt(f"Write the {what} as Markdown to:", str(default)), chosen)
