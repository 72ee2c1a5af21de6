"""A date range -> the promotion case: wins by project, skills, goals, feedback, gaps, next period.

Computed from the store in a handful of queries (the range's entries, feedback and
goals, and two skill-count group-bys), then rendered as Markdown that pastes well
into a self-review form, or as JSON with the same data.  Sections with nothing in
them are left out rather than printed empty.  Goals and milestones are shown as
they stood on the period's last day (goal_history.py); constructive feedback shows
only the responses the user linked (responses.py); the Gaps section is the case's
(case.py).
"""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

from journal_tui import promo
from journal_tui.bars import progress_bar, sparkline
from journal_tui.case import Gaps, Impact, bulk, gather, goals_as_of, win_lines
from journal_tui.data.queries import review as review_queries
from journal_tui.data.reader import EVERYTHING, Reader
from journal_tui.dates import DateRange, quarter_label, week_range
from journal_tui.errors import NotFound
from journal_tui.mdtext import cell, code, inline
from journal_tui.people import (
    PeopleSection,
    people_section,
    section_data,
    section_markdown,
)
from journal_tui.query import Filter
from journal_tui.rows import EntryRow, FeedbackRow, GoalRow, MilestoneRow

NO_PROJECT = "(no project)"
KEY_WINS_FIRST = 100  # key wins in a review's top (`build_head`): more lines than the tallest terminal shows


@dataclass
class SkillTrend:
    name: str
    count: int
    previous: int

    @property
    def change(self) -> int:
        return self.count - self.previous


@dataclass
class GoalReview:
    goal: GoalRow
    milestones_done: list[Any]
    evidence: list[EntryRow]


@dataclass
class Review:
    period: DateRange
    previous: DateRange
    flt: Filter
    entries: list[EntryRow]
    projects: list[tuple[str, list[EntryRow]]]
    skills: list[SkillTrend]
    goals: list[GoalReview]
    praise: list[FeedbackRow]
    constructive: list[tuple[FeedbackRow, list[EntryRow]]]
    neutral: list[FeedbackRow]
    weeks: list[tuple[dt.date, int]]
    headline: dict[str, int] = field(default_factory=dict)
    as_of: dt.date | None = None
    gaps: Gaps = field(default_factory=Gaps)
    impact: Impact | None = None
    next_period: DateRange | None = None
    next_goals: list[GoalRow] = field(default_factory=list)
    next_milestones: list[tuple[GoalRow, MilestoneRow]] = field(default_factory=list)
    reflections: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # checkin.review_reflections
    people: PeopleSection | None = None  # people.py: feedback by person, conversations, asks, stale mentors
    stamps: bool = True  # the entries have their created/updated stamps (JSON needs them; Markdown does not)
    promotion: "promo.PromoSection | None" = None  # the promotion conversations of the period, the next retry

    @property
    def label(self) -> str:
        return quarter_label(self.period)


@dataclass(frozen=True)
class ReviewHead:
    """The top of a review, counted by SQL before the period's rows are read: what `to_markdown` prints first
    (title, headline, wins per week, the first key wins) and the skills beside it.  The app shows it at once,
    then the whole review."""

    period: DateRange
    flt: Filter
    headline: dict[str, int]
    impact: Impact
    weeks: list[tuple[dt.date, int]]
    skills: list[SkillTrend]
    key_wins: list[EntryRow]  # the first ones (KEY_WINS_FIRST at most), oldest first

    @property
    def label(self) -> str:
        return quarter_label(self.period)


def next_period(period: DateRange) -> DateRange:
    """The period of the same shape just after this one (the next quarter after a quarter)."""
    start = period.end + dt.timedelta(days=1)
    if period.start.day == 1 and start.day == 1:
        months = (period.end.year - period.start.year) * 12 + period.end.month - period.start.month + 1
        years, month = divmod(start.month - 1 + months, 12)  # whole months from a 1st: no dateutil needed
        return DateRange(start, dt.date(start.year + years, month + 1, 1) - dt.timedelta(days=1))
    return DateRange(start, start + dt.timedelta(days=period.days - 1))


def build_review(
    store: Reader, period: DateRange, flt: Filter = EVERYTHING, *, today: dt.date | None = None, stamps: bool = True
) -> Review:
    """Everything the review shows, for `period` narrowed by `flt`, as things stood at the period's end.

    `stamps=False` leaves out the entries' created/updated stamps, which only JSON shows (`to_data` refuses such
    a review): a tenth less to read for 100k entries."""
    with bulk(), store.reading():  # one connection and one snapshot for every read of the review (`db.joining`)
        review = _build_review(store, period, flt, today, stamps)
        review.promotion = promo.promo_section(store, period)
    return review


