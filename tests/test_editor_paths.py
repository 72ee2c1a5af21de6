"""Every $EDITOR path keeps what the user wrote: a problem is one line naming it, and the text is in a draft it names.

The editors here are small Python scripts set as $EDITOR, run by the real `journal` command in a subprocess:
`journal add` (no text), `journal edit ID` and `journal checkin edit ID` all go through `editor.revise`.
"""

import os
import shlex
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import TODAY, db_dump, journal_exe

from journal_tui import checkin, editor
from journal_tui.data import db, writes
from journal_tui.errors import JournalError

# every command that opens the editor, on a journal holding entry 1 and check-in 1
EDITOR_COMMANDS = [["add"], ["edit", "1"], ["checkin", "edit", "1"]]
IDS = ["add", "edit", "checkin-edit"]


@pytest.fixture
def journal(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "journal.db"
    path.parent.mkdir()
    with db.writing(db.journal_file(path).path) as conn:
        writes.insert_entry(conn, text="first version", occurred_on=TODAY)
    checkin.record_with_store(db.journal_file(path), checkin.CheckinInput(checked_on=TODAY, learned=["pairing"]), TODAY)
    return path


dump = db_dump


def fake_editor(tmp_path: Path, code: str) -> str:
    """An $EDITOR value running `code` (a Python script; `path` is the file to edit)."""
    script = tmp_path / "fake_editor.py"
    script.write_text("import os, signal, sys, time\npath = sys.argv[1]\n" + textwrap.dedent(code))
    return f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}"


