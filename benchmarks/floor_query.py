"""The sqlite3 floor of `journal list FILTER`: a Python process that opens the file and runs one equivalent query.

    python benchmarks/floor_query.py DB NAME       # prints the same 50 rows as JSON

Standard library only, on purpose: this is what a read costs when nothing but
SQLite and `json` are imported.  `FILTERS` is the one definition of the three
list filters: the filter terms given to `journal list`, the arguments given to
jrnl 4.6 for the same question, and the SQL of the floor.

The floor is one well-written query.  The free-text word reads the FTS5 index in rowid order: the 100
matches nearest the page's start (by id) give an edge (the 50th of them by date): the page cannot reach past
it, so the query then reads only the matches whose rowids lie among the ids of the entries dated from the
edge on (FTS5 seeks to that rowid range).  Exact however ids and dates relate; when fewer than 50 of those
100 match, the edge is missing and the bounds fall back to everything.  The former floor (walk the date
index, probe the whole match list) built the match list: 108-170 ms at 1M for a word in 5% of the entries,
against 62 ms.  Within a half-year range the former form stays (a little faster there, 57 ms against 63 at 1M:
the range already bounds the walk); `INDEXED BY` keeps SQLite 3.40 from sorting the whole match list instead.
"""

import json
import sqlite3
import sys

LIMIT = 50

_ROW = (
    "SELECT e.id, e.occurred_on, e.text, p.name, e.impact, e.starred, "
    " (SELECT group_concat(s.name, '\x1f') FROM entry_skill es JOIN skill s ON s.id = es.skill_id "
    "   WHERE es.entry_id = e.id), "
    " (SELECT group_concat(eg.goal_id) FROM entry_goal eg WHERE eg.entry_id = e.id) "
    "FROM entry e LEFT JOIN project p ON p.id = e.project_id "
)
_ORDER = f" ORDER BY e.occurred_on DESC, e.id DESC LIMIT {LIMIT}"


def _near(match: str) -> str:
    """One query for the 50 newest entries matching `match` (an FTS5 query literal); see above."""
    fts = "entry_fts MATCH " + match
    return (
        "WITH edge AS (SELECT e.occurred_on AS day, e.id AS id FROM (SELECT rowid FROM entry_fts WHERE "
        f"{fts} ORDER BY rowid DESC LIMIT 100) AS near JOIN entry e ON e.id = near.rowid "
        f"ORDER BY e.occurred_on DESC, e.id DESC LIMIT 1 OFFSET {LIMIT - 1}), "
        "span AS (SELECT min(e.id) AS lo, max(e.id) AS hi FROM entry e WHERE e.occurred_on >= (SELECT day FROM edge)) "
        + _ROW.replace("FROM entry e", "FROM entry_fts CROSS JOIN entry e ON e.id = entry_fts.rowid")
        + f"WHERE {fts} AND entry_fts.rowid BETWEEN coalesce((SELECT lo FROM span), 0) "
        "AND coalesce((SELECT hi FROM span), 9223372036854775807) "
        "AND (e.occurred_on, e.id) >= (coalesce((SELECT day FROM edge), ''), coalesce((SELECT id FROM edge), 0))"
        + _ORDER
    )


FILTERS: dict[str, dict[str, object]] = {
    "project+skill+quarter": {
        "journal": ["project:billing", "skill:sql", "in:2026-Q3"],
        "jrnl": ["-from", "2026-07-01", "-to", "2026-09-30", "-and", "@billing", "@sql"],
        "sql": _ROW + "WHERE e.project_id = (SELECT id FROM project WHERE key = 'billing') "
        "AND e.occurred_on BETWEEN '2026-07-01' AND '2026-09-30' "
        "AND EXISTS (SELECT 1 FROM entry_skill es WHERE es.entry_id = e.id "
        "            AND es.skill_id = (SELECT id FROM skill WHERE key = 'sql'))" + _ORDER,
    },
    "free-text word": {
        "journal": ["refunds"],
        "jrnl": ["-contains", "refunds"],
        "sql": _near("'\"refunds\"*'"),
    },
    "date range + word": {
        "journal": ["from:2024-01-01", "to:2024-06-30", "refunds"],
        "jrnl": ["-from", "2024-01-01", "-to", "2024-06-30", "-contains", "refunds"],
        "sql": _ROW.replace("FROM entry e", "FROM entry e INDEXED BY ix_entry_date")
        + "WHERE e.occurred_on BETWEEN '2024-01-01' AND '2024-06-30' "
        "AND e.id IN (SELECT rowid FROM entry_fts WHERE entry_fts MATCH '\"refunds\"*')" + _ORDER,
    },
}


def run(db: str, name: str) -> list[dict[str, object]]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    sql = str(FILTERS[name]["sql"])
    try:
        rows = conn.execute(sql).fetchall()
    except sqlite3.OperationalError:  # the schema renamed the date index: let SQLite choose
        rows = conn.execute(sql.replace(" INDEXED BY ix_entry_date", "")).fetchall()
    conn.close()
    return [
        {
            "id": r[0],
            "date": r[1],
            "title": r[2].partition("\n")[0],
            "text": r[2],
            "project": r[3],
            "skills": sorted(r[6].split("\x1f")) if r[6] else [],
            "impact": r[4],
            "starred": bool(r[5]),
            "goals": [int(g) for g in r[7].split(",")] if r[7] else [],
        }
        for r in rows
    ]


if __name__ == "__main__":
    print(json.dumps(run(sys.argv[1], sys.argv[2]), indent=2, ensure_ascii=False))