def build_head(
    store: Reader,
    period: DateRange,
    flt: Filter = EVERYTHING,
    *,
    today: dt.date | None = None,
    key_wins: int = KEY_WINS_FIRST,
) -> ReviewHead:
    """The review's top with the counts `build_review` makes from the period's rows, made by SQL group-bys
    (data/queries/review.py) and the first `key_wins` key wins: a few hundredths of a second at 15,000 wins,
    where reading them and building the whole review takes a few tenths."""
    scoped = flt.within(period.start, period.end)
    as_of = min(period.end, today or dt.date.today())
    with store.reading() as conn:  # one snapshot, as the whole review's
        days = review_queries.entries_per_day(conn, scoped, use_fts=store.use_fts)
        stated = review_queries.stated_impacts(conn, scoped, use_fts=store.use_fts)
        feedback = Counter(review_queries.feedback_per_kind(conn, scoped, use_fts=store.use_fts))
        projects = [name for name, n in store.name_counts("project", scoped) if n and name != NO_PROJECT]
        now = (
            store.range_skill_counts(period.start, period.end)  # index ranges: no entry read
            if flt.is_empty
            else dict(store.name_counts("skill", scoped))
        )
        skills = _skill_trends(store, period, flt, now)
        goals = goals_as_of(store, flt, as_of, today)
        starred = sum(k for _, _, k in days)
        first = store.list_entries(replace(scoped, starred=True), limit=key_wins, oldest_first=True) if starred else []
    entries = sum(n for _, n, _ in days)
    impact = Impact.counted(entries, stated)
    headline = _headline(
        entries=entries,
        starred=starred,
        projects=len(projects),
        skills=len(skills),
        feedback=feedback,
        goals_achieved=sum(1 for g in goals if g.achieved_on and g.achieved_on in period),
        milestones_done=sum(1 for g in goals for m in g.milestones if m.done_on and m.done_on in period),
        impact=impact,
    )
    weeks = _weekly(Counter({dt.date.fromisoformat(day): n for day, n, _ in days}), period)
    return ReviewHead(period, flt, headline, impact, weeks, skills, first)


def _build_review(store: Reader, period: DateRange, flt: Filter, today: dt.date | None, stamps: bool) -> Review:
    scoped = flt.within(period.start, period.end)
    entries = store.bulk_entries(scoped, stamps=stamps)
    feedback = store.list_feedback(scoped, limit=None, oldest_first=True)

    # entries come oldest first: each project's key wins then the rest, in that order, without sorting rows
    key_wins: dict[str, list[EntryRow]] = defaultdict(list)
    by_project: dict[str, list[EntryRow]] = defaultdict(list)
    for e in entries:
        (key_wins if e.starred else by_project)[e.project or NO_PROJECT].append(e)
    for name, wins in key_wins.items():
        by_project[name] = wins + by_project.get(name, [])
    projects = sorted(by_project.items(), key=lambda item: (item[0] == NO_PROJECT, -len(item[1]), item[0].casefold()))

    now_counts = dict(store.name_counts("skill", scoped)) if scoped.has_text else _skill_counts(entries)
    skills = _skill_trends(store, period, flt, now_counts)

    section = people_section(store, period, today or dt.date.today(), feedback, flt)
    everyone = not (flt.names("person") or flt.names("role"))  # then its stale people are the gaps' too
    ev = gather(store, period, entries, today, flt, in_period=feedback, people=section if everyone else None)
    by_goal: dict[int, list[EntryRow]] = defaultdict(list)  # one pass over the entries, not one per goal
    for e in entries:
        for goal_id in e.goal_ids:
            by_goal[goal_id].append(e)
    goals = []
    for g in ev.goals:  # as of the period's end
        done = [m for m in g.milestones if m.done_on and m.done_on in period]
        evidence = by_goal.get(g.id, [])
        achieved_now = g.achieved_on is not None and g.achieved_on in period
        if g.status == "active" or achieved_now or done or evidence:
            goals.append(GoalReview(g, done, evidence))

    praise = [f for f in feedback if f.kind == "praise"]
    neutral = [f for f in feedback if f.kind == "neutral"]
    constructive = [f for f in feedback if f.kind == "constructive"]
    constructive_with = list(zip(constructive, _responses(store, constructive, entries, ev.as_of), strict=True))
    nxt = next_period(period)
    as_of = ev.as_of
    next_goals = sorted(
        (g for g in ev.goals if g.status == "active" and g.due_on and g.due_on in nxt), key=lambda g: (g.due_on, g.id)
    )
    next_miles = sorted(
        (
            (g, m)
            for g in ev.goals
            if g.status == "active"
            for m in g.milestones
            if not m.done_on and m.due_on and m.due_on in nxt
        ),
        key=lambda gm: (gm[1].due_on, gm[1].id),
    )

    weeks = _weekly(Counter(e.occurred_on for e in entries), period)  # a few hundred days, not a week per entry
    headline = _headline(
        entries=len(entries),
        starred=sum(len(wins) for wins in key_wins.values()),
        projects=len([p for p in by_project if p != NO_PROJECT]),
        skills=len(skills),
        feedback=Counter(f.kind for f in feedback),
        goals_achieved=sum(1 for g in goals if g.goal.achieved_on and g.goal.achieved_on in period),
        milestones_done=sum(len(g.milestones_done) for g in goals),
        impact=ev.impact,
    )
    from journal_tui.checkin import review_reflections

    reflections = review_reflections(store.path, period.start, period.end) if flt.is_empty else {}
    return Review(
        period,
        period.previous(),
        flt,
        entries,
        projects,
        skills,
        goals,
        praise,
        constructive_with,
        neutral,
        weeks,
        headline,
        as_of,
        ev.gaps,
        ev.impact,
        nxt,
        next_goals,
        next_miles,
        reflections,
        section,
        stamps,
    )


