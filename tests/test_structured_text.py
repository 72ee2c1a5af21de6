"""User text inside structured output: a name or a title never adds a column, a line, a heading or formatting.

A journal is built through the real `journal` command with names holding `|`,
Markdown and backticks and titles holding line breaks (plus one title an older
version stored with its line breaks, straight into SQLite).  Then every Markdown
document (review, case, update, list/feedback/export Markdown) is parsed with
markdown-it (the parser Textual's Markdown viewer uses): each table row has the
header's number of cells, no user text opens a block of its own, and each piece of
user text renders back to itself.  Plain-text lists keep one line per title.  The
app's review table and the Case screen's gaps are read from the running app.
Names are compared without their invisible format characters (issue 23, item 5).
"""

import json
import sqlite3
from pathlib import Path

import pytest
from conftest import TODAY, Cli, db_rows
from markdown_it import MarkdownIt
from markdown_it.token import Token

from journal_tui.mdtext import cell, inline, inline_all, one_line
from journal_tui.tui.app import make_app
from journal_tui.tui.testing import settle
from journal_tui.tui.widgets.hanging import Hanging

SKILL = "C|C++ *ops* [x]_y `z`"
PERSON = "Ana | Bo_x `y` **z**"
PROJECT = "Web | API # 1"
GOAL = "Ship v2\n# Fake goal heading\n- fake item"
MILESTONE = "Beta\n## fake milestone"
ROLE = "Staff | Eng\n# fake role"
CRITERION = "Leads **teams** | well\n> fake quote"
FEEDBACK = "Great | work `really`\n# fake feedback heading"
ENTRY = "Shipped | it *fast*\n# not a body heading\n- not a body item"
LEGACY = "Legacy\n# fake legacy heading\n1. fake ordered"
# Text that would stand as a block of its own (a heading, a list item, a quote) if a line break or a marker in
# user text got through: no rendered block may start with one of these.
FAKES = (
    "Fake goal heading",
    "fake item",
    "fake milestone",
    "fake role",
    "fake quote",
    "fake feedback heading",
    "fake legacy heading",
    "fake ordered",
    "not a body heading",
    "not a body item",
)


@pytest.fixture
def hostile_journal(cli: Cli, db_path: Path) -> Path:
    """Every kind of row, written through the CLI, with the hostile names and titles above."""
    cli("add", ENTRY, "--project", PROJECT, "--skill", SKILL, "--star", "--date", "2026-11-20")
    cli("add", "Second win", "--skill", SKILL, "--impact", "saved | 3 *hours*", "--date", "2026-11-21")
    cli("goal", "add", GOAL, "--measure", "p95 | ms", "--why", "Because\n# fake why", "--due", "2026-12-20")
    cli("goal", "add", "Old goal", "--due", "2026-11-01")  # overdue, no evidence: in the gaps
    cli("milestone", "add", "1", MILESTONE, "--due", "2026-12-05")
    cli("link", "1", "1")
    cli("person", "set", PERSON, "--role", "mentor", "--team", "Core | Platform")
    cli("feedback", "add", FEEDBACK, "--from", PERSON, "--kind", "constructive", "--skill", SKILL, "--tag", "a|b")
    cli("feedback", "add", "Nice | one", "--from", PERSON, "--kind", "praise")
    cli("role", "set", ROLE)
    cli("role", "criterion", "add", CRITERION, "--skill", SKILL, "--need", "3", "--note", "note | *n*")
    conn = sqlite3.connect(db_path)
    with conn:  # what an older version stored: a title with its line breaks
        conn.execute("UPDATE goal SET title = ? WHERE id = 2", (LEGACY,))
    conn.close()
    return db_path


def blocks(source: str) -> list[tuple[str, str]]:
    """(the block that holds it, rendered text) for each run of inline text in a Markdown document: the block is the
    nearest container that is not a paragraph (heading, list_item, blockquote, th, td, or a top-level paragraph)."""
    out = []
    parents: list[str] = []
    for token in MarkdownIt("gfm-like").parse(source):
        if token.nesting == 1:
            parents.append(token.type.removesuffix("_open"))
        elif token.nesting == -1:
            parents.pop()
        elif token.type == "inline":
            holder = next((p for p in reversed(parents) if p != "paragraph"), "paragraph")
            out.append((holder, rendered(token.children or [])))
    return out


