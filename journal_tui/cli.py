"""The `journal` command.

Start-up time is a feature: `journal add` imports only the standard library,
dateutil's relativedelta and this package's light modules (`db`, `dates`,
`inline`, `validate`).  SQLAlchemy is imported by the commands that read, and
Textual only when the app opens.  A test guards this.

Exit codes: 0 ok, 1 a user error (one line on stderr), 2 a usage error.
"""

import argparse
import datetime as dt
import os
import re
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from journal_tui import __version__
from journal_tui.errors import JournalError

if TYPE_CHECKING:
    from journal_tui.store import Store

TODAY_ENV = "JOURNAL_TODAY"
NO_FTS_NOTE = "journal: note: this Python's SQLite has no FTS5, so free-text search reads every entry (slower on large journals)"


def today() -> dt.date:
    """Today, or $JOURNAL_TODAY (ISO) so scripts and tests get reproducible dates."""
    fixed = os.environ.get(TODAY_ENV)
    if fixed:
        try:
            return dt.date.fromisoformat(fixed)
        except ValueError:
            raise JournalError(f"${TODAY_ENV} must be an ISO date, not {fixed!r}") from None
    return dt.date.today()


def _date(text: str | None, direction: str = "past") -> dt.date | None:
    from journal_tui.dates import parse_date

    return parse_date(text, today=today(), direction=direction) if text else None  # type: ignore[arg-type]


def _store(args: argparse.Namespace) -> "Store":
    from journal_tui.store import Store

    return Store(args.db)


def _filter(args: argparse.Namespace):
    from journal_tui.query import parse_query

    terms = [t.replace(NEGATION_GUARD, "-", 1) for t in args.filter]
    return parse_query(" ".join(terms), today=today())


NEGATION_GUARD = "\ue000"
FILTER_COMMANDS = {"list", "ls", "projects", "skills", "tags", "people", "review", "export"}
_NEGATED_TERM = re.compile(r"^-(?:[^\W\d_]+:.*|[^\W\d_]{3,}|\".*)$")


def protect_negations(argv: Sequence[str]) -> list[str]:
    """Keep `-skill:x` and `-draft` filter terms from being read as options by argparse."""
    out = list(argv)
    start = next((i for i, a in enumerate(out) if a in FILTER_COMMANDS), None)
    if start is None:
        return out
    for i in range(start + 1, len(out)):
        if out[i] == "--":
            break
        if _NEGATED_TERM.match(out[i]) and not out[i].startswith("--"):
            out[i] = NEGATION_GUARD + out[i][1:]
    return out


def _print(text: str) -> None:
    if text:
        print(text)


def _confirm(question: str, assume_yes: bool) -> bool:
    if assume_yes:
        return True
    if not sys.stdin.isatty():
        raise JournalError("refusing to delete without confirmation; pass --yes")
    return input(f"{question} [y/N] ").strip().lower() in ("y", "yes")


# --- entries -----------------------------------------------------------------------


def cmd_add(args: argparse.Namespace) -> int:
    from journal_tui import db
    from journal_tui.inline import parse_inline

    if args.text:
        raw = " ".join(args.text)
    else:
        from journal_tui import editor

        edited = editor.parse(editor.edit(editor.render(date=args.date or "today", project=args.project or "",
                                                        skills=args.skill, impact=args.impact or "", starred=args.star)))
        if not edited.text:
            print("Nothing added (empty text).", file=sys.stderr)
            return 0
        args.date, args.project, args.skill = edited.date, edited.project or None, edited.skills
        args.impact, args.star, raw = edited.impact or None, edited.starred, edited.text
    parsed = parse_inline(raw, today=today())
    occurred_on = _date(args.date) or parsed.occurred_on or today()
    project = args.project or parsed.project
    skills = [*parsed.skills, *args.skill]
    conn = db.open_journal(args.db)
    try:
        with db.transaction(conn):
            entry_id = db.insert_entry(conn, text=parsed.text, occurred_on=occurred_on, project=project, skills=skills,
                                       impact=args.impact, starred=args.star, goal_ids=args.goal)
    finally:
        conn.close()
    from journal_tui.validate import clean_name

    bits = [f"Added entry {entry_id}", occurred_on.isoformat()]
    if project:
        bits.append(f"+{clean_name(project)}")
    if skills:
        bits.append(" ".join(f"#{clean_name(s)}" for s in skills))
    if args.star:
        bits.append("★")
    print(" · ".join(bits))
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from journal_tui import output

    flt = _filter(args)
    store = _store(args)
    if flt.has_text and not store.use_fts:
        print(NO_FTS_NOTE, file=sys.stderr)
    rows = store.list_entries(flt, limit=args.limit, oldest_first=args.reverse)
    if args.format == "json":
        print(output.to_json([r.to_dict() for r in rows]))
    elif args.format == "markdown":
        _print(output.entries_markdown(rows))
    else:
        if not rows:
            print("No entries match." if not flt.is_empty else "No entries yet. Add one: journal add \"Shipped X +project #skill\"",
                  file=sys.stderr)
        _print(output.entries_table(rows))
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from journal_tui import output

    detail = _store(args).entry_detail(args.id)
    if args.format == "json":
        data = detail.entry.to_dict()
        data["feedback"] = [f.to_dict() for f in detail.feedback]
        print(output.to_json(data))
    else:
        print(output.entry_text(detail.entry, detail.goals, detail.feedback))
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    from journal_tui import editor

    store = _store(args)
    e = store.get_entry(args.id)
    edited = editor.parse(editor.edit(editor.render(e.occurred_on.isoformat(), e.project or "", list(e.skills),
                                                    e.impact or "", e.starred, e.text)))
    if not edited.text:
        raise JournalError("the text is empty; entry left unchanged (use `journal rm` to delete)")
    store.update_entry(args.id, text=edited.text, occurred_on=_date(edited.date) or e.occurred_on,
                       project=edited.project or None, skills=edited.skills, impact=edited.impact or None,
                       starred=edited.starred)
    print(f"Updated entry {args.id}")
    return 0


