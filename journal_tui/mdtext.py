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
- `code(text)`: a command or value we wrote, as an inline code span;
- `literal(text)`: multi-line text (an entry's body in the app's detail view) as a
  Markdown block, every punctuation character escaped.

Escaping only what Markdown would read keeps pasted reviews readable: "Shipped v2.1 (EU)"
stays as it is.  Renderers apply these to each piece of user text, never to a whole
document (that would escape their own `**` and `|`).
"""

import re
from bisect import bisect_right
from collections.abc import Sequence
from functools import lru_cache
from itertools import accumulate, compress, repeat

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
_OPENING, _CLOSERS = "#>+-=0123456789 ", ("#", " ")
_MAY_OPEN, _MAY_CLOSE = frozenset(_OPENING), frozenset(_CLOSERS)
_MAY_OPEN_MATCH = re.compile(f"[{re.escape(_OPENING)}]").match
_CLOSING = re.compile(r"(?:^|(?<=\s))#+$")


def one_line(text: object) -> str:
    """`text` safe for a terminal and on one line: control codes removed, line breaks and tabs folded to a space."""
    value = "" if text is None else str(text)
    if value.isprintable():  # the usual case: nothing to remove, no line break, no tab
        return value
    return fold_lines(strip_controls(value)).strip()


def inline(text: object) -> str:
    """`text` as literal Markdown running text on one line (a list item, a heading, emphasis, a quote)."""
    value = "" if text is None else str(text)
    if value.isprintable() and _SPECIAL.search(value) is None and "://" not in value:
        # most titles: two scans in C, then only their ends may need a look
        return _ends(value) if value[:1] in _MAY_OPEN or value[-1:] in _MAY_CLOSE else value
    return _ends(_INLINE.sub(r"\\\g<0>", one_line(value).strip()))


def _ends(value: str) -> str:
    """Escape what matters only at the ends: a block marker at the start (`# `, `- `, `1. `...), and a run of `#`
    at the end after a blank, which a heading would take as its closing sequence ("### Learn C #")."""
    value = value.strip()
    if value.endswith("#"):
        closing = _CLOSING.search(value)
        if closing is not None:
            value = value[: closing.start()] + "\\" + value[closing.start() :]
    start = _BLOCK_START.match(value)
    if start is None:
        return value
    end = start.end()
    if start.group()[0].isdigit():  # "1. " and "1) ": the dot or parenthesis
        return value[:end] + "\\" + value[end:]
    return "\\" + value


# Every character `inline` may change, but for the first and the last (checked apart): Markdown specials, `:` of
# `://`, line breaks and tabs, and the control codes `strip_controls` removes.
_CHANGES = re.compile(r"[\\`*_\[\]<~&:\n\t\u2028\u2029\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def inline_all(texts: Sequence[str]) -> list[str]:
    """`inline` of each text, for the 100k titles of a review: one scan in C over all of them finds the few that
    hold something to escape, then only the ends of the others are looked at (a third less time than a call per
    text, measured on 100k titles)."""
    out = list(texts)
    joined = "".join(out)
    todo: set[int] = set()
    if _CHANGES.search(joined) is not None:
        ends = list(accumulate(map(len, out)))
        todo = {bisect_right(ends, m.start()) for m in _CHANGES.finditer(joined)}
    # the texts whose first or last character may matter, found by loops in C (map, compress)
    count = range(len(out))
    at_ends = set(compress(count, map(_MAY_OPEN_MATCH, out))).union(
        compress(count, map(str.endswith, out, repeat(_CLOSERS)))
    )
    for i in at_ends - todo:
        out[i] = _ends(out[i])
    for i in todo:
        out[i] = inline(out[i])
    return out


@lru_cache(maxsize=8192)
def inline_name(name: str) -> str:
    """`inline` for a name (a project, a skill, a person): a few hundred names recur in 100k lines, so each is escaped
    once and then looked up."""
    return inline(name)


def cell(text: object) -> str:
    """`text` as the content of a Markdown table cell: `inline`, and `|` escaped so it cannot start a column."""
    value = inline(text)
    return value.replace("|", "\\|") if "|" in value else value


# Every ASCII punctuation character: a multi-line text (an entry's body) may hold anything Markdown reads across
# lines (a table, a fence, a setext heading), so `literal` escapes them all rather than pick.
_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~\"'=:&$%^@;,?/])")


def literal(text: object) -> str:
    """Multi-line user text as Markdown that shows exactly that text: control codes removed, every ASCII
    punctuation character escaped, each line break a hard break, blank lines between paragraphs kept, no
    leading blank that would start a code block.  For the app's detail views."""
    value = strip_controls("" if text is None else str(text)).replace("\t", "    ")
    value = _PUNCTUATION.sub(r"\\\1", value)
    paragraphs = [p for p in re.split(r"\n[ ]*\n", value) if p.strip()]
    return "\n\n".join("\\\n".join(line.lstrip(" ") for line in p.split("\n")) for p in paragraphs)


def code(text: object) -> str:
    """A command or value of ours as an inline code span (fenced with more backticks than it holds)."""
    value = one_line(text)
    fence = "`" * (max((len(run) for run in re.findall(r"`+", value)), default=0) + 1)
    pad = " " if value.startswith("`") or value.endswith("`") else ""
    return f"{fence}{pad}{value}{pad}{fence}"
