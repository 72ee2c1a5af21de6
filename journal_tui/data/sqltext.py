"""Compiling a `query.Filter` into SQL text and parameters for entries, feedback and goals.

The one translation of the filter language to SQL, used by the CLI, the app's panes
and the review alike (pure Python: no SQLAlchemy, so reads start fast).  Every
condition is an indexed lookup or an EXISTS over a link table; free text goes
through FTS5 when the database has it.  Whatever is particular to SQLite (FTS5
MATCH and its tables, LIKE escaping, the functions used) lives in `SqliteDialect`,
so another dialect can sit beside it.

Semantics, kept from the first (SQLAlchemy) compiler and checked against it by
tests/test_sqltext_equivalence.py:
- a person value selects the person with exactly that name when there is one, else every
  person with a word of the name starting with it (`query.match_people` in Python);
- negated name clauses are NULL-safe (`-project:x` keeps entries without a project);
- feedback keys (tag, person, role, kind) match the entries that feedback is about;
  starred and goal match feedback about such entries;
- goals match through their evidence, their due date or evidence in the range, and text in their fields.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from journal_tui.data.dialects import SQLITE, Dialect
from journal_tui.query import Filter, NameClause
from journal_tui.validate import name_key

MIN_PREFIX = 2  # FTS5 keeps prefix indexes for 2 and 3 characters; a 1-character prefix would scan
NAME_TABLES = ("project", "skill", "tag", "person")


@dataclass
class Where:
    """Conditions ANDed together, with their parameters in order."""

    conds: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)

    def add(self, cond: str, *params: Any) -> None:
        self.conds.append(cond)
        self.params.extend(params)

    def extend(self, other: "Where") -> None:
        self.conds += other.conds
        self.params += other.params

    def sql(self) -> str:
        """`WHERE a AND b`, or nothing."""
        return " WHERE " + " AND ".join(f"({c})" for c in self.conds) if self.conds else ""

    def anded(self) -> str:
        return " AND ".join(f"({c})" for c in self.conds) if self.conds else "TRUE"


@dataclass(frozen=True)
class Plan:
    """How to shape the query for one filter (the result never depends on it, only the speed).

    `skill_exists`: test skills per entry (EXISTS on the link table's primary key) so the project or
    date index leads, instead of starting from every entry with the skill.
    `text`: how positive free text (FTS5) is applied: "list" builds the match list once (`id IN (...)`);
    "driver" leaves it out, because the caller reads the FTS table first and joins entries to it (pages and
    counts: no match list is built; 3x faster for a word in 16% of a million entries).  A per-entry probe
    (`MATCH ? AND rowid = entry.id`) was tried and dropped: FTS5 reloads the word's whole doclist per probe
    (measured again at 1M, a page of 50: 12 s for `"refunds"*`, 1 s for `"inc"*`).  For a broad word,
    `Reader._text_ids` gives the FTS table a rowid range (BETWEEN) instead, which FTS5 seeks to.
    """

    skill_exists: bool = False
    text: str = "list"


def _qs(values: Sequence[Any]) -> str:
    return ", ".join("?" for _ in values)


class Compiler:
    """Filter -> SQL conditions over the tables named entry, feedback and goal (no aliases)."""

    def __init__(self, dialect: Dialect = SQLITE, *, use_fts: bool = True) -> None:
        self.d = dialect
        self.use_fts = use_fts

    # --- names --------------------------------------------------------------------------------

    def name_ids(self, key: str, clause: NameClause) -> tuple[str, list[Any]]:
        """A subquery of the ids `clause` selects among projects, skills, tags, people (or by role)."""
        if key == "person":
            return self.person_ids(clause.values)
        if key == "role":
            return f"SELECT person.id FROM person WHERE person.role IN ({_qs(clause.values)})", list(clause.values)
        if key not in NAME_TABLES:
            raise ValueError(key)
        keys = [name_key(v) for v in clause.values]
        return f"SELECT {key}.id FROM {key} WHERE {key}.key IN ({_qs(keys)})", keys

    def person_ids(self, values: Sequence[str]) -> tuple[str, list[Any]]:
        """Per value: the exact name when there is one, else every person with a word starting with it."""
        parts, params = [], []
        for value in values:
            key = name_key(value)
            esc = self.d.escape_like(key)
            parts.append(
                "SELECT person.id FROM person WHERE person.key = ? OR (NOT EXISTS "
                "(SELECT 1 FROM person AS exact WHERE exact.key = ?) AND "
                f"({self.d.starts_with('person.key')} OR {self.d.contains('person.key')} OR "
                f"{self.d.contains('person.key')}))"
            )
            params += [key, key, esc, " " + esc, "-" + esc]
        return " UNION ".join(parts), params

    # --- free text ----------------------------------------------------------------------------

    def _text(self, table: str, id_col: str, like_cols: Sequence[str], flt: Filter, mode: str = "list") -> Where:
        """Free words (prefix match), phrases and excluded words, via FTS5 or LIKE."""
        w = Where()
        positives = [(t, len(t) >= MIN_PREFIX) for t in flt.words] + [(p, False) for p in flt.phrases]
        fts_ok = [self.use_fts and self.d.fts_usable(t) for t, _ in positives]
        fts_pos = [self.d.fts_phrase(t, prefix) for (t, prefix), ok in zip(positives, fts_ok, strict=True) if ok]
        if fts_pos:
            query = self.d.fts_and(fts_pos)
            if mode == "list":
                w.add(f"{id_col} IN ({self.d.fts_ids(table)})", query)
        for (term, _), ok in zip(positives, fts_ok, strict=True):
            if not ok:
                esc = self.d.escape_like(term)
                w.add(" OR ".join(self.d.contains_ci(c) for c in like_cols), *[esc] * len(like_cols))
        fts_neg = [self.d.fts_phrase(t, False) for t in flt.excluded if self.use_fts and self.d.fts_usable(t)]
        if fts_neg:
            w.add(f"{id_col} NOT IN ({self.d.fts_ids(table)})", self.d.fts_or(fts_neg))
        for term in flt.excluded:
            if not (self.use_fts and self.d.fts_usable(term)):
                # NULL-safe: NOT (NULL LIKE x) is NULL, which would drop entries that have no impact
                esc = self.d.escape_like(term)
                w.add(
                    " AND ".join(f"({c} IS NULL OR NOT {self.d.contains_ci(c)})" for c in like_cols),
                    *[esc] * len(like_cols),
                )
        return w

    def fts_query(self, flt: Filter) -> str | None:
        """The FTS5 query of the filter's positive words and phrases, or None when FTS cannot take any."""
        if not self.use_fts:
            return None
        positives = [(t, len(t) >= MIN_PREFIX) for t in flt.words] + [(p, False) for p in flt.phrases]
        parts = [self.d.fts_phrase(t, prefix) for t, prefix in positives if self.d.fts_usable(t)]
        return self.d.fts_and(parts) or None

    # --- entries ------------------------------------------------------------------------------

    @staticmethod
    def _negate(cond: str, negated: bool) -> str:
        return f"NOT ({cond})" if negated else cond

    def _about_entry(self, cond: str) -> str:
        """Entries some feedback matching `cond` is about: the feedback is looked up once (not per entry, which
        read every feedback row per entry when few are linked); NULLs are left out so NOT IN stays exact."""
        return f"entry.id IN (SELECT feedback.entry_id FROM feedback WHERE feedback.entry_id IS NOT NULL AND {cond})"

    def _project(self, w: Where, table: str, c: NameClause) -> None:
        """`project:` on entries and feedback alike; `-project:` also keeps the rows that have no project."""
        if len(c.values) == 1 and not c.negated:  # `=` lets the (project_id, occurred_on) index give the order
            w.add(f"{table}.project_id = (SELECT project.id FROM project WHERE project.key = ?)", name_key(c.values[0]))
            return
        ids, p = self.name_ids("project", c)
        inside = f"{table}.project_id IN ({ids})"
        w.add(f"{table}.project_id IS NULL OR NOT ({inside})" if c.negated else inside, *p)

    @staticmethod
    def _range_starred_goals(w: Where, flt: Filter, day: str, starred: str, entry_id: str) -> None:
        """The date range (on `day`), `starred:` (the condition `starred`, one `?`) and `goal:` (on the entry that
        `entry_id` names), the same for entries and for feedback through the entry it is about."""
        if flt.start:
            w.add(f"{day} >= ?", flt.start.isoformat())
        if flt.end:
            w.add(f"{day} <= ?", flt.end.isoformat())
        if flt.starred is not None:
            w.add(starred, bool(flt.starred))
        if flt.goal_ids:
            w.add(
                f"{entry_id} IN (SELECT entry_goal.entry_id FROM entry_goal WHERE entry_goal.goal_id IN "
                f"({_qs(flt.goal_ids)}))",
                *flt.goal_ids,
            )

    def entry_where(self, flt: Filter, *, include_text: bool = True, plan: Plan = Plan()) -> Where:
        """Conditions on `entry`; feedback keys (tag, person, role, kind) match entries that feedback is about."""
        w = Where()
        for c in flt.clauses:
            if c.key == "project":
                self._project(w, "entry", c)
            elif c.key == "skill":
                ids, p = self.name_ids("skill", c)
                if plan.skill_exists:
                    cond = (
                        f"EXISTS (SELECT 1 FROM entry_skill WHERE entry_skill.entry_id = entry.id "
                        f"AND entry_skill.skill_id IN ({ids}))"
                    )
                    w.add(self._negate(cond, c.negated), *p)
                else:  # IN: SQLite can drive the lookup from the link table's index
                    linked = f"SELECT entry_skill.entry_id FROM entry_skill WHERE entry_skill.skill_id IN ({ids})"
                    w.add(f"entry.id {'NOT IN' if c.negated else 'IN'} ({linked})", *p)
            elif c.key == "tag":
                ids, p = self.name_ids("tag", c)
                tagged = (
                    f"EXISTS (SELECT feedback_tag.tag_id FROM feedback_tag WHERE feedback_tag.feedback_id = "
                    f"feedback.id AND feedback_tag.tag_id IN ({ids}))"
                )
                w.add(self._negate(self._about_entry(tagged), c.negated), *p)
            elif c.key in ("person", "role"):
                ids, p = self.name_ids(c.key, c)
                w.add(self._negate(self._about_entry(f"feedback.person_id IN ({ids})"), c.negated), *p)
            elif c.key == "kind":
                w.add(self._negate(self._about_entry(f"feedback.kind IN ({_qs(c.values)})"), c.negated), *c.values)
        self._range_starred_goals(w, flt, "entry.occurred_on", "entry.starred = ?", "entry.id")
        if include_text and flt.has_text:
            w.extend(self._text("entry", "entry.id", ("entry.text", "entry.impact"), flt, plan.text))
        return w

    # --- feedback -----------------------------------------------------------------------------

    def feedback_where(self, flt: Filter) -> Where:
        """Conditions on `feedback`; starred and goal match feedback about such entries."""
        w = Where()
        for c in flt.clauses:
            if c.key == "project":
                self._project(w, "feedback", c)
            elif c.key in ("skill", "tag"):
                link = f"feedback_{c.key}"
                ids, p = self.name_ids(c.key, c)
                cond = (
                    f"EXISTS (SELECT 1 FROM {link} WHERE {link}.feedback_id = feedback.id "
                    f"AND {link}.{c.key}_id IN ({ids}))"
                )
                w.add(self._negate(cond, c.negated), *p)
            elif c.key in ("person", "role"):
                ids, p = self.name_ids(c.key, c)
                w.add(self._negate(f"feedback.person_id IN ({ids})", c.negated), *p)
            elif c.key == "kind":
                w.add(self._negate(f"feedback.kind IN ({_qs(c.values)})", c.negated), *c.values)
        self._range_starred_goals(
            w,
            flt,
            "feedback.received_on",
            "feedback.entry_id IN (SELECT entry.id FROM entry WHERE entry.starred = ?)",
            "feedback.entry_id",
        )
        if flt.has_text:
            w.extend(self._text("feedback", "feedback.id", ("feedback.text",), flt))
        return w

    # --- goals --------------------------------------------------------------------------------

    def goal_where(self, flt: Filter) -> Where:
        """Goals whose evidence matches the entry part of the filter, due or evidenced in the range, text in their
        fields."""
        w = Where()
        evidence_filter = Filter(clauses=flt.clauses, starred=flt.starred)
        evidence = "SELECT entry_goal.entry_id FROM entry_goal JOIN entry ON entry.id = entry_goal.entry_id"
        if not evidence_filter.is_empty:
            # a goal has a few links: test each linked entry's skills (EXISTS), never walk every entry with the skill
            # once per goal (300 goals x 30k entries with `skill:sql`: 0.8 s at 100k, 6 s at 1M)
            inner = Compiler(self.d, use_fts=False).entry_where(
                evidence_filter, include_text=False, plan=Plan(skill_exists=True)
            )
            w.add(f"EXISTS ({evidence} WHERE entry_goal.goal_id = goal.id AND {inner.anded()})", *inner.params)
        if flt.start or flt.end:
            due, in_range, p_due, p_range = [], [], [], []
            if flt.start:
                due.append("goal.due_on >= ?")
                in_range.append("entry.occurred_on >= ?")
                p_due.append(flt.start.isoformat())
                p_range.append(flt.start.isoformat())
            if flt.end:
                due.append("goal.due_on <= ?")
                in_range.append("entry.occurred_on <= ?")
                p_due.append(flt.end.isoformat())
                p_range.append(flt.end.isoformat())
            w.add(
                f"({' AND '.join(due)}) OR EXISTS ({evidence} WHERE entry_goal.goal_id = goal.id AND "
                f"{' AND '.join(in_range)})",
                *p_due,
                *p_range,
            )
        if flt.goal_ids:
            w.add(f"goal.id IN ({_qs(flt.goal_ids)})", *flt.goal_ids)
        cols = ("goal.title", "goal.specific", "goal.measure", "goal.relevant")
        for term in (*flt.words, *flt.phrases):
            w.add(" OR ".join(self.d.contains_ci(c) for c in cols), *[self.d.escape_like(term)] * len(cols))
        for term in flt.excluded:
            w.add(
                " AND ".join(f"({c} IS NULL OR NOT {self.d.contains_ci(c)})" for c in cols),
                *[self.d.escape_like(term)] * len(cols),
            )
        return w


def is_selective(flt: Filter) -> bool:
    """True when the filter narrows through an index of its own (project, skill, goal, text).

    Then the query should look the matches up and sort them, instead of walking the
    date index in order and testing every row (which scans everything when few match).
    """
    positive = any(not c.negated for c in flt.clauses)
    return positive or bool(flt.goal_ids or flt.words or flt.phrases)


def in_project_order(flt: Filter) -> bool:
    """True when one project (`project:billing`, one name) is the only term that narrows through an index:
    its (project_id, occurred_on) index then yields the entries newest first, and a page stops after its rows
    instead of sorting every entry of the project (80 ms -> under 1 ms for a project of 200k entries).
    Skills are then tested per entry (`choose_plan`); a goal, feedback terms or text lead by themselves."""
    positive = [c for c in flt.clauses if not c.negated]
    projects = [c for c in positive if c.key == "project"]
    return (
        len(projects) == 1
        and len(projects[0].values) == 1
        and all(c.key in ("project", "skill") for c in positive)
        and not (flt.goal_ids or flt.words or flt.phrases)
    )


def choose_plan(flt: Filter) -> Plan:
    """Shape the query so the most selective term leads (checked by EXPLAIN QUERY PLAN in tests/test_plans.py).

    A skill is shared by thousands of entries; a positive project or goal term, or a range of
    a year or less, narrows harder, so with one of those the skill is tested per entry (EXISTS).
    """
    narrower = any(c.key == "project" and not c.negated for c in flt.clauses) or bool(flt.goal_ids)
    if flt.start and flt.end and (flt.end - flt.start).days <= 400:
        narrower = True
    return Plan(skill_exists=narrower)


# --- whole statements -------------------------------------------------------------------------


@lru_cache(maxsize=4)
def entry_columns(d: Dialect) -> str:
    """The columns of an `EntryRow` (skills and goal ids joined with `rows.SEP`), FROM entry and its project."""
    return (
        "entry.id, entry.occurred_on, entry.text, project.name, "
        f"(SELECT {d.join_values('skill.name')} FROM skill JOIN entry_skill ON entry_skill.skill_id = skill.id "
        "WHERE entry_skill.entry_id = entry.id), "
        "entry.impact, entry.starred, "
        f"(SELECT {d.join_values('entry_goal.goal_id')} FROM entry_goal WHERE entry_goal.entry_id = entry.id), "
        "entry.created_at, entry.updated_at, entry.extra "
        "FROM entry LEFT OUTER JOIN project ON project.id = entry.project_id"
    )


@lru_cache(maxsize=4)
def feedback_columns(d: Dialect) -> str:
    """The columns of a `FeedbackRow`, FROM feedback with its person, project and entry."""
    return (
        "feedback.id, feedback.received_on, person.name, feedback.text, feedback.kind, "
        f"(SELECT {d.join_values('tag.name')} FROM tag JOIN feedback_tag ON feedback_tag.tag_id = tag.id "
        "WHERE feedback_tag.feedback_id = feedback.id), "
        f"(SELECT {d.join_values('skill.name')} FROM skill JOIN feedback_skill ON feedback_skill.skill_id = skill.id "
        "WHERE feedback_skill.feedback_id = feedback.id), "
        "project.name, feedback.entry_id, entry.text "
        "FROM feedback JOIN person ON person.id = feedback.person_id "
        "LEFT OUTER JOIN project ON project.id = feedback.project_id "
        "LEFT OUTER JOIN entry ON entry.id = feedback.entry_id"
    )


GOAL_COLUMNS = (
    "goal.id, goal.title, goal.specific, goal.measure, goal.target, goal.current, goal.relevant, "
    "goal.due_on, goal.status, goal.achieved_on, goal.baseline, goal.feedback_id FROM goal"
)
