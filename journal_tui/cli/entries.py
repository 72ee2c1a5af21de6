"""Entries (wins): add, list, show, edit, rm, star, link.

`add` is the quick-add path: it imports only the standard library, dateutil and
this package's light modules (a test guards it)."""

import argparse
import sys
from typing import Any

from journal_tui.cli.common import (
    ID_HELP,
    NO_FTS_NOTE,
    Want,
    add_examples,
    add_filter_arg,
    add_formats,
    add_id_arg,
    add_rm,
    count,
    delete_row,
    draft_folder,
    open_reader,
    open_store,
    parse_filter,
    parse_when,
    print_rows,
    row_id,
    today,
)
from journal_tui.errors import JournalError, Unsaved


def _save_new(
    args: argparse.Namespace,
    raw: str,
    date: str | None,
    project: str | None,
    skills: list[str],
    impact: str | None,
    star: bool,
) -> tuple[int, Any, str | None, list[str], bool]:
    """Parse quick-add text and insert it in one transaction: (id, date, project, skills, starred)."""
    from journal_tui.data import db
    from journal_tui.inline import apply_flags, parse_inline

    entry = apply_flags(
        parse_inline(raw, today=today()), occurred_on=parse_when(date), project=project, skills=skills, today=today()
    )
    occurred_on, project, skills = entry.occurred_on or today(), entry.project, entry.skills
    conn = db.open_journal(args.db)
    try:
        with db.transaction(conn):
            entry_id = db.insert_entry(
                conn,
                text=entry.text,
                occurred_on=occurred_on,
                project=project,
                skills=skills,
                impact=impact,
                starred=star,
                goal_ids=args.goal,
                extra=args.extra,
            )
    finally:
        conn.close()
    return entry_id, occurred_on, project, skills, star


def _kept(exc: Unsaved, text: str, args: argparse.Namespace) -> JournalError:
    """The failure, and where the quick add's text was kept (a private draft) so it can be added again."""
    from journal_tui import editor

    try:
        path = editor.keep_draft(text + "\n", draft_folder(args))
    except (OSError, JournalError):
        return JournalError(f"{exc}; your text was: {text}")
    return JournalError(f'{exc}; your text is kept in {path} (add it later: journal add "$(cat {path})")')


def cmd_add(args: argparse.Namespace) -> int:
    saved: tuple[int, Any, str | None, list[str], bool]
    if args.text:
        text = " ".join(args.text)
        try:
            saved = _save_new(args, text, args.date, args.project, args.skill, args.impact, args.star)
        except Unsaved as exc:  # the journal could not take it: the text is not lost with the failed write
            raise _kept(exc, text, args) from None
    else:
        from journal_tui import editor

        shown = args.date or "today"
        document = editor.render(
            date=shown, project=args.project or "", skills=args.skill, impact=args.impact or "", starred=args.star
        )

        def save(e: "editor.EditedEntry") -> tuple[int, Any, str | None, list[str], bool]:
            # the Date: line is a flag only when given with -d or changed: a `WHEN:` in the text beats the template's
            # today
            date = e.date if args.date or not _same(e.date, shown) else None
            return _save_new(args, e.text, date, e.project or None, e.skills, e.impact or None, e.starred)

        edited = editor.edit_until_valid(document, save, draft_folder(args))
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
    if args.extra:
        bits.append("beyond my role")
    try:
        print(" · ".join(bits))
        sys.stdout.flush()
    except OSError as exc:  # e.g. `journal add x > /dev/full`: the entry is saved, say so, or the user adds it twice
        raise JournalError(
            f"entry {entry_id} was added, but its confirmation could not be printed "
            f"({exc.strerror or exc}); it is saved, do not add it again"
        ) from None
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from journal_tui import output

    flt = parse_filter(args)
    store = open_reader(args)
    if flt.has_text and not store.use_fts:
        print(NO_FTS_NOTE, file=sys.stderr)
    rows = store.list_entries(flt, limit=args.limit, oldest_first=args.reverse)
    return print_rows(
        args.format,
        rows,
        lambda rows: output.entries_table(rows, output.terminal_width()),
        markdown=output.entries_markdown,
        empty="No entries match."
        if not flt.is_empty
        else 'No entries yet. Add one: journal add "Shipped X +project #skill"',
    )


