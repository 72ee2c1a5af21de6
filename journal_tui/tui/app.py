"""The journal app: Journal, Goals and Feedback panes under one filter bar.

The first frame is painted before SQLAlchemy is imported: the store is built in a
worker and the panes load once it is ready.  All database work runs in thread
workers; the UI thread only swaps rows in.  A change made from the CLI in another
shell shows up by itself (the app polls SQLite's `data_version`, which costs
microseconds), on focus, and on ctrl+r.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.markup import escape
from textual import events, on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal
from textual.events import AppFocus
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Header, TabbedContent, TabPane

from journal_tui import db
from journal_tui.errors import JournalError
from journal_tui.query import Filter, toggle_term
from journal_tui.tui.screens.dialogs import ConfirmScreen, GoalPicker, HelpScreen
from journal_tui.tui.screens.form import FormScreen
from journal_tui.tui.screens.forms import EntryForm, FeedbackForm, GoalForm, MilestoneForm
from journal_tui.tui.widgets.facets import FacetList
from journal_tui.tui.widgets.feedback_pane import FeedbackPane
from journal_tui.tui.widgets.filter_bar import FilterBar
from journal_tui.tui.widgets.goals_pane import GoalsPane
from journal_tui.tui.widgets.journal_pane import JournalPane
from journal_tui.tui.widgets.list_pane import ListPane
from journal_tui.tui.widgets.people_pane import PeoplePane

if TYPE_CHECKING:
    from journal_tui.store import Store

PANES = ("journal", "goals", "feedback", "people")
PANE_ACTIONS = {"show_pane", "focus_filter", "toggle_facets", "undo", "review", "refresh"}
POLL_SECONDS = 2.0
UNDO_DEPTH = 50
NARROW_WIDTH = 110


class JournalApp(App[int]):
    CSS_PATH = ["app.tcss", "widgets/people_pane.tcss"]
    TITLE = "journal"
    BINDINGS = [
        Binding("1", "show_pane('journal')", "Journal", id="pane-journal", tooltip="Show the Journal pane"),
        Binding("2", "show_pane('goals')", "Goals", id="pane-goals", tooltip="Show the Goals pane"),
        Binding("3", "show_pane('feedback')", "Feedback", id="pane-feedback", tooltip="Show the Feedback pane"),
        Binding("4", "show_pane('people')", "People", id="pane-people", tooltip="Show the People pane"),
        Binding("slash", "focus_filter", "Filter", id="filter", tooltip="Type a filter (project:, skill:, in:, words)"),
        Binding("f", "toggle_facets", "Facets", id="facets", tooltip="Show projects, skills and people to filter by"),
        Binding("u", "undo", "Undo", id="undo", tooltip="Undo the last delete"),
        Binding("R", "review", "Review", id="review", tooltip="Open the review of a period's wins"),
        Binding("ctrl+r", "refresh", "Refresh", id="refresh", show=False, tooltip="Reload from the journal file"),
        Binding("question_mark", "help", "Keys", id="help", tooltip="Show every key"),
        Binding("ctrl+q", "quit", "Quit", id="quit", tooltip="Quit"),
    ]

    flt: reactive[Filter] = reactive(Filter, always_update=False)
    revision: reactive[int] = reactive(0)

    def __init__(self, db_path: Path, *, today: dt.date | None = None) -> None:
        super().__init__()
        self.db_path = db_path
        self._today = today
        self.store: Store | None = None
        self.undo_stack: list[tuple[str, dict]] = []
        self.names: dict[str, list[str]] = {}
        self.filter_started: float | None = None
        self.filter_latency_ms: float | None = None
        self._data_version: int | None = None
        self._poll_conn: sqlite3.Connection | None = None

    @property
    def today(self) -> dt.date:
        return self._today or dt.date.today()

    # --- layout ---------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield FilterBar(id="filter-bar")
        with Horizontal(id="main"):
            facets = FacetList(id="facets")
            facets.display = False
            yield facets
            with TabbedContent(id="tabs", initial="journal"):
                with TabPane("Journal ¹", id="journal"):
                    yield JournalPane(id="journal-pane")
                with TabPane("Goals ²", id="goals"):
                    yield GoalsPane(id="goals-pane")
                with TabPane("Feedback ³", id="feedback"):
                    yield FeedbackPane(id="feedback-pane")
                with TabPane("People ⁴", id="people"):
                    yield PeoplePane(id="people-pane")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"{self.db_path.name} · everything"
        self.query_one("#filter-bar", FilterBar).show_status("opening journal…")
        self._open_store()

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def _open_store(self) -> None:
        from journal_tui.store import Store  # deferred: SQLAlchemy loads after the first paint

        try:
            store = Store(self.db_path)
        except JournalError as exc:
            self.call_from_thread(self.exit, None, 1, str(exc))
            return
        self.call_from_thread(self._store_ready, store)

    def _store_ready(self, store: Store) -> None:
        self.store = store
        self._poll_conn = db.raw_connect(self.db_path)
        self._data_version = self._read_data_version()
        self.set_interval(POLL_SECONDS, self._poll_changes)
        self.revision += 1
        self.focus_pane()

    def on_resize(self, event: events.Resize) -> None:
        """Below 110 columns the list gets the whole width; the detail pane would squeeze it unreadable."""
        self.screen.set_class(event.size.width < NARROW_WIDTH, "-narrow")

    def on_unmount(self) -> None:
        if self._poll_conn is not None:
            self._poll_conn.close()
        if self.store is not None:
            self.store.close()

    # --- panes -----------------------------------------------------------------------

    @property
    def active_pane_id(self) -> str:
        return self.query_one("#tabs", TabbedContent).active or "journal"

    def pane(self, name: str | None = None) -> Any:
        return self.query_one(f"#{name or self.active_pane_id}-pane")

    def focus_pane(self) -> None:
        self.pane().focus_table()

    def action_focus_pane(self) -> None:
        self.focus_pane()

    def action_show_pane(self, name: str) -> None:
        self.query_one("#tabs", TabbedContent).active = name
        self.pane(name).ensure_fresh()
        self.pane(name).focus_table()

    @on(TabbedContent.TabActivated)
    def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        """A tab clicked with the mouse: put the keyboard in its list."""
        if event.pane.id in PANES:
            self.pane(event.pane.id).ensure_fresh()
            self.pane(event.pane.id).focus_table()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Pane keys mean nothing while a form, dialog or the review is open."""
        if len(self.screen_stack) > 1 and action in PANE_ACTIONS:
            return False
        return True

    # --- filtering -------------------------------------------------------------------

    @on(FilterBar.Changed)
    def _filter_changed(self, event: FilterBar.Changed) -> None:
        self.filter_started = event.started
        self.flt = event.flt

    def watch_flt(self, flt: Filter) -> None:
        self.sub_title = f"{self.db_path.name} · {flt.describe()}"

    @on(ListPane.Loaded)
    def _pane_loaded(self, _: ListPane.Loaded) -> None:
        self._update_counts()

    def _update_counts(self) -> None:
        counts = []
        for name, one, many in (("journal", "entry", "entries"), ("goals", "goal", "goals"),
                                ("feedback", "feedback", "feedback")):
            n = self.pane(name).count
            counts.append(f"{n if n is not None else '…'} {one if n == 1 else many}")
        if self.flt.has_text and self.store is not None and not self.store.use_fts:
            counts.append("no FTS5: slow text search")
        self.query_one("#filter-bar", FilterBar).show_status(" · ".join(counts))

    def action_focus_filter(self) -> None:
        self.query_one("#filter-bar", FilterBar).input.focus()

    def toggle_filter_term(self, key: str, value: str) -> None:
        bar = self.query_one("#filter-bar", FilterBar)
        bar.set_query(toggle_term(bar.input.value, key, value))

    def action_toggle_facets(self) -> None:
        facets = self.query_one("#facets", FacetList)
        facets.display = not facets.display
        if facets.display:
            facets.refresh_facets()
            facets.focus()
        else:
            self.focus_pane()

    # --- refresh ---------------------------------------------------------------------

    def action_refresh(self) -> None:
        self.revision += 1
        self.notify("Reloaded.", timeout=1.5)

    def _read_data_version(self) -> int | None:
        try:
            return self._poll_conn.execute("PRAGMA data_version").fetchone()[0] if self._poll_conn else None
        except sqlite3.Error:
            return None

    def _poll_changes(self) -> None:
        """Another process committed (the CLI in another shell): reload."""
        version = self._read_data_version()
        if version is not None and version != self._data_version:
            self._data_version = version
            self.revision += 1

    @on(AppFocus)
    def _focused(self) -> None:
        if self.store is not None:
            self._poll_changes()

    def watch_revision(self, _: int) -> None:
        if self.store is not None:
            self._load_names()

    @work(thread=True, exclusive=True, group="names", exit_on_error=False)
    def _load_names(self) -> None:
        assert self.store is not None
        try:
            names = {kind: self.store.names(kind) for kind in ("project", "skill", "tag", "person")}
        except JournalError:
            return
        self.call_from_thread(setattr, self, "names", names)

    # --- writes ------------------------------------------------------------------------

    @work(thread=True, group="write", exit_on_error=False)
    def run_write(self, fn: Callable[[], Any], done: str | Callable[[Any], str],
                  retry: Callable[[str], None] | None = None) -> None:
        """Run a write in a worker; reload after it; on error, say so and reopen the form with what was typed."""
        try:
            result = fn()
        except JournalError as exc:
            self.call_from_thread(self.notify, str(exc), severity="error", timeout=6)
            if retry is not None:
                self.call_from_thread(retry, str(exc))
            return
        message = done(result) if callable(done) else done
        self.call_from_thread(self._after_write, message)

    def _after_write(self, message: str) -> None:
        self._data_version = self._read_data_version()
        self.revision += 1
        if message:
            self.notify(message, timeout=3)

    def _form(self, form_cls: type[FormScreen], values: dict[str, Any] | None, save: Callable[[dict[str, Any]], Any],
              done: str | Callable[[Any], str], *, title: str | None = None, error: str | None = None) -> None:
        """Open a form; on save run `save` in a worker, reopening the form with the input if it fails."""

        def submitted(payload: dict[str, Any] | None) -> None:
            if payload is None:
                return
            typed = payload.pop("_form_values")

            def retry(message: str) -> None:
                self._form(form_cls, typed, save, done, title=title, error=message)

            self.run_write(lambda: save(payload), done, retry)

        self.push_screen(form_cls(values, names=self.names, error=error, title=title), submitted)

    def _require_store(self) -> bool:
        if self.store is None:
            self.notify("Still opening the journal…", severity="warning")
            return False
        return True

    def action_new_entry(self) -> None:
        if self._require_store():
            self._form(EntryForm, {}, lambda p: self.store.add_entry(**p), lambda i: f"Added entry {i}.")

    def edit_entry(self, entry_id: int) -> None:
        e = self.pane("journal").rows.get(entry_id)
        if e is None or not self._require_store():
            return
        values = {"text": e.text, "date": e.occurred_on.isoformat(), "project": e.project or "",
                  "skills": ", ".join(e.skills), "impact": e.impact or "", "starred": e.starred}
        self._form(EntryForm, values, lambda p: self.store.update_entry(entry_id, **p), f"Saved entry {entry_id}.",
                   title=f"Edit entry {entry_id}")

    def toggle_star(self, entry_id: int, starred: bool) -> None:
        self.run_write(lambda: self.store.set_starred(entry_id, starred),
                       f"{'Starred' if starred else 'Unstarred'} entry {entry_id}.")

    @work(thread=True, exclusive=True, group="picker", exit_on_error=False)
    def pick_goal_for(self, entry_id: int, linked: tuple[int, ...]) -> None:
        """Active goals (and those already linked) from the store, whatever the Goals pane shows."""
        try:
            goals = [g for g in self.store.list_goals() if g.status == "active" or g.id in linked]
        except JournalError as exc:
            self.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.call_from_thread(self._show_goal_picker, entry_id, linked, goals)

    def _show_goal_picker(self, entry_id: int, linked: tuple[int, ...], goals: list) -> None:
        def chosen(goal_id: int | None) -> None:
            if goal_id is None:
                return
            unlink = goal_id in linked
            self.run_write(lambda: self.store.link(entry_id, goal_id, linked=not unlink),
                           f"{'Unlinked' if unlink else 'Linked'} entry {entry_id} {'from' if unlink else 'to'} goal {goal_id}.")

        self.push_screen(GoalPicker(goals, linked), chosen)

    def action_new_goal(self) -> None:
        if self._require_store():
            self._form(GoalForm, {}, lambda p: self.store.add_goal(**p), lambda i: f"Added goal {i}.")

    def edit_goal(self, goal_id: int) -> None:
        g = self.pane("goals").goals.get(goal_id)
        if g is None:
            return
        num = lambda x: "" if x is None else f"{x:g}"  # noqa: E731
        values = {"title": g.title, "specific": g.specific or "", "measure": g.measure or "", "target": num(g.target),
                  "current": num(g.current), "relevant": g.relevant or "", "due": g.due_on.isoformat() if g.due_on else ""}
        self._form(GoalForm, values, lambda p: self.store.update_goal(goal_id, **p), f"Saved goal {goal_id}.",
                   title=f"Edit goal {goal_id}")

    def new_milestone(self, goal_id: int) -> None:
        self._form(MilestoneForm, {}, lambda p: self.store.add_milestone(goal_id, **p),
                   lambda i: f"Added milestone {i}.", title=f"New milestone for goal {goal_id}")

    def toggle_milestone(self, milestone_id: int, done: bool) -> None:
        self.run_write(lambda: self.store.set_milestone_done(milestone_id, self.today if done else None),
                       f"Milestone {'done' if done else 'reopened'}.")

    def set_goal_status(self, goal_id: int, status: str) -> None:
        self.run_write(lambda: self.store.set_goal_status(goal_id, status, self.today), f"Goal {goal_id} is {status}.")

    def action_new_feedback(self) -> None:
        if not self._require_store():
            return
        about = self.pane("journal").selected_id
        values = {"about": str(about) if about else "", "kind": "praise"}
        self._form(FeedbackForm, values, lambda p: self.store.add_feedback(**p), lambda i: f"Added feedback {i}.")

    def edit_feedback(self, feedback_id: int) -> None:
        f = self.pane("feedback").rows.get(feedback_id)
        if f is None:
            return
        values = {"text": f.text, "person": f.person, "kind": f.kind, "date": f.received_on.isoformat(),
                  "tags": ", ".join(f.tags), "skills": ", ".join(f.skills), "project": f.project or "",
                  "about": str(f.entry_id or "")}
        self._form(FeedbackForm, values, lambda p: self.store.update_feedback(feedback_id, **p),
                   f"Saved feedback {feedback_id}.", title=f"Edit feedback {feedback_id}")

    def new_person(self) -> None:
        from journal_tui import people
        from journal_tui.tui.screens.people_forms import PersonForm

        if self._require_store():
            # blank fields leave an existing person's role, team and note as they are (`e` clears them)
            self._form(PersonForm, {}, lambda p: people.set_person(self.store, p.pop("name"),
                                                                   **{k: v or None for k, v in p.items()}),
                       lambda r: f"{'Added' if r[1] else 'Updated'} {r[0]}.")

    def edit_person(self, person: Any) -> None:
        """Edit a person (a PersonRow); a new name renames them, or merges them into someone who has it."""
        from journal_tui import people
        from journal_tui.tui.screens.people_forms import NO_ROLE, PersonForm

        def save(p: dict[str, Any]) -> str:
            name = p.pop("name")
            if name != person.name:
                people.rename_person(self.store, person.name, name)
            return people.set_person(self.store, name, **p)[0]

        values = {"name": person.name, "role": person.role or NO_ROLE, "team": person.team or "", "note": person.note or ""}
        self._form(PersonForm, values, save, lambda n: f"Saved {n}.", title=f"Edit {escape(person.name)}")

    def log_contact(self, name: str) -> None:
        from journal_tui import people
        from journal_tui.tui.screens.people_forms import ContactForm

        self._form(ContactForm, {}, lambda p: people.add_contact(self.store, name, **p),
                   lambda r: f"Logged a conversation with {r[1]}.", title=f"Conversation with {escape(name)}")

    def ask_for_feedback(self, name: str) -> None:
        from journal_tui import people
        from journal_tui.tui.screens.people_forms import AskForm

        about = self.pane("journal").selected_id
        self._form(AskForm, {"entry": str(about) if about else ""}, lambda p: people.add_ask(self.store, name, **p),
                   lambda r: f"Asked {r[1]} for feedback (ask {r[0]}).", title=f"Ask {escape(name)} for feedback")

    # --- delete and undo ---------------------------------------------------------------

    def confirm_delete(self, table: str, row_id: int, label: str) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                self.run_write(lambda: self._delete(table, row_id, label), f"Deleted {label}. Press u to undo.")

        self.push_screen(ConfirmScreen(f"Delete {label}?"), answered)

    def _delete(self, table: str, row_id: int, label: str) -> None:
        snap = self.store.delete(table, row_id)
        self.call_from_thread(self._push_undo, label, snap)

    def _push_undo(self, label: str, snap: dict) -> None:
        self.undo_stack = [*self.undo_stack, (label, snap)][-UNDO_DEPTH:]

    def action_undo(self) -> None:
        if not self.undo_stack:
            self.notify("Nothing to undo.", severity="warning")
            return
        label, snap = self.undo_stack.pop()
        self.run_write(lambda: self.store.restore(snap), f"Restored {label}.")

    # --- review, help, palette ---------------------------------------------------------

    def action_review(self) -> None:
        if self._require_store():
            from journal_tui.tui.screens.review import ReviewScreen

            self.push_screen(ReviewScreen())

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(help_sections(self)))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("New entry", "Log a win", self.action_new_entry)
        yield SystemCommand("New goal", "Add a SMART goal", self.action_new_goal)
        yield SystemCommand("New feedback", "Record feedback you received", self.action_new_feedback)
        yield SystemCommand("New person", "Add a mentor, manager, sponsor… with their role", self.new_person)
        yield SystemCommand("Review", "The period's wins as a promotion case", self.action_review)
        yield SystemCommand("Undo delete", "Bring back the last deleted item", self.action_undo)
        yield SystemCommand("Refresh", "Reload from the journal file", self.action_refresh)
        yield SystemCommand("Filter", "Focus the filter bar", self.action_focus_filter)
        yield SystemCommand("Toggle facets", "Projects, skills and people with counts", self.action_toggle_facets)
        for name in PANES:
            yield SystemCommand(f"Show {name}", f"Switch to the {name.capitalize()} pane",
                                lambda n=name: self.action_show_pane(n))


