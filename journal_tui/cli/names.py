"""`journal skill|project|tag merge OLD INTO`: real synonyms become one name, with every link moved.

Spelling variants need no merge (`#system-design` is `System Design`: `validate.name_key`); this is for names that
mean the same thing to you (`k8s` and `kubernetes`).  `journal skills|projects|tags` list them (cli/feedback.py)."""

import argparse
from typing import Any

from journal_tui.cli.common import Want, add_examples, add_group

KINDS = {"skill": "entries, feedback and role criteria", "project": "entries and feedback", "tag": "feedback"}


def cmd_merge(args: argparse.Namespace) -> int:
    from journal_tui.data import db
    from journal_tui.data.writes.names import find_name, merge_name

    table = args.kind
    with db.writing(db.journal_file(args.db).path) as conn:
        src, src_name = find_name(conn, table, args.old)
        dst, dst_name = find_name(conn, table, args.into)
        merge_name(conn, table, src, dst)
    print(f"Merged {table} {src_name!r} into {dst_name!r}: its {KINDS[table]} now name {dst_name!r}")
    return 0


def register(sub: Any, want: Want) -> None:
    """`journal skill merge`, `journal project merge`, `journal tag merge`."""
    examples = {
        "skill": ("journal skill merge sql python",),
        "project": ("journal project merge data platform",),
        "tag": ("journal tag merge talk communication",),
    }
    for kind, what in KINDS.items():
        if not want(kind):
            continue
        actions = add_group(sub, kind, f"{kind}s: merge a synonym into another {kind}")
        p = actions.add_parser("merge", help=f"every {kind} link of OLD moves to INTO ({what}); OLD is gone")
        p.add_argument("old", metavar="OLD", help=f"the {kind} to merge away")
        p.add_argument("into", metavar="INTO", help=f"the {kind} that stays")
        p.set_defaults(func=cmd_merge, kind=kind)
        add_examples(p, *examples[kind])
