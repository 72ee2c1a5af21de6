"""The filter language shared by the CLI, the TUI and the review.

    project:billing skill:sql,leadership -tag:draft from:2026-07-01 to:"last friday"
    in:2026-Q3 starred:yes kind:praise by:maria "exact phrase" free words -excluded

Keys are case-insensitive, repeated keys AND together, a comma means OR, a
leading `-` excludes.  `parse_query` turns text into a frozen `Filter`; turning a
`Filter` into SQL is the store's job, so this module stays plain Python.
"""

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from journal_tui.data.kinds import FEEDBACK_KINDS, PERSON_ROLES
from journal_tui.dates import DateError, parse_range
from journal_tui.errors import JournalError
from journal_tui.validate import name_key

NAME_KEYS = {
    "project": "project",
    "p": "project",
    "skill": "skill",
    "s": "skill",
    "tag": "tag",
    "t": "tag",
    "person": "person",
    "by": "person",
    "who": "person",
}
DATE_KEYS = {"from": "from", "since": "from", "after": "from", "to": "to", "until": "to", "in": "in", "during": "in"}
OTHER_KEYS = {"starred": "starred", "star": "starred", "kind": "kind", "goal": "goal", "role": "role"}
KNOWN_KEYS = sorted({*NAME_KEYS.values(), *DATE_KEYS.values(), *OTHER_KEYS.values()})
KINDS = FEEDBACK_KINDS  # the vocabularies are defined once, in data/kinds.py
ROLES = PERSON_ROLES
_TRUE = {"yes", "y", "true", "1", "on"}
_FALSE = {"no", "n", "false", "0", "off"}


TERM_LIMIT = 200  # characters in one search word or phrase: a pasted megabyte took seconds to refuse in SQLite


