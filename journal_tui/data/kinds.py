"""The closed vocabularies of the journal, defined once: goal statuses, feedback kinds, people's roles...

Stdlib only, so the quick paths, validation, the filter language and the CLI's `choices` use them without
importing SQLModel; `models.py` builds its CHECK constraints from them (PostgreSQL's schema is compiled from the
models), and `tests/test_models_parity.py` checks that SQLite's migrated schema says the same.  The order of each
vocabulary is the order users see it in (`--help`, error messages, the app's selects).

The released SQLite migrations (`schema.py`) spell the lists of their time and are never edited: a new value is a
new migration, then here.
"""

from enum import Enum, StrEnum


class GoalStatus(StrEnum):
    active = "active"
    achieved = "achieved"
    dropped = "dropped"


class FeedbackKind(StrEnum):
    praise = "praise"
    constructive = "constructive"
    neutral = "neutral"


class PersonRole(StrEnum):
    mentor = "mentor"
    manager = "manager"
    sponsor = "sponsor"
    peer = "peer"
    report = "report"
    skip_level = "skip-level"
    decision_maker = "decision-maker"
    other = "other"


class ContactKind(StrEnum):
    one_on_one = "1:1"
    coffee = "coffee"
    mentoring = "mentoring"
    review = "review"


class AskStatus(StrEnum):
    open = "open"
    answered = "answered"
    closed = "closed"


class PromoOutcome(StrEnum):
    promoted = "promoted"
    not_yet = "not-yet"
    deferred = "deferred"


class ReflectionKind(StrEnum):
    learned = "learned"
    setback = "setback"
    blocker = "blocker"
    focus = "focus"


class SuggestionKind(StrEnum):
    day = "day"
    merge = "merge"


class SuggestionStatus(StrEnum):
    pending = "pending"
    accepted = "accepted"
    skipped = "skipped"


def values(kind: type[Enum]) -> tuple[str, ...]:
    """The vocabulary's words, in order."""
    return tuple(str(member.value) for member in kind)


GOAL_STATUSES = values(GoalStatus)
FEEDBACK_KINDS = values(FeedbackKind)
PERSON_ROLES = values(PersonRole)
CONTACT_KINDS = values(ContactKind)
ASK_STATUSES = values(AskStatus)
PROMO_OUTCOMES = values(PromoOutcome)
REFLECTION_KINDS = values(ReflectionKind)
SUGGESTION_KINDS = values(SuggestionKind)
SUGGESTION_STATUSES = values(SuggestionStatus)


def check_sql(column: str, kind: type[Enum]) -> str:
    """`column IN ('a', 'b', ...)`: the CHECK a vocabulary's column carries (the words hold no quote)."""
    return f"{column} IN ({', '.join(repr(v) for v in values(kind))})"
