"""Lines with a hanging indent: a line too long for the width wraps under its own text, not at the left edge.

Rich's `Text` wraps every line back to column 0, so an indented evidence line, quote or gap read as if its second
half were a new item at a narrow width.  `Hanging` holds (prefix, body) pairs: the body wraps in the room beside
the prefix, and its wrapped lines are indented by the prefix's width.  A Rich renderable (for a `Static`, an
`OptionList` option); `str()` is its text, unwrapped.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.measure import Measurement
from rich.text import Text

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult

MIN_ROOM = 12  # below this many cells beside the prefix, a body wraps to the left edge rather than in a sliver


class Hanging:
    """(prefix, body) lines: each body wraps beside its prefix and under its own first character."""

    def __init__(self, lines: Iterable[tuple[Text | str, Text | str]] = ()) -> None:
        self.lines: list[tuple[Text, Text]] = [(_text(prefix), _text(body)) for prefix, body in lines]

    def add(self, prefix: Text | str, body: Text | str) -> Hanging:
        self.lines.append((_text(prefix), _text(body)))
        return self

    @property
    def plain(self) -> str:
        return "\n".join(prefix.plain + body.plain for prefix, body in self.lines)

    def __str__(self) -> str:
        return self.plain

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(1, options.max_width)
        out = Text()
        for n, (prefix, body) in enumerate(self.lines):
            if n:
                out.append("\n")
            out.append_text(wrapped(console, prefix, body, width))
        out.no_wrap = True  # every line already fits
        yield out

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        longest = max((prefix.cell_len + body.cell_len for prefix, body in self.lines), default=0)
        return Measurement(min(MIN_ROOM, longest), longest)


def wrapped(console: Console, prefix: Text, body: Text, width: int) -> Text:
    """`prefix` then `body` wrapped in the width left beside it, the wrapped lines indented as far as the prefix."""
    indent = prefix.cell_len
    if width - indent < MIN_ROOM:  # too narrow to hang: the whole line wraps to the left edge
        prefix, body, indent = Text(), Text.assemble(prefix, body), 0
    lines = body.wrap(console, max(1, width - indent)) if body.plain else [Text()]
    out = Text(end="")
    for n, line in enumerate(lines):
        if n:
            out.append("\n" + " " * indent)
        else:
            out.append_text(prefix)
        line.rstrip()
        out.append_text(line)
    return out


def _text(value: Text | str) -> Text:
    return value if isinstance(value, Text) else Text(value)
