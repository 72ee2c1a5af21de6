"""REFERENCE ONLY (tests): the SQLAlchemy filter compiler and Store reads as they were before `sqltext`/`reader`.

Kept so tests/test_sqltext_equivalence.py can prove the new stdlib read path returns the same rows.
The original docstring follows.

Compiling a `query.Filter` into SQLAlchemy conditions for entries, feedback and goals.

One translation of the filter language to SQL, used by CLI listing, the TUI panes
and the review alike.  Every condition is an indexed lookup or an EXISTS over a
link table; free text goes through FTS5 when the database has it.
"""

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    and_,
    column,
    create_engine,
    exists,
    func,
    literal_column,
    not_,
    or_,
    select,
    table,
    true,
    tuple_,
    union,
)
from sqlalchemy.engine import Row
from sqlalchemy.orm import Mapped, Session, aliased
from sqlalchemy.sql.selectable import CompoundSelect, ScalarSelect, Select
from sqlmodel import SQLModel, col

from journal_tui.data.models import (
    Entry,
    EntryGoal,
    EntrySkill,
    Feedback,
    FeedbackSkill,
    FeedbackTag,
    Goal,
    Milestone,
    Person,
    Project,
    Skill,
    Tag,
)
from journal_tui.data.store import Store
from journal_tui.query import Filter, NameClause
from journal_tui.rows import SEP, EntryRow, FeedbackRow, GoalRow, MilestoneRow, title_of
from journal_tui.validate import name_key

# a column of a model, as SQLModel's `col()` gives it; a query of ids; a model of names
Column = Mapped[Any]
IdSelect = Select[int | None] | CompoundSelect[int | None]
NameModel = type[Project] | type[Skill] | type[Tag] | type[Person]

_NAME_MODELS = {"project": Project, "skill": Skill, "tag": Tag, "person": Person}
_WORDY = re.compile(r"\w", re.UNICODE)
MIN_PREFIX = 2


def _ids(key: str, clause: NameClause) -> IdSelect:
    if key == "person":
        return person_ids(clause.values)
    model = _NAME_MODELS[key]
    return select(col(model.id)).where(col(model.key).in_([name_key(v) for v in clause.values]))


def person_ids(values: Sequence[str]) -> IdSelect:
    """Ids of the people `values` select: per value, the exact name when there is one, else every
    person with a word of the name starting with it (`query.match_people` is the same rule in Python)."""
    parts: list[Select[int | None]] = []
    for value in values:
        key = name_key(value)
        exact = aliased(Person)
        has_exact = exists(select(col(exact.id)).where(col(exact.key) == key))
        prefix = or_(
            col(Person.key).startswith(key, autoescape=True),
            col(Person.key).contains(" " + key, autoescape=True),
            col(Person.key).contains("-" + key, autoescape=True),
        )
        parts.append(select(col(Person.id)).where(or_(col(Person.key) == key, and_(not_(has_exact), prefix))))
    return union(*parts) if len(parts) > 1 else parts[0]


def role_ids(clause: NameClause) -> IdSelect:
    return select(col(Person.id)).where(col(Person.role).in_(clause.values))


def _fts_phrase(term: str, prefix: bool) -> str:
    return '"' + term.replace('"', '""') + '"' + ("*" if prefix else "")


def _text_condition(
    fts_table: str, id_col: Column, like_cols: list[Column], flt: Filter, use_fts: bool
) -> list[ColumnElement[bool]]:
    """Free words (prefix match), phrases and excluded words, via FTS5 or LIKE."""
    conds: list[ColumnElement[bool]] = []
    # prefix match from two characters: FTS5 keeps prefix indexes for 2 and 3, a 1-character prefix scans
    positives = [(w, len(w) >= MIN_PREFIX) for w in flt.words] + [(p, False) for p in flt.phrases]
    fts = table(fts_table, column("rowid"))
    match = literal_column(fts_table).op("MATCH")
    fts_pos = [_fts_phrase(t, prefix) for t, prefix in positives if use_fts and _WORDY.search(t)]
    like_pos = [t for t, _ in positives if not (use_fts and _WORDY.search(t))]
    if fts_pos:
        conds.append(id_col.in_(select(fts.c.rowid).where(match(" AND ".join(fts_pos)))))
    for term in like_pos:
        conds.append(or_(*[col.icontains(term, autoescape=True) for col in like_cols]))
    fts_neg = [_fts_phrase(t, False) for t in flt.excluded if use_fts and _WORDY.search(t)]
    if fts_neg:
        conds.append(id_col.not_in(select(fts.c.rowid).where(match(" OR ".join(fts_neg)))))
    for term in flt.excluded:
        if not (use_fts and _WORDY.search(term)):
            # NULL-safe: NOT (NULL LIKE x) is NULL, which would drop entries that have no impact
            conds.append(and_(*[or_(col.is_(None), not_(col.icontains(term, autoescape=True))) for col in like_cols]))
    return conds


