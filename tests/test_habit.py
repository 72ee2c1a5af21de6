"""The habit (issue 12): nudge, check-ins, the manager update, streaks and the heatmap; frozen today 2026-11-23 (a
Monday).

Every test on a journal runs on both engines (a SQLite file and a PostgreSQL database); what only a file has (its
bytes, its locks, an old file's schema) is tested on the file alone.
"""

import ast
import datetime as dt
import io
import json
import os
import re
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections import Counter
from pathlib import Path

import pytest
from conftest import TODAY, Cli, PgServer, db_dump, db_rows, run_journal

from journal_tui import checkin, stats
from journal_tui.data import db, writes
from journal_tui.errors import JournalError
from journal_tui.nudge import nudge_line, working_days_between

pytestmark = pytest.mark.engines

D = dt.date
rows = db_rows


# --- nudge ---------------------------------------------------------------------------------------


def test_working_days_skip_weekends_and_today() -> None:
    assert working_days_between(D(2026, 11, 20), TODAY) == 0  # Friday -> Monday: only the weekend
    assert working_days_between(D(2026, 11, 19), TODAY) == 1  # Friday
    assert working_days_between(D(2026, 11, 17), TODAY) == 3  # Wed, Thu, Fri
    assert working_days_between(D(2026, 11, 9), TODAY) == 9  # two weekends skipped
    assert working_days_between(TODAY, TODAY) == 0
    assert working_days_between(D(2026, 11, 21), D(2026, 11, 24)) == 1  # Saturday -> Tuesday: Monday


def test_nudge_silent_when_the_habit_holds(cli: Cli, db_path: Path) -> None:
    cli("add", "last friday: Shipped the ledger export +ledger")
    cli("checkin", "-d", "last friday", "--learned", "Small PRs get reviewed faster")
    assert cli("nudge") == ""


def test_nudge_counts_quiet_working_days_across_a_weekend(cli: Cli, db_path: Path) -> None:
    cli("checkin", "-d", "friday", "--focus", "Ship it")
    cli("add", "2026-11-18: Wednesday's win")
    assert cli("nudge") == ""  # Thu and Fri quiet: 2 of 3 (the weekend and today do not count)
    assert cli("nudge", "--days", "2") == 'journal: nothing logged for 2 working days → journal add "what you did"\n'
    cli("rm", "1", "--yes")
    cli("add", "2026-11-17: Tuesday's win")
    assert cli("nudge") == 'journal: nothing logged for 3 working days → journal add "what you did"\n'


def test_nudge_says_when_the_check_in_is_overdue(cli: Cli, db_path: Path) -> None:
    cli("add", "yesterday: Weekend fix")
    cli("add", "2026-11-01: First win")
    assert cli("nudge") == "journal: no weekly check-in yet → journal checkin\n"
    cli("checkin", "-d", "2026-11-13", "--learned", "x")
    assert cli("nudge") == "journal: weekly check-in overdue (last 2026-11-13) → journal checkin\n"
    cli("checkin", "-d", "2026-11-16", "--learned", "y")  # 7 days ago: due today, not overdue
    assert cli("nudge") == ""


def test_nudge_names_overdue_milestones_and_asks_in_one_line(cli: Cli, db_path: Path) -> None:
    cli("add", "Today's win")
    cli("checkin", "--focus", "Ship it")
    cli("goal", "add", "Lead a project", "--due", "2027-03-31")
    cli("milestone", "add", "1", "Write the RFC", "--due", "2026-12-01")
    assert cli("nudge") == ""
    conn = db.open_journal(db_path)
    conn.execute("UPDATE milestone SET due_on = '2026-11-20'")
    conn.close()
    cli("ask", "Maria Lopez", "Feedback on the RFC", "--due", "2026-11-20")
    cli("ask", "Dev Patel", "Answered", "--due", "2026-11-10")
    cli("feedback", "add", "Looks good", "--answers", "2")
    cli("ask", "Sam", "Not due", "--due", "2026-12-01")
    cli("ask", "Lee", "Closed without an answer", "--due", "2026-11-01")
    cli("ask", "close", "4")
    assert cli("nudge") == "journal: 1 milestone overdue · 1 ask overdue → journal goal list\n"
    cli("add", "2026-11-01: Old win")
    cli("checkin", "rm", "1", "--yes")
    assert cli("nudge") == ("journal: no weekly check-in yet · 1 milestone overdue · 1 ask overdue → journal checkin\n")


