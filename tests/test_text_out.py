"""Text is made safe on the way OUT too: rows another program wrote into the file reach no terminal as codes.

Every user-text column of every table is overwritten with sqlite3, bypassing the
journal's cleaning (an older version, a script, another tool): escape sequences
that clear the screen, an OSC sequence that retitles the terminal, C1 controls
(CSI and NEL as one byte), bidi overrides and isolates, NUL, BEL, DEL, and a line
break.  Then (a) every read command runs in a subprocess and its stdout and stderr
hold none of them, while JSON keeps every character (as a `\\uXXXX` escape); and
(b) the app visits every pane, screen and dialog that shows user text, and what it
paints (the compositor's strips) holds none of them either.  The corpus is written
once into every column, so each path is checked once for all the codes.
"""

import contextlib
import io
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import TODAY, journal_exe
from hostile import assert_terminal_safe, screen_strips_text

from journal_tui.cli import main

CODES = (
    "\x1b[2J\x1b]0;PWNED\x07 csi\x9b2J nel\x85 bidi\u202egnp.exe \u2066iso\u2069 bel\x07 nul\x00 del\x7f "
    "esc\x1bc\rcr\nsecond line"
)
# Every column that holds user text (names, titles, notes, feedback, reflections).
COLUMNS = [
    ("entry", "text"),
    ("entry", "impact"),
    ("project", "name"),
    ("skill", "name"),
    ("tag", "name"),
    ("person", "name"),
    ("person", "team"),
    ("person", "note"),
    ("goal", "title"),
    ("goal", "specific"),
    ("goal", "measure"),
    ("goal", "relevant"),
    ("milestone", "title"),
    ("feedback", "text"),
    ("contact", "text"),
    ("ask", "about"),
    ("role", "title"),
    ("criterion", "name"),
    ("criterion", "note"),
    ("reflection", "text"),
    ("reflection", "lesson"),
]

SETUP = [
    ("add", "First win", "--project", "billing", "--skill", "sql", "--impact", "saved time", "--date", "2026-11-20"),
    ("add", "Key win", "--skill", "sql", "--star", "--date", "2026-11-21"),
    (
        "goal",
        "add",
        "Ship it",
        "--measure",
        "p95",
        "--why",
        "why",
        "--specific",
        "what",
        "--target",
        "4",
        "--due",
        "2026-12-20",
    ),
    ("goal", "add", "Old goal", "--due", "2026-11-01"),
    ("milestone", "add", "1", "Beta", "--due", "2026-11-10"),
    ("link", "1", "1"),
    ("person", "set", "Sam", "--role", "mentor", "--team", "core", "--note", "met at a conference"),
    ("person", "set", "Ria", "--role", "sponsor"),
    (
        "feedback",
        "add",
        "Share drafts earlier",
        "--from",
        "Sam",
        "--kind",
        "constructive",
        "--skill",
        "sql",
        "--tag",
        "launch",
        "--about",
        "1",
    ),
    ("feedback", "add", "Great launch", "--from", "Sam", "--about", "2"),
    ("feedback", "respond", "2", "1"),
    ("met", "Sam", "Talked about the roadmap", "--kind", "1:1"),
    ("ask", "Sam", "the design doc", "--due", "2026-11-20"),
    ("role", "set", "Staff Engineer"),
    ("role", "criterion", "add", "Leads work", "--skill", "sql", "--need", "3", "--note", "cross-team"),
    ("link", "2", "--criterion", "1"),
    (
        "checkin",
        "--learned",
        "learned it",
        "--setback",
        "slipped",
        "--lesson",
        "plan",
        "--blocker",
        "waiting",
        "--focus",
        "ship",
    ),
]


def poison(path: Path) -> dict[str, str]:
    """Every user-text value rewritten as another program might: its column's name, the codes, a second line.
    Returns {label: the raw value stored}."""
    stored: dict[str, str] = {}
    conn = sqlite3.connect(path)
    with conn:
        for table, column in COLUMNS:
            for (row_id,) in conn.execute(f"SELECT id FROM {table} WHERE {column} IS NOT NULL").fetchall():
                label = f"{table}.{column}.{row_id}"
                stored[label] = f"{label} {CODES}"
                conn.execute(f"UPDATE {table} SET {column} = ? WHERE id = ?", (stored[label], row_id))
    conn.close()
    return stored


