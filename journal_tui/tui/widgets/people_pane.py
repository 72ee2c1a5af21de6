"""The People pane: who you work with, their role, when you last talked, what you asked them.

Same filter bar as the other panes (`by:` with the person rule, `role:`, words in
name, team and note; other keys keep the people whose feedback matches).  Mentors
and sponsors you have not talked to for a while are flagged stale.  Names, notes
and feedback are shown as literal text (rich Text through tui/text.py), never as
markup, and never with a control code an older version or another program stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Static
from textual.widgets.data_table import ColumnKey
from textual.worker import get_current_worker

from journal_tui.errors import JournalError
from journal_tui.plurals import plural
from journal_tui.query import Filter
from journal_tui.tui.messages import FormRequest, FormRequested
from journal_tui.tui.text import cell, clean, feedback_kind, one_line, plain
from journal_tui.tui.widgets.list_pane import Pane

if TYPE_CHECKING:
    from journal_tui.people import PersonDetail, PersonRow
    from journal_tui.tui.context import JournalContext


class PeoplePane(Pane):
    BINDINGS = [
        Binding("n", "new", "New person", id="new-person", tooltip="Add a person, or set someone's role, team, note"),
        Binding("e", "edit", "Edit", id="edit-person", tooltip="Edit the selected person's name, role, team, note"),
        Binding("c", "contact", "Log contact", id="log-contact", tooltip="Log a conversation with the selected person"),
        Binding("a", "ask", "Ask", id="ask-feedback", tooltip="Ask the selected person for feedback"),
    ]

    COUNTS = False  # the status line does not count people
    NAME_WIDTH_MAX = 30

    def __init__(self, ctx: JournalContext, **kwargs: Any) -> None:
        super().__init__(ctx, **kwargs)
        self.people: dict[int, PersonRow] = {}

    def compose_body(self) -> ComposeResult:
        with Horizontal(classes="pane-body"):
            table: DataTable[Any] = DataTable(
                cursor_type="row", zebra_stripes=True, classes="pane-table", id="people-table"
            )
            table.add_column("Name", key="name", width=len("Name"))  # widened to the names in `show`
            table.add_column("Role", key="role", width=10)
            table.add_column("Praise/con.", key="feedback", width=11)
            table.add_column("Last contact", key="last", width=12)
            table.add_column("Asks", key="asks", width=5)
            table.add_column("", key="stale", width=5)
            yield table
            with VerticalScroll(classes="pane-detail", id="person-detail-scroll"):
                yield Static("", id="person-detail", markup=False)

    @property
    def table(self) -> DataTable[Any]:
        return self.query_one("#people-table", DataTable)

    @property
    def detail(self) -> Static:
        return self.query_one("#person-detail", Static)

    # --- loading --------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def _load(self, flt: Filter, generation: int) -> None:
        from journal_tui.people import list_people

        self.post_result(generation, list_people(self.rows_reader, self.today, flt))

    def show(self, rows: list[PersonRow]) -> None:
        table = self.table
        keep = self.selected_id
        table.clear()
        self.people = {p.id: p for p in rows}
        # the widest name, set here: DataTable would measure it only when idle, and a frame drawn before
        # that (a busy machine) showed "Mari" for "Maria Lopez"
        table.columns[ColumnKey("name")].width = max(
            len("Name"), min(self.NAME_WIDTH_MAX, max((cell_len(one_line(p.name)) for p in rows), default=0))
        )
        for p in rows:
            feedback = Text.assemble(
                (str(p.praise), feedback_kind("praise").style),
                " / ",
                (str(p.constructive), feedback_kind("constructive").style),
            )
            last = Text(p.last_contact.isoformat() if p.last_contact else "never", style="red" if p.stale else "")
            asks = Text(str(p.open_asks) if p.open_asks else "", style="bold red" if p.overdue_asks else "")
            table.add_row(
                cell(p.name),
                cell(p.role or "", style="cyan"),
                feedback,
                last,
                asks,
                Text("stale", style="bold red") if p.stale else Text(""),
                key=str(p.id),
            )
        self.count = len(rows)
        self.post_message(self.Loaded(self))
        if keep in self.people:
            table.move_cursor(row=table.get_row_index(str(keep)), animate=False)
        elif rows:
            table.move_cursor(row=0, animate=False)
        if not rows:
            self.selected_id = None
            empty = (
                "No people yet. Press n to add your manager, a mentor or a sponsor, with their role."
                if self.flt.is_empty
                else "No one matches the filter."
            )
            self.detail.update(Text(empty, style="italic"))
        elif self.selected_id in self.people:
            self._load_detail(self.selected_id)

    @on(DataTable.RowHighlighted, "#people-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if event.row_key is not None and event.row_key.value is not None:  # None: row -1 of an empty table
            self.selected_id = int(event.row_key.value)
            self._load_detail(self.selected_id)

    @work(thread=True, exclusive=True, group="person-detail", exit_on_error=False)
    def _load_detail(self, person_id: int) -> None:
        from journal_tui.people import person_detail_by_id

        try:
            text = detail_text(person_detail_by_id(self.details_reader, person_id, self.today))
        except JournalError as exc:
            text = plain(exc, style="italic")
        if not get_current_worker().is_cancelled:
            self.post_message(self._PersonDetail(text))

    @dataclass
    class _PersonDetail(Message, bubble=False):
        text: Text

    @on(_PersonDetail)
    def _person_detail_read(self, message: _PersonDetail) -> None:
        self.detail.update(message.text)

    def current(self) -> PersonRow | None:
        return self.people.get(self.selected_id) if self.selected_id is not None else None

    # --- keys -------------------------------------------------------------------------------

    def new_form(self) -> FormRequest:
        from journal_tui.tui.screens.people_forms import PersonForm

        return PersonForm.new_request()

    def action_edit(self) -> None:
        from journal_tui.tui.screens.people_forms import PersonForm

        if (p := self.current()) is not None:
            self.post_message(FormRequested(PersonForm.edit_request(p)))

    def action_contact(self) -> None:
        from journal_tui.tui.screens.people_forms import ContactForm

        if (p := self.current()) is not None:
            self.post_message(FormRequested(ContactForm.request(p.name)))
        else:
            self.notify("Select a person first (n adds one).", severity="warning")

    def action_ask(self) -> None:
        from journal_tui.tui.screens.people_forms import AskForm

        if (p := self.current()) is not None:
            self.post_message(FormRequested(AskForm.request(p.name, self.selected_entry)))
        else:
            self.notify("Select a person first (n adds one).", severity="warning")


def detail_text(d: PersonDetail) -> Text:
    """A person's detail as literal text: who, then their feedback, conversations and asks."""
    p = d.person
    out = Text()
    out.append(one_line(p.name), style="bold")
    if p.stale:
        out.append("  stale", style="bold red")
    out.append("\n")
    out.append(one_line(" · ".join(filter(None, [p.role or "no role", p.team]))) + "\n", style="cyan")
    if p.note:
        out.append(clean(p.note) + "\n", style="italic")
    last = p.last_contact.isoformat() if p.last_contact else "never"
    out.append(
        f"Last contact {last} · {plural(p.open_asks, 'open ask')}"
        + (f" ({p.overdue_asks} overdue)" if p.overdue_asks else "")
        + "\n"
    )
    out.append(f"\nFeedback ({p.praise} praise, {p.constructive} constructive, {p.neutral} other)\n", style="bold")
    for f in d.feedback:
        out.append(f"{f.received_on.isoformat()} ")
        out.append(f"{f.kind:<12} ", style=feedback_kind(f.kind).style)
        out.append(one_line(f.text) + "\n")
    out.append(f"\nConversations ({len(d.contacts)})\n", style="bold")
    for c in d.contacts:
        out.append(f"{c.met_on.isoformat()} ")
        out.append(f"{c.kind or '':<10} ", style="cyan")
        out.append(one_line(c.text) + "\n")
    out.append(f"\nAsks ({len(d.asks)})\n", style="bold")
    for a in d.asks:
        state = "OVERDUE" if a.overdue else a.status
        out.append(f"#{a.id} ")
        out.append(f"{state:<9}", style="bold red" if a.overdue else ("green" if a.status == "answered" else "dim"))
        out.append(f"due {a.due_on.isoformat()} " if a.due_on else "")
        out.append(one_line(a.about) + "\n")
    if not (d.feedback or d.contacts or d.asks):
        out.append("\nPress c to log a conversation, a to ask for feedback.", style="dim italic")
    return out
