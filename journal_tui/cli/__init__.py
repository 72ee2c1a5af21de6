"""The `journal` command: a thin dispatcher over one module per command group.

Start-up time is a feature: `journal add` imports only the standard library,
dateutil's relativedelta and this package's light modules.  `COMMANDS` maps each
sub-command to the module that defines it, so only that module is imported and
only that sub-parser is built.  SQLAlchemy is imported by the commands that need
it, and Textual only when the app opens.  A test guards this.

Exit codes: 0 ok, 1 a user error (one line on stderr), 2 a usage error.
"""

import argparse
import contextlib
import importlib
import os
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from journal_tui import __version__
from journal_tui.cli.common import TODAY_ENV, protect_negations, today
from journal_tui.cli.parser import Parser
from journal_tui.data.conn import Error as DbError
from journal_tui.errors import JournalError

# sub-command -> module in this package that registers it (in `--help` order).
COMMANDS: dict[str, str] = {
    "add": "entries",
    "list": "entries",
    "ls": "entries",
    "show": "entries",
    "edit": "entries",
    "rm": "entries",
    "star": "entries",
    "extra": "entries",
    "link": "entries",
    "goal": "goals",
    "milestone": "goals",
    "feedback": "feedback",
    "projects": "feedback",
    "skills": "feedback",
    "tags": "feedback",
    "skill": "names",
    "project": "names",
    "tag": "names",
    "person": "people",
    "people": "people",
    "met": "people",
    "ask": "people",
    "asks": "people",
    "review": "data",
    "export": "data",
    "import": "data",
    "backup": "data",
    "check": "data",
    "where": "data",
    "demo": "data",
    "copy": "copy",
    "role": "case",
    "case": "case",
    "nudge": "habit",
    "checkin": "habit",
    "update": "habit",
    "stats": "habit",
    "harvest": "harvest",
    "inbox": "harvest",
    "promo": "promo",
    "encrypt": "crypt",
    "decrypt": "crypt",
    "rekey": "crypt",
    "remember": "crypt",
    "forget": "crypt",
}
# Commands whose positional arguments are filter terms (a leading `-` there is a negation, not an option).
FILTER_COMMANDS = {"list", "ls", "projects", "skills", "tags", "people", "review", "export"}


