"""Measuring the app in a real terminal: a private tmux server, `capture-pane` polling, keys typed one at a time.

Nothing here knows the app's insides: a state is recognised on the screen, as a user
would.  The first list row is the first screen line that starts with an ISO date
(the Journal pane's first column); a row is matched by its date and the start of its
title (titles are truncated to the column).  An empty list is recognised by
`EMPTY_FILTER_TEXT`, an empty journal by `EMPTY_JOURNAL_TEXT`: if the app rewords
those, change them here.

Captures and keys go through one tmux client in control mode (`tmux -C`), not a new
`tmux` process each time: a capture then costs well under a millisecond instead of
about 10 ms (`poll_cost` measures both and the report prints them), so a latency
carries less than one capture of overhead.
"""

import contextlib
import os
import re
import shutil
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field

COLS, ROWS = 120, 36
EMPTY_JOURNAL_TEXT = "Your journal is empty"
EMPTY_FILTER_TEXT = "No entry matches"
TITLE_CHARS = 24  # the start of a title that is always visible in the list's Title column at 120 columns
_ROW = re.compile(r"^[\s│▊▎┃|]*(\d{4}-\d{2}-\d{2})\s(.*)$")
POLL_SLEEP = 0.001  # between captures: leaves the 2 cores to the app

Expect = tuple[str, str] | str  # (date, title) of the first row, or "empty"


class BenchError(RuntimeError):
    """A measurement that could not be taken (the screen never showed what it waited for)."""


def available() -> bool:
    return shutil.which("tmux") is not None


def first_row(screen: str) -> str | None:
    """The first list row on the screen: the first line that starts with an ISO date."""
    for line in screen.splitlines():
        if _ROW.match(line):
            return line
    return None


def shows(screen: str, expect: Expect) -> bool:
    """Whether the screen shows `expect` as the list's state."""
    row = first_row(screen)
    if expect == "empty":
        return row is None and EMPTY_FILTER_TEXT in screen
    if isinstance(expect, str):
        return expect in screen
    day, title = expect
    return row is not None and day in row and title[:TITLE_CHARS].rstrip() in row


def quote(arg: str) -> str:
    """One argument for a tmux command line: single-quoted (tmux reads no escapes inside single quotes)."""
    return "'" + arg.replace("'", "'\"'\"'") + "'"


@dataclass
class Tmux:
    """A private tmux server (its own socket, no user config) holding one idle session so it stays up,
    and one control-mode client attached to that session, through which captures and keys are sent."""

    socket: str = field(default_factory=lambda: f"journal_bench_{os.getpid()}")
    _n: int = 0
    _ctl: "subprocess.Popen[str] | None" = None

    def __post_init__(self) -> None:
        self.tmux("new-session", "-d", "-s", "keeper", "-x", str(COLS), "-y", str(ROWS), "sleep 86400")
        self._ctl = subprocess.Popen(
            ["tmux", "-L", self.socket, "-f", "/dev/null", "-C", "attach", "-t", "keeper"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            errors="replace",
            bufsize=1,
        )
        self._reply()  # the attach's own (empty) reply

    def _reply(self) -> str:
        """Read the next %begin ... %end block of the control client (notifications between blocks are skipped)."""
        assert self._ctl is not None and self._ctl.stdout is not None
        lines: list[str] = []
        inside = False
        while True:
            line = self._ctl.stdout.readline()
            if not line:
                raise BenchError("the tmux control client went away")
            line = line.rstrip("\n")
            if not inside:
                inside = line.startswith("%begin")
                continue
            if line.startswith(("%end", "%error")):
                if line.startswith("%error"):
                    raise BenchError(f"tmux: {' '.join(lines)}")
                return "\n".join(lines)
            lines.append(line)

    def ctl(self, *args: str) -> str:
        """Run one tmux command through the control client; its output."""
        assert self._ctl is not None and self._ctl.stdin is not None
        self._ctl.stdin.write(" ".join(quote(a) for a in args) + "\n")
        self._ctl.stdin.flush()
        return self._reply()

    def tmux(self, *args: str) -> str:
        r = subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", *args], check=False, capture_output=True, text=True
        )
        if r.returncode != 0:
            raise BenchError(f"tmux {' '.join(args[:2])}: {r.stderr.strip()}")
        return r.stdout

    def close(self) -> None:
        """Stop the control client and the server, and remove the server's socket file."""
        path = self.ctl("display-message", "-p", "#{socket_path}").strip() if self._ctl is not None else ""
        if self._ctl is not None:
            self._ctl.kill()
            self._ctl.wait()
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], check=False, capture_output=True)
        if path:
            with contextlib.suppress(OSError):
                os.unlink(path)

    def start(self, command: str) -> str:
        """Start `command` (a shell line; it should `exec` the program) in a new 120x36 session; its name."""
        self._n += 1
        name = f"s{self._n}"
        self.tmux(
            "new-session",
            "-d",
            "-s",
            name,
            "-x",
            str(COLS),
            "-y",
            str(ROWS),
            command,
            ";",
            "set-option",
            "-t",
            name,
            "remain-on-exit",
            "on",
        )
        return name

    def kill(self, name: str) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-session", "-t", name], check=False, capture_output=True)

    def capture(self, name: str) -> str:
        return self.ctl("capture-pane", "-p", "-t", name)

    def keys(self, name: str, text: str, *, literal: bool = True) -> None:
        self.ctl("send-keys", "-t", name, *(["-l"] if literal else []), text)

    def pid(self, name: str) -> int:
        return int(self.ctl("display-message", "-p", "-t", name, "#{pane_pid}").strip())

    def wait(self, name: str, ready: Callable[[str], bool], timeout: float, what: str) -> float:
        """Poll until `ready(screen)`; the time it took (s).  BenchError with the last screen on timeout."""
        t0 = time.perf_counter()
        screen = ""
        while time.perf_counter() - t0 < timeout:
            screen = self.capture(name)
            if ready(screen):
                return time.perf_counter() - t0
            time.sleep(POLL_SLEEP)
        raise BenchError(f"waited {timeout:.0f} s for {what}; the screen showed:\n{screen}")

    def settle(self, name: str, quiet: float = 0.5, timeout: float = 10.0) -> str:
        """Wait until the screen has not changed for `quiet` seconds (or `timeout`); the screen."""
        last, since, t0 = self.capture(name), time.perf_counter(), time.perf_counter()
        while time.perf_counter() - since < quiet and time.perf_counter() - t0 < timeout:
            time.sleep(0.02)
            screen = self.capture(name)
            if screen != last:
                last, since = screen, time.perf_counter()
        return last


