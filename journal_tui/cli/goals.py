"""SMART goals and their milestones."""

import argparse
import sys
from typing import Any

from journal_tui.cli.common import (Want, row_id, add_filter_arg, add_formats, confirm, echo, open_store, parse_filter, parse_when,
                                    today)
from journal_tui.errors import JournalError


def cmd_goal_add(args: argparse.Namespace) -> int:
    goal_id = open_store(args).add_goal(title=args.title, specific=args.specific, measure=args.measure, target=args.target,
                                    current=args.current, relevant=args.why, due_on=parse_when(args.due, "future"))
    due = f" · due {parse_when(args.due, 'future')}" if args.due else ""
    print(f"Added goal {goal_id}{due}")
    return 0


def cmd_goal_list(args: argparse.Namespace) -> int:
    from journal_tui import output

    statuses = None if args.all else ["active"]
    rows = open_store(args).list_goals(parse_filter(args), statuses=statuses)
    if args.format == "json":
        print(output.to_json([g.to_dict() for g in rows]))
    else:
        if not rows:
            print("No goals. Add one: journal goal add \"Lead a cross-team project\" --due 2027-03-31", file=sys.stderr)
        echo(output.goals_table(rows))
    return 0


def cmd_goal_status(args: argparse.Namespace) -> int:
    status = {"done": "achieved", "drop": "dropped", "reopen": "active"}[args.goal_cmd]
    open_store(args).set_goal_status(args.id, status, today())
    print(f"Goal {args.id} is now {status}")
    return 0


def cmd_goal_update(args: argparse.Namespace) -> int:
    fields: dict[str, Any] = {}
    for name in ("title", "specific", "measure", "target", "current"):
        if getattr(args, name) is not None:
            fields[name] = getattr(args, name)
    if args.why is not None:
        fields["relevant"] = args.why
    if args.due is not None:
        fields["due_on"] = parse_when(args.due, "future")
    if not fields:
        raise JournalError("nothing to update; pass --current, --target, --due, --title, --measure, --why or --specific")
    open_store(args).update_goal(args.id, **fields)
    print(f"Updated goal {args.id}")
    return 0


def cmd_goal_rm(args: argparse.Namespace) -> int:
    store = open_store(args)
    g = store.get_goal(args.id)
    if confirm(f"Delete goal {g.id} ({g.title}) and its milestones?", args.yes):
        store.delete("goal", args.id)
        print(f"Deleted goal {args.id}")
    return 0


def cmd_milestone_add(args: argparse.Namespace) -> int:
    mid = open_store(args).add_milestone(args.goal_id, args.title, parse_when(args.due, "future"))
    print(f"Added milestone {mid} to goal {args.goal_id}")
    return 0


def cmd_milestone_done(args: argparse.Namespace) -> int:
    store = open_store(args)
    store.set_milestone_done(args.id, None if args.undo else (parse_when(args.date) or today()))
    print(f"Milestone {args.id} {'reopened' if args.undo else 'done'}")
    return 0


def register(sub: Any, want: Want) -> None:
    """Add this group's commands to the `journal` parser (only those `want` names)."""
    if want("goal"):
        goal = sub.add_parser("goal", help="SMART goals: add, list, done, drop, update, rm")
        gsub = goal.add_subparsers(dest="goal_cmd", metavar="ACTION", required=True)
        p = gsub.add_parser("add", help="add a goal")
        p.add_argument("title")
        p.add_argument("--due", metavar="WHEN", help="time-bound: 2027-03-31, next quarter's end, in 3 months")
        p.add_argument("--measure", metavar="TEXT", help="measurable: the metric")
        p.add_argument("--target", type=float, help="the metric's target value")
        p.add_argument("--current", type=float, help="the metric's current value")
        p.add_argument("--why", metavar="TEXT", help="relevant: why it matters for the next role")
        p.add_argument("--specific", metavar="TEXT", help="specific: what exactly")
        p.set_defaults(func=cmd_goal_add)
        p = gsub.add_parser("list", help="list goals with milestones and progress")
        add_filter_arg(p)
        add_formats(p, ("table", "json"))
        p.add_argument("--all", "-a", action="store_true", help="include achieved and dropped goals")
        p.set_defaults(func=cmd_goal_list)
        for name, text in (("done", "mark achieved"), ("drop", "mark dropped"), ("reopen", "mark active again")):
            p = gsub.add_parser(name, help=text)
            p.add_argument("id", type=row_id)
            p.set_defaults(func=cmd_goal_status)
        p = gsub.add_parser("update", help="update progress or fields")
        p.add_argument("id", type=row_id)
        for flag in ("title", "specific", "measure", "why", "due"):
            p.add_argument(f"--{flag}")
        p.add_argument("--target", type=float)
        p.add_argument("--current", type=float)
        p.set_defaults(func=cmd_goal_update)
        p = gsub.add_parser("rm", help="delete a goal")
        p.add_argument("id", type=row_id)
        p.add_argument("--yes", "-y", action="store_true")
        p.set_defaults(func=cmd_goal_rm)

    if want("milestone"):
        ms = sub.add_parser("milestone", help="milestones of a goal: add, done")
        msub = ms.add_subparsers(dest="milestone_cmd", metavar="ACTION", required=True)
        p = msub.add_parser("add", help="add a milestone to a goal")
        p.add_argument("goal_id", type=row_id)
        p.add_argument("title")
        p.add_argument("--due", metavar="WHEN")
        p.set_defaults(func=cmd_milestone_add)
        p = msub.add_parser("done", help="mark a milestone done (--undo to reopen)")
        p.add_argument("id", type=row_id)
        p.add_argument("--date", "-d", metavar="WHEN")
        p.add_argument("--undo", action="store_true")
        p.set_defaults(func=cmd_milestone_done)