@pytest.fixture(scope="module")
def journal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, str]]]:
    """A journal with every kind of row, written by the CLI, then poisoned with sqlite3."""
    path = tmp_path_factory.mktemp("text-out") / "journal.db"
    saved = os.environ.get("JOURNAL_TODAY")
    os.environ["JOURNAL_TODAY"] = TODAY.isoformat()
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()) as err:
            for argv in SETUP:
                assert main(["--db", str(path), *argv]) == 0, (argv, err.getvalue())
    finally:
        if saved is None:
            del os.environ["JOURNAL_TODAY"]
        else:
            os.environ["JOURNAL_TODAY"] = saved
    yield path, poison(path)


# --- (a) every read command, in a subprocess --------------------------------------------------------------------------

READS = [
    ["list"],
    ["ls", "-f", "json"],
    ["list", "-f", "markdown"],
    ["show", "1"],
    ["show", "1", "-f", "json"],
    ["goal", "list"],
    ["goal", "list", "--all", "-f", "json"],
    ["feedback", "list"],
    ["feedback", "list", "-f", "json"],
    ["feedback", "list", "-f", "markdown"],
    ["projects"],
    ["skills"],
    ["tags"],
    ["projects", "-f", "json"],
    ["skills", "-f", "json"],
    ["tags", "-f", "json"],
    ["people"],
    ["people", "-f", "json"],
    ["person", "show", "Sam"],
    ["person", "show", "Sam", "-f", "json"],
    ["asks", "--all"],
    ["asks", "--all", "-f", "json"],
    ["review"],
    ["review", "-f", "json"],
    ["case"],
    ["case", "-f", "json"],
    ["role"],
    ["role", "-f", "json"],
    ["update", "--from", "2026-11-01", "--to", "2026-11-30"],
    ["update", "--from", "2026-11-01", "--to", "2026-11-30", "-f", "json"],
    ["stats"],
    ["stats", "-f", "json"],
    ["checkin", "list"],
    ["checkin", "list", "-f", "json"],
    ["checkin", "show", "1"],
    ["export"],
    ["export", "-f", "csv"],
    ["export", "-f", "markdown"],
    ["nudge"],
]
# JSON the CLI writes through output.to_json: every stored character comes back from it, escaped.
KEEPS_DATA = {
    ("show", "1", "-f", "json"),
    ("export",),
    ("people", "-f", "json"),
    ("person", "show", "Sam", "-f", "json"),
    ("feedback", "list", "-f", "json"),
    ("review", "-f", "json"),
    ("case", "-f", "json"),
}

RUNNER = """
import json, sys
from journal_tui.cli import main
for argv in json.loads(sys.argv[1]):
    for stream in (sys.stdout, sys.stderr):
        stream.write("\\n@@@ " + json.dumps(argv) + "\\n")
        stream.flush()
    try:
        rc = main(argv)
    except SystemExit as exc:
        rc = exc.code
    sys.stdout.write(f"\\n@@@ rc {rc}\\n")
    sys.stdout.flush()
"""


def split_outputs(raw: bytes) -> dict[tuple[str, ...], tuple[str, int | None]]:
    """The runner's stdout cut at its markers: each command's output and exit code."""
    text = raw.decode("utf-8")  # invalid UTF-8 would fail here: a byte of an escape sequence cut in two
    out: dict[tuple[str, ...], tuple[str, int | None]] = {}
    for chunk in text.split("\n@@@ ")[1:]:
        head, _, body = chunk.partition("\n")
        if head.startswith("rc "):
            argv = list(out)[-1]
            out[argv] = (out[argv][0], int(head[3:]))
        else:
            out[tuple(json.loads(head))] = (body, None)
    return out


