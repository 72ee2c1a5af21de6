"""The promotion case: the target role's criteria against a period's evidence, and what is missing.

Pure data plus renderers (Markdown, JSON), shared by `journal case`, the review's
Gaps section and the app's Case screen.  For each criterion: its evidence (entries
with one of its skills, or attached by hand; key wins first), the feedback on the
same skills, and a status (met / partial / gap).  Then the gaps: named lists built
by the functions in `GAP_PROVIDERS`, so another feature adds its own kind of gap by
appending one function (see `Gap` and `GapContext`).
"""

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from journal_tui import goal_history, promo, responses, roles
from journal_tui.data import db
from journal_tui.data.reader import EVERYTHING, Reader, gc_paused
from journal_tui.dates import DateRange, quarter_label
from journal_tui.mdtext import code, inline, inline_all, inline_name
from journal_tui.plurals import plural
from journal_tui.query import Filter, NameClause
from journal_tui.roles import Criterion, status_of
from journal_tui.rows import EntryRow, FeedbackRow, GoalRow, MilestoneRow, title_of

if TYPE_CHECKING:
    from journal_tui.people import PeopleSection

_NUMBER = re.compile(r"\d")


@contextmanager
def bulk() -> Iterator[None]:
    """Build or render a period's 100k rows with no cyclic collections, then promote what was built
    (`reader.gc_paused(promote=True)`)."""
    with gc_paused(promote=True):
        yield


# --- evidence lines shared with the review ----------------------------------------------------


def win_line(e: EntryRow, *, with_project: bool = False) -> str:
    """One Markdown bullet for a win: date, title, project/skills, impact."""
    return win_lines((e,), with_project=with_project)[0]


def win_lines(entries: Iterable[EntryRow], *, with_project: bool = False) -> list[str]:
    """`win_line` of each entry, in one loop (a review renders 100k): each day, and each project-and-skills tail
    (" _(billing; sql, ux)_"), is formatted once.  Tails are kept by project, then by skills tuple: no key tuple
    built and hashed per line, and no shared cache to thrash (a case's evidence holds 30k project-and-skills pairs)."""
    days: dict[dt.date, str] = {}
    tails: dict[str | None, dict[tuple[str, ...], str]] = {}  # by project (None when not shown), then by skills
    rows = entries if isinstance(entries, list) else list(entries)
    titles = inline_all([title_of(e.text) for e in rows])  # escaped for Markdown, all at once
    impacts = inline_all([e.impact or "" for e in rows])
    out = []
    for e, title, impact in zip(rows, titles, impacts, strict=True):
        day = days.get(e.occurred_on)
        if day is None:
            day = days[e.occurred_on] = e.occurred_on.isoformat()
        project = e.project if with_project else None
        of_project = tails.get(project)
        if of_project is None:
            of_project = tails[project] = {}
        tail = of_project.get(e.skills)
        if tail is None:
            tail = of_project[e.skills] = _tail(project, e.skills)
        line = f"- ⭐ **{day}** {title}{tail}" if e.starred else f"- **{day}** {title}{tail}"
        out.append(f"{line} — **impact:** {impact}" if impact else line)
    return out


def _tail(project: str | None, skills: tuple[str, ...]) -> str:
    """The ` _(project; skill, skill)_` after a win, its names escaped (a skill `*ops*` stays a name)."""
    names = ", ".join(map(inline_name, skills))
    project = inline_name(project) if project else project
    if project and skills:
        return f" _({project}; {names})_"
    if project:
        return f" _({project})_"
    return f" _({names})_" if skills else ""


def criterion_status(c: "CriterionCase") -> str:
    """'9 wins (needs 3): met', not 'met (9 of 3)'."""
    return f"{c.have} {'win' if c.have == 1 else 'wins'} (needs {c.criterion.need}): {c.status}"


def measured_first(entries: list[EntryRow]) -> list[EntryRow]:
    """Evidence with a number in its impact first (what a manager can repeat), then the rest, each in its order."""
    return sorted(entries, key=lambda e: not (e.impact and _NUMBER.search(e.impact)))


def evidence_lines(c: "CriterionCase") -> list[str]:
    """A criterion's evidence, measured impact first; a win attached by hand says so (nothing is claimed unseen)."""
    rows = measured_first(c.evidence)
    by_hand = set(c.criterion.entry_ids)
    lines = win_lines(rows, with_project=True)
    return [f"{line} _(attached by hand)_" if e.id in by_hand else line for e, line in zip(rows, lines, strict=True)]


