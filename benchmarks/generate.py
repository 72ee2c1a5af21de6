"""Deterministic, realistic synthetic journals: ten years of a software engineer's work, at any size.

    python -m benchmarks.generate 100000          # builds (or finds) the cached journal, prints its path

Realistic means shaped like a real journal, not uniform noise: a few hot projects each
quarter (most wins land on them), skills drawn from a long tail, an impact on about
four wins in ten, key wins starred, feedback from people with roles (a manager, mentors,
a sponsor, peers), SMART goals with milestones, progress and entries linked as evidence,
a target role with criteria mapped to skills, conversations, asks and weekly check-ins.

The schema comes from the code checked out (`db.open_journal` creates and migrates it);
rows are loaded with raw `executemany` in one transaction with every trigger dropped,
then each FTS5 index is rebuilt and the triggers are put back exactly as they were (the
fast way for bulk loads; see STACK-NOTES).  Journals are cached under CACHE_DIR keyed by
size, GENERATOR_VERSION and the schema version, and written to a temporary name then
renamed, so an interrupted build never leaves a half journal in the cache.

`write_jrnl` writes the same entries as a jrnl 4.6 journal file (project and skills as @tags).
"""

import datetime as dt
import os
import random
import sqlite3
import sys
from pathlib import Path

from journal_tui.data import db, schema

GENERATOR_VERSION = 2  # bump when the rows change: cached journals are rebuilt
CACHE_DIR = Path(os.environ.get("JOURNAL_BENCH_CACHE", Path.home() / ".cache" / "journal_bench"))
TODAY = dt.date(2026, 11, 23)
YEARS = 10
EPOCH = "2026-01-01 00:00:00.000000"

