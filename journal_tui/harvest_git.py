"""Reading local git repositories for `journal harvest`: which repositories, whose commits, which files.

Why the `git` command and not a library: git is already on every machine that has repositories,
it reads every repository format git itself writes (packs, commit-graphs, worktrees, partial and
shallow clones, `safe.directory`, `.mailmap`), and its machine-readable output is stable: `git log`
with a `--format` of NUL-separated fields and `-z` cannot be confused by what a commit message holds
(git cuts a message at a NUL, so no field ever contains one).  The libraries were weighed: GitPython
runs this same command underneath and adds a dependency and start-up time; pygit2 needs libgit2
(a compiled extension that lags git's formats); dulwich reads objects one by one in Python, seconds
for 100,000 commits where `git log` takes milliseconds.  Three short git runs per repository at most:

- `git show-ref --head`: the branch tips; when they are the ones the last harvest read, nothing
  else runs (a re-harvest with nothing new costs one small process per repository);
- `git log TIPS --not OLD_TIPS` (or `--since`): hash, parents, author and subject of every new commit,
  everyone's (the graph is needed to tell a merged branch from the main line), no diffs;
- `git log --no-walk --stdin --name-only` for the user's own new commits only: the merge message
  and the files touched (skills by file extension).

Every run has a time limit and a size limit, and its environment is cleaned of the variables that
would point git at another repository (`GIT_DIR`...).  A repository git cannot read is one
`GitProblem`: a one-line message, and the harvest goes on with the others.  Standard library only.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

GIT_TIMEOUT = 120.0  # seconds for one git run: a repository on a hung network mount is skipped, not waited for
MAX_OUTPUT = 256 * 1024 * 1024  # bytes of output from one git run
MAX_COMMITS = 200_000  # commits read from one repository in one harvest ("huge": the newest are read, and it says so)
SEARCH_DEPTH = 3  # a folder is searched this many levels deep for repositories
SYSTEM_DIRS = frozenset({"/proc", "/sys", "/dev", "/run"})  # `journal harvest /` does not walk the kernel's folders
SKIP_DIRS = frozenset({"node_modules", "__pycache__", "site-packages", "vendor", "target", "build", "dist"})
LOG_FIELDS = 7  # %H %P %an %ae %aE %aI %s
_HASH = re.compile(r"^[0-9a-f]{40}(?:[0-9a-f]{24})?$")  # SHA-1 or SHA-256
# Variables that would make `git -C PATH` read another repository than PATH (a hook's environment sets them).
_REPO_VARIABLES = (
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_COMMON_DIR",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_NAMESPACE",
    "GIT_PREFIX",
    "GIT_SHALLOW_FILE",
    "GIT_REPLACE_REF_BASE",
    "GIT_GRAFT_FILE",
    "GIT_QUARANTINE_PATH",
)
# Settings that would change what `git log` prints (a signature check adds lines, colour adds codes).
_SETTINGS = (
    "log.showSignature=false",
    "color.ui=never",
    "core.quotePath=false",
    "i18n.logOutputEncoding=UTF-8",
    "log.mailmap=true",
    "diff.renames=false",
)


class GitProblem(Exception):
    """A repository git cannot read (missing, not git, someone else's, too big...): one line for the user."""


class GitMissing(GitProblem):
    """The `git` command itself is missing: no repository can be read."""


class Commit(NamedTuple):
    """One commit as `git log` prints it (the author's own date and offset kept).  A named tuple: a harvest
    builds 100,000 of them, three times faster than frozen dataclasses."""

    hash: str
    parents: tuple[str, ...]
    author: str
    email: str  # as recorded
    mapped_email: str  # after .mailmap
    authored: str  # ISO 8601 with the author's offset
    subject: str

    @property
    def day(self) -> dt.date:
        """The day the author wrote it, on the author's own clock."""
        return dt.date.fromisoformat(self.authored[:10])

    @property
    def is_merge(self) -> bool:
        return len(self.parents) > 1


@dataclass(frozen=True)
class Details:
    """What only the user's own commits need: the message body (a merge's pull request title) and the files."""

    body: str
    files: tuple[str, ...]


@dataclass(frozen=True)
class Tips:
    """A repository's branch tips (HEAD, local and remote branches), and the one read as the main line first."""

    hashes: tuple[str, ...]  # sorted, unique
    main: str | None  # origin/HEAD, else main/master/trunk/develop, else HEAD

    @property
    def fingerprint(self) -> str:
        return " ".join(self.hashes)

    def ordered(self) -> list[str]:
        """The main line first: its merges claim their branches before any other tip's line does."""
        rest = [h for h in self.hashes if h != self.main]
        return [self.main, *rest] if self.main else rest


@dataclass
class LogRead:
    commits: list[Commit] = field(default_factory=list)
    capped: bool = False  # more than MAX_COMMITS: the newest were read


# --- running git ----------------------------------------------------------------------------------


def git_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _REPO_VARIABLES}
    env.update(
        {
            "LC_ALL": "C",
            "LANGUAGE": "C",
            "GIT_TERMINAL_PROMPT": "0",
            "GIT_OPTIONAL_LOCKS": "0",
            "GIT_PAGER": "cat",
            "PAGER": "cat",
        }
    )
    return env