def quote_lines(f: FeedbackRow) -> list[str]:
    kind = "" if f.kind == "praise" else f" ({f.kind})"
    return [f"> “{inline(f.text)}”", f"> — {inline(f.person)}, {f.received_on.isoformat()}{kind}"]


# --- impact -------------------------------------------------------------------------------------


@dataclass
class Impact:
    """What can honestly be added up: wins with a stated impact, and of those, with a number in it."""

    wins: int
    with_impact: int
    with_number: int
    key_wins_without: list[EntryRow]

    @classmethod
    def of(cls, entries: list[EntryRow]) -> "Impact":
        stated = [e.impact for e in entries if e.impact]
        return cls(len(entries), len(stated), _with_number(stated), [e for e in entries if e.starred and not e.impact])

    @classmethod
    def counted(cls, wins: int, stated: list[str]) -> "Impact":
        """The counts alone, for a headline read before the rows (review.build_head): `wins` entries, of which
        these stated an impact; no key wins listed."""
        return cls(wins, len(stated), _with_number(stated), [])

    def headline(self) -> str:
        if not self.wins:
            return ""
        return (
            f"**{self.with_impact}** of {self.wins} {'win states' if self.wins == 1 else 'wins state'} an impact, "
            f"**{self.with_number}** with a number"
        )

    def to_data(self) -> dict[str, Any]:
        return {
            "wins": self.wins,
            "with_impact": self.with_impact,
            "with_number": self.with_number,
            "key_wins_without_impact": [e.id for e in self.key_wins_without],
        }


def _with_number(stated: list[str]) -> int:
    """How many of these impacts hold a number (any Unicode digit)."""
    return len(list(filter(_NUMBER.search, stated)))  # the search runs in C, not in a generator


# --- criteria -------------------------------------------------------------------------------------


@dataclass
class CriterionCase:
    criterion: Criterion
    evidence: list[EntryRow]
    feedback: list[FeedbackRow]

    @property
    def have(self) -> int:
        return len(self.evidence)

    @property
    def status(self) -> str:
        return status_of(self.have, self.criterion.need)

    def to_data(self) -> dict[str, Any]:
        c = self.criterion
        return {
            "id": c.id,
            "name": c.name,
            "skills": list(c.skills),
            "need": c.need,
            "status": self.status,
            "have": self.have,
            "evidence": [e.to_dict() for e in measured_first(self.evidence)],
            "attached_by_hand": [e.id for e in self.evidence if e.id in set(c.entry_ids)],
            "to_work_on": [f.id for f in self.feedback if f.kind == "constructive" and self.status == "met"],
            "feedback": [f.to_dict() for f in self.feedback],
        }


def criteria_cases(
    criteria: list[Criterion], entries: list[EntryRow], feedback: list[FeedbackRow]
) -> list[CriterionCase]:
    """Each criterion with its evidence among `entries` (key wins first, then newest) and feedback on its skills.

    Linear: one pass over the entries in evidence order appends each to the evidence of the criteria it counts
    for (`Criterion.matches` is the rule), so each list comes out in order with no set or sort per criterion;
    each distinct skills tuple (rows share a few thousand) is matched against the criteria once.
    """
    # the evidence order once for all (key wins first, then newest, then highest id)
    order = sorted(entries, key=attrgetter("id"), reverse=True)  # three stable sorts in C, no key per row
    order.sort(key=attrgetter("occurred_on"), reverse=True)
    order.sort(key=attrgetter("starred"), reverse=True)
    wanted = [{s.casefold() for s in c.skills} for c in criteria]
    attached: dict[int, set[int]] = {}  # entry id -> the criteria it is attached to by hand
    for k, c in enumerate(criteria):
        for i in c.entry_ids:
            attached.setdefault(i, set()).add(k)
    named = {f.entry_id for f in feedback if f.entry_id is not None}.union(attached)  # entries named by id
    evidence: list[list[EntryRow]] = [[] for _ in criteria]
    joins: dict[tuple[str, ...], list[list[EntryRow]]] = {}  # skills tuple -> the evidence lists its entries join
    held: dict[int, set[int]] = {}  # id of a named entry -> the criteria it is evidence for
    for e in order:
        lists = joins.get(e.skills)
        if lists is None:
            names = {s.casefold() for s in e.skills}
            lists = joins[e.skills] = [evidence[k] for k, w in enumerate(wanted) if not w.isdisjoint(names)]
        if e.id in named:
            names = {s.casefold() for s in e.skills}
            held[e.id] = {k for k, w in enumerate(wanted) if not w.isdisjoint(names)} | attached.get(e.id, set())
            lists = [evidence[k] for k in sorted(held[e.id])]
        for chosen in lists:
            chosen.append(e)
    feedback_skills = [{s.casefold() for s in f.skills} for f in feedback]
    feedback_held = [held.get(f.entry_id, ()) if f.entry_id is not None else () for f in feedback]
    out = []
    for k, c in enumerate(criteria):
        skills = wanted[k]
        # on its skills, or about an entry in its evidence
        quotes = [
            f
            for f, fs, fh in zip(feedback, feedback_skills, feedback_held, strict=True)
            if not skills.isdisjoint(fs) or k in fh
        ]
        out.append(CriterionCase(c, evidence[k], quotes))
    return out


