"""Beyond daily entry: review, export, import, backup, where, demo.

Each imports what it needs when it runs, so `journal add` never pays for them."""

import argparse
import datetime as dt
import os
from pathlib import Path
from typing import Any

from journal_tui.cli.common import (
    Want,
    add_document_formats,
    add_examples,
    add_filter_arg,
    add_period,
    open_reader,
    open_store,
    parse_filter,
    render_document,
    today,
    wants_stamps,
    write_output,
)
from journal_tui.errors import JournalError


def review_period(args: argparse.Namespace, today: dt.date, flt: Any = None) -> Any:
    """--quarter, else --from/--to, else the dates of the filter (`journal review in:last-quarter`), else this
    quarter."""
    from journal_tui.dates import FAR_PAST, DateRange, parse_range, quarter_of, range_of

    if args.quarter:
        return parse_range(args.quarter, today=today)
    if args.start or args.end:
        start = parse_range(args.start, today=today).start if args.start else FAR_PAST
        end = parse_range(args.end, today=today).end if args.end else today
        if end < start:
            raise JournalError("--to is before --from")
        return DateRange(start, end)
    if flt is not None and (named := range_of(flt.start, flt.end, today)) is not None:
        return named
    return quarter_of(today)


def cmd_review(args: argparse.Namespace) -> int:
    from journal_tui.review import build_review, to_data, to_markdown

    flt = parse_filter(args)
    review = build_review(
        open_reader(args), review_period(args, today(), flt), flt, today=today(), stamps=wants_stamps(args)
    )
    write_output(render_document(args, lambda: to_markdown(review), lambda: to_data(review)), args.output, args.db)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from journal_tui import exchange, output
    from journal_tui.data import db

    if args.format == "markdown":
        store = open_reader(args)
        flt = parse_filter(args)
        parts = ["# Journal", "", output.entries_markdown(store.list_entries(flt, limit=None))]
        goals = store.list_goals(flt)
        if goals:
            parts += ["", "# Goals", "", "```", output.goals_table(goals), "```"]
        feedback = store.list_feedback(flt, limit=None)
        if feedback:
            parts += ["", "# Feedback", "", output.feedback_markdown(feedback)]
        write_output("\n".join(parts), args.output, args.db)
        return 0
    if args.filter:
        raise JournalError("filters apply to --format markdown; json and csv export the whole journal")
    conn = db.open_journal(args.db)
    try:
        text = exchange.export_csv(conn) if args.format == "csv" else output.to_json(exchange.export_data(conn))
    finally:
        conn.close()
    write_output(text, args.output, args.db)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from journal_tui import exchange
    from journal_tui.data import db

    conn = db.open_journal(args.db)
    try:
        result = exchange.import_file(conn, Path(args.file).expanduser(), args.format)
    finally:
        conn.close()
    print(result.summary())
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    """A consistent copy of the journal in a new file: beside a journal file by default; a server journal (copied
    into a SQLite file, every table counted on both sides) into the current folder, named after its database."""
    from urllib.parse import urlsplit

    from journal_tui.data import db
    from journal_tui.data.locator import is_server, masked

    journal = db.resolve_db_path(args.db)
    conn = db.open_journal(args.db, create=False)
    try:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        if is_server(journal):
            folder, stem = Path.cwd(), (urlsplit(journal).path.strip("/") or "journal").replace("/", "-")
        else:
            folder, stem = Path(journal).parent, Path(journal).stem
        name = f"{stem}-backup-{stamp}.db"
        target = Path(args.path).expanduser() if args.path else folder / name
        if args.path and args.path.endswith(("/", os.sep)):  # `backups/` names a folder, even a new one
            try:
                target.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise JournalError(f"cannot create the folder {target}: {exc.strerror}") from None
        if target.is_dir():
            target = target / name
        if is_server(journal):  # into a SQLite file through `journal copy`'s checked copy (every table counted)
            _server_backup(journal, target)
        else:
            db.backup(journal, target)
    finally:
        conn.close()
    print(f"Backed up {masked(journal)} to {target}")
    return 0


def _server_backup(journal: str, target: Path) -> None:
    """A server journal's backup: a new SQLite file, copied from one snapshot of the server and checked."""
    from journal_tui.data import copy
    from journal_tui.data.locator import is_server

    if is_server(str(target)):
        raise JournalError("a backup is a file; to copy the journal to another server use `journal copy --to URL`")
    if os.path.lexists(target):
        raise JournalError(f"{target} already exists; choose another backup path")
    copy.copy_journal(journal, str(target))


