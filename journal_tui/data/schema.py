"""SQLite journals, made and upgraded by ordered SQL migrations.

Each element of `MIGRATIONS` takes the database from version N to N+1 and is
never edited once released (a journal written by it may be on someone's disk).
`models.py` is the one definition of the tables (PostgreSQL's schema is compiled
from it); `tests/test_models_parity.py` proves that these migrations produce exactly
the models' tables, columns, keys, constraints and indexes.  Plain SQL keeps this
importable without SQLAlchemy.
"""

_NAME_TABLE = """
CREATE TABLE {0} (
    id INTEGER PRIMARY KEY,
    name VARCHAR NOT NULL,
    key VARCHAR NOT NULL UNIQUE,
    created_at DATETIME NOT NULL
);
"""

V1 = (
    "".join(_NAME_TABLE.format(t) for t in ("project", "skill", "tag", "person"))
    + """
CREATE TABLE entry (
    id INTEGER PRIMARY KEY,
    occurred_on DATE NOT NULL,
    text VARCHAR NOT NULL,
    project_id INTEGER REFERENCES project(id) ON DELETE SET NULL,
    impact VARCHAR,
    starred BOOLEAN NOT NULL DEFAULT 0,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE INDEX ix_entry_date ON entry(occurred_on, id);
CREATE INDEX ix_entry_project ON entry(project_id, occurred_on);
CREATE INDEX ix_entry_starred ON entry(starred, occurred_on);

CREATE TABLE entry_skill (
    entry_id INTEGER NOT NULL REFERENCES entry(id) ON DELETE CASCADE,
    skill_id INTEGER NOT NULL REFERENCES skill(id) ON DELETE CASCADE,
    PRIMARY KEY (entry_id, skill_id)
) WITHOUT ROWID;
CREATE INDEX ix_entry_skill_skill ON entry_skill(skill_id, entry_id);

CREATE TABLE goal (
    id INTEGER PRIMARY KEY,
    title VARCHAR NOT NULL,
    specific VARCHAR,
    measure VARCHAR,
    target FLOAT,
    current FLOAT,
    relevant VARCHAR,
    due_on DATE,
    status VARCHAR NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'achieved', 'dropped')),
    achieved_on DATE,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE INDEX ix_goal_status ON goal(status, due_on);

CREATE TABLE milestone (
    id INTEGER PRIMARY KEY,
    goal_id INTEGER NOT NULL REFERENCES goal(id) ON DELETE CASCADE,
    title VARCHAR NOT NULL,
    due_on DATE,
    done_on DATE,
    created_at DATETIME NOT NULL
);
CREATE INDEX ix_milestone_goal ON milestone(goal_id, due_on);

CREATE TABLE entry_goal (
    entry_id INTEGER NOT NULL REFERENCES entry(id) ON DELETE CASCADE,
    goal_id INTEGER NOT NULL REFERENCES goal(id) ON DELETE CASCADE,
    PRIMARY KEY (entry_id, goal_id)
) WITHOUT ROWID;
CREATE INDEX ix_entry_goal_goal ON entry_goal(goal_id, entry_id);

CREATE TABLE feedback (
    id INTEGER PRIMARY KEY,
    received_on DATE NOT NULL,
    person_id INTEGER NOT NULL REFERENCES person(id),
    text VARCHAR NOT NULL,
    kind VARCHAR NOT NULL DEFAULT 'praise' CHECK (kind IN ('praise', 'constructive', 'neutral')),
    project_id INTEGER REFERENCES project(id) ON DELETE SET NULL,
    entry_id INTEGER REFERENCES entry(id) ON DELETE SET NULL,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE INDEX ix_feedback_date ON feedback(received_on, id);
CREATE INDEX ix_feedback_person ON feedback(person_id, received_on);
CREATE INDEX ix_feedback_project ON feedback(project_id, received_on);
CREATE INDEX ix_feedback_entry ON feedback(entry_id);

CREATE TABLE feedback_tag (
    feedback_id INTEGER NOT NULL REFERENCES feedback(id) ON DELETE CASCADE,
    tag_id INTEGER NOT NULL REFERENCES tag(id) ON DELETE CASCADE,
    PRIMARY KEY (feedback_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX ix_feedback_tag_tag ON feedback_tag(tag_id, feedback_id);

CREATE TABLE feedback_skill (
    feedback_id INTEGER NOT NULL REFERENCES feedback(id) ON DELETE CASCADE,
    skill_id INTEGER NOT NULL REFERENCES skill(id) ON DELETE CASCADE,
    PRIMARY KEY (feedback_id, skill_id)
) WITHOUT ROWID;
CREATE INDEX ix_feedback_skill_skill ON feedback_skill(skill_id, feedback_id);
"""
)

