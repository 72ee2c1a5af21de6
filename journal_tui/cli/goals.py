"""SMART goals and their milestones."""

import argparse
from typing import Any

from journal_tui.cli.common import (
    BASELINE_HELP,
    Want,
    add_examples,
    add_filter_arg,
    add_formats,
    add_group,
    add_id_arg,
    add_rm,
    add_smart_args,
    confirm_delete,
    delete_row,
    measure,
    open_reader,
    open_store,
    parse_filter,
    parse_when,
    print_rows,
    today,
)
from journal_tui.errors import JournalError


def cmd_goal_add(args: argparse.Namespace) -> int:
    goal_id = open_store(args).add_goal(
        title=args.title,
        specific=args.specific,
        measure=args.measure,
        target=args.target,
        current=args.current,
        relevant=args.why,
        due_on=parse_when(args.due, "future"),
        baseline=args.baseline,
        on=parse_when(args.date) or today(),
        set_on=parse_when(args.date),
    )
    due = f" · due {parse_when(args.due, 'future')}" if args.due else ""
    print(f"Added goal {goal_id}{due}")
    return 0


def cmd_goal_list(args: argparse.Namespace) -> int:
    from journal_tui import output

    statuses = None if args.all else ["active"]
    rows = open_reader(args).list_goals(parse_filter(args), statuses=statuses)
    return print_rows(
        args.format,
        rows,
        lambda rows: output.goals_table(rows, today()),
        as_dict=lambda g: g.to_dict(today()),
        empty='No goals. Add one: journal goal add "Lead a cross-team project" --due 2027-03-31',
    )


def cmd_goal_status(args: argparse.Namespace) -> int:
    status = {"done": "achieved", "drop": "dropped", "reopen": "active"}[args.goal_cmd]
    on = parse_when(args.date)
    open_store(args).set_goal_status(args.id, status, today(), on=on)
    print(f"Goal {args.id} is now {status}" + (f" (since {on.isoformat()})" if on else ""))
    return 0


def cmd_goal_update(args: argparse.Namespace) -> int:
    fields: dict[str, Any] = {}
    for name in ("title", "specific", "measure", "target", "current", "baseline"):
        if getattr(args, name) is not None:
            fields[name] = getattr(args, name)
    if args.why is not None:
        fields["relevant"] = args.why
    if args.due is not None:
        fields["due_on"] = parse_when(args.due, "future")
    if not fields:
        raise JournalError(
            "nothing to update; pass --current, --baseline, --target, --due, --title, --measure, --why or --specific"
        )
    open_store(args).update_goal(args.id, on=parse_when(args.date) or today(), **fields)
    print(f"Updated goal {args.id}")
    return 0


def cmd_goal_rm(args: argparse.Namespace) -> int:
    return delete_row(args, "goal", lambda g: f"({g.title}) and its milestones")


def cmd_milestone_add(args: argparse.Namespace) -> int:
    mid = open_store(args).add_milestone(
        args.goal_id, args.title, parse_when(args.due, "future"), parse_when(args.date)
    )
    print(f"Added milestone {mid} to goal {args.goal_id}")
    return 0


def cmd_milestone_done(args: argparse.Namespace) -> int:
    store = open_store(args)
    store.set_milestone_done(args.id, None if args.undo else (parse_when(args.date) or today()))
    print(f"Milestone {args.id} {'reopened' if args.undo else 'done'}")
    return 0


def _milestone(args: argparse.Namespace) -> tuple[int, str]:
    """(goal id, title) of milestone `args.id`, read on the data package's plain connection (no SQLAlchemy)."""
    from journal_tui.data import db
    from journal_tui.data.queries.cli import milestone_head
    from journal_tui.errors import NotFound

    conn = db.open_journal(args.db)
    try:
        head = milestone_head(conn, args.id)
    finally:
        conn.close()
    if head is None:
        raise NotFound(f"there is no milestone with id {args.id}")
    return head


def cmd_milestone_edit(args: argparse.Namespace) -> int:
    from journal_tui.data import db, writes

    fields: dict[str, Any] = {}
    if args.title is not None:
        fields["title"] = writes.milestone_title(args.title)
    if args.no_due:
        fields["due_on"] = None
    elif args.due is not None:
        fields["due_on"] = parse_when(args.due, "future")
    if not fields:
        raise JournalError("nothing to change; pass --title, --due or --no-due")
    with db.writing(db.journal_file(args.db).path) as conn:
        writes.update_milestone(conn, args.id, **fields)
    print(f"Updated milestone {args.id}")
    return 0


def cmd_milestone_rm(args: argparse.Namespace) -> int:
    goal_id, title = _milestone(args)
    return confirm_delete(
        "milestone",
        args.id,
        f"({title}) of goal {goal_id}",
        args.yes,
        lambda: open_store(args).delete("milestone", args.id),
    )


