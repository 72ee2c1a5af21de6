"""The habit: nudge, checkin, update, stats.

`nudge` runs in every new shell, so this module imports nothing heavy at the top:
only the standard library and `cli.common`; each command imports what it needs.
None of them imports SQLAlchemy, SQLModel or Textual (they read and write on the data package's plain connection).
"""

import argparse
import datetime as dt
import sys
from typing import Any

from journal_tui.cli.common import (
    Want,
    add_document_formats,
    add_formats,
    confirm_delete,
    count,
    days,
    draft_folder,
    parse_when,
    row_id,
    today,
    width,
    write_output,
)
from journal_tui.errors import JournalError


def cmd_nudge(args: argparse.Namespace) -> int:
    """One line or nothing; exit 0 whatever happens (it runs from the shell's rc file)."""
    try:
        from journal_tui.nudge import journal_path, nudge_line

        line = nudge_line(journal_path(args.db), today(), args.days)
    except Exception:  # a broken nudge must never break a shell start-up
        return 0
    if line:
        print(line)
    return 0


# --- checkin ------------------------------------------------------------------------------------


def _ask(prompt: str) -> str | None:
    """One line from stdin (prompts on stderr, so stdout stays clean); None at end of input."""
    sys.stderr.write(prompt)
    sys.stderr.flush()
    line = sys.stdin.readline()
    if not line:
        return None
    return line.rstrip("\n").strip()


def _ask_list(question: str, label: str) -> tuple[list[str], bool]:
    """Lines until an empty one: (answers, input still open)."""
    print(question, file=sys.stderr)
    out: list[str] = []
    while True:
        line = _ask(f"  {label}> ")
        if line is None:
            return out, False
        if not line:
            return out, True
        out.append(line)


def guided(data: Any) -> None:
    """The check-in on stdin: every prompt skippable with enter."""
    more = True
    steps = (
        (
            "wins",
            "Wins this week not yet logged? One per line; +project #skill and 'yesterday:' work. Enter to skip.",
            "win",
        ),
        ("learned", "What did you learn?", "learned"),
    )
    for attr, question, label in steps:
        if more:
            answers, more = _ask_list(question, label)
            getattr(data, attr).extend(answers)
    if more:
        print("A setback this week, and what it taught you?", file=sys.stderr)
        while True:
            setback = _ask("  setback> ")
            if not setback:
                more = setback is not None
                break
            lesson = _ask("  lesson> ")
            data.setbacks.append((setback, lesson or None))
            if lesson is None:
                more = False
                break
    for attr, question, label in (
        ("blockers", "Anything blocking you?", "blocker"),
        ("focus", "Next week's focus?", "focus"),
    ):
        if more:
            answers, more = _ask_list(question, label)
            getattr(data, attr).extend(answers)


def cmd_checkin(args: argparse.Namespace) -> int:
    from journal_tui import checkin
    from journal_tui.plurals import noun, plural

    action = getattr(args, "action", None)
    if action:
        return CHECKIN_ACTIONS[action](args)
    now = today()
    data = checkin.CheckinInput(
        checked_on=parse_when(args.date) or now,
        wins=list(args.win),
        learned=list(args.learned),
        setbacks=checkin.pair_setbacks(args.setback, args.lesson),
        blockers=list(args.blocker),
        focus=list(args.focus),
    )
    if data.is_empty:
        guided(data)
        if data.is_empty:
            print("Nothing recorded; every question was skipped.", file=sys.stderr)
            return 0
    checkin_id, entry_ids = _with_conn(args, lambda c: checkin.record(c, data, today=now), write=True)
    bits = [f"Checked in {data.checked_on.isoformat()} (check-in {checkin_id})"]
    if entry_ids:
        bits.append(
            f"{plural(len(entry_ids), 'win')} logged as {noun(len(entry_ids), 'entry', 'entries')} "
            + ", ".join(map(str, entry_ids))
        )
    for kind, n in (
        ("learned", len(data.learned)),
        ("setback", len(data.setbacks)),
        ("blocker", len(data.blockers)),
        ("focus", len(data.focus)),
    ):
        if n:
            bits.append(checkin.count_of(kind, n))
    print(" · ".join(bits))
    return 0


