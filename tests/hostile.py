"""A hostile-text corpus shared by every test that pushes user text in or reads it out.

Each sample is something a user (or an imported file) could type: Rich/Textual
markup that would crash a widget or run an action, terminal control sequences
that set the window title, clear the screen or write the clipboard (OSC 52), bidi
overrides that reorder what is shown, NUL and C1 controls, and plain text that
must survive untouched (emoji, right-to-left, brackets).  `expected(sample)` is
what must come out: the literal text with control codes removed.

Import it from any test module: `from hostile import CORPUS, expected, assert_terminal_safe`.
"""

import re

from journal_tui.validate import strip_controls

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
}

# Names (projects, skills, people, tags) from the same corpus: no commas or line breaks allowed in a name.
NAMES: dict[str, str] = {
    "markup": "[/x] team",
    "click": "[@click=app.quit]",
    "escape": "\x1b[31mRed\x1b[0m Sam",
    "bidi": "\u202eanaM",
}

HUGE = "x" * 1_048_576  # 1 MB: refused with a clear message, never stored half-way

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def expected(text: str) -> str:
    """What the journal must store and print for `text`: the literal text without control codes."""
    return strip_controls(text).strip()


def expected_name(name: str) -> str:
    return " ".join(strip_controls(name).split()).lstrip("+#@").strip()


def assert_terminal_safe(output: str) -> None:
    """Nothing in `output` can drive a terminal: no ESC, BEL, C1, NUL or bidi override."""
    bad = _CONTROL.search(output)
    assert bad is None, f"control code U+{ord(bad.group()):04X} at {bad.start()}: {output[max(0, bad.start() - 30):bad.start() + 30]!r}"
