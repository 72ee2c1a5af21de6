"""Harvested commits: the remembered repositories, the skill rules, the inbox's suggestions and their commits,
and the commits an entry came from.  Every INSERT/UPDATE/DELETE of the harvest feature is here (its reads are
in `harvest.py`), so the data-layer work can move this module whole.

A commit is offered once: `harvest_commit.hash` is the primary key and commits are inserted with
`ON CONFLICT DO NOTHING`, so two harvests running at once cannot offer one commit twice (a suggestion left with
no commit of its own is not kept).  Accepting a suggestion inserts the entry through `entries.insert_entry`
(the same validation as `journal add`) and copies its commits to `entry_commit` in the same transaction.
"""

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from journal_tui.data.conn import Connection, dialect_of
from journal_tui.data.kinds import SUGGESTION_KINDS as SUGGESTION_KINDS  # defined once, in kinds
from journal_tui.data.kinds import SUGGESTION_STATUSES as SUGGESTION_STATUSES
from journal_tui.data.writes.base import insert_row, iso, stamp, update_row
from journal_tui.data.writes.entries import insert_entry
from journal_tui.errors import JournalError, NotFound
from journal_tui.validate import TITLE_LIMIT, check_date, check_id, check_timestamp, clean_name, clean_text

SEP = "\x1f"  # joins a suggestion's skills in one column

PATH_LIMIT = 4_096
SUBJECT_LIMIT = 1_000
PATTERN_LIMIT = 200
KEEP: Any = object()  # "leave this column as it is"
_HASH = re.compile(r"^[0-9a-f]{40}(?:[0-9a-f]{24})?$")
_WORK_KEY = re.compile(r"^[0-9a-f]{40}$")


# --- values ------------------------------------------------------------------------------------------


def check_hash(value: Any) -> str:
    """A full commit hash (SHA-1 or SHA-256, lower-case hex)."""
    if not isinstance(value, str) or not _HASH.match(value.strip().lower()):
        raise JournalError(f"a commit hash must be 40 (or 64) hexadecimal digits, not {str(value)[:70]!r}")
    return value.strip().lower()


def repo_path(value: Any) -> str:
    return clean_text(value, what="repository path", limit=PATH_LIMIT)


def subject_text(value: Any) -> str:
    text = clean_text(value, what="commit subject", required=False, limit=SUBJECT_LIMIT * 4)
    return " ".join(text.split())[:SUBJECT_LIMIT]


def skills_text(skills: Sequence[str]) -> str:
    names: list[str] = []
    for s in skills:
        name = clean_name(s, what="skill")
        if name.casefold() not in {n.casefold() for n in names}:
            names.append(name)
    return SEP.join(names)


def optional_project(value: Any) -> str | None:
    return clean_name(value, what="project") if value else None


def commit_values(commit: dict[str, Any], position: int) -> tuple[str, str, str, str, int]:
    """(hash, authored_at, subject, work_key, position) of a commit offered in a suggestion."""
    authored = clean_text(commit["authored_at"], what="commit date", limit=64)
    try:
        dt.datetime.fromisoformat(authored)
    except ValueError:
        raise JournalError(f"a commit date must be ISO 8601, not {authored!r}") from None
    key = str(commit["work_key"])
    if not _WORK_KEY.match(key):
        raise JournalError(f"a commit's work key must be 40 hexadecimal digits, not {key[:60]!r}")
    return check_hash(commit["hash"]), authored, subject_text(commit["subject"]), key, position


# --- repositories and skill rules ------------------------------------------------------------------------


def remember_repo(
    conn: Connection, path: Any, *, project: Any = KEEP, tips: Any = KEEP, harvested_at: dt.datetime | None = None
) -> int:
    """Add a repository to the ones `journal harvest` rescans, or update it; its id."""
    path = repo_path(path)
    cols: dict[str, Any] = {}
    if project is not KEEP:
        cols["project"] = optional_project(project)
    if tips is not KEEP:
        cols["tips"] = None if tips is None else " ".join(check_hash(t) for t in str(tips).split())
    if harvested_at is not None:
        cols["harvested_at"] = check_timestamp(harvested_at, what="harvested_at")
    row = conn.execute("SELECT id FROM harvest_repo WHERE path = ?", (path,)).fetchone()
    if row:
        if cols:
            update_row(conn, "harvest_repo", int(row[0]), cols)
        return int(row[0])
    return insert_row(conn, "harvest_repo", {"path": path, **cols, "created_at": stamp()})


