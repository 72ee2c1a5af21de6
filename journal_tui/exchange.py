"""Export and import: the user's data is theirs, in formats other tools read.

Import runs in one transaction: a malformed record aborts it with the record at
fault, and nothing is half-imported.  Re-importing the same file adds nothing
(entries are matched on date and text, goals on title, feedback on date, person
and text).  Into an empty journal, ids and timestamps are kept, so export followed
by import gives back the same journal field for field.
"""

import csv
import datetime as dt
import io
import json
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from journal_tui import db
from journal_tui.errors import JournalError
from journal_tui.inline import parse_inline

FORMAT_NAME = "journal_tui"
FORMAT_VERSION = 1
CSV_FIELDS = ["date", "text", "project", "skills", "impact", "starred"]


@dataclass
class ImportResult:
    entries: int = 0
    goals: int = 0
    milestones: int = 0
    feedback: int = 0
    skipped: int = 0

    def summary(self) -> str:
        parts = [f"{self.entries} entries", f"{self.goals} goals", f"{self.milestones} milestones",
                 f"{self.feedback} feedback"]
        return "Imported " + ", ".join(parts) + (f"; {self.skipped} already present" if self.skipped else "")


# --- export ---------------------------------------------------------------------------------


def _rows(conn: sqlite3.Connection, sql: str, *args: Any) -> list[sqlite3.Row]:
    conn.row_factory = sqlite3.Row
    try:
        return list(conn.execute(sql, args))
    finally:
        conn.row_factory = None


def _links(conn: sqlite3.Connection, sql: str) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for owner, name in conn.execute(sql):
        out.setdefault(owner, []).append(name)
    return {k: sorted(v, key=str.casefold) for k, v in out.items()}


def export_data(conn: sqlite3.Connection) -> dict[str, Any]:
    """The whole journal as plain data, in the documented JSON shape."""
    skills = _links(conn, "SELECT l.entry_id, s.name FROM entry_skill l JOIN skill s ON s.id = l.skill_id")
    goal_links: dict[int, list[int]] = {}
    for entry_id, goal_id in conn.execute("SELECT entry_id, goal_id FROM entry_goal ORDER BY goal_id"):
        goal_links.setdefault(entry_id, []).append(goal_id)
    entries = [{
        "id": r["id"], "date": r["occurred_on"], "text": r["text"], "project": r["project"],
        "skills": skills.get(r["id"], []), "impact": r["impact"], "starred": bool(r["starred"]),
        "goals": goal_links.get(r["id"], []), "created_at": r["created_at"], "updated_at": r["updated_at"],
    } for r in _rows(conn, "SELECT e.*, p.name AS project FROM entry e LEFT JOIN project p ON p.id = e.project_id "
                           "ORDER BY e.occurred_on, e.id")]
    milestones: dict[int, list[dict[str, Any]]] = {}
    for m in _rows(conn, "SELECT * FROM milestone ORDER BY id"):
        milestones.setdefault(m["goal_id"], []).append(
            {"id": m["id"], "title": m["title"], "due": m["due_on"], "done": m["done_on"], "created_at": m["created_at"]})
    goals = [{
        "id": g["id"], "title": g["title"], "specific": g["specific"], "measure": g["measure"], "target": g["target"],
        "current": g["current"], "relevant": g["relevant"], "due": g["due_on"], "status": g["status"],
        "achieved_on": g["achieved_on"], "created_at": g["created_at"], "updated_at": g["updated_at"],
        "milestones": milestones.get(g["id"], []),
    } for g in _rows(conn, "SELECT * FROM goal ORDER BY id")]
    tags = _links(conn, "SELECT l.feedback_id, t.name FROM feedback_tag l JOIN tag t ON t.id = l.tag_id")
    fskills = _links(conn, "SELECT l.feedback_id, s.name FROM feedback_skill l JOIN skill s ON s.id = l.skill_id")
    feedback = [{
        "id": f["id"], "date": f["received_on"], "from": f["person"], "kind": f["kind"], "text": f["text"],
        "tags": tags.get(f["id"], []), "skills": fskills.get(f["id"], []), "project": f["project"],
        "about": f["entry_id"], "created_at": f["created_at"], "updated_at": f["updated_at"],
    } for f in _rows(conn, "SELECT f.*, pe.name AS person, p.name AS project FROM feedback f "
                           "JOIN person pe ON pe.id = f.person_id LEFT JOIN project p ON p.id = f.project_id "
                           "ORDER BY f.received_on, f.id")]
    names = {t: [r[0] for r in conn.execute(f"SELECT name FROM {t} ORDER BY id")] for t in db.NAME_TABLES}
    return {"format": FORMAT_NAME, "version": FORMAT_VERSION, "entries": entries, "goals": goals,
            "feedback": feedback, "names": names}