def cmd_rm(args: argparse.Namespace) -> int:
    store = _store(args)
    e = store.get_entry(args.id)
    if not _confirm(f"Delete entry {e.id} ({e.occurred_on.isoformat()}: {e.title})?", args.yes):
        print("Kept.")
        return 0
    store.delete("entry", args.id)
    print(f"Deleted entry {args.id}")
    return 0


def cmd_star(args: argparse.Namespace) -> int:
    _store(args).set_starred(args.id, not args.off)
    print(f"{'Unstarred' if args.off else 'Starred'} entry {args.id}")
    return 0


def cmd_link(args: argparse.Namespace) -> int:
    _store(args).link(args.entry_id, args.goal_id, linked=not args.remove)
    print(f"{'Unlinked' if args.remove else 'Linked'} entry {args.entry_id} {'from' if args.remove else 'to'} goal {args.goal_id}")
    return 0


# --- goals and milestones ---------------------------------------------------------------


def cmd_goal_add(args: argparse.Namespace) -> int:
    goal_id = _store(args).add_goal(title=args.title, specific=args.specific, measure=args.measure, target=args.target,
                                    current=args.current, relevant=args.why, due_on=_date(args.due, "future"))
    due = f" · due {_date(args.due, 'future')}" if args.due else ""
    print(f"Added goal {goal_id}{due}")
    return 0


def cmd_goal_list(args: argparse.Namespace) -> int:
    from journal_tui import output

    statuses = None if args.all else ["active"]
    rows = _store(args).list_goals(_filter(args), statuses=statuses)
    if args.format == "json":
        print(output.to_json([g.to_dict() for g in rows]))
    else:
        if not rows:
            print("No goals. Add one: journal goal add \"Lead a cross-team project\" --due 2027-03-31", file=sys.stderr)
        _print(output.goals_table(rows))
    return 0


def cmd_goal_status(args: argparse.Namespace) -> int:
    status = {"done": "achieved", "drop": "dropped", "reopen": "active"}[args.goal_cmd]
    _store(args).set_goal_status(args.id, status, today())
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
        fields["due_on"] = _date(args.due, "future")
    if not fields:
        raise JournalError("nothing to update; pass --current, --target, --due, --title, --measure, --why or --specific")
    _store(args).update_goal(args.id, **fields)
    print(f"Updated goal {args.id}")
    return 0


def cmd_goal_rm(args: argparse.Namespace) -> int:
    store = _store(args)
    g = store.get_goal(args.id)
    if _confirm(f"Delete goal {g.id} ({g.title}) and its milestones?", args.yes):
        store.delete("goal", args.id)
        print(f"Deleted goal {args.id}")
    return 0


def cmd_milestone_add(args: argparse.Namespace) -> int:
    mid = _store(args).add_milestone(args.goal_id, args.title, _date(args.due, "future"))
    print(f"Added milestone {mid} to goal {args.goal_id}")
    return 0


def cmd_milestone_done(args: argparse.Namespace) -> int:
    store = _store(args)
    store.set_milestone_done(args.id, None if args.undo else (_date(args.date) or today()))
    print(f"Milestone {args.id} {'reopened' if args.undo else 'done'}")
    return 0


# --- feedback -----------------------------------------------------------------------