def cmd_check(args: argparse.Namespace) -> int:
    from journal_tui.data import db

    conn = db.open_journal(args.db, create=False)
    from journal_tui.data.locator import masked

    path = masked(db.resolve_db_path(args.db))
    try:
        found = db.problems(conn)
    finally:
        conn.close()
    if not found:
        print(f"{path} is whole: SQLite's integrity check, the full-text index and every link passed")
        return 0
    for problem in found:
        print(problem)
    raise JournalError(
        f"the journal {path} is damaged ({len(found)} problem{'s' if len(found) != 1 else ''} above); "
        "restore a backup (journal backup makes one; see the README's Guarantees)"
    )


def cmd_where(args: argparse.Namespace) -> int:
    from journal_tui.data import db
    from journal_tui.data.locator import masked

    print(masked(db.resolve_db_path(args.db)))  # a server's URL without its password
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from journal_tui.demo import seed

    store = open_store(args)
    if store.count_entries() and not args.force:
        raise JournalError(
            f"{store.path} already has entries; demo data goes into a new file (--db PATH) or pass --force"
        )
    counts = seed(store, today())
    print(f"Added demo data to {store.path}: {counts}")
    return 0


def register(sub: Any, want: Want) -> None:
    """Add this group's commands to the `journal` parser (only those `want` names)."""

    if want("review"):
        p = sub.add_parser(
            "review", help="the period's wins as a promotion case (Markdown, JSON, HTML or your template)"
        )
        add_filter_arg(p)
        add_period(
            p,
            "the period (default: the dates the filter names, else this quarter), "
            "e.g. 2026-Q3, last quarter, 2026, last 90 days",
            "the first day (or the start of a period), e.g. 2026-01-01, last monday",
            "the last day (or the end of a period; default today), e.g. last friday, 2026-06-30",
        )
        add_document_formats(p, ("markdown", "json", "html"), template=True)
        add_examples(
            p,
            "journal review",
            "journal review --quarter 2026-Q3 -o q3-review.md",
            'journal review --from 2026-01-01 --to "last friday" project:billing --format json',
            "journal review --quarter last-quarter --format html -o review.html",
        )
        p.set_defaults(func=cmd_review)

    if want("export"):
        p = sub.add_parser("export", help="export the whole journal (json, csv) or a filtered Markdown document")
        add_filter_arg(p)
        add_document_formats(p, ("json", "csv", "markdown"))
        add_examples(
            p,
            "journal export -o journal.json",
            "journal export --format csv -o wins.csv",
            "journal export --format markdown in:2026 project:billing",
        )
        p.set_defaults(func=cmd_export)

    if want("import"):
        p = sub.add_parser(
            "import", help="import our JSON export, jrnl's JSON export or journal file, or a CSV of entries"
        )
        p.add_argument(
            "file",
            help="our JSON export, jrnl's `--format json` or journal file, or a CSV with date and "
            "text columns (project, skills, impact, starred optional)",
        )
        p.add_argument("--format", "-f", choices=["json", "jrnl-json", "jrnl", "csv"], help="default: from the file")
        add_examples(
            p,
            "journal export -o journal.json",
            "journal import journal.json    # adds nothing: already there",
            "journal export --format csv -o wins.csv",
            "journal import wins.csv --format csv",
        )
        p.set_defaults(func=cmd_import)

    if want("backup"):
        p = sub.add_parser("backup", help="a consistent copy of the journal, safe while the app is open")
        p.add_argument("path", nargs="?", help="file or folder (default: beside the journal)")
        add_examples(p, "journal backup", "journal backup journal-copy.db")
        p.set_defaults(func=cmd_backup)

    if want("check"):
        p = sub.add_parser("check", help="check that the journal file is whole (integrity, full-text index, links)")
        add_examples(p, "journal check")
        p.set_defaults(func=cmd_check)

    if want("where"):
        p = sub.add_parser("where", help="print the path of the journal file")
        add_examples(p, "journal where")
        p.set_defaults(func=cmd_where)

    if want("demo"):
        p = sub.add_parser("demo", help="fill a journal with a realistic quarter of demo data")
        p.add_argument("--force", action="store_true", help="add even if the journal has entries")
        add_examples(p, "journal --db demo.db demo    # a new journal to try things in")
        p.set_defaults(func=cmd_demo)