def forget_repos(conn: Connection, path: Any) -> list[str]:
    """Stop rescanning the repository at `path`, or every one under that folder; the paths dropped.

    Their suggestions stay in the inbox, and their commits stay known: forgetting never re-offers anything.
    """
    path = repo_path(path).rstrip("/") or "/"
    under = path if path.endswith("/") else path + "/"
    # compared in Python, exactly: LIKE ignores ASCII case on SQLite but not on PostgreSQL (a few rows at most)
    rows = [
        (int(r[0]), str(r[1]))
        for r in conn.execute("SELECT id, path FROM harvest_repo ORDER BY path")
        if r[1] == path or str(r[1]).startswith(under)
    ]
    conn.executemany("DELETE FROM harvest_repo WHERE id = ?", [(r[0],) for r in rows])
    return [r[1] for r in rows]


def rule_values(pattern: Any, skill: Any) -> tuple[str, str]:
    """A skill rule's pattern and skill, cleaned and checked (before any write is begun)."""
    return clean_text(pattern, what="path pattern", limit=PATTERN_LIMIT), clean_name(skill, what="skill")


def set_skill_rule(conn: Connection, pattern: Any, skill: Any) -> None:
    """Files matching `pattern` (a glob, or a folder) show `skill`; a pattern given again changes its skill."""
    pattern, skill = rule_values(pattern, skill)
    row = conn.execute("SELECT id FROM harvest_skill WHERE pattern = ?", (pattern,)).fetchone()
    if row:
        update_row(conn, "harvest_skill", int(row[0]), {"skill": skill})
    else:
        insert_row(conn, "harvest_skill", {"pattern": pattern, "skill": skill, "created_at": stamp()})


def remove_skill_rule(conn: Connection, pattern: Any) -> bool:
    pattern = clean_text(pattern, what="path pattern", limit=PATTERN_LIMIT)
    return conn.execute("DELETE FROM harvest_skill WHERE pattern = ?", (pattern,)).rowcount > 0


# --- suggestions -------------------------------------------------------------------------------------------


def _insert_commits(conn: Connection, suggestion_id: int, commits: Sequence[dict[str, Any]], start: int = 0) -> int:
    """Offer commits in a suggestion; a commit already offered (by any suggestion) is not offered again."""
    cur = conn.executemany(
        "INSERT INTO harvest_commit (hash, suggestion_id, authored_at, subject, work_key, position)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        [
            (v[0], suggestion_id, v[1], v[2], v[3], v[4])
            for v in (commit_values(c, start + i) for i, c in enumerate(commits))
        ],
    )
    return max(cur.rowcount, 0)


def insert_suggestions(conn: Connection, suggestions: Sequence[dict[str, Any]]) -> list[int]:
    """New suggestions with their commits, one statement per table whatever the count (a first harvest writes
    thousands); how many commits each holds.  Every commit was already offered: 0, and that suggestion is not kept.

    Each is {"repo", "occurred_on", "title", "project", "skills", "kind", "commits": [{"hash", "authored_at",
    "subject", "work_key"}]}.
    """
    if not suggestions:
        return []
    now = stamp()
    top = int(conn.execute("SELECT coalesce(max(id), 0) FROM suggestion").fetchone()[0])
    heads: list[tuple[Any, ...]] = []
    commits: list[tuple[Any, ...]] = []
    for suggestion_id, s in enumerate(suggestions, top + 1):
        if s["kind"] not in SUGGESTION_KINDS:
            raise ValueError(s["kind"])
        heads.append(
            (
                suggestion_id,
                repo_path(s["repo"]),
                iso(check_date(s["occurred_on"], what="date")),
                clean_text(s["title"], what="suggestion title", limit=TITLE_LIMIT),
                optional_project(s["project"]),
                skills_text(s["skills"]),
                s["kind"],
                now,
                now,
            )
        )
        commits += [(v[0], suggestion_id, *v[1:]) for v in (commit_values(c, i) for i, c in enumerate(s["commits"]))]
    conn.executemany(
        "INSERT INTO suggestion (id, repo, occurred_on, title, project, skills, kind, status, created_at,"
        " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)",
        heads,
    )
    for stmt in dialect_of(conn).after_explicit_ids("suggestion"):  # ids given above: PostgreSQL's sequence follows
        conn.execute(stmt)
    conn.executemany(
        "INSERT INTO harvest_commit (hash, suggestion_id, authored_at, subject, work_key, "
        "position) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        commits,
    )
    held = dict(
        conn.execute(
            "SELECT suggestion_id, count(*) FROM harvest_commit WHERE suggestion_id > ? GROUP BY suggestion_id", (top,)
        ).fetchall()
    )
    ids = range(top + 1, top + 1 + len(suggestions))
    conn.executemany("DELETE FROM suggestion WHERE id = ?", [(i,) for i in ids if not held.get(i)])
    return [int(held.get(i, 0)) for i in ids]


