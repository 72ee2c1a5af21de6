"""The target role, its criteria, and the promotion case built against them."""

import argparse
import sys
from typing import Any

from journal_tui.cli.common import (
    Want,
    add_document_formats,
    add_examples,
    add_formats,
    add_group,
    add_period,
    confirm_delete,
    count,
    echo,
    open_reader,
    open_store,
    parse_when,
    render_document,
    row_id,
    today,
    wants_stamps,
    write_output,
)


def cmd_role_show(args: argparse.Namespace) -> int:
    """The role and each criterion with its evidence count (all time) against its need."""
    from journal_tui import output, roles
    from journal_tui.data import db
    from journal_tui.mdtext import one_line

    with db.reading(open_reader(args).path) as conn:
        role = roles.get_role(conn)
        criteria = roles.list_criteria(conn)
        counts = roles.evidence_counts(conn)
    if args.format == "json":
        print(
            output.to_json(
                {
                    "role": role,
                    "criteria": [
                        {
                            "id": c.id,
                            "name": c.name,
                            "skills": list(c.skills),
                            "need": c.need,
                            "note": c.note,
                            "entries": list(c.entry_ids),
                            "evidence": counts.get(c.id, 0),
                            "status": roles.status_of(counts.get(c.id, 0), c.need),
                        }
                        for c in criteria
                    ],
                }
            )
        )
        return 0
    if role is None and not criteria:
        print('No target role yet. Set one: journal role set "Staff Engineer"', file=sys.stderr)
        return 0
    lines = [f"Target role: {one_line(role or '(not set)')}"]  # one line each, whatever an old version stored
    if not criteria:
        lines.append('No criteria yet: journal role criterion add "Leads cross-team work" --skill leadership --need 3')
    for c in criteria:
        have = counts.get(c.id, 0)
        lines.append(f"{c.id:>4}  {roles.status_of(have, c.need):<7} {have:>3}/{c.need:<3} {one_line(c.name)}")
        lines += output.labelled(
            (f"{'':>6}skills: ", c.skills),
            (f"{'':>6}attached: ", c.entry_ids),
            (f"{'':>6}note: ", c.note and c.note.splitlines()[0]),
        )
    echo("\n".join(lines))
    return 0


def cmd_role_set(args: argparse.Namespace) -> int:
    from journal_tui import roles

    title = roles.set_role(open_store(args), " ".join(args.title))
    print(f"Target role: {title}")
    return 0


def cmd_criterion_add(args: argparse.Namespace) -> int:
    from journal_tui import roles

    cid = roles.add_criterion(
        open_store(args), args.name, skills=args.skill, need=args.need, note=args.note, set_on=parse_when(args.date)
    )
    named = [s.strip().lstrip("+#@").strip() for s in args.skill if s.strip()]
    skills = f" · skills: {', '.join(named)}" if named else ""
    print(f"Added criterion {cid} · need {args.need}{skills}")
    return 0


def cmd_criterion_edit(args: argparse.Namespace) -> int:
    from journal_tui import roles

    roles.edit_criterion(
        open_store(args), args.id, name=args.name, skills=args.skill or None, need=args.need, note=args.note
    )
    print(f"Updated criterion {args.id}")
    return 0


def cmd_criterion_rm(args: argparse.Namespace) -> int:
    from journal_tui import roles
    from journal_tui.data import db

    store = open_store(args)
    with db.reading(store.path) as conn:
        c = roles.get_criterion(conn, args.id)
    return confirm_delete("criterion", c.id, f"({c.name})", args.yes, lambda: roles.remove_criterion(store, c.id))


def link_criterion(args: argparse.Namespace) -> int:
    """`journal link ENTRY --criterion ID`: attach a win to a criterion by hand."""
    from journal_tui import roles

    roles.link_entry(open_store(args), args.entry_id, args.criterion, linked=not args.remove)
    print(
        f"Detached entry {args.entry_id} from criterion {args.criterion}"
        if args.remove
        else f"Attached entry {args.entry_id} to criterion {args.criterion}"
    )
    return 0


def cmd_case(args: argparse.Namespace) -> int:
    from journal_tui.case import build_case, to_data, to_markdown
    from journal_tui.cli.data import review_period

    case = build_case(open_reader(args), review_period(args, today()), today(), stamps=wants_stamps(args))
    write_output(render_document(args, lambda: to_markdown(case), lambda: to_data(case)), args.output, args.db)
    return 0


def register(sub: Any, want: Want) -> None:
    """Add this group's commands to the `journal` parser (only those `want` names)."""
    if want("role"):
        role = sub.add_parser("role", help="the target role and its criteria (no action: list them with evidence)")
        add_formats(role, ("table", "json"))
        role.set_defaults(func=cmd_role_show)
        rsub = role.add_subparsers(dest="role_cmd", metavar="ACTION")
        p = rsub.add_parser("set", help="set the role you are working towards")
        p.add_argument("title", nargs="+")
        p.set_defaults(func=cmd_role_set)
        csub = add_group(rsub, "criterion", "what the role requires: add, edit, rm")
        p = csub.add_parser("add", help="add a criterion, met by NEED entries with any of its skills")
        p.add_argument("name")
        p.add_argument("--skill", "-s", action="append", default=[], help="a skill that counts as evidence (repeat)")
        p.add_argument("--need", "-n", type=count, default=1, help="how many pieces of evidence meet it (default 1)")
        p.add_argument("--note", metavar="TEXT", help="what the role expects, in your company's words")
        p.add_argument(
            "--date",
            "-d",
            metavar="WHEN",
            help="the day the role asked for it (default today), for one "
            "from before this journal: a past case shows it from then",
        )
        p.set_defaults(func=cmd_criterion_add)
        p = csub.add_parser("edit", help="change a criterion (--skill replaces the list)")
        p.add_argument("id", type=row_id)
        p.add_argument("--name")
        p.add_argument("--skill", "-s", action="append", default=[])
        p.add_argument("--need", "-n", type=count)
        p.add_argument("--note", metavar="TEXT", help='"" removes the note')
        p.set_defaults(func=cmd_criterion_edit)
        p = csub.add_parser("rm", help="delete a criterion")
        p.add_argument("id", type=row_id)
        p.add_argument("--yes", "-y", action="store_true")
        p.set_defaults(func=cmd_criterion_rm)

    if want("case"):
        p = sub.add_parser("case", help="your promotion case: each criterion met, partial or a gap, with evidence")
        add_period(p, "2026-Q3, last quarter, 2026, last 365 days ...")
        add_document_formats(p, ("markdown", "json", "html"), template=True)
        add_examples(p, "journal case", "journal case --quarter last-quarter --format html -o case.html")
        p.set_defaults(func=cmd_case)
