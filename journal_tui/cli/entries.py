"""Entries (wins): add, list, show, edit, rm, star, link.

`add` is the quick-add path: it imports only the standard library, dateutil and
this package's light modules (a test guards it)."""

import argparse
import sys
from typing import Any

from journal_tui.cli.common import (Want, count, row_id, add_filter_arg, add_formats, NO_FTS_NOTE, confirm, echo, open_store, parse_filter, parse_when,
                                    today)
from journal_tui.errors import JournalError


def _draft_folder(args: argparse.Namespace) -> str:
    import os

    from journal_tui import db

    return os.path.dirname(os.path.abspath(db.resolve_db_path(args.db)))


def _save_new(args: argparse.Namespace, raw: str, date: str | None, project: str | None, skills: list[str],
              impact: str | None, star: bool) -> tuple[int, Any, str | None, list[str], bool]:
    """Parse quick-add text and insert it in one transaction: (id, date, project, skills, starred)."""
    from journal_tui import db
    from journal_tui.inline import parse_inline

    parsed = parse_inline(raw, today=today())
    occurred_on = parse_when(date) or parsed.occurred_on or today()
    project = project or parsed.project
    skills = [*parsed.skills, *skills]
    conn = db.open_journal(args.db)
    try:
        with db.transaction(conn):
            entry_id = db.insert_entry(conn, text=parsed.text, occurred_on=occurred_on, project=project, skills=skills,
                                       impact=impact, starred=star, goal_ids=args.goal)
    finally:
        conn.close()
    return entry_id, occurred_on, project, skills, star


def cmd_add(args: argparse.Namespace) -> int:
    saved: tuple[int, Any, str | None, list[str], bool]
    if args.text:
        saved = _save_new(args, " ".join(args.text), args.date, args.project, args.skill, args.impact, args.star)
    else:
        from journal_tui import editor

        document = editor.render(date=args.date or "today", project=args.project or "", skills=args.skill,
                                 impact=args.impact or "", starred=args.star)

        def save(e: "editor.EditedEntry") -> tuple[int, Any, str | None, list[str], bool]:
            return _save_new(args, e.text, e.date, e.project or None, e.skills, e.impact or None, e.starred)

        edited = editor.edit_until_valid(document, save, _draft_folder(args))
        if edited is None:
            print("Nothing added (empty text).", file=sys.stderr)
            return 0
        saved = edited
    entry_id, occurred_on, project, skills, star = saved
    from journal_tui.validate import clean_name

    bits = [f"Added entry {entry_id}", occurred_on.isoformat()]
    if project:
        bits.append(f"+{clean_name(project)}")
    if skills:
        bits.append(" ".join(f"#{clean_name(s)}" for s in skills))
    if star:
        bits.append("★")
    try:
        print(" · ".join(bits))
        sys.stdout.flush()
    except OSError as exc:  # e.g. `journal add x > /dev/full`: the entry is saved, say so, or the user adds it twice
        raise JournalError(f"entry {entry_id} was added, but its confirmation could not be printed "
                           f"({exc.strerror or exc}); it is saved, do not add it again") from None
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from journal_tui import output

    flt = parse_filter(args)
    store = open_store(args)
    if flt.has_text and not store.use_fts:
        print(NO_FTS_NOTE, file=sys.stderr)
    rows = store.list_entries(flt, limit=args.limit, oldest_first=args.reverse)
    if args.format == "json":
        print(output.to_json([r.to_dict() for r in rows]))
    elif args.format == "markdown":
        echo(output.entries_markdown(rows))
    else:
        if not rows:
            print("No entries match." if not flt.is_empty else "No entries yet. Add one: journal add \"Shipped X +project #skill\"",
                  file=sys.stderr)
        echo(output.entries_table(rows))
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from journal_tui import output

    detail = open_store(args).entry_detail(args.id)
    if args.format == "json":
        data = detail.entry.to_dict()
        data["feedback"] = [f.to_dict() for f in detail.feedback]
        print(output.to_json(data))
    else:
        print(output.entry_text(detail.entry, detail.goals, detail.feedback))
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    from journal_tui import editor

    store = open_store(args)
    e = store.get_entry(args.id)

    def save(edited: "editor.EditedEntry") -> None:
        store.update_entry(args.id, text=edited.text, occurred_on=parse_when(edited.date) or e.occurred_on,
                           project=edited.project or None, skills=edited.skills, impact=edited.impact or None,
                           starred=edited.starred)

    document = editor.render(e.occurred_on.isoformat(), e.project or "", list(e.skills), e.impact or "", e.starred, e.text)
    if editor.edit_until_valid(document, lambda edited: save(edited) or True, _draft_folder(args)) is None:
        raise JournalError("the text is empty; entry left unchanged (use `journal rm` to delete)")
    print(f"Updated entry {args.id}")
    return 0