def _maybe_negate(cond: ColumnElement[bool], negated: bool) -> ColumnElement[bool]:
    return not_(cond) if negated else cond


def _feedback_about_entry(extra: ColumnElement[bool]) -> ColumnElement[bool]:
    return exists(select(col(Feedback.id)).where(col(Feedback.entry_id) == col(Entry.id), extra))


def entry_conditions(flt: Filter, *, use_fts: bool, include_text: bool = True) -> list[ColumnElement[bool]]:
    """Conditions on `Entry`; feedback keys (tag, person, kind) match entries that feedback is about."""
    conds: list[ColumnElement[bool]] = []
    for c in flt.clauses:
        if c.key == "project":
            cond = col(Entry.project_id).in_(_ids("project", c))
            conds.append(or_(col(Entry.project_id).is_(None), not_(cond)) if c.negated else cond)
        elif c.key == "skill":
            # IN (not a correlated EXISTS): SQLite drives the lookup from the link table's index
            linked = select(col(EntrySkill.entry_id)).where(col(EntrySkill.skill_id).in_(_ids("skill", c)))
            conds.append(col(Entry.id).not_in(linked) if c.negated else col(Entry.id).in_(linked))
        elif c.key == "tag":
            tagged = exists(
                select(col(FeedbackTag.tag_id)).where(
                    col(FeedbackTag.feedback_id) == col(Feedback.id), col(FeedbackTag.tag_id).in_(_ids("tag", c))
                )
            )
            conds.append(_maybe_negate(_feedback_about_entry(tagged), c.negated))
        elif c.key == "person":
            conds.append(
                _maybe_negate(_feedback_about_entry(col(Feedback.person_id).in_(_ids("person", c))), c.negated)
            )
        elif c.key == "role":
            conds.append(_maybe_negate(_feedback_about_entry(col(Feedback.person_id).in_(role_ids(c))), c.negated))
        elif c.key == "kind":
            conds.append(_maybe_negate(_feedback_about_entry(col(Feedback.kind).in_(c.values)), c.negated))
    if flt.start:
        conds.append(col(Entry.occurred_on) >= flt.start)
    if flt.end:
        conds.append(col(Entry.occurred_on) <= flt.end)
    if flt.starred is not None:
        conds.append(col(Entry.starred) == flt.starred)
    if flt.goal_ids:
        conds.append(col(Entry.id).in_(select(col(EntryGoal.entry_id)).where(col(EntryGoal.goal_id).in_(flt.goal_ids))))
    if include_text and flt.has_text:
        conds += _text_condition("entry_fts", col(Entry.id), [col(Entry.text), col(Entry.impact)], flt, use_fts)
    return conds


def is_selective(flt: Filter) -> bool:
    """True when the filter narrows through an index of its own (project, skill, goal, text).

    Then the query should look the matches up and sort them, instead of walking the
    date index in order and testing every row (which scans everything when few match).
    """
    positive = any(not c.negated for c in flt.clauses)
    return positive or bool(flt.goal_ids or flt.words or flt.phrases)


