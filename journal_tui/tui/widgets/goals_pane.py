"""The Goals pane: SMART goals with progress, milestones and the evidence behind them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import DataTable, Label, Markdown, ProgressBar
from textual.worker import get_current_worker

from journal_tui.errors import JournalError
from journal_tui.bars import progress_bar
from journal_tui.query import Filter
from journal_tui.tui.widgets.list_pane import LazyReload, ListPane
from journal_tui.tui.widgets.markdown import goal_md

if TYPE_CHECKING:
    from journal_tui.store import GoalRow


class GoalsPane(LazyReload, Widget):
    BINDINGS = [
        Binding("n", "new", "New goal", id="new", tooltip="Add a SMART goal"),
        Binding("e", "edit", "Edit", id="edit", tooltip="Edit the selected goal"),
        Binding("d", "delete", "Delete", id="delete", tooltip="Delete the selected goal (u undoes)"),
        Binding("m", "milestone", "Milestone", id="milestone", tooltip="Add a milestone to the selected goal"),
        Binding("space", "toggle_milestone", "Done/undone", id="toggle-milestone",
                tooltip="Toggle the selected milestone done"),
        Binding("x", "achieve", "Achieved", id="achieve", tooltip="Mark the goal achieved (again: active)"),
        Binding("tab", "switch_list", "Goals⇄milestones", show=False),
    ]

    count: reactive[int | None] = reactive(None)
    selected_id: reactive[int | None] = reactive(None)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.goals: dict[int, GoalRow] = {}

    def compose(self) -> ComposeResult:
        with Horizontal(classes="pane-body"):
            goals: DataTable[Any] = DataTable(cursor_type="row", zebra_stripes=True, classes="pane-table", id="goal-table")
            goals.add_column("Status", key="status", width=9)
            goals.add_column("Due", key="due", width=10)
            goals.add_column("Progress", key="progress", width=15)
            goals.add_column("Goal", key="title")
            yield goals
            with Vertical(classes="pane-detail"):
                yield ProgressBar(total=100, show_eta=False, id="goal-progress")
                with VerticalScroll(id="goal-detail-scroll"):
                    yield Markdown(classes="detail", id="goal-detail")
                yield Label("Milestones  [dim](tab to select, space toggles done, m adds)[/]", classes="section-title")
                miles: DataTable[Any] = DataTable(cursor_type="row", id="milestone-table")
                miles.add_column("", key="done", width=3)
                miles.add_column("Milestone", key="title")
                miles.add_column("Due / done", key="when", width=16)
                yield miles

    @property
    def table(self) -> DataTable[Any]:
        return self.query_one("#goal-table", DataTable)

    @property
    def milestones(self) -> DataTable[Any]:
        return self.query_one("#milestone-table", DataTable)

    @property
    def store(self):  # noqa: ANN201
        return self.app.store  # type: ignore[attr-defined]

    def on_mount(self) -> None:
        self.watch(self.app, "flt", lambda _: self.reload(), init=False)
        self.watch(self.app, "revision", lambda _: self.reload(), init=False)
        self.reload()

    def focus_table(self) -> None:
        self.table.focus()

    def fetch_count(self, flt: Filter) -> int:
        return self.store.count_goals(flt)

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def _load(self, flt: Filter) -> None:
        try:
            goals = self.store.list_goals(flt)
        except JournalError as exc:
            self.app.call_from_thread(self.app.notify, str(exc), severity="error")
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, goals)

    def _show(self, goals: list[GoalRow]) -> None:
        today = self.app.today  # type: ignore[attr-defined]
        table = self.table
        keep = self.selected_id
        table.clear()
        self.goals = {g.id: g for g in goals}
        for g in goals:
            overdue = g.overdue(today)
            status = Text("overdue", style="bold red") if overdue else Text(
                g.status, style={"achieved": "green", "dropped": "dim"}.get(g.status, ""))
            pct = "" if g.progress is None else f" {g.progress:.0%}"
            table.add_row(status, Text(g.due_on.isoformat() if g.due_on else "—", style="red" if overdue else ""),
                          Text(progress_bar(g.progress) + pct, style="green"), g.title, key=str(g.id))
        self.count = len(goals)
        self.post_message(ListPane.Loaded(self))  # type: ignore[arg-type]
        if keep in self.goals:
            table.move_cursor(row=table.get_row_index(str(keep)), animate=False)
        elif goals:
            table.move_cursor(row=0, animate=False)
        if not goals:
            self.selected_id = None
            self._render_goal(None, [])
        elif self.selected_id in self.goals:
            self._load_evidence(self.selected_id)

    @on(DataTable.RowHighlighted, "#goal-table")
    def _goal_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.selected_id = int(event.row_key.value)
            self._load_evidence(self.selected_id)

    @on(DataTable.RowHighlighted, "#milestone-table")
    def _milestone_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()

    @work(thread=True, exclusive=True, group="goal-detail", exit_on_error=False)
    def _load_evidence(self, goal_id: int) -> None:
        from journal_tui.people import goal_origins

        try:
            evidence = self.store.goal_evidence(goal_id, limit=30)
            origin = goal_origins(self.store, [goal_id]).get(goal_id)
        except JournalError:
            evidence, origin = [], None
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._render_goal, self.goals.get(goal_id), evidence, origin)

    def _render_goal(self, goal: GoalRow | None, evidence: list, origin: Any = None) -> None:
        detail = self.query_one("#goal-detail", Markdown)
        bar = self.query_one("#goal-progress", ProgressBar)
        miles = self.milestones
        keep = miles.cursor_row
        miles.clear()
        if goal is None:
            bar.update(progress=0)
            text = ("## No goals yet\n\nPress **n** to set a SMART goal: specific, measurable, achievable, "
                    "relevant and time-bound." if self.app.flt.is_empty  # type: ignore[attr-defined]
                    else "*No goal matches the filter.*")
            detail.update(text)
            return
        bar.update(progress=round((goal.progress or 0) * 100))
        detail.update(goal_md(goal, evidence, self.app.today, origin))  # type: ignore[attr-defined]
        for m in goal.milestones:
            when = f"done {m.done_on.isoformat()}" if m.done_on else (f"due {m.due_on.isoformat()}" if m.due_on else "")
            late = not m.done_on and m.due_on and m.due_on < self.app.today  # type: ignore[attr-defined]
            miles.add_row(Text("✔", style="green") if m.done_on else "☐", m.title, Text(when, style="red" if late else ""),
                          key=str(m.id))
        if goal.milestones:
            miles.move_cursor(row=min(keep, len(goal.milestones) - 1), animate=False)

    def current(self) -> GoalRow | None:
        return self.goals.get(self.selected_id) if self.selected_id is not None else None

    def current_milestone_id(self) -> int | None:
        miles = self.milestones
        if not miles.row_count:
            return None
        key = miles.coordinate_to_cell_key(miles.cursor_coordinate).row_key.value
        return int(key) if key is not None else None

    def action_switch_list(self) -> None:
        (self.milestones if self.table.has_focus else self.table).focus()

    def action_new(self) -> None:
        self.app.action_new_goal()  # type: ignore[attr-defined]

    def action_edit(self) -> None:
        if self.selected_id is not None:
            self.app.edit_goal(self.selected_id)  # type: ignore[attr-defined]

    def action_delete(self) -> None:
        if (g := self.current()) is not None:
            self.app.confirm_delete("goal", g.id, f"goal {g.id} ({g.title}) and its milestones")  # type: ignore[attr-defined]

    def action_milestone(self) -> None:
        if (g := self.current()) is not None:
            self.app.new_milestone(g.id)  # type: ignore[attr-defined]

    def action_toggle_milestone(self) -> None:
        g = self.current()
        mid = self.current_milestone_id()
        if g is None or mid is None:
            self.app.notify("This goal has no milestones yet: press m to add one.", severity="warning")
            return
        done = next(m.done_on for m in g.milestones if m.id == mid)
        self.app.toggle_milestone(mid, done is None)  # type: ignore[attr-defined]

    def action_achieve(self) -> None:
        if (g := self.current()) is not None:
            self.app.set_goal_status(g.id, "active" if g.status == "achieved" else "achieved")  # type: ignore[attr-defined]
