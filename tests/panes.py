"""The app's panes as the Pilot tests read them, typed: `app.pane(name)` is any `Pane`, these say which one it is
(and fail the test with the pane's name if it is not), so a test reads rows, cursors and columns without casts."""

from typing import Any, TypeVar

from textual.widgets import DataTable

from journal_tui.tui.app import JournalApp
from journal_tui.tui.widgets.feedback_pane import FeedbackPane
from journal_tui.tui.widgets.goals_pane import GoalsPane
from journal_tui.tui.widgets.journal_pane import JournalPane
from journal_tui.tui.widgets.list_pane import ListPane, Pane
from journal_tui.tui.widgets.people_pane import PeoplePane
from journal_tui.tui.widgets.table import ListTable

P = TypeVar("P", bound=Pane)


def _of(app: JournalApp, name: str | None, kind: type[P]) -> P:
    """The named pane (or the shown one), asserted to be a `kind`: the test fails with the pane it found."""
    pane = app.pane(name)
    assert isinstance(pane, kind), pane
    return pane


def list_pane(app: JournalApp, name: str | None = None) -> ListPane[Any]:
    """A pane that lists rows (journal, feedback): the named one, or the one shown."""
    return _of(app, name, ListPane)


def journal_pane(app: JournalApp) -> JournalPane:
    return _of(app, "journal", JournalPane)


def feedback_pane(app: JournalApp) -> FeedbackPane:
    return _of(app, "feedback", FeedbackPane)


def goals_pane(app: JournalApp) -> GoalsPane:
    return _of(app, "goals", GoalsPane)


def people_pane(app: JournalApp) -> PeoplePane:
    return _of(app, "people", PeoplePane)


def cursor_id(app: JournalApp, name: str | None = None) -> int | None:
    """The id of the row under the cursor of a pane with ids (journal, feedback, goals): the named one, or the shown."""
    pane = app.pane(name)
    assert isinstance(pane, (ListPane, GoalsPane)), pane
    return pane.cursor_id


def list_table(app: JournalApp, name: str) -> ListTable:
    """The pane's table: the app's own `ListTable` (shown columns, their widths, the cursor's key)."""
    table = app.pane(name).table
    assert isinstance(table, ListTable), table
    return table


def row_ids(table: ListTable | DataTable[Any]) -> list[int]:
    """The rows' ids, in the table's order (a row's key is its id as text)."""
    if isinstance(table, ListTable):
        return [int(key) for key in table.row_keys]
    return [int(str(key.value)) for key in table.rows]
