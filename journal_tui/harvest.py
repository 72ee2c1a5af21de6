"""Wins that log themselves: the user's own commits, harvested from local git repositories into an inbox.

`journal harvest` reads each repository (`harvest_git`: the `git` command), keeps the commits whose
author is the user (`--author` emails, else the repository's and the global `user.email`; never
anyone else's), and turns the new ones into **suggestions**, never entries on their own:

- a merged branch (a merge commit on a branch's first-parent line whose branch holds commits of
  the user) is one suggestion of its own, titled from the pull request, holding the branch's commits;
- every other commit joins its repository's suggestion for its day (the author's own day), and a
  later harvest adds to that day's suggestion while it is still waiting.

Titles are cleaned of commit noise and skills come from the files touched (`harvest_text`); the
project is the repository's folder name unless `journal harvest REPO --project NAME` says otherwise.
A commit is offered once, keyed by its hash (and, to know it again after a rebase, by its author,
author date and subject): accepted or skipped, it never comes back.  A repository remembers the
branch tips its last harvest read, so the next one reads only what is new (`git log TIPS --not OLD`),
and a repository whose tips have not moved costs one small `git show-ref`.

`journal inbox` lists the waiting suggestions (with what they could count for: a role criterion or an
active goal naming one of their skills); accepting one makes an entry through the write layer, and the
entry remembers its commits (`journal show`).  The commits go with the entry in `journal export`.

Every SQL read of the feature is in `data/queries/harvest.py` and every write in `data/writes/harvest.py`;
this module holds the logic between them.  The git work runs before the write transaction is taken,
so a slow repository never holds the journal's lock.  Standard library only.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from journal_tui import harvest_git
from journal_tui.data import db, writes
from journal_tui.data.conn import Connection
from journal_tui.data.db import HasPath
from journal_tui.data.queries import harvest as q
from journal_tui.data.writes import harvest as harvest_writes
from journal_tui.data.writes.harvest import KEEP, SEP
from journal_tui.errors import JournalError, NotFound
from journal_tui.harvest_git import Commit, GitMissing, GitProblem, Tips
from journal_tui.harvest_text import (
    merge_skills,
    merge_title,
    project_from,
    short_subject,
    skills_for,
    title_of,
    work_key,
)

DEFAULT_DAYS = 30  # a repository harvested for the first time: its commits of the last 30 days
PARALLEL_READS = max(2, min(4, os.cpu_count() or 1))  # repositories read at once
SHORT_HASH = 7


# --- rows -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CommitRow:
    hash: str
    authored_at: str
    subject: str

    @property
    def short(self) -> str:
        return self.hash[:SHORT_HASH]

    def to_dict(self) -> dict[str, Any]:
        return {"hash": self.hash, "date": self.authored_at, "subject": self.subject}


@dataclass(frozen=True)
class Match:
    """A goal or a role criterion a suggestion could count for (one of its skills)."""

    kind: str  # "criterion" | "goal"
    id: int
    name: str

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "id": self.id, "name": self.name}


@dataclass(frozen=True)
class SuggestionRow:
    id: int
    repo: str
    occurred_on: dt.date
    title: str
    project: str | None
    skills: tuple[str, ...]
    kind: str
    status: str
    entry_id: int | None
    commits: tuple[CommitRow, ...] = ()
    matches: tuple[Match, ...] = ()

    @property
    def repo_name(self) -> str:
        return repo_name(self.repo)

    def could_count_for(self) -> str:
        return "; ".join(m.name for m in self.matches)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "date": self.occurred_on.isoformat(),
            "title": self.title,
            "repo": self.repo,
            "repo_name": self.repo_name,
            "project": self.project,
            "skills": list(self.skills),
            "kind": self.kind,
            "status": self.status,
            "entry": self.entry_id,
            "commits": [c.to_dict() for c in self.commits],
            "could_count_for": [m.to_dict() for m in self.matches],
        }


@dataclass(frozen=True)
class EntryCommitRow:
    hash: str
    repo: str
    subject: str

    @property
    def short(self) -> str:
        return self.hash[:SHORT_HASH]

    def to_dict(self) -> dict[str, Any]:
        return {"hash": self.hash, "repo": self.repo, "subject": self.subject}


@dataclass(frozen=True)
class RepoState:
    """A remembered repository."""

    path: str
    project: str | None
    tips: str | None  # the tips the last harvest read (None: never read)
    harvested_at: str | None = None


def repo_name(path: str) -> str:
    return os.path.basename(path.rstrip("/")) or path


def home_short(path: str) -> str:
    """`/home/me/src/app` as `~/src/app` (shorter in messages and `journal show`)."""
    home = os.path.expanduser("~").rstrip("/")
    return "~" + path[len(home) :] if home and (path == home or path.startswith(home + "/")) else path


# --- reads (their SQL is `data/queries/harvest.py`) ---------------------------------------------------------


def has_tables(conn: Connection) -> bool:
    """A journal migrated to the harvest schema (the app and nudge read older files as they are)."""
    return q.has_tables(conn)


def remembered(conn: Connection) -> list[RepoState]:
    return [RepoState(*r) for r in q.remembered(conn)]


def skill_rules(conn: Connection) -> list[tuple[str, str]]:
    return q.skill_rules(conn)


def known_commits(conn: Connection, commits: Sequence[Commit]) -> set[str]:
    """The hashes of `commits` offered before (by hash, or by their work key after a rebase) or on an entry."""
    by_key = {work_key(c.email, c.authored, c.subject): c.hash for c in commits}
    found = q.offered_hashes(conn, [c.hash for c in commits])
    found.update(by_key[k] for k in q.offered_work_keys(conn, list(by_key)))
    return found


def pending_days(conn: Connection, repo: str) -> dict[dt.date, tuple[int, list[str]]]:
    """The waiting day suggestions of `repo`: day -> (id, skills); a later harvest adds that day's commits to them."""
    return {
        dt.date.fromisoformat(day): (sid, [s for s in skills.split(SEP) if s])
        for sid, day, skills in q.pending_days(conn, repo)
    }


