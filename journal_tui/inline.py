"""Inline quick-add syntax, shared by `journal add` and the TUI's entry form.

    yesterday: Shipped refunds +billing #sql #leadership

A leading `WHEN:` sets the date (as jrnl users type), `+name` sets the project,
`#name` adds a skill.  Markers at the end of the text are removed; markers inside
a sentence keep their word ("tuned the #sql planner" stays readable).

The prefix is read as a date only when it is shaped like one (see `_date_shaped`):
"Note: x", "Q3: planning", "3pm: call", "24/7: on call" and "10:30 standup" stay
text.  A date-shaped prefix that names no real day ("Feb 30:", "2026-13-01:") is an
error, so a typo never files a win under today with the typo in its text.
"""

import datetime as dt
import re
from collections.abc import Sequence

from journal_tui.dates import MONTHS, WEEKDAYS, DateError, normalise, parse_date, parse_range

_NAME = r"([^\W\d_][\w.+#/-]*|\d+[^\W\d_][\w.+#/-]*)"
_MARKS = {sigils: re.compile(r"(?<!\S)([+" + re.escape(sigils) + "])" + _NAME) for sigils in ("#", "#@")}
_TRAIL_PUNCT = ".,;:!?)"
_DATE_PREFIX = re.compile(r"^\s*([^:\n]{1,40}?):\s+(\S.*)$", re.DOTALL)

# What a date prefix may look like.  Anything else is text, even when dateutil would read it
# ("3pm", "2.0", "at 5", "9/11"), since quick-add text is prose.  Word checks and small
# patterns, not one big alternation: compiling that cost the quick add 7 ms.
_NUMERIC_DATE = re.compile(
    r"\d{4}([-/.])\d{1,2}\1\d{1,2}"  # 2026-11-02, 2026/11/02
    r"|\d{1,2}([-/.])\d{1,2}\2\d{4}"  # 11/02/2026
    r"|(?:19|20)\d{6}"  # 20261102
    r"|\d{4}[-/]\d{1,2}|\d{4}-?w\d{1,2}"  # periods (2026-11, 2026-W14): text, unless impossible
)
_COUNTED = re.compile(
    r"(?:in )?(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve) "
    r"(?:day|week|month|year|quarter)s?(?: ago)?"
)
_DAY_NUMBER = re.compile(r"\d{1,2}(?:st|nd|rd|th)?")
_RELATIVE = {"last", "this", "next", "previous", "past", "coming"}


def _date_shaped(norm: str) -> bool:
    """Is normalised prefix text shaped like a day: a phrase, a numeric date, or month-name words?"""
    if norm in ("today", "yesterday", "tomorrow") or _NUMERIC_DATE.fullmatch(norm):
        return True
    if _COUNTED.fullmatch(norm):
        return norm.startswith("in ") != norm.endswith(" ago")
    words = norm.replace(",", " ").split()
    if words and words[-1] in WEEKDAYS and (len(words) == 1 or (len(words) == 2 and words[0] in _RELATIVE)):
        return True  # friday, last friday
    if len(words) > 1 and words[0] in WEEKDAYS:
        words = words[1:]  # Mon Nov 2
    if len(words) == 3 and len(words[2]) == 4 and words[2].isdigit():
        words = words[:2]  # ..., 2026
    if len(words) != 2:
        return False
    month_at = 0 if words[0].rstrip(".") in MONTHS else 1 if words[1].rstrip(".") in MONTHS else -1
    other = words[1 - month_at] if month_at >= 0 else ""
    return month_at >= 0 and bool(
        _DAY_NUMBER.fullmatch(other) or (month_at == 0 and len(other) == 4 and other.isdigit())
    )


class Inline:
    """What quick-add text says: the text itself, and the date, project and skills marked in it."""

    __slots__ = ("text", "occurred_on", "project", "skills")

    def __init__(
        self, text: str, occurred_on: dt.date | None = None, project: str | None = None, skills: list[str] | None = None
    ) -> None:
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
    return name, raw[len(name) :]


def prefix_date(prefix: str, *, today: dt.date | None = None) -> dt.date | None:
    """The day a `WHEN:` prefix names; None when it is text ("Note", "Q3", a period).

    Raises DateError when the prefix is shaped like a date that does not exist.
    """
    if not _date_shaped(normalise(prefix)):
        return None
    try:
        return parse_date(prefix, today=today, direction="past")
    except DateError as exc:
        try:
            parse_range(prefix, today=today)
            return None  # a period ("2026-11", "November 2025") is a heading, not a day
        except DateError:
            pass
        reason = m.group(1) if (m := re.search(r"\(([^)]*)\)", str(exc))) else "no such day"
        raise DateError(
            f"the text starts with {prefix.strip() + ':'!r}, which is not a real date ({reason}); "
            "nothing was saved. Fix the date, or start with 'today: ' to keep it as words"
        ) from None


def parse_inline(text: str, *, today: dt.date | None = None, parse_prefix: bool = True, sigils: str = "#") -> Inline:
    """Split quick-add text into the entry text, its date, project and skills."""
    result = Inline(text=text)
    mark = _MARKS[sigils]
    if parse_prefix and (m := _DATE_PREFIX.match(text)):
        day = prefix_date(m.group(1), today=today)
        if day is not None:
            result.occurred_on, text = day, m.group(2)
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


def apply_flags(
    parsed: Inline,
    *,
    occurred_on: dt.date | None = None,
    project: str | None = None,
    skills: Sequence[str] = (),
    today: dt.date | None = None,
) -> Inline:
    """Flags beat inline markers: the one rule for `journal add` options and the entry form's fields.

    A date or project given as a flag wins over the text's `WHEN:` and `+project`; skills
    add up (flags first, inline ones after, case-insensitively once).  With neither, the
    date is `today`.
    """
    merged = [s for s in skills if s.strip()]
    seen = {s.casefold() for s in merged}
    merged += [s for s in parsed.skills if s.casefold() not in seen]
    return Inline(parsed.text, occurred_on or parsed.occurred_on or today, project or parsed.project, merged)
