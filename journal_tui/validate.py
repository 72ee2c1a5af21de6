"""Cleaning and type-checking of user values before anything reaches the database.

One set of rules for every way in (quick add, the app's forms, `$EDITOR`, every
import format): text is cleaned by `clean_text`, which removes terminal control
codes (C0/C1 controls such as ESC and BEL, and bidi overrides) so that stored text
can never drive a terminal, and rejects what cannot be stored (not text, empty,
oversized, lone surrogates).  Values from files (JSON) are type-checked here too,
so a record that would make the journal unreadable is refused up front.
"""

import datetime as dt
import math
import re
import unicodedata
from typing import Any, Literal, overload

from journal_tui.errors import JournalError

MAX_TEXT = 100_000
MAX_NAME = 80
TITLE_LIMIT = 500  # goal and milestone titles: one line in a list
NOTE_LIMIT = 10_000  # optional notes, and the text of a conversation or a reflection

# C0 and C1 control characters except tab and newline (carriage returns are normalised first),
# and the bidi embedding/override/isolate controls that reorder what a terminal shows.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# Whole escape sequences go first, so pasted coloured output keeps its words and loses `[31m` too:
# CSI (ESC [ ... final byte) and OSC (ESC ] ... BEL or ST); any other ESC goes alone.
_ESCAPE_SEQUENCE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def strip_controls(text: str) -> str:
    """`text` without terminal control codes (tab and newline kept): safe to print, literal otherwise."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # The usual case, nothing to strip: every control code is unprintable (category Cc or Cf), so printable text
    # once newlines and tabs are set aside has none.  str.isprintable reads 12 MB in half the time of the regex
    # search, which still decides when something unprintable but allowed is there (a no-break space, a joiner).
    if text.replace("\n", " ").replace("\t", " ").isprintable() or _CONTROL.search(text) is None:
        return text
    return _CONTROL.sub("", _ESCAPE_SEQUENCE.sub("", text))


def _describe(value: Any) -> str:
    shown = repr(value)
    return shown if len(shown) <= 40 else shown[:39] + "…"


def clean_text(text: Any, *, what: str = "entry text", required: bool = True, limit: int = MAX_TEXT) -> str:
    """Normalise newlines, remove control codes, trim; reject non-text, empty or oversized text."""
    if not isinstance(text, str):
        raise JournalError(f"{what} must be text, not {_describe(text)}")
    bad = _SURROGATE.search(text)
    if bad:
        raise JournalError(f"{what} is not valid Unicode (a lone surrogate at position {bad.start() + 1})")
    cleaned = strip_controls(text).strip()
    if required and not cleaned:
        raise JournalError(f"{what} is empty")
    if len(cleaned) > limit:
        raise JournalError(f"{what} is {len(cleaned):,} characters long; the limit is {limit:,}")
    return cleaned


def clean_optional(text: Any, *, what: str, limit: int = NOTE_LIMIT) -> str | None:
    """Like `clean_text` for optional fields: None or blank becomes None."""
    if text is None:
        return None
    cleaned = clean_text(text, what=what, required=False, limit=limit)
    return cleaned or None


# Line breaks a one-line field folds into a space (with the blanks around them): newline, tab, and Unicode's
# line and paragraph separators (C0/C1 breaks such as VT, FF and NEL are removed by `strip_controls` first).
_LINE_BREAK = re.compile(r"[ ]*[\n\t\u2028\u2029]\s*")
# Format characters that join what a name shows (emoji sequences, Indic and Persian script, flag tags): a name
# keeps these between visible characters; every other format character (category Cf: zero-width space, word
# joiner, BOM, soft hyphen, bidi marks) is dropped from a name.  Keys drop them all.
_JOINERS = frozenset("\u200c\u200d") | frozenset(map(chr, range(0xE0020, 0xE0080)))


def fold_lines(text: str) -> str:
    """`text` on one line: each line break or tab, with the blanks around it, becomes one space.

    The rule for one-line fields (titles, names), on the way in and again on the way out for text stored
    before the rule: a title with a line break would print a fake line in a list or a heading in Markdown."""
    if "\n" not in text and "\t" not in text and "\u2028" not in text and "\u2029" not in text:
        return text
    return _LINE_BREAK.sub(" ", text)


def clean_line(text: Any, *, what: str, limit: int = TITLE_LIMIT) -> str:
    """`clean_text` for a one-line field (a goal, milestone or role title, a criterion name): line breaks folded."""
    return fold_lines(clean_text(text, what=what, limit=limit))


def without_format_chars(text: str, *, keep_joiners: bool = False) -> str:
    """`text` without Unicode format characters (category Cf), which show nothing: "Sam\u200b" looks like "Sam".

    `keep_joiners` keeps the zero-width (non-)joiners and tag characters between two visible characters,
    where they build an emoji or a script's letters (👩‍💻); at either end they join nothing and go too."""
    if text.isprintable():  # the usual case: Cf characters are never printable
        return text
    kept: list[str] = []
    for i, ch in enumerate(text):
        if unicodedata.category(ch) != "Cf" or (
            keep_joiners
            and ch in _JOINERS
            and kept
            and not kept[-1].isspace()
            and i + 1 < len(text)
            and not text[i + 1].isspace()
        ):
            kept.append(ch)
    return "".join(kept)


