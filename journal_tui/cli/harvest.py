"""Harvest and inbox: your own commits from local git repositories, as suggestions you accept or skip.

`journal harvest [REPO ...]` reads repositories (remembered for the next run), `journal inbox` lists what
waits, `journal inbox accept ID` / `skip ID` decide.  Standard library only (the data package's plain connection
and the `git` command): neither SQLAlchemy nor Textual is imported, and `journal add` never imports this module.
"""

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from journal_tui.cli.common import Want, add_epilog, add_examples, count, parse_when, print_rows, row_id, today

if TYPE_CHECKING:
    from journal_tui.harvest import Accepted, HarvestReport, SuggestionRow

TITLE_WIDTH = 72  # characters of a title in `journal inbox` (JSON has it whole)
SHOWN_COMMITS = 4  # short hashes listed under a suggestion


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def _journal(args: argparse.Namespace) -> Any:
    from journal_tui.data import db

    return db.journal_file(args.db)


# --- journal harvest ----------------------------------------------------------------------------------------


def cmd_harvest(args: argparse.Namespace) -> int:
    from journal_tui import harvest
    from journal_tui.data.writes.harvest import KEEP

    since = parse_when(args.since)  # every input is checked before anything is written
    rules = [harvest.parse_rule(rule) for rule in args.map]
    journal = _journal(args)
    housekeeping = bool(args.forget or args.map or args.unmap or args.list)
    for path in args.forget:
        for gone in harvest.forget(journal, path):
            print(f"Forgot {harvest.home_short(gone)}: journal harvest no longer rescans it")
    for pattern in args.unmap:
        harvest.remove_rule(journal, pattern)
        print(f"Removed the skill rule for {pattern}")
    for pattern, skill in rules:
        harvest.set_rule(journal, pattern, skill)
        print(f"Skill rule: files matching {pattern} show #{skill}")
    if args.list:
        _print_list(journal)
    if housekeeping and not (args.repo or args.since or args.author or args.project is not None):
        return 0
    project: Any = KEEP if args.project is None else (args.project.strip() or None)
    request = harvest.Request(paths=args.repo, since=since, authors=args.author, project=project)
    report = harvest.harvest(journal, request, today())
    return _print_report(report)


def _print_report(report: "HarvestReport") -> int:
    from journal_tui.harvest import home_short

    for given, message in report.problems:
        print(f"journal: {given}: {message}", file=sys.stderr)
    for repo in report.repos:
        where = home_short(repo.path)
        if repo.status == "problem":
            print(f"journal: {where}: {repo.message}", file=sys.stderr)
            continue
        for note in repo.notes:
            print(f"journal: note: {where} {note}", file=sys.stderr)
        if repo.status == "unchanged":
            print(f"{repo.name}: nothing new")
        elif repo.status == "empty":
            print(f"{repo.name}: no commits yet")
        elif repo.mine == 0:
            print(f"{repo.name}: no new commits of yours")
        else:
            print(
                f"{repo.name}: {_plural(repo.mine, 'new commit')} of yours → {_plural(repo.suggestions, 'suggestion')}"
            )
    if report.read_any:
        waiting = report.waiting
        print(
            f"{_plural(waiting, 'suggestion')} {'waits' if waiting == 1 else 'wait'} in the inbox: journal inbox"
            if waiting
            else "The inbox is empty."
        )
        return 0
    return 1


def _print_list(journal: Any) -> None:
    from journal_tui.data import db
    from journal_tui.harvest import home_short, remembered, skill_rules
    from journal_tui.harvest_text import project_from

    with db.reading(journal.path) as conn:
        repos, rules = remembered(conn), skill_rules(conn)
    if not repos:
        print("No repositories remembered yet: journal harvest PATH (a repository, or a folder of them)")
    else:
        print("Repositories (journal harvest rescans these):")
        for r in repos:
            when = f"last harvest {r.harvested_at[:16]} UTC" if r.harvested_at else "not harvested yet"
            mapped = "" if r.project else " (the folder's name)"
            print(f"  {home_short(r.path)}  · project {r.project or project_from(r.path) or '-'}{mapped} · {when}")
    if rules:
        print("Skill rules:")
        for pattern, skill in rules:
            print(f"  {pattern} → #{skill}")


