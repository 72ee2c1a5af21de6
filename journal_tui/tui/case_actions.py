"""The app's promotion-case actions, kept out of app.py: open the Case screen, link a response, attach to a criterion.

A base of `JournalApp` (it reaches the app's `reader` and `run_write` through `journal_app`).
Database reads run in thread workers; the pickers are modals.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import App

from journal_tui.query import Filter
from journal_tui.tui.base import journal_app, read_with
from journal_tui.tui.text import md, one_line

if TYPE_CHECKING:
    from journal_tui.data.reader import Reader
    from journal_tui.data.store import EntryRow, FeedbackRow
    from journal_tui.roles import Criterion

MAX_RESPONSE_CHOICES = 200


def responses_md(store: Reader, feedback_id: int) -> str:
    """The feedback detail's tail: the entries linked as responses, or how to link one (runs in a worker)."""
    from journal_tui import responses

    ids = read_with(store, lambda conn: responses.responses_of(conn, [feedback_id]).get(feedback_id, []))
    if not ids:
        return "\n\n*No response linked: press **r** to pick the entry that answers it.*"
    lines = ["", "", "### What I did about it", ""]
    for i in ids:
        e = store.get_entry(i)
        lines.append(f"- {e.occurred_on.isoformat()} {md(one_line(e.title))}")
    return "\n".join(lines)


class CaseActions(App[int]):
    """`C` opens the Case screen; `r` on a feedback links a response; `c` on an entry attaches it to a criterion."""

    def action_case(self) -> None:
        if journal_app(self).require_reader():
            from journal_tui.tui.screens.case import CaseScreen

            self.push_screen(CaseScreen())

    @work(thread=True, exclusive=True, group="picker", exit_on_error=False)
    def pick_response_for(self, feedback: FeedbackRow) -> None:
        """Entries since the feedback was received (newest first), the linked ones marked."""
        from journal_tui import responses

        reader = journal_app(self).reader
        if reader is None:
            return
        entries = reader.list_entries(Filter(start=feedback.received_on), limit=MAX_RESPONSE_CHOICES)
        linked = set(read_with(reader, lambda conn: responses.responses_of(conn, [feedback.id]).get(feedback.id, [])))
        self.call_from_thread(self._show_response_picker, feedback, entries, linked)

    def _show_response_picker(self, feedback: FeedbackRow, entries: list[EntryRow], linked: set[int]) -> None:
        from journal_tui.responses import set_response
        from journal_tui.tui.screens.case_dialogs import ResponsePicker

        def chosen(entry_id: int | None) -> None:
            if entry_id is None:
                return
            unlink = entry_id in linked
            journal_app(self).run_write(
                lambda s: set_response(s, feedback.id, entry_id, linked=not unlink),
                f"Entry {entry_id} {'is no longer' if unlink else 'is now'} a response to feedback {feedback.id}.",
            )

        self.push_screen(ResponsePicker.of_feedback(entries, linked, feedback), chosen)

    @work(thread=True, exclusive=True, group="picker", exit_on_error=False)
    def pick_criterion_for(self, entry_id: int, title: str) -> None:
        from journal_tui import roles

        reader = journal_app(self).reader
        if reader is None:
            return
        criteria, linked_ids = read_with(
            reader, lambda conn: (roles.list_criteria(conn), roles.criteria_of_entry(conn, entry_id))
        )
        linked = set(linked_ids)
        self.call_from_thread(self._show_criterion_picker, entry_id, title, criteria, linked)

    def _show_criterion_picker(self, entry_id: int, title: str, criteria: list[Criterion], linked: set[int]) -> None:
        from journal_tui import roles
        from journal_tui.tui.screens.case_dialogs import CriterionPicker
        from journal_tui.tui.screens.dialogs import subject

        def chosen(criterion_id: int | None) -> None:
            if criterion_id is None:
                return
            detach = criterion_id in linked
            journal_app(self).run_write(
                lambda s: roles.link_entry(s, entry_id, criterion_id, linked=not detach),
                f"{'Detached' if detach else 'Attached'} entry {entry_id} "
                f"{'from' if detach else 'to'} criterion {criterion_id}.",
            )

        self.push_screen(CriterionPicker.of(criteria, linked, subject("entry", entry_id, title)), chosen)
