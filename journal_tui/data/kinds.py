"""The closed vocabularies of the journal, defined once: goal statuses, feedback kinds, people's roles...

Stdlib only, so the quick paths and validation use them without importing SQLModel; `models.py` builds its CHECK
constraints from them (PostgreSQL's schema comes from the models), and a test checks that SQLite's migrated schema
says the same.
"""

from enum import Enum


class GoalStatus(str, Enum):
    active = "active"
    achieved = "achieved"
    dropped = "dropped"


class FeedbackKind(str, Enum):
    praise = "praise"
    constructive = "constructive"
    neutral = "neutral"


def values(kind: type[Enum]) -> tuple[str, ...]:
    return tuple(str(member.value) for member in kind)
