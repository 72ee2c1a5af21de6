"""Feedback received (and goals grown from it), and the name lists (projects, skills, tags) with counts.

`journal people` lives in cli/people.py with the rest of the people commands."""

import argparse
from typing import Any

from journal_tui.cli.common import (
    Want,
    add_examples,
    add_filter_arg,
    add_formats,
    add_group,
    add_rm,
    add_smart_args,
    count,
    delete_row,
    open_reader,
    open_store,
    parse_filter,
    parse_when,
    print_rows,
    row_id,
    today,
)
from journal_tui.errors import JournalError


def cmd_feedback_add(args: argparse.Namespace) -> int:
    store = open_store(args)
    person, about, then = args.person, args.about, None
    received_on = parse_when(args.date) or today()
    if args.answers is not None:  # the answer to an ask: from whom it was asked, about its entry; closes it
        from journal_tui import people

        asked, asked_about = people.ask_defaults(store, args.answers)
        person, about = person or asked, about if about is not None else asked_about
        then = lambda raw, fid: people.answer_ask(raw, args.answers, fid, received_on)  # noqa: E731 - set only here
    if not person:
        raise JournalError("say who it is from: --from NAME (or --answers ASK_ID)")
    fid = store.add_feedback(
        text=" ".join(args.text),
        person=person,
        received_on=received_on,
        kind=args.kind,
        tags=args.tag,
        skills=args.skill,
        project=args.project,
        entry_id=about,
        then=then,
    )
    answered = f"; answers ask {args.answers}" if args.answers is not None else ""
    print(f"Added feedback {fid} from {store.get_feedback(fid).person} ({args.kind}){answered}")  # as matched
    return 0


def cmd_feedback_goal(args: argparse.Namespace) -> int:
    """A goal that grows out of feedback, remembering which."""
    store = open_store(args)
    f = store.get_feedback(args.id)
    due = parse_when(args.due, "future")
    goal_id = store.add_goal(
        title=args.title,
        specific=args.specific,
        measure=args.measure,
        target=args.target,
        current=args.current,
        relevant=args.why,
        due_on=due,
        feedback_id=f.id,
    )
    print(f"Added goal {goal_id} from feedback {f.id} ({f.person}){f' · due {due.isoformat()}' if due else ''}")
    return 0


def cmd_feedback_list(args: argparse.Namespace) -> int:
    from journal_tui import output

    rows = open_reader(args).list_feedback(parse_filter(args), limit=args.limit)
    return print_rows(
        args.format,
        rows,
        lambda rows: output.feedback_table(rows, output.terminal_width()),
        markdown=output.feedback_markdown,
        empty="No feedback matches.",
    )


def cmd_feedback_rm(args: argparse.Namespace) -> int:
    return delete_row(args, "feedback", lambda f: f"from {f.person}")


def cmd_feedback_respond(args: argparse.Namespace) -> int:
    """Link an entry as what you did about a piece of feedback (nothing is guessed for you)."""
    from journal_tui.data import db
    from journal_tui.responses import set_response

    set_response(db.journal_file(args.db), args.feedback_id, args.entry_id, linked=not args.remove)
    print(f"Entry {args.entry_id} is {'no longer' if args.remove else 'now'} a response to feedback {args.feedback_id}")
    return 0


def cmd_names(args: argparse.Namespace) -> int:
    kind = {"projects": "project", "skills": "skill", "tags": "tag"}[args.command]
    rows = open_reader(args).name_counts(kind, parse_filter(args))
    return print_rows(
        args.format,
        rows,
        lambda rows: "\n".join(f"{c:>6}  {n}" for n, c in rows),
        as_dict=lambda row: {"name": row[0], "count": row[1]},
    )


def register(sub: Any, want: Want) -> None:
    """Add this group's commands to the `journal` parser (only those `want` names)."""
    if want("feedback"):
        from journal_tui.query import KINDS

        fsub = add_group(sub, "feedback", "feedback received: add, list, goal, rm, respond")
        p = fsub.add_parser("add", help="record feedback from a colleague")
        p.add_argument("text", nargs="+", help="what they said")
        p.add_argument(
            "--from", dest="person", metavar="PERSON", help="who said it (default with --answers: who was asked)"
        )
        p.add_argument("--kind", "-k", choices=KINDS, default=KINDS[0], help="(default: %(default)s)")
        p.add_argument("--tag", "-t", action="append", default=[], metavar="TAG", help="a tag (repeatable)")
        p.add_argument("--skill", "-s", action="append", default=[], metavar="SKILL", help="a skill (repeatable)")
        p.add_argument("--project", "-p", metavar="NAME")
        p.add_argument("--date", "-d", metavar="WHEN", help="the day you received it (default today), e.g. last friday")
        p.add_argument(
            "--about",
            type=row_id,
            metavar="ENTRY_ID",
            help="the entry it was about (its id, first column of `journal list`)",
        )
        p.add_argument(
            "--answers", type=row_id, metavar="ASK_ID", help="the ask it answers (closes it; ids: journal asks)"
        )
        add_examples(
            p,
            'journal feedback add "The refunds rollout was flawless" --from "Maria Lopez" --tag launch '
            "--skill sql --about 1",
            'journal feedback add "Share the plan earlier" --from Sam -k constructive -d "last friday"',
        )
        p.set_defaults(func=cmd_feedback_add)
        p = fsub.add_parser("goal", help="turn feedback into a goal that remembers where it came from")
        p.add_argument("id", type=row_id, metavar="FEEDBACK_ID")
        add_smart_args(p, "time-bound: 2027-03-31, in 3 months")
        p.set_defaults(func=cmd_feedback_goal)
        p = fsub.add_parser("list", help="list feedback, newest first")
        add_filter_arg(p)
        add_formats(p)
        p.add_argument("--limit", "-n", type=count, default=None, metavar="N", help="at most N items")
        add_examples(
            p, "journal feedback list by:maria kind:praise", "journal feedback list in:this-quarter -f markdown"
        )
        p.set_defaults(func=cmd_feedback_list)
        add_rm(fsub, "feedback", "delete feedback", "journal feedback rm 1 --yes", cmd_feedback_rm)
        p = fsub.add_parser("respond", help="link an entry as your response to a piece of feedback")
        p.add_argument("feedback_id", type=row_id, metavar="FEEDBACK_ID")
        p.add_argument("entry_id", type=row_id, metavar="ENTRY_ID")
        p.add_argument("--remove", action="store_true", help="unlink instead")
        p.set_defaults(func=cmd_feedback_respond)

    if want("projects", "skills", "tags"):
        for name in ("projects", "skills", "tags"):
            p = sub.add_parser(name, help=f"{name} with counts")
            add_filter_arg(p)
            add_formats(p, ("table", "json"))
            add_examples(p, f"journal {name}", f"journal {name} in:2026-Q3 --format json")
            p.set_defaults(func=cmd_names)
