"""What a newcomer tripped on (issue 28): keys and first steps, messages and labels, and the layout at every size.

The real app through the Pilot at the sizes the issue names (80x24, 120x36, 200x60), checked on what is painted;
the real `journal` command for the outputs; a real journal file for each test.
"""

import datetime as dt
import itertools
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import TODAY, db_rows
from markdown_it import MarkdownIt
from panes import feedback_pane, journal_pane, list_table
from textual.geometry import Region
from textual.widgets import Input, ListView, Static, TextArea
from textual.widgets._footer import FooterKey

from journal_tui.data.store import Store
from journal_tui.tui.app import JournalApp, make_app
from journal_tui.tui.testing import screen_text, settle

SMALL, MEDIUM, WIDE = (80, 24), (120, 36), (200, 60)
SIZES = pytest.mark.parametrize("size", [SMALL, MEDIUM, WIDE], ids=lambda s: f"{s[0]}x{s[1]}")

pytestmark = pytest.mark.usefixtures("no_cursor_blink")


def painted(app: JournalApp, region: Region) -> list[str]:
    """The lines the terminal shows inside `region` (a widget's place on screen)."""
    lines = screen_text(app).splitlines()
    return [line[region.x : region.right].rstrip() for line in lines[region.y : region.bottom]]


def footer_line(app: JournalApp) -> str:
    return screen_text(app).splitlines()[-1]


def words(text: str) -> str:
    """Whitespace runs as one space: text wrapped over lines reads as the same words."""
    return " ".join(text.split())


# --- keys and first steps ---------------------------------------------------------------------------------------------


async def test_q_quits_from_the_main_screen(demo_db: Path) -> None:
    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


@pytest.mark.parametrize("screen_key", ["C", "w", "R"])
async def test_q_quits_from_the_case_activity_and_review_screens(demo_db: Path, screen_key: str) -> None:
    """The help says so: `q` quits from the lists and from these screens (escape goes back)."""
    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=MEDIUM) as pilot:
        await settle(pilot)
        await pilot.press(screen_key)
        await settle(pilot)
        assert len(app.screen_stack) == 2
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_q_is_a_letter_in_the_filter_bar_and_in_forms_and_nothing_in_a_dialog(demo_db: Path) -> None:
    from journal_tui.tui.screens.dialogs import GoalPicker
    from journal_tui.tui.screens.form import FormScreen

    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=MEDIUM) as pilot:
        await settle(pilot)
        await pilot.press("slash", "q")
        await settle(pilot)
        assert app.is_running and app.query_one("#filter-input", Input).value == "q"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("n", "q")  # a new entry: the text field takes it
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, FormScreen)
        assert app.screen.query_one(TextArea).text == "q"
        await pilot.press("tab", "tab", "tab", "tab", "tab", "q")  # on the star checkbox: still not a quit
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, FormScreen)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("l")  # a dialog: q does nothing there, escape closes it
        await settle(pilot)
        assert isinstance(app.screen, GoalPicker)
        await pilot.press("q")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, GoalPicker)


@pytest.mark.parametrize(
    "keys", [[], ["2"], ["3"], ["4"], ["C"], ["w"]], ids=["journal", "goals", "feedback", "people", "case", "activity"]
)
@SIZES
async def test_the_footer_shows_help_and_quit_first_then_whole_keys_that_fit(
    demo_db: Path, size: tuple[int, int], keys: list[str]
) -> None:
    """At 80x24 the footer ended at "/ Filter": R, C, ?, w and quitting were invisible."""
    from journal_tui.tui.widgets.footer import QuietFooter

    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        line = footer_line(app)
        assert line.lstrip().startswith("? Keys  q Quit"), line
        if not keys or keys[0] in "234":
            assert all(key in line for key in ("R Review", "C Case", "w Activity")), line
        footer = app.screen.query_one(QuietFooter)
        shown = [key for key in footer.children if key.display]
        assert shown and all(key.region.right <= footer.region.right for key in shown)  # nothing cut at the edge
        labels = [words(f"{key.key_display} {key.description}") for key in shown if isinstance(key, FooterKey)]
        assert all(label in words(line) for label in labels), (labels, line)