def subjects_of(conn: Connection, suggestion_id: int) -> list[str]:
    return q.subjects_of(conn, suggestion_id)


def pending_count(conn: Connection) -> int:
    """Suggestions waiting in the inbox (0 for a journal from before the inbox)."""
    return q.pending_count(conn)


def suggestions(
    conn: Connection, *, status: str | None = "pending", ids: Sequence[int] | None = None, limit: int | None = None
) -> list[SuggestionRow]:
    """Suggestions (the inbox: pending ones, oldest day first) with their commits and what they could count for."""
    heads = q.suggestion_heads(conn, status=status, ids=ids, limit=limit)
    commits: dict[int, list[CommitRow]] = {}
    for sid, sha, authored, subject in q.suggestion_commits(conn, [int(h[0]) for h in heads]):
        commits.setdefault(sid, []).append(CommitRow(sha, authored, subject))
    matcher = Matcher.read(conn)
    rows = []
    for h in heads:
        skills = tuple(s for s in str(h[5]).split(SEP) if s)
        rows.append(
            SuggestionRow(
                h[0],
                h[1],
                dt.date.fromisoformat(h[2]),
                h[3],
                h[4],
                skills,
                h[6],
                h[7],
                h[8],
                tuple(commits.get(h[0], ())),
                matcher.matches(skills),
            )
        )
    return rows


def suggestion(conn: Connection, suggestion_id: int) -> SuggestionRow:
    found = suggestions(conn, status=None, ids=[suggestion_id])
    if not found:
        raise NotFound(f"there is no suggestion {suggestion_id} in the inbox (ids: journal inbox)")
    return found[0]


def entry_commits(conn: Connection, entry_id: int) -> list[EntryCommitRow]:
    """The commits an entry came from (none for a journal from before the inbox)."""
    if not has_tables(conn):
        return []
    return [EntryCommitRow(*r) for r in q.entry_commits(conn, entry_id)]


def commits_text(commits: Sequence[EntryCommitRow]) -> str:
    """`journal show`'s tail: the commits an entry came from, by repository (short hash and subject)."""
    if not commits:
        return ""
    lines: list[str] = []
    for repo in dict.fromkeys(c.repo for c in commits):
        lines += ["", f"Commits in {repo_name(repo)} ({home_short(repo)}):"]
        lines += [f"  {c.short}  {c.subject}" for c in commits if c.repo == repo]
    return "\n" + "\n".join(lines)