def build_parser(only: str | None = None) -> Parser:
    """The `journal` parser; `only` builds just that command's sub-parser (a quick add skips the other 40)."""
    parser = Parser(
        prog="journal",
        description="A terminal achievement journal. With no command, opens the app.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog='examples:\n  $ journal add "yesterday: Shipped refunds +billing #sql"\n  $ journal list in:this-week\n'
        "  $ journal review --quarter last-quarter\n\n"
        "`journal COMMAND --help` shows each command's options and examples.",
    )
    parser.add_argument(
        "--db",
        metavar="PATH",
        help="journal file, before or after the command (default: $JOURNAL_DB, else the user data dir)",
    )
    parser.add_argument("--version", action="version", version=f"journal_tui {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    modules = [COMMANDS[only]] if only in COMMANDS else list(dict.fromkeys(COMMANDS.values()))

    def want(*names: str) -> bool:
        return only is None or only not in COMMANDS or only in names

    for name in modules:
        importlib.import_module(f"journal_tui.cli.{name}").register(sub, want)
    return parser


def command_of(argv: Sequence[str]) -> str | None:
    """The sub-command named in argv (skipping --db PATH), or None for help and unknown input."""
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--db":
            i += 2
            continue
        if arg.startswith("--db="):
            i += 1
            continue
        if arg.startswith("-"):
            return None  # --help, --version: the full parser answers
        return arg if arg in COMMANDS else None
    return None


# Textual paints at most MAX_FPS frames a second, on a fixed clock: a filter keystroke paints twice (the typed
# character, then its rows a few ms later), and at 60 the rows waited up to 33 ms for the clock after the first
# paint.  At 120 they wait at most 17 (tmux, 100k entries: median 47 -> 36 ms a key).  Only pending repaints tick.
FPS_ENV, APP_FPS = "TEXTUAL_FPS", "120"


def cmd_tui(args: argparse.Namespace) -> int:
    import gc

    gc.disable()  # until the first rows are on screen (`JournalApp._after_first_rows`): see `resume_collections`
    os.environ.setdefault(FPS_ENV, APP_FPS)  # read when Textual is imported, just below; the user's own value wins
    from journal_tui.tui.app import run_app

    return run_app(args.db, today=today() if os.environ.get(TODAY_ENV) else None)


class CleanStream:
    """A text stream that drops terminal control codes: user text never moves the cursor or sets the title.

    Every line the CLI prints goes through it (tables, Markdown, JSON, messages), so
    even text stored by an older version or another program is printed literally.
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        from journal_tui.validate import strip_controls

        self.stream.write(strip_controls(text))
        return len(text)

    def write_clean(self, text: str) -> int:
        """Write text the caller has already passed through `strip_controls` (a whole document): strip once, not
        twice."""
        return self.stream.write(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def bad_argument(argv: Sequence[str]) -> str | None:
    """A message for an argument that is not valid UTF-8 (Python hands it over with lone surrogates)."""
    for i, arg in enumerate(argv, 1):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            shown = arg.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            return f"argument {i} ({shown!r}) is not valid UTF-8; check the terminal's encoding"
    return None


def _settle_stdout() -> None:
    """Flush stdout; if that fails (a full disk), point it at /dev/null so the exit does not fail a second time."""
    try:
        sys.stdout.flush()
    except OSError:
        with contextlib.suppress(OSError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.__stdout__.fileno() if sys.__stdout__ else 1)


def db_first(argv: Sequence[str]) -> list[str]:
    """`--db PATH` goes anywhere (`journal demo --db /tmp/demo.db`, `journal list --db work.db`): argparse only reads
    it before the command, so it is moved there.  After `--` everything is text and stays where it is."""
    front: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            rest.extend(argv[i:])
            break
        if arg == "--db" and i + 1 < len(argv):
            front += argv[i : i + 2]
            i += 2
            continue
        (front if arg.startswith("--db=") else rest).append(arg)
        i += 1
    return front + rest


def main(argv: Sequence[str] | None = None) -> int:
    argv = db_first(sys.argv[1:] if argv is None else argv)
    problem = bad_argument(argv)
    if problem:
        print(f"journal: {problem}", file=sys.stderr)
        return 2
    parser = build_parser(only=command_of(argv))
    args = parser.parse_command(protect_negations(argv, FILTER_COMMANDS))
    if args.command is None:
        return _run(args)
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = CleanStream(out), CleanStream(err)
    try:
        return _run(args)
    finally:
        _settle_stdout()
        sys.stdout, sys.stderr = out, err


def _run(args: argparse.Namespace) -> int:
    """Run one command; every failure becomes one line on stderr and an exit code."""
    try:
        if args.command is None:
            return cmd_tui(args)
        from journal_tui.cli.crypt import ask_on_terminal

        ask_on_terminal()  # an encrypted journal's passphrase may be typed (the app asks in its own dialog)
        rc = int(args.func(args) or 0)
        sys.stdout.flush()
        return rc
    except JournalError as exc:
        from journal_tui.query import QueryError

        if isinstance(exc, QueryError) and sys.stderr.isatty():
            print(exc.pointer(), file=sys.stderr)
        print(f"journal: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("journal: interrupted; nothing half-written was kept", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:  # writing the output failed (a full disk), or a file the command used
        where = f" ({exc.filename})" if exc.filename else " (writing the output)"
        print(f"journal: {exc.strerror or exc}{where}", file=sys.stderr)
        return 1
    except Exception as exc:  # last line of defence: never a traceback
        if os.environ.get("JOURNAL_DEBUG"):
            raise
        if isinstance(exc, DbError):
            from journal_tui.data.db import describe_db_error, resolve_db_path

            print(f"journal: {describe_db_error(exc, resolve_db_path(getattr(args, 'db', None)))}", file=sys.stderr)
            return 1
        print(
            f"journal: internal error: {type(exc).__name__}: {exc} (set JOURNAL_DEBUG=1 for details)", file=sys.stderr
        )
        return 3