async def test_the_link_criterion_and_response_dialogs_name_their_subject(demo_db: Path) -> None:
    from journal_tui.tui.screens.case_dialogs import CriterionPicker, ResponsePicker
    from journal_tui.tui.screens.dialogs import GoalPicker

    def title(app: JournalApp) -> str:
        return words(str(app.screen.query_one(".dialog-title, .case-dialog-title", Static).content))

    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=MEDIUM) as pilot:
        await settle(pilot)
        await pilot.press("down")
        await settle(pilot)
        entry = journal_pane(app).current()
        assert entry is not None
        named = f"entry {entry.id} “{entry.title}”"
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, GoalPicker) and named in title(app), title(app)
        await pilot.press("escape", "c")
        await settle(pilot)
        assert isinstance(app.screen, CriterionPicker) and named in title(app), title(app)
        await pilot.press("escape", "3")
        await settle(pilot)
        feedback = feedback_pane(app).current()
        assert feedback is not None
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ResponsePicker)
        assert f"feedback {feedback.id} from {feedback.person} “" in title(app), title(app)


async def test_the_case_gaps_name_a_key_and_enter_on_one_acts_on_it(demo_db: Path) -> None:
    """The app said "journal feedback respond 6 ENTRY": a CLI command inside the app.  Now each gap the app can act
    on names its key, and enter on it opens what the command would: here the response picker for that feedback;
    the gap goes once answered."""
    from journal_tui.tui.screens.case import CaseScreen
    from journal_tui.tui.screens.case_dialogs import ResponsePicker
    from journal_tui.tui.screens.case_gaps import GapList
    from journal_tui.tui.screens.form import FormScreen

    def lines(gaps: GapList) -> list[str]:
        return [str(gaps.get_option_at_index(i).prompt) for i in range(gaps.option_count)]

    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("C")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
        gaps = app.screen.query_one("#case-gaps", GapList)
        assert not any("journal " in line for line in lines(gaps)), lines(gaps)
        [fid] = [r[0] for r in db_rows(demo_db, "SELECT id FROM feedback WHERE text LIKE 'Share drafts%'")]
        [line] = [line for line in lines(gaps) if "Share drafts earlier" in line]
        assert line.endswith("— enter: pick the entry that answers it")
        await pilot.press("tab")  # from the criteria to the gaps
        await pilot.pause()
        assert app.focused is gaps
        assert "Act on gap" in footer_line(app)
        while gaps.highlighted is None or "Share drafts" not in lines(gaps)[gaps.highlighted]:
            await pilot.press("down")
            await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ResponsePicker)
        assert f"feedback {fid} from Maria Lopez" in str(app.screen.title_text)
        await pilot.press("enter")  # the newest entry since the feedback
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
        assert db_rows(demo_db, "SELECT count(*) FROM feedback_response WHERE feedback_id = ?", fid) == [(1,)]
        assert not any("Share drafts earlier" in line for line in lines(gaps))  # built again: answered

        store = Store(demo_db)  # a key win without an impact: enter opens its form
        entry_id = store.add_entry(text="Led the on-call review", occurred_on=TODAY, starred=True)
        store.close()
        app.action_refresh()
        await settle(pilot)
        await pilot.press("end")
        while gaps.highlighted is None or "Led the on-call review" not in lines(gaps)[gaps.highlighted]:
            await pilot.press("up")
            await pilot.pause()
        assert lines(gaps)[gaps.highlighted].endswith("— enter: add its impact")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen) and app.screen.title_text == f"Edit entry {entry_id}"


# --- messages and labels ----------------------------------------------------------------------------------------------

# a count and the noun it goes with: "1 weeks" and "2 setback" are both wrong
NOUNS = {
    "entry": "entries",
    "goal": "goals",
    "milestone": "milestones",
    "week": "weeks",
    "working day": "working days",
    "day": "days",
    "check-in": "check-ins",
    "checkin": "checkins",
    "setback": "setbacks",
    "blocker": "blockers",
    "win": "wins",
    "ask": "asks",
    "open ask": "open asks",
    "person": "people",
    "contact": "contacts",
    "conversation": "conversations",
    "criterion": "criteria",
    "gap": "gaps",
    "key win": "key wins",
}


def disagreements(text: str) -> list[str]:
    """Every "1 <plural>" and "<not 1> <singular>" in `text`."""
    found = []
    for one, many in NOUNS.items():
        found += re.findall(rf"(?<![\d,.])\b1 {re.escape(many)}\b", text)
        found += [
            m.group()
            for m in re.finditer(rf"(?<![\d,.-])\b(\d[\d,]*) {re.escape(one)}(?![\w-])", text)
            if m.group(1) != "1"
        ]
    return found