def help_sections(app: App[Any]) -> list[tuple[str, list[tuple[str, str]]]]:
    """Every binding that matters, read from the classes that define them."""
    from journal_tui.tui.screens.review import ReviewScreen

    sections = []
    for title, cls in (("Anywhere", JournalApp), ("Journal", JournalPane), ("Goals", GoalsPane),
                       ("Feedback", FeedbackPane), ("People", PeoplePane), ("Filter bar", FilterBar),
                       ("Forms", FormScreen), ("Review", ReviewScreen)):
        keys = []
        seen = set()
        for klass in reversed(cls.__mro__):
            for b in getattr(klass, "BINDINGS", []) if "BINDINGS" in vars(klass) else []:
                if isinstance(b, Binding) and b.description and b.key not in seen and b.key != "tab":
                    seen.add(b.key)
                    keys.append((app.get_key_display(b), b.tooltip or b.description))
        sections.append((title, keys))
    sections.append(("Lists", [("↑ ↓ pgup pgdn", "move"), ("home / end", "first / last row"),
                               ("enter", "(facets) add or remove the filter term")]))
    return sections


def make_app(db_path: str | Path | None = None, *, today: dt.date | None = None) -> JournalApp:
    """The one factory used by the CLI, the tests and the screenshot script."""
    return JournalApp(Path(db.resolve_db_path(db_path)), today=today)


def run_app(db_path: str | Path | None = None, *, today: dt.date | None = None) -> int:
    """Check the file first (one clear line on a bad file, no TUI), then run the app."""
    db.open_journal(db_path).close()
    app = make_app(db_path, today=today)
    app.run()
    return int(app.return_code or 0)