def cmd_rm(args: argparse.Namespace) -> int:
    store = open_store(args)
    e = store.get_entry(args.id)
    if not confirm(f"Delete entry {e.id} ({e.occurred_on.isoformat()}: {e.title})?", args.yes):
        print("Kept.")
        return 0
    store.delete("entry", args.id)
    print(f"Deleted entry {args.id}")
    return 0


def cmd_star(args: argparse.Namespace) -> int:
    open_store(args).set_starred(args.id, not args.off)
    print(f"{'Unstarred' if args.off else 'Starred'} entry {args.id}")
    return 0


def cmd_link(args: argparse.Namespace) -> int:
    open_store(args).link(args.entry_id, args.goal_id, linked=not args.remove)
    print(f"{'Unlinked' if args.remove else 'Linked'} entry {args.entry_id} {'from' if args.remove else 'to'} goal {args.goal_id}")
    return 0


def register(sub: Any, want: Want) -> None:
    """Add this group's commands to the `journal` parser (only those `want` names)."""
    if want("add"):
        p = sub.add_parser("add", help="add an entry (a win); no TEXT opens $EDITOR")
        p.add_argument("text", nargs="*", help="the entry; inline: WHEN: at the start, +project, #skill")
        p.add_argument("--date", "-d", metavar="WHEN", help="yesterday, last friday, 3 days ago, 2026-11-02 ...")
        p.add_argument("--project", "-p")
        p.add_argument("--skill", "-s", action="append", default=[], metavar="SKILL")
        p.add_argument("--impact", "-i", metavar="TEXT", help='measurable outcome, e.g. "p95 latency -40%%"')
        p.add_argument("--star", action="store_true", help="mark as a key win")
        p.add_argument("--goal", "-g", type=row_id, action="append", default=[], metavar="ID", help="link to a goal")
        p.set_defaults(func=cmd_add)

    if want("list", "ls"):
        p = sub.add_parser("list", aliases=["ls"], help="list entries, newest first")
        add_filter_arg(p)
        add_formats(p)
        p.add_argument("--limit", "-n", type=count, default=None, help="at most N entries")
        p.add_argument("--reverse", "-r", action="store_true", help="oldest first")
        p.set_defaults(func=cmd_list)

    if want("show"):
        p = sub.add_parser("show", help="show one entry with its goals and feedback")
        p.add_argument("id", type=row_id)
        add_formats(p, ("text", "json"))
        p.set_defaults(func=cmd_show)

    if want("edit"):
        p = sub.add_parser("edit", help="edit an entry in $EDITOR")
        p.add_argument("id", type=row_id)
        p.set_defaults(func=cmd_edit)

    if want("rm"):
        p = sub.add_parser("rm", help="delete an entry")
        p.add_argument("id", type=row_id)
        p.add_argument("--yes", "-y", action="store_true", help="do not ask")
        p.set_defaults(func=cmd_rm)

    if want("star"):
        p = sub.add_parser("star", help="star an entry as a key win (--off to unstar)")
        p.add_argument("id", type=row_id)
        p.add_argument("--off", action="store_true")
        p.set_defaults(func=cmd_star)

    if want("link"):
        p = sub.add_parser("link", help="link an entry to a goal as evidence")
        p.add_argument("entry_id", type=row_id)
        p.add_argument("goal_id", type=row_id)
        p.add_argument("--remove", action="store_true", help="unlink instead")
        p.set_defaults(func=cmd_link)
