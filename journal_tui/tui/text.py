"""User text is data, never markup: one place that turns stored strings into what widgets show.

Titles, names, feedback and filter text are handed to Textual as `rich.text.Text`
(never parsed as Textual/Rich markup), with terminal control codes and bidi
overrides removed so nothing a user pasted can move the cursor, clear the screen,
retitle the terminal or reorder what is shown.  The rule is the one the journal
applies on the way in (`validate.strip_controls`), applied again on the way out:
text stored by an older version or written into the file by another program is
shown literally too.  Every widget that shows user text builds it here (`plain`,
`cell`, `one_line`, `clean`); Markdown views escape every ASCII punctuation
character (`md`), so user text cannot become a heading, a link or an action; and
Markdown the journal writes itself (the case's gaps) is shown as formatted text by
`markdown_lines`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from rich.markup import escape as escape_markup
from rich.text import Text

from journal_tui.mdtext import literal
from journal_tui.validate import fold_lines, strip_controls

if TYPE_CHECKING:
    from markdown_it.token import Token

CELL_LIMIT = 1_000  # characters of a value looked at for a one-line cell: no terminal is wider
MD_LIMIT = 20_000  # characters of one value put into a Markdown view (parsed on the UI thread)

__all__ = ["cell", "clean", "escape_markup", "markdown_lines", "md", "one_line", "plain"]


def clean(value: object) -> str:
    """The text as it may reach the terminal: escape sequences and control/bidi characters removed, tabs as spaces."""
    text = strip_controls("" if value is None else str(value))
    return text.replace("\t", "    ") if "\t" in text else text


def one_line(value: object) -> str:
    """`clean`, with line breaks (and Unicode's line and paragraph separators) folded to a space: a cell, a title."""
    return fold_lines(clean(value))


def plain(value: object, style: str = "") -> Text:
    """A Text that wraps: for labels and notifications."""
    return Text(clean(value), style=style)


def cell(value: object, style: str = "") -> Text:
    """A one-line Text that is cut with `…` when its column is too narrow."""
    text = "" if value is None else str(value)
    return Text(one_line(text[:CELL_LIMIT]), style=style, no_wrap=True, overflow="ellipsis", end="")


def md(value: object) -> str:
    """User text for a Markdown document: shown literally, whatever punctuation it holds (`mdtext.literal`), cut to
    what the UI thread parses quickly."""
    raw = "" if value is None else str(value)
    more = len(raw) - MD_LIMIT
    return literal(raw[:MD_LIMIT]) + (f" … ({more:,} more characters)" if more > 0 else "")


CODE_STYLE = "bold cyan"  # a command the journal suggests (`journal link ENTRY 3`), as Markdown code is shown


def markdown_lines(lines: Sequence[str], indent: str = "  ") -> Text:
    """Markdown bullets the journal wrote itself (a gap's lines) as Text: one line each, `**bold**` bold, `code`
    as code, emphasis in italics, and everything else literal, the user text in them included (the writer escaped
    it with `mdtext.inline`, and the parser takes the escapes off).  Nothing is ever shown as `**` or a backtick
    that was not typed; nothing typed becomes formatting.  Parsed once for all the lines (thousands of wins)."""
    from markdown_it import MarkdownIt

    out = Text()
    for token in MarkdownIt("commonmark", {"html": False}).parse("\n".join(lines)):
        if token.type == "inline":
            out.append(indent)
            _append_inline(out, token.children or [])
            out.append("\n")
    return out


_INLINE_STYLES = {"strong": "bold", "em": "italic", "s": "strike"}


def _append_inline(out: Text, children: Sequence[Token]) -> None:
    styles: list[str] = []
    for child in children:
        kind = child.type
        if kind.endswith("_open") and kind[:-5] in _INLINE_STYLES:
            styles.append(_INLINE_STYLES[kind[:-5]])
        elif kind.endswith("_close") and kind[:-6] in _INLINE_STYLES:
            if styles:
                styles.pop()
        elif kind == "code_inline":
            out.append(one_line(child.content), style=CODE_STYLE)
        elif kind in ("softbreak", "hardbreak"):
            out.append(" ")
        elif child.content:  # text, and anything else that carries text (kept literal)
            out.append(one_line(child.content), style=" ".join(styles))


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