VERBS = [
    "Shipped",
    "Led",
    "Fixed",
    "Designed",
    "Reviewed",
    "Mentored",
    "Migrated",
    "Cut",
    "Automated",
    "Presented",
    "Wrote",
    "Debugged",
    "Launched",
    "Refactored",
    "Paired on",
    "Planned",
    "Negotiated",
    "Documented",
    "Unblocked",
    "Profiled",
    "Ran",
    "Proposed",
]
OBJECTS = [
    "the refunds flow",
    "the billing API",
    "the CI pipeline",
    "the ledger reconciliation",
    "the on-call runbook",
    "the search index",
    "payment retries",
    "the data warehouse export",
    "the login service",
    "the caching RFC",
    "the quarterly roadmap",
    "the incident review",
    "the onboarding guide",
    "the cache layer",
    "the mobile SDK",
    "the fraud rules",
    "the invoice emails",
    "the checkout page",
    "the schema migration",
    "the load tests",
    "the hiring loop",
    "the design review",
    "the postmortem",
    "the SLO dashboard",
    "the release train",
]
DETAILS = [
    "with the payments team",
    "after the outage",
    "ahead of the launch",
    "for the audit",
    "with two new hires",
    "under a tight deadline",
    "across three services",
    "so support stops paging us",
    "for the EU rollout",
    "with product and design",
    "behind a feature flag",
    "without downtime",
]
OUTCOMES = [
    "p95 latency -40%",
    "saved 3 days a sprint",
    "support tickets -25%",
    "zero incidents since",
    "+12% conversion",
    "cost -$2k/month",
    "build time 22 -> 9 min",
    "unblocked 4 teams",
    "error rate -60%",
    "onboarding 2 weeks -> 4 days",
    "adopted by 6 teams",
    "closed 30 bugs",
]
PROJECTS = [
    "billing",
    "payments",
    "platform",
    "data",
    "growth",
    "mobile",
    "search",
    "identity",
    "ledger",
    "infra",
    "reporting",
    "checkout",
    "fraud",
    "support",
    "docs",
    "hiring",
    "observability",
    "api-gateway",
    "notifications",
    "onboarding",
    "pricing",
    "compliance",
    "experiments",
    "design-system",
    "migration",
    "on-call",
    "security",
    "partners",
    "analytics",
    "internal-tools",
]
SKILLS = [
    "sql",
    "python",
    "leadership",
    "mentoring",
    "writing",
    "system design",
    "communication",
    "debugging",
    "performance",
    "negotiation",
    "product sense",
    "testing",
    "security",
    "go",
    "rust",
    "kubernetes",
    "facilitation",
    "code review",
    "ci",
    "on-call",
    "hiring",
    "planning",
    "data modelling",
    "observability",
    "incident response",
    "api design",
    "estimation",
    "stakeholder management",
    "public speaking",
    "typescript",
    "react",
    "terraform",
    "aws",
    "postgres",
    "kafka",
    "caching",
    "accessibility",
    "ux",
    "prioritisation",
    "delegation",
] + [f"skill {i}" for i in range(20)]
FIRST = [
    "Maria",
    "Sam",
    "Priya",
    "Tom",
    "Aiko",
    "Lena",
    "Omar",
    "Chen",
    "Ines",
    "Raj",
    "Zoe",
    "Kofi",
    "Ana",
    "Yuki",
    "Lars",
    "Nadia",
    "Diego",
    "Mia",
    "Ravi",
    "Eva",
]
LAST = ["Lopez", "Okafor", "Shah", "Becker", "Tanaka", "Novak", "Haddad", "Wei", "Costa", "Iyer", "Smith", "Mensah"]
ROLES = ["manager", "skip-level", "mentor", "mentor", "sponsor"] + ["peer"] * 10 + ["report"] * 4 + ["other"] * 3
TEAMS = ["Payments", "Platform", "Data", "Mobile", "Growth", "Security", None]
TAGS = ["launch", "meetings", "1:1", "review-cycle", "incident", "cross-team"]
FEEDBACK = [
    "Great work on {o}",
    "Thanks for pushing {o} over the line",
    "Your write-up of {o} was very clear",
    "Could have flagged the risk on {o} earlier",
    "Loved how you ran {o}",
    "Next time loop in design on {o}",
]
CRITERIA = [
    ("Leads projects across teams", ["leadership", "planning", "stakeholder management"]),
    ("Designs systems others build on", ["system design", "api design", "data modelling"]),
    ("Grows the people around them", ["mentoring", "hiring", "delegation"]),
    ("Writes clearly for a wide audience", ["writing", "communication"]),
    ("Keeps production healthy", ["observability", "incident response", "on-call"]),
    ("Ships measurable impact", ["performance", "product sense"]),
    ("Raises the quality bar", ["testing", "code review", "security"]),
    ("Speaks for the team", ["public speaking", "facilitation"]),
]


def zipf_weights(n: int, s: float = 1.1) -> list[float]:
    return [1 / (i + 1) ** s for i in range(n)]


def cached(entries: int, cache_dir: Path = CACHE_DIR) -> Path:
    """The cached journal of `entries` entries, built on first use (and rebuilt when the generator or schema moved
    on)."""
    path = cache_dir / "journals" / f"journal-{entries}-g{GENERATOR_VERSION}-s{schema.SCHEMA_VERSION}.db"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        build(tmp, entries=entries)
        os.replace(tmp, path)
    return path


def cached_jrnl(entries: int, cache_dir: Path = CACHE_DIR) -> Path:
    """The same entries as `cached(entries)`, as a jrnl 4.6 journal file."""
    path = cached(entries, cache_dir).with_suffix(".jrnl.txt")
    if not path.exists():
        tmp = path.with_name(path.name + ".tmp")
        write_jrnl(cached(entries, cache_dir), tmp)
        os.replace(tmp, path)
    return path


