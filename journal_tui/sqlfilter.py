"""Compiling a `query.Filter` into SQLAlchemy conditions for entries, feedback and goals.

One translation of the filter language to SQL, used by CLI listing, the TUI panes
and the review alike.  Every condition is an indexed lookup or an EXISTS over a
link table; free text goes through FTS5 when the database has it.
"""

import re
from collections.abc import Sequence

from sqlalchemy import ColumnElement, and_, column, exists, literal_column, not_, or_, select, table, true, union
from sqlalchemy.orm import aliased

from journal_tui.models import (Entry, EntryGoal, EntrySkill, Feedback, FeedbackSkill, FeedbackTag, Goal, Person,
                                Project, Skill, Tag)
from journal_tui.query import Filter, NameClause
from journal_tui.validate import name_key

_NAME_MODELS = {"project": Project, "skill": Skill, "tag": Tag, "person": Person}
_WORDY = re.compile(r"\w", re.UNICODE)
MIN_PREFIX = 2


def _ids(key: str, clause: NameClause):
    if key == "person":
        return person_ids(clause.values)
    model = _NAME_MODELS[key]
    return select(model.id).where(model.key.in_([name_key(v) for v in clause.values]))


def person_ids(values: Sequence[str]):
    """Ids of the people `values` select: per value, the exact name when there is one, else every
    person with a word of the name starting with it (`query.match_people` is the same rule in Python)."""
    parts = []
    for value in values:
        key = name_key(value)
        exact = aliased(Person)
        has_exact = exists(select(exact.id).where(exact.key == key))
        prefix = or_(Person.key.startswith(key, autoescape=True), Person.key.contains(" " + key, autoescape=True),
                     Person.key.contains("-" + key, autoescape=True))
        parts.append(select(Person.id).where(or_(Person.key == key, and_(not_(has_exact), prefix))))
    return union(*parts) if len(parts) > 1 else parts[0]


def role_ids(clause: NameClause):
    return select(Person.id).where(Person.role.in_(clause.values))


def _fts_phrase(term: str, prefix: bool) -> str:
    return '"' + term.replace('"', '""') + '"' + ("*" if prefix else "")


def _text_condition(fts_table: str, id_col, like_cols: list, flt: Filter, use_fts: bool) -> list[ColumnElement[bool]]:
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
    return exists(select(Feedback.id).where(Feedback.entry_id == Entry.id, extra))