def test_nudge_is_silent_and_creates_nothing_without_a_journal(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "journal.db"
    r = run_journal("--db", str(path), "nudge", env={"JOURNAL_TODAY": TODAY.isoformat()})
    assert (r.returncode, r.stdout, r.stderr) == (0, "", "")
    assert not path.exists() and not path.parent.exists()


def test_nudge_never_writes_the_journal(cli: Cli, db_path: Path | str, engine: str) -> None:
    cli("add", "2026-11-02: Old win")

    def state() -> object:  # a file: its bytes and time; a server: every table and row
        if engine == "sqlite":
            assert isinstance(db_path, Path)
            return db_path.read_bytes(), db_path.stat().st_mtime_ns
        return db_dump(db_path)

    before = state()
    assert cli("nudge").startswith("journal: nothing logged for")
    assert state() == before


def test_nudge_on_a_server_database_without_a_journal_says_nothing_and_creates_nothing(pg_server: PgServer) -> None:
    name = f"jt_nudge_empty_{os.getpid()}"
    pg_server.admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    pg_server.admin.execute(f"CREATE DATABASE {name}")  # empty: no journal's tables
    url = pg_server.url(name)
    try:
        r = run_journal("--db", url, "nudge", env={"JOURNAL_TODAY": TODAY.isoformat()})
        assert (r.returncode, r.stdout, r.stderr) == (0, "", "")
        assert nudge_line(url, TODAY) is None
        assert db_dump(url) == []  # no table was created: the nudge never makes a journal
    finally:
        pg_server.drop(name)


def test_nudge_is_silent_and_quick_when_the_server_cannot_be_reached(tmp_path: Path) -> None:
    url = f"postgresql://nobody@/journal?host={tmp_path / 'no-server'}&port=5"
    start = time.perf_counter()
    r = run_journal("--db", url, "nudge", env={"JOURNAL_TODAY": TODAY.isoformat()})
    assert (r.returncode, r.stdout, r.stderr) == (0, "", "")
    assert time.perf_counter() - start < 5


def test_nudge_is_silent_on_a_locked_journal(cli: Cli, db_path: Path, engine: str) -> None:
    if engine == "postgresql":
        pytest.skip("a file's lock: a server's reads wait for no writer")
    cli("add", "2026-11-02: Old win")  # would speak
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("UPDATE entry SET text = 'held'")
    try:
        start = time.perf_counter()
        r = run_journal("--db", str(db_path), "nudge", env={"JOURNAL_TODAY": TODAY.isoformat()})
        assert (r.returncode, r.stdout, r.stderr) == (0, "", "")
        assert time.perf_counter() - start < 5
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert nudge_line(str(db_path), TODAY) is not None  # released: it speaks again


def test_nudge_reads_an_old_journal_without_upgrading_it(tmp_path: Path) -> None:
    import shutil

    path = tmp_path / "old.db"
    shutil.copy(Path(__file__).parent / "fixtures" / "journal-schema1.db", path)
    before = path.read_bytes()
    line = nudge_line(str(path), TODAY)
    assert line is not None and "milestone overdue" in line  # it read the old file
    assert "check-in" not in line  # no check-in table there: that check is skipped, not an error
    assert path.read_bytes() == before and rows(path, "PRAGMA user_version") == [(1,)]


@pytest.mark.parametrize("content", [b"not a database at all", b""])
def test_nudge_is_silent_on_a_file_that_is_not_a_journal(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "j.db"
    path.write_bytes(content)
    assert nudge_line(str(path), TODAY) is None
    assert path.read_bytes() == content
    r = run_journal("--db", str(path), "nudge")
    assert (r.returncode, r.stdout) == (0, "")


@pytest.mark.parametrize("xdg", [None, "", "/tmp/xdg-data"])
def test_nudge_finds_the_same_journal_as_every_other_command(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, xdg: str | None
) -> None:
    from journal_tui.nudge import journal_path

    monkeypatch.delenv("JOURNAL_DB", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    if xdg is None:
        monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_DATA_HOME", xdg)
    assert journal_path() == db.resolve_db_path()
    assert journal_path("~/j.db") == db.resolve_db_path("~/j.db") == str(tmp_path / "j.db")
    monkeypatch.setenv("JOURNAL_DB", str(tmp_path / "env.db"))
    assert journal_path() == db.resolve_db_path()
    server = "postgresql://me:secret@db.example/journal?sslmode=require"
    assert journal_path(server) == db.resolve_db_path(server) == server
    monkeypatch.setenv("JOURNAL_DB", server)
    assert journal_path() == db.resolve_db_path() == server


def test_nudge_imports_no_sqlmodel_sqlalchemy_or_textual(tmp_path: Path) -> None:
    code = textwrap.dedent("""
        import sys
        from journal_tui.cli import main
        rc = main(["nudge"])
        heavy = {"sqlalchemy", "sqlmodel", "pydantic", "textual", "dateutil", "platformdirs", "psycopg"}
        heavy = sorted({m.split('.')[0] for m in sys.modules} & heavy)
        print(rc, heavy)
    """)
    path = tmp_path / "journal_tui" / "journal.db"  # the default location under $XDG_DATA_HOME: no --db, no $JOURNAL_DB
    store_conn = db.open_journal(path)
    with db.transaction(store_conn):
        db.insert_entry(store_conn, text="Old win", occurred_on=D(2026, 11, 2))
    store_conn.close()
    env = {k: v for k, v in os.environ.items() if k != "JOURNAL_DB"}
    env |= {"XDG_DATA_HOME": str(tmp_path), "JOURNAL_TODAY": TODAY.isoformat()}
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    out = r.stdout.strip().splitlines()
    assert out[0].startswith(
        "journal: nothing logged for 14 working days · no weekly check-in yet"
    )  # it did run the checks
    assert out[-1] == "0 []"


def test_nudge_loads_the_driver_only_for_a_server_and_nothing_heavy(cli: Cli, db_path: Path | str, engine: str) -> None:
    cli("add", "2026-11-02: Old win")
    code = (
        "import sys; from journal_tui.cli import main; rc = main(['nudge']); "
        "print(rc, sorted({m.split('.')[0] for m in sys.modules} & {'sqlalchemy', 'sqlmodel', 'pydantic', "
        "'textual', 'dateutil', 'psycopg'}))"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert r.returncode == 0, r.stderr
    said, loaded = r.stdout.strip().splitlines()
    assert said.startswith("journal: nothing logged for 14 working days")  # it read the journal, either engine
    assert loaded == ("0 ['psycopg']" if engine == "postgresql" else "0 []")


# --- check-in ------------------------------------------------------------------------------------


def test_checkin_with_flags_stores_reflections_and_logs_wins(cli: Cli, db_path: Path) -> None:
    out = cli(
        "checkin",
        "-d",
        "friday",
        "--win",
        "Fixed the flaky settlement test +billing #python",
        "--win",
        "wednesday: Unblocked the ledger team #collaboration",
        "--learned",
        "Small PRs get reviewed faster",
        "--learned",
        "Ask early",
        "--setback",
        "Missed the deploy window",
        "--lesson",
        "Freeze on Thursday",
        "--blocker",
        "Waiting on security review",
        "--focus",
        "Ship the ledger adoption",
    )
    assert out == (
        "Checked in 2026-11-20 (check-in 1) · 2 wins logged as entries 1, 2 · 2 learned · 1 setback · "
        "1 blocker · 1 focus\n"
    )
    assert rows(db_path, "SELECT CAST(checked_on AS TEXT) FROM checkin") == [("2026-11-20",)]
    assert rows(db_path, "SELECT kind, text, lesson FROM reflection ORDER BY position") == [
        ("learned", "Small PRs get reviewed faster", None),
        ("learned", "Ask early", None),
        ("setback", "Missed the deploy window", "Freeze on Thursday"),
        ("blocker", "Waiting on security review", None),
        ("focus", "Ship the ledger adoption", None),
    ]
    wins = {e["title"]: e for e in cli.json("list", "-f", "json")}
    assert wins["Fixed the flaky settlement test"]["date"] == "2026-11-20"  # the check-in's date
    assert (wins["Fixed the flaky settlement test"]["project"], wins["Fixed the flaky settlement test"]["skills"]) == (
        "billing",
        ["python"],
    )
    assert wins["Unblocked the ledger team"]["date"] == "2026-11-18"  # its own inline date
    shown = cli("checkin", "show", "1")
    assert "Missed the deploy window\n    lesson: Freeze on Thursday" in shown
    assert cli.json("checkin", "show", "1", "-f", "json")["setbacks"] == [
        {"text": "Missed the deploy window", "lesson": "Freeze on Thursday"}
    ]


def test_checkin_on_stdin_each_prompt_skippable(cli: Cli, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    answers = (
        "\n".join(
            [
                "Paired on the ledger +data #sql",
                "",  # wins
                "",  # learned: skipped
                "Late review",
                "Ask for the review first",
                "",  # a setback and its lesson, then no more
                "",  # blockers: skipped
                "Ship it",
                "Plan Q1",
                "",  # focus
            ]
        )
        + "\n"
    )
    monkeypatch.setattr(sys, "stdin", io.StringIO(answers))
    out = cli("checkin")
    assert out == "Checked in 2026-11-23 (check-in 1) · 1 win logged as entry 1 · 1 setback · 2 focus\n"
    assert "What did you learn?" in cli.err and "setback> " in cli.err  # prompts on stderr, stdout stays clean
    assert rows(db_path, "SELECT kind, text, lesson FROM reflection ORDER BY position") == [
        ("setback", "Late review", "Ask for the review first"),
        ("focus", "Ship it", None),
        ("focus", "Plan Q1", None),
    ]
    assert rows(db_path, "SELECT e.text, p.name FROM entry e JOIN project p ON p.id = e.project_id") == [
        ("Paired on the ledger", "data")
    ]


def test_checkin_on_stdin_all_skipped_records_nothing(
    cli: Cli, db_path: Path, engine: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n\n\n\n\n"))
    assert cli("checkin") == ""
    assert "Nothing recorded" in cli.err
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # end of input at once
    assert cli("checkin") == ""
    if engine == "sqlite":
        assert not db_path.exists()  # nothing to record: the journal was not even opened


def test_checkin_list_edit_rm(cli: Cli, db_path: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    cli("checkin", "-d", "2026-11-13", "--learned", "First")
    cli("checkin", "-d", "2026-11-20", "--focus", "Ship [b]it[/b]", "--focus", "Plan")
    assert cli("checkin", "list").splitlines() == [
        "   2  2026-11-20  2 focus  focus: Ship [b]it[/b] (+1)",
        "   1  2026-11-13  1 learned",
    ]
    script = tmp_path / "ed.py"
    script.write_text(
        "import sys\np=sys.argv[1]\ns=open(p).read().replace('Date: 2026-11-13', 'Date: 2026-11-12')"
        ".replace('learned: First', 'learned: First, edited\\nsetback: Slipped\\nlesson: Plan buffer')\n"
        "open(p,'w').write(s)\n"
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    assert cli("checkin", "edit", "1") == "Updated check-in 1\n"
    got = cli.json("checkin", "show", "1", "-f", "json")
    assert (got["date"], got["learned"], got["setbacks"]) == (
        "2026-11-12",
        ["First, edited"],
        [{"text": "Slipped", "lesson": "Plan buffer"}],
    )
    cli("checkin", "rm", "1", code=1)  # not a tty, no --yes
    assert cli("checkin", "rm", "1", "--yes") == "Deleted check-in 1\n"
    assert rows(db_path, "SELECT count(*) FROM reflection WHERE checkin_id = 1") == [(0,)]  # cascaded
    cli("checkin", "show", "1", code=1)
    assert cli.err.strip() == "journal: there is no check-in with id 1"


def test_checkin_bad_input_is_one_line(cli: Cli, db_path: Path) -> None:
    cli("checkin", "--lesson", "orphan", code=1)
    assert cli.err.startswith("journal: each --lesson belongs to a --setback")
    cli("checkin", "--learned", "\x07\x1b[2J", code=1)  # nothing left once the control codes are removed
    assert cli.err.count("\n") == 1 and "empty" in cli.err
    cli("checkin", "--learned", "ok", "--win", "x", "-d", "someday", code=1)
    assert rows(db_path, "SELECT count(*) FROM checkin") == [(0,)]
    cli("checkin", "--learned", "bad \x07 bell")
    assert rows(db_path, "SELECT text FROM reflection") == [("bad  bell",)]
    assert rows(db_path, "SELECT count(*) FROM entry") == [(0,)]  # all or nothing


def test_parse_template_rejects_unknown_lines() -> None:
    with pytest.raises(Exception, match="line 3: unknown item 'mood'"):
        checkin.parse_template("Date: 2026-11-20\n---\nmood: great\n")
    with pytest.raises(Exception, match="follows the 'setback:'"):
        checkin.parse_template("lesson: alone\n")


# --- update ---------------------------------------------------------------------------------------


@pytest.fixture
def update_data(cli: Cli, db_path: Path) -> None:
    cli("add", "yesterday: Reviewed 14 PRs +billing")
    cli("add", "2026-11-18: Led the load test +payments", "--impact", "validated 3x peak", "--star")
    cli("add", "2026-11-10: Older win outside the week")
    cli("goal", "add", "Cut p95 below 1s", "--due", "2026-11-18")  # overdue
    cli("goal", "add", "Lead a project", "--due", "2026-11-27")  # due next week
    cli("milestone", "add", "2", "Write the RFC", "--due", "2026-11-25")
    cli("milestone", "add", "2", "Cache aggregates", "--due", "2026-12-20")
    conn = db.open_journal(db_path)
    conn.execute("UPDATE milestone SET due_on = '2026-11-11' WHERE id = 2")  # overdue
    conn.close()
    cli("checkin", "-d", "2026-11-13", "--blocker", "Old blocker", "--focus", "Old focus")
    cli("checkin", "-d", "2026-11-20", "--blocker", "Waiting on security review", "--focus", "Ship the ledger adoption")


@pytest.mark.usefixtures("update_data")
def test_update_has_progress_plans_problems(cli: Cli) -> None:
    out = cli("update")
    assert out == textwrap.dedent("""\
        **Update 2026-11-17 to 2026-11-23**

        **Progress**
        - ⭐ Led the load test (payments) — validated 3x peak
        - Reviewed 14 PRs (billing)

        **Plans**
        - Ship the ledger adoption
        - Milestone due 2026-11-25: Write the RFC (Lead a project)
        - Goal due 2026-11-27: Lead a project

        **Problems**
        - Blocked: Waiting on security review
        - Overdue milestone: Cache aggregates (due 2026-11-11)
        - Overdue goal: Cut p95 below 1s (due 2026-11-18)
        """)


@pytest.mark.usefixtures("update_data")
def test_update_month_range_json_and_file(cli: Cli, tmp_path: Path) -> None:
    data = cli.json("update", "--month", "--format", "json")
    assert data["period"] == {"start": "2026-10-24", "end": "2026-11-23"}
    assert [w["title"] for w in data["progress"]] == [
        "Led the load test",
        "Older win outside the week",
        "Reviewed 14 PRs",
    ]
    assert [b["text"] for b in data["problems"]["blockers"]] == ["Old blocker", "Waiting on security review"]
    assert data["plans"]["focus"] == ["Ship the ledger adoption"] and data["plans"]["focus_from"] == "2026-11-20"
    assert [m["title"] for m in data["plans"]["milestones"]] == ["Write the RFC"]
    assert data["problems"]["overdue_asks"] == []
    early = cli.json("update", "--from", "2026-11-09", "--to", "2026-11-15", "-f", "json")
    assert [w["title"] for w in early["progress"]] == ["Older win outside the week"]
    assert early["plans"]["focus"] == ["Old focus"]  # the latest check-in of that period
    assert early["next_period"] == {"start": "2026-11-16", "end": "2026-11-22"}
    target = tmp_path / "update.md"
    cli("update", "-o", str(target))
    assert target.read_text().startswith("**Update 2026-11-17 to 2026-11-23**")
    cli("update", "--week", "--from", "2026-11-01", code=1)


def test_update_of_an_empty_journal_says_so(cli: Cli) -> None:
    out = cli("update")
    assert "- Nothing logged in this period." in out and "- Nothing planned yet." in out and "- None." in out


# --- streaks and the heatmap ----------------------------------------------------------------------


def test_day_streaks_skip_weekends_and_break_on_gaps() -> None:
    days = {
        D(2026, 11, 12),
        D(2026, 11, 13),  # Thu, Fri
        D(2026, 11, 16),
        D(2026, 11, 17),
        D(2026, 11, 18),
        D(2026, 11, 19),
        D(2026, 11, 20),  # Mon-Fri
        D(2026, 11, 22),
    }  # a Sunday entry neither counts nor breaks
    assert stats.day_streaks(days, TODAY) == (7, 7)  # today (Monday) not logged yet: the streak holds
    assert stats.day_streaks(days | {TODAY}, TODAY) == (8, 8)
    assert stats.day_streaks(days, D(2026, 11, 24)) == (0, 7)  # Monday passed without an entry: broken
    gap = days - {D(2026, 11, 18)}
    assert stats.day_streaks(gap, TODAY) == (2, 4)  # Thu-Fri-Mon-Tue was the longest run
    assert stats.day_streaks({D(2026, 11, 21)}, TODAY) == (0, 0)  # weekend only
    assert stats.day_streaks(set(), TODAY) == (0, 0)


def test_week_streaks() -> None:
    mondays = {D(2026, 10, 26), D(2026, 11, 2), D(2026, 11, 9), D(2026, 11, 16)}
    assert stats.week_streaks(mondays, TODAY) == (4, 4)  # this week not checked in yet: still going
    assert stats.week_streaks(mondays - {D(2026, 11, 16)}, TODAY) == (0, 3)
    assert stats.week_streaks(mondays | {TODAY}, TODAY) == (5, 5)


def _sample_stats() -> stats.Stats:
    days = {TODAY: 1, D(2026, 11, 20): 2, D(2026, 11, 19): 3, D(2026, 11, 18): 5, D(2025, 12, 1): 1}
    return stats.Stats(TODAY, stats.monday(TODAY) - dt.timedelta(weeks=51), days, Counter(), (1, 4), (0, 0))


def test_heatmap_at_two_widths() -> None:
    s = _sample_stats()
    wide = stats.heatmap_lines(s, 80)
    assert wide[0].startswith("    Dec Jan")
    mon, wed, thu, fri, sat = wide[1], wide[3], wide[4], wide[5], wide[6]
    assert mon.startswith("Mon ░") and len(mon) == 4 + 52  # 52 weeks; the first Monday had one entry
    assert mon.endswith("·░")  # last week empty, this Monday one entry
    assert wed.endswith("█") and thu.endswith("▓") and fri.endswith("▒")  # the future days of this week are blank
    assert len(sat) == 4 + 51  # Saturday of this week is in the future: no cell
    assert wide[8].startswith("wk ") and wide[-1] == "    less · ░ ▒ ▓ █ more"
    assert all(len(line) <= 80 for line in wide)
    narrow = stats.heatmap_lines(s, 30)
    assert all(len(line) <= 30 for line in narrow[:9])
    assert len(narrow[1]) == 30 and narrow[1].endswith("·░")  # the newest 26 weeks
    assert "░" not in narrow[1][4:-1]  # the December entry is out of view
    assert narrow[3].endswith("█")


def test_stats_cli_text_and_json(cli: Cli, db_path: Path) -> None:
    for day in ("2026-11-16", "2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20"):
        cli("add", f"{day}: Win on {day} +billing #sql")
    cli("add", "2026-11-20: Second win +payments #sql #writing")
    cli("checkin", "-d", "2026-11-13", "--learned", "a")
    cli("checkin", "-d", "2026-11-20", "--learned", "b")
    data = cli.json("stats", "--format", "json")
    assert data["streaks"] == {
        "working_days": {"current": 5, "longest": 5},
        "checkin_weeks": {"current": 2, "longest": 2},
    }
    assert len(data["weeks"]) == 52 and data["weeks"][-1] == {"week": "2026-11-23", "entries": 0, "checkins": 0}
    assert data["weeks"][-2] == {"week": "2026-11-16", "entries": 6, "checkins": 1}
    assert data["projects"] == [{"name": "billing", "count": 5}, {"name": "payments", "count": 1}]
    assert data["skills"][0] == {"name": "sql", "count": 6}
    text = cli("stats", "--width", "60")
    assert text.startswith(
        "Streaks: 5 working days in a row with an entry (longest 5)\n"
        "         2 weeks in a row with a check-in (longest 2)\n"
    )
    assert "Last 52 weeks: 6 entries, 2 check-ins" in text and "Wins per skill (last 52 weeks)" in text


# --- review and demo ---------------------------------------------------------------------------------


def test_review_has_learned_and_setbacks_sections(cli: Cli) -> None:
    cli("add", "2026-11-02: A win")
    cli(
        "checkin",
        "-d",
        "2026-11-06",
        "--learned",
        "Timezones bite at month ends",
        "--setback",
        "Shipped late",
        "--lesson",
        "Review before tests",
    )
    cli("checkin", "-d", "2026-06-05", "--learned", "Outside the quarter")
    out = cli("review")
    assert "## What I learned\n\n- **2026-11-06** Timezones bite at month ends\n" in out
    assert (
        "## Setbacks and what they taught me\n\n- **2026-11-06** Shipped late\n  - _Lesson:_ Review before tests" in out
    )
    assert "Outside the quarter" not in out
    assert cli.json("review", "--format", "json")["reflections"]["setbacks"] == [
        {"date": "2026-11-06", "text": "Shipped late", "lesson": "Review before tests"}
    ]


def test_check_ins_kept_with_their_ids_leave_room_for_new_ones(cli: Cli, db_path: Path | str) -> None:
    """An import that keeps ids (check-ins and their reflections) moves the engine's id counter past them: the next
    check-in gets the next id, on a server too (whose id sequence does not follow rows given their own ids)."""
    conn = db.open_journal(db_path)
    with db.transaction(conn):
        assert (
            checkin.import_records(
                conn,
                [
                    {"id": 1, "date": "2026-11-06", "learned": ["Imported"]},
                    {"id": 2, "date": "2026-11-13", "focus": ["Imported too"]},
                ],
            )
            == 2
        )
        writes.insert_checkin(
            conn, D(2026, 11, 20), [{"id": 7, "kind": "learned", "text": "Kept id"}], checkin_id=3, keep_ids=True
        )
        with pytest.raises(JournalError, match="check-in id must be a positive whole number, not 'x3'"):
            checkin.import_records(conn, [{"id": "x3", "date": "2026-11-06", "learned": ["Refused"]}])
    conn.close()
    assert cli("checkin", "--learned", "New", "--focus", "Next").startswith("Checked in 2026-11-23 (check-in 4)")
    assert rows(db_path, "SELECT id, text FROM reflection WHERE checkin_id IN (3, 4) ORDER BY id") == [
        (7, "Kept id"),
        (8, "New"),
        (9, "Next"),
    ]


def test_demo_has_check_ins_and_export_records_round_trip(cli: Cli, db_path: Path, tmp_path: Path) -> None:
    assert "6 check-ins" in cli("demo")
    assert len(cli.json("checkin", "list", "-f", "json")) == 6
    # the demo checked in on Friday; its overdue milestone and ask remain
    assert cli("nudge") == "journal: 1 milestone overdue · 1 ask overdue → journal goal list\n"
    conn = db.open_journal(db_path)
    records = checkin.export_records(conn)
    conn.close()
    other = db.open_journal(tmp_path / "other.db")
    with db.transaction(other):
        assert checkin.import_records(other, records) == 6
        assert checkin.import_records(other, records) == 0  # twice adds nothing
    assert checkin.export_records(other) == records
    other.close()


HABIT_AND_HARVEST_MODULES = (
    "checkin",
    "nudge",
    "stats",
    "update",
    "harvest",
    "cli/habit",
    "cli/harvest",
    "cli/goals",
    "cli/entries",
    "cli/common",
    "cli/__init__",
)
SQL_TEXT = re.compile(
    r"\bSELECT\s.+\sFROM\s|\bINSERT\s+(OR\s+\w+\s+)?INTO\s|\bUPDATE\s+\w+\s+SET\s|\bDELETE\s+FROM\s"
    r"|sqlite_master|\bPRAGMA\s",
    re.S,
)
DRIVERS = {"sqlite3", "psycopg"}


@pytest.mark.parametrize("name", HABIT_AND_HARVEST_MODULES)
def test_the_habit_and_harvest_hold_no_sql_and_import_no_driver(name: str) -> None:
    """Their SQL lives in `data/queries/` and `data/writes/` (either engine); the domain and the CLI keep the logic."""
    path = Path(checkin.__file__).parent / f"{name}.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            assert not {a.name.split(".")[0] for a in node.names} & DRIVERS, f"{name}.py:{node.lineno} imports a driver"
        elif isinstance(node, ast.ImportFrom):
            assert (node.module or "").split(".")[0] not in DRIVERS, f"{name}.py:{node.lineno} imports a driver"
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            assert not SQL_TEXT.search(node.value), f"{name}.py:{node.lineno} holds SQL: {node.value[:60]!r}"


def test_habit_modules_import_neither_sqlalchemy_nor_textual() -> None:
    code = (
        "import sys, journal_tui.checkin, journal_tui.update, journal_tui.stats, journal_tui.nudge;"
        "import journal_tui.cli.habit;"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'sqlalchemy', 'sqlmodel', 'textual'}))"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.stdout.strip() == "[]", r.stderr


def test_checkin_and_its_edits_write_without_sqlalchemy(db_path: Path) -> None:
    """check-in, its rm, a milestone edit and a feedback response run on the standard library (db.writing)."""
    code = (
        "import json, sys; from journal_tui.cli import main\n"
        "for argv in json.loads(sys.argv[1]):\n"
        "    assert main(argv) == 0, argv\n"
        "assert not [m for m in sys.modules if m.startswith(('sqlalchemy', 'sqlmodel', 'textual'))], 'heavy import'"
    )
    conn = db.open_journal(db_path)
    with db.transaction(conn):
        goal = writes.insert_goal(conn, title="Lead a project")
        writes.insert_milestone(conn, goal, "Write the RFC")
        writes.save_feedback(conn, None, text="Share drafts earlier", person="Sam", received_on=D(2026, 11, 2))
    conn.close()
    commands = [
        ["checkin", "--learned", "Pairing works", "--win", "Shipped X +billing"],
        ["checkin", "rm", "1", "--yes"],
        ["milestone", "edit", "1", "--title", "Write the RFC\x07 draft", "--due", "2026-12-01"],
        ["feedback", "respond", "1", "1"],
    ]  # one process for the four: what any of them loads stays loaded
    r = subprocess.run([sys.executable, "-c", code, json.dumps(commands)], capture_output=True, text=True, check=False)
    assert r.returncode == 0, r.stderr
    assert rows(db_path, "SELECT count(*) FROM checkin") == [(0,)]
    assert rows(db_path, "SELECT text FROM entry") == [("Shipped X",)]
    assert rows(db_path, "SELECT title, CAST(due_on AS TEXT) FROM milestone") == [("Write the RFC draft", "2026-12-01")]
    assert rows(db_path, "SELECT feedback_id, entry_id FROM feedback_response") == [(1, 1)]