def build(path: Path, *, entries: int, end: dt.date = TODAY, seed: int = 7) -> Path:
    """Create `path` (replacing it) holding `entries` entries and everything around them, deterministically."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    conn = db.open_journal(path)
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -200000")
    triggers = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND sql IS NOT NULL AND name LIKE '%fts%'"
    ).fetchall()  # the full-text ones: rebuilt once below
    for name, _ in triggers:
        conn.execute(f'DROP TRIGGER "{name}"')
    with db.transaction(conn):
        _fill(conn, random.Random(seed), entries, end)
        for n, table in enumerate(schema.UID_TABLES):  # identities made from the ids: the same journal every build
            conn.execute(f"UPDATE {table} SET uid = printf('%08x-0000-4000-8000-%012x', ?, id)", (n,))
        for (table,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%USING fts5%'"
        ).fetchall():
            conn.execute(f"INSERT INTO {table}({table}) VALUES ('rebuild')")
    for _, sql in triggers:
        conn.execute(sql)
    conn.execute("ANALYZE")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path


def _names(conn: sqlite3.Connection, table: str, names: list[str]) -> None:
    conn.executemany(
        f"INSERT INTO {table} (id, name, key, created_at) VALUES (?, ?, ?, ?)",
        [(i, n, n.casefold(), EPOCH) for i, n in enumerate(names, 1)],
    )


def _fill(conn: sqlite3.Connection, rnd: random.Random, entries: int, end: dt.date) -> None:
    start = end - dt.timedelta(days=365 * YEARS + YEARS // 4)
    span = (end - start).days
    people = [f"{f} {last}" for last in LAST for f in FIRST][:80] if entries else []
    _names(conn, "project", PROJECTS if entries else [])
    _names(conn, "skill", SKILLS if entries else [])
    _names(conn, "tag", TAGS if entries else [])
    _names(conn, "person", people)
    conn.executemany(
        "UPDATE person SET role = ?, team = ? WHERE id = ?",
        [(ROLES[i % len(ROLES)], TEAMS[i % len(TEAMS)], i + 1) for i in range(len(people))],
    )
    if not entries:
        return
    n_p, n_s = len(PROJECTS), len(SKILLS)
    proj_w, skill_w = zipf_weights(n_p), zipf_weights(n_s, 0.9)
    quarters = span // 91 + 1
    # each quarter: three hot projects get most of the work, the rest comes from the long tail
    hot = [rnd.sample(range(1, min(n_p, 12) + 1), 3) for _ in range(quarters)]

    rows, links = [], []
    for i in range(1, entries + 1):
        day = start + dt.timedelta(days=min(span, span * i // entries))
        q = (day - start).days // 91
        r = rnd.random()
        project: int | None = (
            rnd.choice(hot[q]) if r < 0.65 else None if r < 0.75 else rnd.choices(range(1, n_p + 1), proj_w)[0]
        )
        text = f"{rnd.choice(VERBS)} {rnd.choice(OBJECTS)}"
        if rnd.random() < 0.5:
            text += f" {rnd.choice(DETAILS)}"
        if rnd.random() < 0.3:
            text += (
                "\n\n"
                + ". ".join(
                    f"{rnd.choice(VERBS)} {rnd.choice(OBJECTS)} {rnd.choice(DETAILS)}" for _ in range(rnd.randint(1, 3))
                )
                + "."
            )
        impact = rnd.choice(OUTCOMES) if rnd.random() < 0.4 else None
        starred = int(impact is not None and rnd.random() < 0.2)
        rows.append((i, day.isoformat(), text, project, impact, starred, EPOCH, EPOCH))
        for skill in set(rnd.choices(range(1, n_s + 1), skill_w, k=rnd.choice((1, 2, 2, 3)))):
            links.append((i, skill))
    conn.executemany(
        "INSERT INTO entry (id, occurred_on, text, project_id, impact, starred, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    conn.executemany("INSERT INTO entry_skill (entry_id, skill_id) VALUES (?, ?)", links)
    del rows, links

    def day_of(i: int, n: int) -> str:
        return (start + dt.timedelta(days=span * i // max(n, 1))).isoformat()

    def entry_near(day: str) -> int:
        frac = (dt.date.fromisoformat(day) - start).days / span
        return max(1, min(entries, int(frac * entries) + rnd.randint(-5, 5)))

    # feedback: one for every twenty wins (at least 30), from people with roles
    n_fb = max(30, entries // 20)
    fb = []
    for f in range(1, n_fb + 1):
        when = day_of(f, n_fb)
        kind = rnd.choice(["praise", "praise", "praise", "constructive", "neutral"])
        fb.append(
            (
                f,
                when,
                rnd.randint(1, len(people)),
                rnd.choice(FEEDBACK).format(o=rnd.choice(OBJECTS)),
                kind,
                rnd.choice([None, *range(1, 13)]),
                entry_near(when) if rnd.random() < 0.3 else None,
                EPOCH,
                EPOCH,
            )
        )
    conn.executemany(
        "INSERT INTO feedback (id, received_on, person_id, text, kind, project_id, entry_id, created_at, "
        "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        fb,
    )
    conn.executemany(
        "INSERT OR IGNORE INTO feedback_tag (feedback_id, tag_id) VALUES (?, ?)",
        [(f, rnd.randint(1, len(TAGS))) for f in range(1, n_fb + 1) if rnd.random() < 0.4],
    )
    conn.executemany(
        "INSERT OR IGNORE INTO feedback_skill (feedback_id, skill_id) VALUES (?, ?)",
        [(f, rnd.choices(range(1, n_s + 1), skill_w)[0]) for f in range(1, n_fb + 1) for _ in range(2)],
    )
    conn.executemany(
        "INSERT OR IGNORE INTO feedback_response (feedback_id, entry_id) VALUES (?, ?)",
        [(f[0], entry_near(f[1])) for f in fb if f[4] == "constructive" and rnd.random() < 0.5],
    )

    # goals: a handful a quarter, with milestones, progress, status history and evidence
    n_goals = min(300, max(8, entries // 200))
    goals, miles, progress, changes, evidence = [], [], [], [], set()
    for g in range(1, n_goals + 1):
        created = day_of(g, n_goals + 2)
        due = (dt.date.fromisoformat(created) + dt.timedelta(days=rnd.choice((90, 180, 365)))).isoformat()
        status = "active" if due >= end.isoformat() else rnd.choice(["achieved", "achieved", "dropped", "active"])
        target = rnd.choice((5, 10, 20, 100))
        goals.append(
            (
                g,
                f"{rnd.choice(VERBS)} {rnd.choice(OBJECTS)}",
                "count",
                target,
                rnd.randint(0, target),
                0,
                due,
                status,
                due if status == "achieved" else None,
                created,
                EPOCH,
            )
        )
        for m in range(rnd.randint(0, 4)):
            miles.append(
                (g, f"Milestone {m + 1}: {rnd.choice(OBJECTS)}", due, due if status == "achieved" else None, created)
            )
        for k in range(rnd.randint(1, 4)):
            progress.append((g, min(due, end.isoformat()), k * target // 4, created))
        if status != "active":
            changes.append((g, min(due, end.isoformat()), status, created))
        for _ in range(rnd.randint(3, 30)):
            evidence.add((entry_near(rnd.choice((created, min(due, end.isoformat())))), g))
    conn.executemany(
        "INSERT INTO goal (id, title, measure, target, current, baseline, due_on, status, achieved_on, "
        "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        goals,
    )
    conn.executemany(
        "INSERT INTO milestone (goal_id, title, due_on, done_on, created_at) VALUES (?, ?, ?, ?, ?)", miles
    )
    conn.executemany(
        "INSERT INTO goal_progress (goal_id, recorded_on, value, created_at) VALUES (?, ?, ?, ?)", progress
    )
    conn.executemany(
        "INSERT INTO goal_status_change (goal_id, changed_on, status, created_at) VALUES (?, ?, ?, ?)", changes
    )
    conn.executemany("INSERT INTO entry_goal (entry_id, goal_id) VALUES (?, ?)", sorted(evidence))

    # the target role and its criteria, mapped to skills, with a few entries attached by hand
    skill_id = {s: i for i, s in enumerate(SKILLS, 1)}
    conn.execute(
        "INSERT INTO role (id, title, created_at, updated_at) VALUES (1, 'Staff Engineer', ?, ?)", (EPOCH, EPOCH)
    )
    for c, (name, skills) in enumerate(CRITERIA, 1):
        conn.execute(
            "INSERT INTO criterion (id, name, need, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
            (c, name, rnd.randint(2, 6), EPOCH, EPOCH),
        )
        conn.executemany(
            "INSERT INTO criterion_skill (criterion_id, skill_id) VALUES (?, ?)", [(c, skill_id[s]) for s in skills]
        )
        conn.executemany(
            "INSERT OR IGNORE INTO criterion_entry (criterion_id, entry_id) VALUES (?, ?)",
            [(c, rnd.randint(max(1, entries - entries // 10), entries)) for _ in range(3)],
        )

    # conversations, asks for feedback, weekly check-ins
    n_contacts = max(20, entries // 10)
    conn.executemany(
        "INSERT INTO contact (person_id, met_on, kind, text, created_at) VALUES (?, ?, ?, ?, ?)",
        [
            (
                rnd.randint(1, 12),
                day_of(c, n_contacts),
                rnd.choice(["1:1", "coffee", "mentoring", "review"]),
                f"Talked about {rnd.choice(OBJECTS)}",
                EPOCH,
            )
            for c in range(1, n_contacts + 1)
        ],
    )
    n_asks = max(10, entries // 100)
    asks = []
    for a in range(1, n_asks + 1):
        when = day_of(a, n_asks)
        status = "open" if a > n_asks - 5 else rnd.choice(["answered", "closed"])
        asks.append(
            (
                rnd.randint(1, len(people)),
                when,
                f"How did {rnd.choice(OBJECTS)} land?",
                entry_near(when),
                (dt.date.fromisoformat(when) + dt.timedelta(days=14)).isoformat(),
                status,
                None if status == "open" else when,
                EPOCH,
            )
        )
    conn.executemany(
        "INSERT INTO ask (person_id, asked_on, about, entry_id, due_on, status, closed_on, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        asks,
    )
    weeks = min(span // 7, max(10, entries // 10))
    for w in range(1, weeks + 1):
        cid = conn.execute(
            "INSERT INTO checkin (checked_on, created_at, updated_at) VALUES (?, ?, ?)",
            ((end - dt.timedelta(days=7 * (weeks - w))).isoformat(), EPOCH, EPOCH),
        ).lastrowid
        conn.executemany(
            "INSERT INTO reflection (checkin_id, kind, text, lesson, position) VALUES (?, ?, ?, ?, ?)",
            [
                (
                    cid,
                    kind,
                    f"{rnd.choice(VERBS)} {rnd.choice(OBJECTS)}",
                    "Ask for help earlier" if kind == "setback" else None,
                    p,
                )
                for p, kind in enumerate(rnd.sample(["learned", "setback", "blocker", "focus"], 3))
            ],
        )


def write_jrnl(db_path: Path, out: Path) -> Path:
    """Write the journal's entries as a jrnl 4.6 file: `[YYYY-MM-DD 09:00:00 AM] title @project @skill` then the
    body."""
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    rows = conn.execute(
        "SELECT e.occurred_on, e.text, e.impact, e.starred, p.key, "
        " (SELECT group_concat(replace(s.key, ' ', '-'), ' ') FROM entry_skill es JOIN skill s ON s.id = es.skill_id "
        "   WHERE es.entry_id = e.id) "
        "FROM entry e LEFT JOIN project p ON p.id = e.project_id ORDER BY e.occurred_on, e.id"
    )
    with open(out, "w", encoding="utf-8") as fh:
        for day, text, impact, starred, project, skills in rows:
            title, _, body = text.partition("\n")
            tags = " ".join(f"@{t}" for t in ([project] if project else []) + (skills.split() if skills else []))
            fh.write(f"[{day} 09:00:00 AM]{' *' if starred else ''} {title.rstrip('.')}. {tags}\n")
            extra = "\n".join(x for x in (body.strip(), f"Impact: {impact}" if impact else "") if x)
            fh.write(f"{extra}\n\n" if extra else "\n")
    conn.close()
    return out


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        print(cached(int(arg)))
