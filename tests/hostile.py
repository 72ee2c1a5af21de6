"""A hostile-text corpus shared by every test that pushes user text in or reads it out.

Each sample is something a user (or an imported file) could type: Rich/Textual
markup that would crash a widget or run an action, terminal control sequences
that set the window title, clear the screen or write the clipboard (OSC 52), bidi
overrides that reorder what is shown, NUL and C1 controls, Markdown that would
open a heading, a list, a link or a table column, spreadsheet formulas that a CSV
cell would run, invisible format characters and Unicode line separators, and
plain text that must survive untouched (emoji, right-to-left, brackets).
`expected(sample)` is what must come out: the literal text with control codes
removed (`expected_line` for one-line fields such as goal titles).

Import it from any test module: `from hostile import CORPUS, expected, assert_terminal_safe`.
"""

import re
from typing import TYPE_CHECKING, Any

from journal_tui.validate import fold_lines, strip_controls

if TYPE_CHECKING:
    from textual.app import App

CORPUS: dict[str, str] = {
    "markup_close": "Shipped the [/api] endpoints [/x] and [/]",
    "markup_click": "[@click=app.quit]Click me[/] then [@click=app.screenshot('/tmp/pwned.svg')]x[/]",
    "markup_style": "arr[i] = x[0]; [bold red]not bold[/bold red] [link=https://evil]l[/link]",
    "osc_title": "Title \x1b]0;PWNED\x07\x1b[2J cleared",
    "osc52_clipboard": "Clip \x1b]52;c;SGVsbG8gd29ybGQ=\x07board \x1bP+q\x1b\\",
    "bidi_override": "Reviewed \u202eexe.live\u202c code \u2066isolated\u2069 \u202aembedded\u202c",
    "nul_and_c1": "nul\x00byte bell\x07 del\x7f csi\x9b31m backspace\x08",
    "emoji_rtl_accents": "Shipped 🚀 the مرحبا release — naïve café ✓ 👩‍💻 עברית",
    "crlf_tabs": "line one\r\nline two\rline three\twith a tab",
    "markdown_blocks": "# not a heading\n> not a quote\n- not a list\n1. not ordered\n---\n| not | a row |",
    "markdown_inline": (
        "*not em* _not em_ `not code` [not a link](http://x.test/a_b) <b>not html</b> &amp; ~~no~~ C:\\d\\"
    ),
    "table_pipes": "cell | with || pipes \\| and a last |",
    "csv_formula": '=1+2*3 and =HYPERLINK("http://evil.test","click") then +1-1 and -2+3',
    "invisible": "zero\u200bwidth\u2060join\ufeff\u200c\u200d line\u2028sep\u2029para\x0bvt\x0cff\x85nel",
}

# Names (projects, skills, people, tags) from the same corpus: no commas or line breaks allowed in a name.
NAMES: dict[str, str] = {
    "markup": "[/x] team",
    "click": "[@click=app.quit]",
    "escape": "\x1b[31mRed\x1b[0m Sam",
    "bidi": "\u202eanaM",
    "pipe": "Ana | Bo *x*",
    "zero": "Zed\u200bZero\u2060",
}

# Cells a spreadsheet runs as formulas (OWASP's list: = + - @ and a leading tab or carriage return).  The `@` ones
# are here, not in CORPUS: jrnl's formats read a leading `@word` as a tag (imported as a skill), by design.
FORMULAS = ['=HYPERLINK("http://evil.test","x")', "@SUM(1+1)", "+1-1", "-2+3", "\t=1+1", "\r=1+1", "'=quoted already"]

HUGE = "x" * 1_048_576  # 1 MB: refused with a clear message, never stored half-way

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def expected(text: str) -> str:
    """What the journal must store and print for `text`: the literal text without control codes."""
    return strip_controls(text).strip()


def expected_line(text: str) -> str:
    """What a one-line field (a goal, milestone or role title, a criterion name) stores and prints for `text`."""
    return fold_lines(expected(text))


def expected_name(name: str) -> str:
    """A name as stored: whitespace collapsed, no sigil, no invisible format character (a zero-width space)."""
    from journal_tui.validate import without_format_chars

    return " ".join(without_format_chars(strip_controls(name), keep_joiners=True).split()).lstrip("+#@").strip()


def markdown_plain(source: str) -> str:
    """The text a reader sees once `source` is rendered as Markdown (markdown-it, GitHub-like, as the app's viewer):
    every block's text on its own line, escapes taken off, no markup."""
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

    def text(tokens: list[Token]) -> str:
        out = []
        for t in tokens:
            if t.children:
                out.append(text(t.children))
            elif t.type in ("text", "code_inline", "html_inline", "code_block", "fence", "html_block"):
                out.append(t.content)
            elif t.type in ("softbreak", "hardbreak") or t.type.endswith("_close") and t.block:
                out.append("\n")
        return "".join(out)

    return text(MarkdownIt("gfm-like").parse(source))


def assert_terminal_safe(output: str, where: object = "") -> None:
    """Nothing in `output` can drive a terminal: no ESC, BEL, C1, NUL or bidi override."""
    bad = _CONTROL.search(output)
    assert bad is None, (
        f"{where}: control code U+{ord(bad.group()):04X} at {bad.start()}: "
        f"{output[max(0, bad.start() - 30) : bad.start() + 30]!r}"
    )


def screen_strips_text(app: "App[Any]") -> str:
    """Every character the app would write to the terminal for its current screen stack, one line per row: what a
    hostile string must never reach with a control code.  Read from Textual's own screenshot of the screen stack
    (`screen_lines`), which keeps every character of the drawn lines (test_text_out.py checks it sees one)."""
    from journal_tui.tui.testing import screen_lines

    return "\n".join(screen_lines(app))
