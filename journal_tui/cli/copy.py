"""`journal copy --to TARGET`: the whole journal into a new file or an empty PostgreSQL database, and back.

The copying and its checks are `data/copy.py`; this prints what was checked."""

import argparse
from typing import Any

from journal_tui.cli.common import Want, add_examples


def cmd_copy(args: argparse.Namespace) -> int:
    import os

    from journal_tui.data import copy, db
    from journal_tui.data.locator import is_server

    target = args.to if is_server(args.to) else os.path.expanduser(args.to)
    report = copy.copy_journal(db.resolve_db_path(args.db), target)
    for line in report.lines():
        print(line)
    return 0


def register(sub: Any, want: Want) -> None:
    """`journal copy`."""
    if want("copy"):
        p = sub.add_parser("copy", help="copy the whole journal to a new file or an empty PostgreSQL database, checked")
        p.add_argument(
            "--to",
            required=True,
            metavar="TARGET",
            help="a new (or empty) journal file, or postgresql://user@host/dbname (an empty database)",
        )
        add_examples(
            p,
            "journal copy --to journal-copy.db",
            "journal --db journal-copy.db copy --to back-again.db    # or --to postgresql://me@host/journal",
        )
        p.set_defaults(func=cmd_copy)