def run(journal: Path, argv: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    base = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "JOURNAL_TODAY": TODAY.isoformat(),
        "HOME": str(journal.parent),
    }
    return subprocess.run(
        [*journal_exe(), "--db", str(journal), *argv],
        capture_output=True,
        text=True,
        timeout=60,
        env={**base, **env},
        stdin=subprocess.DEVNULL,
        # as a shell starts a command: ctrl-C's default action, even when this run was started in the background
        # (where a shell ignores SIGINT, and a child would inherit that and pass the ctrl-C test for nothing)
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def drafts(journal: Path) -> list[Path]:
    return sorted(journal.parent.glob("journal-draft-*.md"))


def draft_named_in(err: str) -> Path:
    """The draft the one-line message names; it is beside the journal and private."""
    assert err.count("\n") == 1 and "your text is in " in err, err
    path = Path(err.rsplit("your text is in ", 1)[1].strip())
    assert path.exists() and os.stat(path).st_mode & 0o777 == 0o600
    return path


# --- (a) an $EDITOR that cannot be read as a command -----------------------------------------------


@pytest.mark.parametrize("argv", EDITOR_COMMANDS, ids=IDS)
@pytest.mark.parametrize("value", ['vim "', "vim 'notes", "emacs \\"])
def test_an_unbalanced_quote_in_editor_is_one_line_naming_it(journal: Path, argv: list[str], value: str) -> None:
    before = dump(journal)
    r = run(journal, argv, EDITOR=value)
    assert r.returncode == 1, r.stderr
    assert r.stderr.count("\n") == 1 and r.stderr.startswith(f"journal: $EDITOR is {value!r}, which cannot be read"), (
        r.stderr
    )
    assert "internal error" not in r.stderr and "Traceback" not in r.stderr
    assert dump(journal) == before and drafts(journal) == []


def test_visual_is_named_when_it_is_the_one_used(journal: Path, tmp_path: Path) -> None:
    r = run(journal, ["add"], VISUAL='code "--wait', EDITOR=fake_editor(tmp_path, "pass"))
    assert r.returncode == 1 and r.stderr.startswith("journal: $VISUAL is 'code \"--wait'"), r.stderr


def test_a_blank_visual_falls_back_to_editor(journal: Path, tmp_path: Path) -> None:
    """`VISUAL=" "` used to run the temporary file itself as the editor."""
    editor_cmd = fake_editor(tmp_path, "open(path, 'a', encoding='utf-8').write('Shipped with a blank VISUAL\\n')")
    r = run(journal, ["add"], VISUAL="  ", EDITOR=editor_cmd)
    assert r.returncode == 0, r.stderr
    assert "Shipped with a blank VISUAL" in "".join(dump(journal))


@pytest.mark.parametrize("argv", EDITOR_COMMANDS, ids=IDS)
def test_an_editor_that_cannot_start_is_one_line(journal: Path, tmp_path: Path, argv: list[str]) -> None:
    not_a_program = tmp_path / "notes.txt"  # exists, not executable (refused even for root)
    not_a_program.write_text("hello")
    before = dump(journal)
    for value in (str(not_a_program), str(tmp_path / "no-such-editor")):
        r = run(journal, argv, EDITOR=value)
        assert r.returncode == 1 and r.stderr.startswith("journal: cannot start the editor"), r.stderr
        assert r.stderr.count("\n") == 1 and "$EDITOR" in r.stderr and "internal error" not in r.stderr
    assert dump(journal) == before and drafts(journal) == []


# --- (b) an editor that saves text that is not UTF-8 ------------------------------------------------

LATIN1_EDITOR = """
text = open(path, encoding="utf-8").read()
if "learned:" in text:  # the check-in template
    text = text.replace("learned: pairing", "learned: pairing in the caf\\u00e9")
else:
    text = text.split("---")[0] + "---\\nCaf\\u00e9 cr\\u00e8me: a win I must not lose\\n"
open(path, "w", encoding="latin-1").write(text)
"""


@pytest.mark.parametrize("argv", EDITOR_COMMANDS, ids=IDS)
def test_latin1_from_the_editor_is_refused_and_kept_as_written(journal: Path, tmp_path: Path, argv: list[str]) -> None:
    before = dump(journal)
    r = run(journal, argv, EDITOR=fake_editor(tmp_path, LATIN1_EDITOR))
    assert r.returncode == 1, r.stderr
    assert "the editor saved text that is not UTF-8 (line" in r.stderr and "byte 0xe9" in r.stderr, r.stderr
    assert "UnicodeDecodeError" not in r.stderr and "internal error" not in r.stderr
    draft = draft_named_in(r.stderr)
    assert draft.parent == journal.parent and b"caf\xe9" in draft.read_bytes().lower()  # the bytes, as written
    assert dump(journal) == before


def test_a_byte_order_mark_is_not_a_problem(journal: Path, tmp_path: Path) -> None:
    code = "open(path, 'w', encoding='utf-8-sig').write('Date: today\\n---\\nShipped with a BOM\\n')"
    r = run(journal, ["add"], EDITOR=fake_editor(tmp_path, code))
    assert r.returncode == 0, r.stderr
    assert ("Shipped with a BOM",) in sqlite3.connect(journal).execute("SELECT text FROM entry").fetchall()


# --- (c) `journal checkin edit` with a problem: reopened, and kept when it stays -----------------

STUBBORN_CHECKIN = """
open(path, "w", encoding="utf-8").write("Date: {date}\\n---\\n{item}: the lesson I must not lose\\n")
"""


@pytest.mark.parametrize(
    "date, item, problem",
    [
        ("last fridya", "learned", "unknown date 'last fridya'"),
        ("2026-11-20", "mood", "unknown item 'mood'"),
        ("2026-11-20", "lesson", "a 'lesson:' follows the 'setback:'"),
    ],
)
def test_checkin_edit_keeps_the_text_when_the_problem_stays(
    journal: Path, tmp_path: Path, date: str, item: str, problem: str
) -> None:
    before = dump(journal)
    r = run(
        journal, ["checkin", "edit", "1"], EDITOR=fake_editor(tmp_path, STUBBORN_CHECKIN.format(date=date, item=item))
    )
    assert r.returncode == 1 and problem in r.stderr, r.stderr
    draft = draft_named_in(r.stderr)
    assert "the lesson I must not lose" in draft.read_text() and date in draft.read_text()
    assert dump(journal) == before


def test_checkin_edit_reopens_with_the_problem_on_top(journal: Path, tmp_path: Path) -> None:
    code = """
    text = open(path, encoding="utf-8").read()
    if "# error: " in text:  # reopened with the problem on top: fix the date
        assert "unknown date 'last fridya'" in text, text
        text = text.replace("Date: last fridya", "Date: last friday")
    else:
        text = text.replace("Date: 2026-11-23", "Date: last fridya")
        text = text.replace("learned: pairing", "learned: pairing, fixed")
    open(path, "w", encoding="utf-8").write(text)
    """
    r = run(journal, ["checkin", "edit", "1"], EDITOR=fake_editor(tmp_path, code))
    assert r.returncode == 0 and r.stdout == "Updated check-in 1\n", r.stderr
    conn = sqlite3.connect(journal)
    assert conn.execute("SELECT checked_on FROM checkin").fetchall() == [("2026-11-20",)]
    assert conn.execute("SELECT text FROM reflection").fetchall() == [("pairing, fixed",)]
    assert drafts(journal) == []


def test_checkin_edit_emptied_changes_nothing(journal: Path, tmp_path: Path) -> None:
    before = dump(journal)
    r = run(
        journal, ["checkin", "edit", "1"], EDITOR=fake_editor(tmp_path, "open(path, 'w').write('Date: today\\n---\\n')")
    )
    assert r.returncode == 1 and "no items left; it is unchanged" in r.stderr and r.stderr.count("\n") == 1, r.stderr
    assert dump(journal) == before


# --- the editor fails or is interrupted after the user wrote something --------------------------------


@pytest.mark.parametrize("argv", EDITOR_COMMANDS, ids=IDS)
def test_an_editor_failing_after_the_text_was_written_keeps_it(journal: Path, tmp_path: Path, argv: list[str]) -> None:
    code = """
    open(path, "a", encoding="utf-8").write("\\nlearned: the text I must not lose\\n")
    sys.exit(3)
    """
    before = dump(journal)
    r = run(journal, argv, EDITOR=fake_editor(tmp_path, code))
    assert r.returncode == 1 and "exited with status 3" in r.stderr, r.stderr
    assert "the text I must not lose" in draft_named_in(r.stderr).read_text()
    assert dump(journal) == before


def test_an_editor_failing_with_the_template_untouched_keeps_no_draft(journal: Path, tmp_path: Path) -> None:
    r = run(journal, ["add"], EDITOR=fake_editor(tmp_path, "sys.exit(1)"))
    assert r.returncode == 1 and r.stderr.endswith("exited with status 1; nothing was saved\n"), r.stderr
    assert drafts(journal) == []


def test_a_second_round_that_fails_keeps_the_first_rounds_text(journal: Path, tmp_path: Path) -> None:
    """The text written in round 1 lives only in the reopened file: the editor failing in round 2 must not lose it."""
    code = """
    if "# error: " in open(path, encoding="utf-8").read():
        sys.exit(1)  # the user quits without saving (vim :cq)
    open(path, "w", encoding="utf-8").write("Date: last fridya\\n---\\nRound one text I must not lose\\n")
    """
    r = run(journal, ["add"], EDITOR=fake_editor(tmp_path, code))
    assert r.returncode == 1 and "exited with status 1" in r.stderr, r.stderr
    assert "Round one text I must not lose" in draft_named_in(r.stderr).read_text()


def test_ctrl_c_in_the_editor_belongs_to_the_editor(journal: Path, tmp_path: Path) -> None:
    """The terminal sends ctrl-C to `journal` too: it must keep waiting, not kill the editor and lose the text."""
    before = signal.getsignal(signal.SIGINT)
    code = """
    os.kill(os.getppid(), signal.SIGINT)  # what the terminal does to the whole foreground group
    time.sleep(0.5)
    open(path, "w", encoding="utf-8").write("Date: today\\n---\\nWritten after a ctrl-C in the editor\\n")
    """
    r = run(journal, ["add"], EDITOR=fake_editor(tmp_path, code))
    assert r.returncode == 0, r.stderr
    assert ("Written after a ctrl-C in the editor",) in sqlite3.connect(journal).execute(
        "SELECT text FROM entry"
    ).fetchall()
    assert signal.getsignal(signal.SIGINT) is before  # this process: untouched by the test


# --- `editor.revise`, the one mechanism, directly --------------------------------------------------


def test_a_save_that_fails_for_another_reason_keeps_the_draft(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Not only the user's mistakes: a disk error (or a bug) while saving leaves the text in a draft too."""
    monkeypatch.setenv("EDITOR", fake_editor(tmp_path, "open(path, 'a').write('A text I must not lose\\n')"))
    monkeypatch.delenv("VISUAL", raising=False)

    def broken(saved: str) -> None:
        raise OSError(5, "Input/output error")

    with pytest.raises(JournalError) as info:
        editor.revise("Date: today\n---\n", broken, str(tmp_path / "drafts"))
    message = str(info.value)
    assert message.startswith("could not save (Input/output error); nothing was saved to the journal, your text is in ")
    assert "A text I must not lose" in Path(message.rsplit(" ", 1)[1]).read_text()


def test_a_draft_that_cannot_be_kept_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EDITOR", fake_editor(tmp_path, "open(path, 'a').write('text\\n'); sys.exit(2)"))
    monkeypatch.delenv("VISUAL", raising=False)
    blocked = tmp_path / "a-file"
    blocked.write_text("")  # the draft folder is a file: makedirs fails
    with pytest.raises(JournalError) as info:
        editor.revise("Date: today\n---\n", lambda saved: None, str(blocked))
    assert "your text could not be kept in" in str(info.value) and "\n" not in str(info.value)