def test_the_scan_finds_what_it_is_for() -> None:
    assert disagreements("Streaks: 1 weeks in a row · 2 setback · 1 checkins") == ["1 weeks", "1 checkins", "2 setback"]
    assert disagreements("1 week · 2 setbacks · 1 check-in · 0 entries · entry 2 · check-in 1) · 10 entries") == []


def _one_of_everything(cli: Any, tmp_path: Path) -> list[tuple[str, str]]:
    """Outputs of every command that counts, on a journal holding one of each thing (and two setbacks)."""
    outputs = []

    def run(*argv: str, code: int = 0) -> None:
        outputs.append((" ".join(argv), cli(*argv, code=code) + cli.err))

    run("add", "Shipped the audit log +compliance #security", "--star", "--date", "2026-11-19")
    run("goal", "add", "Become the billing lead", "--due", "2027-03-01")
    run("milestone", "add", "1", "Write the plan", "--due", "2026-11-01")
    run("feedback", "add", "Great pairing", "--from", "Priya Natarajan", "--kind", "constructive")
    run("person", "set", "Priya Natarajan", "--role", "mentor")
    run("ask", "Priya Natarajan", "the audit log", "--due", "2026-11-10")
    run("role", "set", "Staff Engineer")
    run("role", "criterion", "add", "Leads cross-team work", "--skill", "security", "--need", "2")
    run("nudge", "--days", "1")  # Thursday's entry, today Monday: one working day (Friday) with nothing logged
    run(
        "checkin",
        "--win",
        "Closed the incident",
        "--setback",
        "a flaky deploy",
        "--lesson",
        "pin it",
        "--setback",
        "a missed review",
        "--lesson",
        "ask early",
        "--blocker",
        "waiting on legal",
        "--learned",
        "x",
        "--focus",
        "ship it",
    )
    for argv in (
        ["stats"],
        ["checkin", "list"],
        ["nudge"],
        ["update"],
        ["people"],
        ["person", "show", "Priya Natarajan"],
        ["asks"],
        ["case"],
        ["review"],
        ["role"],
        ["goal", "list"],
        ["export", "--format", "markdown"],
    ):
        run(*argv)
    exported = tmp_path / "one.json"
    run("export", "-o", str(exported))
    run("--db", str(tmp_path / "copy.db"), "import", str(exported))
    return outputs


def test_counts_and_nouns_agree_in_every_output(cli: Any, tmp_path: Path) -> None:
    """ "1 weeks in a row", "Imported 1 entries ... 1 checkins", "2 setback": one helper (plurals.py) everywhere."""
    outputs = _one_of_everything(cli, tmp_path)
    text = "\n".join(out for _, out in outputs)
    assert "Imported 2 entries" in text and "nothing logged for 1 working day" in text  # the counts are exercised
    assert "2 setbacks" in text and "1 milestone overdue" in text and "1 ask overdue" in text
    bad = {argv: disagreements(out) for argv, out in outputs if disagreements(out)}
    assert bad == {}


async def test_counts_and_nouns_agree_in_the_app(db_path: Path) -> None:
    """The Activity view said "1 weeks in a row with a check-in"; the status line and check-in messages agree too."""
    from journal_tui import checkin
    from journal_tui.data import db
    from journal_tui.tui.screens.activity import ActivityScreen

    store = Store(db_path)
    store.add_entry(text="Shipped it", occurred_on=TODAY)
    store.add_goal(title="A goal", on=TODAY)
    store.add_feedback(text="Nice", person="Ana", received_on=TODAY, kind="praise")
    store.close()
    with db.writing(db_path) as conn:
        checkin.record(conn, checkin.CheckinInput(checked_on=TODAY, learned=["x"]), today=TODAY)
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=MEDIUM) as pilot:
        await settle(pilot)
        status = str(app.query_one("#filter-status").render())
        assert status == "1 entry · 1 goal · 1 feedback"
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(app.screen, ActivityScreen)
        streaks = str(app.screen.query_one("#activity-streaks", Static).render())
        assert "1 working day in a row with an entry" in streaks and "1 week in a row with a check-in" in streaks
        assert disagreements(screen_text(app)) == []


def _month_starts(mondays: list[dt.date]) -> dict[int, str]:
    """Column -> the month that starts there (the week whose Sunday is the month's first Sunday)."""
    out = {}
    for i, monday in enumerate(mondays):
        sunday = monday + dt.timedelta(days=6)
        if sunday.day <= 7:
            out[i] = sunday.strftime("%b")
    return out


