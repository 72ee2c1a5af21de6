"""End-to-end tests of the `journal` command against a real temporary journal."""

import json
import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import TODAY, Cli, db_rows, run_journal

pytestmark = pytest.mark.engines


def test_quick_add_with_inline_date_project_and_skills(cli: Cli, db_path: Path) -> None:
    out = cli(
        "add",
        "yesterday: Shipped refunds to 100% of merchants +billing #sql #product",
        "--impact",
        "tickets -38%",
        "--star",
    )
    assert out.strip() == "Added entry 1 · 2026-11-22 · +billing · #sql #product · ★"
    [entry] = cli.json("list", "--format", "json")
    assert entry == {
        "id": 1,
        "date": "2026-11-22",
        "title": "Shipped refunds to 100% of merchants",
        "text": "Shipped refunds to 100% of merchants",
        "project": "billing",
        "skills": ["product", "sql"],
        "impact": "tickets -38%",
        "starred": True,
        "goals": [],
        "created_at": entry["created_at"],
        "updated_at": entry["updated_at"],
        "extra": False,
    }


def test_flags_beat_inline_and_dates_are_natural(cli: Cli) -> None:
    cli("add", "Led the retro +payments", "--project", "billing", "--skill", "Leadership", "-d", "last friday")
    [e] = cli.json("list", "-f", "json")
    assert (e["date"], e["project"], e["skills"]) == ("2026-11-20", "billing", ["Leadership"])


def test_list_filters_and_formats(cli: Cli) -> None:
    cli("add", "2026-08-03: Shipped refunds +billing #sql")
    cli("add", "2026-09-29: Led incident review +payments #leadership")
    cli("add", "2026-10-05: Refund dashboard +billing #sql #ux", "--star")

    def ids(*f: str) -> list[int]:
        return [e["id"] for e in cli.json("list", *f, "-f", "json")]

    assert ids() == [3, 2, 1]
    assert ids("project:billing") == [3, 1]
    assert ids("skill:sql", "-skill:ux") == [1]
    assert ids("in:2026-Q3") == [2, 1]
    assert ids("from:2026-09-01", 'to:"2026-10-31"') == [3, 2]
    assert ids("starred:yes") == [3]
    assert ids("refund") == [3, 1]
    assert ids("--limit", "1") == [3]
    assert ids("--reverse") == [1, 2, 3]
    table = cli("list", "project:billing")
    assert "Refund dashboard" in table and "+billing" in table and "Led incident" not in table
    md = cli("list", "in:2026-Q4", "-f", "markdown")
    assert md.startswith("- ⭐ **2026-10-05** Refund dashboard _(billing; sql, ux)_")


