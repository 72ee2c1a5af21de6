"""The people around you: `person`, `met`, `people`, `ask`, `asks`.

Names work like the `by:` filter: `maria` is "Maria Lopez" when she is the only
match; a name nobody matches is a new person (except for show, rm and rename).
"""

import argparse
from collections.abc import Sequence
from typing import Any

from journal_tui.cli.common import (
    Want,
    add_command,
    add_filter_arg,
    add_formats,
    add_group,
    confirm,
    days,
    echo,
    open_reader,
    parse_filter,
    parse_when,
    print_rows,
    row_id,
    today,
)
from journal_tui.data.writes import CONTACT_KINDS
from journal_tui.errors import JournalError
from journal_tui.output import to_json
from journal_tui.plurals import plural
from journal_tui.query import ROLES


def _journal(args: argparse.Namespace) -> Any:
    """The journal without SQLAlchemy: these commands start as fast as `journal add`."""
    from journal_tui.data import db

    return db.journal_file(args.db)


def _clean(text: str | None) -> str:
    """User text for a terminal line: one line, no control codes or bidi overrides, whatever an older version or
    another program stored (`mdtext.one_line`, the rule of every renderer)."""
    from journal_tui.mdtext import one_line

    return one_line(text or "")


def cmd_person_set(args: argparse.Namespace) -> int:
    from journal_tui import people

    name, created = people.set_person(
        _journal(args), args.name, role=args.role, team=args.team, note=args.note, new=args.new
    )
    details = ", ".join(f"{k} {v}" for k, v in (("role", args.role), ("team", args.team)) if v)
    print(f"{'Added' if created else 'Updated'} {_clean(name)}{f' ({details})' if details else ''}")
    return 0


def cmd_person_show(args: argparse.Namespace) -> int:
    from journal_tui import people

    d = people.person_detail(_journal(args), args.name, today(), stale_after=args.stale_days)
    if args.format == "json":
        print(
            to_json(
                {
                    **d.person.to_dict(),
                    "feedback_items": [
                        {
                            "id": f.id,
                            "date": f.received_on.isoformat(),
                            "kind": f.kind,
                            "text": f.text,
                            "about": f.entry_id,
                        }
                        for f in d.feedback
                    ],
                    "contacts": [c.to_dict() for c in d.contacts],
                    "asks": [a.to_dict() for a in d.asks],
                }
            )
        )
        return 0
    echo(person_text(d))
    return 0


def person_text(d: Any) -> str:
    """A person as the terminal shows them: who, then feedback, conversations and asks."""
    p = d.person
    head = " · ".join(filter(None, [p.name, p.role, f"team {p.team}" if p.team else "", "STALE" if p.stale else ""]))
    lines = [_clean(head)]
    if p.note:
        lines.append(f"Note: {_clean(p.note)}")
    last = p.last_contact.isoformat() if p.last_contact else "never"
    lines.append(f"Last contact: {last} · {plural(p.open_asks, 'open ask')}")
    lines += ["", f"Feedback: {p.praise} praise, {p.constructive} constructive, {p.neutral} other"]
    lines += [f"{f.id:>5}  {f.received_on.isoformat()}  {f.kind:<12} {_clean(f.text)}" for f in d.feedback]
    lines += ["", f"Conversations: {len(d.contacts)}"]
    lines += [f"       {c.met_on.isoformat()}  {c.kind or '':<12} {_clean(c.text)}" for c in d.contacts]
    lines += ["", f"Asks: {len(d.asks)}"]
    lines += [ask_line(a, with_person=False) for a in d.asks]
    return "\n".join(lines)


def ask_line(a: Any, *, with_person: bool = True) -> str:
    state = "OVERDUE" if a.overdue else a.status
    due = f"due {a.due_on.isoformat()}" if a.due_on else "no due date"
    who = f"{_clean(a.person)}: " if with_person else ""
    extra = f" (answered by feedback {a.feedback_id})" if a.feedback_id else ""
    about = f" [entry {a.entry_id}]" if a.entry_id else ""
    return f"{a.id:>5}  {state:<8} {due:<18} {who}{_clean(a.about)}{about}{extra}"


def cmd_person_rm(args: argparse.Namespace) -> int:
    from journal_tui import people

    journal = _journal(args)
    if not confirm(f"Remove {people.describe_removal(journal, args.name, force=args.force)}?", args.yes):
        print("Kept.")
        return 0
    print(people.remove_person(journal, args.name, force=args.force))
    return 0


def cmd_person_rename(args: argparse.Namespace) -> int:
    from journal_tui import people

    print(people.rename_person(_journal(args), args.old, args.new))
    return 0


def cmd_met(args: argparse.Namespace) -> int:
    from journal_tui import people

    met_on = parse_when(args.date) or today()
    _, name = people.add_contact(_journal(args), args.name, args.text, met_on=met_on, kind=args.kind)
    print(f"Logged {args.kind + ' ' if args.kind else ''}contact with {_clean(name)} on {met_on.isoformat()}")
    return 0


def cmd_people(args: argparse.Namespace) -> int:
    from journal_tui import people

    flt = parse_filter(args)
    journal = open_reader(args) if people.needs_full_store(flt) else _journal(args)  # the Reader counts feedback
    rows = people.list_people(journal, today(), flt, role=args.role, stale_after=args.stale_days)
    return print_rows(
        args.format, rows, people_table, empty='No people yet. Add one: journal person set "Raj Mehta" --role mentor'
    )


