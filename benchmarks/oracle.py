"""What the Journal list must show, known from sqlite3 queries of our own (never from the app).

`expect_prefix` understands a small, unambiguous part of the filter language: whole
`project:NAME` and `skill:NAME` terms naming an existing project or skill, and free
words of two characters or more (a prefix match in the text and impact, through the
FTS5 index), all ANDed, newest first.  Anything else (a one-letter word, a half-typed
`project:bil`) has no state of its own to wait for: None.

`cross_check` asks `journal list PREFIX -n 1 --format json` of the code checked out
for the same first row: where the two disagree, the key is not timed and the
disagreement is reported (the harness never waits on a state the app will not show).
"""

import json
import sqlite3
import subprocess
from collections.abc import Sequence

from benchmarks.tmux import Expect

_FIRST = "SELECT e.occurred_on, e.text FROM entry e WHERE {where} ORDER BY e.occurred_on DESC, e.id DESC LIMIT 1"


def _row(r: tuple[str, str] | None) -> Expect:
    return "empty" if r is None else (r[0], r[1].partition("\n")[0])


def newest(db: str) -> tuple[str, str] | None:
    """The newest entry's (date, title): the first row of the unfiltered list."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    r = conn.execute(_FIRST.format(where="1")).fetchone()
    conn.close()
    return None if r is None else (r[0], r[1].partition("\n")[0])


def expect_prefix(conn: sqlite3.Connection, prefix: str) -> Expect | None:
    """The first row the list must show for the filter `prefix`, "empty", or None (no state of its own)."""
    where, params = [], []
    for tok in prefix.split():
        key, colon, value = tok.partition(":")
        if colon:
            if key not in ("project", "skill") or not value:
                return None
            found = conn.execute(f"SELECT id FROM {key} WHERE key = ?", (value.casefold(),)).fetchone()
            if found is None:
                return None
            if key == "project":
                where.append("e.project_id = ?")
            else:
                where.append("EXISTS (SELECT 1 FROM entry_skill es WHERE es.entry_id = e.id AND es.skill_id = ?)")
            params.append(found[0])
        else:
            if len(tok) < 2 or not tok.isalnum():
                return None
            where.append("e.id IN (SELECT rowid FROM entry_fts WHERE entry_fts MATCH ?)")
            params.append(f'"{tok}"*')
    if not where:
        return None
    return _row(conn.execute(_FIRST.format(where=" AND ".join(where)), params).fetchone())


def expectations(db: str, text: str) -> list[Expect | None]:
    """`expect_prefix` of every prefix of `text` (a trailing space changes nothing: the state before it)."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    out: list[Expect | None] = []
    for i in range(1, len(text) + 1):
        prefix = text[:i]
        out.append(out[-1] if prefix.endswith(" ") and out else expect_prefix(conn, prefix))
    conn.close()
    return out


def cross_check(
    journal: Sequence[str], env: dict[str, str], text: str, expected: list[Expect | None], parallel: int = 4
) -> tuple[list[Expect | None], list[str]]:
    """Drop (to None) every expectation `journal list` disagrees with; the kept list and the disagreements.

    The `journal list` processes run a few at a time (this is set-up, never timed).
    """
    prefixes = list(dict.fromkeys(text[: i + 1].strip() for i, e in enumerate(expected) if e is not None))
    seen: dict[str, Expect] = {}
    for start in range(0, len(prefixes), parallel):
        batch = prefixes[start : start + parallel]
        procs = [
            subprocess.Popen(
                [*journal, "list", *p.split(), "-n", "1", "--format", "json"],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
            )
            for p in batch
        ]
        for prefix, proc in zip(batch, procs, strict=True):
            out, _ = proc.communicate()
            rows = json.loads(out) if proc.returncode == 0 and out.strip() else None
            seen[prefix] = "error" if rows is None else "empty" if not rows else (rows[0]["date"], rows[0]["title"])
    kept, disagree = list(expected), []
    for i, expect in enumerate(expected):
        prefix = text[: i + 1].strip()
        if expect is not None and seen[prefix] != expect:
            kept[i] = None
            disagree.append(f"{prefix!r}: ours {expect}, journal list {seen[prefix]}")
    return kept, disagree