# --- gaps -------------------------------------------------------------------------------------------


@dataclass
class Gap:
    """One named list of what is missing: Markdown bullets for people, dicts for JSON.

    Each line is one Markdown bullet (`- ...`) in which the provider escaped every piece of user text with
    `mdtext.inline` and wrote its own commands with `mdtext.code`: the CLI prints the lines, and the app's
    Case screen renders them (bold and code as such, user text literal)."""

    key: str
    title: str
    lines: list[str] = field(default_factory=list)
    data: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Gaps:
    """An ordered set of named gap lists; every key is present in JSON, empty ones are left out of Markdown."""

    items: list[Gap] = field(default_factory=list)

    def __getitem__(self, key: str) -> Gap:
        return next(g for g in self.items if g.key == key)

    @property
    def empty(self) -> bool:
        return not any(g.data for g in self.items)

    def to_data(self) -> dict[str, list[dict[str, Any]]]:
        return {g.key: g.data for g in self.items}

    def markdown(self, level: int = 2) -> list[str]:
        if self.empty:
            return []
        out = ["", f"{'#' * level} Gaps"]
        for g in self.items:
            if g.data:
                out += ["", f"{'#' * (level + 1)} {g.title}", ""] + g.lines
        return out


@dataclass
class GapContext:
    """What a gap provider may look at: the period, its entries, goals and feedback as of its end."""

    store: Reader
    period: DateRange
    as_of: dt.date
    entries: list[EntryRow]
    goals: list[GoalRow]
    feedback_until_end: list[FeedbackRow]  # oldest first; before the period, only the constructive still unanswered
    responses: dict[int, list[int]]
    criteria: list[CriterionCase]
    people: "PeopleSection | None" = None  # the period's people section (unfiltered by person), if already built
    acted: set[int] = field(default_factory=set)  # feedback acted on by the period's end in any form (responses.py)
    today: dt.date | None = None  # the journal's today (`queries.goal_history.set_on_sql`)


def _criteria_gap(ctx: GapContext) -> Gap:
    short = [c for c in ctx.criteria if c.status != "met"]
    return Gap(
        "criteria",
        "Criteria short of their need",
        [
            f"- {inline(c.criterion.name)}: {criterion_status(c)}"
            + (f" — skills: {', '.join(map(inline, c.criterion.skills))}" if c.criterion.skills else "")
            for c in short
        ],
        [
            {
                "id": c.criterion.id,
                "name": c.criterion.name,
                "need": c.criterion.need,
                "have": c.have,
                "status": c.status,
            }
            for c in short
        ],
    )


def _goals_gap(ctx: GapContext) -> Gap:
    linked = {g for e in ctx.entries for g in e.goal_ids}
    idle = [g for g in ctx.goals if g.status == "active" and g.id not in linked]
    return Gap(
        "goals_without_evidence",
        "Active goals with no evidence in this period",
        [
            f"- {inline(g.title)}"
            + (f" (due {g.due_on.isoformat()}{', overdue' if g.overdue(ctx.as_of) else ''})" if g.due_on else "")
            + f" — link a win: {code(f'journal link ENTRY {g.id}')}"
            for g in idle
        ],
        [
            {
                "id": g.id,
                "title": g.title,
                "due": g.due_on.isoformat() if g.due_on else None,
                "overdue": g.overdue(ctx.as_of),
            }
            for g in idle
        ],
    )


