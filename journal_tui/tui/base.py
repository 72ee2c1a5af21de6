"""What every widget and screen of the app shares: failures reported upwards, and the app typed.

Textual posts `Worker.StateChanged` to the node that started the worker, and it
does not bubble; a pane's failed load would die silently.  Widgets and screens mix
in `ReportsFailures`, which turns a failed worker into `WorkFailed`, a message that
bubbles to the app, where one handler reports every failure (a notification and a
log line).  `journal_app(node)` is the typed way for a widget to read the app's state.
`read_with(reader, query)` is how a worker runs a read of a feature (`stats.build`,
`harvest.pending_count`...): the app never opens a connection or names an engine.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar, cast

from textual.message import Message
from textual.worker import Worker, WorkerState

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from journal_tui.data.conn import Connection
    from journal_tui.data.reader import Reader
    from journal_tui.tui.app import JournalApp

T = TypeVar("T")


@dataclass
class WorkFailed(Message):
    """A thread worker raised: the app reports it once, whatever the widget."""

    worker: Worker[object]


class ReportsFailures:
    """Mixed into widgets and screens that run workers: a failed worker is reported, never silent."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR:
            cast("DOMNode", self).post_message(WorkFailed(event.worker))


def journal_app(node: DOMNode) -> JournalApp:
    """The running JournalApp, typed (a widget reads the filter, today or the reader through it)."""
    return cast("JournalApp", node.app)


def read_with(reader: Reader, query: Callable[[Connection], T]) -> T:
    """Run `query` (a read of the data package or a feature, given the connection) in the reader's read
    transaction: one snapshot, shared by the reads nested in it on this thread, on whichever engine the journal
    is; a database error comes out as one sentence (a JournalError).  Call from a worker."""
    with reader.reading() as conn:
        return query(conn)
