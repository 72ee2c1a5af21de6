"""The app's promotion-case actions, kept out of app.py: open the Case screen, link a response, attach to a criterion.

A mixin for `JournalApp` (it uses the app's `store`, `today`, `run_write` and
`_require_store`).  Database reads run in thread workers; the pickers are modals.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work

from journal_tui.errors import JournalError
from journal_tui.query import Filter

if TYPE_CHECKING:
    from journal_tui.store import FeedbackRow

MAX_RESPONSE_CHOICES = 200


def responses_md(store: Any, feedback_id: int) -> str:
    """The feedback detail's tail: the entries linked as responses, or how to link one (runs in a worker)."""
    from journal_tui import responses
    from journal_tui.roles import reading

    with reading(store) as conn:
        ids = responses.responses_of(conn, [feedback_id]).get(feedback_id, [])
    if not ids:
        return "\n\n*No response linked: press **r** to pick the entry that answers it.*"
    lines = ["", "", "### What I did about it", ""]
    for i in ids:
        e = store.get_entry(i)
        lines.append(f"- {e.occurred_on.isoformat()} {e.title.replace('<', '&lt;')}")
    return "\n".join(lines)


class CaseActions:
    """`C` opens the Case screen; `r` on a feedback links a response; `c` on an entry attaches it to a criterion."""

    store: Any

    def action_case(self) -> None:
        if self._require_store():  # type: ignore[attr-defined]
            from journal_tui.tui.screens.case import CaseScreen

            self.push_screen(CaseScreen())  # type: ignore[attr-defined]

    @work(thread=True, exclusive=True, group="picker", exit_on_error=False)
    def pick_response_for(self, feedback: FeedbackRow) -> None:
        """Entries since the feedback was received (newest first), the linked ones marked."""
        from journal_tui import responses
        from journal_tui.roles import reading

        try:
            entries = self.store.list_entries(Filter(start=feedback.received_on), limit=MAX_RESPONSE_CHOICES)
            with reading(self.store) as conn:
                linked = set(responses.responses_of(conn, [feedback.id]).get(feedback.id, []))
        except JournalError as exc:
            self.call_from_thread(self.notify, str(exc), severity="error")  # type: ignore[attr-defined]
            return
        self.call_from_thread(self._show_response_picker, feedback, entries, linked)  # type: ignore[attr-defined]

    def _show_response_picker(self, feedback: FeedbackRow, entries: list, linked: set[int]) -> None:
        from journal_tui.responses import set_response
        from journal_tui.tui.screens.case_dialogs import ResponsePicker

        def chosen(entry_id: int | None) -> None:
            if entry_id is None:
                return
            unlink = entry_id in linked
            self.run_write(lambda: set_response(self.store, feedback.id, entry_id, linked=not unlink),  # type: ignore[attr-defined]
                           f"Entry {entry_id} {'is no longer' if unlink else 'is now'} a response to feedback {feedback.id}.")

        self.push_screen(ResponsePicker.of(entries, linked, feedback.text), chosen)  # type: ignore[attr-defined]

    @work(thread=True, exclusive=True, group="picker", exit_on_error=False)
    def pick_criterion_for(self, entry_id: int) -> None:
        from journal_tui import roles

        try:
            with roles.reading(self.store) as conn:
                criteria = roles.list_criteria(conn)
                linked = set(roles.criteria_of_entry(conn, entry_id))
        except JournalError as exc:
            self.call_from_thread(self.notify, str(exc), severity="error")  # type: ignore[attr-defined]
            return
        self.call_from_thread(self._show_criterion_picker, entry_id, criteria, linked)  # type: ignore[attr-defined]

    def _show_criterion_picker(self, entry_id: int, criteria: list, linked: set[int]) -> None:
        from journal_tui import roles
        from journal_tui.tui.screens.case_dialogs import CriterionPicker

        def chosen(criterion_id: int | None) -> None:
            if criterion_id is None:
                return
            detach = criterion_id in linked
            self.run_write(lambda: roles.link_entry(self.store, entry_id, criterion_id, linked=not detach),  # type: ignore[attr-defined]
                           f"{'Detached' if detach else 'Attached'} entry {entry_id} "
                           f"{'from' if detach else 'to'} criterion {criterion_id}.")

        self.push_screen(CriterionPicker.of(criteria, linked), chosen)  # type: ignore[attr-defined]