def strings(data: object) -> list[str]:
    if isinstance(data, str):
        return [data]
    values = data.values() if isinstance(data, dict) else data if isinstance(data, list) else []
    return [s for v in values for s in strings(v)]


def test_every_read_command_prints_stored_codes_as_nothing_a_terminal_runs(
    journal: tuple[Path, dict[str, str]],
) -> None:
    path, stored = journal
    env = {**os.environ, "JOURNAL_DB": str(path), "JOURNAL_TODAY": TODAY.isoformat(), "PYTHONIOENCODING": "utf-8"}
    env.pop("JOURNAL_DEBUG", None)
    ran = subprocess.run(
        [sys.executable, "-c", RUNNER, json.dumps(READS)], capture_output=True, env=env, timeout=120, cwd=path.parent
    )  # `-c` imports from the working directory first: the installed package here
    outputs = split_outputs(ran.stdout)
    errors = split_outputs(ran.stderr)
    assert ran.returncode == 0 and list(outputs) == [tuple(a) for a in READS], ran.stderr.decode()[-2000:]
    for argv, (out, rc) in outputs.items():
        assert rc == 0, (argv, out[-500:], errors[argv][0][-500:])
        assert_terminal_safe(out, argv)
        assert_terminal_safe(errors[argv][0], argv)
        if "json" in argv or argv == ("export",):
            data = json.loads(out)
            if argv in KEEPS_DATA:  # the stored values, every character, from the JSON
                found = set(strings(data))
                kept = [v for v in stored.values() if v in found]
                assert kept, (argv, "no stored value came back whole")
        else:
            assert "PWNED" not in out, argv  # the OSC sequence went whole, not just its ESC
    export = set(strings(json.loads(outputs[("export",)][0])))
    assert set(stored.values()) <= export  # nothing lost: the export holds every stored value exactly
    # the real `journal` command, as a user runs it
    for command in (["people"], ["show", "1"], ["review"]):
        real = subprocess.run([*journal_exe(), *command], capture_output=True, env=env, timeout=60, cwd=path.parent)
        assert real.returncode == 0, real.stderr
        assert_terminal_safe(real.stdout.decode("utf-8"), command)
        assert real.stdout.decode("utf-8") == outputs[tuple(command)][0].rstrip("\n") + "\n"


# --- (b) the app: every pane, screen and dialog that shows user text --------------------------------------------------


