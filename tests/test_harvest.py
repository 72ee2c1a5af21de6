"""`journal harvest` and `journal inbox`: the user's own commits from throwaway repositories, as suggestions.

The repositories are real (tests/gitrepos.py: fixed authors and dates, so the hashes are fixed too), the
journal is a real file, and the commands run through the real `main()` (a subprocess where the promise is
about the process: what it imports).  Git's system and global config are replaced by an empty file, so
the machine's own `user.email` never decides whose commits are whose.  Every test on a journal runs on both
engines (a SQLite file and a PostgreSQL database).
"""

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from conftest import Cli, db_rows
from gitrepos import COLLEAGUE, ME, Repo, isolated_git, payments_api
from hostile import CORPUS, assert_terminal_safe, expected

from journal_tui import harvest_git
from journal_tui.harvest_text import clean_subject

pytestmark = pytest.mark.engines

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def git_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in isolated_git(tmp_path).items():
        monkeypatch.setenv(name, value)


@pytest.fixture
def src(tmp_path: Path) -> Path:
    return tmp_path / "src"


def inbox(cli: Cli) -> list[dict[str, Any]]:
    suggestions: list[dict[str, Any]] = cli.json("inbox", "--format", "json")
    return suggestions


def summary(cli: Cli) -> list[tuple[Any, ...]]:
    return [(s["repo_name"], s["date"], s["kind"], s["title"], s["skills"], len(s["commits"])) for s in inbox(cli)]


def hashes_of(repo: Repo, *args: str) -> list[str]:
    return repo.git("log", "--format=%H", *args).split()


rows = db_rows


# --- grouping ----------------------------------------------------------------------------------------------


def test_one_suggestion_per_repository_and_day_and_one_per_merged_branch(cli: Cli, src: Path) -> None:
    repo = payments_api(src / "payments-api")
    ledger = Repo(src / "ledger")
    ledger.commit("feat(export): ledger export to CSV", "2026-11-16T12:00:00+00:00", files=["ledger/export.go"])
    # late at night in its own time zone (already the 17th in UTC): the author's day counts
    ledger.commit("PAY-77: reconcile late entries", "2026-11-16T23:30:00-08:00", files=["ledger/reconcile.go"])
    out = cli("harvest", str(src))
    assert out.splitlines() == [
        "ledger: 2 new commits of yours → 1 suggestion",
        "payments-api: 5 new commits of yours → 3 suggestions",
        "4 suggestions wait in the inbox: journal inbox",
    ]
    assert summary(cli) == [
        ("ledger", "2026-11-16", "day", "Ledger export to CSV; Reconcile late entries", ["go"], 2),
        ("payments-api", "2026-11-16", "day", "Add refund endpoint; Rounding in totals", ["python", "sql"], 2),
        ("payments-api", "2026-11-20", "merge", "Idempotent retries for refunds", ["python"], 2),
        ("payments-api", "2026-11-20", "day", "Bump version to 1.4.0", [], 1),
    ]
    merged = inbox(cli)[2]
    branch = hashes_of(repo, "HEAD~1^2", "^HEAD~1^1")  # the pull request's commits, newest first
    assert [c["hash"] for c in merged["commits"]] == branch[::-1]  # oldest first
    assert {s["project"] for s in inbox(cli)} == {"ledger", "payments-api"}  # from the folder's name


def test_titles_are_cleaned_of_commit_noise_and_skills_come_from_files_and_rules(cli: Cli, src: Path) -> None:
    repo = Repo(src / "infra")
    repo.commit(
        ":sparkles: feat(tf)!: [OPS-310] add the VPC module (#88)",
        "2026-11-18T09:00:00+00:00",
        files=["infra/vpc/main.tf", "infra/vpc/vars.tf", "scripts/plan.sh"],
    )
    repo.commit("fixup! fix: support UTF-8 names, fixes #12", "2026-11-18T10:00:00+00:00", files=["app/names.py"])
    repo.commit("Merge branch 'main' into feature/x", "2026-11-18T11:00:00+00:00")  # noise: dropped from the title
    cli("harvest", "--map", "infra/=cloud networking", "--map", "*.sh=bash")
    cli("harvest", str(repo.path))
    [s] = inbox(cli)
    assert s["title"] == "Add the VPC module; Support UTF-8 names"
    assert s["skills"] == ["cloud networking", "bash", "terraform", "python"]  # the rules first, then by file count
    assert len(s["commits"]) == 3


