"""What every `journal` command shares: the fixed today, dates, the store, the filter argument, output.

Light on purpose: importing this module costs nothing beyond the standard library,
so the quick-add path stays fast.  Heavy modules are imported inside the helpers.
"""

import argparse
import datetime as dt
import math
import os
import re
import sys
from collections.abc import Callable, Sequence
from operator import methodcaller
from typing import TYPE_CHECKING, Any, TypeVar

from journal_tui.errors import JournalError

if TYPE_CHECKING:
    from journal_tui.data.reader import Reader
    from journal_tui.data.store import Store
    from journal_tui.dates import Direction
    from journal_tui.query import Filter

TODAY_ENV = "JOURNAL_TODAY"
NO_FTS_NOTE = (
    "journal: note: this Python's SQLite has no FTS5, so free-text search reads every entry (slower on large journals)"
)
NEGATION_GUARD = "\ue000"
_NEGATED_TERM = re.compile(r"^-(?:[^\W\d_]+:.*|[^\W\d_]{3,}|\".*)$")
_KEY_VALUE = re.compile(r'^(-?)([A-Za-z_]+):([^"]*\S\s+\S[^"]*)$')  # key:value with spaces, no quotes
_ANOTHER_TERM = re.compile(r"\s-?[A-Za-z_]+:")

Row = TypeVar("Row")

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


def parse_when(text: str | None, direction: "Direction" = "past") -> dt.date | None:
    """A natural date from an option, or None when the option was not given."""
    from journal_tui.dates import parse_date

    return parse_date(text, today=today(), direction=direction) if text else None


def open_store(args: argparse.Namespace) -> "Store":
    """The journal for commands that write (imports SQLAlchemy: half a second)."""
    from journal_tui.data.store import Store

    return Store(args.db)


def open_reader(args: argparse.Namespace) -> "Reader":
    """The journal for commands that only read: a plain connection, no SQLAlchemy (same checks and messages)."""
    from journal_tui.data.reader import Reader

    return Reader(args.db)


def draft_folder(args: argparse.Namespace) -> str:
    """Where $EDITOR drafts are kept when a text cannot be saved: beside the journal, private like it (a server
    journal: the user's data folder, where a file journal would be)."""
    from journal_tui.data.db import default_db_path, resolve_db_path
    from journal_tui.data.locator import is_server

    target = resolve_db_path(args.db)
    return os.path.dirname(default_db_path() if is_server(target) else os.path.abspath(target))


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


def print_rows(
    fmt: str,
    rows: Sequence[Row],
    table: Callable[[Sequence[Row]], str],
    *,
    empty: str | None = None,
    as_dict: Callable[[Row], Any] = methodcaller("to_dict"),
    markdown: Callable[[Sequence[Row]], str] | None = None,
) -> int:
    """The output step of every list command: JSON (each row's `to_dict()` unless `as_dict`), Markdown when the
    command has it, else the table, with the `empty` hint on stderr (stdout stays clean for pipes) when no row
    matched."""
    from journal_tui.output import to_json

    if fmt == "json":
        print(to_json([as_dict(r) for r in rows]))
    elif fmt == "markdown" and markdown is not None:
        echo(markdown(rows))
    else:
        if not rows and empty:
            print(empty, file=sys.stderr)
        echo(table(rows))
    return 0


def delete_row(args: argparse.Namespace, what: str, describe: Callable[[Any], str]) -> int:
    """Every `rm` of a row by id: read it (a missing id is one clear line), then `confirm_delete` it."""
    store = open_store(args)
    row = getattr(store, f"get_{what}")(args.id)
    return confirm_delete(what, row.id, describe(row), args.yes, lambda: store.delete(what, row.id))


def confirm(question: str, assume_yes: bool) -> bool:
    if assume_yes:
        return True
    if not sys.stdin.isatty():
        raise JournalError("refusing to delete without confirmation; pass --yes")
    return input(f"{question} [y/N] ").strip().lower() in ("y", "yes")


def confirm_delete(what: str, row_id: int, description: str, assume_yes: bool, delete: Callable[[], object]) -> int:
    """Every `rm`: ask "Delete <what> <id> <description>?" (unless --yes), then delete and say so.

    A "no" deletes nothing, prints "Kept." and exits 0; without a
    terminal and without --yes the command refuses (`confirm`), so a script never deletes by accident.
    """
    if not confirm(f"Delete {what} {row_id} {description}?", assume_yes):
        print("Kept.")
        return 0
    delete()
    print(f"Deleted {what} {row_id}")
    return 0