def cmd_show(args: argparse.Namespace) -> int:
    from journal_tui import output
    from journal_tui.harvest import commits_text, entry_commits

    reader = open_reader(args)
    detail = reader.entry_detail(args.id)
    with reader.reading() as conn:
        commits = entry_commits(conn, args.id)  # the commits it was accepted from (journal inbox)
    if args.format == "json":
        data = detail.entry.to_dict()
        data["feedback"] = [f.to_dict() for f in detail.feedback]
        data["answers"] = [f.to_dict() for f in detail.answers]
        data["commits"] = [c.to_dict() for c in commits]
        print(output.to_json(data))
    else:
        print(output.entry_text(detail.entry, detail.goals, detail.feedback, detail.answers) + commits_text(commits))
    return 0


def _same(a: str, b: str) -> bool:
    """Did the user leave an editor header line as it was shown (spacing and case aside)?"""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def cmd_edit(args: argparse.Namespace) -> int:
    from journal_tui import editor
    from journal_tui.inline import Inline, apply_flags, parse_inline

    store = open_store(args)
    e = store.get_entry(args.id)
    shown_date, shown_project = e.occurred_on.isoformat(), e.project or ""

    def save(edited: "editor.EditedEntry") -> bool:
        # a changed text is read like a quick add (`WHEN:`, +project, #skill); a changed header line beats it,
        # an unchanged one gives way to it
        parsed = parse_inline(edited.text, today=today()) if edited.text != e.text else Inline(edited.text)
        entry = apply_flags(
            parsed,
            occurred_on=None if _same(edited.date, shown_date) else parse_when(edited.date),
            project=None if _same(edited.project, shown_project) else edited.project or None,
            skills=edited.skills,
        )
        store.update_entry(
            args.id,
            text=entry.text,
            occurred_on=entry.occurred_on or parse_when(edited.date) or e.occurred_on,
            project=entry.project or edited.project or None,
            skills=entry.skills,
            impact=edited.impact or None,
            starred=edited.starred,
        )
        return True

    document = editor.render(shown_date, shown_project, list(e.skills), e.impact or "", e.starred, e.text)
    if editor.edit_until_valid(document, save, draft_folder(args)) is None:
        raise JournalError("the text is empty; entry left unchanged (use `journal rm` to delete)")
    print(f"Updated entry {args.id}")
    return 0


def cmd_rm(args: argparse.Namespace) -> int:
    return delete_row(args, "entry", lambda e: f"({e.occurred_on.isoformat()}: {e.title})")


def cmd_star(args: argparse.Namespace) -> int:
    open_store(args).set_starred(args.id, not args.off)
    print(f"{'Unstarred' if args.off else 'Starred'} entry {args.id}")
    return 0


def cmd_extra(args: argparse.Namespace) -> int:
    open_store(args).set_extra(args.id, not args.off)
    print(f"Entry {args.id} is {'no longer marked as' if args.off else 'now marked as'} work beyond your role")
    return 0


def cmd_link(args: argparse.Namespace) -> int:
    if args.criterion is not None:
        from journal_tui.cli.case import link_criterion

        link_criterion(args)
        if args.goal_id is None:
            return 0
    if args.goal_id is None:
        raise JournalError("link to what? pass a GOAL_ID or --criterion ID")
    open_store(args).link(args.entry_id, args.goal_id, linked=not args.remove)
    linked, way = ("Unlinked", "from") if args.remove else ("Linked", "to")
    print(f"{linked} entry {args.entry_id} {way} goal {args.goal_id}")
    return 0


