"""What panes and screens ask of the app: a write, a form, an edit, a delete (messages up).

A widget never calls the app: it posts one of these and the app hands it to its `WriteFlow` (tui/flow.py), which
runs the write in a worker, opens the form, asks about conflicts and keeps the undo stack.  A form request says
everything the flow needs: the form, its values, how its values are written and what to say after.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias

from textual.message import Message

if TYPE_CHECKING:
    from journal_tui.data.reader import Reader
    from journal_tui.data.store import Store
    from journal_tui.tui.context import RowVersion
    from journal_tui.tui.flow import WriteFlow
    from journal_tui.tui.screens.form import FormScreen

Save: TypeAlias = "Callable[[Store, dict[str, Any]], Any]"  # a form's write, given the store and the form's values
Done: TypeAlias = "str | Callable[[Any], str]"  # what to say after a write (from its result)
# a question to answer before a form's write, read from the journal and the form's values (None: no question)
Confirm: TypeAlias = "Callable[[Reader, dict[str, Any]], str | None]"


@dataclass(frozen=True)
class Edit:
    """An edit form's row: its version when the form was filled, and how to save the form as a new row
    instead (the row was deleted by another program meanwhile)."""

    table: str
    row_id: int
    opened: RowVersion | None
    as_new: Save
    as_new_done: Done


@dataclass(frozen=True)
class FormRequest:
    """A form to open and what saving it does.  `confirm` reads, in a worker, a question to answer before the
    write (a merge); `edit`: the save first checks the row is unchanged and still there."""

    form: type[FormScreen]
    values: dict[str, Any]
    save: Save
    done: Done
    title: str | None = None
    confirm: Confirm | None = None
    edit: Edit | None = None


class FlowRequest(Message):
    """A request for the app's write flow; each kind says what it asks (`run`)."""

    def run(self, flow: WriteFlow) -> None:
        raise NotImplementedError


@dataclass
class WriteRequested(FlowRequest):
    """A write with no form (star, link, toggle a milestone): run it, say `done`, reload."""

    fn: Callable[[Store], Any]
    done: Done

    def run(self, flow: WriteFlow) -> None:
        flow.write(self.fn, self.done)


@dataclass
class FormRequested(FlowRequest):
    """`n` and friends: open this form; its save writes."""

    request: FormRequest

    def run(self, flow: WriteFlow) -> None:
        flow.form(self.request)


@dataclass
class EditRequested(FlowRequest):
    """`e` on an entry, goal or feedback: read it afresh with its version, then open its form."""

    table: str
    row_id: int

    def run(self, flow: WriteFlow) -> None:
        flow.edit(self.table, self.row_id)


@dataclass
class DeleteRequested(FlowRequest):
    """`d`: confirm, delete, keep the row for undo."""

    table: str
    row_id: int
    label: str

    def run(self, flow: WriteFlow) -> None:
        flow.delete(self.table, self.row_id, self.label)
