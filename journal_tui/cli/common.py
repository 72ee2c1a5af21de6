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
    from journal_tui.reader import Reader
    from journal_tui.store import Store

TODAY_ENV = "JOURNAL_TODAY"
NO_FTS_NOTE = "journal: note: this Python's SQLite has no FTS5, so free-text search reads every entry (slower on large journals)"
NEGATION_GUARD = "\ue000"
_NEGATED_TERM = re.compile(r"^-(?:[^\W\d_]+:.*|[^\W\d_]{3,}|\".*)$")
_KEY_VALUE = re.compile(r'^(-?)([A-Za-z_]+):([^"]*\S\s+\S[^"]*)$')  # key:value with spaces, no quotes
_ANOTHER_TERM = re.compile(r"\s-?[A-Za-z_]+:")

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
    """The journal for commands that write (imports SQLAlchemy: half a second)."""
    from journal_tui.store import Store

    return Store(args.db)


def open_reader(args: argparse.Namespace) -> "Reader":
    """The journal for commands that only read: stdlib sqlite3, no SQLAlchemy (same checks and messages)."""
    from journal_tui.reader import Reader

    return Reader(args.db)


def parse_filter(args: argparse.Namespace) -> "Filter":
    """The filter named by a command's FILTER arguments (every filter command reads it here)."""
    from journal_tui.query import parse_query

    return parse_query(join_filter_args(args.filter), today=today())


def join_filter_args(argv: Sequence[str]) -> str:
    """Filter text from argv: one argument is one term.

    The shell removes the quotes of `in:"this week"`, leaving the argument `in:this week`; it is
    quoted back (`in:"this week"`) so it is not read as `in:this` and the word `week`.  An
    argument that holds a whole filter (`"project:billing skill:sql"`) is left as it is.
    """
    from journal_tui.query import DATE_KEYS, NAME_KEYS, OTHER_KEYS

    keys = {*NAME_KEYS, *DATE_KEYS, *OTHER_KEYS}
    terms = []
    for arg in argv:
        arg = arg.replace(NEGATION_GUARD, "-", 1)
        m = _KEY_VALUE.match(arg)
        if m and m.group(2).lower() in keys and not _ANOTHER_TERM.search(m.group(3)):
            arg = f'{m.group(1)}{m.group(2)}:"{m.group(3).strip()}"'
        terms.append(arg)
    return " ".join(terms)


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


FILTER_HELP = """\
filter terms (they AND together):
  project:NAME (p:)  skill:NAME (s:)  tag:NAME (t:)  by:PERSON (person:, who:)
  kind:praise|constructive|neutral  goal:ID  starred:yes|no
  in:PERIOD  from:WHEN  to:WHEN   e.g. in:2026-Q3 in:last-quarter in:this-week in:2026-11 in:last-90-days
  "exact phrase"  words (prefix match in the text and impact)
  a comma means OR (project:billing,payments); a leading - excludes (-skill:ux, -draft);
  a value with spaces needs quotes or hyphens: in:"last quarter" or in:last-quarter"""

ID_HELP = {
    "entry": "the entry's id (first column of `journal list`)",
    "goal": "the goal's id (first column of `journal goal list`)",
    "milestone": "the milestone's id (the number before its title in `journal goal list`)",
    "feedback": "the feedback's id (first column of `journal feedback list`)",
}


def add_filter_arg(p: argparse.ArgumentParser) -> None:
    """The FILTER terms, with the whole filter language in the command's --help."""
    p.add_argument("filter", nargs="*", metavar="FILTER", help="filter terms (below), e.g. project:billing in:2026-Q3")
    add_epilog(p, FILTER_HELP)


def add_id_arg(p: argparse.ArgumentParser, kind: str, dest: str = "id") -> None:
    """A positional id, described by where the user finds it."""
    p.add_argument(dest, type=row_id, metavar=dest.upper(), help=ID_HELP[kind])


def add_epilog(p: argparse.ArgumentParser, text: str) -> None:
    """Append a paragraph to a command's --help, kept as written (line breaks and indentation)."""
    p.formatter_class = argparse.RawDescriptionHelpFormatter
    p.epilog = f"{p.epilog}\n\n{text}" if p.epilog else text


def add_examples(p: argparse.ArgumentParser, *commands: str) -> None:
    """Example command lines for --help, written `$ journal ...`: a test runs every one against a demo journal."""
    add_epilog(p, "examples:\n" + "\n".join(f"  $ {c}" for c in commands))
