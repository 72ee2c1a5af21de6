"""`journal promo`: the promotion conversation — add (outcome, date, with whom, what is missing, when to retry),
list, rm.  Standard library only, like `met` and `ask`: no SQLAlchemy on these paths."""

import argparse
from collections.abc import Sequence
from typing import Any

from journal_tui.cli.common import (
    Want,
    add_examples,
    add_formats,
    add_group,
    confirm_delete,
    parse_when,
    print_rows,
    row_id,
    today,
)


def _journal(args: argparse.Namespace) -> Any:
    from journal_tui.data import db

    return db.journal_file(args.db)


def cmd_promo_add(args: argparse.Namespace) -> int:
    from journal_tui import promo

    outcome = promo.match_outcome(args.outcome)  # a bad outcome is refused before the journal is opened
    row = promo.add_promo(
        _journal(args),
        outcome,
        talked_on=parse_when(args.date) or today(),
        person=args.person,
        note=args.note,
        retry_on=parse_when(args.retry, "future"),
    )
    print(f"Added promotion conversation {row.id}: {_clean(row.line())}")
    return 0


def _clean(text: str) -> str:
    from journal_tui.mdtext import one_line

    return one_line(text)


def promo_table(rows: Sequence[Any]) -> str:
    """One line per conversation, newest first (nothing at all when there is none)."""
    return "\n".join(f"{r.id:>5}  {_clean(r.line())}" for r in rows)


def cmd_promo_list(args: argparse.Namespace) -> int:
    from journal_tui import promo

    rows = promo.list_promos(_journal(args))
    return print_rows(
        args.format,
        rows,
        promo_table,
        empty='No promotion conversations yet. After one: journal promo add not-yet --with "Maria Lopez" '
        '--note "what is missing" --retry "in 6 months"',
    )


def cmd_promo_rm(args: argparse.Namespace) -> int:
    from journal_tui import promo

    journal = _journal(args)
    row = promo.get_promo(journal, args.id)
    return confirm_delete(
        "promotion conversation", row.id, _clean(row.line()), args.yes, lambda: promo.delete_promo(journal, row.id)
    )


def register(sub: Any, want: Want) -> None:
    """Add this group's commands to the `journal` parser (only those `want` names)."""
    if not want("promo"):
        return
    from journal_tui.promo import OUTCOMES

    psub = add_group(sub, "promo", "promotion conversations: add, list, rm")
    p = psub.add_parser("add", help="record a conversation about your promotion, and when to try again")
    p.add_argument("outcome", metavar="OUTCOME", help=f"one of {', '.join(OUTCOMES)} (a unique start is enough)")
    p.add_argument("--date", "-d", metavar="WHEN", help="when you talked (default today), e.g. 2026-09-30, last friday")
    p.add_argument(
        "--with",
        "-w",
        dest="person",
        metavar="NAME",
        help="who decided or told you (matched like `met`; a new name is a new person)",
    )
    p.add_argument("--note", "-n", metavar="TEXT", help="what they said is still missing")
    p.add_argument(
        "--retry",
        "-r",
        metavar="WHEN",
        help="when to try again (`journal nudge` reminds 14 days before), e.g. 2027-03-01, in 6 months",
    )
    add_examples(
        p,
        'journal promo add not-yet --date 2026-09-30 --with "Maria Lopez" '
        '--note "show scope beyond the team" --retry "in 6 months"',
        "journal promo add promoted --with Maria",
    )
    p.set_defaults(func=cmd_promo_add)
    p = psub.add_parser("list", help="promotion conversations, newest first")
    add_formats(p, ("table", "json"))
    add_examples(p, "journal promo list", "journal promo list --format json")
    p.set_defaults(func=cmd_promo_list)
    p = psub.add_parser("rm", help="delete a promotion conversation")
    p.add_argument("id", type=row_id, metavar="ID", help="the conversation's id (first column of `journal promo list`)")
    p.add_argument("--yes", "-y", action="store_true", help="do not ask")
    add_examples(p, "journal promo rm 1 --yes")
    p.set_defaults(func=cmd_promo_rm)