def _headline(
    *,
    entries: int,
    starred: int,
    projects: int,
    skills: int,
    feedback: Counter[str],
    goals_achieved: int,
    milestones_done: int,
    impact: Impact,
) -> dict[str, int]:
    """The headline's counts (JSON's `headline`): from the rows read (`build_review`), or counted by SQL
    (`build_head`)."""
    return {
        "entries": entries,
        "starred": starred,
        "projects": projects,
        "skills": skills,
        "feedback": sum(feedback.values()),
        "praise": feedback["praise"],
        "constructive": feedback["constructive"],
        "goals_achieved": goals_achieved,
        "milestones_done": milestones_done,
        "with_impact": impact.with_impact,
        "with_number": impact.with_number,
    }


def _skill_trends(store: Reader, period: DateRange, flt: Filter, now_counts: dict[str, int]) -> list[SkillTrend]:
    """The period's skills (the most used first) against their counts in the period before."""
    before = period.previous()
    prev_counts = (
        store.range_skill_counts(before.start, before.end)
        if flt.is_empty
        else dict(store.name_counts("skill", flt.within(before.start, before.end)))
    )
    return sorted(
        (SkillTrend(n, c, prev_counts.get(n, 0)) for n, c in now_counts.items() if c),
        key=lambda s: (-s.count, s.name.casefold()),
    )


def _skill_counts(entries: list[EntryRow]) -> dict[str, int]:
    """Entries per skill, counted from the rows already read (one SQL group-by fewer); rows share skills tuples."""
    counts: dict[str, int] = {}
    for names, n in Counter(e.skills for e in entries).items():
        for name in names:
            counts[name] = counts.get(name, 0) + n
    return counts


def _responses(
    store: Reader, feedback: list[FeedbackRow], entries: list[EntryRow], as_of: dt.date
) -> list[list[EntryRow]]:
    """For each feedback item, the entries the user linked as what they did about it (never guessed)."""
    from journal_tui import responses
    from journal_tui.data import db

    with db.reading(store.path) as conn:
        linked = responses.responses_of(conn, [f.id for f in feedback], until=as_of)
    wanted = {i for ids in linked.values() for i in ids}
    known = {e.id: e for e in entries if e.id in wanted} if wanted else {}
    out = []
    for f in feedback:
        rows = []
        for i in linked.get(f.id, []):
            try:
                rows.append(known[i] if i in known else store.get_entry(i))
            except NotFound:
                continue
        out.append(rows)
    return out


def _weekly(per_day: Counter[dt.date], period: DateRange) -> list[tuple[dt.date, int]]:
    """Entries per week of the period (weeks start on Monday), from entries per day."""
    counts: Counter[dt.date] = Counter()
    for day, n in per_day.items():
        counts[week_range(day).start] += n
    weeks = []
    start = week_range(period.start).start
    while start <= period.end:
        weeks.append((start, counts.get(start, 0)))
        start += dt.timedelta(days=7)
    return weeks


# --- Markdown -------------------------------------------------------------------------------


def _previous_label(r: Review) -> str:
    label = quarter_label(r.previous)
    return label if label != r.previous.label() else f"previous {r.period.days} days"


def _plural(n: int, one: str, many: str) -> str:
    return f"**{n}** {one if n == 1 else many}"


