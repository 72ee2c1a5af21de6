"""The Feedback pane: what colleagues said, praise and constructive, with tags and skills."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import RenderableType
from rich.text import Text
from textual import work
from textual.binding import Binding

from journal_tui import responses
from journal_tui.data.reader import COUNT_CAP
from journal_tui.query import Filter
from journal_tui.tui.messages import FormRequest
from journal_tui.tui.text import cell, feedback_kind, md, one_line
from journal_tui.tui.widgets.list_pane import ListPane
from journal_tui.tui.widgets.markdown import feedback_md
from journal_tui.tui.widgets.table import Col

if TYPE_CHECKING:
    from journal_tui.data.store import FeedbackRow


class FeedbackPane(ListPane["FeedbackRow"]):
    BINDINGS = [
        Binding(
            "r", "respond", "Respond", id="respond", tooltip="Link an entry as what you did about the selected feedback"
        ),
    ]
    COLUMNS = (
        Col("date", "Date", 10, priority=5),
        Col("kind", "Kind", 12, priority=3),
        Col("from", "From", 16, priority=4),
        Col("text", "Feedback", None, min=30, priority=10, grow=3),
        Col("tags", "Tags / skills", None, min=20, max=36, priority=1),
    )
    NOUN = "feedback"
    TABLE = "feedback"

    def fetch(self, flt: Filter, after: tuple[Any, int] | None, limit: int) -> list[FeedbackRow]:
        return self.rows_reader.list_feedback(flt, limit=limit, after=after)

    def fetch_count(self, flt: Filter) -> int:
        return self.rows_reader.count_feedback(flt, cap=COUNT_CAP)

    def page_key(self, row: FeedbackRow) -> tuple[Any, int]:
        return (row.received_on, row.id)

    def cells(self, f: FeedbackRow) -> dict[str, RenderableType]:
        labels = ", ".join([*f.tags, *f.skills])
        return {
            "date": f.received_on.isoformat(),
            "kind": cell(f.kind, feedback_kind(f.kind).style),
            "from": cell(f.person),
            "tags": cell(labels, "magenta"),
            "text": cell(f.text),
        }

    def detail_markdown(self, row_id: int) -> str:
        reader = self.details_reader
        return feedback_md(reader.get_feedback(row_id)) + self._responses_md(row_id)

    def _responses_md(self, feedback_id: int) -> str:
        """The detail's tail: the entries linked as responses, or how to link one (in a worker)."""
        ids = self.ctx.read(lambda conn: responses.responses_of(conn, [feedback_id]).get(feedback_id, []))
        if not ids:
            return "\n\n*No response linked: press **r** to pick the entry that answers it.*"
        lines = ["", "", "### What I did about it", ""]
        for i in ids:
            e = self.details_reader.get_entry(i)
            lines.append(f"- {e.occurred_on.isoformat()} {md(one_line(e.title))}")
        return "\n".join(lines)

    def empty_hint(self) -> Text:
        if self.flt.is_empty:
            return Text.assemble(
                ("No feedback yet\n\n", "bold"),
                "Press ",
                ("n", "bold"),
                " to record what a colleague, manager or mentor said.",
            )
        return Text.assemble("No feedback matches the filter. Press ", ("escape", "bold"), " to clear it.")

    def label(self, f: FeedbackRow) -> str:
        return f"feedback {f.id} from {one_line(f.person)}"

    def new_form(self) -> FormRequest:
        """New feedback, about the Journal pane's selected entry (if any)."""
        from journal_tui.tui.screens.forms import FeedbackForm

        about = self.selected_entry
        return FeedbackForm.new_request(self.today, {"about": str(about) if about else "", "kind": "praise"})

    @work(exclusive=True, group="picker", exit_on_error=False)
    async def action_respond(self) -> None:
        """`r`: pick the entry that answers this feedback."""
        from journal_tui.tui.pickers import pick_response

        if (f := self.current()) is not None:
            await pick_response(self, self.ctx, f.id)
