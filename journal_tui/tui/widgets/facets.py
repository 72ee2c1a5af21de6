"""Facets: projects and skills with counts under the current filter, one key to filter by them.

So a user can narrow the journal without remembering how they spelled a project.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on, work
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist
from textual.worker import get_current_worker

from journal_tui.query import Filter, match_people, quote_value
from journal_tui.tui.base import ReportsFailures
from journal_tui.tui.context import JournalContext
from journal_tui.tui.text import one_line

FACET_KINDS = (("project", "Projects"), ("skill", "Skills"), ("person", "People"))


class FacetList(ReportsFailures, OptionList):
    """Enter on a facet toggles it in the filter bar (by asking the app: `TermToggled`)."""

    flt: reactive[Filter] = reactive(Filter, always_update=False, repaint=False)
    revision: reactive[int] = reactive(0, repaint=False)
    shown: reactive[str] = reactive("journal", repaint=False)  # bound: the pane on screen, whose items are counted

    def __init__(self, ctx: JournalContext, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.ctx = ctx

    @dataclass
    class TermToggled(Message):
        """Add `key:value` to the filter, or take it out."""

        key: str
        value: str

    def watch_flt(self) -> None:
        self.refresh_facets()

    def watch_revision(self) -> None:
        self.refresh_facets()

    def watch_shown(self) -> None:
        self.refresh_facets()

    def on_show(self) -> None:
        self.refresh_facets()

    def refresh_facets(self) -> None:
        if self.display and self.ctx.is_open:
            # counted in the items the shown pane lists, so choosing a facet gives its count
            self._load(self.flt, "feedback" if self.shown == "feedback" else "entry")

    @work(thread=True, exclusive=True, group="facets", exit_on_error=False)
    def _load(self, flt: Filter, of: str) -> None:
        reader = self.ctx.rows()  # interrupted, like the panes' rows, when the filter changes
        data = [(kind, title, reader.name_counts(kind, flt, of=of)[:40]) for kind, title in FACET_KINDS]
        if not get_current_worker().is_cancelled:
            self.post_message(self._Counted(data, flt))

    @dataclass
    class _Counted(Message, bubble=False):
        """The facets' counts under `flt`, read in a worker."""

        data: list[tuple[str, str, list[tuple[str, int]]]]
        flt: Filter

    @on(_Counted)
    def _counted(self, message: _Counted) -> None:
        self._show(message.data, message.flt)

    def _show(self, data: list[tuple[str, str, list[tuple[str, int]]]], flt: Filter) -> None:
        active = {(c.key, v.casefold()) for c in flt.clauses if not c.negated for v in c.values}
        # people by the filter's own rule: `by:maria` marks "Maria Lopez"
        everyone = self.ctx.names.get("person") or [
            n for kind, _, counts in data if kind == "person" for n, _ in counts
        ]
        for c in flt.names("person"):
            if not c.negated:
                active |= {("person", n.casefold()) for n in match_people(c.values, everyone)}
        highlighted = self.highlighted_option.id if self.highlighted_option else None
        options: list[Any] = []
        for kind, title, counts in data:
            options.append(Option(Text(title, style="bold underline"), disabled=True))
            if not counts:
                options.append(Option(Text("  (none)", style="dim"), disabled=True))
            for name, count in counts:
                mark = "● " if (kind, name.casefold()) in active else "  "
                shown = one_line(name)  # literal, without a control code an older version stored: here and in the
                options.append(
                    Option(
                        Text.assemble(mark, (shown, "bold" if mark != "  " else ""), (f" {count}", "dim")),
                        id=f"{kind}:{quote_value(shown)}",
                    )
                )  # filter bar, where enter puts it
        self.clear_options()
        self.add_options(options)
        if highlighted:
            with contextlib.suppress(OptionDoesNotExist):  # the facet vanished under the new filter
                self.highlighted = self.get_option_index(highlighted)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            key, _, value = event.option.id.partition(":")
            self.post_message(self.TermToggled(key, value.strip('"')))
