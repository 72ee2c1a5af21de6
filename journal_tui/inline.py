"""Inline quick-add syntax, shared by `journal add` and the TUI's entry form.

    yesterday: Shipped refunds +billing #sql #leadership

A leading `WHEN:` sets the date (as jrnl users type), `+name` sets the project,
`#name` adds a skill.  Markers at the end of the text are removed; markers inside
a sentence keep their word ("tuned the #sql planner" stays readable).
"""

import datetime as dt
import re

from journal_tui.dates import DateError, parse_date

_NAME = r"([^\W\d_][\w.+#/-]*|\d+[^\W\d_][\w.+#/-]*)"
_MARKS = {sigils: re.compile(r"(?<!\S)([+" + re.escape(sigils) + "])" + _NAME) for sigils in ("#", "#@")}
_TRAIL_PUNCT = ".,;:!?)"
_DATE_PREFIX = re.compile(r"^\s*([^:\n]{1,40}?):\s+(\S.*)$", re.DOTALL)


class Inline:
    """What quick-add text says: the text itself, and the date, project and skills marked in it."""

    __slots__ = ("text", "occurred_on", "project", "skills")

    def __init__(self, text: str, occurred_on: dt.date | None = None, project: str | None = None,
                 skills: list[str] | None = None) -> None:
        self.text = text
        self.occurred_on = occurred_on
        self.project = project
        self.skills = skills or []

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Inline) and all(getattr(self, a) == getattr(other, a) for a in self.__slots__)

    def __repr__(self) -> str:
        return f"Inline({', '.join(f'{a}={getattr(self, a)!r}' for a in self.__slots__)})"


def _strip_name(raw: str) -> tuple[str, str]:
    """('sql.', ) -> ('sql', '.'): sentence punctuation is not part of a name."""
    name = raw.rstrip(_TRAIL_PUNCT)
    if name.endswith("+") and not name.endswith("++"):
        name = name.rstrip("+")
    return name, raw[len(name):]


def parse_inline(text: str, *, today: dt.date | None = None, parse_prefix: bool = True, sigils: str = "#") -> Inline:
    """Split quick-add text into the entry text, its date, project and skills."""
    result = Inline(text=text)
    mark = _MARKS[sigils]
    if parse_prefix and (m := _DATE_PREFIX.match(text)):
        try:
            result.occurred_on = parse_date(m.group(1), today=today, direction="past")
            text = m.group(2)
        except DateError:
            pass  # "Note: fixed it" is text, not a date
    lines = text.split("\n")
    first = lines[0]

    def collect(match: re.Match[str]) -> str:
        sigil, raw = match.group(1), match.group(2)
        name, punct = _strip_name(raw)
        if sigil == "+":
            result.project = name
        elif name.casefold() not in {s.casefold() for s in result.skills}:
            result.skills.append(name)
        return name + punct

    # markers at the end of the first line are dropped whole; others keep their word
    words = first.rstrip().split(" ")
    trailing: list[str] = []
    while words and mark.fullmatch(words[-1].rstrip(_TRAIL_PUNCT) or "-"):
        trailing.insert(0, words.pop())
    if not words:  # only markers: keep them as words so the entry is not empty
        words, trailing = trailing, []
    kept = mark.sub(collect, " ".join(words))
    for token in trailing:
        mark.sub(collect, token.rstrip(_TRAIL_PUNCT))
    body = "\n".join(lines[1:])
    body = mark.sub(collect, body)
    result.text = kept.rstrip() + ("\n" + body if len(lines) > 1 else "")
    return result