def _with_conn(args: argparse.Namespace, fn: Any, *, write: bool = False) -> Any:
    """`fn(connection)` in one short stdlib transaction (a write one when `write`) on the checked, migrated journal."""
    from journal_tui.data import db

    path = db.journal_file(args.db).path
    with (db.writing if write else db.reading)(path) as conn:
        return fn(conn)


def cmd_checkin_list(args: argparse.Namespace) -> int:
    from journal_tui import checkin
    from journal_tui.output import to_json

    rows = _with_conn(args, lambda c: checkin.list_checkins(c, limit=args.limit))
    if args.format == "json":
        print(to_json([r.to_dict() for r in rows]))
        return 0
    if not rows:
        print("No check-ins yet. Reflect on the week: journal checkin", file=sys.stderr)
    for r in rows:
        focus = r.texts("focus")
        tail = f"  focus: {focus[0]}" + (f" (+{len(focus) - 1})" if len(focus) > 1 else "") if focus else ""
        print(f"{r.id:>4}  {r.checked_on.isoformat()}  {r.summary()}{tail}".replace("\n", " "))
    return 0


def cmd_checkin_show(args: argparse.Namespace) -> int:
    from journal_tui import checkin
    from journal_tui.output import to_json

    row = _with_conn(args, lambda c: checkin.get(c, args.id))
    print(to_json(row.to_dict()) if args.format == "json" else checkin.show_text(row))
    return 0


def cmd_checkin_rm(args: argparse.Namespace) -> int:
    from journal_tui import checkin

    row = _with_conn(args, lambda c: checkin.get(c, args.id))
    return confirm_delete(
        "check-in",
        row.id,
        f"({row.checked_on.isoformat()}: {row.summary()})",
        args.yes,
        lambda: _with_conn(args, lambda c: checkin.delete(c, row.id), write=True),
    )


def cmd_checkin_edit(args: argparse.Namespace) -> int:
    """The check-in in $EDITOR: a bad `Date:` or an unknown item reopens it with the problem on top, like an entry's
    edit; the text is never lost (`editor.revise` keeps a draft and names it)."""
    from journal_tui import checkin, editor

    row = _with_conn(args, lambda c: checkin.get(c, args.id))

    def save(document: str) -> bool | None:
        date_text, items = checkin.parse_template(document)
        if not items:
            return None
        day = parse_when(date_text) or row.checked_on
        _with_conn(args, lambda c: checkin.update(c, args.id, day, items), write=True)
        return True

    if editor.revise(checkin.render_template(row), save, draft_folder(args)) is None:
        raise JournalError("the check-in has no items left; it is unchanged (use `journal checkin rm` to delete it)")
    print(f"Updated check-in {args.id}")
    return 0


CHECKIN_ACTIONS = {
    "list": cmd_checkin_list,
    "ls": cmd_checkin_list,
    "show": cmd_checkin_show,
    "rm": cmd_checkin_rm,
    "edit": cmd_checkin_edit,
}


# --- update and stats ----------------------------------------------------------------------------


def _months(day: dt.date, n: int) -> dt.date:
    """The same day `n` months on, clamped to the month's end (Jan 31 + 1 month is Feb 28), as relativedelta does."""
    import calendar

    year, month = divmod(day.month - 1 + n, 12)
    year, month = day.year + year, month + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def update_period(args: argparse.Namespace, now: dt.date) -> Any:
    """--week: the 7 days through today (default); --month: the month through today; --from/--to: any range."""
    from journal_tui.dates import DateRange, parse_range

    if args.start or args.end:
        if args.week or args.month:
            raise JournalError("--week and --month cannot be combined with --from/--to")
        start = parse_range(args.start, today=now).start if args.start else now - dt.timedelta(days=6)
        end = parse_range(args.end, today=now).end if args.end else now
        if end < start:
            raise JournalError("--to is before --from")
        return DateRange(start, end), None
    if args.month:
        period = DateRange(_months(now, -1) + dt.timedelta(days=1), now)
        return period, DateRange(now + dt.timedelta(days=1), _months(now, 1))
    return DateRange(now - dt.timedelta(days=6), now), None