def entry_conditions(flt: Filter, *, use_fts: bool, include_text: bool = True) -> list[ColumnElement[bool]]:
    """Conditions on `Entry`; feedback keys (tag, person, kind) match entries that feedback is about."""
    conds: list[ColumnElement[bool]] = []
    for c in flt.clauses:
        if c.key == "project":
            cond = Entry.project_id.in_(_ids("project", c))
            conds.append(or_(Entry.project_id.is_(None), not_(cond)) if c.negated else cond)
        elif c.key == "skill":
            # IN (not a correlated EXISTS): SQLite drives the lookup from the link table's index
            linked = select(EntrySkill.entry_id).where(EntrySkill.skill_id.in_(_ids("skill", c)))
            conds.append(Entry.id.not_in(linked) if c.negated else Entry.id.in_(linked))
        elif c.key == "tag":
            tagged = exists(select(FeedbackTag.tag_id).where(FeedbackTag.feedback_id == Feedback.id, FeedbackTag.tag_id.in_(_ids("tag", c))))
            conds.append(_maybe_negate(_feedback_about_entry(tagged), c.negated))
        elif c.key == "person":
            conds.append(_maybe_negate(_feedback_about_entry(Feedback.person_id.in_(_ids("person", c))), c.negated))
        elif c.key == "role":
            conds.append(_maybe_negate(_feedback_about_entry(Feedback.person_id.in_(role_ids(c))), c.negated))
        elif c.key == "kind":
            conds.append(_maybe_negate(_feedback_about_entry(Feedback.kind.in_(c.values)), c.negated))
    if flt.start:
        conds.append(Entry.occurred_on >= flt.start)
    if flt.end:
        conds.append(Entry.occurred_on <= flt.end)
    if flt.starred is not None:
        conds.append(Entry.starred == flt.starred)
    if flt.goal_ids:
        conds.append(Entry.id.in_(select(EntryGoal.entry_id).where(EntryGoal.goal_id.in_(flt.goal_ids))))
    if include_text and flt.has_text:
        conds += _text_condition("entry_fts", Entry.id, [Entry.text, Entry.impact], flt, use_fts)
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
            cond = Feedback.project_id.in_(_ids("project", c))
            conds.append(or_(Feedback.project_id.is_(None), not_(cond)) if c.negated else cond)
        elif c.key == "skill":
            cond = exists(select(FeedbackSkill.skill_id).where(FeedbackSkill.feedback_id == Feedback.id, FeedbackSkill.skill_id.in_(_ids("skill", c))))
            conds.append(_maybe_negate(cond, c.negated))
        elif c.key == "tag":
            cond = exists(select(FeedbackTag.tag_id).where(FeedbackTag.feedback_id == Feedback.id, FeedbackTag.tag_id.in_(_ids("tag", c))))
            conds.append(_maybe_negate(cond, c.negated))
        elif c.key == "person":
            conds.append(_maybe_negate(Feedback.person_id.in_(_ids("person", c)), c.negated))
        elif c.key == "role":
            conds.append(_maybe_negate(Feedback.person_id.in_(role_ids(c)), c.negated))
        elif c.key == "kind":
            conds.append(_maybe_negate(Feedback.kind.in_(c.values), c.negated))
    if flt.start:
        conds.append(Feedback.received_on >= flt.start)
    if flt.end:
        conds.append(Feedback.received_on <= flt.end)
    if flt.starred is not None:
        conds.append(Feedback.entry_id.in_(select(Entry.id).where(Entry.starred == flt.starred)))
    if flt.goal_ids:
        conds.append(Feedback.entry_id.in_(select(EntryGoal.entry_id).where(EntryGoal.goal_id.in_(flt.goal_ids))))
    if flt.has_text:
        conds += _text_condition("feedback_fts", Feedback.id, [Feedback.text], flt, use_fts)
    return conds


def goal_conditions(flt: Filter) -> list[ColumnElement[bool]]:
    """Goals whose evidence matches the entry part of the filter, due or evidenced in the range, text in their fields."""
    conds: list[ColumnElement[bool]] = []
    evidence_filter = Filter(clauses=flt.clauses, starred=flt.starred)
    if not evidence_filter.is_empty:
        entry_conds = entry_conditions(evidence_filter, use_fts=False, include_text=False)
        conds.append(exists(select(EntryGoal.entry_id).join(Entry, Entry.id == EntryGoal.entry_id)
                            .where(EntryGoal.goal_id == Goal.id, *entry_conds)))
    if flt.start or flt.end:
        in_range = and_(Entry.occurred_on >= flt.start if flt.start else true(),
                        Entry.occurred_on <= flt.end if flt.end else true())
        due = and_(Goal.due_on >= flt.start if flt.start else true(), Goal.due_on <= flt.end if flt.end else true())
        evidenced = exists(select(EntryGoal.entry_id).join(Entry, Entry.id == EntryGoal.entry_id)
                           .where(EntryGoal.goal_id == Goal.id, in_range))
        conds.append(or_(due, evidenced))
    if flt.goal_ids:
        conds.append(Goal.id.in_(flt.goal_ids))
    cols = [Goal.title, Goal.specific, Goal.measure, Goal.relevant]
    for term in (*flt.words, *flt.phrases):
        conds.append(or_(*[col.icontains(term, autoescape=True) for col in cols]))
    for term in flt.excluded:
        conds.append(and_(*[or_(col.is_(None), not_(col.icontains(term, autoescape=True))) for col in cols]))
    return conds or [true()]