def clean_name(name: Any, *, what: str = "name") -> str:
    """Collapse whitespace, drop invisible format characters and strip a leading sigil (+project, #skill, @tag).

    A name that shows nothing once cleaned (only zero-width characters) is refused: it would be a person or a
    skill nobody can see or type."""
    text = clean_text(name, what=what, required=False, limit=MAX_NAME * 4)
    cleaned = " ".join(without_format_chars(text, keep_joiners=True).lstrip("+#@").split())
    if not without_format_chars(cleaned):
        if text != without_format_chars(text):
            raise JournalError(f"{what} {_describe(text)} shows nothing: it holds only invisible characters")
        raise JournalError(f"{what} is empty")
    if "\n" in cleaned or "," in cleaned:
        raise JournalError(f"{what} {cleaned!r} may not contain commas or line breaks")
    if len(cleaned) > MAX_NAME:
        raise JournalError(f"{what} is longer than {MAX_NAME} characters")
    return cleaned


def clean_names(names: Any, *, what: str) -> list[str]:
    """A list of names (skills, tags), cleaned; a string is refused rather than read letter by letter."""
    if isinstance(names, (str, bytes)) or not isinstance(names, (list, tuple)):
        raise JournalError(f"{what} must be a list of names, not {_describe(names)}")
    return [clean_name(n, what=what.rstrip("s")) for n in names]


_SEPARATORS = re.compile(r"[\s_\-]+")


def name_key(name: str) -> str:
    """The key that makes one name of 'SQL', 'sql' and 'sql\u200b', and of 'System Design', '#system-design' and
    'system_design': case, width, invisible format characters, and runs of spaces, hyphens and underscores."""
    text = unicodedata.normalize("NFKC", without_format_chars(name)).casefold()
    return " ".join(_SEPARATORS.sub(" ", text).split())


# --- typed values (from files and from the write layer's callers) ----------------------------------

MIN_YEAR, MAX_YEAR = 1900, 2999  # dates outside these are typos, and some date arithmetic overflows near the ends


@overload
def check_date(value: Any, *, what: str, optional: Literal[False] = False) -> dt.date: ...
@overload
def check_date(value: Any, *, what: str, optional: bool) -> dt.date | None: ...


def check_date(value: Any, *, what: str, optional: bool = False) -> dt.date | None:
    """A `datetime.date` (or ISO text from a file) within the years a journal can hold."""
    if value is None and optional:
        return None
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise JournalError(f"{what} must be an ISO date (YYYY-MM-DD), not {_describe(value)}") from None
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise JournalError(f"{what} must be an ISO date (YYYY-MM-DD), not {_describe(value)}")
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise JournalError(f"{what} {value.isoformat()} is outside the years {MIN_YEAR}-{MAX_YEAR}")
    return value


def check_timestamp(value: Any, *, what: str) -> str:
    """An ISO date-time (a file's created_at) as the exact UTC text the database stores."""
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            raise JournalError(f"{what} must be an ISO date-time, not {_describe(value)}") from None
    if not isinstance(value, dt.datetime):
        raise JournalError(f"{what} must be an ISO date-time, not {_describe(value)}")
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise JournalError(f"{what} {value.isoformat()} is outside the years {MIN_YEAR}-{MAX_YEAR}")
    stamp: str = value.isoformat(sep=" ", timespec="microseconds")
    return stamp


def check_number(value: Any, *, what: str) -> float | None:
    """An optional finite number (a goal's target or current value)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise JournalError(f"{what} must be a number, not {_describe(value)}")
    return float(value)


def check_bool(value: Any, *, what: str) -> bool:
    if not isinstance(value, bool):
        raise JournalError(f"{what} must be true or false, not {_describe(value)}")
    return value


@overload
def check_id(value: Any, *, what: str, optional: Literal[False] = False) -> int: ...
@overload
def check_id(value: Any, *, what: str, optional: bool) -> int | None: ...


def check_id(value: Any, *, what: str, optional: bool = False) -> int | None:
    """A row id: a positive integer that fits SQLite's 64 bits."""
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 2**63:
        raise JournalError(f"{what} must be a positive whole number, not {_describe(value)}")
    return value


def check_choice(value: Any, choices: tuple[str, ...], *, what: str) -> str:
    if not isinstance(value, str) or value.strip().lower() not in choices:
        raise JournalError(f"{what} must be one of {', '.join(choices)}, not {_describe(value)}")
    return value.strip().lower()