@dataclass(frozen=True)
class Matcher:
    """What a suggestion could count for: role criteria sharing one of its skills, and active goals naming one."""

    criteria: tuple[tuple[int, str, frozenset[str]], ...]
    goals: tuple[tuple[int, str, str], ...]  # (id, title, title and specifics case-folded)

    @classmethod
    def read(cls, conn: Connection) -> Matcher:
        named: dict[int, tuple[str, set[str]]] = {}
        for cid, name, skill in q.criterion_skills(conn):
            skills = named.setdefault(cid, (name, set()))[1]
            if skill is not None:
                skills.add(skill.casefold())
        criteria = tuple((cid, name, frozenset(skills)) for cid, (name, skills) in named.items())
        goals = tuple(
            (gid, title, f"{title} {specific or ''} {measure or ''}".casefold())
            for gid, title, specific, measure in q.active_goals(conn)
        )
        return cls(criteria, goals)

    def matches(self, skills: Sequence[str]) -> tuple[Match, ...]:
        folded = [s.casefold() for s in skills]
        found = [Match("criterion", cid, name) for cid, name, wanted in self.criteria if wanted & set(folded)]
        for gid, title, text in self.goals:
            # a goal names a skill as a word ("Become the Terraform expert"); one- and two-letter skills (go, c, r)
            # would match ordinary words, so a goal counts them only as #go
            if any(
                re.search(
                    rf"(?<![\w#+]){re.escape(s)}(?![\w+#])" if len(s) > 2 else rf"#{re.escape(s)}(?![\w+#])", text
                )
                for s in folded
            ):
                found.append(Match("goal", gid, title))
        return tuple(found)


# --- harvesting: git (no lock held), then one write transaction ------------------------------------------


@dataclass
class Draft:
    """A suggestion about to be written."""

    repo: str
    day: dt.date
    kind: str  # "day" | "merge"
    commits: list[Commit]  # the user's new commits in it, oldest first
    merge: Commit | None = None
    title: str = ""
    skills: list[str] = field(default_factory=list)


@dataclass
class RepoReport:
    """What happened to one repository: read (with counts), unchanged, or a problem (one line)."""

    path: str
    status: str  # "read" | "unchanged" | "empty" | "problem"
    message: str = ""
    mine: int = 0  # new commits of the user's in it
    suggestions: int = 0  # suggestions made or added to
    notes: list[str] = field(default_factory=list)
    tips: str | None = None
    drafts: list[Draft] = field(default_factory=list)

    @property
    def name(self) -> str:
        return repo_name(self.path)


@dataclass
class HarvestReport:
    repos: list[RepoReport] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (path as given, message)
    waiting: int = 0

    @property
    def read_any(self) -> bool:
        return any(r.status != "problem" for r in self.repos)


@dataclass(frozen=True)
class Request:
    """What `journal harvest` was asked: paths (none: the remembered ones), since, whose commits, a project."""

    paths: Sequence[str] = ()
    since: dt.date | None = None
    authors: Sequence[str] = ()
    project: Any = KEEP  # a name for the one repository given (KEEP: leave its mapping as it is)


def resolve(paths: Sequence[str], report: HarvestReport) -> list[str]:
    """The repositories named by `paths` (a repository, or a folder searched for them), each once, as real paths."""
    found: list[str] = []
    for given in paths:
        if not given.strip():
            report.problems.append((repr(given), "an empty path names no folder"))
            continue
        path = os.path.abspath(os.path.expanduser(given))
        if not os.path.exists(path):
            report.problems.append((given, "no such folder"))
            continue
        if not os.path.isdir(path):
            report.problems.append((given, "is not a folder"))
            continue
        repos = harvest_git.find_repositories(path)
        if not repos:
            try:
                top, _ = harvest_git.top_level(path)  # a folder inside a repository: that repository
                repos = [top]
            except GitMissing:
                raise
            except GitProblem:
                report.problems.append(
                    (given, f"holds no git repository (searched {harvest_git.SEARCH_DEPTH} levels deep)")
                )
                continue
        found += [os.path.realpath(r) for r in repos]
    return list(dict.fromkeys(found))