class QueryError(JournalError):
    """A filter the parser cannot read; `position` points at the token at fault."""

    def __init__(self, message: str, position: int, query: str) -> None:
        super().__init__(message)
        self.position = position
        self.query = query

    def pointer(self, width: int = 80) -> str:
        """The query with a caret under the offending token, for terminals; a long query shows the `width`
        characters around the token (a pasted megabyte is not printed back)."""
        start = max(0, min(self.position - width // 2, len(self.query) - width))
        lead = "…" if start else ""
        tail = "…" if start + width < len(self.query) else ""
        return f"{lead}{self.query[start : start + width]}{tail}\n{' ' * (len(lead) + self.position - start)}^"


@dataclass(frozen=True)
class NameClause:
    """`key` is project/skill/tag/person/kind; any of `values` matches (OR); `negated` excludes."""

    key: str
    values: tuple[str, ...]
    negated: bool = False


@dataclass(frozen=True)
class Filter:
    """A parsed filter. The empty Filter() matches everything."""

    clauses: tuple[NameClause, ...] = ()
    start: dt.date | None = None
    end: dt.date | None = None
    starred: bool | None = None
    goal_ids: tuple[int, ...] = ()
    words: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()
    source: str = field(default="", compare=False)

    @property
    def is_empty(self) -> bool:
        return self == Filter()

    @property
    def has_text(self) -> bool:
        return bool(self.words or self.phrases or self.excluded)

    def names(self, key: str) -> list[NameClause]:
        return [c for c in self.clauses if c.key == key]

    def within(self, start: dt.date | None, end: dt.date | None) -> "Filter":
        """This filter narrowed to a date range (the review's period)."""
        new_start = max(d for d in (self.start, start) if d) if (self.start or start) else None
        new_end = min(d for d in (self.end, end) if d) if (self.end or end) else None
        return replace(self, start=new_start, end=new_end)

    def describe(self) -> str:
        """A short human summary for headers and documents."""
        parts: list[str] = []
        for c in self.clauses:
            parts.append(f"{'not ' if c.negated else ''}{c.key} {' or '.join(c.values)}")
        if self.start and self.end:
            parts.append(f"{self.start.isoformat()} to {self.end.isoformat()}")
        elif self.start:
            parts.append(f"from {self.start.isoformat()}")
        elif self.end:
            parts.append(f"until {self.end.isoformat()}")
        if self.starred is not None:
            parts.append("starred" if self.starred else "not starred")
        if self.goal_ids:
            parts.append("goal " + " or ".join(f"#{g}" for g in self.goal_ids))
        parts += [f'"{p}"' for p in self.phrases] + list(self.words) + [f"not {w}" for w in self.excluded]
        return " · ".join(parts) if parts else "everything"


@dataclass
class _Token:
    start: int
    negated: bool
    key: str | None
    value: str
    quoted: bool


def _read_quoted(text: str, i: int, start: int) -> tuple[str, int]:
    close = text.find('"', i + 1)
    if close < 0:
        raise QueryError(f'unclosed quote at column {i + 1}: add the closing "', i, text)
    return text[i + 1 : close], close + 1


def _read_values(text: str, i: int, start: int) -> tuple[list[str], bool, int]:
    """A key's value: comma-separated items, each bare or quoted (`by:"Dev Patel","Maria Lopez"`).

    A bare value runs to the next space as before; a quoted item ends at its quote,
    and a comma right after it continues the list.
    """
    n = len(text)
    if i >= n or text[i] != '"':
        k = i
        while k < n and not text[k].isspace():
            if text[k] == "," and k + 1 < n and text[k + 1] == '"':
                rest, _, end = _read_values(text, k + 1, start)
                return [text[i:k], *rest], False, end
            k += 1
        return [text[i:k]], False, k
    value, k = _read_quoted(text, i, start)
    if k < n and text[k] == ",":
        rest, _, end = _read_values(text, k + 1, start)
        return [value, *rest], True, end
    return [value], True, k


def tokenize(text: str) -> list[_Token]:
    """Split a query into tokens, keeping positions for error messages."""
    tokens: list[_Token] = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        start = i
        negated = text[i] == "-" and i + 1 < n and not text[i + 1].isspace()
        if negated:
            i += 1
        if text[i] == '"':
            value, i = _read_quoted(text, i, start)
            tokens.append(_Token(start, negated, None, value, True))
            continue
        j = i
        while j < n and not text[j].isspace():
            if text[j] == ":" and re.fullmatch(r"[A-Za-z_]+", text[i:j]):
                key = text[i:j].lower()
                values, quoted, j = _read_values(text, j + 1, start)
                tokens.append(_Token(start, negated, key, ",".join(values), quoted))
                break
            j += 1
        else:
            tokens.append(_Token(start, negated, None, text[i:j], False))
        i = j
    return tokens


_CLOSED_LISTS = {"kind": KINDS, "role": ROLES}


def _choices(tok: _Token, text: str, name: str) -> tuple[str, ...]:
    """The values of `kind:` or `role:`, each the first of the closed list that it starts (`kind:con`)."""
    options = _CLOSED_LISTS[name]
    chosen = []
    for v in _split_values(tok, text):
        match = [o for o in options if o.startswith(v.lower())]
        if not match:
            raise QueryError(
                f"{name}: {v!r} is not one of {', '.join(options)} (column {tok.start + 1})", tok.start, text
            )
        chosen.append(match[0])
    return tuple(chosen)


def _split_values(tok: _Token, text: str) -> tuple[str, ...]:
    values = tuple(v.strip() for v in tok.value.split(",") if v.strip())
    if not values:
        raise QueryError(f"{tok.key}: needs a value (column {tok.start + 1})", tok.start, text)
    return values


def parse_query(text: str, *, today: dt.date | None = None) -> Filter:
    """Parse filter text into a `Filter`, or raise `QueryError` pointing at the bad token."""
    clauses: list[NameClause] = []
    start: dt.date | None = None
    end: dt.date | None = None
    starred: bool | None = None
    goal_ids: list[int] = []
    words: list[str] = []
    phrases: list[str] = []
    excluded: list[str] = []

    for tok in tokenize(text):
        if tok.key is None:
            if len(tok.value) > TERM_LIMIT:
                raise QueryError(
                    f"a search term of {len(tok.value):,} characters (column {tok.start + 1}): the limit "
                    f"is {TERM_LIMIT}",
                    tok.start,
                    text,
                )
            if tok.negated:
                excluded.append(tok.value)
            elif tok.quoted:
                if tok.value.strip():
                    phrases.append(tok.value.strip())
            else:
                words.append(tok.value)
            continue
        key = tok.key
        if key in NAME_KEYS:
            clauses.append(NameClause(NAME_KEYS[key], _split_values(tok, text), tok.negated))
        elif key in DATE_KEYS:
            if tok.negated:
                raise QueryError(f"-{key}: cannot be negated (column {tok.start + 1})", tok.start, text)
            if not tok.value.strip():
                raise QueryError(f"{tok.key}: needs a value (column {tok.start + 1})", tok.start, text)
            value = tok.value
            try:
                rng = parse_range(value, today=today)
            except DateError as exc:
                raise QueryError(f"{key}: {exc} (column {tok.start + 1})", tok.start, text) from None
            kind = DATE_KEYS[key]
            if kind in ("from", "in"):
                start = max(start, rng.start) if start else rng.start
            if kind in ("to", "in"):
                end = min(end, rng.end) if end else rng.end
        elif OTHER_KEYS.get(key) in _CLOSED_LISTS:
            name = OTHER_KEYS[key]
            clauses.append(NameClause(name, _choices(tok, text, name), tok.negated))
        elif OTHER_KEYS.get(key) == "starred":
            value = tok.value.lower()
            if value not in _TRUE | _FALSE:
                raise QueryError(
                    f"starred: takes yes or no, not {tok.value!r} (column {tok.start + 1})", tok.start, text
                )
            starred = (value in _TRUE) != tok.negated
        elif key == "goal":
            try:
                ids = [int(v.lstrip("#")) for v in _split_values(tok, text)]
                if not all(0 < i < 2**63 for i in ids):
                    raise ValueError
                goal_ids.extend(ids)
            except ValueError:
                raise QueryError(
                    f"goal: takes goal ids, not {tok.value!r} (column {tok.start + 1})", tok.start, text
                ) from None
        else:
            raise QueryError(
                f"unknown filter key {key + ':'!r} at column {tok.start + 1}; keys are "
                + ", ".join(k + ":" for k in KNOWN_KEYS)
                + ' (quote text that contains a colon: "a:b")',
                tok.start,
                text,
            )
    return Filter(
        clauses=tuple(clauses),
        start=start,
        end=end,
        starred=starred,
        goal_ids=tuple(goal_ids),
        words=tuple(words),
        phrases=tuple(phrases),
        excluded=tuple(excluded),
        source=text,
    )


def word_prefix(key: str, value: str) -> bool:
    """`value` starts a word of `key` (both name keys): after the start, a space or a hyphen."""
    return key.startswith(value) or f" {value}" in key or f"-{value}" in key


def match_people(values: Sequence[str], names: Iterable[str]) -> set[str]:
    """The person filter rule, in Python (facets, the People pane): which of `names` `values` select.

    Each value selects the person whose whole name it is (case-insensitive) when
    there is one; otherwise everyone with a word of the name starting with it
    (`maria`, `lopez`, `mar` all select "Maria Lopez").  `sqltext` applies the same rule in SQL.
    """
    keyed = {name_key(n): n for n in names}
    out: set[str] = set()
    for value in values:
        v = name_key(value)
        if not v:
            continue
        if v in keyed:
            out.add(keyed[v])
            continue
        out |= {n for k, n in keyed.items() if word_prefix(k, v)}
    return out


def quote_value(value: str) -> str:
    return f'"{value}"' if re.search(r'[\s,"]', value) else value


def toggle_term(text: str, key: str, value: str) -> str:
    """Add `key:value` to a query, or remove it when present (facet clicks in the TUI)."""
    term = f"{key}:{quote_value(value)}"
    parts = text.split()
    if term in parts:
        return " ".join(p for p in parts if p != term)
    return f"{text.strip()} {term}".strip()