def export_csv(conn: sqlite3.Connection) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for e in export_data(conn)["entries"]:
        writer.writerow({"date": e["date"], "text": e["text"], "project": e["project"] or "",
                         "skills": "; ".join(e["skills"]), "impact": e["impact"] or "",
                         "starred": "yes" if e["starred"] else ""})
    return buf.getvalue()


# --- import ---------------------------------------------------------------------------------


class _Importer:
    """One import, inside the caller's transaction."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.result = ImportResult()
        self.empty = all(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] == 0 for t in ("entry", "goal", "feedback"))
        self.entry_ids: dict[int, int] = {}
        self.goal_ids: dict[int, int] = {}

    def _free(self, table: str, row_id: Any) -> int | None:
        if self.empty and isinstance(row_id, int):
            if self.conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (row_id,)).fetchone() is None:
                return row_id
        return None

    def entry(self, where: str, *, text: str, date: dt.date, project: str | None, skills: Iterable[str],
              impact: str | None, starred: bool, old_id: Any = None, goals: Iterable[int] = (),
              created_at: str | None = None, updated_at: str | None = None) -> None:
        try:
            clean = text.replace("\r\n", "\n").strip()
            found = self.conn.execute("SELECT id FROM entry WHERE occurred_on = ? AND text = ?",
                                      (date.isoformat(), clean)).fetchone()
            if found:
                self.result.skipped += 1
                new_id = found[0]
            else:
                new_id = db.insert_entry(self.conn, text=clean, occurred_on=date, project=project or None,
                                         skills=list(skills), impact=impact or None, starred=starred,
                                         entry_id=self._free("entry", old_id), created_at=created_at,
                                         updated_at=updated_at)
                self.result.entries += 1
            if isinstance(old_id, int):
                self.entry_ids[old_id] = new_id
            for g in goals:
                if g not in self.goal_ids:
                    raise JournalError(f"links to goal {g}, which the file does not define")
                self.conn.execute("INSERT OR IGNORE INTO entry_goal (entry_id, goal_id) VALUES (?, ?)", (new_id, self.goal_ids[g]))
        except JournalError as exc:
            raise JournalError(f"{where}: {exc}") from None

    def goal(self, where: str, g: dict[str, Any]) -> None:
        try:
            title = str(g["title"]).strip()
            found = self.conn.execute("SELECT id FROM goal WHERE title = ?", (title,)).fetchone()
            if found:
                self.goal_ids[g["id"]] = found[0]
                self.result.skipped += 1
                return
            now = db.db_timestamp(db.now())
            cols = {"title": title, "specific": g.get("specific"), "measure": g.get("measure"),
                    "target": g.get("target"), "current": g.get("current"), "relevant": g.get("relevant"),
                    "due_on": _iso_or_none(g.get("due")), "status": g.get("status") or "active",
                    "achieved_on": _iso_or_none(g.get("achieved_on")), "created_at": g.get("created_at") or now,
                    "updated_at": g.get("updated_at") or now}
            wanted = self._free("goal", g.get("id"))
            if wanted is not None:
                cols["id"] = wanted
            cur = self.conn.execute(f"INSERT INTO goal ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                                    tuple(cols.values()))
            self.goal_ids[g["id"]] = cur.lastrowid  # type: ignore[assignment]
            self.result.goals += 1
            for m in g.get("milestones", []):
                mcols = {"goal_id": cur.lastrowid, "title": str(m["title"]), "due_on": _iso_or_none(m.get("due")),
                         "done_on": _iso_or_none(m.get("done")), "created_at": m.get("created_at") or now}
                wanted = self._free("milestone", m.get("id"))
                if wanted is not None:
                    mcols["id"] = wanted
                self.conn.execute(f"INSERT INTO milestone ({', '.join(mcols)}) VALUES ({', '.join('?' * len(mcols))})",
                                  tuple(mcols.values()))
                self.result.milestones += 1
        except (KeyError, TypeError, ValueError, sqlite3.IntegrityError) as exc:
            raise JournalError(f"{where}: invalid goal ({exc})") from None

    def feedback(self, where: str, f: dict[str, Any]) -> None:
        try:
            person_id = db.get_or_create_name(self.conn, "person", str(f["from"]))
            date = _date(f["date"])
            text = str(f["text"]).strip()
            if self.conn.execute("SELECT 1 FROM feedback WHERE received_on = ? AND person_id = ? AND text = ?",
                                 (date.isoformat(), person_id, text)).fetchone():
                self.result.skipped += 1
                return
            about = f.get("about")
            if about is not None and about not in self.entry_ids:
                raise JournalError(f"is about entry {about}, which the file does not define")
            now = db.db_timestamp(db.now())
            cols = {"received_on": date.isoformat(), "person_id": person_id, "text": text,
                    "kind": f.get("kind") or "praise",
                    "project_id": db.get_or_create_name(self.conn, "project", f["project"]) if f.get("project") else None,
                    "entry_id": self.entry_ids.get(about) if about is not None else None,
                    "created_at": f.get("created_at") or now, "updated_at": f.get("updated_at") or now}
            wanted = self._free("feedback", f.get("id"))
            if wanted is not None:
                cols["id"] = wanted
            cur = self.conn.execute(f"INSERT INTO feedback ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                                    tuple(cols.values()))
            db.set_links(self.conn, "feedback_tag", "feedback_id", cur.lastrowid, "tag", f.get("tags", []))
            db.set_links(self.conn, "feedback_skill", "feedback_id", cur.lastrowid, "skill", f.get("skills", []))
            self.result.feedback += 1
        except (KeyError, TypeError, ValueError, sqlite3.IntegrityError) as exc:
            raise JournalError(f"{where}: invalid feedback ({exc})") from None
        except JournalError as exc:
            raise JournalError(f"{where}: {exc}") from None


def _iso_or_none(value: Any) -> str | None:
    return _date(value).isoformat() if value else None


def _date(value: Any) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise JournalError(f"{value!r} is not an ISO date (YYYY-MM-DD)") from None


def _load_json(text: str, source: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise JournalError(f"{source} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None


def import_native(imp: _Importer, data: Any, source: str) -> None:
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise JournalError(f"{source} is not a journal_tui export (try --format jrnl-json or csv)")
    if data.get("version", 0) > FORMAT_VERSION:
        raise JournalError(f"{source} was exported by a newer journal_tui (format {data['version']})")
    for kind, names in (data.get("names") or {}).items():
        if kind in db.NAME_TABLES:
            for name in names:
                db.get_or_create_name(imp.conn, kind, name)
    for i, g in enumerate(data.get("goals", []), 1):
        imp.goal(f"{source}: goal {i}", g)
    for i, e in enumerate(data.get("entries", []), 1):
        where = f"{source}: entry {i}"
        try:
            imp.entry(where, text=e["text"], date=_date(e["date"]), project=e.get("project"), skills=e.get("skills", []),
                      impact=e.get("impact"), starred=bool(e.get("starred")), old_id=e.get("id"), goals=e.get("goals", []),
                      created_at=e.get("created_at"), updated_at=e.get("updated_at"))
        except (KeyError, TypeError) as exc:
            raise JournalError(f"{where}: missing or invalid field {exc}") from None
    for i, f in enumerate(data.get("feedback", []), 1):
        imp.feedback(f"{source}: feedback {i}", f)


def import_jrnl_json(imp: _Importer, data: Any, source: str) -> None:
    """jrnl's `--format json` export: @tags become skills, starred is kept."""
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise JournalError(f"{source} is not a jrnl JSON export (no \"entries\" list)")
    for i, e in enumerate(data["entries"], 1):
        where = f"{source}: entry {i}"
        try:
            title, body = str(e["title"]), str(e.get("body") or "")
            parsed = parse_inline(title + ("\n" + body if body.strip() else ""), parse_prefix=False, sigils="#@")
            skills = [*parsed.skills, *(t.lstrip("@") for t in e.get("tags", []))]
            imp.entry(where, text=parsed.text, date=_date(e["date"]), project=parsed.project, skills=skills,
                      impact=None, starred=bool(e.get("starred")))
        except (KeyError, TypeError) as exc:
            raise JournalError(f"{where}: missing or invalid field {exc}") from None