def _change(n: int) -> str:
    return f"+{n}" if n > 0 else ("±0" if n == 0 else str(n))


def _title_md(label: str, period: DateRange, flt: Filter) -> list[str]:
    """The title, and the scope when a filter narrowed the review."""
    out = [f"# Review: {label}", ""]
    if label != period.label():
        out[0] += f" ({period.label()})"
    if not flt.is_empty and flt.describe() != period.label():
        out += [f"_Scope: {inline(flt.describe())}_", ""]
    return out


def _nothing_logged(h: dict[str, int]) -> bool:
    return not h["entries"] and not h["feedback"] and not h["milestones_done"] and not h["goals_achieved"]


def _headline_md(h: dict[str, int], impact: Impact | None, weeks: list[tuple[dt.date, int]]) -> list[str]:
    """The Headline section and the wins per week (a period with something logged)."""
    out: list[str] = []
    lines = []
    if h["entries"]:
        lines.append(f"- {_plural(h['entries'], 'win', 'wins')} logged, {_plural(h['starred'], 'key win', 'key wins')}")
    if h["projects"] or h["skills"]:
        lines.append(
            f"- {_plural(h['projects'], 'project', 'projects')} · {_plural(h['skills'], 'skill', 'skills')} exercised"
        )
    if h["feedback"]:
        lines.append(
            f"- {_plural(h['feedback'], 'piece', 'pieces')} of feedback ({h['praise']} praise, "
            f"{h['constructive']} constructive)"
        )
    if h["goals_achieved"] or h["milestones_done"]:
        lines.append(
            f"- {_plural(h['goals_achieved'], 'goal', 'goals')} achieved · "
            f"{_plural(h['milestones_done'], 'milestone', 'milestones')} done"
        )
    if impact is not None and impact.wins:
        lines.append(f"- {impact.headline()}")
    if lines:
        out += ["## Headline", ""] + lines
    if h["entries"]:
        out += [
            "",
            (
                f"Wins per week: `{sparkline([c for _, c in weeks])}` "
                f"(weeks of {weeks[0][0].isoformat()} to {weeks[-1][0].isoformat()})"
            ),
        ]
    return out


def head_markdown(head: ReviewHead) -> str | None:
    """The first lines of `to_markdown` of the same review, through the head's key wins (None when nothing was
    logged in the period: that review is short, and its end needs the whole build)."""
    out = _title_md(head.label, head.period, head.flt)
    if _nothing_logged(head.headline):
        return None
    out += _headline_md(head.headline, head.impact, head.weeks)
    if head.key_wins:
        out += ["", "## Key wins", ""] + win_lines(head.key_wins, with_project=True)
    return "\n".join(out) + "\n"


@bulk()
def to_markdown(r: Review) -> str:
    from journal_tui.output import measure_text

    out = _title_md(r.label, r.period, r.flt)
    if _nothing_logged(r.headline):
        out += ["Nothing was logged in this period."] + (section_markdown(r.people) if r.people else [])
        out += promo.section_markdown(r.promotion)
        return "\n".join(out) + "\n"
    out += _headline_md(r.headline, r.impact, r.weeks)

    starred = [e for e in r.entries if e.starred]
    if starred:
        out += ["", "## Key wins", ""] + win_lines(starred, with_project=True)

    if r.projects:
        out += ["", "## Wins by project"]
        for name, wins in r.projects:
            out += ["", f"### {inline(name)} ({len(wins)})", ""] + win_lines(wins)

    if r.skills:
        out += ["", "## Skills", "", f"| Skill | Entries | vs {_previous_label(r)} |", "|---|---:|---:|"]
        out += [f"| {cell(s.name)} | {s.count} | {_change(s.change)} |" for s in r.skills]

    if r.goals:
        out += ["", "## Goals"]
        for g in r.goals:
            goal = g.goal
            pct = "" if goal.progress is None else f", {goal.progress:.0%}"
            due = f", due {goal.due_on.isoformat()}" if goal.due_on else ""
            late = ", overdue" if r.as_of and goal.overdue(r.as_of) else ""
            out += ["", f"### {inline(goal.title)} ({goal.status_text}{late}{pct}{due})", ""]
            if goal.progress is not None:
                out.append(f"`{progress_bar(goal.progress, 20)}`")
                out.append("")
            for key, value in (("Specific", goal.specific), ("Relevant", goal.relevant)):
                if value:
                    out.append(f"- **{key}:** {inline(value)}")
            if goal.measure:
                out.append(f"- **Measure:** {inline(measure_text(goal, ': '))}")
            if goal.milestones:
                out.append(
                    f"- **Milestones:** {sum(1 for m in goal.milestones if m.done_on)} of {len(goal.milestones)} done"
                )
            if r.people and goal.id in r.people.origins:
                out.append(f"- **From feedback:** {inline(r.people.origins[goal.id].line())}")
            for m in g.milestones_done:
                out.append(f"  - ✔ {inline(m.title)} ({m.done_on.isoformat()})")
            if g.evidence:
                out.append("- **Evidence:**")
                out += ["  " + line for line in win_lines(g.evidence)]

    from journal_tui.checkin import review_markdown

    out += review_markdown(r.reflections)
    if r.praise or r.constructive or r.neutral:
        out += ["", "## Feedback"]
        if r.praise:
            out += ["", "### Praise", ""]
            for f in r.praise:
                out += [f"> “{inline(f.text)}”", f"> — {inline(f.person)}, {f.received_on.isoformat()}", ""]
            out.pop()
        if r.constructive:
            out += ["", "### Constructive, and what I did about it", ""]
            for f, answers in r.constructive:
                out += [f"> “{inline(f.text)}”", f"> — {inline(f.person)}, {f.received_on.isoformat()}", ""]
                out += win_lines(answers) or [
                    f"- _No response linked yet: {code(f'journal feedback respond {f.id} ENTRY')}._"
                ]
                out.append("")
            out.pop()
        if r.neutral:
            out += ["", "### Other feedback", ""] + [
                f"- “{inline(f.text)}” — {inline(f.person)}, {f.received_on.isoformat()}" for f in r.neutral
            ]
    if r.people:
        out += section_markdown(r.people, with_gaps=False)  # stale people are in the Gaps below
    out += r.gaps.markdown()
    out += _next_period_md(r)
    out += promo.section_markdown(r.promotion)
    out.append("")  # the final newline, without copying the whole document once more
    return "\n".join(out)