# Full-text search is optional: a SQLite built without FTS5 still gets a working
# journal (free-text filters fall back to LIKE).  Applied with the migration that
# introduced it, skipped when the module is missing.
FTS_V1 = """
CREATE VIRTUAL TABLE entry_fts USING fts5(
    text, impact, content='entry', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2', prefix='2 3'
);
CREATE TRIGGER entry_fts_ai AFTER INSERT ON entry BEGIN
    INSERT INTO entry_fts(rowid, text, impact) VALUES (new.id, new.text, new.impact);
END;
CREATE TRIGGER entry_fts_ad AFTER DELETE ON entry BEGIN
    INSERT INTO entry_fts(entry_fts, rowid, text, impact) VALUES ('delete', old.id, old.text, old.impact);
END;
CREATE TRIGGER entry_fts_au AFTER UPDATE OF text, impact ON entry BEGIN
    INSERT INTO entry_fts(entry_fts, rowid, text, impact) VALUES ('delete', old.id, old.text, old.impact);
    INSERT INTO entry_fts(rowid, text, impact) VALUES (new.id, new.text, new.impact);
END;
CREATE VIRTUAL TABLE feedback_fts USING fts5(
    text, content='feedback', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2', prefix='2 3'
);
CREATE TRIGGER feedback_fts_ai AFTER INSERT ON feedback BEGIN
    INSERT INTO feedback_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER feedback_fts_ad AFTER DELETE ON feedback BEGIN
    INSERT INTO feedback_fts(feedback_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER feedback_fts_au AFTER UPDATE OF text ON feedback BEGIN
    INSERT INTO feedback_fts(feedback_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO feedback_fts(rowid, text) VALUES (new.id, new.text);
END;
"""

