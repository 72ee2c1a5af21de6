"""Export and import: lossless round trip, jrnl and CSV on real-shaped files, all-or-nothing."""

import json
import sqlite3
from pathlib import Path

import pytest

from journal_tui.demo import seed
from journal_tui.store import Store

from conftest import TODAY

FIXTURES = Path(__file__).parent / "fixtures"


def count(path: Path, table: str) -> int:
    return sqlite3.connect(path).execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_json_round_trip_is_lossless(cli, store: Store, tmp_path: Path) -> None:
    seed(store, TODAY)
    store.delete("entry", 3)  # ids with a gap must survive too
    exported = tmp_path / "export.json"
    cli("export", "-o", str(exported))
    copy = tmp_path / "copy.db"
    assert cli("--db", str(copy), "import", str(exported)).strip() == \
        "Imported 19 entries, 4 goals, 9 milestones, 8 feedback"
    again = tmp_path / "again.json"
    cli("--db", str(copy), "export", "-o", str(again))
    assert json.loads(again.read_text()) == json.loads(exported.read_text())
    # field for field, in the tables themselves
    for table in ("entry", "goal", "milestone", "feedback", "entry_skill", "entry_goal", "feedback_tag", "feedback_skill"):
        rows = lambda p: sorted(sqlite3.connect(p).execute(f"SELECT * FROM {table}").fetchall(), key=repr)  # noqa: E731
        assert rows(copy) == rows(store.path), table


def test_reimport_adds_nothing(cli, store: Store, tmp_path: Path) -> None:
    seed(store, TODAY)
    exported = tmp_path / "export.json"
    cli("export", "-o", str(exported))
    out = cli("import", str(exported))
    assert out.strip() == "Imported 0 entries, 0 goals, 0 milestones, 0 feedback; 32 already present"
    assert count(store.path, "entry") == 20


def test_jrnl_json_import(cli, db_path: Path) -> None:
    out = cli("import", str(FIXTURES / "jrnl-4.6-export.json"))
    assert out.strip() == "Imported 8 entries, 0 goals, 0 milestones, 0 feedback"
    entries = {e["date"]: e for e in cli.json("list", "-f", "json")}
    first = entries["2026-07-02"]
    assert first["text"] == "Shipped self-serve refunds to 100% of merchants\nSupport tickets about refunds fell 38% in the first week."
    assert first["skills"] == ["billing", "product"]
    assert entries["2026-09-01"]["skills"] == ["c++"] and "ana@example.com" in entries["2026-09-01"]["text"]
    assert [e["date"] for e in cli.json("list", "starred:yes", "-f", "json")] == ["2026-09-15", "2026-07-21"]
    assert entries["2026-09-29"]["skills"] == []
    cli("import", str(FIXTURES / "jrnl-4.6-export.json"))
    assert len(cli.json("list", "-f", "json")) == 8


def test_jrnl_text_journal_import_matches_its_json_export(cli, tmp_path: Path) -> None:
    """jrnl's own journal file and its JSON export of the same journal import to the same entries."""
    cli("--db", str(tmp_path / "from-json.db"), "import", str(FIXTURES / "jrnl-4.6-export.json"))
    out = cli("--db", str(tmp_path / "from-text.db"), "import", str(FIXTURES / "jrnl-4.6-journal.txt"))
    assert out.strip() == "Imported 8 entries, 0 goals, 0 milestones, 0 feedback"
    strip = lambda rows: [{k: e[k] for k in ("date", "text", "skills", "starred")} for e in rows]  # noqa: E731
    assert strip(cli.json("--db", str(tmp_path / "from-text.db"), "list", "-f", "json")) == \
        strip(cli.json("--db", str(tmp_path / "from-json.db"), "list", "-f", "json"))


def test_csv_import_and_export(cli, tmp_path: Path) -> None:
    source = tmp_path / "wins.csv"
    source.write_text("date,text,project,skills,impact,starred\n"
                      "2026-07-02,\"Shipped refunds, finally\",billing,sql; product,tickets -38%,yes\n"
                      "2026-07-09,Led the review,,leadership,,\n", encoding="utf-8")
    assert cli("import", str(source)).strip() == "Imported 2 entries, 0 goals, 0 milestones, 0 feedback"
    [second, first] = cli.json("list", "-f", "json")
    assert (first["text"], first["project"], first["skills"], first["impact"], first["starred"]) == (
        "Shipped refunds, finally", "billing", ["product", "sql"], "tickets -38%", True)
    assert (second["project"], second["skills"], second["starred"]) == (None, ["leadership"], False)
    exported = cli("export", "-f", "csv")
    assert exported.splitlines()[1] == '2026-07-02,"Shipped refunds, finally",billing,product; sql,tickets -38%,yes'


@pytest.mark.parametrize("name, content, message", [
    ("bad.json", '{"format": "journal_tui", "entries": [', "not valid JSON (line 1"),
    ("bad.csv", "date,text\n2026-07-02,ok\n2026-13-45,bad date\n", "bad.csv: line 3: 'date' must be an ISO date (YYYY-MM-DD), not '2026-13-45'"),
    ("bad2.csv", "when,what\n2026-07-02,x\n", "must have date and text columns"),
    ("bad3.csv", "date,text\n2026-07-02,ok\n2026-07-03,\n", "bad3.csv: line 3: 'text' is empty"),
    ("jrnl.json", '{"entries": [{"title": "ok", "date": "2026-07-02"}, {"date": "2026-07-03"}]}',
     "jrnl.json: entry 2: field 'title' is missing"),
    ("other.json", '[1, 2]', "is not a jrnl JSON export"),
])
def test_malformed_files_are_rejected_whole(cli, db_path: Path, tmp_path: Path, name: str, content: str,
                                            message: str) -> None:
    cli("add", "existing")
    path = tmp_path / name
    path.write_text(content)
    cli("import", str(path), code=1)
    assert message in cli.err
    assert count(db_path, "entry") == 1  # nothing half-imported


def test_markdown_export_with_filter(cli, store: Store) -> None:
    seed(store, TODAY)
    md = cli("export", "-f", "markdown", "project:payments")
    assert md.startswith("# Journal") and "Led the payments gateway load test" in md
    assert "Shipped the dunning email redesign" not in md


def test_backup_is_a_consistent_copy(cli, store: Store, tmp_path: Path) -> None:
    seed(store, TODAY)
    target = tmp_path / "backups"
    target.mkdir()
    out = cli("backup", str(target))
    [copy] = list(target.iterdir())
    assert "Backed up" in out and str(copy) in out
    assert sqlite3.connect(copy).execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert count(copy, "entry") == 20
    cli("backup", str(copy), code=1)  # never overwrites
    assert "already exists" in cli.err


def test_demo_refuses_a_journal_with_entries(cli) -> None:
    assert "20 entries, 4 goals, 8 feedback" in cli("demo")
    cli("demo", code=1)
    assert "already has entries" in cli.err


def test_where_prints_the_journal_path(cli, db_path: Path) -> None:
    assert cli("where").strip() == str(db_path)