def read_repo(
    path: str,
    state: RepoState | None,
    request: Request,
    today: dt.date,
    rules: Sequence[tuple[str, str]],
    seen: Callable[[Sequence[Commit]], set[str]],
) -> RepoReport:
    """Everything git can tell about one repository's new commits, as drafts (no journal lock held)."""
    if not os.path.isdir(path):
        return RepoReport(path, "problem", "is gone (moved or deleted?); journal harvest --forget PATH stops looking")
    tips = harvest_git.read_tips(path)
    explicit = request.since is not None
    if state is not None and state.tips is not None and not explicit and tips.fingerprint == state.tips:
        return RepoReport(path, "unchanged", tips=tips.fingerprint)
    if not tips.hashes:
        return RepoReport(path, "empty", "has no commits yet", tips="")
    top, shallow = harvest_git.top_level(path)
    report = RepoReport(top, "read", tips=tips.fingerprint)
    if shallow:
        report.notes.append("is a shallow clone: only the commits it holds were read")
    emails = frozenset(a.strip().casefold() for a in request.authors if a.strip()) or harvest_git.owner_emails(path)
    if not emails:
        return RepoReport(
            top,
            "problem",
            "no user.email is set here or globally, so no commit is known to be yours; pass --author EMAIL",
        )
    old = (state.tips or "").split() if state is not None and not explicit else []
    since = request.since if explicit else (None if old else today - dt.timedelta(days=DEFAULT_DAYS))
    read = harvest_git.read_log(path, tips.ordered(), exclude=old, since=since)
    if read.capped:
        report.notes.append(
            f"has more than {len(read.commits):,} new commits: the newest {len(read.commits):,} "
            "were read (narrow with --since)"
        )
    report.drafts = plan(top, read.commits, tips, emails, since, seen, rules)
    report.mine = sum(len(d.commits) for d in report.drafts)
    return report


def plan(
    repo: str,
    commits: Sequence[Commit],
    tips: Tips,
    emails: frozenset[str],
    since: dt.date | None,
    seen: Callable[[Sequence[Commit]], set[str]],
    rules: Sequence[tuple[str, str]],
) -> list[Draft]:
    """The user's new commits grouped: one draft per merged branch, one per day for the rest."""
    by_hash = {c.hash: c for c in commits}
    # whose: the email as recorded or after .mailmap, case-insensitive
    mine = [c for c in commits if c.email.casefold() in emails or c.mapped_email.casefold() in emails]
    known = seen(mine)
    fresh = {c.hash for c in mine} - known

    def new(c: Commit) -> bool:
        return c.hash in fresh

    ours = {c.hash for c in mine}
    drafts: list[Draft] = []
    handled: set[str] = set()
    for merge_hash, branch in harvest_git.merged_branches(commits, tips.ordered()).items():
        merge = by_hash[merge_hash]
        if ours.isdisjoint(branch):
            continue  # someone else's branch (or main merged into a branch): not the user's work
        handled.update(branch)
        handled.add(merge_hash)
        if since is not None and merge.day < since:
            continue
        members = [by_hash[h] for h in reversed(branch) if new(by_hash[h]) and not by_hash[h].is_merge]
        if new(merge):
            members.append(merge)
        if members:
            drafts.append(Draft(repo, merge.day, "merge", members, merge))
    days: dict[dt.date, list[Commit]] = {}
    for c in reversed(commits):  # oldest first
        if c.hash in handled or c.is_merge or not new(c) or (since is not None and c.day < since):
            continue
        days.setdefault(c.day, []).append(c)
    drafts += [Draft(repo, day, "day", members) for day, members in days.items()]
    describe(repo, drafts, rules)
    return sorted(drafts, key=lambda d: (d.day, (d.merge or d.commits[-1]).authored[11:]))


def describe(repo: str, drafts: Sequence[Draft], rules: Sequence[tuple[str, str]]) -> None:
    """Titles and skills: the merge messages and files come from one more git run, for these commits only."""
    wanted = list(
        dict.fromkeys(
            [c.hash for d in drafts for c in d.commits] + [d.merge.hash for d in drafts if d.merge is not None]
        )
    )
    details = harvest_git.read_details(repo, wanted)
    for d in drafts:
        files = [f for c in d.commits for f in details.get(c.hash, harvest_git.Details("", ())).files]
        subjects = [c.subject for c in d.commits if not c.is_merge]
        fallback = f"{len(d.commits)} commit{'s' if len(d.commits) != 1 else ''} to {repo_name(repo)}"
        if d.merge is not None:
            merged = details.get(d.merge.hash, harvest_git.Details("", ()))
            files += merged.files
            d.title = merge_title(d.merge.subject, merged.body) or title_of(subjects, fallback)
        else:
            d.title = title_of(subjects, fallback)
        d.skills = skills_for(files, rules)