def rendered(children: list[Token]) -> str:
    return "".join(
        c.content
        if c.type in ("text", "code_inline", "html_inline")
        else ("\n" if c.type in ("softbreak", "hardbreak") else "")
        for c in children
    )


def tables(source: str) -> list[list[list[str]]]:
    """Every table as rows of rendered cell texts (the header row first)."""
    out: list[list[list[str]]] = []
    row: list[str] | None = None
    for token in MarkdownIt("gfm-like").parse(source):
        if token.type == "table_open":
            out.append([])
        elif token.type == "tr_open":
            row = []
            out[-1].append(row)
        elif token.type == "inline" and row is not None:
            row.append(rendered(token.children or []))
        elif token.type == "tr_close":
            row = None
    return out


def assert_structure_intact(name: str, source: str) -> None:
    for table in tables(source):
        assert all(len(r) == len(table[0]) for r in table), (name, table)
    for block, text in blocks(source):
        assert not text.lstrip("#>-*+ 0123456789.").startswith(FAKES), (name, block, text)


DOCUMENTS = [
    ("review",),
    ("case",),
    ("update", "--from", "2026-11-01", "--to", "2026-11-30"),
    ("list", "-f", "markdown"),
    ("feedback", "list", "-f", "markdown"),
    ("export", "-f", "markdown"),
]


def test_one_line_fields_are_folded_on_the_way_in(hostile_journal: Path) -> None:
    assert db_rows(hostile_journal, "SELECT title FROM goal WHERE id = 1") == [(one_line(GOAL),)]
    assert db_rows(hostile_journal, "SELECT title FROM milestone") == [("Beta ## fake milestone",)]
    assert db_rows(hostile_journal, "SELECT title FROM role") == [("Staff | Eng # fake role",)]
    assert db_rows(hostile_journal, "SELECT name FROM criterion") == [(one_line(CRITERION),)]
    # multi-line fields keep their lines: a goal's why, an entry's body
    assert db_rows(hostile_journal, "SELECT relevant FROM goal WHERE id = 1") == [("Because\n# fake why",)]
    assert db_rows(hostile_journal, "SELECT text FROM entry WHERE id = 1") == [(ENTRY,)]


@pytest.mark.parametrize("argv", DOCUMENTS, ids=" ".join)
def test_markdown_documents_keep_their_structure(cli: Cli, hostile_journal: Path, argv: tuple[str, ...]) -> None:
    assert_structure_intact(" ".join(argv), cli(*argv))


def test_user_text_renders_back_to_itself(cli: Cli, hostile_journal: Path) -> None:
    review = cli("review")
    skills = next(t for t in tables(review) if t[0][0] == "Skill")
    assert [r[0] for r in skills[1:]] == [SKILL]  # the cell's rendered text is the name, `|`, `*`, `` ` `` and all
    people = next(t for t in tables(review) if t[0][0] == "Person")
    assert [r[:2] for r in people[1:]] == [[PERSON, "mentor"]]
    shown = blocks(review)
    assert any(b == "heading" and t.startswith(one_line(GOAL) + " (active") for b, t in shown)
    assert ("heading", f"{PROJECT} (1)") in shown
    assert any(b == "blockquote" and t == f"“{one_line(FEEDBACK)}”\n— {PERSON}, 2026-11-23" for b, t in shown)
    assert any(b == "list_item" and t.startswith("2026-11-20 Shipped | it *fast*") for b, t in shown)
    case = cli("case")
    assert ("heading", f"Promotion case: {one_line(ROLE)} — 2026-Q4 (2026-10-01 to 2026-12-31)") in blocks(case)
    assert any(
        b == "heading" and t.startswith(f"{one_line(CRITERION)} — 2 wins (needs 3): partial") for b, t in blocks(case)
    )
    assert any(b == "list_item" and t == f"{one_line(LEGACY)} (due 2026-11-01)" for b, t in blocks(case))
    # the same text escaped once for Markdown, never as a whole document: our own bold and tables still work
    assert "**impact:**" in cli("list", "-f", "markdown") and "|---|" in review


