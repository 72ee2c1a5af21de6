"""Every input that used to end in "internal error" gets one clear line naming it, exit 1 or 2; and $EDITOR text is
never lost."""

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import TODAY, Cli, journal_exe

from journal_tui.data import db, schema
from journal_tui.data.store import Store
from journal_tui.errors import JournalError

FIXTURES = Path(__file__).parent / "fixtures"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def run(
    args: list[str | bytes], env: dict[str, str] | None = None, timeout: float = 30
) -> subprocess.CompletedProcess[bytes]:
    full = {**os.environ, "JOURNAL_TODAY": TODAY.isoformat(), **(env or {})}
    return subprocess.run([*journal_exe(), *args], capture_output=True, env=full, timeout=timeout)


def deep_json(tmp: Path) -> str:
    path = tmp / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    return str(path)


def version_2(tmp: Path) -> str:
    path = tmp / "v2.json"
    path.write_text('{"format": "journal_tui", "version": "2", "entries": []}')
    return str(path)


def fifo(tmp: Path) -> str:
    path = tmp / "journal.fifo"
    os.mkfifo(path)
    return str(path)


def deep_path(tmp: Path) -> str:
    return str(tmp / ("d/" * 2100) / "j.db")


# (id, argv builder, extra env, the text the one-line message must contain, allowed exit codes)
MakeArgs = Callable[[Path, str], list[str | bytes]]  # (tmp_path, the journal) -> the command's arguments
CASES: list[tuple[str, MakeArgs, dict[str, str], str, tuple[int, ...]]] = [
    ("argv-not-utf8", lambda t, j: ["--db", j, "add", b"caf\xe9 \xff"], {}, "is not valid UTF-8", (2,)),
    (
        "show-huge-id",
        lambda t, j: ["--db", j, "show", "99999999999999999999999"],
        {},
        "99999999999999999999999 is not an id",
        (2,),
    ),
    (
        "filter-huge-goal",
        lambda t, j: ["--db", j, "list", "goal:99999999999999999999999"],
        {},
        "'99999999999999999999999'",
        (1,),
    ),
    (
        "list-huge-limit",
        lambda t, j: ["--db", j, "list", "-n", "99999999999999999999"],
        {},
        "99999999999999999999 is out of range",
        (2,),
    ),
    (
        "busy-timeout-abc",
        lambda t, j: ["--db", j, "list"],
        {"JOURNAL_BUSY_TIMEOUT_MS": "abc"},
        "JOURNAL_BUSY_TIMEOUT_MS must be a whole number",
        (1,),
    ),
    ("review-9999-Q4", lambda t, j: ["--db", j, "review", "--quarter", "9999-Q4"], {}, "'9999-Q4'", (1,)),
    ("review-0001-Q1", lambda t, j: ["--db", j, "review", "--quarter", "0001-Q1"], {}, "'0001-Q1'", (1,)),
    (
        "review-huge-range",
        lambda t, j: ["--db", j, "review", "--from", "0001-01-01", "--to", "9999-12-31"],
        {},
        "'0001-01-01'",
        (1,),
    ),
    (
        "add-in-99999-years",
        lambda t, j: ["--db", j, "add", "x", "--date", "in 99999 years"],
        {},
        "'in 99999 years' is out of range",
        (1,),
    ),
    ("list-in-9999-W52", lambda t, j: ["--db", j, "list", "in:9999-W52"], {}, "'9999-W52'", (1,)),
    (
        "import-version-2",
        lambda t, j: ["--db", j, "import", version_2(t)],
        {},
        'v2.json: "version" must be a whole number',
        (1,),
    ),
    ("import-nested", lambda t, j: ["--db", j, "import", deep_json(t)], {}, "deep.json is nested too deeply", (1,)),
    (
        "backup-proc",
        lambda t, j: ["--db", j, "backup", "/proc/nope/x.db"],
        {},
        "cannot write the backup /proc/nope/x.db",
        (1,),
    ),
    ("db-2100-deep", lambda t, j: ["--db", deep_path(t), "list"], {}, "path is too long", (1,)),
    ("db-is-fifo", lambda t, j: ["--db", fifo(t), "list"], {}, "is not a regular file", (1,)),
    ("db-empty-flag", lambda t, j: ["--db", "", "list"], {}, "--db is empty", (1,)),
    ("db-empty-env", lambda t, j: ["list"], {"JOURNAL_DB": ""}, "$JOURNAL_DB is set but empty", (1,)),
]


