"""The Inbox screen: suggestions harvested from git, gone through with the keyboard.

The list (oldest day first) on the left, the highlighted suggestion beside it with its commits (short
hash, time, subject), its project and skills, and what it could count for.  `a` accepts it as it is,
`e` opens the entry form filled from it (what is saved is accepted), `*` stars it before accepting,
`s` skips it (its commits are never offered again), `l` accepts it and links the goals and criteria it
could count for.  Reads and writes run in workers (`harvest.py`, through the app's reader); after a write the
app's revision moves and the list reloads, as it does when `journal harvest` runs in another shell.
Commit text is shown as rich Text: markup in a subject is literal.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Label, Static

from journal_tui import harvest
from journal_tui.tui.base import ReportsFailures
from journal_tui.tui.context import JournalContext
from journal_tui.tui.messages import FormRequest, FormRequested, WriteRequested
from journal_tui.tui.screens.forms import EntryForm
from journal_tui.tui.text import cell, clean, one_line
from journal_tui.tui.widgets.table import Col, ListTable

if TYPE_CHECKING:
    import datetime as dt

    from journal_tui.data.store import Store
    from journal_tui.harvest import SuggestionRow

SHOWN = 500  # suggestions in the list at once (the oldest): accepting or skipping brings the next ones
COLUMNS = (
    Col("date", "Date", 10, priority=5),
    Col("star", "★", 1, priority=4),
    Col("title", "Suggestion", None, min=20, priority=10),
    Col("repo", "Repository", 14, priority=2),
    Col("commits", "Commits", 7, priority=1),
)


def suggestion_cells(s: SuggestionRow, starred: bool) -> dict[str, Text]:
    return {
        "date": cell(s.occurred_on.isoformat(), "dim"),
        "star": cell("★" if starred else "", "bold yellow"),
        "title": cell(s.title),
        "repo": cell(s.repo_name, "cyan"),
        "commits": cell(f"{len(s.commits)}{' ⑂' if s.kind == 'merge' else ''}", "dim"),
    }


def suggestion_detail(s: SuggestionRow, starred: bool) -> Text:
    """The highlighted suggestion in full: what would be logged, where it comes from, and its commits."""
    out = Text()
    if starred:
        out.append("★ ", style="bold yellow")
    out.append(clean(s.title), style="bold")
    kind = "a merged branch · " if s.kind == "merge" else ""
    out.append(f"\n{s.occurred_on.isoformat()} · {kind}", style="dim")
    out.append(one_line(s.repo_name), style="cyan")
    out.append(f" · {len(s.commits)} commit{'s' if len(s.commits) != 1 else ''}\n", style="dim")
    if s.project:
        out.append(f"+{one_line(s.project)}  ", style="green")
    if s.skills:
        out.append(" ".join(f"#{one_line(k)}" for k in s.skills), style="magenta")
    if s.project or s.skills:
        out.append("\n")
    if s.matches:
        out.append("could count for: ", style="dim")
        out.append(one_line(s.could_count_for()), style="green")
        out.append("\n")
    out.append("\nCommits\n", style="bold")
    for c in s.commits:
        out.append(f"  {c.short} ", style="yellow")
        out.append(f"{c.authored_at[11:16]}  ", style="dim")
        out.append(one_line(c.subject))
        out.append("\n")
    out.append("\na accept · e edit, then accept · * star · s skip · l accept and link", style="dim")
    return out


EMPTY = Text.assemble(
    ("The inbox is empty.\n\n", "bold"),
    ("Suggestions come from your own commits. From a shell:\n\n", "dim"),
    ("  journal harvest ~/src\n\n", ""),
    (
        "reads every repository under ~/src (and remembers them: `journal harvest` alone reads what is new since).",
        "dim",
    ),
)


class InboxScreen(ReportsFailures, Screen[None]):
    CSS_PATH = "inbox.tcss"
    BINDINGS = [
        Binding("escape", "close", "Back", id="inbox-close", tooltip="Back to the journal"),
        Binding("a", "accept", "Accept", id="inbox-accept", tooltip="Log the highlighted suggestion as an entry"),
        Binding("e", "edit", "Edit", id="inbox-edit", tooltip="Open the entry form filled from it; saving accepts it"),
        Binding("asterisk", "star", "Star", id="inbox-star", tooltip="Star it as a key win before accepting"),
        Binding("s", "skip", "Skip", id="inbox-skip", tooltip="Skip it: its commits are never offered again"),
        Binding(
            "l", "link", "Link", id="inbox-link", tooltip="Accept it and link the goals and criteria it could count for"
        ),
    ]

    def __init__(self, ctx: JournalContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.rows: dict[int, SuggestionRow] = {}
        self.starred: set[int] = set()
        self.waiting = 0

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="inbox-body"):
            with Vertical(id="inbox-side"):
                yield Label("Reading the inbox…", id="inbox-title")
                yield ListTable(COLUMNS, id="inbox-list")
            with VerticalScroll(id="inbox-detail-scroll"):
                yield Static("", id="inbox-detail")
        yield Footer()

    @property
    def table(self) -> ListTable:
        return self.query_one("#inbox-list", ListTable)

    def on_mount(self) -> None:
        self.sub_title = "Inbox"
        self.table.focus()
        if self.ctx.changed is not None:
            self.ctx.changed.subscribe(self, self._revision_moved)
        self.load()

    def _revision_moved(self, _: int) -> None:
        """A write (here, or `journal harvest` in another shell): read the inbox again."""
        self.load()

    # --- reading -------------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="inbox", exit_on_error=False)
    def load(self) -> None:
        rows, waiting = self.ctx.read(
            lambda conn: (harvest.suggestions(conn, limit=SHOWN), harvest.pending_count(conn))
        )
        self.post_message(self.Loaded(rows, waiting))

    @dataclass
    class Loaded(Message, bubble=False):
        rows: list[SuggestionRow]
        waiting: int

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        self.rows = {s.id: s for s in message.rows}
        self.starred &= set(self.rows)
        self.waiting = message.waiting
        self._fill()

    def _fill(self) -> None:
        self.table.set_rows((str(s.id), suggestion_cells(s, s.id in self.starred)) for s in self.rows.values())
        n = self.waiting
        title = (
            (
                f"{n:,} suggestion{'s' if n != 1 else ''} from your commits"
                + (f" (the oldest {len(self.rows):,} shown)" if n > len(self.rows) else "")
            )
            if n
            else "Nothing waits"
        )
        self.query_one("#inbox-title", Label).update(Text(title, style="bold"))
        self.sub_title = f"Inbox · {n:,} waiting"
        self._show_detail()

    def selected(self) -> SuggestionRow | None:
        key = self.table.cursor_key
        return self.rows.get(int(key)) if key is not None else None

    def _show_detail(self) -> None:
        s = self.selected()
        detail = self.query_one("#inbox-detail", Static)
        detail.update(suggestion_detail(s, s.id in self.starred) if s is not None else EMPTY)

    @on(ListTable.RowHighlighted, "#inbox-list")
    def _highlighted(self) -> None:
        self._show_detail()

    # --- actions -------------------------------------------------------------------------------------

    def _chosen(self) -> SuggestionRow | None:
        s = self.selected()
        if s is None:
            self.app.notify("Nothing to act on: the inbox is empty.", severity="warning", timeout=3)
        return s

    def action_accept(self, link: bool = False) -> None:
        s = self._chosen()
        if s is None:
            return
        choice = harvest.Choice(starred=s.id in self.starred, link=link)
        today = self.ctx.today
        self.post_message(
            WriteRequested(
                lambda store: harvest.accept(store, s.id, choice, today),
                lambda a: (
                    f"Added entry {a.entry_id} from suggestion {s.id}"
                    + (f", counted for {len(a.linked)}" if a.linked else "")
                    + "."
                ),
            )
        )

    def action_link(self) -> None:
        s = self._chosen()
        if s is None:
            return
        if not s.matches:
            self.app.notify(
                "It counts for no goal or criterion yet; a accepts it as it is.", severity="warning", timeout=4
            )
            return
        self.action_accept(link=True)

    def action_edit(self) -> None:
        s = self._chosen()
        if s is not None:
            self.post_message(FormRequested(accept_form(s, s.id in self.starred, self.ctx.today)))

    def action_star(self) -> None:
        s = self._chosen()
        if s is not None:
            self.starred ^= {s.id}
            self._fill()

    def action_skip(self) -> None:
        s = self._chosen()
        if s is None:
            return
        self.post_message(
            WriteRequested(
                lambda store: harvest.skip(store, [s.id]),
                f"Skipped suggestion {s.id}: its commits will not be offered again.",
            )
        )

    def action_close(self) -> None:
        self.app.pop_screen()


def accept_form(s: SuggestionRow, starred: bool, today: dt.date) -> FormRequest:
    """The entry form filled from a suggestion; what is saved is accepted (the form's values as they are)."""
    values = {
        "text": s.title,
        "date": s.occurred_on.isoformat(),
        "project": s.project or "",
        "skills": ", ".join(s.skills),
        "impact": "",
        "starred": starred,
    }

    def save(store: Store, p: dict[str, Any]) -> harvest.Accepted:
        choice = harvest.Choice(
            text=p["text"],
            occurred_on=p["occurred_on"],
            project=p["project"],
            skills=p["skills"],
            impact=p["impact"],
            starred=p["starred"],
            exact=True,
        )
        return harvest.accept(store, s.id, choice, today)

    return FormRequest(
        EntryForm,
        values,
        save,
        lambda a: f"Added entry {a.entry_id} from suggestion {s.id}.",
        title=f"Accept suggestion {s.id}",
    )
