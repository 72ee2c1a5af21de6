"""The app's panes as the Pilot tests read them, typed: `app.pane(name)` is any `Pane`, these say which one it is
(and fail the test with the pane's name if it is not), so a test reads rows, cursors and columns without casts."""

from typing import Any

from textual.widgets import DataTable

from journal_tui.tui.app import JournalApp
from journal_tui.tui.widgets.feedback_pane import FeedbackPane
from journal_tui.tui.widgets.goals_pane import GoalsPane
from journal_tui.tui.widgets.journal_pane import JournalPane
from journal_tui.tui.widgets.list_pane import ListPane
from journal_tui.tui.widgets.people_pane import PeoplePane
from journal_tui.tui.widgets.table import ListTable


def list_pane(app: JournalApp, name: str | None = None) -> ListPane[Any]:
    """A pane that lists rows (journal, feedback): the named one, or the one shown."""
    pane = app.pane(name)
    assert isinstance(pane, ListPane), pane
    return pane


def journal_pane(app: JournalApp) -> JournalPane:
    pane = app.pane("journal")
    assert isinstance(pane, JournalPane), pane
    return pane


def feedback_pane(app: JournalApp) -> FeedbackPane:
    pane = app.pane("feedback")
    assert isinstance(pane, FeedbackPane), pane
    return pane


def goals_pane(app: JournalApp) -> GoalsPane:
    pane = app.pane("goals")
    assert isinstance(pane, GoalsPane), pane
    return pane


def people_pane(app: JournalApp) -> PeoplePane:
    pane = app.pane("people")
    assert isinstance(pane, PeoplePane), pane
    return pane


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
