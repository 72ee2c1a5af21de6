"""The installed `journal` command in a real terminal (tmux): type an entry, filter by project, read the screen."""

import os
import shlex
import shutil
import sqlite3
import subprocess
import time
import uuid
from pathlib import Path

import pytest
from conftest import TODAY, journal_exe

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)")


class Terminal:
    def __init__(self, command: list[str], env: dict[str, str]) -> None:
        self.socket = f"journal-test-{uuid.uuid4().hex[:8]}"
        self.session = "t"
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        # with no client attached tmux falls back to 80x24 unless the size is pinned in the same call
        self.tmux(
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-s",
            self.session,
            "-x",
            "140",
            "-y",
            "40",
            f"env {exports} TERM=xterm-256color {shlex.join(command)}; sleep 30",
            ";",
            "set-option",
            "-g",
            "window-size",
            "manual",
            ";",
            "resize-window",
            "-t",
            self.session,
            "-x",
            "140",
            "-y",
            "40",
        )

    def tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=20).stdout

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", self.session, "-l", text)

    def key(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", self.session, *keys)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.session)

    def wait_for(self, text: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; the screen shows:\n{self.screen()}")

    def close(self) -> None:
        self.tmux("kill-server")


def test_add_an_entry_and_filter_by_project_in_a_real_terminal(tmp_path: Path) -> None:
    db = tmp_path / "journal.db"
    term = Terminal(
        journal_exe(), {"JOURNAL_DB": str(db), "JOURNAL_TODAY": TODAY.isoformat(), "PATH": os.environ.get("PATH", "")}
    )
    try:
        term.wait_for("0 entries · 0 goals · 0 feedback")
        term.type("n")
        term.wait_for("New entry")
        term.type("Shipped the audit log +compliance #security")
        term.key("Tab")  # no pause: the app moves the focus before it reads the next key
        term.type("yesterday")
        term.key("C-s")
        term.wait_for("1 entry · 0 goals")
        term.type("n")
        term.wait_for("New entry")
        term.type("Tidied the billing dashboards +billing")
        term.key("C-s")
        screen = term.wait_for("2 entries · 0 goals")
        assert "Shipped the audit log" in screen and "Tidied the billing" in screen, screen
        term.type("/project:compliance")  # one burst: every key after / must land in the filter bar
        screen = term.wait_for("1 entry · 0 goals")
        assert "Shipped the audit log" in screen and "Tidied the billing" not in screen
        assert "2026-11-22" in screen and "compliance" in screen, screen
        term.key("C-q")
        deadline = time.monotonic() + 10
        while "journal" in term.screen() and "entries" in term.screen() and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        term.close()
    rows = (
        sqlite3.connect(db)
        .execute(
            "SELECT e.occurred_on, e.text, p.name FROM entry e JOIN project p ON p.id = e.project_id ORDER BY e.id"
        )
        .fetchall()
    )
    assert rows == [
        ("2026-11-22", "Shipped the audit log", "compliance"),
        ("2026-11-23", "Tidied the billing dashboards", "billing"),
    ]
