"""Output files (`-o`, the app's export, $EDITOR drafts) are written whole or not at all, never through a link.

All of them go through `private.write_private`: a temporary 0600 file in the target's folder, synced, then renamed
over the target.  A full disk is simulated (a real tiny file system is not available here) by making every write to
a file in one folder fail with ENOSPC after writing part of what it was given, through both `os.write` and file
objects, so the old truncate-then-write and the new write-then-rename are put to the same test.
"""

import errno
import io
import os
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import TODAY, journal_exe
from textual.pilot import Pilot

from journal_tui import private
from journal_tui.data import db, writes
from journal_tui.editor import keep_draft
from journal_tui.tui.app import JournalApp

PREVIOUS = "# my own notes, written by hand\n"


@pytest.fixture
def journal(tmp_path: Path) -> Path:
    path = tmp_path / "journal.db"
    with db.writing(db.journal_file(path).path) as conn:
        writes.insert_entry(conn, text="Shipped the refunds dashboard", occurred_on=TODAY)
    return path


def run(journal: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "JOURNAL_TODAY": TODAY.isoformat()}
    return subprocess.run(
        [*journal_exe(), "--db", str(journal), *argv], capture_output=True, text=True, timeout=60, env=env
    )


def _in(folder: Path, fd: int) -> bool:
    try:
        return os.readlink(f"/proc/self/fd/{fd}").startswith(str(folder) + os.sep)
    except OSError:
        return False