def test_a_later_harvest_adds_to_the_days_waiting_suggestion(cli: Cli, src: Path) -> None:
    repo = payments_api(src / "payments-api")
    cli("harvest", str(repo.path))
    repo.commit("docs(api): document refund retries", "2026-11-20T16:00:00+01:00", files=["api/README.md"])
    assert cli("harvest").splitlines()[0] == "payments-api: 1 new commit of yours → 1 suggestion"
    assert summary(cli)[-1] == (
        "payments-api",
        "2026-11-20",
        "day",
        "Bump version to 1.4.0; Document refund retries",
        [],
        2,
    )
    cli("inbox", "skip", str(inbox(cli)[-1]["id"]))
    repo.commit("Tag the release", "2026-11-20T17:00:00+01:00")
    cli("harvest")  # the day's suggestion was skipped: a new one holds the new commit
    assert summary(cli)[-1] == ("payments-api", "2026-11-20", "day", "Tag the release", [], 1)


# --- whose commits ---------------------------------------------------------------------------------------------


def test_only_the_users_own_commits_never_anyone_elses(cli: Cli, src: Path) -> None:
    repo = payments_api(src / "payments-api")
    cli("harvest", str(repo.path))
    offered = {c["hash"] for s in inbox(cli) for c in s["commits"]}
    assert offered == set(hashes_of(repo, "--author=ada@example.com", "--since=2026-10-24"))
    assert not offered & set(hashes_of(repo, "--all", "--author=grace@example.com"))


def test_author_emails_come_from_the_option_else_the_repository_and_the_global_config(
    cli: Cli, tmp_path: Path, src: Path
) -> None:
    repo = Repo(src / "shared", owner=None)  # no user.email of its own
    repo.commit("Mine", "2026-11-20T10:00:00+00:00", files=["a.py"], author=ME)
    repo.commit("Hers", "2026-11-20T11:00:00+00:00", files=["b.py"], author=COLLEAGUE)
    cli("harvest", str(repo.path), code=1)
    assert cli.err.strip() == (
        f"journal: {repo.path}: no user.email is set here or globally, so no commit is known to "
        "be yours; pass --author EMAIL"
    )
    assert inbox(cli) == []
    (tmp_path / ".gitconfig-tests").write_text("[user]\n\temail = ADA@example.com\n")  # the global one, any case
    cli("harvest", str(repo.path))
    assert [s["title"] for s in inbox(cli)] == ["Mine"]
    cli("harvest", str(repo.path), "--since", "2026-11-01", "--author", "grace@example.com")
    assert [(s["title"], len(s["commits"])) for s in inbox(cli)] == [("Mine; Hers", 2)]  # the same day's suggestion


# --- once only ---------------------------------------------------------------------------------------------------


def test_a_commit_is_offered_once_whatever_happens_to_its_suggestion(cli: Cli, src: Path) -> None:
    repo = payments_api(src / "payments-api")
    cli("harvest", str(repo.path))
    assert cli("harvest").splitlines() == [
        "payments-api: nothing new",
        "3 suggestions wait in the inbox: journal inbox",
    ]
    cli("inbox", "accept", "1")
    cli("inbox", "skip", "2")
    again = cli("harvest", str(repo.path), "--since", "2026-01-01")  # reads everything again
    assert again.splitlines()[0] == "payments-api: 1 new commit of yours → 1 suggestion"  # October's, never read
    assert [s["title"] for s in inbox(cli)] == ["Old work from October", "Bump version to 1.4.0"]
    cli("inbox", "accept", "--all")
    assert (
        cli("harvest", str(repo.path), "--since", "2026-01-01").splitlines()[0]
        == "payments-api: no new commits of yours"
    )
    offered = rows(cli_db(), "SELECT hash FROM harvest_commit")
    assert len(offered) == len({h for (h,) in offered}) == 6


