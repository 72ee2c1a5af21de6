"""The Journal pane: entries newest first, with the selected entry in full."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.binding import Binding

from journal_tui.query import Filter
from journal_tui.tui.widgets.list_pane import ListPane
from journal_tui.tui.widgets.markdown import entry_md

if TYPE_CHECKING:
    from journal_tui.store import EntryRow


class JournalPane(ListPane["EntryRow"]):
    BINDINGS = [
        Binding("asterisk", "star", "Star", id="star", tooltip="Star or unstar the selected entry"),
        Binding("l", "link", "Link goal", id="link", tooltip="Link the selected entry to a goal as evidence"),
        Binding("c", "criterion", "Criterion", id="criterion",
                tooltip="Attach the selected entry to a criterion of your target role"),
    ]
    COLUMNS = (("Date", "date", 10), ("★", "star", 1), ("Title", "title", 52), ("Project", "project", 12),
               ("Skills", "skills", 24))
    NOUN = "entry"

    def fetch(self, flt: Filter, after: tuple[Any, int] | None, limit: int) -> list[EntryRow]:
        return self.store.list_entries(flt, limit=limit, after=after)

    def fetch_count(self, flt: Filter) -> int:
        return self.store.count_entries(flt)

    def page_key(self, row: EntryRow) -> tuple[Any, int]:
        return (row.occurred_on, row.id)

    def cells(self, e: EntryRow) -> tuple[Any, ...]:
        return (e.occurred_on.isoformat(), Text("★", style="bold yellow") if e.starred else "", e.title,
                Text(e.project or "", style="cyan"), Text(", ".join(e.skills), style="magenta"))

    def detail_markdown(self, row_id: int) -> str:
        return entry_md(self.store.entry_detail(row_id))

    def empty_markdown(self) -> str:
        if self.app.flt.is_empty:  # type: ignore[attr-defined]
            return ("## Your journal is empty\n\nPress **n** to log your first win, or from any shell:\n\n"
                    '```\njournal add "yesterday: Shipped X +project #skill"\n```\n\n'
                    "To look around first, try a demo journal: `journal demo --db /tmp/demo.db` "
                    "then `journal --db /tmp/demo.db`.")
        return "*No entry matches the filter. Press **escape** in the filter bar to clear it.*"

    def action_new(self) -> None:
        self.app.action_new_entry()  # type: ignore[attr-defined]

    def action_edit(self) -> None:
        if self.selected_id is not None:
            self.app.edit_entry(self.selected_id)  # type: ignore[attr-defined]

    def action_delete(self) -> None:
        if (e := self.current()) is not None:
            self.app.confirm_delete("entry", e.id, f"entry {e.id} ({e.occurred_on}: {e.title})")  # type: ignore[attr-defined]

    def action_star(self) -> None:
        if (e := self.current()) is not None:
            self.app.toggle_star(e.id, not e.starred)  # type: ignore[attr-defined]

    def action_link(self) -> None:
        if (e := self.current()) is not None:
            self.app.pick_goal_for(e.id, e.goal_ids)  # type: ignore[attr-defined]

    def action_criterion(self) -> None:
        if (e := self.current()) is not None:
            self.app.pick_criterion_for(e.id)  # type: ignore[attr-defined]
