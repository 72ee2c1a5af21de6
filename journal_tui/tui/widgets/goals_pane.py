"""The Goals pane: SMART goals with progress, milestones and the evidence behind them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Label, ProgressBar, Static
from textual.worker import get_current_worker

from journal_tui.bars import progress_bar
from journal_tui.query import Filter
from journal_tui.tui.messages import DeleteRequested, EditRequested, FormRequest, FormRequested, WriteRequested
from journal_tui.tui.text import cell, one_line
from journal_tui.tui.widgets.detail import MarkdownSlot
from journal_tui.tui.widgets.list_pane import Pane
from journal_tui.tui.widgets.markdown import goal_md
from journal_tui.tui.widgets.table import Col, ListTable

if TYPE_CHECKING:
    from journal_tui.rows import EntryRow, GoalRow
    from journal_tui.tui.context import JournalContext


class GoalsPane(Pane):
    BINDINGS = [
        Binding("n", "new", "New goal", id="new", tooltip="Add a SMART goal"),
        Binding("e", "edit", "Edit", id="edit", tooltip="Edit the selected goal"),
        Binding("d", "delete", "Delete", id="delete", tooltip="Delete the selected goal (u undoes)"),
        Binding("m", "milestone", "Milestone", id="milestone", tooltip="Add a milestone to the selected goal"),
        Binding(
            "space",
            "toggle_milestone",
            "Done/undone",
            id="toggle-milestone",
            tooltip="Toggle the selected milestone done",
        ),
        Binding("x", "achieve", "Achieved", id="achieve", tooltip="Mark the goal achieved (again: active)"),
        Binding("tab", "switch_list", "Goals⇄milestones", show=False),
    ]

    def __init__(self, ctx: JournalContext, **kwargs: Any) -> None:
        super().__init__(ctx, **kwargs)
        self.goals: dict[int, GoalRow] = {}

    COLUMNS = (
        Col("status", "Status", 8, priority=2),
        Col("due", "Due", 10, priority=4),
        Col("progress", "Progress", 11, priority=3),
        Col("title", "Goal", None, min=24, priority=10),
    )
    MILESTONE_COLUMNS = (
        Col("done", "", 1, priority=5),
        Col("title", "Milestone", None, min=16, priority=10),
        Col("when", "Due / done", 15, priority=1),
    )

    def compose_body(self) -> ComposeResult:
        with Horizontal(classes="pane-body"):
            with Vertical(classes="pane-list"):
                yield ListTable(self.COLUMNS, classes="pane-table", id="goal-table")
                yield Static("", classes="pane-empty", markup=False)
            with Vertical(classes="pane-detail"):
                yield ProgressBar(total=100, show_eta=False, id="goal-progress")
                with VerticalScroll(id="goal-detail-scroll"):
                    yield MarkdownSlot(markdown_id="goal-detail", id="goal-detail-slot")
                yield Label("Milestones  [dim](tab selects, space toggles done, m adds)[/]", classes="section-title")
                yield ListTable(self.MILESTONE_COLUMNS, zebra_stripes=False, id="milestone-table")

    @property
    def table(self) -> ListTable:
        return self.query_one("#goal-table", ListTable)

    @property
    def milestones(self) -> ListTable:
        return self.query_one("#milestone-table", ListTable)

    def fetch_count(self, flt: Filter) -> int:
        return self.rows_reader.count_goals(flt)

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def _load(self, flt: Filter, generation: int) -> None:
        self.post_result(generation, self.rows_reader.list_goals(flt))

    def show(self, goals: list[GoalRow]) -> None:
        today = self.today
        table = self.table
        self.goals = {g.id: g for g in goals}
        rows = []
        for g in goals:
            overdue = g.overdue(today)
            status = (
                Text("overdue", style="bold red")
                if overdue
                else Text(g.status, style={"achieved": "green", "dropped": "dim"}.get(g.status, ""))
            )
            pct = "" if g.progress is None else f" {g.progress:.0%}"
            rows.append(
                (
                    str(g.id),
                    {
                        "status": status,
                        "due": Text(g.due_on.isoformat() if g.due_on else "—", style="red" if overdue else ""),
                        "progress": Text(progress_bar(g.progress, 6) + pct, style="green"),
                        "title": cell(g.title),
                    },
                )
            )
        table.set_rows(rows)
        self.count = len(goals)
        self.query_one(".pane-list").set_class(not goals, "-empty")  # not the pane: see ListPane._show_empty
        self.post_message(self.Loaded(self))
        if not goals:
            self.selected_id = None
            self.query_one(".pane-empty", Static).update(self.empty_hint())
            self._render_goal(None, [])
        else:
            self.selected_id = self.cursor_id
            if self.selected_id is not None:
                self._load_evidence(self.selected_id)

    def empty_hint(self) -> Text:
        if self.flt.is_empty:
            return Text.assemble(
                ("No goals yet\n\n", "bold"),
                "Press ",
                ("n", "bold"),
                " to set a SMART goal: specific, measurable, achievable, relevant and time-bound.",
            )
        return Text.assemble("No goal matches the filter. Press ", ("escape", "bold"), " to clear it.")

    @property
    def cursor_id(self) -> int | None:
        key = self.table.cursor_key
        return int(key) if key is not None else None

    @on(ListTable.RowHighlighted, "#goal-table")
    def _goal_highlighted(self, event: ListTable.RowHighlighted) -> None:
        event.stop()
        self.selected_id = int(event.row_key)
        self._load_evidence(self.selected_id)

    @on(ListTable.RowHighlighted, "#milestone-table")
    def _milestone_highlighted(self, event: ListTable.RowHighlighted) -> None:
        event.stop()

    @work(thread=True, exclusive=True, group="goal-detail", exit_on_error=False)
    def _load_evidence(self, goal_id: int) -> None:
        from journal_tui.people import goal_origins

        evidence = self.details_reader.goal_evidence(goal_id, limit=30)
        origin = goal_origins(self.details_reader, [goal_id]).get(goal_id)
        if not get_current_worker().is_cancelled:
            self.post_message(self._Evidence(self.goals.get(goal_id), evidence, origin))

    @dataclass
    class _Evidence(Message, bubble=False):
        """A goal's evidence and origin, read in a worker."""

        goal: GoalRow | None
        evidence: list[EntryRow]
        origin: Any = None

    @on(_Evidence)
    def _evidence_read(self, message: _Evidence) -> None:
        self._render_goal(message.goal, message.evidence, message.origin)

    def _render_goal(self, goal: GoalRow | None, evidence: list[EntryRow], origin: Any = None) -> None:
        detail = self.query_one("#goal-detail-slot", MarkdownSlot)
        bar = self.query_one("#goal-progress", ProgressBar)
        if goal is None:
            bar.update(progress=0)
            detail.update("")
            self.milestones.set_rows([])
            return
        if goal.id != self.cursor_id:
            return  # a stale result: the cursor has moved on
        bar.update(progress=round((goal.progress or 0) * 100))
        detail.update(goal_md(goal, evidence, self.today, origin))
        today = self.today
        rows = []
        for m in goal.milestones:
            when = f"done {m.done_on.isoformat()}" if m.done_on else (f"due {m.due_on.isoformat()}" if m.due_on else "")
            late = not m.done_on and m.due_on and m.due_on < today
            rows.append(
                (
                    str(m.id),
                    {
                        "done": Text("✔", style="green") if m.done_on else "☐",
                        "title": cell(m.title),
                        "when": Text(when, style="red" if late else ""),
                    },
                )
            )
        self.milestones.set_rows(rows)

    def current(self) -> GoalRow | None:
        goal_id = self.cursor_id
        return self.goals.get(goal_id) if goal_id is not None else None

    def current_milestone_id(self) -> int | None:
        key = self.milestones.cursor_key
        return int(key) if key is not None else None

    def action_switch_list(self) -> None:
        (self.milestones if self.table.has_focus else self.table).focus()

    def new_form(self) -> FormRequest:
        from journal_tui.tui.screens.forms import GoalForm

        return GoalForm.new_request(self.today)

    def action_edit(self) -> None:
        if (g := self.current()) is not None:
            self.post_message(EditRequested("goal", g.id))

    def action_delete(self) -> None:
        if (g := self.current()) is not None:
            self.post_message(DeleteRequested("goal", g.id, f"goal {g.id} ({one_line(g.title)}) and its milestones"))

    def action_milestone(self) -> None:
        from journal_tui.tui.screens.forms import MilestoneForm

        if (g := self.current()) is not None:
            self.post_message(FormRequested(MilestoneForm.request(g.id)))

    def action_toggle_milestone(self) -> None:
        g = self.current()
        mid = self.current_milestone_id()
        if g is None or mid is None:
            self.notify("This goal has no milestones yet: press m to add one.", severity="warning")
            return
        done = next(m.done_on for m in g.milestones if m.id == mid) is None
        today = self.today
        self.post_message(
            WriteRequested(
                lambda s: s.set_milestone_done(mid, today if done else None),
                f"Milestone {'done' if done else 'reopened'}.",
            )
        )

    def action_achieve(self) -> None:
        if (g := self.current()) is not None:
            goal_id, status, today = g.id, "active" if g.status == "achieved" else "achieved", self.today
            self.post_message(
                WriteRequested(lambda s: s.set_goal_status(goal_id, status, today), f"Goal {goal_id} is {status}.")
            )