@pytest.mark.parametrize("make_args, env, message, codes", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_gets_one_clear_line(
    tmp_path: Path, make_args: MakeArgs, env: dict[str, str], message: str, codes: tuple[int, ...]
) -> None:
    journal = tmp_path / "j.db"
    Store(journal).add_entry(text="existing", occurred_on=TODAY)
    before = journal.read_bytes()
    r = run(make_args(tmp_path, str(journal)), env)
    err = r.stderr.decode("utf-8", "replace")
    assert r.returncode in codes, (r.returncode, err)
    assert message in err, err
    lines = [line for line in err.splitlines() if not line.startswith("usage:") and not line.startswith(" ")]
    assert len(lines) == 1 and "Traceback" not in err and "internal error" not in err, err
    assert r.stdout == b""
    assert sqlite3.connect(journal).execute("SELECT count(*) FROM entry").fetchone() == (1,)
    assert before[:100] == journal.read_bytes()[:100]


def test_add_to_a_full_disk_says_the_entry_was_saved(tmp_path: Path) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full")
    journal = tmp_path / "j.db"
    with open("/dev/full", "w") as full:
        r = subprocess.run(
            [*journal_exe(), "--db", str(journal), "add", "x"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=30,
        )
    assert r.returncode == 1
    assert r.stderr.strip() == (
        "journal: entry 1 was added, but its confirmation could not be printed "
        "(No space left on device); it is saved, do not add it again"
    )
    assert sqlite3.connect(journal).execute("SELECT count(*) FROM entry").fetchone() == (1,)


def test_a_read_only_folder_is_named_as_the_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    real_open = os.open

    def refuse(
        path: Any, flags: int, *args: Any
    ) -> int:  # what the kernel says for a read-only folder (root is never refused)
        if str(path).startswith(str(folder)):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", refuse)  # the os module the journal's code calls
    monkeypatch.setattr(os, "access", lambda path, mode: not str(path).startswith(str(folder)))
    with pytest.raises(JournalError) as info:
        db.open_journal(folder / "j.db")
    assert str(info.value) == (
        f"the folder {folder} is read-only, so the journal {folder / 'j.db'} cannot be written "
        "there; use --db with a writable folder"
    )


@pytest.mark.skipif(IS_ROOT, reason="root writes into read-only folders")
def test_a_real_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    r = run(["--db", str(folder / "j.db"), "add", "x"])
    assert r.returncode == 1 and b"the folder" in r.stderr and b"is read-only" in r.stderr


def test_a_failed_pre_upgrade_backup_is_clear_and_leaves_no_empty_bak(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "journal.db"
    shutil.copy(FIXTURES / "journal-schema1.db", path)
    original = path.read_bytes()
    monkeypatch.setattr(
        schema, "MIGRATIONS", [*schema.MIGRATIONS, ("ALTER TABLE entry ADD COLUMN mood VARCHAR;", None)]
    )
    monkeypatch.setattr(schema, "SCHEMA_VERSION", 2)
    real_connect = sqlite3.connect

    class FullDisk:
        def connect(self, target: Any, *args: Any, **kwargs: Any) -> sqlite3.Connection:
            if ".bak" in str(target):  # the copy, written under a hidden .partial name first
                raise sqlite3.OperationalError("database or disk is full")
            conn: sqlite3.Connection = real_connect(target, *args, **kwargs)
            return conn

        def __getattr__(self, name: str) -> Any:
            return getattr(sqlite3, name)

    monkeypatch.setattr(db, "sqlite3", FullDisk())
    with pytest.raises(JournalError) as info:
        db.open_journal(path)
    message = str(info.value)
    assert "needs an upgrade, but the backup made first failed" in message and "disk is full" in message
    assert "nothing was changed" in message and "\n" not in message
    assert list(tmp_path.glob("*.bak")) == []
    assert path.read_bytes() == original


# --- $EDITOR: a typo in the header never throws the text away ----------------------------------------

FIXING_EDITOR = """
import sys
path = sys.argv[1]
doc = open(path, encoding="utf-8").read()
body = "Shipped the thing I must not lose\\nwith its body"
if "# error: " in doc:  # the editor reopened with the problem on top: fix the date
    open(path, "w", encoding="utf-8").write("# error: kept\\nDate: last friday\\nProject: p\\n---\\n" + body + "\\n")
else:
    open(path, "w", encoding="utf-8").write("Date: last fridya\\nProject: p\\n---\\n" + body + "\\n")
"""

STUBBORN_EDITOR = """
import sys
open(sys.argv[1], "w", encoding="utf-8").write("Date: last fridya\\n---\\nShipped the thing I must not lose\\n")
"""


def _editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: str) -> None:
    script = tmp_path / "editor.py"
    script.write_text(code)
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    monkeypatch.delenv("VISUAL", raising=False)


@pytest.mark.parametrize("command", ["add", "edit"])
def test_editor_reopens_with_the_error_on_top(
    cli: Cli, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    if command == "edit":
        cli("add", "first version")
    _editor(tmp_path, monkeypatch, FIXING_EDITOR)
    cli(command) if command == "add" else cli("edit", "1")
    rows = sqlite3.connect(db_path).execute("SELECT text, occurred_on FROM entry").fetchall()
    assert rows == [("Shipped the thing I must not lose\nwith its body", "2026-11-20")]


@pytest.mark.parametrize("command", ["add", "edit"])
def test_editor_text_is_kept_in_a_draft_when_the_typo_stays(
    cli: Cli, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    cli("add", "first version")
    _editor(tmp_path, monkeypatch, STUBBORN_EDITOR)
    cli(command, code=1) if command == "add" else cli("edit", "1", code=1)
    assert "unknown date 'last fridya'" in cli.err and cli.err.count("\n") == 1
    draft = Path(cli.err.rsplit("your text is in ", 1)[1].strip())
    assert draft.parent == db_path.parent and "Shipped the thing I must not lose" in draft.read_text()
    assert "last fridya" in draft.read_text() and os.stat(draft).st_mode & 0o777 == 0o600
    texts = sqlite3.connect(db_path).execute("SELECT text FROM entry").fetchall()
    assert texts == [("first version",)]


def test_db_writing_reports_a_busy_journal_and_a_conflict_in_one_sentence_and_rolls_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The stdlib transaction (`met`, `ask`, check-ins, the feature modules) says what went wrong like the Store
    does."""
    from journal_tui.data import writes

    path = tmp_path / "j.db"
    db.open_journal(path).close()
    with db.writing(path) as conn:
        entry = writes.insert_entry(conn, text="kept", occurred_on=TODAY)
    conflict = r"^that change conflicts with existing data \(UNIQUE constraint failed"
    with pytest.raises(JournalError, match=conflict), db.writing(path) as conn:
        writes.insert_entry(conn, text="lost", occurred_on=TODAY)
        writes.insert_link(conn, "entry_skill", {"entry_id": entry, "skill_id": writes.name_id(conn, "skill", "s")})
        writes.insert_link(conn, "entry_skill", {"entry_id": entry, "skill_id": writes.name_id(conn, "skill", "s")})
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 50)
    holder = sqlite3.connect(path)
    holder.execute("BEGIN IMMEDIATE")
    try:
        busy = r"^the journal \(.*j\.db\) is busy in another program; try again"
        with pytest.raises(JournalError, match=busy), db.writing(path) as conn:
            writes.insert_entry(conn, text="also lost", occurred_on=TODAY)
    finally:
        holder.rollback()
        holder.close()
    with db.reading(path) as conn:
        assert conn.execute("SELECT text FROM entry").fetchall() == [("kept",)]
        assert conn.execute("SELECT count(*) FROM skill").fetchone() == (0,)


def test_the_feature_modules_need_only_a_path(tmp_path: Path) -> None:
    """People, roles, responses and check-ins work on anything with `.path` (a Store, a Reader, the CLI's
    JournalFile)."""
    import types

    from journal_tui import checkin, people, responses, roles
    from journal_tui.data import writes

    path = tmp_path / "j.db"
    journal = db.journal_file(path)
    with db.writing(journal.path) as conn:
        entry = writes.insert_entry(conn, text="Shipped", occurred_on=TODAY)
        feedback = writes.save_feedback(conn, None, text="Nice", person="Sam", received_on=TODAY)
    source = types.SimpleNamespace(path=path)  # no read(), no write(): only the path
    people.add_contact(source, "Sam", "coffee", met_on=TODAY)
    ask, _ = people.add_ask(journal, "sam", "the talk", asked_on=TODAY)
    people.close_ask(source, ask, TODAY)
    roles.set_role(source, "Staff")
    crit = roles.add_criterion(source, "Leads", skills=["sql"])
    roles.link_entry(journal, entry, crit)
    responses.set_response(source, feedback, entry)
    checkin.record_with_store(source, checkin.CheckinInput(checked_on=TODAY, learned=["x"]), TODAY)
    assert [p.name for p in people.list_people(source, TODAY)] == ["Sam"]
    assert [a.status for a in people.list_asks(journal, TODAY, include_all=True)] == ["closed"]
    with db.reading(source.path) as conn:
        assert [c.entry_ids for c in roles.list_criteria(conn)] == [(entry,)]
        assert responses.responses_of(conn, [feedback]) == {feedback: [entry]}
    assert checkin.review_reflections(path, TODAY, TODAY)["learned"] == [{"date": TODAY.isoformat(), "text": "x"}]