def register(sub: Any, want: Want) -> None:
    """Add this group's commands to the `journal` parser (only those `want` names)."""
    if want("add"):
        p = sub.add_parser("add", help="add an entry (a win); no TEXT opens $EDITOR")
        p.add_argument(
            "text", nargs="*", help="the entry; inline: WHEN: at the start (yesterday: ...), +project, #skill"
        )
        p.add_argument(
            "--date",
            "-d",
            metavar="WHEN",
            help="the day it happened (beats a WHEN: prefix), e.g. yesterday, last friday, 3 days ago, 2026-11-02",
        )
        p.add_argument("--project", "-p", metavar="NAME", help="the project (beats a +project in the text)")
        p.add_argument("--skill", "-s", action="append", default=[], metavar="SKILL", help="a skill (repeatable)")
        p.add_argument("--impact", "-i", metavar="TEXT", help='measurable outcome, e.g. "p95 latency -40%%"')
        p.add_argument("--star", action="store_true", help="mark as a key win")
        p.add_argument(
            "--extra",
            action="store_true",
            help="work beyond your current role (the case lists these in a section of their own)",
        )
        p.add_argument(
            "--goal",
            "-g",
            type=row_id,
            action="append",
            default=[],
            metavar="ID",
            help="link to a goal as evidence (its id in `journal goal list`; repeatable)",
        )
        add_examples(
            p,
            'journal add "yesterday: Shipped self-serve refunds +billing #sql #product" --star',
            'journal add "Led the incident review #leadership" -p billing -d "last friday" -i "MTTR -30%"',
            'journal add "2026-11-02: Wrote the on-call runbook +payments" --goal 1',
            "journal add    # no text: opens $EDITOR on a template",
        )
        p.set_defaults(func=cmd_add)

    if want("list", "ls"):
        p = sub.add_parser("list", aliases=["ls"], help="list entries, newest first")
        add_filter_arg(p)
        add_formats(p)
        p.add_argument("--limit", "-n", type=count, default=None, metavar="N", help="at most N entries")
        p.add_argument("--reverse", "-r", action="store_true", help="oldest first")
        add_examples(
            p,
            "journal list project:billing,payments -skill:ux",
            "journal list in:last-quarter starred:yes",
            'journal list in:"this week" refund',
            "journal list by:maria kind:praise",
            "journal list goal:1 --format json",
            "journal list -n 5 --reverse",
        )
        p.set_defaults(func=cmd_list)

    if want("show"):
        p = sub.add_parser("show", help="show one entry with its goals and feedback")
        add_id_arg(p, "entry")
        add_formats(p, ("text", "json"))
        add_examples(p, "journal show 1", "journal show 1 --format json")
        p.set_defaults(func=cmd_show)

    if want("edit"):
        p = sub.add_parser("edit", help="edit an entry in $EDITOR")
        add_id_arg(p, "entry")
        add_examples(p, "journal edit 1")
        p.set_defaults(func=cmd_edit)

    if want("rm"):
        add_rm(sub, "entry", "delete an entry", "journal rm 1 --yes", cmd_rm)

    if want("star"):
        p = sub.add_parser("star", help="star an entry as a key win (--off to unstar)")
        add_id_arg(p, "entry")
        p.add_argument("--off", action="store_true", help="unstar instead")
        add_examples(p, "journal star 1", "journal star 1 --off")
        p.set_defaults(func=cmd_star)

    if want("extra"):
        p = sub.add_parser("extra", help="mark an entry as work beyond your current role (--off to unmark)")
        add_id_arg(p, "entry")
        p.add_argument("--off", action="store_true", help="unmark instead")
        add_examples(p, "journal extra 1", "journal extra 1 --off")
        p.set_defaults(func=cmd_extra)

    if want("link"):
        p = sub.add_parser("link", help="link an entry to a goal (or, with --criterion, a role criterion) as evidence")
        add_id_arg(p, "entry", "entry_id")
        p.add_argument("goal_id", type=row_id, nargs="?", metavar="GOAL_ID", help=ID_HELP["goal"])
        p.add_argument(
            "--criterion",
            "-c",
            type=row_id,
            metavar="ID",
            help="attach to this criterion of the target role (ids: journal role)",
        )
        p.add_argument("--remove", action="store_true", help="unlink instead")
        add_examples(p, "journal link 1 1", "journal link 1 1 --remove")
        p.set_defaults(func=cmd_link)