def cmd_feedback_add(args: argparse.Namespace) -> int:
    fid = _store(args).add_feedback(text=" ".join(args.text), person=args.person, received_on=_date(args.date) or today(),
                                    kind=args.kind, tags=args.tag, skills=args.skill, project=args.project,
                                    entry_id=args.about)
    print(f"Added feedback {fid} from {args.person.strip()} ({args.kind})")
    return 0


def cmd_feedback_list(args: argparse.Namespace) -> int:
    from journal_tui import output

    rows = _store(args).list_feedback(_filter(args), limit=args.limit)
    if args.format == "json":
        print(output.to_json([f.to_dict() for f in rows]))
    elif args.format == "markdown":
        _print(output.feedback_markdown(rows))
    else:
        if not rows:
            print("No feedback matches.", file=sys.stderr)
        _print(output.feedback_table(rows))
    return 0


def cmd_feedback_rm(args: argparse.Namespace) -> int:
    store = _store(args)
    f = store.get_feedback(args.id)
    if _confirm(f"Delete feedback {f.id} from {f.person}?", args.yes):
        store.delete("feedback", args.id)
        print(f"Deleted feedback {args.id}")
    return 0


def cmd_names(args: argparse.Namespace) -> int:
    from journal_tui import output

    kind = {"projects": "project", "skills": "skill", "tags": "tag", "people": "person"}[args.command]
    rows = _store(args).name_counts(kind, _filter(args))
    if args.format == "json":
        print(output.to_json([{"name": n, "count": c} for n, c in rows]))
    else:
        _print("\n".join(f"{c:>6}  {n}" for n, c in rows))
    return 0


def cmd_tui(args: argparse.Namespace) -> int:
    from journal_tui.tui.app import run_app

    return run_app(args.db, today=today() if os.environ.get(TODAY_ENV) else None)


# --- parser -----------------------------------------------------------------------------


def _formats(p: argparse.ArgumentParser, choices: Sequence[str] = ("table", "json", "markdown")) -> None:
    p.add_argument("--format", "-f", choices=choices, default=choices[0], help="output format (default: %(default)s)")


