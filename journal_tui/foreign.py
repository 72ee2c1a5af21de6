"""Other tools' formats, read into our sections: jrnl's JSON export, jrnl's own journal file, a CSV of entries.

Each reader turns its file into `exchange.ENTRIES` records and hands them to
`Prepared.add`, so they are validated and cleaned by exactly the rules our own
JSON import uses, before the journal is touched.
"""

import csv
import io
import re
from collections.abc import Iterable
from typing import Any

from journal_tui.errors import JournalError
from journal_tui.exchange import (
    ENTRIES,
    NAMES,
    Field,
    Prepared,
    boolean,
    csv_value,
    date_field,
    optional_text,
    validate_record,
)
from journal_tui.inline import parse_inline
from journal_tui.validate import MAX_TEXT, clean_text


def looks_like_jrnl(text: str) -> bool:
    """jrnl's journal file starts with a `[YYYY-MM-DD HH:MM]` header line."""
    return bool(_JRNL_HEADER.match(text.lstrip().split("\n", 1)[0]))


def _jrnl_entry(title: str, body: str, tags: Iterable[str], date: Any, starred: Any) -> dict[str, Any]:
    parsed = parse_inline(title + ("\n" + body if body.strip() else ""), parse_prefix=False, sigils="#@")
    skills = [*parsed.skills, *(t.lstrip("@") for t in tags)]
    return {"date": date, "text": parsed.text, "project": parsed.project, "skills": skills, "starred": starred}


def prepare_jrnl_json(data: Any, source: str) -> Prepared:
    """jrnl's `--format json` export: @tags become skills, starred is kept."""
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise JournalError(f'{source} is not a jrnl JSON export (no "entries" list)')
    prepared = Prepared()
    for i, e in enumerate(data["entries"], 1):
        where = f"{source}: entry {i}"
        raw = validate_record(
            {
                "title": Field(lambda v, w: clean_text(v, what=w, required=False), required=True),
                "body": Field(optional_text),
                "tags": NAMES,
                "date": Field(date_field, required=True),
                "starred": Field(boolean, default=False),
            },
            e,
            where,
        )
        prepared.add(
            ENTRIES, where, _jrnl_entry(raw["title"], raw["body"] or "", raw["tags"], raw["date"], raw["starred"])
        )
    return prepared


_JRNL_HEADER = re.compile(r"^\[(\d{4}-\d{2}-\d{2})(?: \d{1,2}:\d{2}(?::\d{2})?(?: ?[AaPp][Mm])?)?\] ?(.*)$")


def prepare_jrnl_text(text: str, source: str) -> Prepared:
    """jrnl's own journal file: `[YYYY-MM-DD HH:MM] title` lines, body lines after, ` *` marks a star."""
    entries: list[tuple[int, str, list[str]]] = []
    # Lines end at a newline (CRLF, CR), as jrnl writes them: not `splitlines`, which also breaks at a vertical
    # tab, a form feed, NEL or U+2028, so a title holding one would lose its rest, or start a fake entry.
    for number, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        m = _JRNL_HEADER.match(line)
        if m:
            entries.append((number, m.group(1), [m.group(2)]))
        elif entries:
            entries[-1][2].append(line)
        elif line.strip():
            raise JournalError(f"{source}: line {number}: expected a jrnl entry header like [2026-07-02 10:15]")
    prepared = Prepared()
    for number, date, lines in entries:
        title, body = lines[0].rstrip(), "\n".join(lines[1:]).strip()
        starred = title.endswith(" *") or title == "*"
        title = title.removesuffix("*").rstrip() if starred else title
        prepared.add(ENTRIES, f"{source}: line {number}", _jrnl_entry(title, body, (), date, starred))
    return prepared


_ROW_START = re.compile(r"^\d{4}-\d{2}-\d{2},", re.MULTILINE)


def prepare_csv(text: str, source: str) -> Prepared:
    """A CSV of entries; a stray or unclosed quote is refused with its line (it would swallow rows).

    A cell that starts with `'` before a formula character (`'=SUM(...)`, as our export writes it) loses that
    one quote: exporting and importing again gives back the text (exchange.csv_cell)."""
    reader = csv.reader(io.StringIO(text), strict=True)
    prepared = Prepared()
    start = 1
    try:
        header = next(reader, None)
        start = reader.line_num + 1
        columns = [h.strip().lower() for h in header or []]
        missing = {"date", "text"} - set(columns)
        if missing:
            raise JournalError(
                f"{source}: the CSV header must have date and text columns (missing {', '.join(sorted(missing))})"
            )
        for values in reader:
            where = f"{source}: line {start}"
            if len(values) > len(columns):
                raise JournalError(f"{where}: more fields than the header has")
            row = dict(zip(columns, map(csv_value, values), strict=False))  # a short row: its last fields are empty
            for value in values:
                if "\n" in value and _ROW_START.search(value):
                    raise JournalError(
                        f"{where}: a quote opened on this line is not closed where the field ends; "
                        f"it swallows the rows up to line {reader.line_num}"
                    )
            if any(values):
                skills = [s.strip() for s in (row.get("skills") or "").replace(",", ";").split(";") if s.strip()]
                prepared.add(
                    ENTRIES,
                    where,
                    {
                        "date": row.get("date", ""),
                        "text": row.get("text", ""),
                        "project": (row.get("project") or "").strip() or None,
                        "skills": skills,
                        "impact": row.get("impact") or None,
                        "starred": (row.get("starred") or "").strip().lower() in ("yes", "y", "true", "1", "*"),
                    },
                )
            start = reader.line_num + 1
    except csv.Error as exc:
        if "field limit" in str(exc):
            raise JournalError(
                f"{source}: line {start}: a field is longer than {csv.field_size_limit():,} characters "
                f"(an entry holds at most {MAX_TEXT:,}), or a quote is not closed"
            ) from None
        raise JournalError(
            f"{source}: line {start}: malformed CSV ({exc}); check for a stray or unclosed quote"
        ) from None
    return prepared