def feedback_conditions(flt: Filter, *, use_fts: bool) -> list[ColumnElement[bool]]:
    """Conditions on `Feedback`; starred and goal match feedback about such entries."""
    conds: list[ColumnElement[bool]] = []
    for c in flt.clauses:
        if c.key == "project":
            cond: ColumnElement[bool] = col(Feedback.project_id).in_(_ids("project", c))
            conds.append(or_(col(Feedback.project_id).is_(None), not_(cond)) if c.negated else cond)
        elif c.key == "skill":
            cond = exists(
                select(col(FeedbackSkill.skill_id)).where(
                    col(FeedbackSkill.feedback_id) == col(Feedback.id),
                    col(FeedbackSkill.skill_id).in_(_ids("skill", c)),
                )
            )
            conds.append(_maybe_negate(cond, c.negated))
        elif c.key == "tag":
            cond = exists(
                select(col(FeedbackTag.tag_id)).where(
                    col(FeedbackTag.feedback_id) == col(Feedback.id), col(FeedbackTag.tag_id).in_(_ids("tag", c))
                )
            )
            conds.append(_maybe_negate(cond, c.negated))
        elif c.key == "person":
            conds.append(_maybe_negate(col(Feedback.person_id).in_(_ids("person", c)), c.negated))
        elif c.key == "role":
            conds.append(_maybe_negate(col(Feedback.person_id).in_(role_ids(c)), c.negated))
        elif c.key == "kind":
            conds.append(_maybe_negate(col(Feedback.kind).in_(c.values), c.negated))
    if flt.start:
        conds.append(col(Feedback.received_on) >= flt.start)
    if flt.end:
        conds.append(col(Feedback.received_on) <= flt.end)
    if flt.starred is not None:
        conds.append(col(Feedback.entry_id).in_(select(col(Entry.id)).where(col(Entry.starred) == flt.starred)))
    if flt.goal_ids:
        conds.append(
            col(Feedback.entry_id).in_(select(col(EntryGoal.entry_id)).where(col(EntryGoal.goal_id).in_(flt.goal_ids)))
        )
    if flt.has_text:
        conds += _text_condition("feedback_fts", col(Feedback.id), [col(Feedback.text)], flt, use_fts)
    return conds


def goal_conditions(flt: Filter) -> list[ColumnElement[bool]]:
    """Goals whose evidence matches the entry part of the filter, due or evidenced in the range, text in their
    fields."""
    conds: list[ColumnElement[bool]] = []
    evidence_filter = Filter(clauses=flt.clauses, starred=flt.starred)
    if not evidence_filter.is_empty:
        entry_conds = entry_conditions(evidence_filter, use_fts=False, include_text=False)
        conds.append(
            exists(
                select(col(EntryGoal.entry_id))
                .join(Entry, col(Entry.id) == col(EntryGoal.entry_id))
                .where(col(EntryGoal.goal_id) == col(Goal.id), *entry_conds)
            )
        )
    if flt.start or flt.end:
        in_range = and_(
            col(Entry.occurred_on) >= flt.start if flt.start else true(),
            col(Entry.occurred_on) <= flt.end if flt.end else true(),
        )
        due = and_(
            col(Goal.due_on) >= flt.start if flt.start else true(), col(Goal.due_on) <= flt.end if flt.end else true()
        )
        evidenced = exists(
            select(col(EntryGoal.entry_id))
            .join(Entry, col(Entry.id) == col(EntryGoal.entry_id))
            .where(col(EntryGoal.goal_id) == col(Goal.id), in_range)
        )
        conds.append(or_(due, evidenced))
    if flt.goal_ids:
        conds.append(col(Goal.id).in_(flt.goal_ids))
    cols = [col(Goal.title), col(Goal.specific), col(Goal.measure), col(Goal.relevant)]
    for term in (*flt.words, *flt.phrases):
        conds.append(or_(*[col.icontains(term, autoescape=True) for col in cols]))
    for term in flt.excluded:
        conds.append(and_(*[or_(col.is_(None), not_(col.icontains(term, autoescape=True))) for col in cols]))
    return conds or [true()]


NAME_MODELS = {"project": Project, "skill": Skill, "tag": Tag, "person": Person}


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(sorted(value.split(SEP), key=str.casefold)) if value else ()


def _names_of(link_model: type[SQLModel], owner_col: str, name_model: NameModel, owner_id: Column) -> ScalarSelect[str]:
    return (
        select(func.group_concat(col(name_model.name), SEP))
        .join(link_model, getattr(link_model, f"{name_model.__tablename__}_id") == col(name_model.id))
        .where(getattr(link_model, owner_col) == owner_id)
        .scalar_subquery()
    )


