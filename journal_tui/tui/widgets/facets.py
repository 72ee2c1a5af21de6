"""Facets: projects and skills with counts under the current filter, one key to filter by them.

So a user can narrow the journal without remembering how they spelled a project.
"""

from typing import Any

from rich.text import Text
from textual import on, work
from textual.widgets import OptionList
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from journal_tui.errors import JournalError
from journal_tui.query import Filter, match_people, quote_value

FACET_KINDS = (("project", "Projects"), ("skill", "Skills"), ("person", "People"))


class FacetList(OptionList):
    """Enter on a facet toggles it in the filter bar."""

    def on_mount(self) -> None:
        self.watch(self.app, "flt", lambda _: self.refresh_facets(), init=False)
        self.watch(self.app, "revision", lambda _: self.refresh_facets(), init=False)

    def refresh_facets(self) -> None:
        if self.display and self.app.store is not None:  # type: ignore[attr-defined]
            self._load(self.app.flt)  # type: ignore[attr-defined]

    @work(thread=True, exclusive=True, group="facets", exit_on_error=False)
    def _load(self, flt: Filter) -> None:
        store = self.app.store  # type: ignore[attr-defined]
        try:
            data = [(kind, title, store.name_counts(kind, flt)[:40]) for kind, title in FACET_KINDS]
        except JournalError:
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, data, flt)

    def _show(self, data: list[tuple[str, str, list[tuple[str, int]]]], flt: Filter) -> None:
        active = {(c.key, v.casefold()) for c in flt.clauses if not c.negated for v in c.values}
        # people by the filter's own rule: `by:maria` marks "Maria Lopez"
        everyone = (self.app.names.get("person")  # type: ignore[attr-defined]
                    or [n for kind, _, counts in data if kind == "person" for n, _ in counts])
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
                options.append(Option(Text.assemble(mark, (name, "bold" if mark != "  " else ""), (f" {count}", "dim")),
                                      id=f"{kind}:{quote_value(name)}"))
        self.clear_options()
        self.add_options(options)
        if highlighted:
            try:
                self.highlighted = self.get_option_index(highlighted)
            except Exception:  # the facet vanished under the new filter
                pass

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            key, _, value = event.option.id.partition(":")
            self.app.toggle_filter_term(key, value.strip('"'))  # type: ignore[attr-defined]