def _overdue_gap(ctx: GapContext) -> Gap:
    late = [g for g in ctx.goals if g.overdue(ctx.as_of)]
    return Gap(
        "overdue_goals",
        "Overdue goals",
        [
            f"- {inline(g.title)} (due {g.due_on}"  # an overdue goal always has a due date: date's str is ISO
            + (f", {g.progress:.0%}" if g.progress is not None else "")
            + ")"
            for g in late
        ],
        [
            {
                "id": g.id,
                "title": g.title,
                "due": g.due_on.isoformat() if g.due_on else None,
                "progress": None if g.progress is None else round(g.progress, 4),
            }
            for g in late
        ],
    )


def _overdue_milestones_gap(ctx: GapContext) -> Gap:
    """Milestones of active goals past their due date and not done by the period's end (as goal list says)."""
    late = [
        (g, m)
        for g in ctx.goals
        if g.status == "active"
        for m in g.milestones
        if m.due_on is not None and m.due_on < ctx.as_of and m.done_on is None
    ]
    return Gap(
        "overdue_milestones",
        "Overdue milestones",
        [f"- {inline(m.title)} (due {m.due_on}) — goal: {inline(g.title)}" for g, m in late],
        [
            {"id": m.id, "goal": g.id, "title": m.title, "due": m.due_on.isoformat() if m.due_on else None}
            for g, m in late
        ],
    )


def _feedback_gap(ctx: GapContext) -> Gap:
    open_items = [
        f
        for f in ctx.feedback_until_end
        if f.kind == "constructive" and f.id not in ctx.acted and not ctx.responses.get(f.id)
    ]
    return Gap(
        "unanswered_feedback",
        "Constructive feedback without a response",
        [
            f"- “{inline(f.text)}” — {inline(f.person)}, {f.received_on.isoformat()} — "
            + code(f"journal feedback respond {f.id} ENTRY")
            for f in open_items
        ],
        [f.to_dict() for f in open_items],
    )


def _impact_gap(ctx: GapContext) -> Gap:
    missing = [e for e in ctx.entries if e.starred and not e.impact]
    return Gap(
        "wins_without_impact",
        "Key wins without an impact",
        [
            f"- **{e.occurred_on.isoformat()}** {inline(e.title)} — add one: {code(f'journal edit {e.id}')} "
            f"(or {code('e')} in the app)"
            for e in missing
        ],
        [e.to_dict() for e in missing],
    )


def _stale_people_gap(ctx: GapContext) -> Gap:
    """Mentors and sponsors with no contact for too long (people.py decides who is stale, as of the period's end)."""
    from journal_tui import people

    section = ctx.people or people.stale_section(ctx.store, ctx.as_of, today=ctx.today)
    return Gap(
        "stale_people",
        "Mentors and sponsors you have lost touch with",
        [f"- {inline(line)}" for line in people.stale_gaps(section)],
        people.stale_gap_data(section),
    )


GapProvider = Callable[[GapContext], "Gap | None"]
# In the order they are shown.  Another feature adds a kind of gap by appending a provider.
GAP_PROVIDERS: list[GapProvider] = [
    _criteria_gap,
    _goals_gap,
    _overdue_gap,
    _overdue_milestones_gap,
    _feedback_gap,
    _impact_gap,
    _stale_people_gap,
]


def build_gaps(ctx: GapContext) -> Gaps:
    return Gaps([g for g in (provider(ctx) for provider in GAP_PROVIDERS) if g is not None])


# --- the case ---------------------------------------------------------------------------------------


@dataclass
class Case:
    role: str | None
    period: DateRange
    as_of: dt.date
    criteria: list[CriterionCase]
    gaps: Gaps
    impact: Impact
    goals: list[GoalRow]
    stamps: bool = True  # the evidence has its created/updated stamps (JSON needs them; Markdown does not)
    progress: list["GoalProgress"] = field(default_factory=list)  # every goal active in the period
    entries: list[EntryRow] = field(default_factory=list)  # the period's entries
    promotion: "promo.PromoSection | None" = None  # the promotion conversations of the period, the next retry

    @property
    def label(self) -> str:
        return quarter_label(self.period)


@dataclass
class Evidence:
    """Everything the case and the review's gaps are computed from, read once."""

    role: str | None
    criteria: list[CriterionCase]
    goals: list[GoalRow]
    gaps: Gaps
    impact: Impact
    as_of: dt.date


