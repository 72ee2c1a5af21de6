"""Markdown for the detail views: entries, goals and feedback as a reader sees them."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from journal_tui.tui.text import feedback_kind, one_line
from journal_tui.tui.text import md as _esc

if TYPE_CHECKING:
    from journal_tui.data.store import EntryDetail, EntryRow, FeedbackRow, GoalRow
    from journal_tui.people import Origin


MAX_DETAIL = 20_000  # characters of body rendered in the detail view; Markdown parsing runs on the UI thread


def entry_md(d: EntryDetail) -> str:
    e = d.entry
    lines = [
        f"## {'⭐ ' if e.starred else ''}{_esc(e.title)}",
        "",
        f"**{e.occurred_on:%a %d %b %Y}**" + (f" · project **{_esc(e.project)}**" if e.project else ""),
    ]
    if e.skills:
        lines += ["", "Skills: " + ", ".join(f"**{_esc(s)}**" for s in e.skills)]
    if e.impact:
        lines += ["", f"> **Impact:** {_esc(e.impact)}"]
    if e.extra:
        lines += ["", "↑ *Beyond my current role*"]
    if e.body:
        lines += ["", _esc(e.body[:MAX_DETAIL])]
        if len(e.body) > MAX_DETAIL:
            lines += ["", f"*… {len(e.body) - MAX_DETAIL:,} more characters: `journal show {e.id}` prints them all.*"]
    if d.goals:
        lines += ["", "### Evidence for"] + [f"- #{gid} {_esc(title)}" for gid, title in d.goals]
    if d.feedback:
        lines += ["", "### Feedback about this"]
        lines += [
            f"- *{f.kind}* from **{_esc(f.person)}** ({f.received_on.isoformat()}): “{_esc(one_line(f.text))}”"
            for f in d.feedback
        ]
    if d.answers:
        lines += ["", "### A response to"]
        lines += [
            f"- *{f.kind}* from **{_esc(f.person)}** ({f.received_on.isoformat()}): “{_esc(one_line(f.text))}”"
            for f in d.answers
        ]
    lines += ["", f"*entry {e.id}*"]
    return "\n".join(lines)


def feedback_md(f: FeedbackRow) -> str:
    icon = feedback_kind(f.kind).icon
    lines = [
        f"## {icon} {f.kind.capitalize()} from {_esc(f.person)}",
        "",
        f"**{f.received_on:%a %d %b %Y}**" + (f" · project **{_esc(f.project)}**" if f.project else ""),
        "",
        f"> {_esc(f.text)}".replace("\n", "\n> "),
    ]
    if f.tags:
        lines += ["", "Tags: " + ", ".join(f"**{_esc(t)}**" for t in f.tags)]
    if f.skills:
        lines += ["", "Skills: " + ", ".join(f"**{_esc(s)}**" for s in f.skills)]
    if f.entry_id:
        lines += ["", f"About entry #{f.entry_id}: *{_esc(f.entry_title or '')}*"]
    return "\n".join(lines)


def goal_md(g: GoalRow, evidence: list[EntryRow], today: dt.date, origin: Origin | None = None) -> str:
    status = "OVERDUE" if g.overdue(today) else g.status
    lines = [
        f"## {_esc(g.title)}",
        "",
        f"**Status:** {status}"
        + (f" · **due** {g.due_on:%d %b %Y}" if g.due_on else " · no due date")
        + (f" · achieved {g.achieved_on.isoformat()}" if g.achieved_on else ""),
    ]
    smart = [("Specific", g.specific), ("Measure", g.measure), ("Relevant", g.relevant)]
    lines += [f"- **{k}:** {_esc(v)}" for k, v in smart if v]
    if g.target:
        lines.append(
            f"- **Progress:** {g.measure_values().replace('/', ' / ', 1) if g.baseline is None else g.measure_values()}"
        )
    if origin is not None:
        lines.append(f"- **From feedback:** {_esc(origin.line())}")
    if evidence:
        lines += ["", f"### Evidence ({g.evidence_count})"]
        lines += [f"- {e.occurred_on.isoformat()} {'⭐ ' if e.starred else ''}{_esc(e.title)}" for e in evidence]
    else:
        lines += ["", "*No evidence linked yet: select a win in the Journal and press `l`.*"]
    return "\n".join(lines)
