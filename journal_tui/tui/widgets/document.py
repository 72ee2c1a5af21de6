"""A long Markdown document drawn line by line: only the lines on screen are ever rendered.

Textual's `Markdown` widget builds one widget per block (a review of 15,000 wins is
tens of thousands of widgets, each measured and laid out on the UI thread: seconds
that grow faster than the document, and hundreds of MB).  `DocumentView` is a Line
API `ScrollView` instead: `parse` (in a worker) turns the Markdown that the domain
already renders (review.py, case.py) into flat blocks of plain text with style spans;
the view counts each block's wrapped lines for its width (plain arithmetic, no
rendering) and renders only the blocks that the visible lines fall in, caching them.

It reads the small Markdown those renderers write, line by line: `#` headings (after
a blank line), `- ` items (nested by two spaces), `> ` quotes, `|` tables, paragraphs;
inline `**strong**`, `_emphasis_` and `` `code` ``.  Everything else is text: user
text is never markup (no links, no actions), and control codes are removed
(`tui.text.clean`) before anything is drawn.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections import OrderedDict
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len, chop_cells
from rich.segment import Segment
from rich.style import Style
from rich.text import Span, Text
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from journal_tui.tui.text import MD_LIMIT, clean

__all__ = ["Block", "Document", "DocumentView", "block_height", "line_starts", "parse", "wrap_offsets"]

_HEADING = re.compile(r"(#{1,6}) +(.*)")
_INLINE = re.compile(
    r"\*\*(?=\S)(.+?)(?<=\S)\*\*"  # **strong**
    r"|`([^`]+)`"  # `code`
    r"|(?<![\w])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w])"
)  # _emphasis_ (not in a word: snake_case stays)
_WORD = re.compile(r"[^ ]+ *| +")
_INLINE_STYLES = ("strong", "code", "em")
BULLETS = ("• ", "◦ ")
QUOTE_MARK = "▌ "
CACHED_BLOCKS = 512  # rendered blocks kept: a few screens of scrolling back and forth


@dataclass(frozen=True, slots=True)
class Block:
    """One block of the document: its kind, nesting, and its text with the inline styles as spans."""

    kind: str  # "h1".."h6", "li", "quote", "p", "table", "blank"
    plain: str  # what is shown (inline markers removed); a table's rows joined by "\n"
    spans: tuple[tuple[int, int, str], ...] = ()  # (start, end, "strong" | "code" | "em")
    depth: int = 0  # list nesting: 0, 1, ...


@dataclass(frozen=True, slots=True)
class Document:
    """The parsed document and the Markdown it came from (what an export writes)."""

    source: str
    blocks: tuple[Block, ...]


_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_MASK = "\x00"  # stands for an escaped character while markers are found: no clean text holds it


def unescape(text: str) -> tuple[str, str]:
    """(the text with Markdown's backslash escapes resolved, the same text with escaped characters masked).

    The renderers escape user text (`mdtext`: `\\*`, `\\_`, `` \\` ``, `\\|`...): those characters are the user's,
    shown as typed and never taken for a marker.  Both strings have one character per shown character."""
    if "\\" not in text:
        return text, text
    shown: list[str] = []
    masked: list[str] = []
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text) and text[i + 1] in _PUNCT:
            shown.append(text[i + 1])
            masked.append(_MASK)
            i += 2
            continue
        shown.append(c)
        masked.append(c)
        i += 1
    return "".join(shown), "".join(masked)


def inline(text: str) -> tuple[str, tuple[tuple[int, int, str], ...]]:
    """The text with its inline markers removed and its escapes resolved, and the spans the markers styled."""
    if "*" not in text and "`" not in text and "_" not in text and "\\" not in text:
        return text, ()
    shown, masked = unescape(text)
    out: list[str] = []
    spans: list[tuple[int, int, str]] = []
    at = 0
    size = 0
    for m in _INLINE.finditer(masked):
        before = shown[at : m.start()]
        out.append(before)
        size += len(before)
        kind = m.lastindex or 1
        inner = shown[m.start(kind) : m.end(kind)]
        out.append(inner)
        spans.append((size, size + len(inner), _INLINE_STYLES[kind - 1]))
        size += len(inner)
        at = m.end()
    if not spans:
        return shown, ()
    out.append(shown[at:])
    return "".join(out), tuple(spans)


def _limited(text: str) -> str:
    """One line of at most MD_LIMIT characters: a pasted megabyte stays one long paragraph, not a thousand screens."""
    more = len(text) - MD_LIMIT
    return text if more <= 0 else f"{text[:MD_LIMIT]} … ({more:,} more characters)"


def parse(markdown: str, max_lines: int | None = None) -> Document:
    """The renderers' Markdown as blocks (in a worker: 40,000 lines take a fifth of a second).  `max_lines`: only
    the first lines (a first screenful to show while the rest is parsed); the document's source is still all of it."""
    blocks: list[Block] = []
    after_blank = True
    table: list[str] = []

    def flush_table() -> None:
        if table:
            blocks.append(Block("table", "\n".join(table)))
            table.clear()

    lines = clean(markdown if max_lines is None else "\n".join(markdown.split("\n", max_lines)[:max_lines])).split("\n")
    for raw in lines:
        line = _limited(raw)
        stripped = line.lstrip(" ")
        if not stripped:
            flush_table()
            if blocks and blocks[-1].kind != "blank":
                blocks.append(Block("blank", ""))
            after_blank = True
            continue
        if stripped.startswith("|") and (table or after_blank):
            table.append(stripped)
            after_blank = False
            continue
        flush_table()
        depth = (len(line) - len(stripped)) // 2
        heading = _HEADING.fullmatch(line) if after_blank and line.startswith("#") else None
        if heading:
            kind, body = f"h{len(heading.group(1))}", heading.group(2)
        elif stripped.startswith("- "):
            kind, body = "li", stripped[2:]
        elif stripped.startswith(">"):
            kind, body = "quote", stripped[1:].removeprefix(" ")
        else:
            kind, body = "p", stripped
        plain, spans = inline(body)
        blocks.append(Block(kind, plain, spans, depth))
        after_blank = False
    flush_table()
    while blocks and blocks[-1].kind == "blank":
        blocks.pop()
    return Document(markdown, tuple(blocks))


_FITS: dict[int, re.Pattern[str]] = {}
_SPACES = re.compile(r" *")


def wrap_offsets(plain: str, width: int) -> list[int]:
    """Where each line after the first starts when `plain` is wrapped at `width` cells: greedy by words (at
    spaces), a word wider than the line cut.  Counting and drawing both use it, so a block always draws the
    lines it counted."""
    width = max(width, 1)
    if len(plain) <= width and (plain.isascii() or cell_len(plain) <= width):
        return []
    if cell_len(plain) == len(plain):
        return _single_cell_offsets(plain, width)
    return _any_cell_offsets(plain, width)


def _single_cell_offsets(plain: str, width: int) -> list[int]:
    """Every character one cell wide (most lines): one regex match a line finds the last word that fits."""
    fit = _FITS.get(width)
    if fit is None:
        fit = _FITS[width] = re.compile(rf".{{0,{width - 1}}}[^ ](?= |$)" if width > 1 else r"[^ ](?= |$)")
    end_of_text = len(plain.rstrip(" "))
    offsets: list[int] = []
    pos = 0
    while end_of_text - pos > width:
        m = fit.match(plain, pos)
        end = m.end() if m else pos + width  # no space to break at: the word is cut
        nxt = _SPACES.match(plain, end).end()  # type: ignore[union-attr]  # r" *" always matches
        if nxt >= end_of_text:
            break
        offsets.append(nxt)
        pos = nxt
    return offsets


def _any_cell_offsets(plain: str, width: int) -> list[int]:
    """Wide characters (emoji, CJK) too: word by word, measured in cells."""
    offsets: list[int] = []
    used = 0
    for m in _WORD.finditer(plain):
        word = m.group()
        start = m.start()
        full = cell_len(word)
        bare = full - (len(word) - len(word.rstrip(" ")))  # trailing spaces may hang past the edge
        if used + bare <= width:
            used += full
            continue
        if used:
            offsets.append(start)
        if bare > width:  # a word longer than a line: cut it into lines
            pos = start
            for piece in chop_cells(word.rstrip(" "), width)[:-1]:
                pos += len(piece)
                offsets.append(pos)
            used = cell_len(word[pos - start :])
        else:
            used = full
    return offsets


def block_height(block: Block, width: int) -> int:
    """Lines the block takes at `width` cells."""
    kind = block.kind
    if kind == "blank":
        return 1
    if kind == "table":
        return block.plain.count("\n") + 1
    return len(wrap_offsets(block.plain, width - indent_of(block))) + 1


def indent_of(block: Block) -> int:
    """Cells before the text: a bullet and its nesting, a quote's bar, a nested paragraph's indent."""
    if block.kind == "li":
        return 2 * block.depth + 2
    if block.kind == "quote":
        return 2
    return 2 * block.depth if block.kind == "p" else 0


def line_starts(document: Document, width: int) -> array[int]:
    """The first line of each block at `width`, and the total last (a worker computes it for a long document)."""
    starts = array("I", [0])
    total = 0
    for block in document.blocks:
        total += block_height(block, width)
        starts.append(total)
    return starts


_CELL_SPLIT = re.compile(r"(?<!\\)\|")  # a pipe the renderer escaped (`\|`, a name's own) is in its cell


def table_rows(block: Block) -> list[list[str]]:
    """A table block's rows as cells (still with their escapes: `inline` resolves them)."""
    rows = []
    for row in block.plain.split("\n"):
        line = row.strip()
        line = line[1:] if line.startswith("|") else line
        line = line[:-1] if line.endswith("|") and not line.endswith("\\|") else line
        rows.append([c.strip() for c in _CELL_SPLIT.split(line)])
    return rows


def _is_rule(cells: list[str]) -> bool:
    return bool(cells) and all(set(c) <= set(":-") and "-" in c for c in cells)


class DocumentView(ScrollView, can_focus=True):
    """A scrolling view of a `Document`: it renders only the lines on screen (Textual's Line API)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "scroll_up", "Scroll up", show=False),
        Binding("down", "scroll_down", "Scroll down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown,space", "page_down", "Page down", show=False),
        Binding("home", "scroll_home", "Top", show=False),
        Binding("end", "scroll_end", "Bottom", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "document--h1",
        "document--h2",
        "document--h3",
        "document--h4",
        "document--strong",
        "document--em",
        "document--code",
        "document--quote",
        "document--bullet",
        "document--table-header",
        "document--rule",
    }
    DEFAULT_CSS = """
    DocumentView {
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-gutter: stable;
        & > .document--h1 { color: $markdown-h1-color; background: $markdown-h1-background;
                            text-style: $markdown-h1-text-style; }
        & > .document--h2 { color: $markdown-h2-color; background: $markdown-h2-background;
                            text-style: $markdown-h2-text-style; }
        & > .document--h3 { color: $markdown-h3-color; background: $markdown-h3-background;
                            text-style: $markdown-h3-text-style; }
        & > .document--h4 { color: $markdown-h4-color; background: $markdown-h4-background;
                            text-style: $markdown-h4-text-style; }
        & > .document--strong { text-style: bold; }
        & > .document--em { text-style: italic; }
        &:dark > .document--code { color: $text-warning 95%; background: $warning 10%; }
        &:light > .document--code { color: $text-error 95%; background: $error 5%; }
        &:ansi > .document--code { background: ansi_default; }
        & > .document--quote { color: $text-primary 50%; }
        & > .document--bullet { color: $text-primary; }
        & > .document--table-header { text-style: bold; color: $text-primary; }
        & > .document--rule { color: $foreground 30%; }
    }
    """

    def __init__(
        self, placeholder: str = "", *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._document = parse(placeholder)
        self._width = 0  # the width the line starts are counted for
        self._starts = array("I", [0])  # the first line of each block, and the total line count last
        self._cache: OrderedDict[int, list[Strip]] = OrderedDict()
        self._styles: dict[str, Style] | None = None
        self.partial = False  # the first screenful of a document whose rest is on its way
        self._to_end = False  # `end` was pressed before the rest came: the end is where the view goes then

    # --- the document ---------------------------------------------------------------------------

    @property
    def document(self) -> Document:
        return self._document

    @property
    def source(self) -> str:
        """The Markdown shown (what an export writes)."""
        return self._document.source

    @property
    def line_count(self) -> int:
        """Lines of the document at the current width."""
        return self._starts[-1]

    @property
    def text_width(self) -> int:
        """The cells a line has (0 before the view is laid out): what a worker counts lines for."""
        return max(self.scrollable_content_region.width, 0)

    def update(
        self, document: Document | str, *, partial: bool = False, starts: array[int] | None = None, width: int = 0
    ) -> None:
        """Show `document` (a `parse` result: parse long documents in a worker).

        `partial`: its first screenful, the rest follows; the next update (the whole document) keeps the place
        the reader scrolled to.  `starts`: the `line_starts` a worker counted for `width` (used if that is still
        the view's width).
        """
        follows = self.partial
        self._document = document if isinstance(document, Document) else parse(document)
        self.partial = partial
        self._cache.clear()
        self._width = 0
        if starts is not None and width == self.text_width and len(starts) == len(self._document.blocks) + 1:
            self._adopt(starts, width)
        else:
            self._layout()
        if not follows:
            self._to_end = False
            self.scroll_to(0, 0, animate=False, immediate=True)
        elif self._to_end and not partial:
            self._to_end = False
            # forced: a first screenful that fitted left no scrollbar, and Textual allows no scroll until the next
            # layout shows one
            self.scroll_to(y=self.max_scroll_y, animate=False, immediate=True, force=True)

    # --- layout: how many lines each block takes at this width ------------------------------------

    def _layout(self) -> None:
        """Count each block's lines for the current width (no rendering) and set the virtual size."""
        width = self.text_width
        if width <= 0 or width == self._width:
            return  # not laid out yet (on_resize comes), or counted for this width
        self._adopt(line_starts(self._document, width), width)

    def _adopt(self, starts: array[int], width: int) -> None:
        self._width = width
        self._starts = starts
        self._cache.clear()
        self.virtual_size = Size(width, starts[-1])
        self.refresh()

    def on_resize(self) -> None:
        self._layout()

    # --- keys: straight to the place (an animated scroll over 100,000 lines redraws every frame on the way) ------

    def action_scroll_home(self) -> None:
        self.scroll_to(y=0, animate=False)

    def action_scroll_end(self) -> None:
        self._to_end = self.partial
        self.scroll_to(y=self.max_scroll_y, animate=False)

    def action_page_down(self) -> None:
        self.scroll_to(y=self.scroll_y + self.scrollable_content_region.height, animate=False)

    def action_page_up(self) -> None:
        self.scroll_to(y=self.scroll_y - self.scrollable_content_region.height, animate=False)

    def notify_style_update(self) -> None:
        """A theme or CSS change: the cached lines carry the old styles."""
        super().notify_style_update()
        self._styles = None
        self._cache.clear()

    # --- drawing -----------------------------------------------------------------------------------

    def _style(self, name: str) -> Style:
        if self._styles is None:
            self._styles = {}
        style = self._styles.get(name)
        if style is None:
            # whole styles: a translucent background (`$warning 10%`) is blended with the view's here
            style = self._styles[name] = self.get_component_rich_style(f"document--{name}")
        return style

    def render_line(self, y: int) -> Strip:
        self._layout()
        line = int(self.scroll_offset.y) + y
        if line >= self.line_count:
            return Strip.blank(self._width, self.rich_style)
        index = bisect_right(self._starts, line) - 1
        lines = self._cache.get(index)
        if lines is None:
            lines = self._render_block(self._document.blocks[index])
            self._cache[index] = lines
            if len(self._cache) > CACHED_BLOCKS:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(index)
        at = line - self._starts[index]
        return lines[at] if at < len(lines) else Strip.blank(self._width, self.rich_style)

    def _render_block(self, block: Block) -> list[Strip]:
        width = self._width
        base = self.rich_style
        if block.kind == "blank":
            return [Strip.blank(width, base)]
        if block.kind == "table":
            return self._render_table(block, width, base)
        text = Text(
            block.plain, style=base, end="", spans=[Span(s, e, self._style(kind)) for s, e, kind in block.spans]
        )
        heading = block.kind.startswith("h") and block.kind[1:].isdigit()
        if heading:
            level = min(int(block.kind[1:]), 4)
            text.stylize(self._style(f"h{level}"))
        elif block.kind == "quote":
            text.stylize(self._style("quote"))
        indent = indent_of(block)
        offsets = wrap_offsets(block.plain, width - indent)
        pieces = text.divide(offsets) if offsets else [text]
        first, rest = self._prefixes(block)
        mark = self._style("quote" if block.kind == "quote" else "bullet")
        console = self.app.console
        out = []
        for i, piece in enumerate(pieces):
            piece.rstrip()
            piece.end = ""
            segments = [Segment(first if i == 0 else rest, base + mark)] if indent else []
            if block.kind == "h1":  # the title, centred as Markdown's H1 is
                segments.append(Segment(" " * max((width - piece.cell_len) // 2, 0), base))
            segments += Segment.apply_style(piece.render(console, end=""), base)  # render() drops the text's own
            # style when it has no spans (Rich's console applies it): a line without bold or code would lose it
            out.append(Strip(segments).adjust_cell_length(width, base))
        return out

    def _prefixes(self, block: Block) -> tuple[str, str]:
        indent = indent_of(block)
        if block.kind == "li":
            lead = "  " * block.depth + BULLETS[min(block.depth, 1)]
            return lead, " " * indent
        if block.kind == "quote":
            return QUOTE_MARK, QUOTE_MARK
        return " " * indent, " " * indent

    def _render_table(self, block: Block, width: int, base: Style) -> list[Strip]:
        """Columns as wide as their widest cell (cut with `…` past the view); `---:` columns aligned right."""
        rows = table_rows(block)
        rule_at = next((i for i, cells in enumerate(rows) if _is_rule(cells)), None)
        right = [c.endswith(":") for c in rows[rule_at]] if rule_at is not None else []
        body = [cells for i, cells in enumerate(rows) if i != rule_at]
        columns = max((len(cells) for cells in body), default=0)
        widths = [
            max((cell_len(inline(cells[c])[0]) for cells in body if c < len(cells)), default=0) for c in range(columns)
        ]
        console = self.app.console
        out = []
        for i, cells in enumerate(rows):
            if i == rule_at:
                rule = "  ".join("─" * w for w in widths)
                out.append(Strip([Segment(rule, base + self._style("rule"))]).adjust_cell_length(width, base))
                continue
            line = Text(style=base, end="", no_wrap=True, overflow="ellipsis")
            for c in range(columns):
                plain, spans = inline(cells[c] if c < len(cells) else "")
                cell = Text(plain, spans=[Span(s, e, self._style(k)) for s, e, k in spans])
                if rule_at is not None and i < rule_at:
                    cell.stylize(self._style("table-header"))
                pad = " " * (widths[c] - cell.cell_len)
                if c:
                    line.append("  ")
                if c < len(right) and right[c]:
                    line.append(pad)
                    line.append_text(cell)
                else:
                    line.append_text(cell)
                    line.append(pad)
            line.truncate(width, overflow="ellipsis")
            out.append(Strip(Segment.apply_style(line.render(console, end=""), base)).adjust_cell_length(width, base))
        return out