def gather(
    store: Reader,
    period: DateRange,
    entries: list[EntryRow],
    today: dt.date | None = None,
    flt: Filter = EVERYTHING,
    *,
    in_period: list[FeedbackRow] | None = None,
    people: "PeopleSection | None" = None,
) -> Evidence:
    """Criteria, goals as of the period's end, gaps and impact for `entries` (the period's, already read).

    `in_period` is the period's feedback under `flt` (oldest first) and `people` the period's people section
    as of its end with everyone in it (no person or role filter), when the caller has them already.
    """
    as_of = min(period.end, today or dt.date.today())
    if in_period is None:
        in_period = store.list_feedback(flt.within(period.start, period.end), limit=None, oldest_first=True)
    feedback = _open_before(store, period, flt, as_of) + in_period
    goals = goals_as_of(store, flt, as_of, today)
    with db.reading(store.path) as conn:
        role = roles.get_role(conn)
        criteria = roles.list_criteria(conn, as_of=as_of, today=today)
        answered = responses.responses_of(conn, [f.id for f in feedback], until=as_of)
        acted = responses.acted_on(conn, [f.id for f in feedback if f.kind == "constructive"], as_of, today)
    cases = criteria_cases(criteria, entries, in_period)
    ctx = GapContext(store, period, as_of, entries, goals, feedback, answered, cases, people, acted, today)
    return Evidence(role, cases, goals, build_gaps(ctx), Impact.of(entries), as_of)


def goals_as_of(store: Reader, flt: Filter, as_of: dt.date, today: dt.date | None) -> list[GoalRow]:
    """The goals `flt` names (all of them when it names none) as they stood on `as_of`."""
    goals = store.list_goals(Filter(clauses=flt.clauses, goal_ids=flt.goal_ids))
    with db.reading(store.path) as conn:
        return goal_history.as_of(conn, goals, as_of, today)


def _open_before(store: Reader, period: DateRange, flt: Filter, as_of: dt.date) -> list[FeedbackRow]:
    """Constructive feedback from before the period still without a response on `as_of`: the only older feedback
    a gap can list (no need to build rows for tens of thousands of older praise and notes, nor for the answered)."""
    before = period.start - dt.timedelta(days=1)
    constructive = replace(flt, clauses=(*flt.clauses, NameClause("kind", ("constructive",))))
    return store.unanswered_feedback(constructive.within(None, before), as_of)


def build_case(store: Reader, period: DateRange, today: dt.date | None = None, *, stamps: bool = True) -> Case:
    """The case for `period`: criteria with evidence and feedback, gaps, impact.

    `stamps=False` leaves out the entries' created/updated stamps, which only JSON shows (`to_data` refuses such
    a case): a tenth less to read for 100k entries."""
    with bulk(), store.reading():  # one connection and one snapshot for every read of the case (`db.joining`)
        case = _build_case(store, period, today, stamps)
        case.promotion = promo.promo_section(store, period)
    return case


def _build_case(store: Reader, period: DateRange, today: dt.date | None, stamps: bool) -> Case:
    entries = store.bulk_entries(Filter().within(period.start, period.end), stamps=stamps)
    ev = gather(store, period, entries, today)
    with db.reading(store.path) as conn:
        before = period.start - dt.timedelta(days=1)
        at_start = {g.id: g for g in goal_history.as_of(conn, store.list_goals(), before, today)}
    progress = goal_progress(ev.goals, at_start, period)
    return Case(ev.role, period, ev.as_of, ev.criteria, ev.gaps, ev.impact, ev.goals, stamps, progress, entries=entries)


@dataclass(frozen=True)
class GoalProgress:
    """A goal active at some time in the period: where it stood the day before, and on the period's last day."""

    goal: GoalRow  # as of the period's end
    start: GoalRow | None  # as of the day before the period (None: set during it)
    milestones_done: tuple[MilestoneRow, ...]  # done within the period

    def to_data(self, as_of: dt.date) -> dict[str, Any]:
        g = self.goal
        start = None if self.start is None or self.start.progress is None else round(self.start.progress, 4)
        end = None if g.progress is None else round(g.progress, 4)
        return {
            "id": g.id,
            "title": g.title,
            "status": g.status,
            "achieved_on": g.achieved_on and g.achieved_on.isoformat(),
            "due": g.due_on and g.due_on.isoformat(),
            "overdue": g.overdue(as_of),
            "progress_start": start,
            "progress_end": end,
            "measure": g.measure_values() or None,
            "milestones_done": [m.to_dict() for m in self.milestones_done],
        }