# --- journal inbox --------------------------------------------------------------------------------------------


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def inbox_table(rows: "Sequence[SuggestionRow]") -> str:
    """Three lines at most per suggestion: id, day, title, project and skills; where from; what it could count for."""
    lines = []
    for s in rows:
        names = ([f"+{s.project}"] if s.project else []) + [f"#{k}" for k in s.skills]
        lines.append(
            f"{s.id:>4}  {s.occurred_on.isoformat()}  {_cut(s.title, TITLE_WIDTH)}"
            + (f"  {' '.join(names)}" if names else "")
        )
        shorts = " ".join(c.short for c in s.commits[:SHOWN_COMMITS]) + (" …" if len(s.commits) > SHOWN_COMMITS else "")
        kind = "merged branch, " if s.kind == "merge" else ""
        lines.append(f"      {s.repo_name} · {kind}{_plural(len(s.commits), 'commit')}: {shorts}")
        if s.matches:
            lines.append(f"      could count for: {s.could_count_for()}")
    return "\n".join(lines)


def cmd_inbox(args: argparse.Namespace) -> int:
    from journal_tui.data import db
    from journal_tui.harvest import suggestions

    action = getattr(args, "inbox_cmd", None)
    if action == "accept":
        return cmd_accept(args)
    if action == "skip":
        return cmd_skip(args)
    with db.reading(_journal(args).path) as conn:
        rows = suggestions(conn, limit=args.limit)
    return print_rows(
        args.format,
        rows,
        inbox_table,
        empty="The inbox is empty. Harvest your commits: journal harvest PATH (a repository, or a folder of them)",
    )


def _accepted_line(a: "Accepted") -> str:
    bits = [f"Added entry {a.entry_id}", a.occurred_on.isoformat()]
    if a.project:
        bits.append(f"+{a.project}")
    if a.skills:
        bits.append(" ".join(f"#{s}" for s in a.skills))
    if a.starred:
        bits.append("★")
    bits.append(f"from suggestion {a.suggestion_id} ({_plural(a.commits, 'commit')})")
    line = " · ".join(bits)
    if a.linked:
        line += "\n" + "\n".join(f"  counts for {m.kind} {m.id}: {m.name}" for m in a.linked)
    return line


CHOICE_OPTIONS = ("text", "date", "project", "impact")


def cmd_accept(args: argparse.Namespace) -> int:
    from journal_tui import harvest

    chosen = (
        [f"--{o}" for o in CHOICE_OPTIONS if getattr(args, o) is not None]
        + (["--skill"] if args.skill else [])
        + (["--star"] if args.star else [])
    )
    if args.all:
        if args.id is not None or chosen:
            args.parser.error(
                "--all accepts every suggestion as it is; give one ID to accept with "
                + (", ".join(chosen) if chosen else "an ID")
            )
        accepted = harvest.accept_all(_journal(args), today())
        if not accepted:
            print("The inbox is empty; nothing to accept.", file=sys.stderr)
        for a in accepted:
            print(_accepted_line(a))
        return 0
    if args.id is None:
        args.parser.error("accept which suggestion? give its ID (journal inbox lists them) or --all")
    choice = harvest.Choice(
        text=args.text,
        occurred_on=parse_when(args.date),
        project=args.project,
        skills=[s for s in args.skill if s.strip()],
        impact=args.impact,
        starred=args.star,
        link=args.link,
    )
    print(_accepted_line(harvest.accept(_journal(args), args.id, choice, today())))
    return 0


def cmd_skip(args: argparse.Namespace) -> int:
    from journal_tui import harvest

    ids = list(dict.fromkeys(args.ids))
    commits = harvest.skip(_journal(args), ids)
    print(
        f"Skipped {'suggestion' if len(ids) == 1 else 'suggestions'} {', '.join(map(str, ids))} "
        f"({_plural(commits, 'commit')} will not be offered again)"
    )
    return 0


# --- the parsers ------------------------------------------------------------------------------------------------


def _since(text: str) -> str:
    """argparse type: refuse an empty --since at once (the date itself is read with the others)."""
    if not text.strip():
        raise argparse.ArgumentTypeError("--since needs a day, e.g. 2026-10-01 or 3 weeks ago")
    return text


