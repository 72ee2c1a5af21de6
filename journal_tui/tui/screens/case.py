"""The Case screen: the target role's criteria against a period's evidence, and the gaps.

The same data as `journal case` (case.py): criteria as rows coloured by status
(CSS classes -met / -partial / -gap), the evidence and feedback of the selected
criterion, the gaps below, and `x` to export the Markdown (asking for a path, and
before overwriting a file).  Everything the user typed is shown as rich Text, through
tui/text.py (literal, no control codes); the gaps are the CLI's own Markdown lines,
rendered (bold as bold, commands as code), built in the worker with the case.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Label, ListItem, ListView, Static
from textual.worker import get_current_worker

from journal_tui.dates import DateError, DateRange, parse_range
from journal_tui.tui.base import ReportsFailures, journal_app
from journal_tui.tui.text import clean, markdown_lines, one_line

if TYPE_CHECKING:
    from journal_tui.case import Case, CriterionCase

STATUS_LABEL = {"met": "✔ met", "partial": "◐ partial", "gap": "✘ gap"}


def criterion_row(c: CriterionCase) -> ListItem:
    """One row: status, evidence/need, name; coloured by the -met/-partial/-gap class."""
    label = Text.assemble((f"{STATUS_LABEL[c.status]:<10}", ""), (f"{c.have:>3}/{c.criterion.need:<3} ", ""),
                          one_line(c.criterion.name))
    return ListItem(Label(label, classes="case-row-label"), classes=f"case-row -{c.status}", name=str(c.criterion.id))


def criterion_detail(c: CriterionCase) -> Text:
    """The selected criterion: skills, note, evidence (key wins first, with impact), feedback with who and when."""
    cr = c.criterion
    out = Text()
    out.append(one_line(cr.name), style="bold")
    out.append(f"  {c.status} · {c.have} of {cr.need}\n", style="dim")
    if cr.skills:
        out.append("skills: ", style="dim")
        out.append(one_line(", ".join(cr.skills)) + "\n", style="magenta")
    if cr.note:
        out.append(clean(cr.note) + "\n", style="italic")
    out.append("\nEvidence\n", style="bold")
    if not c.evidence:
        out.append("  No evidence in this period: log a win with one of the skills, or press c on an entry.\n",
                   style="dim")
    for e in c.evidence:
        out.append("  ★ " if e.starred else "    ", style="bold yellow")
        out.append(e.occurred_on.isoformat() + " ", style="dim")
        out.append(one_line(e.title))
        if e.impact:
            out.append("  impact: ", style="dim")
            out.append(one_line(e.impact), style="green")
        out.append("\n")
    if c.feedback:
        out.append("\nFeedback\n", style="bold")
        for f in c.feedback:
            out.append("  “")
            out.append(one_line(f.text), style="italic")
            out.append("”")
            out.append(f" — {one_line(f.person)}, {f.received_on.isoformat()}" + ("" if f.kind == "praise" else f" ({f.kind})"),
                       style="dim")
            out.append("\n")
    return out


def gaps_text(case: Case) -> Text:
    """The impact line and each gap's lines, formatted as the Markdown the CLI prints would be (runs in a worker:
    a case can list thousands of wins)."""
    out = Text()
    if case.impact.wins:
        out.append(f"{case.impact.with_impact} of {case.impact.wins} wins state an impact, "
                   f"{case.impact.with_number} with a number\n", style="bold")
    if case.gaps.empty:
        out.append("\nNo gaps in this period.", style="green")
        return out
    out.append("\nGaps\n", style="bold underline")
    for gap in case.gaps.items:
        if gap.data:
            out.append(f"\n{one_line(gap.title)}\n", style="bold red")
            out.append_text(markdown_lines(gap.lines))
    return out


class CaseScreen(ReportsFailures, Screen[None]):
    CSS_PATH = "case.tcss"
    BINDINGS = [
        Binding("escape", "close", "Back", id="case-close", tooltip="Back to the journal"),
        Binding("t", "period('this quarter')", "This quarter", id="case-this", tooltip="The case for this quarter"),
        Binding("l", "period('last quarter')", "Last quarter", id="case-last", tooltip="The case for last quarter"),
        Binding("y", "period('last 365 days')", "Last year", id="case-year", tooltip="The case for the last 365 days"),
        Binding("x", "export", "Export .md", id="case-export", tooltip="Write the case as Markdown (asks for a path)"),
    ]

    def __init__(self, period_text: str = "this quarter", export_dir: Path | None = None) -> None:
        super().__init__()
        self.period_text = period_text
        self.export_dir = export_dir or Path.cwd()
        self.case: Case | None = None
        self.markdown_text = ""

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="case-body"):
            with Vertical(id="case-side"):
                yield Label("", id="case-title")
                yield Label("Criteria  [dim]t · l · y change the period[/]", classes="case-section")
                yield ListView(id="case-criteria")
                yield Static("", id="case-gaps")
            with VerticalScroll(id="case-detail-scroll"):
                yield Static(Text("Building the case…", style="dim"), id="case-detail")
        yield Footer()

    @property
    def criteria_list(self) -> ListView:
        return self.query_one("#case-criteria", ListView)

    def on_mount(self) -> None:
        self.criteria_list.focus()
        self._apply(self.period_text)

    def _apply(self, text: str) -> None:
        try:
            period = parse_range(text, today=journal_app(self).today)
        except DateError as exc:
            self.app.notify(str(exc), severity="error")
            return
        self.period_text = text
        self._build(period)

    @work(thread=True, exclusive=True, group="case", exit_on_error=False)
    def _build(self, period: DateRange) -> None:
        from journal_tui.case import build_case, to_markdown

        app = journal_app(self)
        if app.reader is None:
            return  # the app opens this screen only once the journal is open
        case = build_case(app.reader, period, app.today)
        text = to_markdown(case)
        gaps = gaps_text(case)
        if not get_current_worker().is_cancelled:
            self.post_message(self.Built(case, text, gaps))

    @dataclass
    class Built(Message, bubble=False):
        """The case for the period, built in a worker, with its Markdown and its gaps as shown."""

        case: Case
        text: str
        gaps: Text

    @on(Built)
    async def _show(self, message: Built) -> None:
        case, text = message.case, message.text
        self.case = case
        self.markdown_text = text
        self.sub_title = f"Case · {case.label}"
        title = Text.assemble(("Target: ", "dim"), (one_line(case.role or "no role set"), "bold"), ("  ·  ", "dim"),
                              (case.label, "cyan"))
        self.query_one("#case-title", Label).update(title)
        lst = self.criteria_list
        await lst.clear()
        await lst.extend([criterion_row(c) for c in case.criteria])
        self.query_one("#case-gaps", Static).update(message.gaps)
        if case.criteria:
            lst.index = 0
            self._show_detail(case.criteria[0])
        else:
            self.query_one("#case-detail", Static).update(Text(
                'No criteria yet. From a shell:\n\n  journal role set "Staff Engineer"\n'
                '  journal role criterion add "Leads cross-team work" --skill leadership --need 3', style="dim"))

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

    def action_period(self, text: str) -> None:
        self._apply(text)

    def action_export(self) -> None:
        """Ask where to write (prefilled), and ask again before replacing a file that exists."""
        if self.case is None:
            return
        from journal_tui.tui.screens.dialogs import export_markdown

        export_markdown(self.app, "case", self.export_dir / f"case-{self.case.label.replace(' ', '_')}.md",
                        self.markdown_text)

    def action_close(self) -> None:
        self.app.pop_screen()