def goal_progress(at_end: list[GoalRow], at_start: dict[int, GoalRow], period: DateRange) -> list[GoalProgress]:
    """Goals active in the period: active at its end, or active at its start (achieved or dropped during it), or
    set during it; each with its progress at both ends and the milestones done in it."""
    out = []
    for g in at_end:
        start = at_start.get(g.id)
        if (
            g.status != "active"
            and (start is None or start.status != "active")
            and not (g.achieved_on and period.start <= g.achieved_on <= period.end)
        ):
            continue
        done = tuple(m for m in g.milestones if m.done_on and period.start <= m.done_on <= period.end)
        out.append(GoalProgress(g, start, done))
    return out


def beyond_role(case: "Case") -> list[EntryRow]:
    """The period's wins marked as work beyond the current role (`journal add --extra`), measured impact first."""
    return measured_first([e for e in case.entries if e.extra])


def progress_lines(items: list[GoalProgress], as_of: dt.date) -> list[str]:
    """'### Title (active, due 2027-03-31): 20% → 55%' with the milestones done in the period."""
    out: list[str] = []
    for p in items:
        g = p.goal
        late = ", overdue" if g.overdue(as_of) else ""
        due = f", due {g.due_on.isoformat()}" if g.due_on else ""
        begin = "new" if p.start is None else "—" if p.start.progress is None else f"{p.start.progress:.0%}"
        end = "—" if g.progress is None else f"{g.progress:.0%}"
        out += ["", f"- **{inline(g.title)}** ({g.status_text}{late}{due}): {begin} → {end}"]
        if g.measure:
            out.append(f"  - {inline(g.measure)}: {inline(g.measure_values())}")
        out += [f"  - ✔ {inline(m.title)} ({m.done_on.isoformat()})" for m in p.milestones_done if m.done_on]
    return out


# --- renderers ----------------------------------------------------------------------------------------


def summary(case: Case) -> str:
    counts = {s: sum(1 for c in case.criteria if c.status == s) for s in ("met", "partial", "gap")}
    return (
        f"**{counts['met']}** of {plural(len(case.criteria), 'criterion', 'criteria')} met · "
        f"{counts['partial']} partial · {plural(counts['gap'], 'gap')}"
    )


@bulk()
def to_markdown(case: Case) -> str:
    title = f"# Promotion case: {inline(case.role)}" if case.role else "# Promotion case"
    label = case.label
    out = [f"{title} — {label}" + (f" ({case.period.label()})" if label != case.period.label() else ""), ""]
    if not case.criteria:
        out += [
            "No criteria yet. Say what the next role requires:",
            "",
            '    journal role set "Staff Engineer"',
            '    journal role criterion add "Leads cross-team work" --skill leadership --need 3',
        ]
    else:
        out.append(f"- {summary(case)}")
    if case.impact.wins:
        out.append(f"- {case.impact.headline()}")
    for c in case.criteria:
        cr = c.criterion
        out += ["", f"## {inline(cr.name)} — {criterion_status(c)}", ""]
        meta = [f"_Skills: {', '.join(map(inline, cr.skills))}_"] if cr.skills else []
        if cr.note:
            meta.append(f"_{inline(cr.note)}_")
        if meta:
            out += [" · ".join(meta), ""]
        out += evidence_lines(c) or ["- _No evidence in this period._"]
        for f in c.feedback:
            if f.kind == "constructive" and c.status == "met":  # not support for the claim: what to grow next
                out += ["", "**To work on:**"] + quote_lines(f)
            else:
                out += [""] + quote_lines(f)
    beyond = beyond_role(case)
    if beyond:
        out += ["", "## Responsibilities beyond the role", ""] + win_lines(beyond, with_project=True)
    if case.progress:
        out += ["", "## Goals in this period"] + progress_lines(case.progress, case.as_of)
    out += case.gaps.markdown()
    out += promo.section_markdown(case.promotion)
    out.append("")  # the final newline, without copying the whole document once more
    return "\n".join(out)


@bulk()
def to_data(case: Case) -> dict[str, Any]:
    """The documented JSON shape: role, period, criteria, gaps (see README)."""
    if not case.stamps:
        raise ValueError("a case built with stamps=False has no entry stamps to put in JSON")
    return {
        "role": case.role,
        "period": {"start": case.period.start.isoformat(), "end": case.period.end.isoformat(), "label": case.label},
        "criteria": [c.to_data() for c in case.criteria],
        "goals": [p.to_data(case.as_of) for p in case.progress],
        "beyond_role": [e.to_dict() for e in beyond_role(case)],
        "gaps": case.gaps.to_data(),
        "promotion": promo.section_data(case.promotion),
    }


@bulk()
def to_json(case: Case) -> str:
    from journal_tui.output import to_json as dumps

    return dumps(to_data(case))
