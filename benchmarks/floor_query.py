"""The sqlite3 floor of `journal list FILTER`: a Python process that opens the file and runs one equivalent query.

    python benchmarks/floor_query.py DB NAME       # prints the same 50 rows as JSON

Standard library only, on purpose: this is what a read costs when nothing but
SQLite and `json` are imported.  `FILTERS` is the one definition of the three
list filters: the filter terms given to `journal list`, the arguments given to
jrnl 4.6 for the same question, and the SQL of the floor.

The floor is one well-written query: the free-text ones walk the date index newest
first and probe the FTS5 match list (`INDEXED BY`: left to itself, SQLite 3.40 sorts
the whole match list instead, 300-800 ms at 1M instead of about 50).
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
        "sql": _ROW.replace("FROM entry e", "FROM entry e INDEXED BY ix_entry_date")
               + "WHERE e.id IN (SELECT rowid FROM entry_fts WHERE entry_fts MATCH '\"refunds\"*')" + _ORDER,
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
    return [{"id": r[0], "date": r[1], "title": r[2].partition("\n")[0], "text": r[2], "project": r[3],
             "skills": sorted(r[6].split("\x1f")) if r[6] else [], "impact": r[4], "starred": bool(r[5]),
             "goals": [int(g) for g in r[7].split(",")] if r[7] else []} for r in rows]


if __name__ == "__main__":
    print(json.dumps(run(sys.argv[1], sys.argv[2]), indent=2, ensure_ascii=False))