def _next_period_md(r: Review) -> list[str]:
    if r.next_period is None or not (r.next_goals or r.next_milestones):
        return []
    label = quarter_label(r.next_period)
    out = ["", f"## Next period ({label})", ""]
    out += [
        f"- Goal due {g.due_on.isoformat()}: {inline(g.title)}"
        + (f" ({g.progress:.0%})" if g.progress is not None else "")
        for g in r.next_goals
        if g.due_on
    ]
    out += [
        f"- Milestone due {m.due_on.isoformat()}: {inline(m.title)} ({inline(g.title)})"
        for g, m in r.next_milestones
        if m.due_on
    ]
    return out


# --- JSON ---------------------------------------------------------------------------------


@bulk()
def to_data(r: Review) -> dict[str, Any]:
    """The documented JSON shape of a review (see README)."""
    if not r.stamps:
        raise ValueError("a review built with stamps=False has no entry stamps to put in JSON")
    return {
        "period": {"start": r.period.start.isoformat(), "end": r.period.end.isoformat(), "label": r.label},
        "previous_period": {"start": r.previous.start.isoformat(), "end": r.previous.end.isoformat()},
        "filter": r.flt.source,
        "headline": r.headline,
        "projects": [
            {"name": None if n == NO_PROJECT else n, "count": len(w), "wins": [e.to_dict() for e in w]}
            for n, w in r.projects
        ],
        "skills": [{"name": s.name, "count": s.count, "previous": s.previous, "change": s.change} for s in r.skills],
        "goals": [
            {
                **g.goal.to_dict(r.as_of),
                "milestones_done_in_period": [m.to_dict() for m in g.milestones_done],
                "evidence_in_period": [e.id for e in g.evidence],
                "origin": r.people.origins[g.goal.id].to_dict() if r.people and g.goal.id in r.people.origins else None,
            }
            for g in r.goals
        ],
        "feedback": {
            "praise": [f.to_dict() for f in r.praise],
            "constructive": [{**f.to_dict(), "responses": [e.id for e in rs]} for f, rs in r.constructive],
            "neutral": [f.to_dict() for f in r.neutral],
        },
        "weeks": [{"week": w.isoformat(), "entries": c} for w, c in r.weeks],
        "gaps": r.gaps.to_data(),
        "next_period": None
        if r.next_period is None
        else {
            "start": r.next_period.start.isoformat(),
            "end": r.next_period.end.isoformat(),
            "goals": [g.to_dict(r.as_of) for g in r.next_goals],
            "milestones": [m.to_dict() for _, m in r.next_milestones],
        },
        "reflections": r.reflections,
        "people": section_data(r.people) if r.people else None,
        "promotion": promo.section_data(r.promotion),
    }


@bulk()
def to_json(r: Review) -> str:
    from journal_tui.output import to_json as dumps

    return dumps(to_data(r))