@pytest.mark.parametrize("width", [80, 40, 24])
def test_every_month_is_named_over_its_first_week_across_a_year_boundary(width: int) -> None:
    """ "Dec    Feb Mar": the partial month the grid opens with took January's place.  For every today from
    October to March, each month that starts in the grid (with room for its name) is named over its first week."""
    from collections import Counter

    from journal_tui import stats

    day = dt.date(2026, 10, 1)
    while day <= dt.date(2027, 3, 31):
        s = stats.Stats(day, stats.monday(day) - dt.timedelta(weeks=stats.WEEKS - 1), {}, Counter(), (0, 0), (0, 0))
        row = stats.heatmap_lines(s, width)[0][stats.LABEL_WIDTH :]
        shown = max(1, min(stats.WEEKS, width - stats.LABEL_WIDTH))
        first = s.start + dt.timedelta(weeks=stats.WEEKS - shown)
        mondays = [first + dt.timedelta(weeks=i) for i in range(shown)]
        for i, name in _month_starts(mondays).items():
            if i + 3 <= shown:
                assert row[i : i + 3] == name, (day, width, row)
        assert len(re.findall(r"[A-Z][a-z]{2}", row)) >= len([i for i in _month_starts(mondays) if i + 3 <= shown])
        day += dt.timedelta(days=1)


async def test_the_activity_view_names_january_after_december(db_path: Path) -> None:
    """The same labels in the app: a today whose year opens with three weeks of December."""
    from journal_tui.tui.screens.activity import ActivityScreen

    today = dt.date(2026, 12, 10)
    Store(db_path).close()
    app = make_app(db_path, today=today)
    async with app.run_test(size=MEDIUM) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(app.screen, ActivityScreen)
        months = str(app.screen.query_one("#activity-heatmap", Static).render()).splitlines()[0]
        # December's first week is the grid's second last: no room for its name there
        assert months.split() == ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov"]


