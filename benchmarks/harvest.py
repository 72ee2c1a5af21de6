"""`journal harvest` at scale (issue 26): 10 repositories of 10,000 commits each, the user's share 10%.

    python -m benchmarks.harvest                  # builds (or finds) the repositories, measures, prints the checks
    python -m benchmarks.run                      # the same checks among the others (RESULTS.md)

The repositories are written by `git fast-import` (a few seconds each, cached under CACHE_DIR keyed by
REPOS_VERSION): two years of history ending on TODAY, commits touching one to three files of several
languages, every twentieth change a pull request of three commits merged by a merge commit (GitHub's
way: by whoever pressed the button), the user (ada@example.com, each repository's `user.email`)
writing one commit in ten.  Two figures, each against its floor in the same run:

- a full harvest (`journal harvest ROOT --since 2024-01-01` into an empty journal: every commit read,
  the user's 10,000 turned into suggestions), after a first run has read them (the page cache is warm),
  against `git log` printing the same commits in the same format, repository after repository;
  target: under 3 s;
- a re-harvest with nothing new (`journal harvest`: the remembered repositories, tips unchanged),
  against a process that runs `git show-ref --head` in each repository; target: under 0.5 s.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks.generate import CACHE_DIR, TODAY

if TYPE_CHECKING:
    from benchmarks.run import Bench

REPOS_VERSION = 1  # bump when the history changes: cached repositories are rebuilt
REPOS, COMMITS, SHARE = 10, 10_000, 0.10
ME = ("Ada Lovelace", "ada@example.com")
OTHERS = [
    (f"{n} {s}", f"{n.lower()}@example.com")
    for n, s in (
        ("Grace", "Hopper"),
        ("Linus", "Torvalds"),
        ("Barbara", "Liskov"),
        ("Ken", "Thompson"),
        ("Radia", "Perlman"),
        ("Edsger", "Dijkstra"),
        ("Frances", "Allen"),
        ("Donald", "Knuth"),
        ("Margaret", "Hamilton"),
    )
]
FILES = [
    f"{d}/{n}.{e}"
    for d in ("api", "core", "web", "db", "infra", "tests")
    for n in ("main", "util", "models")
    for e in ("py", "go", "ts", "sql", "tf")
]
VERBS = ["add", "fix", "refactor", "speed up", "document", "test", "remove", "rename", "cache", "validate"]
THINGS = [
    "refund flow",
    "ledger export",
    "retry policy",
    "login form",
    "rate limiter",
    "search index",
    "invoice PDF",
    "webhook queue",
    "feature flags",
    "audit log",
    "session store",
    "CSV import",
]
PREFIXES = ["feat: ", "fix: ", "chore: ", "refactor(core): ", "", "", "PAY-{n}: ", "[OPS-{n}] "]
FULL_SINCE = "2024-01-01"
GIT_ENV = {"GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
HARVEST_SIZE = -1  # the `size` of these checks in benchmarks/run.py (a section of their own in RESULTS.md)
LOG_FORMAT = "--format=%H%x00%P%x00%an%x00%ae%x00%aE%x00%aI%x00%s"


def _stream(rnd: random.Random, commits: int, share: float, start: int, step: int) -> bytes:
    """A `git fast-import` stream: `commits` commits (merges included) on main, pull requests merged into it."""
    out: list[bytes] = []
    mark = 0
    main: int | None = None
    when = start

    def commit(
        ref: str, parent: int | None, person: tuple[str, str], subject: str, files: list[str], merge: int | None = None
    ) -> int:
        nonlocal mark, when
        mark += 1
        when += rnd.randint(step // 2, step * 3 // 2)
        zone = rnd.choice(["+0000", "+0100", "-0500", "+0530"])
        message = subject.encode()
        lines = [
            f"commit {ref}",
            f"mark :{mark}",
            f"author {person[0]} <{person[1]}> {when} {zone}",
            f"committer {person[0]} <{person[1]}> {when} {zone}",
            f"data {len(message)}",
        ]
        out.append(("\n".join(lines) + "\n").encode() + message + b"\n")
        if parent is not None:
            out.append(f"from :{parent}\n".encode())
        if merge is not None:
            out.append(f"merge :{merge}\n".encode())
        for path in files:
            blob = f"{subject} {mark}\n".encode()
            out.append(f"M 100644 inline {path}\ndata {len(blob)}\n".encode() + blob + b"\n")
        out.append(b"\n")
        return mark

    def person() -> tuple[str, str]:
        return ME if rnd.random() < share else rnd.choice(OTHERS)

    def subject() -> str:
        prefix = rnd.choice(PREFIXES).format(n=rnd.randint(10, 999))
        return f"{prefix}{rnd.choice(VERBS)} the {rnd.choice(THINGS)}"

    made = 0
    while made < commits:
        if main is not None and rnd.random() < 0.05 and commits - made >= 4:  # a pull request: 3 commits + merge
            author = person()
            tip = main
            for _ in range(3):
                tip = commit("refs/heads/pr", tip, author, subject(), rnd.sample(FILES, rnd.randint(1, 3)))
            main = commit(
                "refs/heads/main",
                main,
                rnd.choice([*OTHERS, ME]),
                f"Merge pull request #{mark} from team/pr-{mark}\n\n{subject()}",
                [],
                merge=tip,
            )
            made += 4
        else:
            main = commit("refs/heads/main", main, person(), subject(), rnd.sample(FILES, rnd.randint(1, 3)))
            made += 1
    return b"".join(out)


def build(
    root: Path,
    *,
    repos: int = REPOS,
    commits: int = COMMITS,
    share: float = SHARE,
    end: dt.date = TODAY,
    seed: int = 26,
) -> Path:
    """`repos` repositories under `root` (`repo-00`...), their histories ending at `end`."""
    root.mkdir(parents=True, exist_ok=True)
    span = 2 * 365 * 86400
    start = int(dt.datetime.combine(end, dt.time(18), dt.UTC).timestamp()) - span
    for i in range(repos):
        path = root / f"repo-{i:02d}"
        env = {**os.environ, **GIT_ENV}
        subprocess.run(["git", "init", "-q", "-b", "main", str(path)], check=True, env=env)
        subprocess.run(["git", "-C", str(path), "config", "user.email", ME[1]], check=True, env=env)
        stream = _stream(random.Random(seed + i), commits, share, start, span // commits)
        subprocess.run(["git", "-C", str(path), "fast-import", "--quiet"], input=stream, check=True, env=env)
        subprocess.run(["git", "-C", str(path), "update-ref", "-d", "refs/heads/pr"], check=True, env=env)
        subprocess.run(["git", "-C", str(path), "checkout", "-q", "-f", "main"], check=True, env=env)
    return root


def cached(repos: int = REPOS, commits: int = COMMITS, cache_dir: Path | None = None) -> Path:
    """The repositories, built once into the cache (under a temporary name, then renamed)."""
    cache_dir = cache_dir or CACHE_DIR
    final = cache_dir / f"harvest-v{REPOS_VERSION}-{repos}x{commits}"
    if not final.exists():
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=final.name + ".", dir=cache_dir))
        build(tmp, repos=repos, commits=commits)
        tmp.rename(final)
    return final


def repositories(root: Path) -> list[Path]:
    return sorted(p for p in root.iterdir() if (p / ".git").exists())


# --- floors: what git alone costs -------------------------------------------------------------------------------


FLOOR = r"""
import subprocess, sys
mode, since, roots = sys.argv[1], sys.argv[2], sys.argv[3:]
for root in roots:
    if mode == "log":
        out = subprocess.run(["git", "-C", root, "log", "-z", "--topo-order", "{fmt}",
                              "--since=" + since + " 00:00:00", "HEAD", "--branches", "--remotes"],
                             capture_output=True, check=True).stdout
        out.split(b"\x00")
    else:
        subprocess.run(["git", "-C", root, "show-ref", "--head"], capture_output=True, check=True)