def commit_dicts(commits: Sequence[Commit]) -> list[dict[str, Any]]:
    return [
        {
            "hash": c.hash,
            "authored_at": c.authored,
            "subject": short_subject(c.subject),
            "work_key": work_key(c.email, c.authored, c.subject),
        }
        for c in commits
    ]


def harvest(journal: HasPath, request: Request, today: dt.date) -> HarvestReport:
    """Read the repositories (given, else remembered), then write their suggestions in one transaction."""
    try:
        return _harvest(journal, request, today)
    except GitMissing as exc:  # no repository can be read: one line, nothing written
        raise JournalError(str(exc)) from None


def _harvest(journal: HasPath, request: Request, today: dt.date) -> HarvestReport:
    report = HarvestReport()
    with db.reading(journal.path) as conn:
        states = {s.path: s for s in remembered(conn)}
        rules = skill_rules(conn)
    targets = resolve(request.paths, report) if request.paths else list(states)
    if not request.paths and not states:
        raise JournalError("no repositories to harvest yet: journal harvest PATH (a repository, or a folder of them)")
    if request.project is not KEEP and len(targets) != 1:
        raise JournalError(f"--project names the project of one repository; {len(targets)} were found")

    def seen(commits: Sequence[Commit]) -> set[str]:
        with db.reading(journal.path) as conn:
            return known_commits(conn, commits)

    def read(path: str) -> RepoReport:
        try:
            return read_repo(path, states.get(path), request, today, rules, seen)
        except GitMissing:
            raise
        except GitProblem as exc:
            return RepoReport(path, "problem", str(exc))

    # git runs in its own processes: while one repository's log is parsed here, the next one's is being read
    with ThreadPoolExecutor(max(1, min(PARALLEL_READS, len(targets)))) as pool:
        report.repos = list(pool.map(read, targets))
    save(journal, report, request, dt.datetime.now(dt.UTC))
    return report


def save(journal: HasPath, report: HarvestReport, request: Request, now: dt.datetime) -> None:
    """One write transaction: the repositories read (remembered, with their tips) and their suggestions."""
    with db.writing(journal.path) as conn:
        for repo in report.repos:
            if repo.status == "problem":
                continue
            harvest_writes.remember_repo(conn, repo.path, tips=repo.tips, harvested_at=now, project=request.project)
            if request.project is not KEEP:
                harvest_writes.set_pending_project(conn, repo.path, request.project)
            _write_drafts(conn, repo, q.repo_project(conn, repo.path) or project_from(repo.path))
        report.waiting = pending_count(conn)


def _write_drafts(conn: Connection, repo: RepoReport, project: str | None) -> None:
    """A repository's drafts: a day's draft joins that day's waiting suggestion, the others are new suggestions.

    `repo.mine` counts the commits written: one a clone offered first (another repository) is not new again.
    """
    repo.mine = repo.suggestions = 0
    waiting = pending_days(conn, repo.path)
    new: list[Draft] = []
    for draft in repo.drafts:
        if draft.kind == "day" and draft.day in waiting:
            suggestion_id, skills = waiting[draft.day]
            title = title_of([*subjects_of(conn, suggestion_id), *(c.subject for c in draft.commits)], draft.title)
            added = harvest_writes.extend_suggestion(
                conn,
                suggestion_id,
                title=title,
                skills=merge_skills(skills, draft.skills),
                commits=commit_dicts(draft.commits),
            )
            repo.mine += added
            repo.suggestions += 1 if added else 0
        else:
            new.append(draft)
    held = harvest_writes.insert_suggestions(
        conn,
        [
            {
                "repo": d.repo,
                "occurred_on": d.day,
                "title": d.title,
                "project": project,
                "skills": d.skills,
                "kind": d.kind,
                "commits": commit_dicts(d.commits),
            }
            for d in new
        ],
    )
    repo.mine += sum(held)
    repo.suggestions += sum(1 for n in held if n)


# --- remembered repositories and rules --------------------------------------------------------------------


def forget(journal: HasPath, path: str) -> list[str]:
    """Stop rescanning a repository (or every one under a folder); the paths forgotten."""
    target = os.path.realpath(os.path.abspath(os.path.expanduser(path)))
    with db.writing(journal.path) as conn:
        gone = harvest_writes.forget_repos(conn, target)
        if not gone and target != os.path.abspath(os.path.expanduser(path)):
            gone = harvest_writes.forget_repos(conn, os.path.abspath(os.path.expanduser(path)))
    if not gone:
        raise NotFound(f"no remembered repository at {path} (see journal harvest --list)")
    return gone