MAX_ID = 2**63 - 1  # SQLite's largest integer
_WHOLE = re.compile(r"[+-]?[0-9]+")  # ASCII digits only: int() also reads "٣" and "1_000"
_FLOAT_OVERFLOW = re.compile(r"[+-]?[0-9.]+e[+-]?[0-9]+", re.IGNORECASE)  # 1e400: a number, too large for a float


class Whole:
    """The argparse `type=` of every whole number on the command line: ids, counts, days, widths.

    One place parses and range-checks them all, so a value SQLite or the date arithmetic cannot hold
    (`99999999999999999999999`, `-1`, `abc`) is a usage error naming it, exit 2, before the command runs,
    never an OverflowError deep inside it.  `tests/test_cli_input.py` walks the parser: every number is one of these.
    """

    def __init__(self, low: int, high: int, noun: str = "") -> None:
        self.low, self.high = low, high
        self.__name__ = noun or "whole number"  # argparse names the type in some messages
        self.what = f"an {noun} (a whole number)" if noun else "a whole number"
        self.beyond = (
            f"is not an {noun} ({noun}s run from {low} to {high})" if noun else f"is out of range ({low} to {high})"
        )

    def __call__(self, text: str) -> int:
        if not _WHOLE.fullmatch(text.strip()):
            raise argparse.ArgumentTypeError(f"{text!r} is not {self.what}")
        value = int(text)
        if not self.low <= value <= self.high:
            raise argparse.ArgumentTypeError(f"{text} {self.beyond}")
        return value

    def __repr__(self) -> str:
        return f"Whole({self.low}, {self.high}, {self.__name__!r})"