def first_paint(
    tmux: Tmux, command: str, ready: Callable[[str], bool], what: str, timeout: float = 60.0, keep: bool = False
) -> tuple[float, str]:
    """Seconds from starting `command` in a fresh session until the screen is `ready`; (time, session)."""
    t0 = time.perf_counter()
    name = tmux.start(command)
    try:
        tmux.wait(name, ready, timeout, what)
    except BenchError:
        tmux.kill(name)
        raise
    took = time.perf_counter() - t0
    if not keep:
        tmux.kill(name)
    return took, name


def poll_cost(tmux: Tmux, name: str, n: int = 30) -> tuple[float, float]:
    """Median seconds of one `capture-pane` of a live session and of one `send-keys` (to the idle keeper)."""
    caps, sends = [], []
    for _ in range(n):
        t0 = time.perf_counter()
        tmux.capture(name)
        caps.append(time.perf_counter() - t0)
    for _ in range(max(3, n // 3)):
        t0 = time.perf_counter()
        tmux.keys("keeper", "x")  # the keeper's `sleep` ignores it
        sends.append(time.perf_counter() - t0)
    caps.sort()
    sends.sort()
    return caps[len(caps) // 2], sends[len(sends) // 2]


@dataclass
class Keystroke:
    """One key typed in the filter bar: the filter so far, and how long until its rows showed (None: not timed;
    the timeout when they never showed)."""

    prefix: str
    seconds: float | None
    why_not: str = ""


def type_filter(
    tmux: Tmux, name: str, text: str, expected: list[Expect | None], timeout: float = 10.0
) -> list[Keystroke]:
    """Type `text` one key at a time in the focused filter bar, timing each key until its rows show.

    `expected[i]` is what the list must show after `text[:i + 1]`, or None when that
    prefix has no state of its own to wait for (a half-typed `project:bil`): the key is
    sent and the screen left to settle.  A key whose expected state is already on the
    screen before it is sent cannot be timed (nothing visible changes) and is reported so.
    """
    out: list[Keystroke] = []
    for i, ch in enumerate(text):
        prefix, expect = text[: i + 1], expected[i]
        if expect is None:
            tmux.keys(name, ch)
            tmux.settle(name, quiet=0.3)
            out.append(Keystroke(prefix, None, "no state of its own"))
            continue
        if shows(tmux.capture(name), expect):
            tmux.keys(name, ch)
            tmux.settle(name, quiet=0.3)
            out.append(Keystroke(prefix, None, "no visible change"))
            continue

        def ready(screen: str, expect: Expect = expect) -> bool:
            return shows(screen, expect)

        t0 = time.perf_counter()
        tmux.keys(name, ch)
        try:
            tmux.wait(name, ready, timeout, f"the rows of {prefix!r}: {expect}")
            out.append(Keystroke(prefix, time.perf_counter() - t0))
        except BenchError:  # counted at the timeout: a lower bound, never left out of the figures
            out.append(Keystroke(prefix, timeout, f"timed out after {timeout:.0f} s"))
            tmux.settle(name, quiet=0.3)
    return out


def vm_hwm_mb(pid: int) -> float:
    """Peak resident memory of a process (VmHWM), in MB."""
    with open(f"/proc/{pid}/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise BenchError(f"no VmHWM for process {pid}")