def extend_suggestion(
    conn: Connection, suggestion_id: int, *, title: Any, skills: Sequence[str], commits: Sequence[dict[str, Any]]
) -> int:
    """Add a later harvest's commits of the same repository and day to a pending suggestion; how many were new."""
    start = conn.execute(
        "SELECT coalesce(max(position) + 1, 0) FROM harvest_commit WHERE suggestion_id = ?", (suggestion_id,)
    ).fetchone()[0]
    added = _insert_commits(conn, suggestion_id, commits, int(start))
    if added:
        update_row(
            conn,
            "suggestion",
            suggestion_id,
            {
                "title": clean_text(title, what="suggestion title", limit=TITLE_LIMIT),
                "skills": skills_text(skills),
                "updated_at": stamp(),
            },
        )
    return added


def set_pending_project(conn: Connection, repo: Any, project: Any) -> None:
    """A repository's new project name also applies to its suggestions still waiting."""
    conn.execute(
        "UPDATE suggestion SET project = ?, updated_at = ? WHERE repo = ? AND status = 'pending'",
        (optional_project(project), stamp(), repo_path(repo)),
    )


def _pending(conn: Connection, suggestion_id: int) -> None:
    """Refuse a suggestion that is not in the inbox (never was, or was already accepted or skipped)."""
    check_id(suggestion_id, what="suggestion id")
    row = conn.execute("SELECT status, entry_id FROM suggestion WHERE id = ?", (suggestion_id,)).fetchone()
    if row is None:
        raise NotFound(f"there is no suggestion {suggestion_id} in the inbox (ids: journal inbox)")
    if row[0] == "accepted":
        made = f" as entry {row[1]}" if row[1] else ""
        raise JournalError(f"suggestion {suggestion_id} was already accepted{made}")
    if row[0] == "skipped":
        raise JournalError(f"suggestion {suggestion_id} was skipped; its commits are not offered again")


def accept_suggestion(
    conn: Connection,
    suggestion_id: int,
    *,
    text: Any,
    occurred_on: Any,
    project: Any,
    skills: Sequence[str],
    impact: Any = None,
    starred: Any = False,
    goal_ids: Sequence[int] = (),
) -> int:
    """Turn a pending suggestion into an entry that remembers its commits; the entry's id."""
    _pending(conn, suggestion_id)
    entry_id = insert_entry(
        conn,
        text=text,
        occurred_on=occurred_on,
        project=project,
        skills=skills,
        impact=impact,
        starred=starred,
        goal_ids=goal_ids,
    )
    conn.execute(
        "INSERT INTO entry_commit (entry_id, hash, repo, subject, position) "
        "SELECT CAST(? AS INTEGER), c.hash, s.repo, c.subject, c.position FROM harvest_commit c "
        "JOIN suggestion s ON s.id = c.suggestion_id WHERE c.suggestion_id = ? ON CONFLICT DO NOTHING",
        (entry_id, suggestion_id),
    )
    update_row(conn, "suggestion", suggestion_id, {"status": "accepted", "entry_id": entry_id, "updated_at": stamp()})
    return entry_id


def skip_suggestion(conn: Connection, suggestion_id: int) -> None:
    """Take a suggestion out of the inbox; its commits stay known, so they are never offered again."""
    _pending(conn, suggestion_id)
    update_row(conn, "suggestion", suggestion_id, {"status": "skipped", "updated_at": stamp()})


# --- an entry's commits (accepted above, or imported with the entry) ----------------------------------------


def add_entry_commits(conn: Connection, entry_id: int, commits: Sequence[dict[str, Any]]) -> None:
    """Record the commits an entry came from: {"hash", "repo", "subject"} each, in order."""
    rows = [
        (entry_id, check_hash(c["hash"]), repo_path(c["repo"]), subject_text(c.get("subject") or ""), i)
        for i, c in enumerate(commits)
    ]
    conn.executemany(
        "INSERT INTO entry_commit (entry_id, hash, repo, subject, position) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT DO NOTHING",
        rows,
    )