class ReferenceReads:
    """The old Store's reads over a Store's engine."""

    def __init__(self, store: Store) -> None:
        self.engine = create_engine(f"sqlite:///{store.path}")
        self.use_fts = store.use_fts

    def read(self) -> Session:
        return Session(self.engine)

    def _entry_select(self) -> Select[*tuple[Any, ...]]:
        return select(
            col(Entry.id),
            col(Entry.occurred_on),
            col(Entry.text),
            col(Project.name),
            _names_of(EntrySkill, "entry_id", Skill, col(Entry.id)),
            col(Entry.impact),
            col(Entry.starred),
            select(func.group_concat(col(EntryGoal.goal_id), SEP))
            .where(col(EntryGoal.entry_id) == col(Entry.id))
            .scalar_subquery(),
            col(Entry.created_at),
            col(Entry.updated_at),
        ).outerjoin(Project, col(Project.id) == col(Entry.project_id))

    @staticmethod
    def _entry_row(r: Row[*tuple[Any, ...]]) -> EntryRow:
        goals = tuple(sorted(int(g) for g in r[7].split(SEP))) if r[7] else ()
        return EntryRow(r[0], r[1], r[2], r[3], _split(r[4]), r[5], bool(r[6]), goals, r[8], r[9])

    def list_entries(
        self,
        flt: Filter = Filter(),
        *,
        limit: int | None = 200,
        after: tuple[dt.date, int] | None = None,
        oldest_first: bool = False,
    ) -> list[EntryRow]:
        """Newest first, keyset-paged on (occurred_on, id): constant cost per page at any size."""
        key = tuple_(col(Entry.occurred_on), col(Entry.id))
        ids = select(col(Entry.id)).where(*entry_conditions(flt, use_fts=self.use_fts))
        if after is not None:
            ids = ids.where(key > tuple_(*after) if oldest_first else key < tuple_(*after))
        # unary + keeps SQLite from walking the date index for ORDER BY when the filter is selective
        cols = (
            (literal_column("+entry.occurred_on"), literal_column("+entry.id"))
            if is_selective(flt)
            else (col(Entry.occurred_on), col(Entry.id))
        )
        plain = (col(Entry.occurred_on), col(Entry.id))
        order, final = (
            (cols, plain) if oldest_first else (tuple(c.desc() for c in cols), tuple(c.desc() for c in plain))
        )
        if limit is None:
            stmt = self._entry_select().where(col(Entry.id).in_(ids)).order_by(*final)
        else:  # pick the page's ids first, then build rows (skills, goals) for those ids only
            stmt = self._entry_select().where(col(Entry.id).in_(ids.order_by(*order).limit(limit))).order_by(*final)
        with self.read() as s:
            return [self._entry_row(r) for r in s.execute(stmt)]

    def count_entries(self, flt: Filter = Filter()) -> int:
        with self.read() as s:
            return (
                s.scalar(select(func.count()).select_from(Entry).where(*entry_conditions(flt, use_fts=self.use_fts)))
                or 0
            )

    def list_goals(self, flt: Filter = Filter(), *, statuses: Sequence[str] | None = None) -> list[GoalRow]:
        """Goals with milestones and evidence counts, in three queries whatever the count."""
        stmt = select(Goal).where(*goal_conditions(flt))
        if statuses:
            stmt = stmt.where(col(Goal.status).in_(statuses))
        status_order = func.instr("active achieved dropped", col(Goal.status))
        stmt = stmt.order_by(status_order, col(Goal.due_on).is_(None), col(Goal.due_on), col(Goal.id))
        with self.read() as s:
            goals = list(s.scalars(stmt))
            ids = [g.id for g in goals]
            miles: dict[int, list[MilestoneRow]] = {}
            for m in s.scalars(
                select(Milestone)
                .where(col(Milestone.goal_id).in_(ids))
                .order_by(col(Milestone.due_on).is_(None), col(Milestone.due_on), col(Milestone.id))
            ):
                assert m.id is not None  # a row read back has its id
                miles.setdefault(m.goal_id, []).append(MilestoneRow(m.id, m.goal_id, m.title, m.due_on, m.done_on))
            counts = dict(
                s.execute(
                    select(col(EntryGoal.goal_id), func.count())
                    .where(col(EntryGoal.goal_id).in_(ids))
                    .group_by(col(EntryGoal.goal_id))
                ).all()
            )
            rows = []
            for g in goals:
                assert g.id is not None
                rows.append(
                    GoalRow(
                        g.id,
                        g.title,
                        g.specific,
                        g.measure,
                        g.target,
                        g.current,
                        g.relevant,
                        g.due_on,
                        g.status,
                        g.achieved_on,
                        tuple(miles.get(g.id, ())),
                        counts.get(g.id, 0),
                        g.baseline,
                        g.feedback_id,
                    )
                )
            return rows

    def count_goals(self, flt: Filter = Filter()) -> int:
        with self.read() as s:
            return s.scalar(select(func.count()).select_from(Goal).where(*goal_conditions(flt))) or 0

    def _feedback_select(self) -> Select[*tuple[Any, ...]]:
        return (
            select(
                col(Feedback.id),
                col(Feedback.received_on),
                col(Person.name),
                col(Feedback.text),
                col(Feedback.kind),
                _names_of(FeedbackTag, "feedback_id", Tag, col(Feedback.id)),
                _names_of(FeedbackSkill, "feedback_id", Skill, col(Feedback.id)),
                col(Project.name),
                col(Feedback.entry_id),
                col(Entry.text),
            )
            .join(Person, col(Person.id) == col(Feedback.person_id))
            .outerjoin(Project, col(Project.id) == col(Feedback.project_id))
            .outerjoin(Entry, col(Entry.id) == col(Feedback.entry_id))
        )

    def _feedback_rows(
        self,
        *conds: ColumnElement[bool],
        limit: int | None,
        after: tuple[dt.date, int] | None = None,
        oldest_first: bool = False,
    ) -> list[FeedbackRow]:
        stmt = self._feedback_select().where(*conds)
        key = tuple_(col(Feedback.received_on), col(Feedback.id))
        if after is not None:
            stmt = stmt.where(key > tuple_(*after) if oldest_first else key < tuple_(*after))
        order = (
            (col(Feedback.received_on), col(Feedback.id))
            if oldest_first
            else (col(Feedback.received_on).desc(), col(Feedback.id).desc())
        )
        with self.read() as s:
            rows = s.execute(stmt.order_by(*order).limit(limit))
            return [
                FeedbackRow(
                    r[0],
                    r[1],
                    r[2],
                    r[3],
                    r[4],
                    _split(r[5]),
                    _split(r[6]),
                    r[7],
                    r[8],
                    title_of(r[9]) if r[9] else None,
                )
                for r in rows
            ]

    def list_feedback(
        self,
        flt: Filter = Filter(),
        *,
        limit: int | None = 200,
        after: tuple[dt.date, int] | None = None,
        oldest_first: bool = False,
    ) -> list[FeedbackRow]:
        return self._feedback_rows(
            *feedback_conditions(flt, use_fts=self.use_fts), limit=limit, after=after, oldest_first=oldest_first
        )

    def count_feedback(self, flt: Filter = Filter()) -> int:
        with self.read() as s:
            return (
                s.scalar(
                    select(func.count()).select_from(Feedback).where(*feedback_conditions(flt, use_fts=self.use_fts))
                )
                or 0
            )

    def names(self, kind: str) -> list[str]:
        model = NAME_MODELS[kind]
        with self.read() as s:
            return list(s.scalars(select(col(model.name)).order_by(col(model.key))))

    def name_counts(self, kind: str, flt: Filter = Filter()) -> list[tuple[str, int]]:
        """Names with how often they are used under `flt` (most used first): facets and `journal skills`."""
        model = NAME_MODELS[kind]
        if kind == "project":
            stmt = (
                select(col(Project.name), func.count())
                .join(Entry, col(Entry.project_id) == col(Project.id))
                .where(*entry_conditions(flt, use_fts=self.use_fts))
                .group_by(col(Project.id))
            )
        elif kind == "skill":
            stmt = (
                select(col(Skill.name), func.count())
                .join(EntrySkill, col(EntrySkill.skill_id) == col(Skill.id))
                .join(Entry, col(Entry.id) == col(EntrySkill.entry_id))
                .where(*entry_conditions(flt, use_fts=self.use_fts))
                .group_by(col(Skill.id))
            )
        elif kind == "tag":
            stmt = (
                select(col(Tag.name), func.count())
                .join(FeedbackTag, col(FeedbackTag.tag_id) == col(Tag.id))
                .join(Feedback, col(Feedback.id) == col(FeedbackTag.feedback_id))
                .where(*feedback_conditions(flt, use_fts=self.use_fts))
                .group_by(col(Tag.id))
            )
        else:
            stmt = (
                select(col(Person.name), func.count())
                .join(Feedback, col(Feedback.person_id) == col(Person.id))
                .where(*feedback_conditions(flt, use_fts=self.use_fts))
                .group_by(col(Person.id))
            )
        with self.read() as s:
            rows = [(r[0], int(r[1])) for r in s.execute(stmt)]
        rows.sort(key=lambda r: (-r[1], r[0].casefold()))
        if flt.is_empty:  # unused names still exist; show them with 0
            seen = {n.casefold() for n, _ in rows}
            with self.read() as s:
                rows += [
                    (n, 0)
                    for n in s.scalars(select(col(model.name)).order_by(col(model.key)))
                    if n.casefold() not in seen
                ]
        return rows
