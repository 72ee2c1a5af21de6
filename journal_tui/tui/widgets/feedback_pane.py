"""The Feedback pane: what colleagues said, praise and constructive, with tags and skills."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.binding import Binding

from journal_tui.query import Filter
from journal_tui.tui.widgets.list_pane import ListPane
from journal_tui.tui.widgets.markdown import feedback_md

if TYPE_CHECKING:
    from journal_tui.store import FeedbackRow

KIND_STYLE = {"praise": "green", "constructive": "yellow", "neutral": "dim"}


class FeedbackPane(ListPane["FeedbackRow"]):
    BINDINGS = [
        Binding("r", "respond", "Respond", id="respond",
                tooltip="Link an entry as what you did about the selected feedback"),
    ]
    COLUMNS = (("Date", "date", 10), ("Kind", "kind", 12), ("From", "from", 16), ("Tags / skills", "tags", 22),
               ("Feedback", "text", None))
    NOUN = "feedback"

    def fetch(self, flt: Filter, after: tuple[Any, int] | None, limit: int) -> list[FeedbackRow]:
        return self.store.list_feedback(flt, limit=limit, after=after)

    def fetch_count(self, flt: Filter) -> int:
        return self.store.count_feedback(flt)

    def page_key(self, row: FeedbackRow) -> tuple[Any, int]:
        return (row.received_on, row.id)

    def cells(self, f: FeedbackRow) -> tuple[Any, ...]:
        labels = ", ".join([*f.tags, *f.skills])
        return (f.received_on.isoformat(), Text(f.kind, style=KIND_STYLE.get(f.kind, "")), f.person,
                Text(labels, style="magenta"), f.text.replace("\n", " "))

    def detail_markdown(self, row_id: int) -> str:
        from journal_tui.tui.case_actions import responses_md

        return feedback_md(self.store.get_feedback(row_id)) + responses_md(self.store, row_id)

    def empty_markdown(self) -> str:
        if self.app.flt.is_empty:  # type: ignore[attr-defined]
            return "## No feedback yet\n\nPress **n** to record what a colleague, manager or mentor said."
        return "*No feedback matches the filter.*"

    def action_new(self) -> None:
        self.app.action_new_feedback()  # type: ignore[attr-defined]

    def action_edit(self) -> None:
        if self.selected_id is not None:
            self.app.edit_feedback(self.selected_id)  # type: ignore[attr-defined]

    def action_delete(self) -> None:
        if (f := self.current()) is not None:
            self.app.confirm_delete("feedback", f.id, f"feedback {f.id} from {f.person}")  # type: ignore[attr-defined]

    def action_respond(self) -> None:
        if (f := self.current()) is not None:
            self.app.pick_response_for(f)  # type: ignore[attr-defined]
