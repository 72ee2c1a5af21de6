"""The Case screen: the target role's criteria against a period's evidence, and the gaps.

The same data as `journal case` (case.py): criteria as rows coloured by status
(CSS classes -met / -partial / -gap), the evidence and feedback of the selected
criterion, the gaps below (a list: enter on a gap acts on it, case_gaps.py), and `x`
to export the Markdown (asking for a path, and before overwriting a file).  Everything
the user typed is shown as rich Text, through tui/text.py (literal, no control codes);
a line that wraps stays under its own start (`Hanging`).  The period, the build in a
worker (its result comes back as `CaseScreen.Built`) and the export are the Review
screen's too (period_screen.py).  The case is built again when the journal changes (a
gap acted on, an edit from the CLI).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Header, Label, ListItem, ListView, Static
from textual.widgets.option_list import Option

from journal_tui.tui.context import JournalContext
from journal_tui.tui.screens.case_gaps import GapList, gap_options
from journal_tui.tui.screens.period_screen import PeriodScreen, period_bindings
from journal_tui.tui.text import clean, one_line
from journal_tui.tui.widgets.footer import QuietFooter
from journal_tui.tui.widgets.hanging import Hanging

if TYPE_CHECKING:
    import datetime as dt

    from journal_tui.case import Case, CriterionCase
    from journal_tui.data.reader import Reader
    from journal_tui.dates import DateRange
    from journal_tui.query import Filter

STATUS_LABEL = {"met": "✔ met", "partial": "◐ partial", "gap": "✘ gap"}


def criterion_row(c: CriterionCase) -> ListItem:
    """One row: status, evidence/need, name (wrapping under itself, never cut); coloured by the -met/-partial/-gap
    class."""
    count = f"{c.have}/{c.criterion.need}"
    label = Hanging([(f"{STATUS_LABEL[c.status]:<10}{count:<6}", one_line(c.criterion.name))])
    return ListItem(Static(label, classes="case-row-label"), classes=f"case-row -{c.status}", name=str(c.criterion.id))


def criterion_detail(c: CriterionCase) -> Hanging:
    """The selected criterion: skills, note, evidence (key wins first, with impact), feedback with who and when.

    Each line that wraps stays under its own start (`Hanging`): a wrapped evidence line or quote never reads as a
    new one."""
    from journal_tui.case import criterion_status, measured_first  # the case's own wording and order, as the CLI's

    cr = c.criterion
    out = Hanging()
    out.add("", Text.assemble((one_line(cr.name), "bold"), (f"  {criterion_status(c)}", "dim")))
    if cr.skills:
        out.add(Text("skills: ", style="dim"), Text(one_line(", ".join(cr.skills)), style="magenta"))
    if cr.note:
        for note in clean(cr.note).splitlines() or [""]:
            out.add("", Text(note, style="italic"))
    out.add("", "").add("", Text("Evidence", style="bold"))
    if not c.evidence:
        out.add(
            "  ",
            Text("No evidence in this period: log a win with one of the skills, or press c on an entry.", style="dim"),
        )
    by_hand = set(cr.entry_ids)
    for e in measured_first(c.evidence):
        win = Text.assemble((e.occurred_on.isoformat() + " ", "dim"), one_line(e.title))
        if e.impact:
            win.append("  impact: ", style="dim")
            win.append(one_line(e.impact), style="green")
        if e.id in by_hand:
            win.append("  (attached by hand)", style="dim")
        out.add(Text("  ★ " if e.starred else "    ", style="bold yellow"), win)
    if c.feedback:
        out.add("", "").add("", Text("Feedback", style="bold"))
        for f in c.feedback:
            kind = "" if f.kind == "praise" else f" ({f.kind})"
            if f.kind == "constructive" and c.status == "met":  # what to grow next, not support for the claim
                out.add("", Text("  To work on:", style="bold"))
            out.add(
                "  “",
                Text.assemble(
                    (one_line(f.text), "italic"),
                    "”",
                    (f" — {one_line(f.person)}, {f.received_on.isoformat()}{kind}", "dim"),
                ),
            )
    return out


class CaseScreen(PeriodScreen[tuple["Case", str, list[Option]]]):
    WHAT = "case"
    CSS_PATH = "case.tcss"
    BINDINGS = period_bindings(
        "case",
        this="The case for this quarter",
        last="The case for last quarter",
        year="The case for the last 365 days",
        export="Write the case as Markdown (asks for a path)",
    )

    def __init__(self, ctx: JournalContext, period_text: str = "this quarter", export_dir: Path | None = None) -> None:
        super().__init__(ctx, period_text, export_dir=export_dir)
        self.case: Case | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="case-body"):
            with Vertical(id="case-side"):
                yield Label("", id="case-title")
                yield Label("Criteria  [dim]t · l · y change the period · tab: the gaps[/]", classes="case-section")
                yield ListView(id="case-criteria")
                yield GapList(self.ctx, id="case-gaps")
            with VerticalScroll(id="case-detail-scroll"):
                yield Static(Text("Building the case…", style="dim"), id="case-detail")
        yield QuietFooter()

    @property
    def criteria_list(self) -> ListView:
        return self.query_one("#case-criteria", ListView)

    @property
    def period_line(self) -> Label:
        return self.query_one("#case-title", Label)

    def show_period(self, period: DateRange) -> None:
        """The title names the period with the target role, once the case is built."""

    def on_mount(self) -> None:
        self.criteria_list.focus()
        self._apply(self.period_text)
        # a gap acted on (a response linked, an impact added) or a change from the CLI: the case is built again
        if self.ctx.changed is not None:
            self.ctx.changed.subscribe(self, self._journal_changed)

    def _journal_changed(self, _: int) -> None:
        if self.case is not None:
            self._apply(self.period_text)

    # --- the build (period_screen.py runs it) -------------------------------------------------------------

    def start_build(
        self, reader: Reader, period: DateRange, flt: Filter, today: dt.date
    ) -> tuple[Case, str, list[Option]]:
        """The whole case (the app's filter does not narrow it: a case is the role's), its Markdown and its gaps as
        the list shows them."""
        from journal_tui.case import build_case, to_markdown

        case = build_case(reader, period, today)
        return case, to_markdown(case), gap_options(case)

    def finish_build(
        self, first: tuple[Case, str, list[Option]], reader: Reader, period: DateRange, flt: Filter, today: dt.date
    ) -> None:
        self.deliver(self.Built(*first))

    @dataclass
    class Built(Message, bubble=False):
        """The case for the period, built in a worker, with its Markdown and its gaps as shown."""

        case: Case
        text: str
        gaps: list[Option]

    @on(Built)
    async def _show(self, message: Built) -> None:
        case, text = message.case, message.text
        self.case = case
        self.document_shown(case.label, text)
        self.sub_title = f"Case · {case.label}"
        title = Text.assemble(
            ("Target: ", "dim"), (one_line(case.role or "no role set"), "bold"), ("  ·  ", "dim"), (case.label, "cyan")
        )
        self.query_one("#case-title", Label).update(title)
        lst = self.criteria_list
        await lst.clear()
        await lst.extend([criterion_row(c) for c in case.criteria])
        self.query_one("#case-gaps", GapList).show_case(case, message.gaps)
        if case.criteria:
            lst.index = 0
            self._show_detail(case.criteria[0])
        else:
            self.query_one("#case-detail", Static).update(
                Text(
                    'No criteria yet. From a shell:\n\n  journal role set "Staff Engineer"\n'
                    '  journal role criterion add "Leads cross-team work" --skill leadership --need 3',
                    style="dim",
                )
            )

    def _show_detail(self, c: CriterionCase) -> None:
        self.query_one("#case-detail", Static).update(criterion_detail(c))

    @on(ListView.Highlighted, "#case-criteria")
    def _highlighted(self, event: ListView.Highlighted) -> None:
        if self.case is None or event.item is None or not event.item.name:
            return
        cid = int(event.item.name)
        found = [c for c in self.case.criteria if c.criterion.id == cid]
        if found:
            self._show_detail(found[0])

    def selected(self) -> CriterionCase | None:
        lst = self.criteria_list
        if self.case is None or lst.index is None or not 0 <= lst.index < len(self.case.criteria):
            return None
        return self.case.criteria[lst.index]