def run_git(
    path: str,
    args: Sequence[str],
    *,
    stdin: bytes | None = None,
    ok_codes: Iterable[int] = (0,),
    limit: int = MAX_OUTPUT,
    timeout: float = GIT_TIMEOUT,
) -> tuple[int, bytes, str]:
    """(exit code, stdout, first line of stderr) of `git -C path ARGS`, with a time and a size limit."""
    cmd = ["git", "-C", path]
    for setting in _SETTINGS:
        cmd += ["-c", setting]
    try:
        proc = subprocess.Popen(
            [*cmd, *args],
            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=git_env(),
        )
    except FileNotFoundError:
        raise GitMissing("git is not installed (or not on PATH); install git to harvest commits") from None
    except OSError as exc:
        raise GitProblem(f"cannot run git: {exc.strerror or exc}") from None
    assert proc.stdout is not None and proc.stderr is not None
    errors: list[bytes] = []
    killed: list[str] = []

    def kill(why: str) -> None:
        killed.append(why)
        proc.kill()

    def feed() -> None:
        assert proc.stdin is not None
        try:
            proc.stdin.write(stdin or b"")
            proc.stdin.close()
        except OSError:
            pass  # git stopped reading (it failed): its exit code says why

    helpers = [threading.Thread(target=lambda: errors.append(proc.stderr.read() if proc.stderr else b""), daemon=True)]
    if stdin is not None:
        helpers.append(threading.Thread(target=feed, daemon=True))
    timer = threading.Timer(timeout, kill, ("time",))
    for thread in (*helpers, timer):
        thread.start()
    chunks, size = [], 0
    try:
        while chunk := proc.stdout.read(1 << 20):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                kill("size")
                break
        code = proc.wait()
    finally:
        timer.cancel()
        proc.stdout.close()
        for thread in helpers:
            thread.join(5)
    if killed == ["time"]:
        raise GitProblem(f"git took more than {timeout:.0f} s; skipped")
    if killed:
        raise GitProblem(f"git printed more than {limit // (1024 * 1024)} MB; narrow the harvest with --since")
    message = b"".join(errors).decode("utf-8", "replace").strip()
    if code not in ok_codes:
        raise GitProblem(describe_failure(message, code, path))
    return code, b"".join(chunks), message.splitlines()[0] if message else ""


def describe_failure(stderr: str, code: int, path: str = "PATH") -> str:
    """git's complaint as one line a user can act on."""
    text = " ".join(stderr.split())
    if "dubious ownership" in text:
        return (
            "is owned by someone else, so git refuses to read it; if you trust it: "
            f"git config --global --add safe.directory {path}"
        )
    if "not a git repository" in text:
        return "is not a git repository"
    if "must be run in a work tree" in text:
        return "is not a work tree"
    first = stderr.strip().splitlines()[0] if stderr.strip() else f"git exited with {code}"
    return f"git failed: {first.removeprefix('fatal: ').removeprefix('error: ')}"