def cli_db() -> str:
    return os.environ["JOURNAL_DB"]


def test_a_rebased_commit_is_known_by_its_author_date_and_subject(cli: Cli, src: Path) -> None:
    repo = Repo(src / "api")
    repo.commit("Base", "2026-11-10T09:00:00+00:00", files=["README.md"], author=COLLEAGUE)
    repo.checkout("topic", new=True)
    repo.commit("Add the refunds report", "2026-11-18T09:00:00+00:00", files=["report.py"])
    cli("harvest", str(repo.path))
    cli("inbox", "skip", "1")
    repo.checkout("main")
    repo.commit("Unrelated", "2026-11-19T09:00:00+00:00", files=["other.txt"], author=COLLEAGUE)
    repo.checkout("topic")
    before = repo.head()
    repo.git("rebase", "-q", "main", env=Repo.people("2026-11-21T09:00:00+00:00", ME))
    assert repo.head() != before  # a new hash, the same work
    assert cli("harvest").splitlines()[0] == "api: no new commits of yours"
    repo.git("rebase", "-q", "main", env=Repo.people("2026-11-22T09:00:00+00:00", ME))  # changes nothing
    assert cli("harvest", str(repo.path), "--since", "2026-11-01").splitlines()[0] == "api: no new commits of yours"


# --- the inbox: skip, accept ------------------------------------------------------------------------------------


def test_skip_takes_suggestions_out_for_good_and_refuses_what_is_not_waiting(cli: Cli, src: Path) -> None:
    payments_api(src / "payments-api")
    cli("harvest", str(src))
    assert cli("inbox", "skip", "2").strip() == "Skipped suggestion 2 (2 commits will not be offered again)"
    assert [s["id"] for s in inbox(cli)] == [1, 3]
    before = rows(cli_db(), "SELECT id, status FROM suggestion ORDER BY id")
    cli("inbox", "skip", "1", "99", code=1)
    assert cli.err.strip() == "journal: there is no suggestion 99 in the inbox (ids: journal inbox)"
    cli("inbox", "skip", "2", code=1)
    assert cli.err.strip() == "journal: suggestion 2 was skipped; its commits are not offered again"
    assert rows(cli_db(), "SELECT id, status FROM suggestion ORDER BY id") == before  # all or nothing
    cli("inbox", "skip", "x", code=2)


def test_accept_with_options_makes_the_entry_that_remembers_its_commits(cli: Cli, src: Path) -> None:
    repo = payments_api(src / "payments-api")
    cli("harvest", str(src))
    out = cli(
        "inbox",
        "accept",
        "2",
        "--text",
        "Made refund retries idempotent #reliability",
        "--star",
        "--impact",
        "duplicate refunds -95%",
        "-p",
        "billing",
        "-s",
        "api design",
        "-d",
        "2026-11-21",
    )
    assert out.strip() == (
        "Added entry 1 · 2026-11-21 · +billing · #api design #reliability #python · ★ · from suggestion 2 (2 commits)"
    )
    entry = cli.json("show", "1", "--format", "json")
    assert (entry["text"], entry["date"], entry["project"], entry["impact"], entry["starred"]) == (
        "Made refund retries idempotent",
        "2026-11-21",
        "billing",
        "duplicate refunds -95%",
        True,
    )
    assert sorted(entry["skills"]) == ["api design", "python", "reliability"]
    branch = hashes_of(repo, "HEAD~1^2", "^HEAD~1^1")[::-1]
    assert [(c["hash"], c["repo"]) for c in entry["commits"]] == [(h, str(repo.path)) for h in branch]
    shown = cli("show", "1")
    assert (
        f"Commits in payments-api ({repo.path}):\n  {branch[0][:7]}  Add idempotency keys to refunds\n"
        f"  {branch[1][:7]}  test: retries for refunds (#41)" in shown
    )
    cli("inbox", "accept", "1")  # as it is: the suggestion's title, day, project and skills
    plain = cli.json("show", "2", "--format", "json")
    assert (plain["text"], plain["date"], plain["project"], plain["starred"]) == (
        "Add refund endpoint; Rounding in totals",
        "2026-11-16",
        "payments-api",
        False,
    )
    assert sorted(plain["skills"]) == ["python", "sql"]