# The promotion case (issue 10): a goal's baseline, the dated history of its `current` value and of its
# status (so a review can show a goal as it stood on a past day), explicit responses to feedback, and the
# target role with criteria mapped to skills and to hand-picked entries.  Independent DDL only.
CASE_V = """
ALTER TABLE goal ADD COLUMN baseline FLOAT;

CREATE TABLE goal_progress (
    id INTEGER PRIMARY KEY,
    goal_id INTEGER NOT NULL REFERENCES goal(id) ON DELETE CASCADE,
    recorded_on DATE NOT NULL,
    value FLOAT,
    created_at DATETIME NOT NULL
);
CREATE INDEX ix_goal_progress_goal ON goal_progress(goal_id, recorded_on, id);

CREATE TABLE goal_status_change (
    id INTEGER PRIMARY KEY,
    goal_id INTEGER NOT NULL REFERENCES goal(id) ON DELETE CASCADE,
    changed_on DATE NOT NULL,
    status VARCHAR NOT NULL CHECK (status IN ('active', 'achieved', 'dropped')),
    created_at DATETIME NOT NULL
);
CREATE INDEX ix_goal_status_change_goal ON goal_status_change(goal_id, changed_on, id);

CREATE TABLE feedback_response (
    feedback_id INTEGER NOT NULL REFERENCES feedback(id) ON DELETE CASCADE,
    entry_id INTEGER NOT NULL REFERENCES entry(id) ON DELETE CASCADE,
    PRIMARY KEY (feedback_id, entry_id)
) WITHOUT ROWID;
CREATE INDEX ix_feedback_response_entry ON feedback_response(entry_id, feedback_id);

CREATE TABLE role (
    id INTEGER PRIMARY KEY,
    title VARCHAR NOT NULL,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);

CREATE TABLE criterion (
    id INTEGER PRIMARY KEY,
    name VARCHAR NOT NULL,
    need INTEGER NOT NULL DEFAULT 1 CHECK (need >= 1),
    note VARCHAR,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);

CREATE TABLE criterion_skill (
    criterion_id INTEGER NOT NULL REFERENCES criterion(id) ON DELETE CASCADE,
    skill_id INTEGER NOT NULL REFERENCES skill(id) ON DELETE CASCADE,
    PRIMARY KEY (criterion_id, skill_id)
) WITHOUT ROWID;
CREATE INDEX ix_criterion_skill_skill ON criterion_skill(skill_id, criterion_id);

CREATE TABLE criterion_entry (
    criterion_id INTEGER NOT NULL REFERENCES criterion(id) ON DELETE CASCADE,
    entry_id INTEGER NOT NULL REFERENCES entry(id) ON DELETE CASCADE,
    PRIMARY KEY (criterion_id, entry_id)
) WITHOUT ROWID;
CREATE INDEX ix_criterion_entry_entry ON criterion_entry(entry_id, criterion_id);
"""


# Weekly check-ins (issue 12): one dated check-in, its reflections one row each
# (learned / setback with its lesson / blocker / focus), in the order typed.
CHECKIN = """
CREATE TABLE checkin (
    id INTEGER PRIMARY KEY,
    checked_on DATE NOT NULL,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE INDEX ix_checkin_date ON checkin(checked_on, id);

CREATE TABLE reflection (
    id INTEGER PRIMARY KEY,
    checkin_id INTEGER NOT NULL REFERENCES checkin(id) ON DELETE CASCADE,
    kind VARCHAR NOT NULL CHECK (kind IN ('learned', 'setback', 'blocker', 'focus')),
    text VARCHAR NOT NULL,
    lesson VARCHAR,
    position INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ix_reflection_checkin ON reflection(checkin_id, position);
CREATE INDEX ix_reflection_kind ON reflection(kind, checkin_id);
"""

# (schema SQL, optional FTS SQL) per version; index 0 upgrades 0 -> 1.
# People around the user (issue 11): roles on person, contacts (1:1s, coffees), asks for
# feedback, and the feedback a goal came from.  Independent DDL: only new tables and
# added columns, so it can be ordered before or after other branches' migrations.
PEOPLE = """
ALTER TABLE person ADD COLUMN role VARCHAR
    CHECK (role IN ('mentor', 'manager', 'sponsor', 'peer', 'report', 'skip-level', 'other'));
ALTER TABLE person ADD COLUMN team VARCHAR;
ALTER TABLE person ADD COLUMN note VARCHAR;
ALTER TABLE goal ADD COLUMN feedback_id INTEGER REFERENCES feedback(id) ON DELETE SET NULL;

CREATE TABLE contact (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    met_on DATE NOT NULL,
    kind VARCHAR CHECK (kind IN ('1:1', 'coffee', 'mentoring', 'review')),
    text VARCHAR NOT NULL,
    created_at DATETIME NOT NULL
);
CREATE INDEX ix_contact_person ON contact(person_id, met_on);
CREATE INDEX ix_contact_date ON contact(met_on, id);

CREATE TABLE ask (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    asked_on DATE NOT NULL,
    about VARCHAR NOT NULL,
    entry_id INTEGER REFERENCES entry(id) ON DELETE SET NULL,
    due_on DATE,
    status VARCHAR NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered', 'closed')),
    closed_on DATE,
    feedback_id INTEGER REFERENCES feedback(id) ON DELETE SET NULL,
    created_at DATETIME NOT NULL
);
CREATE INDEX ix_ask_person ON ask(person_id, asked_on);
CREATE INDEX ix_ask_status ON ask(status, due_on);
CREATE INDEX ix_ask_feedback ON ask(feedback_id);
"""