def _filter_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("filter", nargs="*", metavar="FILTER",
                   help='filter terms: project:X skill:Y in:2026-Q3 from:WHEN to:WHEN starred:yes "phrase" words')


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The `journal` parser; `only` builds just that command's sub-parser (a quick add skips the other 40)."""

    def want(*names: str) -> bool:
        return only is None or only in names

    parser = argparse.ArgumentParser(
        prog="journal", description="A terminal achievement journal. With no command, opens the app.",
        epilog='Quick add: journal add "yesterday: Shipped refunds +billing #sql"')
    parser.add_argument("--db", metavar="PATH", help="journal file (default: $JOURNAL_DB, else the user data dir)")
    parser.add_argument("--version", action="version", version=f"journal_tui {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    if want("add"):
        p = sub.add_parser("add", help="add an entry (a win); no TEXT opens $EDITOR")
        p.add_argument("text", nargs="*", help="the entry; inline: WHEN: at the start, +project, #skill")
        p.add_argument("--date", "-d", metavar="WHEN", help="yesterday, last friday, 3 days ago, 2026-11-02 ...")
        p.add_argument("--project", "-p")
        p.add_argument("--skill", "-s", action="append", default=[], metavar="SKILL")
        p.add_argument("--impact", "-i", metavar="TEXT", help='measurable outcome, e.g. "p95 latency -40%%"')
        p.add_argument("--star", action="store_true", help="mark as a key win")
        p.add_argument("--goal", "-g", type=int, action="append", default=[], metavar="ID", help="link to a goal")
        p.set_defaults(func=cmd_add)

    if want("list", "ls"):
        p = sub.add_parser("list", aliases=["ls"], help="list entries, newest first")
        _filter_arg(p)
        _formats(p)
        p.add_argument("--limit", "-n", type=int, default=None, help="at most N entries")
        p.add_argument("--reverse", "-r", action="store_true", help="oldest first")
        p.set_defaults(func=cmd_list)

    if want("show"):
        p = sub.add_parser("show", help="show one entry with its goals and feedback")
        p.add_argument("id", type=int)
        _formats(p, ("text", "json"))
        p.set_defaults(func=cmd_show)

    if want("edit"):
        p = sub.add_parser("edit", help="edit an entry in $EDITOR")
        p.add_argument("id", type=int)
        p.set_defaults(func=cmd_edit)

    if want("rm"):
        p = sub.add_parser("rm", help="delete an entry")
        p.add_argument("id", type=int)
        p.add_argument("--yes", "-y", action="store_true", help="do not ask")
        p.set_defaults(func=cmd_rm)

    if want("star"):
        p = sub.add_parser("star", help="star an entry as a key win (--off to unstar)")
        p.add_argument("id", type=int)
        p.add_argument("--off", action="store_true")
        p.set_defaults(func=cmd_star)

    if want("link"):
        p = sub.add_parser("link", help="link an entry to a goal as evidence")
        p.add_argument("entry_id", type=int)
        p.add_argument("goal_id", type=int)
        p.add_argument("--remove", action="store_true", help="unlink instead")
        p.set_defaults(func=cmd_link)

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
        _filter_arg(p)
        _formats(p, ("table", "json"))
        p.add_argument("--all", "-a", action="store_true", help="include achieved and dropped goals")
        p.set_defaults(func=cmd_goal_list)
        for name, text in (("done", "mark achieved"), ("drop", "mark dropped"), ("reopen", "mark active again")):
            p = gsub.add_parser(name, help=text)
            p.add_argument("id", type=int)
            p.set_defaults(func=cmd_goal_status)
        p = gsub.add_parser("update", help="update progress or fields")
        p.add_argument("id", type=int)
        for flag in ("title", "specific", "measure", "why", "due"):
            p.add_argument(f"--{flag}")
        p.add_argument("--target", type=float)
        p.add_argument("--current", type=float)
        p.set_defaults(func=cmd_goal_update)
        p = gsub.add_parser("rm", help="delete a goal")
        p.add_argument("id", type=int)
        p.add_argument("--yes", "-y", action="store_true")
        p.set_defaults(func=cmd_goal_rm)

    if want("milestone"):
        ms = sub.add_parser("milestone", help="milestones of a goal: add, done")
        msub = ms.add_subparsers(dest="milestone_cmd", metavar="ACTION", required=True)
        p = msub.add_parser("add", help="add a milestone to a goal")
        p.add_argument("goal_id", type=int)
        p.add_argument("title")
        p.add_argument("--due", metavar="WHEN")
        p.set_defaults(func=cmd_milestone_add)
        p = msub.add_parser("done", help="mark a milestone done (--undo to reopen)")
        p.add_argument("id", type=int)
        p.add_argument("--date", "-d", metavar="WHEN")
        p.add_argument("--undo", action="store_true")
        p.set_defaults(func=cmd_milestone_done)

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
        p.add_argument("--about", type=int, metavar="ENTRY_ID", help="the entry it was about")
        p.set_defaults(func=cmd_feedback_add)
        p = fsub.add_parser("list", help="list feedback, newest first")
        _filter_arg(p)
        _formats(p)
        p.add_argument("--limit", "-n", type=int, default=None)
        p.set_defaults(func=cmd_feedback_list)
        p = fsub.add_parser("rm", help="delete feedback")
        p.add_argument("id", type=int)
        p.add_argument("--yes", "-y", action="store_true")
        p.set_defaults(func=cmd_feedback_rm)

    if want("projects", "skills", "tags", "people"):
        for name in ("projects", "skills", "tags", "people"):
            p = sub.add_parser(name, help=f"{name} with counts")
            _filter_arg(p)
            _formats(p, ("table", "json"))
            p.set_defaults(func=cmd_names)

    if only is None or only not in CORE_COMMANDS:
        from journal_tui import cli_more  # review, export, import, backup, demo

        cli_more.register(sub)
    return parser


CORE_COMMANDS = {"add", "list", "ls", "show", "edit", "rm", "star", "link", "goal", "milestone", "feedback",
                 "projects", "skills", "tags", "people"}


def command_of(argv: Sequence[str]) -> str | None:
    """The sub-command named in argv (skipping --db PATH), or None for help and unknown input."""
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--db":
            i += 2
            continue
        if arg.startswith("--db="):
            i += 1
            continue
        if arg.startswith("-"):
            return None  # --help, --version: the full parser answers
        return arg if arg in CORE_COMMANDS else None
    return None


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(only=command_of(argv))
    args = parser.parse_args(protect_negations(argv))
    try:
        if args.command is None:
            return cmd_tui(args)
        return int(args.func(args) or 0)
    except JournalError as exc:
        from journal_tui.query import QueryError

        if isinstance(exc, QueryError) and sys.stderr.isatty():
            print(exc.pointer(), file=sys.stderr)
        print(f"journal: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("journal: interrupted; nothing half-written was kept", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # last line of defence: never a traceback
        if os.environ.get("JOURNAL_DEBUG"):
            raise
        import sqlite3

        if isinstance(exc, sqlite3.Error):
            from journal_tui.db import describe_db_error, resolve_db_path

            print(f"journal: {describe_db_error(exc, resolve_db_path(getattr(args, 'db', None)))}", file=sys.stderr)
            return 1
        print(f"journal: internal error: {type(exc).__name__}: {exc} (set JOURNAL_DEBUG=1 for details)", file=sys.stderr)
        return 3
