"""User text is data, never markup: one place that turns stored strings into what widgets show.

Titles, names, feedback and filter text are handed to Textual as `rich.text.Text`
(never parsed as Textual/Rich markup), with terminal control codes and bidi
overrides removed so nothing a user pasted can move the cursor, clear the screen,
retitle the terminal or reorder what is shown.  Markdown views escape every ASCII
punctuation character, so user text cannot become a heading, a link or an action.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from rich.markup import escape as escape_markup
from rich.text import Text

# C0/C1 control characters (newline and tab are handled by the callers) and the
# Unicode bidi embedding/override/isolate controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# ANSI escape sequences: CSI (ESC [ ... final) and OSC (ESC ] ... BEL or ESC \), removed whole.
_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~\"'=:&$%^@;,?/])")

CELL_LIMIT = 1_000  # characters of a value looked at for a one-line cell: no terminal is wider
MD_LIMIT = 20_000  # characters of one value put into a Markdown view (parsed on the UI thread)

__all__ = ["cell", "clean", "escape_markup", "md", "one_line", "plain"]


def clean(value: object) -> str:
    """The text as it may reach the terminal: escape sequences and control/bidi characters removed."""
    text = "" if value is None else str(value)
    text = _ANSI.sub("", text)
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    "))


def one_line(value: object) -> str:
    """`clean`, with line breaks turned into spaces (a table cell, a title)."""
    return " ".join(clean(value).split("\n"))


def plain(value: object, style: str = "") -> Text:
    """A Text that wraps: for labels and notifications."""
    return Text(clean(value), style=style)


def cell(value: object, style: str = "") -> Text:
    """A one-line Text that is cut with `…` when its column is too narrow."""
    text = "" if value is None else str(value)
    return Text(one_line(text[:CELL_LIMIT]), style=style, no_wrap=True, overflow="ellipsis", end="")


def md(value: object) -> str:
    """User text for a Markdown document: shown literally, whatever punctuation it holds."""
    raw = "" if value is None else str(value)
    more = len(raw) - MD_LIMIT
    text = _MD_SPECIAL.sub(r"\\\1", clean(raw[:MD_LIMIT])) + (f" … ({more:,} more characters)" if more > 0 else "")
    # keep line breaks as line breaks, and stop leading spaces from starting a code block
    paragraphs = [p for p in re.split(r"\n[ ]*\n", text) if p.strip()]
    return "\n\n".join("\\\n".join(line.lstrip(" ") for line in p.split("\n")) for p in paragraphs)


class FeedbackKind(NamedTuple):
    label: str
    style: str
    icon: str


# How each kind of feedback (query.KINDS) is shown everywhere in the app: one table, so a new kind is one line.
FEEDBACK_KINDS = {
    "praise": FeedbackKind("Praise", "green", "👏"),
    "constructive": FeedbackKind("Constructive", "yellow", "🛠"),
    "neutral": FeedbackKind("Neutral", "dim", "💬"),
}
UNKNOWN_KIND = FeedbackKind("", "", "")


def feedback_kind(kind: str) -> FeedbackKind:
    return FEEDBACK_KINDS.get(kind, UNKNOWN_KIND)
