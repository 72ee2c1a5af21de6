"""Feedback received, and the name lists (projects, skills, tags, people) with counts."""

import argparse
import sys
from typing import Any

from journal_tui.cli.common import (Want, count, row_id, add_filter_arg, add_formats, confirm, echo, open_store, parse_filter, parse_when,
                                    today)


def cmd_feedback_add(args: argparse.Namespace) -> int:
    fid = open_store(args).add_feedback(text=" ".join(args.text), person=args.person, received_on=parse_when(args.date) or today(),
                                    kind=args.kind, tags=args.tag, skills=args.skill, project=args.project,
                                    entry_id=args.about)
    print(f"Added feedback {fid} from {args.person.strip()} ({args.kind})")
    return 0


def cmd_feedback_list(args: argparse.Namespace) -> int:
    from journal_tui import output

    rows = open_store(args).list_feedback(parse_filter(args), limit=args.limit)
    if args.format == "json":
        print(output.to_json([f.to_dict() for f in rows]))
    elif args.format == "markdown":
        echo(output.feedback_markdown(rows))
    else:
        if not rows:
            print("No feedback matches.", file=sys.stderr)
        echo(output.feedback_table(rows))
    return 0


def cmd_feedback_rm(args: argparse.Namespace) -> int:
    store = open_store(args)
    f = store.get_feedback(args.id)
    if confirm(f"Delete feedback {f.id} from {f.person}?", args.yes):
        store.delete("feedback", args.id)
        print(f"Deleted feedback {args.id}")
    return 0


def cmd_names(args: argparse.Namespace) -> int:
    from journal_tui import output

    kind = {"projects": "project", "skills": "skill", "tags": "tag", "people": "person"}[args.command]
    rows = open_store(args).name_counts(kind, parse_filter(args))
    if args.format == "json":
        print(output.to_json([{"name": n, "count": c} for n, c in rows]))
    else:
        echo("\n".join(f"{c:>6}  {n}" for n, c in rows))
    return 0


def register(sub: Any, want: Want) -> None:
    """Add this group's commands to the `journal` parser (only those `want` names)."""
    if want("feedback"):
        fb = sub.add_parser("feedback", help="feedback received: add, list, rm")
        fsub = fb.add_subparsers(dest="feedback_cmd", metavar="ACTION", required=True)
        p = fsub.add_parser("add", help="record feedback from a colleague")
        p.add_argument("text", nargs="+")
        p.add_argument("--from", dest="person", required=True, metavar="PERSON")
        p.add_argument("--kind", "-k", choices=["praise", "constructive", "neutral"], default="praise")
        p.add_argument("--tag", "-t", action="append", default=[])
        p.add_argument("--skill", "-s", action="append", default=[])
        p.add_argument("--project", "-p")
        p.add_argument("--date", "-d", metavar="WHEN")
        p.add_argument("--about", type=row_id, metavar="ENTRY_ID", help="the entry it was about")
        p.set_defaults(func=cmd_feedback_add)
        p = fsub.add_parser("list", help="list feedback, newest first")
        add_filter_arg(p)
        add_formats(p)
        p.add_argument("--limit", "-n", type=count, default=None)
        p.set_defaults(func=cmd_feedback_list)
        p = fsub.add_parser("rm", help="delete feedback")
        p.add_argument("id", type=row_id)
        p.add_argument("--yes", "-y", action="store_true")
        p.set_defaults(func=cmd_feedback_rm)

    if want("projects", "skills", "tags", "people"):
        for name in ("projects", "skills", "tags", "people"):
            p = sub.add_parser(name, help=f"{name} with counts")
            add_filter_arg(p)
            add_formats(p, ("table", "json"))
            p.set_defaults(func=cmd_names)