def _text(raw: bytes) -> str:
    """git's bytes as text: UTF-8, anything else replaced (a commit in Latin-1 shows a replacement character)."""
    return raw.decode("utf-8", "replace")


# --- which repositories ---------------------------------------------------------------------------


def is_repository(path: str) -> bool:
    """A work tree's top (it holds `.git`, a folder or a worktree's file)."""
    return os.path.lexists(os.path.join(path, ".git"))


def find_repositories(path: str, depth: int = SEARCH_DEPTH) -> list[str]:
    """The repositories at or under `path` (not inside another repository; hidden folders and symlinks skipped)."""
    if is_repository(path):
        return [path]
    found: list[str] = []

    def walk(folder: str, level: int) -> None:
        if level > depth or folder in SYSTEM_DIRS:
            return
        try:
            with os.scandir(folder) as it:
                children = sorted(
                    (
                        e
                        for e in it
                        if e.is_dir(follow_symlinks=False) and not e.name.startswith(".") and e.name not in SKIP_DIRS
                    ),
                    key=lambda e: e.name,
                )
        except OSError:
            return  # unreadable folders are not repositories of ours
        for child in children:
            if is_repository(child.path):
                found.append(child.path)
            else:
                walk(child.path, level + 1)

    walk(path, 1)
    return found


def top_level(path: str) -> tuple[str, bool]:
    """(the repository's top folder, shallow?) for a path in a work tree; GitProblem otherwise."""
    _, out, _ = run_git(path, ["rev-parse", "--is-shallow-repository", "--show-toplevel"])
    lines = _text(out).splitlines()
    if len(lines) < 2:
        raise GitProblem("is not a work tree")
    return os.path.realpath(lines[1]), lines[0].strip() == "true"


def read_tips(path: str) -> Tips:
    """HEAD and every local and remote branch; `Tips((), None)` for a repository with no commits yet."""
    code, out, _ = run_git(path, ["show-ref", "--head"], ok_codes=(0, 1))
    by_ref: dict[str, str] = {}
    for line in _text(out).splitlines():
        sha, _, ref = line.partition(" ")
        if _HASH.match(sha) and (ref == "HEAD" or ref.startswith(("refs/heads/", "refs/remotes/"))):
            by_ref[ref] = sha
    if code == 1 or not by_ref:
        return Tips((), None)
    main = by_ref.get("refs/remotes/origin/HEAD")
    for name in ("main", "master", "trunk", "develop"):
        main = main or by_ref.get(f"refs/heads/{name}") or by_ref.get(f"refs/remotes/origin/{name}")
    return Tips(tuple(sorted(set(by_ref.values()))), main or by_ref.get("HEAD"))


def owner_emails(path: str) -> frozenset[str]:
    """The repository's `user.email` and the global one (every level git knows), case-folded."""
    _, out, _ = run_git(path, ["config", "--get-all", "user.email"], ok_codes=(0, 1))
    return frozenset(e.strip().casefold() for e in _text(out).splitlines() if e.strip())


# --- the log --------------------------------------------------------------------------------------


def read_log(
    path: str,
    tips: Sequence[str],
    *,
    exclude: Sequence[str] = (),
    since: dt.date | None = None,
    limit: int | None = None,
) -> LogRead:
    """Every commit reachable from `tips` and not from `exclude` (committed on or after `since`), newest first.

    `--since` filters by the committer's date, which a rebase only moves later: the caller filters by the
    author's day on top.  `exclude` may name commits that are gone (a rebased branch): they are ignored.
    """
    limit = MAX_COMMITS if limit is None else limit
    args = ["log", "-z", f"--max-count={limit + 1}", "--format=%H%x00%P%x00%an%x00%ae%x00%aE%x00%aI%x00%s"]
    if since is not None:
        args.append(f"--since={since.isoformat()} 00:00:00")
    _, out, _ = run_git(
        path,
        [*args, "--ignore-missing", "--stdin"],
        stdin="\n".join([*tips, *(f"^{h}" for h in exclude)]).encode() + b"\n",
    )
    read = LogRead(parse_log(out))
    if len(read.commits) > limit:
        read.commits, read.capped = read.commits[:limit], True
    return read