""".replace("{fmt}", LOG_FORMAT)


def floor_cmd(mode: str, repos: list[Path]) -> list[str]:
    return [sys.executable, "-c", FLOOR, mode, FULL_SINCE, *map(str, repos)]


# --- the measurements ---------------------------------------------------------------------------------------------


def measure(bench: Bench, *, repos: int = REPOS, commits: int = COMMITS, runs: int | None = None) -> None:
    """Both figures against their floors, added to `bench` (benchmarks.run) with its notes."""
    from benchmarks import run as R

    runs = runs or bench.runs
    root = cached(repos, commits)
    paths = repositories(root)
    env = R.env_for(**GIT_ENV)
    with tempfile.TemporaryDirectory(prefix="journal_bench_harvest_") as tmp:
        empty = Path(tmp) / "empty.db"
        subprocess.run([*R.journal_cmd(empty), "harvest", "--list"], check=True, capture_output=True, env=env)
        work = Path(tmp) / "journal.db"

        def fresh() -> None:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{work}{suffix}").unlink(missing_ok=True)
            shutil.copyfile(empty, work)

        full = [*R.journal_cmd(work), "harvest", str(root), "--since", FULL_SINCE]
        fresh()
        R.once(full, env)  # the first run reads them: the page cache is warm from here on
        _check_counts(bench, work, paths, repos * commits)
        floor, subject = R.alternate([(floor_cmd("log", paths), env, None), (full, env, fresh)], runs)
        what = f"journal harvest: {repos} repositories x {commits:,} commits, yours 10% (all read)"
        bench.add(R.Check(HARVEST_SIZE, what, subject, "git log, same commits and format", floor, "abs", 3000))
        R.once(full, env)  # remembered, tips stored: nothing new from here on
        again = [*R.journal_cmd(work), "harvest"]
        floor, subject = R.alternate([(floor_cmd("tips", paths), env, None), (again, env, None)], runs)
        bench.add(
            R.Check(
                HARVEST_SIZE,
                f"journal harvest again, nothing new ({repos} repositories)",
                subject,
                "git show-ref --head in each",
                floor,
                "abs",
                500,
            )
        )


def _check_counts(bench: Bench, journal: Path, paths: list[Path], total: int) -> None:
    """The harvest offered every commit of the user's, and nobody else's (the user's merges of someone else's
    pull request are not offered: they are not the user's work)."""
    mine: set[str] = set()
    plain: set[str] = set()

    def log(path: Path, *args: str) -> set[str]:
        return set(
            subprocess.run(
                ["git", "-C", str(path), "log", "--format=%H", f"--since={FULL_SINCE}", f"--author={ME[1]}", *args],
                capture_output=True,
                text=True,
                check=True,
                env={**os.environ, **GIT_ENV},
            ).stdout.split()
        )

    for path in paths:
        mine |= log(path)
        plain |= log(path, "--no-merges")
    conn = sqlite3.connect(journal)
    try:
        offered = {r[0] for r in conn.execute("SELECT hash FROM harvest_commit")}
        waiting = conn.execute("SELECT count(*) FROM suggestion").fetchone()[0]
    finally:
        conn.close()
    if plain - offered or offered - mine:
        bench.note(
            f"harvest: {len(plain - offered):,} of the user's commits were not offered, "
            f"{len(offered - mine):,} offered that are not the user's"
        )
    bench.note(f"harvest: {total:,} commits read, {len(offered):,} of the user's offered in {waiting:,} suggestions")


def main() -> int:
    from benchmarks import run as R

    bench = R.Bench(runs=int(os.environ.get("RUNS", "5")), sizes=[], key_sizes=[], use_jrnl=False)
    R.compile_package(bench)
    measure(bench)
    return 0


if __name__ == "__main__":
    sys.exit(main())