@pytest.mark.slow  # the whole corpus painted by the app
@pytest.mark.usefixtures("no_cursor_blink")
async def test_the_app_paints_stored_codes_as_nothing_a_terminal_runs(journal: tuple[Path, dict[str, str]]) -> None:

    from textual import events
    from textual.widgets import Input

    from journal_tui.tui.app import make_app
    from journal_tui.tui.screens.activity import ActivityScreen
    from journal_tui.tui.screens.case import CaseScreen
    from journal_tui.tui.screens.case_dialogs import CriterionPicker, ResponsePicker
    from journal_tui.tui.screens.dialogs import ConfirmScreen, GoalPicker
    from journal_tui.tui.screens.review import ReviewScreen
    from journal_tui.tui.testing import settle
    from journal_tui.tui.widgets.facets import FacetList

    path, _ = journal
    app = make_app(path, today=TODAY)
    seen: list[str] = []

    async def check(where: str, *, shows: str | None = None) -> None:
        await settle(pilot)
        painted = screen_strips_text(app)
        assert_terminal_safe(painted, where)
        assert "PWNED" not in painted, where
        if shows is not None:  # the row is there, shown literally (the label, then the words around the codes)
            assert shows in painted, (where, painted)
        seen.append(where)

    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await check("journal pane and entry detail", shows="entry.text.2")
        await pilot.press("e")
        await check("entry edit form: fields filled from the row", shows="entry.text.2")
        assert (
            not app.screen.query(Input).filter("#skills") or "\x1b" not in app.screen.query_one("#skills", Input).value
        )
        await pilot.press("escape")  # nothing typed: closes without asking
        await settle(pilot)
        await pilot.press("d")
        await check("delete question", shows="entry.text.2")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await check("deleted: the notification")
        await pilot.press("u")
        await check("restored: the notification", shows="Restored entry 2")
        await pilot.press("l")
        await check("goal picker", shows="goal.title.1")
        assert isinstance(app.screen, GoalPicker)
        await pilot.press("escape", "c")
        await check("criterion picker", shows="criterion.name.1")
        assert isinstance(app.screen, CriterionPicker)
        await pilot.press("escape", "f")
        await check("facets", shows="project.name.1")
        facets = app.query_one(FacetList)
        facets.highlighted = next(
            i for i in range(facets.option_count) if (facets.get_option_at_index(i).id or "").startswith("project:")
        )
        await pilot.press("enter")  # the facet's name goes into the filter bar
        await check("a facet in the filter bar", shows="project.name.1")
        await pilot.press("escape", "escape", "escape")
        filter_input = app.query_one("#filter-input", Input)
        filter_input.value = ""
        await pilot.press("slash")
        app.post_message(events.Paste("pasted \x1b[31mred\x1b[0m \x1b]0;PWNED\x07output\u202e"))
        await check("a paste of terminal output in the filter bar", shows="pasted red output")
        assert filter_input.value == "pasted red output"
        filter_input.value = ""
        await pilot.press("escape", "2")
        await settle(pilot)
        goals = app.pane("goals").table
        goals.move_cursor(row=goals.get_row_index("1"))  # the goal with a milestone and evidence
        await check("goals pane, goal detail and milestones", shows="milestone.title.1")
        await pilot.press("3")
        await check("feedback pane, detail and responses", shows="person.name.1")
        await pilot.press("r")
        await check("response picker", shows="feedback.text.")
        assert isinstance(app.screen, ResponsePicker)
        await pilot.press("escape", "4")
        await settle(pilot)
        people = app.pane("people").table
        people.move_cursor(row=people.get_row_index("1"))  # the person with feedback, a conversation and an ask
        await check("people pane and person detail", shows="contact.text.1")
        await pilot.press("e")
        await check("person edit form: its title and fields", shows="Edit person.name.1")
        assert "\\[" not in screen_strips_text(app)  # the title is literal text, not escaped markup
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("R")
        await check("review", shows="skill.name.1")
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("escape", "C")
        await check("case: criteria, evidence, gaps", shows="criterion.name.1")
        assert isinstance(app.screen, CaseScreen)
        await pilot.press("escape", "w")
        await check("activity")
        assert isinstance(app.screen, ActivityScreen)
    assert len(seen) == 18


async def test_what_the_app_paints_is_read_whole_control_codes_included() -> None:
    """`screen_strips_text` (Textual's screenshot of the screen stack, read back) sees a control code that reached
    the drawn lines, and under a modal screen: the test above could fail."""
    from rich.segment import Segment
    from textual.app import App, ComposeResult
    from textual.screen import ModalScreen
    from textual.strip import Strip
    from textual.widget import Widget
    from textual.widgets import Label

    class Raw(Widget):
        def render_line(self, y: int) -> Strip:
            return Strip([Segment("raw \x1b]0;PWNED\x07 \u202eevil 日本 x" if y == 0 else "")])

    class Modal(ModalScreen[None]):
        DEFAULT_CSS = "Modal { align: center bottom; }"

        def compose(self) -> ComposeResult:
            yield Label("a dialog")

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Raw()

    app = Bare()
    async with app.run_test(size=(40, 5)) as pilot:
        painted = screen_strips_text(app)
        assert painted.splitlines()[0].startswith("raw \x1b]0;PWNED\x07 \u202eevil 日本 x")
        with pytest.raises(AssertionError, match="control code U\\+001B"):
            assert_terminal_safe(painted)
        app.push_screen(Modal())
        await pilot.pause()
        painted = screen_strips_text(app)
        assert "a dialog" in painted and "PWNED" in painted  # the screen under the dialog, dimmed, is read too
