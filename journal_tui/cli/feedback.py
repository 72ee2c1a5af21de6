"""Feedback received, and the name lists (projects, skills, tags, people) with counts."""

import argparse
import sys
from typing import Any

from journal_tui.cli.common import (add_examples, add_filter_arg, add_formats, add_id_arg, confirm, count, echo,
                                    open_store, parse_filter, parse_when, row_id, today, Want)


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
        echo(output.feedback_table(rows, output.terminal_width()))
    return 0


def cmd_feedback_rm(args: argparse.Namespace) -> int:
    store = open_store(args)
    f = store.get_feedback(args.id)
    if confirm(f"Delete feedback {f.id} from {f.person}?", args.yes):
        store.delete("feedback", args.id)
        print(f"Deleted feedback {args.id}")
    return 0


def cmd_feedback_respond(args: argparse.Namespace) -> int:
    """Link an entry as what you did about a piece of feedback (nothing is guessed for you)."""
    from journal_tui.responses import set_response

    set_response(open_store(args), args.feedback_id, args.entry_id, linked=not args.remove)
    if args.remove:
        print(f"Entry {args.entry_id} is no longer a response to feedback {args.feedback_id}")
    else:
        print(f"Entry {args.entry_id} is now a response to feedback {args.feedback_id}")
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
        fb = sub.add_parser("feedback", help="feedback received: add, list, rm, respond")
        fsub = fb.add_subparsers(dest="feedback_cmd", metavar="ACTION", required=True)
        p = fsub.add_parser("add", help="record feedback from a colleague")
        p.add_argument("text", nargs="+", help="what they said")
        p.add_argument("--from", dest="person", required=True, metavar="PERSON", help="who said it")
        p.add_argument("--kind", "-k", choices=["praise", "constructive", "neutral"], default="praise",
                       help="(default: %(default)s)")
        p.add_argument("--tag", "-t", action="append", default=[], metavar="TAG", help="a tag (repeatable)")
        p.add_argument("--skill", "-s", action="append", default=[], metavar="SKILL", help="a skill (repeatable)")
        p.add_argument("--project", "-p", metavar="NAME")
        p.add_argument("--date", "-d", metavar="WHEN", help="the day you received it (default today), e.g. last friday")
        p.add_argument("--about", type=row_id, metavar="ENTRY_ID",
                       help="the entry it was about (its id, first column of `journal list`)")
        add_examples(p, 'journal feedback add "The refunds rollout was flawless" --from "Maria Lopez" --tag launch '
                        "--skill sql --about 1",
                     'journal feedback add "Share the plan earlier" --from Sam -k constructive -d "last friday"')
        p.set_defaults(func=cmd_feedback_add)
        p = fsub.add_parser("list", help="list feedback, newest first")
        add_filter_arg(p)
        add_formats(p)
        p.add_argument("--limit", "-n", type=count, default=None, metavar="N", help="at most N items")
        add_examples(p, "journal feedback list by:maria kind:praise", "journal feedback list in:this-quarter -f markdown")
        p.set_defaults(func=cmd_feedback_list)
        p = fsub.add_parser("rm", help="delete feedback")
        add_id_arg(p, "feedback")
        p.add_argument("--yes", "-y", action="store_true", help="do not ask")
        add_examples(p, "journal feedback rm 1 --yes")
        p.set_defaults(func=cmd_feedback_rm)
        p = fsub.add_parser("respond", help="link an entry as your response to a piece of feedback")
        p.add_argument("feedback_id", type=row_id, metavar="FEEDBACK_ID")
        p.add_argument("entry_id", type=row_id, metavar="ENTRY_ID")
        p.add_argument("--remove", action="store_true", help="unlink instead")
        p.set_defaults(func=cmd_feedback_respond)

    if want("projects", "skills", "tags", "people"):
        for name in ("projects", "skills", "tags", "people"):
            p = sub.add_parser(name, help=f"{name} with counts")
            add_filter_arg(p)
            add_formats(p, ("table", "json"))
            add_examples(p, f"journal {name}", f"journal {name} in:2026-Q3 --format json")
            p.set_defaults(func=cmd_names)