_JRNL_HEADER = re.compile(r"^\[(\d{4}-\d{2}-\d{2})(?: \d{1,2}:\d{2}(?::\d{2})?(?: ?[AaPp][Mm])?)?\] ?(.*)$")


def import_jrnl_text(imp: _Importer, text: str, source: str) -> None:
    """jrnl's own journal file: `[YYYY-MM-DD HH:MM] title` lines, body lines after, ` *` marks a star."""
    entries: list[tuple[int, str, list[str]]] = []
    for number, line in enumerate(text.splitlines(), 1):
        m = _JRNL_HEADER.match(line)
        if m:
            entries.append((number, m.group(1), [m.group(2)]))
        elif entries:
            entries[-1][2].append(line)
        elif line.strip():
            raise JournalError(f"{source}: line {number}: expected a jrnl entry header like [2026-07-02 10:15]")
    for number, date, lines in entries:
        title, body = lines[0].rstrip(), "\n".join(lines[1:]).strip()
        starred = title.endswith(" *") or title == "*"
        title = title.removesuffix("*").rstrip() if starred else title
        parsed = parse_inline(title + ("\n" + body if body else ""), parse_prefix=False, sigils="#@")
        imp.entry(f"{source}: line {number}", text=parsed.text, date=_date(date), project=parsed.project,
                  skills=parsed.skills, impact=None, starred=starred)


