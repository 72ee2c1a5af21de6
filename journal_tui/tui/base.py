"""What every widget and screen of the app shares: failures reported upwards, and blocking work awaited.

Textual posts `Worker.StateChanged` to the node that started the worker, and it
does not bubble; a pane's failed load would die silently.  Widgets and screens mix
in `ReportsFailures`, which turns a failed worker into `WorkFailed`, a message that
bubbles to the app, where one handler reports every failure (a notification and a
log line).  `in_thread` runs a blocking read or write in a thread worker and awaits
it from an async worker: the result comes back on the UI thread as a value, never
through `call_from_thread`, and a failure is reported once (by the thread worker)
before `WorkerFailed` ends the waiting worker quietly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar, cast

from textual.message import Message
from textual.worker import Worker, WorkerCancelled, WorkerFailed, WorkerState

if TYPE_CHECKING:
    from textual.dom import DOMNode

T = TypeVar("T")
# a worker that failed because the thread it awaited failed (reported already) or was cancelled: not news
ALREADY_REPORTED = (WorkerFailed, WorkerCancelled)


@dataclass
class WorkFailed(Message):
    """A worker raised: the app reports it once, whatever the widget."""

    worker: Worker[object]


class ReportsFailures:
    """Mixed into widgets and screens that run workers: a failed worker is reported, never silent."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR:
            cast("DOMNode", self).post_message(WorkFailed(event.worker))


async def in_thread(node: DOMNode, fn: Callable[[], T], name: str) -> T:
    """Run `fn` (a read or a write: blocking) in a thread worker of `node` and await its result.

    If it fails, the failure is reported where failures go (`ReportsFailures`, the app) and `WorkerFailed`
    (carrying the error) is raised here: a caller that has more to say (a form to reopen) catches it; otherwise it
    ends the awaiting worker, whose own failure the app knows not to report twice (`ALREADY_REPORTED`)."""
    worker: Worker[T] = node.run_worker(fn, name=name, group=name, thread=True, exit_on_error=False)
    return await worker.wait()
