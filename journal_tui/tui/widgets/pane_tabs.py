"""The panes as tabs: which one is shown, the keyboard following the tab, counts, and the cursor after a reload.

The app composes the panes inside (`with PaneTabs(...)`, binding its state into each) and decides which is
shown; this widget knows the panes by name, composes a lazy pane when it is first shown, keeps the tab and the
keyboard together, asks the hidden panes to count once the shown one has its rows, says the counts for the status
line (`Status`), says when the first rows are on screen (`FirstRows`), and puts the cursor on a row written a moment
ago (a restored row) once its pane shows the rows read after the write.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.message import Message
from textual.widgets import TabbedContent

from journal_tui.data.reader import Count
from journal_tui.plurals import plural
from journal_tui.tui.context import JournalContext
from journal_tui.tui.widgets.list_pane import Pane

PANES = ("journal", "goals", "feedback", "people")
PANE_OF = {"entry": "journal", "goal": "goals", "feedback": "feedback"}  # table -> the pane that lists its rows
COUNTED = (("journal", "entry", "entries"), ("goals", "goal", "goals"), ("feedback", "feedback", "feedback"))


class PaneTabs(TabbedContent):
    """The Journal, Goals, Feedback and People panes (ids `<name>` for the tab, `<name>-pane` for the pane)."""

    @dataclass
    class Chosen(Message):
        """A tab was clicked: the app shows that pane (and says so to the panes)."""

        name: str

    @dataclass
    class Status(Message):
        """What the status line beside the filter says: the panes' counts."""

        text: str

    class FirstRows(Message):
        """The shown pane has its rows on screen (the app then loads what the first frame did not need)."""

    def __init__(self, ctx: JournalContext, *, id: str | None = None) -> None:
        super().__init__(id=id, initial="journal")
        self.ctx = ctx
        # (pane, row id, revision): where the cursor goes once the pane shows rows read at that revision or later
        self._select_after: tuple[str, int, int] | None = None

    @property
    def shown(self) -> str:
        return self.active or "journal"

    def pane(self, name: str | None = None) -> Pane:
        return self.query_one(f"#{name or self.shown}-pane", Pane)

    def panes(self) -> list[Pane]:
        return [self.pane(name) for name in PANES]

    def holder(self) -> str | None:
        """The pane holding the keyboard focus, if one does."""
        focused = self.app.focused
        for name in PANES:
            if focused is not None and self.pane(name) in focused.ancestors_with_self:
                return name
        return None

    async def build(self, name: str) -> None:
        """Compose the pane if it was never shown; its widgets exist once this returns."""
        if (mounting := self.pane(name).build()) is not None:
            await mounting

    def show(self, name: str) -> Pane:
        """Show a pane already composed, its rows up to date (the app has told the panes which one it is)."""
        self.active = name
        pane = self.pane(name)
        pane.ensure_fresh()
        return pane

    @on(TabbedContent.TabActivated)
    def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        """A tab clicked with the mouse: that pane is shown.  A late `TabPane.Focused` (the focus moved to a list,
        then a key switched panes before the message arrived) would show a pane other than the one holding the
        keyboard: the tab follows the keyboard."""
        if event.tabbed_content is not self or event.pane.id not in PANES:
            return
        event.stop()
        holder = self.holder()
        if holder is not None and holder != event.pane.id:
            self.active = holder
        else:
            self.post_message(self.Chosen(event.pane.id))

    # --- rows, counts, and the cursor after a write ---------------------------------------------

    def select_after_reload(self, table: str, row_id: int, revision: int) -> None:
        """Put the cursor on this row once its pane shows the rows of reload `revision` (or a later one)."""
        if table in PANE_OF:
            self._select_after = (PANE_OF[table], row_id, revision)

    @on(Pane.Loaded)
    def _pane_loaded(self, event: Pane.Loaded) -> None:
        """The shown pane has its rows: now the hidden ones count theirs (in this order, so the rows come first)."""
        event.stop()
        self._select_pending_row(event.pane)
        if event.pane.pane_name == self.shown:
            for pane in self.panes():
                if pane is not event.pane:
                    pane.count_if_wanted()
            self.call_after_refresh(self.post_message, self.FirstRows())  # once the rows are on screen
        self._say_counts()

    @on(Pane.CountWanted)
    def _count_wanted(self, event: Pane.CountWanted) -> None:
        """A hidden pane reloaded after the shown one had its rows: it counts now (otherwise at the next Loaded)."""
        event.stop()
        if self.pane().has_current_rows():
            event.pane.count_if_wanted()

    @on(Pane.CountChanged)
    def _say_counts(self) -> None:
        counts = []
        for name, one, many in COUNTED:
            n = self.pane(name).count
            if n is None:
                counts.append(f"… {many}")
            elif isinstance(n, Count) and n.capped:  # "10,000+ entries"
                counts.append(f"{n.label()} {many}")
            else:
                counts.append(plural(n, one, many))
        reader = self.ctx.reader
        if self.pane().flt.has_text and reader is not None and not reader.use_fts:
            counts.append("no FTS5: slow text search")
        self.post_message(self.Status(" · ".join(counts)))

    def _select_pending_row(self, pane: Pane) -> None:
        if self._select_after is None or self._select_after[0] != pane.pane_name:
            return
        _, row_id, revision = self._select_after
        if pane.select_row(row_id):
            self._select_after = None
        elif pane.revision >= revision and pane.has_current_rows():
            self._select_after = None  # the rows read after the write lack it (filtered out, a later page)