def test_show_edit_rm(cli: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    cli("add", "Draft title +billing #sql")
    assert "Entry 1 · 2026-11-23" in cli("show", "1")
    script = tmp_path / "fake-editor.py"
    script.write_text(
        textwrap.dedent("""
        import sys, re
        p = sys.argv[1]
        s = open(p).read()
        s = s.replace("Project: billing", "Project: payments").replace("Draft title", "Final title\\nWith a body")
        s = s.replace("Impact: ", "Impact: saved 2 days").replace("Starred: no", "Starred: yes")
        open(p, "w").write(s)
    """)
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    cli("edit", "1")
    e = cli.json("show", "1", "-f", "json")
    assert (e["title"], e["text"], e["project"], e["impact"], e["starred"]) == (
        "Final title",
        "Final title\nWith a body",
        "payments",
        "saved 2 days",
        True,
    )
    cli("rm", "1", code=1)  # not a tty and no --yes: refuses
    assert "confirmation" in cli.err
    assert cli("rm", "1", "--yes").strip() == "Deleted entry 1"
    assert cli.json("list", "-f", "json") == []


def test_add_without_text_opens_editor(cli: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    script = tmp_path / "ed.py"
    script.write_text(
        "import sys\np=sys.argv[1]\ns=open(p).read().replace('Project: ', 'Project: billing')"
        ".replace('---\\n', '---\\nWrote the launch plan #writing\\n')\nopen(p,'w').write(s)\n"
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    cli("add")
    [e] = cli.json("list", "-f", "json")
    assert (e["title"], e["project"], e["skills"]) == ("Wrote the launch plan", "billing", ["writing"])
    monkeypatch.setenv("EDITOR", "true")  # saves the template unchanged: nothing added
    cli("add")
    assert "Nothing added" in cli.err
    assert len(cli.json("list", "-f", "json")) == 1


def test_goals_milestones_links(cli: Cli) -> None:
    assert (
        cli(
            "goal",
            "add",
            "Lead a cross-team project",
            "--due",
            "2027-03-31",
            "--measure",
            "projects led",
            "--target",
            "1",
            "--why",
            "staff promotion",
        ).strip()
        == "Added goal 1 · due 2027-03-31"
    )
    cli("milestone", "add", "1", "Write the RFC", "--due", "in 2 weeks")
    cli("milestone", "add", "1", "Get sign-off")
    cli("add", "Wrote the RFC", "--goal", "1")
    cli("add", "Presented RFC")
    cli("link", "2", "1")
    cli("milestone", "done", "1")
    [g] = cli.json("goal", "list", "-f", "json")
    assert g["title"] == "Lead a cross-team project" and g["due"] == "2027-03-31" and g["relevant"] == "staff promotion"
    assert [m["done"] for m in g["milestones"]] == [TODAY.isoformat(), None]  # undated milestone sorts last
    assert g["milestones"][0]["due"] == "2026-12-07" and g["evidence_count"] == 2 and g["progress"] == 0.0
    cli("goal", "update", "1", "--current", "1")
    cli("goal", "done", "1")
    assert cli.json("goal", "list", "-f", "json") == []
    [g] = cli.json("goal", "list", "--all", "-f", "json")
    assert (g["status"], g["achieved_on"], g["progress"]) == ("achieved", TODAY.isoformat(), 1.0)
    assert [e["id"] for e in cli.json("list", "goal:1", "-f", "json")] == [2, 1]


def test_feedback_and_names(cli: Cli) -> None:
    cli("add", "Shipped refunds +billing #sql")
    out = cli(
        "feedback",
        "add",
        "The rollout was flawless",
        "--from",
        "Maria Lopez",
        "--tag",
        "launch",
        "--skill",
        "SQL",
        "--project",
        "billing",
        "--about",
        "1",
        "-d",
        "yesterday",
    )
    assert out.strip() == "Added feedback 1 from Maria Lopez (praise)"
    cli("feedback", "add", "Share drafts earlier", "--from", "maria lopez", "--kind", "constructive")
    fb = cli.json("feedback", "list", "-f", "json")
    assert [f["id"] for f in fb] == [2, 1]
    assert fb[1] == {
        "id": 1,
        "date": "2026-11-22",
        "from": "Maria Lopez",
        "kind": "praise",
        "text": "The rollout was flawless",
        "tags": ["launch"],
        "skills": ["sql"],
        "project": "billing",
        "about": 1,
    }
    assert [f["id"] for f in cli.json("feedback", "list", "kind:constructive", "-f", "json")] == [2]
    assert [{k: p[k] for k in ("name", "count")} for p in cli.json("people", "-f", "json")] == [
        {"name": "Maria Lopez", "count": 2}
    ]
    assert cli.json("skills", "-f", "json") == [{"name": "sql", "count": 1}]
    assert cli.json("projects", "-f", "json") == [{"name": "billing", "count": 1}]
    assert cli.json("tags", "-f", "json") == [{"name": "launch", "count": 1}]


@pytest.mark.parametrize(
    "argv, message",
    [
        (["add", ""], "entry text is empty"),
        (["add", "   "], "entry text is empty"),
        (["add", "x", "-d", "blorp"], "unknown date 'blorp'"),
        (["add", "x", "-d", "2026-02-30"], "day is out of range"),
        (["add", "x", "-d", "next yesterday"], "unknown date"),
        (["add", "x" * 1_048_576], "the limit is 100,000"),
        (["add", "x", "--goal", "42"], "no goal with id 42"),
        (["add", "x", "--project", "   "], "project is empty"),
        (["list", "projetc:x"], "unknown filter key"),
        (["list", '"unclosed'], "unclosed quote"),
        (["show", "99"], "no entry with id 99"),
        (["milestone", "add", "7", "x"], "no goal with id 7"),
        (["link", "99", "1"], "no entry with id 99"),
        (["link", "1", "99"], "no goal with id 99"),
        (["feedback", "add", "x", "--from", " "], "person is empty"),
        (["goal", "update", "1"], "nothing to update"),
    ],
)
def test_bad_input_is_one_line_exit_1_and_changes_nothing(
    cli: Cli, db_path: Path, argv: list[str], message: str
) -> None:
    cli("add", "existing entry")
    before = db_rows(db_path, "SELECT count(*), max(updated_at) FROM entry")[0]
    out = cli(*argv, code=1)
    assert out == ""
    assert message in cli.err and cli.err.count("\n") == 1 and cli.err.startswith("journal: ")
    assert "Traceback" not in cli.err
    assert db_rows(db_path, "SELECT count(*), max(updated_at) FROM entry")[0] == before


def test_emoji_and_rtl_text_round_trip(cli: Cli) -> None:
    text = "Shipped 🚀 the مرحبا release — naïve café ✓"
    cli("add", text, "--skill", "Ünïcode")
    [e] = cli.json("list", "-f", "json")
    assert e["text"] == text and e["skills"] == ["Ünïcode"]
    assert [x["id"] for x in cli.json("list", "café", "-f", "json")] == [1]


@pytest.mark.no_journal
def test_usage_errors_exit_2(cli: Cli) -> None:
    cli("bogus", code=2)
    cli("add", "x", "--goal", "abc", code=2)


def test_db_flag_and_env_var(tmp_path: Path, cli: Cli) -> None:
    other = tmp_path / "other" / "j.db"
    cli("--db", str(other), "add", "into the other file")
    assert other.exists() and stat.S_IMODE(other.stat().st_mode) == 0o600
    assert cli.json("list", "-f", "json") == []
    assert len(cli.json("--db", str(other), "list", "-f", "json")) == 1


@pytest.mark.no_journal
def test_bad_db_files_get_clear_messages(tmp_path: Path, cli: Cli) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("my precious notes\n" * 100)
    cli("--db", str(notes), "add", "x", code=1)
    assert "is not a SQLite database" in cli.err and notes.read_text() == "my precious notes\n" * 100
    cli("--db", str(tmp_path), "list", code=1)
    assert "is a directory" in cli.err


def test_real_console_script_end_to_end(tmp_path: Path) -> None:
    env = {"JOURNAL_DB": str(tmp_path / "j.db"), "JOURNAL_TODAY": TODAY.isoformat()}
    r = run_journal("add", "last friday: Closed the vendor deal +procurement #negotiation", env=env)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "Added entry 1 · 2026-11-20 · +procurement · #negotiation"
    r = run_journal("list", "skill:negotiation", "--format", "json", env=env)
    assert json.loads(r.stdout)[0]["title"] == "Closed the vendor deal"
    r = run_journal("list", "in:blorp", env=env)
    assert r.returncode == 1 and r.stderr.strip().startswith("journal: in: unknown period 'blorp'; try 'Q3'")
    assert "Traceback" not in r.stderr


def test_quick_add_path_imports_no_heavy_packages(tmp_path: Path) -> None:
    code = textwrap.dedent("""
        import sys
        from journal_tui.cli import main
        rc = main(["add", "yesterday: quick +p #s", "--impact", "x"])
        heavy = sorted({m.split('.')[0] for m in sys.modules} & {"sqlalchemy", "sqlmodel", "pydantic", "textual"})
        print(rc, heavy)
    """)
    env = {**os.environ, "JOURNAL_DB": str(tmp_path / "j.db")}
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().splitlines()[-1] == "0 []"


def test_core_modules_never_import_textual() -> None:
    code = (
        "import sys, journal_tui.data.store, journal_tui.query, journal_tui.dates, journal_tui.cli, journal_tui.output;"
        "print('textual' in sys.modules)"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.stdout.strip() == "False", r.stderr


RM_CASES = [  # (setup commands, rm argv, table, the question asked)
    (
        [["add", "Shipped refunds", "--date", "2026-11-02"]],
        ["rm", "1"],
        "entry",
        "Delete entry 1 (2026-11-02: Shipped refunds)? [y/N] ",
    ),
    (
        [["goal", "add", "Lead a project"]],
        ["goal", "rm", "1"],
        "goal",
        "Delete goal 1 (Lead a project) and its milestones? [y/N] ",
    ),
    (
        [["goal", "add", "Lead a project"], ["milestone", "add", "1", "Write the RFC"]],
        ["milestone", "rm", "1"],
        "milestone",
        "Delete milestone 1 (Write the RFC) of goal 1? [y/N] ",
    ),
    (
        [["feedback", "add", "Great demo", "--from", "Maria Lopez"]],
        ["feedback", "rm", "1"],
        "feedback",
        "Delete feedback 1 from Maria Lopez? [y/N] ",
    ),
    (
        [["checkin", "--learned", "Pairing works"]],
        ["checkin", "rm", "1"],
        "checkin",
        "Delete check-in 1 (2026-11-23: 1 learned)? [y/N] ",
    ),
    (
        [["role", "set", "Staff engineer"], ["role", "criterion", "add", "Leads cross-team work"]],
        ["role", "criterion", "rm", "1"],
        "criterion",
        "Delete criterion 1 (Leads cross-team work)? [y/N] ",
    ),
]


@pytest.mark.parametrize(("setup", "argv", "table", "question"), RM_CASES, ids=[c[2] for c in RM_CASES])
def test_every_rm_asks_the_same_way(
    cli: Cli,
    db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    setup: list[list[str]],
    argv: list[str],
    table: str,
    question: str,
) -> None:
    """One confirm-and-delete: the question names the row, "no" keeps it and says so (exit 0), "y" deletes it, no tty
    refuses."""

    def count() -> int:
        return int(db_rows(db_path, f"SELECT count(*) FROM {table}")[0][0])

    for step in setup:
        cli(*step)
    cli(*argv, code=1)  # not a tty and no --yes
    assert cli.err == "journal: refusing to delete without confirmation; pass --yes\n" and count() == 1
    asked: list[str] = []
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)

    def answer_no(question: str) -> str:
        asked.append(question)
        return "n"

    monkeypatch.setattr("builtins.input", answer_no)
    assert cli(*argv) == "Kept.\n" and count() == 1
    assert asked == [question]
    monkeypatch.setattr("builtins.input", lambda q: "y")
    what = question.split()[1]
    assert cli(*argv) == f"Deleted {what} 1\n"
    assert count() == 0


def test_db_goes_before_or_after_the_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The empty journal's own hint says `journal demo --db /tmp/demo.db`: argparse refused it (usage error)."""
    from journal_tui.cli import db_first, main

    monkeypatch.delenv("JOURNAL_DB", raising=False)
    demo = tmp_path / "demo.db"
    assert main(["demo", "--db", str(demo)]) == 0
    assert main(["list", f"--db={demo}", "-n", "1"]) == 0
    assert main(["add", "Fixed the flag", "--db", str(demo), "-d", "2026-11-20"]) == 0
    capsys.readouterr()
    assert main(["--db", str(demo), "list", "Fixed"]) == 0
    assert "Fixed the flag" in capsys.readouterr().out
    # after `--` it is text, not an option
    assert db_first(["add", "--", "the --db flag", "--db", "x"]) == ["add", "--", "the --db flag", "--db", "x"]
    assert db_first(["add", "x", "--db"]) == ["add", "x", "--db"]  # no value: argparse says what is missing
    assert db_first(["show", "3", "--db", "a.db"]) == ["--db", "a.db", "show", "3"]
