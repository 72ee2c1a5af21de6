"""Plain-text, Markdown and JSON renderings of rows for the `journal` command.

JSON shapes are the stable, documented contract for scripts (see README); the
table layout is for people and may change.
"""

import json
import shutil
from collections.abc import Sequence
from typing import Any

from journal_tui.bars import progress_bar
from journal_tui.store import EntryRow, FeedbackRow, GoalRow


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def _fit(text: str, width: int) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def entries_table(rows: Sequence[EntryRow]) -> str:
    width = shutil.get_terminal_size((100, 20)).columns
    lines = []
    for e in rows:
        meta = " ".join(filter(None, [f"+{e.project}" if e.project else "", " ".join(f"#{s}" for s in e.skills)]))
        head = f"{e.id:>5}  {e.occurred_on.isoformat()} {'★' if e.starred else ' '} "
        room = width - len(head) - 1
        title = _fit(e.title, max(20, room - len(meta) - 2)) if meta else _fit(e.title, max(20, room))
        lines.append(f"{head}{title}  {meta}".rstrip())
    return "\n".join(lines)


def entries_markdown(rows: Sequence[EntryRow]) -> str:
    out = []
    for e in rows:
        meta = "; ".join(filter(None, [e.project or "", ", ".join(e.skills)]))
        line = f"- **{e.occurred_on.isoformat()}**{' ⭐' if e.starred else ''} {e.title}"
        if meta:
            line += f" _({meta})_"
        if e.impact:
            line += f" — {e.impact}"
        out.append(line)
        if e.body:
            out += ["  " + l if l else "" for l in e.body.splitlines()]
    return "\n".join(out)


def entry_text(e: EntryRow, goals: Sequence[tuple[int, str]] = (), feedback: Sequence[FeedbackRow] = ()) -> str:
    lines = [f"Entry {e.id} · {e.occurred_on.isoformat()}{' · ★ starred' if e.starred else ''}"]
    if e.project:
        lines.append(f"Project: {e.project}")
    if e.skills:
        lines.append(f"Skills:  {', '.join(e.skills)}")
    if e.impact:
        lines.append(f"Impact:  {e.impact}")
    for gid, title in goals:
        lines.append(f"Goal:    #{gid} {title}")
    lines += ["", e.text]
    for f in feedback:
        lines += ["", f"Feedback from {f.person} ({f.kind}, {f.received_on.isoformat()}): {f.text}"]
    return "\n".join(lines)


def goals_table(rows: Sequence[GoalRow]) -> str:
    lines = []
    for g in rows:
        pct = "" if g.progress is None else f"{g.progress:>4.0%}"
        due = g.due_on.isoformat() if g.due_on else "no due date"
        lines.append(f"{g.id:>4}  {g.status:<8} {progress_bar(g.progress)} {pct:>4}  due {due}  {g.title}")
        if g.measure:
            target = f" {g.current or 0:g}/{g.target:g}" if g.target else ""
            lines.append(f"{'':>6}measure: {g.measure}{target}")
        if g.feedback_id:
            lines.append(f"{'':>6}from feedback {g.feedback_id}")
        for m in g.milestones:
            mark = "x" if m.done_on else " "
            when = f" (done {m.done_on.isoformat()})" if m.done_on else (f" (due {m.due_on.isoformat()})" if m.due_on else "")
            lines.append(f"{'':>6}[{mark}] {m.id}: {m.title}{when}")
    return "\n".join(lines)


def feedback_table(rows: Sequence[FeedbackRow]) -> str:
    width = shutil.get_terminal_size((100, 20)).columns
    lines = []
    for f in rows:
        head = f"{f.id:>5}  {f.received_on.isoformat()}  {f.kind:<12} {f.person}: "
        tags = " ".join([*(f"#{s}" for s in f.skills), *(f"@{t}" for t in f.tags)])
        lines.append(head + _fit(f.text, max(20, width - len(head) - len(tags) - 3)) + (f"  {tags}" if tags else ""))
    return "\n".join(lines)


def feedback_markdown(rows: Sequence[FeedbackRow]) -> str:
    return "\n".join(f"- **{f.received_on.isoformat()}** {f.person} ({f.kind}): “{f.text}”" for f in rows)
