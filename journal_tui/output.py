"""Plain-text, Markdown and JSON renderings of rows for the `journal` command.

JSON shapes are the stable, documented contract for scripts (see README); the
table layout is for people and may change.  Tables are cut to the terminal's width
only on a terminal: piped into grep or a file, every line is whole.

User text is put in with `mdtext`: one-line fields through `one_line` (a title with a
line break stored by an older version prints one line, not a fake row), Markdown
through `inline`, and JSON keeps every character, with the ones a terminal would act
on written as `\\uXXXX` escapes.
"""

import datetime as dt
import json
import re
import shutil
import sys
from collections.abc import Sequence
from typing import Any

from journal_tui.bars import progress_bar
from journal_tui.mdtext import inline, one_line
from journal_tui.rows import EntryRow, FeedbackRow, GoalRow
from journal_tui.validate import strip_controls

# What `json.dumps(ensure_ascii=False)` leaves raw but a terminal acts on: DEL, C1 controls (CSI is one byte
# there), bidi overrides and isolates.  JSON escapes C0 controls (ESC too) itself.
_TERMINAL_CODES = re.compile(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _json_escape(match: "re.Match[str]") -> str:
    return f"\\u{ord(match.group()):04x}"


def to_json(data: Any) -> str:
    """JSON for people and scripts: readable non-ASCII text, and no character a terminal would act on.

    Those characters stay in the data as `\\uXXXX` escapes (the same string once parsed), so nothing is lost and
    the CLI's control-code filter has nothing to remove from a JSON document."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return _TERMINAL_CODES.sub(_json_escape, text) if _TERMINAL_CODES.search(text) else text


def terminal_width() -> int | None:
    """The terminal's width, or None when stdout is a pipe or a file (lines are then never cut)."""
    try:
        if not sys.stdout.isatty():
            return None
    except (AttributeError, ValueError):  # a replaced or closed stdout is not a terminal
        return None
    return shutil.get_terminal_size((100, 20)).columns


def _fit(text: str, width: int | None) -> str:
    """One line of `text`, cut with … to `width` (None: never cut)."""
    text = one_line(text)
    if width is None or len(text) <= width:
        return text
    return text[: max(0, width - 1)] + "…"


def entries_table(rows: Sequence[EntryRow], width: int | None = None) -> str:
    """One line per entry: id, date, star, title, +project #skills; on a terminal `width`, titles are cut to fit
    and the names line up in a column."""
    titles = [one_line(e.text.split("\n", 1)[0].strip()) for e in rows]  # whole: EntryRow.title is cut for the app
    heads = [f"{e.id:>5}  {e.occurred_on.isoformat()} {'★' if e.starred else ' '} " for e in rows]
    metas = [
        one_line(
            " ".join(
                filter(
                    None,
                    [
                        f"+{e.project}" if e.project else "",
                        " ".join(f"#{s}" for s in e.skills),
                        "(beyond role)" if e.extra else "",
                    ],
                )
            )
        )
        for e in rows
    ]
    title_w = None
    if width is not None and rows:
        meta_w = max(len(m) for m in metas)
        room = width - max(len(h) for h in heads) - (meta_w + 2 if meta_w else 0)
        title_w = max(20, min(max(len(t) for t in titles), room))
    lines = []
    for title, head, meta in zip(titles, heads, metas, strict=True):
        line = f"{head}{_fit(title, title_w).ljust(title_w or 0)}  {meta}".rstrip()
        lines.append(_fit(line, width))
    return "\n".join(lines)


def entries_markdown(rows: Sequence[EntryRow]) -> str:
    """Entries as Markdown bullets: the case's and the review's win line (one renderer), then everything of the
    text that its title leaves out, indented under it (`untitled`), each line literal (a body line `# Notes` stays
    text inside the item).  The document is for reading a journal: no word of an entry is left out."""
    from journal_tui.case import win_line

    out = []
    for e in rows:
        out.append(win_line(e, with_project=True))
        out += _indented(untitled(e.text, e.title))
    return "\n".join(out)


def untitled(text: str, title: str) -> str:
    """What a title does not show of `text`: the rest of a first line longer than the title (which `rows.title_of` cuts
    with `…`), from the word the cut fell in and after a `…`, then the lines after the first (the body)."""
    first, _, body = text.partition("\n")
    first, body = first.strip(), body.strip()
    rest = ""
    if title.endswith("…") and title != first:
        shown = len(title) - 1  # the characters of the first line the title shows, before its `…`
        in_a_word = first[shown - 1] != " " and first[shown] != " "
        start = (first.rfind(" ", 0, shown) + 1 or shown) if in_a_word else shown  # one long word: from the cut
        rest = "…" + first[start:].lstrip()
    return "\n".join(filter(None, (rest, body)))


def _indented(text: str) -> list[str]:
    """Lines under a Markdown bullet, each escaped (`mdtext.inline`) and indented into the item; blank lines kept."""
    return ["  " + inline(line) if line.strip() else "" for line in text.splitlines()]


def labelled(*fields: tuple[str, object]) -> list[str]:
    """`label value` lines of a detail view, for the fields that have a value (a list is joined with commas)."""
    return [
        f"{label}{one_line(', '.join(map(str, value)) if isinstance(value, (list, tuple)) else value)}"
        for label, value in fields
        if value
    ]


def entry_text(
    e: EntryRow,
    goals: Sequence[tuple[int, str]] = (),
    feedback: Sequence[FeedbackRow] = (),
    answers: Sequence[FeedbackRow] = (),
) -> str:
    lines = [f"Entry {e.id} · {e.occurred_on.isoformat()}{' · ★ starred' if e.starred else ''}"]
    lines += labelled(("Project: ", e.project), ("Skills:  ", e.skills), ("Impact:  ", e.impact))
    for gid, title in goals:
        lines.append(f"Goal:    #{gid} {one_line(title)}")
    lines += ["", strip_controls(e.text)]
    for f in feedback:
        lines += [
            "",
            f"Feedback from {one_line(f.person)} ({f.kind}, {f.received_on.isoformat()}): {strip_controls(f.text)}",
        ]
    for f in answers:
        lines += [
            "",
            f"Answers feedback {f.id} from {one_line(f.person)} ({f.kind}, {f.received_on.isoformat()}): "
            f"{strip_controls(f.text)}",
        ]
    return "\n".join(lines)


def measure_text(g: GoalRow, sep: str) -> str:
    """A goal's metric and where it stands (`projects led 2/4`), for the goal list and the review alike."""
    values = g.measure_values()
    return f"{one_line(g.measure)}{sep + values if values else ''}"


def goals_table(rows: Sequence[GoalRow], today: dt.date | None = None) -> str:
    """Goals with progress; an active goal or open milestone past its due date (given `today`) says OVERDUE."""
    lines = []
    for g in rows:
        pct = "" if g.progress is None else f"{g.progress:>4.0%}"
        due = g.due_on.isoformat() if g.due_on else "no due date"
        late = "  OVERDUE" if today and g.overdue(today) else ""
        lines.append(
            f"{g.id:>4}  {g.status:<8} {progress_bar(g.progress)} {pct:>4}  due {due}{late}  {one_line(g.title)}"
        )
        if g.measure:
            lines.append(f"{'':>6}measure: {measure_text(g, ' ')}")
        if g.feedback_id:
            lines.append(f"{'':>6}from feedback {g.feedback_id}")
        for m in g.milestones:
            mark = "x" if m.done_on else " "
            when = (
                f" (done {m.done_on.isoformat()})"
                if m.done_on
                else (f" (due {m.due_on.isoformat()})" if m.due_on else "")
            )
            if today and not m.done_on and m.due_on and m.due_on < today and g.status == "active":
                when += " OVERDUE"
            lines.append(f"{'':>6}[{mark}] {m.id}: {one_line(m.title)}{when}")
    return "\n".join(lines)


def feedback_table(rows: Sequence[FeedbackRow], width: int | None = None) -> str:
    """One line per feedback: id, date, kind, person, text, #skills @tags; cut to `width` on a terminal."""
    person_w = min(20, max((len(one_line(f.person)) for f in rows), default=0)) if width is not None else None
    lines = []
    for f in rows:
        person = f"{_fit(f.person, person_w)}:".ljust((person_w or 0) + 1)
        head = f"{f.id:>5}  {f.received_on.isoformat()}  {f.kind:<12} {person} "
        tags = one_line(" ".join([*(f"#{s}" for s in f.skills), *(f"@{t}" for t in f.tags)]))
        room = None if width is None else max(10, width - len(head) - (len(tags) + 2 if tags else 0))
        lines.append(_fit(head + _fit(f.text, room) + (f"  {tags}" if tags else ""), width))
    return "\n".join(lines)


def feedback_markdown(rows: Sequence[FeedbackRow]) -> str:
    """Feedback as Markdown bullets: who, when, what kind, and the words quoted, each line of them kept (a feedback of
    several lines is quoted from its first to its last, the lines after the first indented under the bullet)."""
    out = []
    for f in rows:
        first, _, rest = f.text.strip().partition("\n")
        more = _indented(rest.strip())
        head = f"- **{f.received_on.isoformat()}** {inline(f.person)} ({f.kind}): “{inline(first)}"
        if more:
            out += [head, *more[:-1], more[-1] + "”"]
        else:
            out.append(head + "”")
    return "\n".join(out)