def people_table(rows: Sequence[Any]) -> str:
    """One line per person under a header (nothing at all when there is nobody)."""
    if not rows:
        return ""
    width = max(len(_clean(p.name)) for p in rows)
    roles = max([10, *(len(_clean(p.role)) for p in rows)])  # 'decision-maker' is wider than the header's 10
    lines = [f"{'NAME':<{width}}  {'ROLE':<{roles}}  {'PRAISE':>6}  {'CONSTR.':>7}  {'LAST CONTACT':<12}  ASKS"]
    for p in rows:
        last = p.last_contact.isoformat() if p.last_contact else "never"
        asks = f"{p.open_asks}" + (f" ({p.overdue_asks} overdue)" if p.overdue_asks else "")
        lines.append(
            f"{_clean(p.name):<{width}}  {_clean(p.role):<{roles}}  {p.praise:>6}  {p.constructive:>7}  {last:<12}  "
            f"{asks:<4}{'  stale' if p.stale else ''}".rstrip()
        )
    return "\n".join(lines)


def cmd_ask(args: argparse.Namespace) -> int:
    from journal_tui import people

    if args.name.strip().lower() == "close":
        if args.about is None:
            raise JournalError("journal ask close takes the id of an open ask (journal asks lists them)")
        try:
            ask_id = row_id(args.about)  # the id every other command reads, with the same range and message
        except argparse.ArgumentTypeError as exc:
            args.usage_error(f"argument ID (after close): {exc}")
        person = people.close_ask(_journal(args), ask_id, today())
        print(f"Closed ask {ask_id} to {_clean(person)} without an answer")
        return 0
    if args.about is None:
        raise JournalError('say what the feedback is about: journal ask NAME "the roadmap deck"')
    due = parse_when(args.due, "future")
    ask_id, name = people.add_ask(
        _journal(args),
        args.name,
        args.about,
        asked_on=parse_when(args.date) or today(),
        entry_id=args.entry,
        due_on=due,
    )
    print(f"Asked {_clean(name)} for feedback (ask {ask_id}{f', due {due.isoformat()}' if due else ''})")
    return 0


def cmd_asks(args: argparse.Namespace) -> int:
    from journal_tui import people

    rows = people.list_asks(_journal(args), today(), include_all=args.all)
    return print_rows(
        args.format,
        rows,
        lambda rows: "\n".join(ask_line(a) for a in rows),
        empty='No open asks. Ask someone: journal ask "Maria Lopez" "the roadmap deck" --due "next friday"',
    )


def _stale_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--stale-days",
        type=days,
        metavar="N",
        help="mentors and sponsors are stale after N days without contact (default $JOURNAL_STALE_DAYS or 45)",
    )


def register(sub: Any, want: Want) -> None:
    """Add this group's commands to the `journal` parser (only those `want` names)."""
    if want("person"):
        psub = add_group(sub, "person", "someone you work with: set (role, team, note), show, rm, rename")
        p = add_command(psub, "set", "add a person or set their role, team, note", cmd_person_set, "name")
        p.add_argument("--role", "-r", choices=ROLES)
        p.add_argument("--team")
        p.add_argument("--note")
        p.add_argument(
            "--new",
            action="store_true",
            help="add this exact name even when it starts the name of someone else (Dan beside Dan Kowalski)",
        )
        p = add_command(psub, "show", "a person with their feedback, conversations and asks", cmd_person_show, "name")
        add_formats(p, ("table", "json"))
        _stale_option(p)
        p = add_command(psub, "rm", "remove a person (refused while referenced unless --force)", cmd_person_rm, "name")
        p.add_argument(
            "--force",
            action="store_true",
            help="also delete their conversations and asks; their feedback stays, from (removed)",
        )
        p.add_argument("--yes", "-y", action="store_true", help="do not ask")
        add_command(
            psub, "rename", "rename a person; a name already taken merges the two", cmd_person_rename, "old", "new"
        )

    if want("met"):
        p = add_command(sub, "met", "log a conversation: a 1:1, coffee, mentoring session, review", cmd_met, "name")
        p.add_argument("text", help="what you talked about")
        p.add_argument("--date", "-d", metavar="WHEN")
        p.add_argument("--kind", "-k", choices=CONTACT_KINDS)

    if want("people"):
        p = sub.add_parser("people", help="people with role, feedback, last contact, open asks, stale flag")
        add_filter_arg(p)
        p.add_argument("--role", "-r", choices=ROLES)
        add_formats(p, ("table", "json"))
        _stale_option(p)
        p.set_defaults(func=cmd_people)

    if want("ask"):
        p = sub.add_parser("ask", help="ask someone for feedback (journal ask close ID: no answer came)")
        p.add_argument("name", help="who you asked (or `close`)")
        p.add_argument("about", nargs="?", help="what about (or, after close, the ask id)")
        p.add_argument("--about", dest="entry", type=row_id, metavar="ENTRY_ID", help="the entry it is about")
        p.add_argument("--due", metavar="WHEN", help="when you need it by")
        p.add_argument("--date", "-d", metavar="WHEN", help="when you asked (default today)")
        p.set_defaults(func=cmd_ask, usage_error=p.error)  # `ask close ID` reads its id after parsing

    if want("asks"):
        p = sub.add_parser("asks", help="open asks for feedback, overdue first")
        p.add_argument("--all", "-a", action="store_true", help="include answered and closed asks")
        add_formats(p, ("table", "json"))
        p.set_defaults(func=cmd_asks)