# Wins harvested from git (issue 26): the repositories `journal harvest` remembers (with the branch tips its
# last run read, and the project their commits go to), the user's path -> skill rules, suggestions waiting in
# the inbox (one per repository and day, or one per merged branch) with the commits behind them, each commit
# offered once (its hash is the key; `work_key` knows it again after a rebase), and the commits an accepted
# entry came from.  Independent DDL: only new tables.
HARVEST = """
CREATE TABLE harvest_repo (
    id INTEGER PRIMARY KEY,
    path VARCHAR NOT NULL UNIQUE,
    project VARCHAR,
    tips VARCHAR,
    harvested_at DATETIME,
    created_at DATETIME NOT NULL
);

CREATE TABLE harvest_skill (
    id INTEGER PRIMARY KEY,
    pattern VARCHAR NOT NULL UNIQUE,
    skill VARCHAR NOT NULL,
    created_at DATETIME NOT NULL
);

CREATE TABLE suggestion (
    id INTEGER PRIMARY KEY,
    repo VARCHAR NOT NULL,
    occurred_on DATE NOT NULL,
    title VARCHAR NOT NULL,
    project VARCHAR,
    skills VARCHAR NOT NULL DEFAULT '',
    kind VARCHAR NOT NULL DEFAULT 'day' CHECK (kind IN ('day', 'merge')),
    status VARCHAR NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'skipped')),
    entry_id INTEGER REFERENCES entry(id) ON DELETE SET NULL,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE INDEX ix_suggestion_status ON suggestion(status, occurred_on, id);
CREATE INDEX ix_suggestion_repo ON suggestion(repo, occurred_on);
CREATE INDEX ix_suggestion_entry ON suggestion(entry_id);

CREATE TABLE harvest_commit (
    hash VARCHAR NOT NULL PRIMARY KEY,
    suggestion_id INTEGER NOT NULL REFERENCES suggestion(id) ON DELETE CASCADE,
    authored_at VARCHAR NOT NULL,
    subject VARCHAR NOT NULL,
    work_key VARCHAR NOT NULL,
    position INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX ix_harvest_commit_suggestion ON harvest_commit(suggestion_id, position);
CREATE INDEX ix_harvest_commit_work ON harvest_commit(work_key);

CREATE TABLE entry_commit (
    entry_id INTEGER NOT NULL REFERENCES entry(id) ON DELETE CASCADE,
    hash VARCHAR NOT NULL,
    repo VARCHAR NOT NULL,
    subject VARCHAR NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (entry_id, hash)
) WITHOUT ROWID;
CREATE INDEX ix_entry_commit_hash ON entry_commit(hash);
"""

# Names keyed by a new rule (issue 25: '#system-design' is 'System Design'): no DDL; `db.ensure_schema` runs the
# Python step named in PYTHON_STEPS after this migration's (empty) SQL, in the same transaction.
NAME_KEYS = "-- names re-keyed: case, width, invisible characters, spaces, hyphens and underscores alike\n"

# The promotion conversation (issue 25): each talk about a promotion (outcome, with whom, what is missing, when to
# try again), and the `decision-maker` role.  SQLite cannot alter a CHECK: `writes.rebuild_person_roles` (run
# after this SQL, same transaction) rebuilds the person table with the new CHECK, keeping every row that points
# at a person.  Self-contained: finds the person table's DDL and its referencing tables as they are.
PROMO = """
CREATE TABLE promo (
    id INTEGER PRIMARY KEY,
    talked_on DATE NOT NULL,
    outcome VARCHAR NOT NULL CHECK (outcome IN ('promoted', 'not-yet', 'deferred')),
    person_id INTEGER REFERENCES person(id) ON DELETE SET NULL,
    note VARCHAR NOT NULL DEFAULT '',
    retry_on DATE,
    created_at DATETIME NOT NULL
);
CREATE INDEX ix_promo_date ON promo(talked_on, id);
CREATE INDEX ix_promo_person ON promo(person_id);
"""