def test_accept_refuses_what_is_not_waiting_and_bad_usage_changes_nothing(cli: Cli, src: Path) -> None:
    payments_api(src / "payments-api")
    cli("harvest", str(src))
    cli("inbox", "accept", "1")
    before = rows(cli_db(), "SELECT count(*) FROM entry")
    cli("inbox", "accept", "1", code=1)
    assert cli.err.strip() == "journal: suggestion 1 was already accepted as entry 1"
    cli("inbox", "accept", "42", code=1)
    assert cli.err.strip() == "journal: there is no suggestion 42 in the inbox (ids: journal inbox)"
    cli("inbox", "accept", "2", "-d", "the day after", code=1)
    assert cli.err.count("\n") == 1 and "the day after" in cli.err
    cli("inbox", "accept", "2", "--text", " \u0007 ", code=1)
    assert cli.err.strip() == "journal: entry text is empty"
    cli("inbox", "accept", code=2)
    assert "accept which suggestion?" in cli.err
    cli("inbox", "accept", "--all", "--star", code=2)
    assert "--all accepts every suggestion as it is" in cli.err
    assert rows(cli_db(), "SELECT count(*) FROM entry") == before
    assert [s["id"] for s in inbox(cli)] == [2, 3]
    assert len(cli("inbox", "accept", "--all").splitlines()) == 2 and inbox(cli) == []


def test_a_deleted_entrys_commits_stay_known_and_undo_brings_them_back(cli: Cli, src: Path, db_path: Path) -> None:
    from journal_tui.data.store import Store

    repo = payments_api(src / "payments-api")
    cli("harvest", str(repo.path))
    cli("inbox", "accept", "2")
    store = Store(db_path)
    try:
        snap = store.delete("entry", 1)
        assert rows(db_path, "SELECT count(*) FROM entry_commit") == [(0,)]
        assert rows(db_path, "SELECT status, entry_id FROM suggestion WHERE id = 2") == [("accepted", None)]
        assert (
            cli("harvest", str(repo.path), "--since", "2026-11-01").splitlines()[0]
            == "payments-api: no new commits of yours"
        )  # deleting the entry does not offer its commits again
        store.restore(snap)
    finally:
        store.close()
    assert rows(db_path, "SELECT count(*) FROM entry_commit WHERE entry_id = 1") == [(2,)]
    assert rows(db_path, "SELECT entry_id FROM suggestion WHERE id = 2") == [(1,)]


def test_suggestions_say_what_they_could_count_for_and_accept_can_link_it(cli: Cli, src: Path) -> None:
    payments_api(src / "payments-api")
    cli("role", "criterion", "add", "Designs reliable APIs", "--skill", "api design", "--skill", "SQL")
    cli("goal", "add", "Become the go-to Python reviewer")
    cli("goal", "add", "Write the SQLite migration guide")  # "sql" is not a word of it
    cli("harvest", str(src), "--map", "api/=api design")
    by_title = {s["title"]: s for s in inbox(cli)}
    first = by_title["Add refund endpoint; Rounding in totals"]
    assert [(m["kind"], m["id"], m["name"]) for m in first["could_count_for"]] == [
        ("criterion", 1, "Designs reliable APIs"),
        ("goal", 1, "Become the go-to Python reviewer"),
    ]
    assert by_title["Bump version to 1.4.0"]["could_count_for"] == []
    assert "      could count for: Designs reliable APIs; Become the go-to Python reviewer" in cli("inbox")
    out = cli("inbox", "accept", str(first["id"]), "--link")
    assert out.splitlines()[1:] == [
        "  counts for criterion 1: Designs reliable APIs",
        "  counts for goal 1: Become the go-to Python reviewer",
    ]
    assert cli.json("goal", "list", "--format", "json")[0]["evidence_count"] == 1
    assert cli.json("role", "--format", "json")["criteria"][0]["entries"] == [1]


# --- remembered repositories ------------------------------------------------------------------------------------