def parse_log(out: bytes) -> list[Commit]:
    """`git log -z` records of LOG_FIELDS NUL-separated fields; a record that does not parse is an error.

    Decoded once (a field never holds a NUL, so a byte that is not UTF-8 spoils only its own field).
    """
    fields = _text(out).split("\x00")
    if fields and fields[-1] in ("", "\n"):
        fields.pop()
    if len(fields) % LOG_FIELDS:
        raise GitProblem("git log printed something this version cannot read")
    commits = []
    valid = _HASH.match
    for i in range(0, len(fields), LOG_FIELDS):
        sha = fields[i]
        if sha[:1] == "\n":
            sha = sha[1:]
        if not valid(sha):
            raise GitProblem("git log printed something this version cannot read")
        commits.append(Commit(sha, tuple(fields[i + 1].split()), *fields[i + 2 : i + LOG_FIELDS]))
    return commits


def read_details(path: str, hashes: Sequence[str]) -> dict[str, Details]:
    """Body and files touched of each commit (a merge: what its branch changed against the main line)."""
    if not hashes:
        return {}
    _, out, _ = run_git(
        path,
        ["log", "-z", "--no-walk=unsorted", "--stdin", "--name-only", "-m", "--first-parent", "--format=%H%x00%b"],
        stdin="\n".join(hashes).encode() + b"\n",
    )
    return parse_details(out, hashes)


def parse_details(out: bytes, hashes: Sequence[str]) -> dict[str, Details]:
    """`HASH \\0 BODY \\0 \\n FILE \\0 FILE \\0 ...` per commit, in the order asked (an empty diff has no files)."""
    tokens = [_text(t) for t in out.split(b"\x00")]
    asked = set(hashes)
    details: dict[str, Details] = {}
    current: str | None = None
    body = ""
    files: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i].lstrip("\n")
        if token in asked and token not in details and token != current:
            if current is not None:
                details[current] = Details(body, tuple(files))
            current, body, files = token, tokens[i + 1] if i + 1 < len(tokens) else "", []
            i += 2
            continue
        if current is not None and token:
            files.append(token)
        i += 1
    if current is not None:
        details[current] = Details(body, tuple(files))
    return details


# --- the graph: which branch each merge brought in -------------------------------------------------


def merged_branches(commits: Sequence[Commit], tips: Sequence[str]) -> dict[str, list[str]]:
    """Merge hash -> the commits its branch brought into the line it sits on (newest first).

    Each tip's first-parent line is walked in turn (the main line first); the commits reachable from a merge's
    other parents, and not on a line or claimed by an older merge, are that merge's branch.  Every commit is
    visited a bounded number of times: linear in the history read.
    """
    by_hash = {c.hash: c for c in commits}
    claimed: set[str] = set()
    branches: dict[str, list[str]] = {}
    for tip in tips:
        line: list[Commit] = []
        at = by_hash.get(tip)
        while at is not None and at.hash not in claimed:
            claimed.add(at.hash)
            line.append(at)
            at = by_hash.get(at.parents[0]) if at.parents else None
        for merge in reversed(line):  # oldest first: a commit belongs to the first merge that brought it in
            if len(merge.parents) < 2:
                continue
            found: list[str] = []
            todo = [p for p in merge.parents[1:] if p in by_hash and p not in claimed]
            while todo:
                sha = todo.pop()
                if sha in claimed:
                    continue
                claimed.add(sha)
                found.append(sha)
                todo.extend(p for p in by_hash[sha].parents if p in by_hash and p not in claimed)
            branches[merge.hash] = found
    order = {c.hash: i for i, c in enumerate(commits)}
    return {m: sorted(b, key=order.__getitem__) for m, b in branches.items()}
