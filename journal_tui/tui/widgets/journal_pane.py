"""The Journal pane: entries newest first, with the selected entry in full.

Its forms and pickers are imported when first used: they are not on the first frame's path.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import RenderableType
from rich.text import Text
from textual import work
from textual.binding import Binding

from journal_tui.data.reader import COUNT_CAP
from journal_tui.query import Filter
from journal_tui.tui.messages import FormRequest, WriteRequested
from journal_tui.tui.text import cell, one_line
from journal_tui.tui.widgets.list_pane import ListPane
from journal_tui.tui.widgets.markdown import entry_md
from journal_tui.tui.widgets.table import Col

if TYPE_CHECKING:
    from journal_tui.data.store import EntryRow


class JournalPane(ListPane["EntryRow"]):
    BINDINGS = [
        Binding("asterisk", "star", "Star", id="star", tooltip="Star or unstar the selected entry"),
        Binding("l", "link", "Link goal", id="link", tooltip="Link the selected entry to a goal as evidence"),
        Binding(
            "c",
            "criterion",
            "Criterion",
            id="criterion",
            tooltip="Attach the selected entry to a criterion of your target role",
        ),
    ]
    # title and skills both grow with the room (the title three times as fast), skills up to 36: wide, nothing is cut
    COLUMNS = (
        Col("date", "Date", 10, priority=5),
        Col("star", "★", 1, priority=4),
        Col("title", "Title", None, min=30, priority=10, grow=3),
        Col("project", "Project", 12, priority=3),
        Col("skills", "Skills", None, min=22, max=36, priority=2),
    )
    NOUN = "entry"
    TABLE = "entry"

    def fetch(self, flt: Filter, after: tuple[Any, int] | None, limit: int) -> list[EntryRow]:
        return self.rows_reader.list_entries(flt, limit=limit, after=after)

    def fetch_count(self, flt: Filter) -> int:
        return self.rows_reader.count_entries(flt, cap=COUNT_CAP)

    def page_key(self, row: EntryRow) -> tuple[Any, int]:
        return (row.occurred_on, row.id)

    def cells(self, e: EntryRow) -> dict[str, RenderableType]:
        return {
            "date": e.occurred_on.isoformat(),
            "star": Text("★", style="bold yellow") if e.starred else "",
            "title": (
                Text.assemble(("↑ ", "bold green"), cell(e.title), no_wrap=True, overflow="ellipsis", end="")
                if e.extra
                else cell(e.title)
            ),  # ↑ work beyond the current role
            "project": cell(e.project or "", "cyan"),
            "skills": cell(", ".join(e.skills), "magenta"),
        }

    def detail_markdown(self, row_id: int) -> str:
        return entry_md(self.details_reader.entry_detail(row_id))

    def empty_hint(self) -> Text:
        if self.flt.is_empty:
            return Text.assemble(
                ("Your journal is empty\n\n", "bold"),
                "Press ",
                ("n", "bold"),
                " to log your first win, or from any shell:\n\n",
                ('  journal add "yesterday: Shipped X +project #skill"\n\n', "cyan"),
                "To look around first, try a demo journal:\n\n",
                ("  journal demo --db /tmp/demo.db\n  journal --db /tmp/demo.db", "cyan"),
            )
        return Text.assemble("No entry matches the filter. Press ", ("escape", "bold"), " to clear it.")

    def label(self, e: EntryRow) -> str:
        return f"entry {e.id} ({e.occurred_on}: {one_line(e.title)})"

    def new_form(self) -> FormRequest:
        from journal_tui.tui.screens.forms import EntryForm

        return EntryForm.new_request(self.today)

    def action_star(self) -> None:
        if (e := self.current()) is not None:
            entry_id, starred = e.id, not e.starred
            self.post_message(
                WriteRequested(
                    lambda s: s.set_starred(entry_id, starred),
                    f"{'Starred' if starred else 'Unstarred'} entry {entry_id}.",
                )
            )

    @work(exclusive=True, group="picker", exit_on_error=False)
    async def action_link(self) -> None:
        """`l`: pick a goal the entry is evidence for (the dialog names the entry it links)."""
        from journal_tui.tui.pickers import pick_goal

        if (e := self.current()) is not None:
            await pick_goal(self, self.ctx, e.id, e.goal_ids, e.title)

    @work(exclusive=True, group="picker", exit_on_error=False)
    async def action_criterion(self) -> None:
        """`c`: pick a criterion of the target role the entry supports."""
        from journal_tui.tui.pickers import pick_criterion

        if (e := self.current()) is not None:
            await pick_criterion(self, self.ctx, e.id, e.title)