def import_csv(imp: _Importer, text: str, source: str) -> None:
    reader = csv.DictReader(io.StringIO(text))
    missing = {"date", "text"} - set(reader.fieldnames or [])
    if missing:
        raise JournalError(f"{source}: the CSV header must have date and text columns (missing {', '.join(sorted(missing))})")
    for row in reader:
        where = f"{source}: line {reader.line_num}"
        if None in row:
            raise JournalError(f"{where}: more fields than the header has")
        skills = [s.strip() for s in (row.get("skills") or "").replace(",", ";").split(";") if s.strip()]
        try:
            date = _date(row["date"])
        except JournalError as exc:
            raise JournalError(f"{where}: {exc}") from None
        imp.entry(where, text=row["text"] or "", date=date, project=(row.get("project") or "").strip() or None,
                  skills=skills, impact=row.get("impact"), starred=(row.get("starred") or "").strip().lower() in
                  ("yes", "y", "true", "1", "*"))


def import_file(conn: sqlite3.Connection, path: Path, fmt: str | None = None) -> ImportResult:
    """Import `path` in one transaction (all or nothing)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise JournalError(f"no such file: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise JournalError(f"cannot read {path}: {exc}") from None
    fmt = fmt or ("csv" if path.suffix.lower() == ".csv" else None)
    source = path.name
    with db.transaction(conn):
        imp = _Importer(conn)
        if fmt is None and _JRNL_HEADER.match(text.lstrip().split("\n", 1)[0]):
            fmt = "jrnl"
        if fmt == "csv":
            import_csv(imp, text, source)
        elif fmt == "jrnl":
            import_jrnl_text(imp, text, source)
        else:
            data = _load_json(text, source)
            if fmt is None:
                fmt = "json" if isinstance(data, dict) and data.get("format") == FORMAT_NAME else "jrnl-json"
            (import_native if fmt == "json" else import_jrnl_json)(imp, data, source)
    return imp.result