def test_repositories_are_remembered_rescanned_renamed_and_forgotten(cli: Cli, src: Path) -> None:
    api = payments_api(src / "payments-api")
    ledger = Repo(src / "team" / "ledger")
    ledger.commit("Ledger export", "2026-11-19T09:00:00+00:00", files=["x.go"])
    cli("harvest", str(src))
    listed = cli("harvest", "--list")
    assert f"  {api.path}  · project payments-api (the folder's name) · last harvest " in listed
    assert f"  {ledger.path}  · project ledger (the folder's name)" in listed
    ledger.commit("Ledger import", "2026-11-21T09:00:00+00:00", files=["y.go"])
    assert cli("harvest").splitlines()[:2] == [
        "payments-api: nothing new",
        "ledger: 1 new commit of yours → 1 suggestion",
    ]
    cli("harvest", str(api.path), "--project", "payments")
    assert {s["project"] for s in inbox(cli) if s["repo_name"] == "payments-api"} == {"payments"}  # waiting ones too
    cli("harvest", str(src), "--project", "x", code=1)
    assert cli.err.strip() == "journal: --project names the project of one repository; 2 were found"
    assert (
        cli("harvest", "--forget", str(src / "team")).strip()
        == f"Forgot {ledger.path}: journal harvest no longer rescans it"
    )
    assert cli("harvest").splitlines()[0] == "payments-api: nothing new" and "ledger" not in cli("harvest")
    cli("harvest", "--forget", str(src / "nowhere"), code=1)
    assert cli.err.strip() == f"journal: no remembered repository at {src / 'nowhere'} (see journal harvest --list)"
    cli("harvest", "--forget", str(api.path))
    cli("harvest", code=1)
    assert (
        cli.err.strip()
        == "journal: no repositories to harvest yet: journal harvest PATH (a repository, or a folder of them)"
    )


def test_forget_names_a_folder_exactly(cli: Cli, src: Path) -> None:
    """`--forget` compares paths as they are: another case is another folder, and `%` or `_` are plain characters."""
    ledger = Repo(src / "team" / "ledger")
    ledger.commit("Ledger export", "2026-11-19T09:00:00+00:00", files=["x.go"])
    cli("harvest", str(src))
    for other in ("TEAM", "Team/ledger", "te_m", "%"):
        cli("harvest", "--forget", str(src / other), code=1)
        assert cli.err.startswith("journal: no remembered repository at")
    assert f"  {ledger.path}  · project ledger" in cli("harvest", "--list")
    assert (
        cli("harvest", "--forget", str(src / "team")).strip()
        == f"Forgot {ledger.path}: journal harvest no longer rescans it"
    )


def test_suggestion_ids_written_by_a_harvest_leave_room_for_new_rows(cli: Cli, src: Path, db_path: Path | str) -> None:
    """A harvest numbers its suggestions itself (one statement for thousands): the engine's id counter follows, so
    a row added another way (an import, a copy) gets the next id, on a server too."""
    from journal_tui.data import db, writes

    payments_api(src / "payments-api")
    cli("harvest", str(src))
    conn = db.open_journal(db_path)
    with db.transaction(conn):
        new_id = writes.insert_row(
            conn,
            "suggestion",
            {
                "repo": "/elsewhere",
                "occurred_on": "2026-11-20",
                "title": "Added another way",
                "skills": "",
                "kind": "day",
                "status": "pending",
                "created_at": writes.stamp(),
                "updated_at": writes.stamp(),
            },
        )
    conn.close()
    assert new_id == 4 and [s["id"] for s in inbox(cli)] == [1, 2, 3, 4]


