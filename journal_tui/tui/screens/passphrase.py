"""The passphrase of an encrypted journal, asked in a dialog before anything of the journal is shown.

The app's first frame is this dialog when the key is not at hand ($JOURNAL_KEY unset, the key not remembered in the
system keyring).  The passphrase is derived and checked in a worker (PBKDF2, 0.1-0.3 s: once for the whole session,
see `data/cipher.py`); a wrong one says so and asks again; escape leaves the app with the journal untouched.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from journal_tui.data import cipher
from journal_tui.tui.base import ReportsFailures, in_thread
from journal_tui.tui.text import one_line


class PassphraseScreen(ReportsFailures, ModalScreen[bool]):
    """True once the passphrase opened the journal (every later connection of the app uses its key); False on escape."""

    CSS_PATH = "forms.tcss"
    BINDINGS = [Binding("escape", "leave", "Quit", tooltip="Leave the app; the journal stays as it is")]

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog small"):
            yield Label(f"{one_line(self.path)} is encrypted. Its passphrase:", markup=False)
            yield Input(password=True, id="passphrase")
            yield Label("", id="passphrase-problem", classes="field-label", markup=False)
            yield Label(
                "enter open · escape quit · nothing can recover a lost passphrase", classes="field-label", markup=False
            )

    @on(Input.Submitted, "#passphrase")
    def submitted(self, event: Input.Submitted) -> None:
        if not event.value:
            return
        event.input.disabled = True
        self.query_one("#passphrase-problem", Label).update("checking…")
        self.check(event.value)

    @work(exclusive=True, group="passphrase", exit_on_error=False)
    async def check(self, passphrase: str) -> None:
        opened = await in_thread(self, lambda: cipher.unlock_with(self.path, passphrase), "passphrase-thread")
        if opened:
            self.dismiss(True)
            return
        self.query_one("#passphrase-problem", Label).update("That passphrase does not open the journal; try again.")
        field = self.query_one("#passphrase", Input)
        field.value = ""
        field.disabled = False
        field.focus()

    def action_leave(self) -> None:
        self.dismiss(False)