def parse_rule(rule: str) -> tuple[str, str]:
    """`PATTERN=SKILL` as (pattern, skill), both checked as the write layer will store them."""
    pattern, sep, skill = rule.rpartition("=")
    if not sep or not pattern.strip() or not skill.strip():
        raise JournalError(f"a skill rule is PATTERN=SKILL (e.g. 'infra/=terraform' or '*.tf=terraform'), not {rule!r}")
    return harvest_writes.rule_values(pattern, skill)


def set_rule(journal: HasPath, pattern: str, skill: str) -> None:
    """Files matching `pattern` show `skill`."""
    with db.writing(journal.path) as conn:
        harvest_writes.set_skill_rule(conn, pattern, skill)


def remove_rule(journal: HasPath, pattern: str) -> None:
    with db.writing(journal.path) as conn:
        if not harvest_writes.remove_skill_rule(conn, pattern.strip()):
            raise NotFound(f"there is no skill rule for {pattern!r} (see journal harvest --list)")


# --- the inbox: accept and skip ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    """What the user changes while accepting (every field optional: the suggestion's own values otherwise)."""

    text: str | None = None
    occurred_on: dt.date | None = None
    project: str | None = None
    skills: Sequence[str] = ()
    impact: str | None = None
    starred: bool = False
    link: bool = False  # also link the goals (and attach the criteria) it could count for
    exact: bool = False  # the app's form: text, day, project and skills are final (already parsed, nothing merged)


@dataclass(frozen=True)
class Accepted:
    entry_id: int
    suggestion_id: int
    occurred_on: dt.date
    project: str | None
    skills: tuple[str, ...]
    starred: bool
    commits: int
    linked: tuple[Match, ...] = ()


def accept_in(conn: Connection, suggestion_id: int, choice: Choice, today: dt.date) -> Accepted:
    """Accept one suggestion inside the caller's transaction: the entry, its commits, the links asked for."""
    from journal_tui.inline import Inline, apply_flags, parse_inline

    s = suggestion(conn, suggestion_id)
    if choice.exact:
        entry = Inline(choice.text or s.title, choice.occurred_on, choice.project, list(choice.skills))
        skills = list(entry.skills)
    else:
        parsed = parse_inline(choice.text, today=today) if choice.text is not None else Inline(s.title)
        entry = apply_flags(parsed, occurred_on=choice.occurred_on, project=choice.project, skills=list(choice.skills))
        skills = list(entry.skills)  # the options' and the text's skills first, then the suggestion's
        skills += [k for k in s.skills if k.casefold() not in {x.casefold() for x in skills}]
    links = s.matches if choice.link else ()
    goals = [m.id for m in links if m.kind == "goal"]
    project = entry.project if choice.exact else entry.project or s.project
    day = entry.occurred_on or s.occurred_on
    entry_id = harvest_writes.accept_suggestion(
        conn,
        suggestion_id,
        text=entry.text,
        occurred_on=day,
        project=project,
        skills=skills,
        impact=choice.impact,
        starred=choice.starred,
        goal_ids=goals,
    )
    for m in links:
        if m.kind == "criterion":
            writes.link_criterion(conn, m.id, entry_id, linked=True)
    return Accepted(entry_id, suggestion_id, day, project, tuple(skills), choice.starred, len(s.commits), links)


def accept(journal: HasPath, suggestion_id: int, choice: Choice, today: dt.date) -> Accepted:
    with db.writing(journal.path) as conn:
        return accept_in(conn, suggestion_id, choice, today)


def accept_all(journal: HasPath, today: dt.date) -> list[Accepted]:
    """Every waiting suggestion as it is, oldest first, in one transaction."""
    with db.writing(journal.path) as conn:
        ids = [s.id for s in suggestions(conn)]
        return [accept_in(conn, i, Choice(), today) for i in ids]


def skip(journal: HasPath, suggestion_ids: Sequence[int]) -> int:
    """Skip suggestions (all or none); how many commits will not be offered again."""
    with db.writing(journal.path) as conn:
        total = 0
        for i in suggestion_ids:
            total += len(suggestion(conn, i).commits)
            harvest_writes.skip_suggestion(conn, i)
    return total