def fill_the_disk(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on, a write to a file in `folder` writes part of its data, then fails: "No space left on device"."""
    real_write, real_fdopen = os.write, os.fdopen

    def write(fd: int, data: Any) -> int:
        if _in(folder, fd):
            real_write(fd, bytes(data)[: len(data) // 2])
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    class FullFile(io.TextIOWrapper):
        def write(self, text: str) -> int:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def fdopen(fd: int, *args: Any, **kwargs: Any) -> Any:
        f = real_fdopen(fd, *args, **kwargs)
        if _in(folder, fd) and isinstance(f, io.TextIOWrapper):
            return FullFile(f.detach(), encoding="utf-8")
        return f

    monkeypatch.setattr(os, "write", write)
    monkeypatch.setattr(os, "fdopen", fdopen)


def cli_main(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    from journal_tui.cli import main

    capsys.readouterr()
    rc = main(list(argv))
    return rc, capsys.readouterr().err


# --- (a) a full disk: the previous file stays, nothing half-written remains ------------------------------


@pytest.mark.parametrize(
    "command",
    [["review", "--quarter", "2026-Q4"], ["export"], ["export", "--format", "csv"], ["update"], ["case"]],
    ids=" ".join,
)
def test_a_full_disk_leaves_the_previous_file_and_no_temporary_one(
    journal: Path,
    tmp_path: Path,
    command: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "doc.md"
    target.write_text(PREVIOUS)
    target.chmod(0o600)
    monkeypatch.setenv("JOURNAL_TODAY", TODAY.isoformat())
    fill_the_disk(folder, monkeypatch)
    rc, err = cli_main(capsys, "--db", str(journal), *command, "-o", str(target))
    assert rc == 1, err
    assert (
        err == f"journal: cannot write {target}: disk full (No space left on device); the previous file is unchanged\n"
    )
    assert target.read_text() == PREVIOUS
    assert [p.name for p in folder.iterdir()] == ["doc.md"]  # no temporary file left behind


def test_a_full_disk_leaves_no_new_file(
    journal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    fill_the_disk(folder, monkeypatch)
    rc, err = cli_main(capsys, "--db", str(journal), "export", "-o", str(folder / "journal.json"))
    assert rc == 1 and "disk full" in err and "nothing was written" in err, err
    assert list(folder.iterdir()) == []


def test_a_draft_on_a_full_disk_leaves_no_part(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fill_the_disk(tmp_path, monkeypatch)
    with pytest.raises(OSError) as info:
        keep_draft("Date: today\n---\nA win\n", str(tmp_path))
    assert "disk full" in str(info.value.strerror) and list(tmp_path.iterdir()) == []


def test_dev_full_through_the_real_journal(journal: Path) -> None:
    """A device is written into as it is (nothing to replace); its ENOSPC is the same one line."""
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full")
    r = run(journal, "review", "-o", "/dev/full")
    assert r.returncode == 1 and r.stderr.startswith("journal: cannot write /dev/full: disk full"), r.stderr
    assert r.stderr.count("\n") == 1


def test_replacing_is_whole_private_and_leaves_nothing_beside(journal: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "review.md"
    target.parent.mkdir()
    target.write_text(PREVIOUS)
    target.chmod(0o644)
    r = run(journal, "review", "--quarter", "2026-Q4", "-o", str(target))
    assert r.returncode == 0 and r.stderr == f"Wrote {target}\n", r.stderr
    assert target.read_text().startswith("# Review: 2026-Q4") and "Shipped the refunds dashboard" in target.read_text()
    assert target.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in target.parent.iterdir()] == ["review.md"]
    assert run(journal, "review", "-o", os.devnull).returncode == 0  # a device is not replaced
    assert os.path.exists(os.devnull) and not Path(os.devnull).is_file()


# --- (b) a symbolic link as the target: refused, the file it points to untouched ----------------------------


@pytest.mark.parametrize("command", [["review"], ["export"], ["case"], ["update"]], ids=" ".join)
def test_o_refuses_a_link_to_a_file(journal: Path, tmp_path: Path, command: list[str]) -> None:
    victim = tmp_path / "bashrc"
    victim.write_text("export PATH=$HOME/bin:$PATH\n")
    link = tmp_path / "review.md"
    link.symlink_to(victim)
    r = run(journal, *command, "-o", str(link))
    assert r.returncode == 1, r.stderr
    assert r.stderr == (
        f"journal: cannot write {link}: it is a symbolic link (to {victim}); name the file itself or remove the link\n"
    )
    assert victim.read_text() == "export PATH=$HOME/bin:$PATH\n" and link.is_symlink()


def test_o_refuses_a_dangling_link(journal: Path, tmp_path: Path) -> None:
    planted = tmp_path / "not-yet"
    link = tmp_path / "review.md"
    link.symlink_to(planted)
    r = run(journal, "review", "-o", str(link))
    assert r.returncode == 1 and "it is a symbolic link" in r.stderr and r.stderr.count("\n") == 1, r.stderr
    assert not planted.exists() and link.is_symlink()


def test_a_link_in_the_folders_above_is_fine(journal: Path, tmp_path: Path) -> None:
    """Only the file itself is refused: ~/Documents may well be a link to another disk."""
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "docs").symlink_to(real)
    r = run(journal, "review", "-o", str(tmp_path / "docs" / "review.md"))
    assert r.returncode == 0, r.stderr
    assert (real / "review.md").read_text().startswith("# Review")


def test_a_draft_never_follows_a_link(tmp_path: Path) -> None:
    """Drafts pick a new name (O_EXCL): a planted link of that name is skipped, its target untouched."""
    victim = tmp_path / "victim"
    victim.write_text("mine")
    path = keep_draft("Date: today\n---\nA win\n", str(tmp_path))
    os.unlink(path)
    os.symlink(victim, path)  # the same name again (same second): taken, so the next one is used
    other = keep_draft("Date: today\n---\nA win\n", str(tmp_path))
    assert other != path and victim.read_text() == "mine" and "A win" in Path(other).read_text()


def test_o_refuses_the_journal_itself(journal: Path) -> None:
    before = journal.read_bytes()
    for name in (str(journal), f"{journal}-wal", str(journal.parent / "." / journal.name)):
        r = run(journal, "export", "-o", name)
        assert r.returncode == 1 and "it is the journal" in r.stderr and r.stderr.count("\n") == 1, r.stderr
    assert journal.read_bytes() == before and not Path(f"{journal}-wal").exists()
    assert sqlite3.connect(journal).execute("SELECT text FROM entry").fetchall() == [("Shipped the refunds dashboard",)]


# --- (c) the app's export ------------------------------------------------------------------------------


async def _export_to(app: JournalApp, pilot: Pilot[Any], target: Path) -> list[str]:
    """Press x on the review screen, answer `target`; the notifications it gave."""
    from textual.widgets import Input

    from journal_tui.tui.screens.dialogs import PathPrompt

    said: list[str] = []
    real_notify: Callable[..., None] = app.notify

    def notify(message: str, **kw: Any) -> None:
        said.append(str(message))
        real_notify(message, **kw)

    app.notify = notify  # type: ignore[method-assign]  # this app's own: it records what the app says
    await pilot.press("x")
    await pilot.pause()
    assert isinstance(app.screen, PathPrompt)
    app.screen.query_one(Input).value = str(target)
    await pilot.press("enter")
    await pilot.pause()
    return said


@pytest.mark.parametrize("dangling", [True, False], ids=["dangling", "to-a-file"])
async def test_the_app_export_refuses_a_link(demo_db: Path, tmp_path: Path, dangling: bool) -> None:
    from journal_tui.tui.app import make_app
    from journal_tui.tui.screens.dialogs import ConfirmScreen, PathPrompt
    from journal_tui.tui.screens.review import ReviewScreen
    from journal_tui.tui.testing import settle

    victim = tmp_path / "victim.md"
    if not dangling:
        victim.write_text("mine")
    link = tmp_path / "review.md"
    link.symlink_to(victim)
    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        said = await _export_to(app, pilot, link)
        assert not isinstance(app.screen, (ConfirmScreen, PathPrompt))  # refused at once, not "Replace it?"
        assert said == [
            f"Cannot write {link}: it is a symbolic link (to {victim}); name the file itself or remove the link"
        ]
    assert link.is_symlink()
    assert (not victim.exists()) if dangling else victim.read_text() == "mine"


async def test_the_app_export_on_a_full_disk_keeps_the_file(
    demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from journal_tui.tui.app import make_app
    from journal_tui.tui.testing import settle

    folder = tmp_path / "out"
    folder.mkdir()
    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot)
        fill_the_disk(folder, monkeypatch)
        said = await _export_to(app, pilot, folder / "review.md")
        monkeypatch.undo()
    assert said == [f"Cannot write {folder / 'review.md'}: disk full (No space left on device); nothing was written"]
    assert list(folder.iterdir()) == []


# --- one writer for every output file ---------------------------------------------------------------------


def test_every_output_file_is_written_by_write_private() -> None:
    """Only `private.py` opens files for writing; the others named here write what is not an output file."""
    import re

    allowed = {
        "private.py",
        "data/db.py",  # the journal and its backups: O_EXCL, 0600, through SQLite
        "cli/__init__.py",  # stdout onto /dev/null after a failed flush
        "editor.py",
    }  # the editor's own temporary file (mkstemp, 0600), removed after each round
    pattern = re.compile(
        r"os\.open\([^)]*O_(WRONLY|RDWR|CREAT|TRUNC)|open\([^)]*[\"'][wax]b?\+?[\"']|"
        r"\.write_(text|bytes)\(|fdopen\([^)]*[\"'][wax]"
    )
    package = Path(private.__file__).parent
    offenders = [
        str(p.relative_to(package))
        for p in package.rglob("*.py")
        if pattern.search(p.read_text()) and str(p.relative_to(package)) not in allowed
    ]
    assert offenders == [], f"write output files with private.write_private: {offenders}"