SET_ON_HELP = (
    "the day you set this {what} (default today), for one from before this journal: a review or case of a "
    "period shows only what was set by its end"
)


def register(sub: Any, want: Want) -> None:
    """Add this group's commands to the `journal` parser (only those `want` names)."""
    if want("goal"):
        gsub = add_group(sub, "goal", "SMART goals: add, list, done, drop, reopen, update, rm")
        p = gsub.add_parser("add", help="add a goal")
        add_smart_args(p, "time-bound: the due day, e.g. 2027-03-31, in 3 months, next friday", baseline=True)
        p.add_argument("--date", "-d", metavar="WHEN", help=SET_ON_HELP.format(what="goal"))
        add_examples(
            p,
            'journal goal add "Lead a cross-team project" --due 2027-03-31 --measure "projects led" --target 1 '
            '--why "staff promotion"',
            'journal goal add "Mentor two engineers" --due "in 3 months"',
            'journal goal add "Cut CI runtime" --date 2026-07-01 --due 2026-12-31    # set last quarter',
        )
        p.set_defaults(func=cmd_goal_add)
        p = gsub.add_parser("list", help="list goals with milestones and progress")
        add_filter_arg(p)
        add_formats(p, ("table", "json"))
        p.add_argument("--all", "-a", action="store_true", help="include achieved and dropped goals")
        add_examples(p, "journal goal list", "journal goal list --all --format json")
        p.set_defaults(func=cmd_goal_list)
        for name, text in (("done", "mark achieved"), ("drop", "mark dropped"), ("reopen", "mark active again")):
            p = gsub.add_parser(name, help=text)
            add_id_arg(p, "goal")
            p.add_argument("--date", "-d", metavar="WHEN", help="when it happened (default today)")
            add_examples(p, f"journal goal {name} 1")
            p.set_defaults(func=cmd_goal_status)
        p = gsub.add_parser("update", help="update progress or fields")
        add_id_arg(p, "goal")
        for flag in ("title", "specific", "measure", "why"):
            p.add_argument(f"--{flag}", metavar="TEXT")
        p.add_argument("--due", metavar="WHEN", help="the new due day, e.g. 2027-06-30, in 6 weeks")
        p.add_argument("--baseline", type=measure, help=BASELINE_HELP)
        p.add_argument("--target", type=measure)
        p.add_argument("--current", type=measure)
        p.add_argument("--date", "-d", metavar="WHEN", help="when --current was measured (default today)")
        add_examples(p, "journal goal update 1 --current 3", 'journal goal update 1 --due "in 6 weeks" --target 4')
        p.set_defaults(func=cmd_goal_update)
        add_rm(gsub, "goal", "delete a goal with its milestones", "journal goal rm 1 --yes", cmd_goal_rm)

    if want("milestone"):
        msub = add_group(sub, "milestone", "milestones of a goal: add, done, edit, rm")
        p = msub.add_parser("add", help="add a milestone to a goal")
        add_id_arg(p, "goal", "goal_id")
        p.add_argument("title")
        p.add_argument("--due", metavar="WHEN", help="the due day, e.g. in 2 weeks, 2026-12-15, next friday")
        p.add_argument("--date", "-d", metavar="WHEN", help=SET_ON_HELP.format(what="milestone"))
        add_examples(p, 'journal milestone add 1 "Write the RFC" --due "in 2 weeks"')
        p.set_defaults(func=cmd_milestone_add)
        p = msub.add_parser("done", help="mark a milestone done (--undo to reopen)")
        add_id_arg(p, "milestone")
        p.add_argument("--date", "-d", metavar="WHEN", help="the day it was done (default today), e.g. yesterday")
        p.add_argument("--undo", action="store_true", help="mark it not done")
        add_examples(p, "journal milestone done 1", "journal milestone done 1 --undo")
        p.set_defaults(func=cmd_milestone_done)
        p = msub.add_parser("edit", help="change a milestone's title or due day")
        add_id_arg(p, "milestone")
        p.add_argument("--title", metavar="TEXT", help="the new title")
        due = p.add_mutually_exclusive_group()
        due.add_argument("--due", metavar="WHEN", help="the new due day, e.g. next friday, 2026-12-15")
        due.add_argument("--no-due", action="store_true", help="remove the due day")
        add_examples(
            p,
            'journal milestone edit 1 --title "Write and circulate the RFC" --due "next friday"',
            "journal milestone edit 1 --no-due",
        )
        p.set_defaults(func=cmd_milestone_edit)
        add_rm(msub, "milestone", "delete a milestone", "journal milestone rm 1 --yes", cmd_milestone_rm)