def cmd_update(args: argparse.Namespace) -> int:
    from journal_tui import update

    now = today()
    period, nxt = update_period(args, now)
    up = _with_conn(args, lambda c: update.build(c, period, now, nxt))
    write_output(update.to_json(up) if args.format == "json" else update.to_markdown(up), args.output, args.db)
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    import shutil

    from journal_tui import stats
    from journal_tui.output import to_json

    data = _with_conn(args, lambda c: stats.build(c, today()))
    if args.format == "json":
        print(to_json(stats.to_data(data)))
    else:
        print(stats.to_text(data, args.width or min(80, shutil.get_terminal_size((80, 24)).columns)))
    return 0


def register(sub: Any, want: Want) -> None:
    """Add this group's commands to the `journal` parser (only those `want` names)."""
    if want("nudge"):
        p = sub.add_parser("nudge", help="one line when the habit slips (for .bashrc/.zshrc); silent otherwise")
        p.add_argument(
            "--days", type=days, default=3, metavar="N", help="working days without an entry before it speaks (3)"
        )
        p.set_defaults(func=cmd_nudge)

    if want("checkin"):
        p = sub.add_parser("checkin", help="the weekly check-in: wins, learned, setbacks, blockers, next week's focus")
        p.add_argument("--win", action="append", default=[], metavar="TEXT", help="a win to log (quick-add syntax)")
        p.add_argument("--learned", action="append", default=[], metavar="TEXT")
        p.add_argument("--setback", action="append", default=[], metavar="TEXT")
        p.add_argument("--lesson", action="append", default=[], metavar="TEXT", help="what the setback taught you")
        p.add_argument("--blocker", action="append", default=[], metavar="TEXT")
        p.add_argument("--focus", action="append", default=[], metavar="TEXT", help="next week's focus")
        p.add_argument("--date", "-d", metavar="WHEN", help="the check-in's date (default: today)")
        p.set_defaults(func=cmd_checkin, action=None)
        actions = p.add_subparsers(dest="action", metavar="ACTION")
        q = actions.add_parser("list", aliases=["ls"], help="check-ins, newest first")
        add_formats(q, ("table", "json"))
        q.add_argument("--limit", "-n", type=count, default=None, metavar="N", help="at most N check-ins")
        q = actions.add_parser("show", help="one check-in")
        q.add_argument(
            "id", type=row_id, metavar="ID", help="the check-in's id (first column of `journal checkin list`)"
        )
        add_formats(q, ("text", "json"))
        q = actions.add_parser("rm", help="delete a check-in")
        q.add_argument(
            "id", type=row_id, metavar="ID", help="the check-in's id (first column of `journal checkin list`)"
        )
        q.add_argument("--yes", "-y", action="store_true", help="do not ask")
        q = actions.add_parser("edit", help="edit a check-in in $EDITOR")
        q.add_argument(
            "id", type=row_id, metavar="ID", help="the check-in's id (first column of `journal checkin list`)"
        )

    if want("update"):
        p = sub.add_parser("update", help="a manager update: Progress, Plans, Problems")
        span = p.add_mutually_exclusive_group()
        span.add_argument("--week", action="store_true", help="the 7 days through today (default)")
        span.add_argument("--month", action="store_true", help="the month through today")
        p.add_argument("--from", dest="start", metavar="WHEN")
        p.add_argument("--to", dest="end", metavar="WHEN")
        add_document_formats(p, ("markdown", "json"))
        p.set_defaults(func=cmd_update)

    if want("stats"):
        p = sub.add_parser("stats", help="streaks, the year as a heatmap, wins per project and skill")
        add_formats(p, ("table", "json"))
        p.add_argument(
            "--width",
            type=width,
            default=None,
            metavar="N",
            help="columns for the heatmap (default: the terminal, up to 80)",
        )
        p.set_defaults(func=cmd_stats)