def test_plain_text_lists_keep_one_line_per_title(cli: Cli, hostile_journal: Path) -> None:
    goals = cli("goal", "list").splitlines()
    assert sum(one_line(GOAL) in line for line in goals) == 1 and sum(one_line(LEGACY) in line for line in goals) == 1
    assert not any(line.lstrip().startswith(("#", "- fake", "1. fake", "## fake")) for line in goals), goals
    conn = sqlite3.connect(hostile_journal)
    with conn:  # a criterion name an older version stored with its line breaks
        conn.execute("UPDATE criterion SET name = ?", ("Legacy criterion\n# fake criterion\n> fake quote",))
    conn.close()
    role = cli("role")
    assert "Legacy criterion # fake criterion > fake quote" in role
    assert not any(line.lstrip().startswith(("#", ">")) for line in role.splitlines()), role
    stats = cli("stats")
    assert not any(line.lstrip().startswith("# fake") for line in stats.splitlines())


def test_the_escaping_rules() -> None:
    """mdtext's rules, rendered by markdown-it: literal in a list item, a heading, a quote and a table cell."""
    samples = [
        "# h",
        "> q",
        "- i",
        "+ i",
        "1. o",
        "2) o",
        "---",
        "===",
        "*e* _e_ `c` [l](u) ![i](u) <b>x</b>",
        "&amp; &#38; R&D",
        "~~s~~ ~ok",
        "a | b \\| c",
        "back\\slash\\",
        "Learn C #",
        "-2+3",
        "#tag",
        "3.5x",
        "http://x.test/a_b_c",
        "tab\there",
        "line\nbreak",
        "a\u2028b",
        "```",
        "~~~",
        "\x1b[2Jx\u202ey",
    ]
    md = MarkdownIt("gfm-like")
    for s in samples:
        want = one_line(s).strip()
        for wrap, expect, kinds in (("- {}", want, 7), ("### {} (1)", f"{want} (1)", 3), ("> “{}”", f"“{want}”", 5)):
            tokens = md.parse(wrap.format(inline(s)))
            assert len(tokens) == kinds and rendered(tokens[kinds // 2].children or []) == expect, (s, wrap)
        table = tables(f"| {cell(s)} | x |\n|---|---|\n| {cell(s)} | y |")[0]
        assert table == [[want, "x"], [want, "y"]], s
    assert inline("Shipped v2.1 (EU), 3x faster: done!") == "Shipped v2.1 (EU), 3x faster: done!"  # nothing to escape
    assert inline_all([*samples, "plain", ""]) == [inline(s) for s in [*samples, "plain", ""]]  # the batch: same rule


# --- the app: the review's table and the Case screen's gaps -----------------------------------------------------------


@pytest.mark.usefixtures("no_cursor_blink")
async def test_the_app_review_tables_keep_their_columns(hostile_journal: Path) -> None:
    """The Review screen's document view reads the renderer's tables: an escaped `|` stays in its cell, and every
    cell shows the user's text as typed (escapes resolved, no marker taken from it)."""
    from journal_tui.tui.screens.review import ReviewScreen
    from journal_tui.tui.widgets.document import DocumentView, inline, table_rows

    app = make_app(hostile_journal, today=TODAY)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        view = app.screen.query_one("#review-doc", DocumentView)
        found = {}
        for block in view.document.blocks:
            if block.kind == "table":
                rows = [[inline(c)[0] for c in cells] for cells in table_rows(block)]
                found[tuple(rows[0])] = rows[2:]  # the header, the rule, the body
        assert found[("Skill", "Entries", "vs 2026-Q3")] == [[SKILL, "2", "+2"]]
        assert found[("Person", "Role", "Praise", "Constructive", "Other")] == [[PERSON, "mentor", "1", "1", "0"]]


@pytest.mark.usefixtures("no_cursor_blink")
async def test_the_case_screen_gaps_show_formatting_and_literal_user_text(hostile_journal: Path) -> None:
    """Item 2: the gaps in the app show our own formatting as formatting (a win's date in bold, never `**` or a
    backtick), while the `**`, backticks and `|` a user typed stay as typed; a gap the app can act on names its key
    (issue 28: enter acts on it), never the CLI's command."""
    from journal_tui.tui.screens.case import CaseScreen
    from journal_tui.tui.screens.case_gaps import GapList

    app = make_app(hostile_journal, today=TODAY)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("C")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
        gaps = app.screen.query_one("#case-gaps", GapList)
        prompts = [gaps.get_option_at_index(i).prompt for i in range(gaps.option_count)]
        text = "\n".join(map(str, prompts))
        # the app's wording: the key, not a command ...
        assert "journal " not in text and "`" not in text.replace("`y`", "").replace("`z`", "").replace("`really`", "")
        assert f"{one_line(LEGACY)} (due 2026-11-01, overdue) — enter: link a win to it" in text
        assert "2026-11-20 Shipped | it *fast* — enter: add its impact" in text
        # ... and everything the user typed stays literal: `*`, `**`, backticks, `|`
        assert f"{one_line(CRITERION)}: 2 wins (needs 3): partial — skills: {SKILL}" in text
        assert f"“{one_line(FEEDBACK)}” — {PERSON}, 2026-11-23 — enter: pick the entry that answers it" in text
        win = next(p for p in prompts if "add its impact" in str(p))
        assert isinstance(win, Hanging)
        words = win.lines[0][1]
        spans = {words.plain[s.start : s.end]: str(s.style) for s in words.spans}
        assert "bold" in spans["2026-11-20"]  # the date in bold, as the CLI's **2026-11-20**
        lines = [gaps.render_line(y).text.rstrip() for y in range(gaps.size.height)]
        assert not any("**2026" in line or "`journal" in line or "`e`" in line for line in lines), lines  # as painted
        assert any("Leads **teams** | well" in line for line in lines)  # the user's own `**` stays


# --- names: invisible format characters -------------------------------------------------------------------------------

INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e", "\u2061"]


def test_a_zero_width_character_does_not_make_a_second_person(cli: Cli, db_path: Path) -> None:
    cli("person", "set", "Sam", "--role", "mentor")
    for ch in INVISIBLE:
        cli("person", "set", f"Sa{ch}m{ch}")
        cli("feedback", "add", "thanks", "--from", f"{ch}Sam")
    people = cli.json("people", "-f", "json")
    assert [(p["name"], p["feedback"]["praise"]) for p in people] == [("Sam", len(INVISIBLE))]
    assert db_rows(db_path, "SELECT name, key FROM person") == [("Sam", "sam")]


def test_project_skill_and_tag_names_merge_past_format_characters(cli: Cli, db_path: Path) -> None:
    cli("add", "first +billing #sql")
    cli("add", "second", "--project", "bil\u200bling", "--skill", "SQL\u2060", "--skill", "\ufeffsql")
    cli("add", "third +Billing #Sql")
    cli("feedback", "add", "x", "--from", "Sam", "--tag", "launch", "--skill", "s\u200cql")
    cli("feedback", "add", "y", "--from", "Sam", "--tag", "laun\u200dch")
    assert db_rows(db_path, "SELECT name FROM project") == [("billing",)]
    assert db_rows(db_path, "SELECT name FROM skill") == [("sql",)]
    assert db_rows(db_path, "SELECT name FROM tag") == [("launch",)]
    assert len(cli.json("list", "project:bil\u200bling", "-f", "json")) == 3  # filters key names the same way


@pytest.mark.parametrize(
    "argv",
    [
        ("person", "set", "\u200b\u2060"),
        ("feedback", "add", "x", "--from", "\ufeff"),
        ("add", "x", "--project", "\u200d"),
        ("add", "x", "--skill", "\u200b\u200b"),
        ("met", "\u2060", "coffee chat"),
    ],
    ids=["person", "from", "project", "skill", "met"],
)
def test_a_name_of_only_invisible_characters_is_refused(cli: Cli, db_path: Path, argv: tuple[str, ...]) -> None:
    cli("add", "baseline entry")
    cli(*argv, code=1)
    assert cli.err.count("\n") == 1 and ("invisible" in cli.err or "is empty" in cli.err), cli.err
    assert "Traceback" not in cli.err
    assert db_rows(db_path, "SELECT count(*) FROM person") == [(0,)]
    assert db_rows(db_path, "SELECT count(*) FROM entry") == [(1,)]
    assert db_rows(db_path, "SELECT count(*) FROM project") == [(0,)]


def test_emoji_joined_by_zero_width_joiners_stay_whole(cli: Cli, db_path: Path) -> None:
    cli("person", "set", "Dev 👩\u200d💻")
    assert db_rows(db_path, "SELECT name FROM person") == [("Dev 👩\u200d💻",)]
    assert json.loads(cli("people", "-f", "json"))[0]["name"] == "Dev 👩\u200d💻"