def register(sub: Any, want: Want) -> None:
    if want("harvest"):
        p = sub.add_parser("harvest", help="collect your own commits from local git repositories into the inbox")
        p.add_argument(
            "repo",
            nargs="*",
            metavar="REPO",
            help="a repository, or a folder searched 3 levels deep for them (remembered); none: the remembered ones",
        )
        p.add_argument(
            "--since",
            type=_since,
            metavar="WHEN",
            help="commits since this day (default: since the last harvest of each repository, else "
            "30 days), e.g. 2026-10-01, 3 weeks ago",
        )
        p.add_argument(
            "--author",
            action="append",
            default=[],
            metavar="EMAIL",
            help="whose commits are yours (repeatable; default: git's user.email, the repository's and the global one)",
        )
        p.add_argument(
            "--project",
            "-p",
            metavar="NAME",
            help="the project of the one REPO given (remembered; default: its folder's name; '' resets)",
        )
        p.add_argument(
            "--forget",
            action="append",
            default=[],
            metavar="REPO",
            help="stop rescanning a repository (or every one under a folder)",
        )
        p.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="PATTERN=SKILL",
            help="files matching PATTERN (a folder like infra/, or a glob like *.tf) show SKILL",
        )
        p.add_argument("--unmap", action="append", default=[], metavar="PATTERN", help="remove a skill rule")
        p.add_argument("--list", action="store_true", help="list the remembered repositories and skill rules")
        add_examples(p, "journal harvest --list", "journal harvest --map 'infra/=terraform' --map '*.sql=sql'")
        add_epilog(
            p,
            "more:\n  journal harvest ~/src                      every repository under ~/src (remembered)\n"
            "  journal harvest                            the remembered ones, what is new since last time\n"
            "  journal harvest ~/src/api -p payments      its commits go to project payments\n"
            "  journal harvest ~/src --since 2026-09-01 --author me@work.example\n"
            "  journal harvest --forget ~/src/old-api",
        )
        p.set_defaults(func=cmd_harvest)

    if want("inbox"):
        p = sub.add_parser("inbox", help="suggestions from your commits: list, accept, skip")
        p.add_argument(
            "--format", "-f", choices=("table", "json"), default="table", help="output format (default: %(default)s)"
        )
        p.add_argument("--limit", "-n", type=count, default=None, metavar="N", help="at most N suggestions")
        add_examples(p, "journal inbox", "journal inbox --format json")
        add_epilog(
            p,
            'more:\n  journal inbox accept 3 --star --impact "p95 -40%"   an entry from suggestion 3\n'
            '  journal inbox accept 3 --text "Shipped refunds #sql" -p billing\n'
            "  journal inbox accept 3 --link      also link the goals and criteria it could count for\n"
            "  journal inbox skip 4 5             never offer their commits again\n"
            "  journal inbox accept --all         every suggestion, as it is",
        )
        p.set_defaults(func=cmd_inbox)
        actions = p.add_subparsers(dest="inbox_cmd", metavar="ACTION")
        a = actions.add_parser("accept", help="turn a suggestion into an entry that remembers its commits")
        a.add_argument(
            "id", type=row_id, nargs="?", metavar="ID", help="the suggestion's id (first column of journal inbox)"
        )
        a.add_argument("--all", action="store_true", help="accept every waiting suggestion as it is")
        a.add_argument(
            "--text",
            "-t",
            metavar="TEXT",
            help="the entry's text instead of the suggested title (+project, #skill and WHEN: work)",
        )
        a.add_argument("--date", "-d", metavar="WHEN", help="the day instead of the commits' day, e.g. yesterday")
        a.add_argument("--project", "-p", metavar="NAME", help="the project instead of the suggested one")
        a.add_argument(
            "--skill",
            "-s",
            action="append",
            default=[],
            metavar="SKILL",
            help="a skill beside the suggested ones (repeatable)",
        )
        a.add_argument("--impact", "-i", metavar="TEXT", help='measurable outcome, e.g. "p95 latency -40%%"')
        a.add_argument("--star", action="store_true", help="mark as a key win")
        a.add_argument(
            "--link", action="store_true", help="also link the goals (and attach the role criteria) it could count for"
        )
        a.set_defaults(func=cmd_inbox, parser=a)
        s = actions.add_parser("skip", help="take suggestions out of the inbox; their commits are never offered again")
        s.add_argument("ids", type=row_id, nargs="+", metavar="ID", help="the suggestions' ids (journal inbox)")
        s.set_defaults(func=cmd_inbox)
