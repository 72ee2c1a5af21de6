"""Cleaning of user text and names before anything reaches the database.

Rejecting bad input up front (instead of storing it and failing later) is what
keeps the journal clean: control characters from a stray paste, a 1 MB blob, a
name that is only spaces.
"""

import re
import unicodedata

from journal_tui.errors import JournalError

MAX_TEXT = 100_000
MAX_NAME = 80

# C0 and C1 control characters except tab and newline (carriage returns are normalised first).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_text(text: str, *, what: str = "entry text", required: bool = True, limit: int = MAX_TEXT) -> str:
    """Normalise newlines, trim, and reject empty, oversized or control-laden text."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    bad = _CONTROL.search(text)
    if bad:
        code = f"U+{ord(bad.group()):04X}"
        raise JournalError(f"{what} contains the control character {code} at position {bad.start() + 1}; remove it and try again")
    text = text.strip()
    if required and not text:
        raise JournalError(f"{what} is empty")
    if len(text) > limit:
        raise JournalError(f"{what} is {len(text):,} characters long; the limit is {limit:,}")
    return text


def clean_optional(text: str | None, *, what: str, limit: int = 10_000) -> str | None:
    """Like `clean_text` for optional fields: blank becomes None."""
    if text is None:
        return None
    cleaned = clean_text(text, what=what, required=False, limit=limit)
    return cleaned or None


def clean_name(name: str, *, what: str = "name") -> str:
    """Collapse whitespace and strip a leading sigil (+project, #skill, @tag)."""
    name = clean_text(name, what=what, required=False, limit=MAX_NAME * 4)
    name = name.lstrip("+#@").strip()
    name = " ".join(name.split())
    if not name:
        raise JournalError(f"{what} is empty")
    if "\n" in name or "," in name:
        raise JournalError(f"{what} {name!r} may not contain commas or line breaks")
    if len(name) > MAX_NAME:
        raise JournalError(f"{what} is longer than {MAX_NAME} characters")
    return name


def name_key(name: str) -> str:
    """The case- and width-insensitive key that makes 'SQL' and 'sql' one skill."""
    return unicodedata.normalize("NFKC", " ".join(name.split())).casefold()
