"""The app's inbox actions, kept out of app.py: `i` opens the Inbox screen, the header counts what waits,
and a suggestion is accepted through the entry form (`e` on the Inbox screen).

A base of `JournalApp` (it reaches the app's `reader`, `today`, `run_write` and `_form` through
`journal_app`).  The count is one indexed `count(*)` in a worker, read again whenever the app's revision
moves (a write here, or `journal harvest` in another shell), and not before the first rows are shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App

from journal_tui.tui.base import journal_app, read_with

if TYPE_CHECKING:
    from journal_tui.data.store import Store
    from journal_tui.harvest import SuggestionRow


def inbox_title(base: str, waiting: int) -> str:
    """The header's title: the app's name, and how many suggestions wait (with the key that shows them)."""
    return f"{base} · {waiting:,} suggestion{'s' if waiting != 1 else ''} from git (i)" if waiting else base


class InboxActions(App[int]):
    """`i` opens the Inbox; the header says how many suggestions wait."""

    def action_inbox(self) -> None:
        if journal_app(self).require_reader():
            from journal_tui.tui.screens.inbox import InboxScreen

            self.push_screen(InboxScreen())

    def count_inbox(self) -> None:
        app = journal_app(self)
        if app.reader is not None and not app.starting:
            self._count_inbox()

    @work(thread=True, exclusive=True, group="inbox-count", exit_on_error=False)
    def _count_inbox(self) -> None:
        from journal_tui import harvest

        reader = journal_app(self).reader
        if reader is None:
            return
        waiting = read_with(reader, harvest.pending_count)
        self.call_from_thread(self._show_inbox_count, waiting)

    def _show_inbox_count(self, waiting: int) -> None:
        self.title = inbox_title(type(self).TITLE or "journal", waiting)

    def accept_edited(self, s: SuggestionRow, starred: bool) -> None:
        """The entry form filled from a suggestion; what is saved is accepted (the form's values as they are)."""
        from journal_tui import harvest
        from journal_tui.tui.screens.forms import EntryForm

        app = journal_app(self)
        today = app.today
        values = {
            "text": s.title,
            "date": s.occurred_on.isoformat(),
            "project": s.project or "",
            "skills": ", ".join(s.skills),
            "impact": "",
            "starred": starred,
        }

        def save(store: Store, p: dict[str, Any]) -> harvest.Accepted:
            choice = harvest.Choice(
                text=p["text"],
                occurred_on=p["occurred_on"],
                project=p["project"],
                skills=p["skills"],
                impact=p["impact"],
                starred=p["starred"],
                exact=True,
            )
            return harvest.accept(store, s.id, choice, today)

        app._form(
            EntryForm,
            values,
            save,
            lambda a: f"Added entry {a.entry_id} from suggestion {s.id}.",
            title=f"Accept suggestion {s.id}",
        )