def test_skill_rules_are_kept_changed_and_removed(cli: Cli) -> None:
    assert cli("harvest", "--map", "infra/=terraform").strip() == "Skill rule: files matching infra/ show #terraform"
    cli("harvest", "--map", "infra/=cloud")
    assert cli("harvest", "--list").splitlines()[-2:] == ["Skill rules:", "  infra/ → #cloud"]
    cli("harvest", "--unmap", "infra/")
    assert "Skill rules" not in cli("harvest", "--list")
    cli("harvest", "--map", "no-equals-sign", code=1)
    assert "a skill rule is PATTERN=SKILL" in cli.err
    cli("harvest", "--unmap", "infra/", code=1)
    before = rows(cli_db(), "SELECT pattern, skill FROM harvest_skill")
    cli("harvest", "--map", "docs/=writing", "--map", "x=a, b", code=1)  # the second is refused: neither is kept
    assert "may not contain commas" in cli.err
    cli("harvest", "--map", "docs/=writing", "--since", "blorp", code=1)
    assert cli.err.count("\n") == 1 and "blorp" in cli.err
    assert rows(cli_db(), "SELECT pattern, skill FROM harvest_skill") == before


# --- repositories that cannot be read ---------------------------------------------------------------------------


def test_problem_repositories_get_one_line_each_and_never_stop_the_others(
    cli: Cli, tmp_path: Path, src: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = payments_api(src / "good")
    empty = Repo(tmp_path / "more" / "empty")
    shallow = tmp_path / "more" / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "2", f"file://{good.path}", str(shallow)], check=True, capture_output=True
    )
    subprocess.run(["git", "-C", str(shallow), "config", "user.email", ME[1]], check=True)
    (tmp_path / "plain" / "docs").mkdir(parents=True)
    afile = tmp_path / "notes.txt"
    afile.write_text("x")
    out = cli(
        "harvest",
        str(tmp_path / "nope"),
        "",
        str(tmp_path / "plain"),
        str(afile),
        str(empty.path),
        str(shallow),
        str(good.path),
    )
    assert cli.err.splitlines() == [
        f"journal: {tmp_path / 'nope'}: no such folder",
        "journal: '': an empty path names no folder",
        f"journal: {tmp_path / 'plain'}: holds no git repository (searched 3 levels deep)",
        f"journal: {afile}: is not a folder",
        f"journal: note: {shallow} is a shallow clone: only the commits it holds were read",
    ]
    assert out.splitlines() == [
        "empty: no commits yet",
        "shallow: 1 new commit of yours → 1 suggestion",
        "good: 4 new commits of yours → 2 suggestions",  # the clone offered the 5th first
        "3 suggestions wait in the inbox: journal inbox",
    ]
    shutil.rmtree(good.path)
    out = cli("harvest")
    assert (
        cli.err.strip()
        == f"journal: {good.path}: is gone (moved or deleted?); journal harvest --forget PATH stops looking"
    )
    assert out.splitlines()[:2] == ["empty: nothing new", "shallow: nothing new"]
    cli("harvest", str(tmp_path / "nope"), code=1)  # nothing at all could be read
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))
    cli("harvest", code=1)
    assert cli.err.strip() == "journal: git is not installed (or not on PATH); install git to harvest commits"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="chown to another user needs root")
def test_a_repository_owned_by_someone_else_is_named_and_the_others_go_on(cli: Cli, tmp_path: Path, src: Path) -> None:
    good = payments_api(src / "good")
    theirs = Repo(tmp_path / "theirs")
    theirs.commit("Their work", "2026-11-20T10:00:00+00:00", files=["t.py"])
    subprocess.run(["chown", "-R", "4242:4242", str(theirs.path)], check=True)
    out = cli("harvest", str(theirs.path), str(good.path))
    assert cli.err.strip() == (
        f"journal: {theirs.path}: is owned by someone else, so git refuses to read it; if you "
        f"trust it: git config --global --add safe.directory {theirs.path}"
    )
    assert out.splitlines()[0] == "good: 5 new commits of yours → 3 suggestions"


