"""What every `journal` command shares: the fixed today, dates, the store, the filter argument, output.

Light on purpose: importing this module costs nothing beyond the standard library,
so the quick-add path stays fast.  Heavy modules are imported inside the helpers.
"""

import argparse
import datetime as dt
import os
import re
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from journal_tui.errors import JournalError

if TYPE_CHECKING:
    from journal_tui.query import Filter
    from journal_tui.store import Store

TODAY_ENV = "JOURNAL_TODAY"
NO_FTS_NOTE = "journal: note: this Python's SQLite has no FTS5, so free-text search reads every entry (slower on large journals)"
NEGATION_GUARD = "\ue000"
_NEGATED_TERM = re.compile(r"^-(?:[^\W\d_]+:.*|[^\W\d_]{3,}|\".*)$")

# Which sub-parsers a command group should build: all of them, or only the one named on the command line.
Want = Callable[..., bool]


def today() -> dt.date:
    """Today, or $JOURNAL_TODAY (ISO) so scripts and tests get reproducible dates."""
    fixed = os.environ.get(TODAY_ENV)
    if fixed:
        try:
            return dt.date.fromisoformat(fixed)
        except ValueError:
            raise JournalError(f"${TODAY_ENV} must be an ISO date, not {fixed!r}") from None
    return dt.date.today()


def parse_when(text: str | None, direction: str = "past") -> dt.date | None:
    """A natural date from an option, or None when the option was not given."""
    from journal_tui.dates import parse_date

    return parse_date(text, today=today(), direction=direction) if text else None  # type: ignore[arg-type]


def open_store(args: argparse.Namespace) -> "Store":
    from journal_tui.store import Store

    return Store(args.db)


def parse_filter(args: argparse.Namespace) -> "Filter":
    from journal_tui.query import parse_query

    terms = [t.replace(NEGATION_GUARD, "-", 1) for t in args.filter]
    return parse_query(" ".join(terms), today=today())


def protect_negations(argv: Sequence[str], filter_commands: set[str]) -> list[str]:
    """Keep `-skill:x` and `-draft` filter terms from being read as options by argparse."""
    out = list(argv)
    start = next((i for i, a in enumerate(out) if a in filter_commands), None)
    if start is None:
        return out
    for i in range(start + 1, len(out)):
        if out[i] == "--":
            break
        if _NEGATED_TERM.match(out[i]) and not out[i].startswith("--"):
            out[i] = NEGATION_GUARD + out[i][1:]
    return out


def echo(text: str) -> None:
    """Print non-empty text (an empty table prints nothing, not a blank line)."""
    if text:
        print(text)


def confirm(question: str, assume_yes: bool) -> bool:
    if assume_yes:
        return True
    if not sys.stdin.isatty():
        raise JournalError("refusing to delete without confirmation; pass --yes")
    return input(f"{question} [y/N] ").strip().lower() in ("y", "yes")


MAX_ID = 2**63 - 1  # SQLite's largest integer


def row_id(text: str) -> int:
    """argparse type for ids: a usage error naming the input for `abc`, `0` or `99999999999999999999999`."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an id (a whole number)") from None
    if not 0 < value <= MAX_ID:
        raise argparse.ArgumentTypeError(f"{text} is not an id (ids run from 1 to {MAX_ID})")
    return value


def count(text: str) -> int:
    """argparse type for `--limit`: a whole number SQLite can take."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 0 <= value <= MAX_ID:
        raise argparse.ArgumentTypeError(f"{text} is out of range (0 to {MAX_ID})")
    return value


def write_output(text: str, target: str | None) -> None:
    """Write a document to stdout, or to a private file (named on stderr so pipes stay clean)."""
    from journal_tui.private import write_private
    from journal_tui.validate import strip_controls

    text = strip_controls(text if text.endswith("\n") else text + "\n")
    if not target or target == "-":
        sys.stdout.write(text)
        return
    path = os.path.expanduser(target)
    try:
        write_private(path, text)
    except OSError as exc:
        raise JournalError(f"cannot write {path}: {exc.strerror or exc}") from None
    print(f"Wrote {path}", file=sys.stderr)


def add_formats(p: argparse.ArgumentParser, choices: Sequence[str] = ("table", "json", "markdown")) -> None:
    p.add_argument("--format", "-f", choices=choices, default=choices[0], help="output format (default: %(default)s)")


def add_filter_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("filter", nargs="*", metavar="FILTER",
                   help='filter terms: project:X skill:Y in:2026-Q3 from:WHEN to:WHEN starred:yes "phrase" words')
