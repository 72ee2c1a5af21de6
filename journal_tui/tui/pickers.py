"""The pickers: choose a goal for an entry, a response to a feedback, a criterion or a win, then write the link.

Each is a coroutine run as an async worker of the widget that asks (`node.run_worker(pick_goal(...))`): the
choices are read in a thread (`in_thread`), the picker is pushed on the UI thread (the worker ends there: nothing
waits on a dialog), and the choice goes up as a `WriteRequested` to the app's write flow.  A failed read is
reported once and the picker does not open.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from journal_tui import responses, roles
from journal_tui.query import Filter
from journal_tui.tui.base import in_thread
from journal_tui.tui.messages import WriteRequested
from journal_tui.tui.screens.case_dialogs import CriterionPicker, EntryPicker, ResponsePicker
from journal_tui.tui.screens.dialogs import GoalPicker, subject

if TYPE_CHECKING:
    from textual.widget import Widget

    from journal_tui.data.store import EntryRow, FeedbackRow
    from journal_tui.dates import DateRange
    from journal_tui.tui.context import JournalContext

MAX_CHOICES = 200  # entries a picker offers (newest first)


async def pick_goal(node: Widget, ctx: JournalContext, entry_id: int, linked: tuple[int, ...], title: str) -> None:
    """`l` on an entry: the active goals (and those it is linked to); the chosen one is linked or unlinked."""
    goals = await in_thread(
        node, lambda: [g for g in ctx.details().list_goals() if g.status == "active" or g.id in linked], "goal-picker"
    )

    def chosen(goal_id: int | None) -> None:
        if goal_id is not None:
            node.post_message(_goal_link(entry_id, goal_id, unlink=goal_id in linked))

    node.app.push_screen(GoalPicker(goals, linked, subject("entry", entry_id, title)), chosen)


async def pick_response(node: Widget, ctx: JournalContext, feedback_id: int) -> None:
    """`r` on a feedback: the entries since it was received (newest first, the linked ones marked); the chosen one
    becomes, or stops being, a response to it."""

    def read() -> tuple[FeedbackRow, list[EntryRow], set[int]]:
        reader = ctx.details()
        feedback = reader.get_feedback(feedback_id)
        entries = reader.list_entries(Filter(start=feedback.received_on), limit=MAX_CHOICES)
        linked = ctx.read(lambda conn: responses.responses_of(conn, [feedback_id]).get(feedback_id, []))
        return feedback, entries, set(linked)

    feedback, entries, linked = await in_thread(node, read, "response-picker")

    def chosen(entry_id: int | None) -> None:
        if entry_id is not None:
            unlink = entry_id in linked
            node.post_message(
                WriteRequested(
                    lambda s: responses.set_response(s, feedback_id, entry_id, linked=not unlink),
                    f"Entry {entry_id} {'is no longer' if unlink else 'is now'} a response to feedback {feedback_id}.",
                )
            )

    node.app.push_screen(ResponsePicker.of_feedback(entries, linked, feedback), chosen)


async def pick_criterion(node: Widget, ctx: JournalContext, entry_id: int, title: str) -> None:
    """`c` on an entry: the target role's criteria (those it is attached to marked)."""
    criteria, linked_ids = await in_thread(
        node,
        lambda: ctx.read(lambda conn: (roles.list_criteria(conn), roles.criteria_of_entry(conn, entry_id))),
        "criterion-picker",
    )
    linked = set(linked_ids)

    def chosen(criterion_id: int | None) -> None:
        if criterion_id is not None:
            detach = criterion_id in linked
            node.post_message(
                WriteRequested(
                    lambda s: roles.link_entry(s, entry_id, criterion_id, linked=not detach),
                    f"{'Detached' if detach else 'Attached'} entry {entry_id} "
                    f"{'from' if detach else 'to'} criterion {criterion_id}.",
                )
            )

    node.app.push_screen(CriterionPicker.of(criteria, linked, subject("entry", entry_id, title)), chosen)


async def pick_win(node: Widget, ctx: JournalContext, goal_id: int, title: str, period: DateRange) -> None:
    """A goal without evidence (the case's gaps): the period's wins, newest first (those linked to the goal
    marked); the chosen one becomes its evidence."""
    entries = await in_thread(
        node,
        lambda: ctx.details().list_entries(Filter(start=period.start, end=period.end), limit=MAX_CHOICES),
        "win-picker",
    )
    linked = {e.id for e in entries if goal_id in e.goal_ids}
    question = f"Which win is evidence for {subject('goal', goal_id, title)}?"
    empty = "No entries in this period: log a win (1, then n) first."

    def chosen(entry_id: int | None) -> None:
        if entry_id is not None:
            node.post_message(_goal_link(entry_id, goal_id, unlink=entry_id in linked))

    node.app.push_screen(EntryPicker.of(entries, linked, question, empty=empty), chosen)


def _goal_link(entry_id: int, goal_id: int, *, unlink: bool) -> WriteRequested:
    """Link the entry to the goal as evidence, or unlink it."""
    return WriteRequested(
        lambda s: s.link(entry_id, goal_id, linked=not unlink),
        f"{'Unlinked' if unlink else 'Linked'} entry {entry_id} {'from' if unlink else 'to'} goal {goal_id}.",
    )