def test_a_huge_history_is_read_up_to_a_limit_and_says_so(cli: Cli, src: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = payments_api(src / "payments-api")
    monkeypatch.setattr(harvest_git, "MAX_COMMITS", 3)
    out = cli("harvest", str(repo.path))
    assert cli.err.strip() == (
        f"journal: note: {repo.path} has more than 3 new commits: the newest 3 were read (narrow with --since)"
    )
    assert out.splitlines()[0] == "payments-api: 2 new commits of yours → 2 suggestions"


def test_git_output_that_does_not_parse_is_a_problem_not_a_crash() -> None:
    with pytest.raises(harvest_git.GitProblem):
        harvest_git.parse_log(b"not\x00a\x00log\x00")
    with pytest.raises(harvest_git.GitProblem):
        harvest_git.parse_log(b"x" * 40 + b"\x00" * 6 + b"\x00")  # seven fields, but no hash


# --- hostile commit text ----------------------------------------------------------------------------------------


def raw_commit(repo: Repo, message: bytes, when: int = 1_795_300_000) -> str:
    """A commit object written byte for byte (what `git commit` would clean or refuse: NUL, CR, escapes)."""
    (repo.path / "f.py").write_text(message.hex()[:50])
    repo.git("add", "f.py")
    tree = repo.git("write-tree")
    parent = repo.git("rev-parse", "-q", "--verify", "HEAD^{commit}") if repo.git("rev-list", "--all") else ""
    head = (
        f"tree {tree}\n"
        + (f"parent {parent}\n" if parent else "")
        + f"author {ME[0]} <{ME[1]}> {when} +0000\ncommitter {ME[0]} <{ME[1]}> {when} +0000\n\n"
    ).encode()
    sha = repo.git("hash-object", "-t", "commit", "-w", "--literally", "--stdin", input=head + message + b"\n")
    repo.git("update-ref", "HEAD", sha)
    return sha


def test_hostile_commit_subjects_are_data_everywhere(cli: Cli, src: Path) -> None:
    """Each sample of the corpus is the subject of a commit of its own day (so a suggestion of its own), all in one
    journal: stored as given (less its control codes), and literal in every output that shows it."""
    repo = Repo(src / "api")
    day_of: dict[str, str] = {}
    for i, (name, text) in enumerate(CORPUS.items()):
        when = 1_795_300_000 - i * 86_400
        raw_commit(repo, text.encode("utf-8"), when)
        day_of[name] = dt.datetime.fromtimestamp(when, dt.UTC).date().isoformat()
    cli("harvest", str(repo.path))
    waiting = {s["date"]: s for s in inbox(cli)}
    assert len(waiting) == len(CORPUS)
    outputs = [("inbox", cli("inbox")), ("inbox json", cli("inbox", "-f", "json"))]
    for name, text in CORPUS.items():
        s = waiting[day_of[name]]
        subject = " ".join(expected(text.split("\x00")[0]).split())  # git stops a message at a NUL
        assert (s["commits"][0]["subject"], s["title"]) == (subject, clean_subject(subject)), name
        accepted = cli("inbox", "accept", str(s["id"]))
        entry = accepted.split()[2]  # "Added entry N · ..."
        assert cli.json("show", entry, "-f", "json")["text"] == clean_subject(subject), name
        outputs += [(name, accepted), (name, cli("show", entry)), (name, cli("show", entry, "-f", "json"))]
    outputs.append(("export", cli("export")))
    for where, out in outputs:
        assert_terminal_safe(out, where)


def test_a_100_kb_subject_is_cut_everywhere_and_stays_literal(cli: Cli, src: Path) -> None:
    repo = Repo(src / "api")
    raw_commit(repo, ("[bold red]" + "x" * 100_000 + " \x1b]0;pwned\x07").encode())
    raw_commit(repo, ("Latin-1: caf\xe9 ".encode("latin-1") + b"\xff\xfe end"), when=1_795_300_100)
    cli("harvest", str(repo.path))
    [s] = inbox(cli)
    big, latin = s["commits"]
    assert len(big["subject"]) == 1_000 and big["subject"].startswith("[bold red]xxx") and big["subject"].endswith("…")
    assert latin["subject"] == "Latin-1: caf\ufffd \ufffd\ufffd end"  # bytes that are not UTF-8 are replaced
    assert len(s["title"]) <= 200
    table = cli("inbox")
    assert max(len(line) for line in table.splitlines()) < 140 and "[bold red]" in table
    cli("inbox", "accept", "1")
    assert len(cli.json("show", "1", "-f", "json")["text"]) <= 200


# --- around the journal: nudge, export and import, old journals, what each command imports -----------------------


def test_nudge_mentions_waiting_suggestions_in_its_one_line(cli: Cli, src: Path) -> None:
    payments_api(src / "payments-api")
    cli("add", "Shipped the refunds report")
    assert cli("nudge") == ""
    cli("harvest", str(src))
    assert cli("nudge").splitlines() == ["journal: 3 suggestions from git in the inbox → journal inbox"]
    cli("inbox", "accept", "--all")
    assert cli("nudge") == ""


def test_an_entrys_commits_survive_export_and_import_and_are_never_offered_again(
    cli: Cli, src: Path, tmp_path: Path
) -> None:
    repo = payments_api(src / "payments-api")
    cli("harvest", str(repo.path))
    cli("inbox", "accept", "2", "--star")
    exported = tmp_path / "export.json"
    cli("export", "-o", str(exported))
    data = json.loads(exported.read_text())
    assert data["version"] >= 3  # commits came with version 3 (4 added promotions)
    assert [c["subject"] for c in data["entries"][0]["commits"]] == [
        "Add idempotency keys to refunds",
        "test: retries for refunds (#41)",
    ]
    other = tmp_path / "other.db"
    assert cli("--db", str(other), "import", str(exported)).startswith("Imported 1 entry,")
    assert (
        cli.json("--db", str(other), "show", "1", "-f", "json")["commits"]
        == cli.json("show", "1", "-f", "json")["commits"]
    )
    cli("--db", str(other), "harvest", str(repo.path))
    assert [s["title"] for s in cli.json("--db", str(other), "inbox", "-f", "json")] == [
        "Add refund endpoint; Rounding in totals",
        "Bump version to 1.4.0",
    ]  # the accepted branch is not back
    bad = {**data, "entries": [{**data["entries"][0], "commits": [{"hash": "nothex", "repo": "/x"}]}]}
    exported.write_text(json.dumps(bad))
    cli("--db", str(tmp_path / "third.db"), "import", str(exported), code=1)
    assert cli.err.strip().startswith("journal: export.json: entry 1: 'commits' 1: 'hash' must be a commit hash")


@pytest.mark.sqlite_only
def test_a_journal_from_before_the_inbox_is_upgraded_and_works(cli: Cli, tmp_path: Path, src: Path) -> None:
    """An old SQLite file's upgrade."""
    path = tmp_path / "old.db"
    shutil.copy(FIXTURES / "journal-schema1.db", path)
    cli("--db", str(path), "inbox")
    assert "The inbox is empty" in cli.err
    payments_api(src / "payments-api")
    cli("--db", str(path), "harvest", str(src))
    assert len(cli.json("--db", str(path), "inbox", "-f", "json")) == 3


def test_quick_add_never_loads_the_harvest_and_the_harvest_loads_nothing_heavy(tmp_path: Path, src: Path) -> None:
    payments_api(src / "payments-api")
    code = textwrap.dedent("""
        import sys, io, contextlib
        from journal_tui.cli import main
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            rc = main(sys.argv[1:])
        mods = {m for m in sys.modules if m.startswith("journal_tui.")}
        heavy = sorted({m.split('.')[0] for m in sys.modules} & {"sqlalchemy", "sqlmodel", "pydantic", "textual"})
        print(rc, heavy, sorted(m for m in mods if "harvest" in m))
    """)
    env = {**os.environ, "JOURNAL_DB": str(tmp_path / "j.db"), "JOURNAL_TODAY": "2026-11-23"}

    def run(*argv: str) -> str:
        r = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, env=env, check=False)
        assert r.returncode == 0, r.stderr
        return r.stdout.strip().splitlines()[-1]

    assert run("add", "yesterday: quick +p #s") == "0 [] []"
    assert run("harvest", str(src)).startswith(
        "0 [] ['journal_tui.cli.harvest', 'journal_tui.data.queries.harvest', "
        "'journal_tui.data.writes.harvest', 'journal_tui.harvest'"
    )
    for argv in (["inbox"], ["inbox", "accept", "1"], ["show", "1"], ["nudge"]):
        assert run(*argv).startswith("0 [] "), argv
