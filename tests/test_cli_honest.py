"""A CLI that never hides or invents (issue 13): whole lines in pipes, no invented dates, one term per argument,
help that tells the truth, milestones that can be edited and removed."""

import json
import os
import pty
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import TODAY, Cli, journal_exe, run_journal

pytestmark = pytest.mark.engines

LONG = (
    "Shipped self-serve refunds to every merchant in every region after a quarter of careful rollouts, "
    "and the tail-end-marker-word"
)


# --- piped output is never cut ----------------------------------------------------------------


def test_piped_list_prints_whole_lines(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")  # a terminal's width must not cut what goes down a pipe
    cli("add", f"{LONG} +billing #sql")
    cli("add", "Short one #ux")
    out = cli("list")
    assert "tail-end-marker-word  +billing #sql" in out and "…" not in out
    assert max(len(line) for line in out.splitlines()) > 80


def test_piped_feedback_list_prints_whole_lines(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    cli("feedback", "add", LONG, "--from", "Maria Lopez", "--skill", "sql")
    out = cli("feedback", "list")
    assert "tail-end-marker-word  #sql" in out and "…" not in out


def _run_on_a_tty(args: list[str], columns: int, db: Path) -> list[str]:
    """Run `journal` with stdout on a pseudo-terminal `columns` wide; its lines."""
    main_fd, child_fd = pty.openpty()
    env = {**os.environ, "COLUMNS": str(columns), "JOURNAL_DB": str(db), "JOURNAL_TODAY": TODAY.isoformat()}
    proc = subprocess.Popen([*journal_exe(), *args], stdout=child_fd, stderr=subprocess.PIPE, env=env)
    os.close(child_fd)
    chunks = []
    while True:
        try:
            data = os.read(main_fd, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(main_fd)
    assert proc.wait(timeout=60) == 0, proc.stderr.read() if proc.stderr else ""
    return [line for line in b"".join(chunks).decode().replace("\r\n", "\n").split("\n") if line]


def test_on_a_terminal_tables_fit_and_stay_aligned(cli: Cli, db_path: Path) -> None:
    cli("add", f"{LONG} +billing #sql")
    cli("add", "Short one +payments #ux")
    cli("add", "Middle length title here", "--star")
    cli("feedback", "add", LONG, "--from", "Maria Lopez", "--skill", "sql")
    cli("feedback", "add", "Short", "--from", "Sam", "--tag", "launch")
    lines = _run_on_a_tty(["list"], 70, db_path)
    assert len(lines) == 3 and all(len(line) <= 70 for line in lines), lines
    assert "…" in lines[2] and lines[2].endswith("+billing #sql")  # cut title, names kept
    assert lines[2].index("+billing") == lines[1].index("+payments")  # the names line up
    lines = _run_on_a_tty(["feedback", "list"], 70, db_path)
    assert len(lines) == 2 and all(len(line) <= 70 for line in lines) and "…" in lines[1], lines
    assert lines[0].index("Short") == lines[1].index("Shipped")  # the text column lines up


# --- no invented dates ------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["Feb 30: x", "2026-13-01: x", "2026/02/30: Shipped", "June 31: x"])
def test_a_date_prefix_that_does_not_exist_is_refused(cli: Cli, text: str) -> None:
    cli("add", text, code=1)
    assert cli.err.count("\n") == 1 and repr(text.split(":")[0] + ":") in cli.err and "nothing was saved" in cli.err
    assert cli.json("list", "-f", "json") == []


@pytest.mark.parametrize("text", ["Note: x", "Q3: planning", "10:30 standup", "3pm: call with Maria", "24/7: on call"])
def test_ordinary_text_before_a_colon_is_kept(cli: Cli, text: str) -> None:
    assert cli("add", text).startswith(f"Added entry 1 · {TODAY.isoformat()}")
    [e] = cli.json("list", "-f", "json")
    assert (e["text"], e["date"]) == (text, TODAY.isoformat())


def _editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, replacements: dict[str, str]) -> None:
    script = tmp_path / "ed.py"
    script.write_text(
        textwrap.dedent(f"""
        import sys
        p = sys.argv[1]
        s = open(p).read()
        for old, new in {replacements!r}.items():
            s = s.replace(old, new, 1)
        open(p, "w").write(s)
    """)
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")


def test_editor_add_honours_a_date_prefix(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _editor(tmp_path, monkeypatch, {"---\n": "---\nlast thursday: Fixed the payout job +payments\n"})
    assert cli("add").strip() == "Added entry 1 · 2026-11-19 · +payments"
    [e] = cli.json("list", "-f", "json")
    assert (e["date"], e["text"], e["project"]) == ("2026-11-19", "Fixed the payout job", "payments")


def test_editor_add_a_changed_date_line_beats_the_prefix(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _editor(tmp_path, monkeypatch, {"Date: today": "Date: 2026-11-02", "---\n": "---\nlast thursday: Fixed it\n"})
    cli("add")
    [e] = cli.json("list", "-f", "json")
    assert (e["date"], e["text"]) == ("2026-11-02", "Fixed it")


def test_editor_add_with_a_bad_date_prefix_saves_nothing(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _editor(tmp_path, monkeypatch, {"---\n": "---\nFeb 30: Fixed it\n"})
    cli("add", code=1)
    assert "'Feb 30:'" in cli.err
    assert cli.json("list", "-f", "json") == []


def test_editor_edit_honours_a_date_prefix_and_markers(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli("add", "Draft title +billing #sql")
    _editor(tmp_path, monkeypatch, {"---\nDraft title": "---\nlast thursday: Final title +payments"})
    cli("edit", "1")
    e = cli.json("show", "1", "-f", "json")
    assert (e["date"], e["text"], e["project"], e["skills"]) == ("2026-11-19", "Final title", "payments", ["sql"])


def test_editor_edit_without_touching_the_text_keeps_it(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli("import", str(_csv(tmp_path)))  # imported text may start with a date-like word: it is not re-read
    before = cli.json("show", "1", "-f", "json")
    _editor(tmp_path, monkeypatch, {"Starred: no": "Starred: yes"})
    cli("edit", "1")
    after = cli.json("show", "1", "-f", "json")
    assert (after["text"], after["date"], after["starred"]) == (before["text"], before["date"], True)


def _csv(tmp_path: Path) -> Path:
    path = tmp_path / "wins.csv"
    path.write_text("date,text\n2026-10-01,Feb 30: the plan that slipped #sql\n", encoding="utf-8")
    return path


# --- one argument is one filter term -----------------------------------------------------------


def test_a_key_value_argument_with_spaces_is_one_term(cli: Cli) -> None:
    cli("add", "2026-11-23: This week's win")
    cli("add", "2026-10-01: Older win about week planning")

    def ids(*f: str) -> list[int]:
        return [e["id"] for e in cli.json("list", *f, "-f", "json")]

    assert ids("in:this week") == [1]  # what the shell passes for in:"this week"
    cli("feedback", "add", "Great demo", "--from", "Maria Lopez")
    cli("feedback", "add", "Nice", "--from", "Maria Jones")
    assert [f["from"] for f in cli.json("feedback", "list", "by:Maria Lopez", "-f", "json")] == ["Maria Lopez"]
    assert [n["name"] for n in cli.json("people", "by:maria lopez", "-f", "json")] == ["Maria Lopez"]
    review = cli("review", "to:last friday", "-q", "2026")
    assert "Older win" in review and "This week" not in review


def test_a_whole_filter_in_one_argument_still_works(cli: Cli) -> None:
    cli("add", "Shipped refunds +billing #sql")
    cli("add", "Other +billing #ux")
    assert [e["id"] for e in cli.json("list", "project:billing skill:sql", "-f", "json")] == [1]


def test_join_filter_args() -> None:
    from journal_tui.cli.common import join_filter_args

    assert join_filter_args(["in:this week", "refund"]) == 'in:"this week" refund'
    assert join_filter_args(["-tag:big launch"]) == '-tag:"big launch"'
    assert join_filter_args(['in:"this week"', "in:last-quarter"]) == 'in:"this week" in:last-quarter'
    assert join_filter_args(["project:billing skill:sql"]) == "project:billing skill:sql"
    assert join_filter_args(["free words here"]) == "free words here"
    assert join_filter_args(["Note: x"]) == "Note: x"  # not a filter key: the query parser names it


@pytest.mark.parametrize(
    "term",
    ["in:last-quarter", "in:this-week", "in:last-90-days", "to:last-friday", "from:3-weeks-ago", "in:this-quarter"],
)
def test_hyphenated_periods_work(cli: Cli, term: str) -> None:
    cli("add", "2026-11-20: Late win")
    cli("list", term, "-f", "json")


# --- help that tells the truth ------------------------------------------------------------------


@pytest.mark.no_journal
def test_list_help_names_every_filter_key(cli: Cli) -> None:
    out = cli("list", "--help")
    for key in ("project:", "skill:", "tag:", "by:", "kind:", "goal:", "in:", "from:", "to:", "starred:"):
        assert key in out, key
    assert "a comma means OR" in out and "a leading - excludes" in out and "in:last-quarter" in out


@pytest.mark.no_journal
@pytest.mark.parametrize(
    "argv",
    [
        ["show"],
        ["edit"],
        ["rm"],
        ["star"],
        ["link"],
        ["goal", "done"],
        ["goal", "rm"],
        ["goal", "update"],
        ["milestone", "add"],
        ["milestone", "done"],
        ["milestone", "edit"],
        ["milestone", "rm"],
        ["feedback", "rm"],
    ],
)
def test_id_arguments_are_described(cli: Cli, argv: list[str]) -> None:
    out = cli(*argv, "--help")
    described = re.findall(r"^ +(?:ID|ENTRY_ID|GOAL_ID) +(\S.*)$", out, re.MULTILINE)
    assert described and all("id" in d for d in described), out


# --- milestones can be edited and removed --------------------------------------------------------


def test_milestone_edit_and_rm(cli: Cli) -> None:
    cli("goal", "add", "Lead a cross-team project")
    cli("milestone", "add", "1", "Write the RFC", "--due", "in 2 weeks")
    cli("milestone", "add", "1", "Get sign-off")
    assert (
        cli("milestone", "edit", "1", "--title", "Write and circulate the RFC", "--due", "next friday").strip()
        == "Updated milestone 1"
    )
    [g] = cli.json("goal", "list", "-f", "json")
    assert (g["milestones"][0]["title"], g["milestones"][0]["due"]) == ("Write and circulate the RFC", "2026-11-27")
    cli("milestone", "edit", "1", "--no-due")
    [g] = cli.json("goal", "list", "-f", "json")
    assert [m["due"] for m in g["milestones"]] == [None, None]
    cli("milestone", "edit", "1", code=1)
    assert "nothing to change" in cli.err
    cli("milestone", "edit", "1", "--title", "  ", code=1)
    assert "empty" in cli.err
    cli("milestone", "edit", "9", "--title", "x", code=1)
    assert "no milestone with id 9" in cli.err
    cli("milestone", "rm", "1", code=1)  # not a tty, no --yes
    assert "confirmation" in cli.err
    assert cli("milestone", "rm", "1", "--yes").strip() == "Deleted milestone 1"
    [g] = cli.json("goal", "list", "-f", "json")
    assert [m["title"] for m in g["milestones"]] == ["Get sign-off"]
    cli("milestone", "rm", "1", "--yes", code=1)
    assert "no milestone with id 1" in cli.err


def test_backup_to_a_new_folder(cli: Cli, tmp_path: Path) -> None:
    cli("add", "x")
    out = cli("backup", f"{tmp_path}/backups/")
    [copy] = list((tmp_path / "backups").iterdir())
    assert copy.suffix == ".db" and str(copy) in out


def test_a_filter_in_a_real_shell_pipe(tmp_path: Path) -> None:
    """The whole path a user takes: `journal list in:"this week" | grep word` in a subprocess."""
    env = {"JOURNAL_DB": str(tmp_path / "j.db"), "JOURNAL_TODAY": TODAY.isoformat(), "COLUMNS": "60"}
    assert run_journal("add", LONG, env=env).returncode == 0
    result = run_journal("list", "in:this week", env=env)
    assert result.returncode == 0 and "tail-end-marker-word" in result.stdout, result.stderr
    assert json.loads(run_journal("list", "-f", "json", env=env).stdout)[0]["text"] == LONG