# Work beyond the current role (issue 25: the guides ask for "responsibilities beyond the role" by name): a flag on
# the entry, and a partial index for the case's section of them.  Independent DDL.
EXTRA = """
ALTER TABLE entry ADD COLUMN extra BOOLEAN NOT NULL DEFAULT 0;
CREATE INDEX ix_entry_extra ON entry(occurred_on, id) WHERE extra = 1;
"""

# Stable identity (issue 24): every record table users create rows in gets `uid`, a random UUID as text that export,
# import and `journal copy` keep, so the same row is known again on another machine and merged instead of duplicated.
# Not the link tables (known by their ends' uids), not `reflection` (a check-in's items, replaced whole with it), not
# the inbox (`suggestion`, `harvest_*`: this machine's view of its folders, never exported).  SQLite cannot add a
# column with a non-constant default, so the column defaults to '' and a trigger gives a row inserted without a uid a
# fresh one at once (the write layer always passes one; raw inserts, older code and other tools still get theirs);
# the unique index refuses two rows sharing one.  Milestones, people and asks change after they are made: they gain
# `updated_at` (NULL until first changed) so a merge can tell the newer side.  Independent DDL: only added columns,
# indexes and triggers.  UID_TABLES is frozen with this migration: a table that gains a uid later does so in its own.
UID_TABLES = (
    "project",
    "skill",
    "tag",
    "person",
    "entry",
    "goal",
    "milestone",
    "feedback",
    "goal_progress",
    "goal_status_change",
    "role",
    "criterion",
    "checkin",
    "contact",
    "ask",
    "promo",
)
UPDATED_AT_ADDED = ("milestone", "person", "ask")

# a version 4 UUID, lower-case hex with dashes, as `writes.base.new_uid` makes them (SQLite's randomblob is seeded
# from the OS)
UUID4_SQL = (
    "lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || "
    "substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || "
    "substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))"
)

IDENTITY = "".join(
    f"""
ALTER TABLE {t} ADD COLUMN uid VARCHAR NOT NULL DEFAULT '';
UPDATE {t} SET uid = {UUID4_SQL};
CREATE UNIQUE INDEX ix_{t}_uid ON {t}(uid);
CREATE TRIGGER {t}_uid AFTER INSERT ON {t} WHEN new.uid = '' BEGIN
    UPDATE {t} SET uid = {UUID4_SQL} WHERE id = new.id;
END;
"""
    for t in UID_TABLES
) + "".join(f"ALTER TABLE {t} ADD COLUMN updated_at DATETIME;\n" for t in UPDATED_AT_ADDED)

# (schema SQL, optional FTS SQL) per version; index 0 upgrades 0 -> 1.
MIGRATIONS: list[tuple[str, str | None]] = [
    (V1, FTS_V1),
    (CASE_V, None),
    (CHECKIN, None),
    (PEOPLE, None),
    (HARVEST, None),
    (NAME_KEYS, None),
    (PROMO, None),
    (EXTRA, None),
    (IDENTITY, None),
]
# migration index -> the write-layer function (in `writes`) that finishes it: data changes SQL alone cannot make
PYTHON_STEPS: dict[int, str] = {5: "rekey_names", 6: "rebuild_person_roles"}
SCHEMA_VERSION = len(MIGRATIONS)


def statements(script: str) -> list[str]:
    """Split a script into statements, keeping trigger bodies whole."""
    import sqlite3

    out: list[str] = []
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out