class Real:
    """The argparse `type=` of every measured value (a goal's `--baseline`, `--target`, `--current`): a finite
    number of at most `limit` either way (beyond 10**15 a float no longer holds every whole number)."""

    __name__ = "number"

    def __init__(self, limit: float = 1e15) -> None:
        self.limit = limit

    def __call__(self, text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not math.isfinite(value) and not _FLOAT_OVERFLOW.fullmatch(text.strip()):
            raise argparse.ArgumentTypeError(f"{text!r} is not a number")
        if not abs(value) <= self.limit:
            raise argparse.ArgumentTypeError(f"{text} is out of range (at most {self.limit:,.0f} either way)")
        return value

    def __repr__(self) -> str:
        return f"Real({self.limit:g})"


row_id = Whole(1, MAX_ID, "id")  # every id: entries, goals, milestones, feedback, asks, criteria, check-ins
count = Whole(0, MAX_ID)  # --limit/-n, --need: what SQLite holds (the write layer checks a criterion's need)
days = Whole(1, 36_500)  # --days, --stale-days: up to a hundred years, so date arithmetic stays in range
width = Whole(20, 1_000)  # --width in columns: the heatmap's labels need 20, no terminal is wider than 1,000
measure = Real()  # a goal's --baseline, --target, --current


def write_output(text: str, target: str | None, journal: str | None = None) -> None:
    """Write a document to stdout, or to a private file (named on stderr so pipes stay clean).

    The file is written whole or not at all and never through a symbolic link (`private.write_private`); the
    journal itself (`journal`: the command's --db) and SQLite's files beside it are refused: `-o` onto them would
    replace the journal with a document.
    """
    from journal_tui.private import write_private
    from journal_tui.validate import strip_controls

    text = strip_controls(text if text.endswith("\n") else text + "\n")
    if not target or target == "-":
        # The CLI's CleanStream would strip the stripped text again (~0.1 s at 12 MB): write past it.
        write = getattr(sys.stdout, "write_clean", sys.stdout.write)
        write(text)
        if not sys.stdout.isatty():
            _plain_text_note("the output", journal)
        return
    path = os.path.expanduser(target)
    _refuse_the_journal(path, journal)
    try:
        write_private(path, text)
    except OSError as exc:
        raise JournalError(f"cannot write {path}: {exc.strerror or exc}") from None
    print(f"Wrote {path}", file=sys.stderr)
    _plain_text_note(path, journal)


def _plain_text_note(where: str, journal: str | None) -> None:
    """A document leaving an encrypted journal is plain text because the user asked for it: said once, on stderr."""
    from journal_tui.data import cipher
    from journal_tui.data.db import resolve_db_path

    if cipher.is_encrypted(resolve_db_path(journal)):
        print(
            f"journal: note: {where} is plain text: the journal is encrypted, this copy of its contents is not",
            file=sys.stderr,
        )


def _refuse_the_journal(path: str, journal: str | None) -> None:
    """`-o` onto the command's journal (or its -wal/-shm) would replace it with a document: refused, by stat only."""
    from journal_tui.data.db import resolve_db_path
    from journal_tui.data.journal_files import is_journal_file

    if is_journal_file(path, resolve_db_path(journal)):
        raise JournalError(f"cannot write {path}: it is the journal (or SQLite's file beside it); name another file")


def add_group(sub: Any, name: str, help: str, dest: str | None = None) -> Any:
    """A command with actions (`journal goal add|list|...`): its parser's sub-parsers, one action required."""
    return sub.add_parser(name, help=help).add_subparsers(dest=dest or f"{name}_cmd", metavar="ACTION", required=True)


def add_command(
    sub: Any, name: str, help: str, func: Callable[[argparse.Namespace], int], *positionals: str, **kwargs: Any
) -> argparse.ArgumentParser:
    """A command (or an action of one) that runs `func`, with its plain positional arguments; the caller adds
    options."""
    p: argparse.ArgumentParser = sub.add_parser(name, help=help, **kwargs)
    for arg in positionals:
        p.add_argument(arg)
    p.set_defaults(func=func)
    return p


def add_rm(sub: Any, kind: str, help: str, example: str, func: Callable[[argparse.Namespace], int]) -> None:
    """The `rm ID [--yes]` action, the same for every kind of row."""
    p = sub.add_parser("rm", help=help)
    add_id_arg(p, kind)
    p.add_argument("--yes", "-y", action="store_true", help="do not ask")
    add_examples(p, example)
    p.set_defaults(func=func)


def add_period(p: argparse.ArgumentParser, quarter: str, start: str | None = None, end: str | None = None) -> None:
    """The period of a review or a case: --quarter PERIOD, or --from WHEN and --to WHEN (read by `review_period`)."""
    p.add_argument("--quarter", "-q", metavar="PERIOD", help=quarter)
    p.add_argument("--from", dest="start", metavar="WHEN", help=start)
    p.add_argument("--to", dest="end", metavar="WHEN", help=end)


def add_document_formats(p: argparse.ArgumentParser, choices: Sequence[str], *, template: bool = False) -> None:
    """--format and --output of the commands that write a document (review, case, export, update); with `template`,
    also --template FILE, which makes its own output and so excludes --format (read by `render_document`)."""
    if not template:
        add_formats(p, choices)
    else:
        either = p.add_mutually_exclusive_group()
        either.add_argument(
            "--format",
            "-f",
            choices=choices,
            default=choices[0],
            help="output format (default: %(default)s); html is one self-contained, printable page",
        )
        either.add_argument(
            "--template",
            metavar="FILE",
            help="render your own Jinja2 template with the names of the JSON output (see README); "
            "*.html/*.htm/*.xml templates escape what they print",
        )
    p.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of the terminal")


def render_document(args: argparse.Namespace, markdown: Callable[[], str], data: Callable[[], dict[str, Any]]) -> str:
    """The text of a review or a case in the format asked for: its JSON data through the user's --template, one HTML
    page made from its Markdown, its JSON, or its Markdown.  Jinja2 and markdown-it are imported only for theirs."""
    if getattr(args, "template", None):
        from journal_tui.templates import render_template

        return render_template(args.template, data())
    if args.format == "html":
        from journal_tui.html_doc import markdown_page

        return markdown_page(markdown())
    if args.format == "json":
        from journal_tui.output import to_json

        return to_json(data())
    return markdown()


def wants_stamps(args: argparse.Namespace) -> bool:
    """Whether a document needs its entries' created/updated stamps: only the JSON data (JSON and templates) has
    them."""
    return args.format == "json" or bool(getattr(args, "template", None))


BASELINE_HELP = "where the metric starts (default 0: higher is better); 30 with --target 5 means lower is better"


def add_smart_args(p: argparse.ArgumentParser, due: str, *, baseline: bool = False) -> None:
    """A goal's TITLE and SMART fields, for `goal add` and `feedback goal` (`goal update` takes the same as flags)."""
    p.add_argument("title")
    p.add_argument("--due", metavar="WHEN", help=due)
    p.add_argument("--measure", metavar="TEXT", help="measurable: the metric")
    if baseline:
        p.add_argument("--baseline", type=measure, help=BASELINE_HELP)
    p.add_argument("--target", type=measure, help="the metric's target value")
    p.add_argument("--current", type=measure, help="the metric's current value")
    p.add_argument("--why", metavar="TEXT", help="relevant: why it matters for the next role")
    p.add_argument("--specific", metavar="TEXT", help="specific: what exactly")


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
