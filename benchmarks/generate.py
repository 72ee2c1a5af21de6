"""A deterministic, realistic large journal: ten years of a software engineer's work.

Loaded through the raw sqlite3 path in one transaction with the FTS triggers off,
then the FTS index is rebuilt (the fast way for bulk loads; see STACK-NOTES).
"""

import datetime as dt
import random
from pathlib import Path

from journal_tui import db, schema

VERBS = ["Shipped", "Led", "Fixed", "Designed", "Reviewed", "Mentored", "Migrated", "Cut", "Automated", "Presented",
         "Wrote", "Debugged", "Launched", "Refactored", "Paired on", "Planned", "Negotiated", "Documented"]
OBJECTS = ["the refunds flow", "the billing API", "CI pipeline", "the ledger reconciliation", "on-call runbook",
           "the search index", "payment retries", "the data warehouse export", "the login service", "the RFC",
           "the quarterly roadmap", "the incident review", "the onboarding guide", "the cache layer", "the mobile SDK"]
OUTCOMES = ["p95 latency -40%", "saved 3 days a sprint", "tickets -25%", "zero incidents", "+12% conversion",
            "cost -$2k/month", "build time 22 -> 9 min", None, None, None]
PROJECTS = [f"{name}" for name in ("billing", "payments", "platform", "data", "growth", "mobile", "search", "identity",
                                   "ledger", "infra", "reporting", "checkout", "fraud", "support", "docs")] + \
           [f"project-{i}" for i in range(15)]
SKILLS = ["sql", "python", "leadership", "mentoring", "writing", "system design", "communication", "debugging",
          "performance", "negotiation", "product", "testing", "security", "go", "rust", "kubernetes", "facilitation",
          "code review", "ci", "oncall"] + [f"skill-{i}" for i in range(40)]
PEOPLE = [f"Colleague {i}" for i in range(80)]
EPOCH = "2026-01-01 00:00:00.000000"


def build(path: Path, *, entries: int, goals: int, feedback: int, end: dt.date, seed: int = 7) -> Path:
    """Create `path` (replacing it) with the given numbers of items, deterministically."""
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    rnd = random.Random(seed)
    conn = db.open_journal(path)
    for stmt in ("DROP TRIGGER entry_fts_ai", "DROP TRIGGER feedback_fts_ai"):
        conn.execute(stmt)
    with db.transaction(conn):
        for table, names in (("project", PROJECTS), ("skill", SKILLS), ("person", PEOPLE), ("tag", ["launch", "meetings"])):
            conn.executemany(f"INSERT INTO {table} (name, key, created_at) VALUES (?, ?, ?)",
                             [(n, n.casefold(), EPOCH) for n in names])
        start = end - dt.timedelta(days=3650)
        rows, links = [], []
        for i in range(1, entries + 1):
            day = start + dt.timedelta(days=int(3650 * i / entries))
            text = f"{rnd.choice(VERBS)} {rnd.choice(OBJECTS)} #{i}"
            if rnd.random() < 0.3:
                text += "\n" + " ".join(rnd.choice(OBJECTS) for _ in range(6))
            rows.append((i, day.isoformat(), text, rnd.randint(1, len(PROJECTS)), rnd.choice(OUTCOMES),
                         int(rnd.random() < 0.1), EPOCH, EPOCH))
            for skill in rnd.sample(range(1, len(SKILLS) + 1), 2):
                links.append((i, skill))
        conn.executemany("INSERT INTO entry VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
        conn.executemany("INSERT INTO entry_skill VALUES (?, ?)", links)
        conn.executemany("INSERT INTO goal (id, title, measure, target, current, due_on, status, created_at, updated_at) "
                         "VALUES (?, ?, 'units', 10, ?, ?, ?, ?, ?)",
                         [(g, f"Goal {g}: {rnd.choice(VERBS).lower()} {rnd.choice(OBJECTS)}", rnd.randint(0, 10),
                           (end + dt.timedelta(days=rnd.randint(-400, 400))).isoformat(),
                           rnd.choice(["active", "active", "achieved", "dropped"]), EPOCH, EPOCH)
                          for g in range(1, goals + 1)])
        conn.executemany("INSERT INTO milestone (goal_id, title, due_on, done_on, created_at) VALUES (?, ?, ?, ?, ?)",
                         [(g, f"Milestone {m}", end.isoformat(), end.isoformat() if m % 2 else None, EPOCH)
                          for g in range(1, goals + 1) for m in range(3)])
        conn.executemany("INSERT INTO entry_goal VALUES (?, ?)",
                         {(rnd.randint(1, entries), rnd.randint(1, goals)) for _ in range(goals * 10)} if entries and goals else [])
        conn.executemany("INSERT INTO feedback (id, received_on, person_id, text, kind, project_id, created_at, updated_at) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                         [(f, (start + dt.timedelta(days=int(3650 * f / max(feedback, 1)))).isoformat(),
                           rnd.randint(1, len(PEOPLE)), f"Great work on {rnd.choice(OBJECTS)}",
                           rnd.choice(["praise", "praise", "constructive", "neutral"]), rnd.randint(1, len(PROJECTS)),
                           EPOCH, EPOCH) for f in range(1, feedback + 1)])
        conn.execute("INSERT INTO entry_fts(entry_fts) VALUES ('rebuild')")
        conn.execute("INSERT INTO feedback_fts(feedback_fts) VALUES ('rebuild')")
    # put the triggers back exactly as the schema defines them
    fts = {s.split()[2]: s for s in schema.statements(schema.FTS_V1) if s.startswith("CREATE TRIGGER")}
    conn.execute(fts["entry_fts_ai"])
    conn.execute(fts["feedback_fts_ai"])
    conn.execute("ANALYZE")
    conn.close()
    return path


