"""User text inside structured output: one line where one line is promised, literal where Markdown is written.

Every renderer that puts stored text into a line-based or Markdown document goes
through these few functions, so a title or a name can never add a line, a column,
a heading, a list item, a link or emphasis of its own, and never reaches a terminal
with a control code in it (text stored before the rules, or by another program):

- `one_line(text)`: safe for a terminal, line breaks and tabs folded to a space
  (plain-text tables and lists: `journal goal list`, `journal people`);
- `inline(text)`: `one_line`, then escaped for Markdown running text: ``\\ ` * _ [ ] <``
  everywhere, `~~`, an entity-like `&`, and at the start whatever would open a block
  (`# `, `>`, `- `, `+ `, `---`, `===`, `1. `) so a heading or list item stays one;
- `cell(text)`: `inline`, with `|` escaped too (a Markdown table cell);
- `code(text)`: a command or value we wrote, as an inline code span.

Escaping only what Markdown would read keeps pasted reviews readable: "Shipped v2.1 (EU)"
stays as it is.  Renderers apply these to each piece of user text, never to a whole
document (that would escape their own `**` and `|`).
"""

import re

from journal_tui.validate import fold_lines, strip_controls

# Markdown that means something anywhere in running text: escapes and code spans, emphasis, links and images,
# HTML and autolinks, strikethrough (two tildes), character references (&amp; &#38;); and the colon of `://`,
# which would let the parser read a URL from the source, escapes and all (the URL is still found, unescaped).
_INLINE = re.compile(r"[\\`*_\[\]<]|~(?=~)|(?<=~)~|&(?=#?[0-9A-Za-z]+;)|:(?=//)")
# What opens a block at the start of a line: an ATX heading (`# `), a block quote, a bullet or thematic break
# (`- `, `+ `, `---`), a setext underline (`===`), an ordered list (`1. `, `1) `).  `*`, `_`, backticks and `~~`
# are escaped everywhere already; "-2+3", "#hashtag" and "3.5x faster" open nothing and stay as they are.
_BLOCK_START = re.compile(r"#{1,6}(?=\s|$)|>|[-+=](?=[\s\-+=]|$)|\d{1,9}(?=[.)](?:\s|$))")
# Characters that call for the slow path: Markdown specials anywhere, and (checked apart, as plain string tests)
# a first character that may open a block or be a blank, a last one that may close a heading or be a blank.
_SPECIAL = re.compile(r"[\\`*_\[\]<~&]")
_MAY_OPEN = frozenset("#>+-=0123456789 ")
_MAY_CLOSE = frozenset("# ")


def one_line(text: object) -> str:
    """`text` safe for a terminal and on one line: control codes removed, line breaks and tabs folded to a space."""
    value = "" if text is None else str(text)
    if value.isprintable():  # the usual case: nothing to remove, no line break, no tab
        return value
    return fold_lines(strip_controls(value)).strip()


def inline(text: object) -> str:
    """`text` as literal Markdown running text on one line (a list item, a heading, emphasis, a quote)."""
    value = "" if text is None else str(text)
    if (value.isprintable() and _SPECIAL.search(value) is None and value[:1] not in _MAY_OPEN
            and value[-1:] not in _MAY_CLOSE and "://" not in value):
        return value  # most titles: two scans in C (a review calls this twice for each of 100k wins)
    value = one_line(value).strip()
    value = _INLINE.sub(r"\\\g<0>", value)
    if value.endswith("#"):  # "### Learn C #" would lose its "#" as a closing sequence
        value = value[:-1] + "\\#"
    start = _BLOCK_START.match(value)
    return value if start is None else _escape_start(value, start)


def _escape_start(value: str, start: "re.Match[str]") -> str:
    """Escape what would open a block: the marker itself, or the `.`/`)` after a list number."""
    end = start.end()
    if start.group()[0].isdigit():
        return value[:end] + "\\" + value[end:]
    return "\\" + value


def cell(text: object) -> str:
    """`text` as the content of a Markdown table cell: `inline`, and `|` escaped so it cannot start a column."""
    value = inline(text)
    return value.replace("|", "\\|") if "|" in value else value


def code(text: object) -> str:
    """A command or value of ours as an inline code span (fenced with more backticks than it holds)."""
    value = one_line(text)
    fence = "`" * (max((len(run) for run in re.findall(r"`+", value)), default=0) + 1)
    pad = " " if value.startswith("`") or value.endswith("`") else ""
    return f"{fence}{pad}{value}{pad}{fence}"