def test_the_stats_command_names_january_after_december(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOURNAL_TODAY", "2026-12-10")  # the grid opens with three weeks of December
    cli("add", "Shipped it")
    out = cli("stats")
    months = out.splitlines()[4].split()
    assert months == ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov"], out


LONG = " ".join(f"word{i}" for i in range(60)) + " END"  # a first line past the 120 characters a title shows


def test_the_markdown_export_keeps_every_word_of_entries_and_feedback(cli: Any, db_path: Path) -> None:
    """The export cut a long first line at the title's 120 characters and lost the rest; a feedback's lines were
    run together.  Every word is kept, escaped like the rest, inside its own list item."""
    cli("add", f"{LONG}\nsecond line *not emphasis*\n\n# not a heading")
    cli("feedback", "add", "First line\n- not a list item\nlast words", "--from", "Ana")
    out = cli("export", "--format", "markdown")
    for word in [*LONG.split(), "second", "line", "*not", "emphasis*", "not", "heading", "last", "words"]:
        assert word in words(out.replace("\\", "")), word
    tokens = MarkdownIt("commonmark").parse(out)
    assert [t.type for t in tokens if t.type.endswith("_open") and t.level == 0] == [
        "heading_open",
        "bullet_list_open",
        "heading_open",
        "bullet_list_open",
    ]  # no heading or list of their own
    assert not any(t.type == "em_open" for t in tokens for t in (t.children or []))
    items = [t.content for t in tokens if t.type == "inline"]
    [entry] = [item for item in items if "END" in item]
    [feedback] = [item for item in items if "First line" in item]
    assert "word59 END" in entry and "second line" in entry and "last words”" in feedback


def test_the_markdown_export_of_a_short_entry_is_unchanged(cli: Any) -> None:
    cli("add", "yesterday: Shipped self-serve refunds +billing #sql", "--star")
    assert (
        cli("export", "--format", "markdown") == "# Journal\n\n- ⭐ **2026-11-22** Shipped self-serve refunds "
        "_(billing; sql)_\n"
    )


# --- every size -------------------------------------------------------------------------------------------------------


def _columns(app: JournalApp) -> dict[str, tuple[str, ...]]:
    return {name: list_table(app, name).shown_columns for name in ("journal", "goals", "feedback")}


@pytest.mark.slow  # every pane at a sweep of widths
async def test_a_wider_terminal_never_shows_fewer_columns(demo_db: Path) -> None:
    """At 120x36 the Feedback list dropped its Kind column, which 80 columns shows."""
    app = make_app(demo_db, today=TODAY)
    seen = []
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        for size in (SMALL, MEDIUM, WIDE):
            await pilot.resize_terminal(*size)
            for pane in ("2", "3", "1"):
                await pilot.press(pane)
                await settle(pilot)
            seen.append(_columns(app))
    for narrow, wide in itertools.pairwise(seen):
        for pane, columns in narrow.items():
            assert set(columns) <= set(wide[pane]), (pane, columns, wide[pane])
    assert "kind" in seen[1]["feedback"]


@pytest.mark.parametrize("pane", ["1", "2"])
async def test_at_200_columns_the_list_cuts_no_title_or_skill(demo_db: Path, pane: str) -> None:
    """The detail took about 80 columns while titles and skills were cut: the list has the room."""
    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press(pane)
        await settle(pilot)
        table = app.screen.focused
        assert table is not None
        lines = painted(app, table.region)
        assert lines and not any("…" in line for line in lines), lines
        detail = app.screen.query_one(".pane-detail").region
        assert detail.width <= 64


async def test_the_goals_detail_has_its_milestones_right_after_the_evidence(demo_db: Path) -> None:
    """200x60: about 25 empty rows between Evidence and Milestones."""
    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        lines = painted(app, app.screen.query_one("GoalsPane .pane-detail").region)
        evidence = next(i for i, line in enumerate(lines) if "Evidence (" in line)
        milestones = next(i for i, line in enumerate(lines) if "Milestones" in line)
        last = max(i for i in range(evidence + 1, milestones) if lines[i].strip(" │"))
        assert milestones - last <= 3, lines


async def test_the_goals_hint_is_whole_at_80x24(demo_db: Path) -> None:
    """ "(tab selects, spa": the hint was cut."""
    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        lines = painted(app, app.screen.query_one("GoalsPane .pane-detail").region)
        assert "(tab selects, space toggles done, m adds)" in words(" ".join(line.strip(" │") for line in lines))


async def _help_column(app: JournalApp, pilot: Any) -> str:
    """Every line the help dialog paints, scrolled from top to bottom, as one text (the "Does" column joined)."""
    from textual.widget import Widget

    scroll = app.screen.query_one("#help-scroll, DataTable", Widget)  # (a DataTable before issue 28)
    seen: list[str] = []
    top = 0
    while True:
        scroll.scroll_to(y=top, animate=False)
        await pilot.pause()
        lines = painted(app, scroll.scrollable_content_region)  # not the scrollbar
        offset = int(scroll.scroll_y)
        seen += lines[len(seen) - offset :]  # only the lines not seen yet
        if offset >= scroll.max_scroll_y:
            break
        top = offset + scroll.scrollable_content_region.height
    return words(" ".join(seen))


@pytest.mark.parametrize("size", [SMALL, WIDE], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_help_shows_every_line_whole(demo_db: Path, size: tuple[int, int]) -> None:
    """200x60: "back from a detail to its lis": lines were cut at the dialog's edge.  Now each wraps inside it."""
    from journal_tui.tui.help import help_sections

    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        shown = await _help_column(app, pilot)
        for _, keys in help_sections(app):
            for _, does in keys:
                assert words(does) in shown, does
        assert "q Quit, from the lists" in shown


async def test_the_case_at_80x24_cuts_no_criterion_and_wrapped_lines_keep_their_indent(demo_db: Path) -> None:
    from journal_tui.tui.screens.case import CaseScreen

    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("C")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
        criteria = app.screen.query_one("#case-criteria", ListView)
        lines = painted(app, criteria.region)
        assert not any("…" in line for line in lines), lines
        side = words(" ".join(lines))
        assert app.screen.case is not None
        for c in app.screen.case.criteria:
            assert words(c.criterion.name) in side, c.criterion.name
        detail = painted(app, app.screen.query_one("#case-detail").region)
        starts = [i for i, line in enumerate(detail) if re.match(r"\s+(★ )?\d{4}-\d\d-\d\d ", line)]
        assert starts and len(detail[starts[0]]) > 30  # the evidence wraps at this width ...
        indent = len(detail[starts[0] + 1]) - len(detail[starts[0] + 1].lstrip())
        assert indent == 4  # ... and its next line sits under its date, not at the left edge
        feedback = next(i for i, line in enumerate(detail) if line.startswith("  “"))
        assert detail[feedback + 1].startswith("   ") and detail[feedback + 1].strip()
