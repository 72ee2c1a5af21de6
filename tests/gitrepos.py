"""Throwaway git repositories with fixed authors and dates, for the harvest tests and the README's example.

Every commit sets GIT_AUTHOR_* and GIT_COMMITTER_* (name, email, date), so hashes are the same on every
run and every machine.  Two people write in them: ME (the repository's `user.email`, the journal's user)
and COLLEAGUE.  `isolated_git(home)` points git's global config at an empty file, so the machine's own
`user.email` never decides whose commits are whose.

`payments_api(path)` is the repository of the README's "Let git remember for you" example:

    2026-10-01  ME         Old work from October                      (more than 30 days before 2026-11-23)
    2026-11-16  ME         feat(api): add refund endpoint [PAY-142]   api/refunds.py
    2026-11-16  ME         fix: rounding in totals                    api/totals.py, db/migrations/001_totals.sql
    2026-11-16  COLLEAGUE  docs: update README                        README.md
    2026-11-18  ME         Add idempotency keys to refunds            (branch feature/idempotent-retries)
    2026-11-19  ME         test: retries for refunds (#41)            (same branch)
    2026-11-20  COLLEAGUE  Merge pull request #41 ... / Idempotent retries for refunds   (merged on GitHub)
    2026-11-20  ME         chore: bump version to 1.4.0               VERSION
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path

ME = ("Ada Lovelace", "ada@example.com")
COLLEAGUE = ("Grace Hopper", "grace@example.com")


def isolated_git(home: Path) -> dict[str, str]:
    """The environment for no system or user git config (an empty global file under `home`): only the
    repositories' own settings count."""
    config = home / ".gitconfig-tests"
    config.touch()
    return {"GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": str(config)}


class Repo:
    """A repository on disk, written commit by commit with fixed people and dates."""

    def __init__(self, path: Path, *, owner: tuple[str, str] | None = ME, branch: str = "main") -> None:
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", branch)
        if owner is not None:
            self.git("config", "user.name", owner[0])
            self.git("config", "user.email", owner[1])

    def git(self, *args: str, env: Mapping[str, str] | None = None, input: bytes | None = None) -> str:
        result = subprocess.run(
            ["git", "-C", str(self.path), *args],
            capture_output=True,
            check=True,
            env={**os.environ, **(env or {})},
            input=input,
        )
        return result.stdout.decode().strip()

    @staticmethod
    def people(when: str, author: tuple[str, str], committer: tuple[str, str] | None = None) -> dict[str, str]:
        committer = committer or author
        return {
            "GIT_AUTHOR_NAME": author[0],
            "GIT_AUTHOR_EMAIL": author[1],
            "GIT_AUTHOR_DATE": when,
            "GIT_COMMITTER_NAME": committer[0],
            "GIT_COMMITTER_EMAIL": committer[1],
            "GIT_COMMITTER_DATE": when,
        }

    def commit(
        self,
        subject: str,
        when: str,
        *,
        files: Sequence[str] | Mapping[str, str] = (),
        author: tuple[str, str] = ME,
        body: str = "",
    ) -> str:
        """Write `files` (path -> content, or paths given a line naming the subject), commit them; the hash."""
        contents = files if isinstance(files, Mapping) else dict.fromkeys(files, f"{subject}\n")
        for name, text in contents.items():
            target = self.path / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("a", encoding="utf-8") as fh:
                fh.write(text)
            self.git("add", "--", name)
        message = subject + (f"\n\n{body}" if body else "")
        self.git(
            "commit",
            "-q",
            "--allow-empty",
            "--no-verify",
            "-F",
            "-",
            env=self.people(when, author),
            input=message.encode("utf-8", "surrogateescape"),
        )
        return self.head()

    def head(self) -> str:
        return self.git("rev-parse", "HEAD")

    def checkout(self, branch: str, *, new: bool = False) -> None:
        self.git("checkout", "-q", *(["-b"] if new else []), branch)

    def merge(self, branch: str, subject: str, when: str, *, author: tuple[str, str] = ME, body: str = "") -> str:
        message = subject + (f"\n\n{body}" if body else "")
        self.git("merge", "-q", "--no-ff", "--no-edit", "-m", message, branch, env=self.people(when, author))
        return self.head()


def payments_api(path: Path) -> Repo:
    """The README's example repository (see the module docstring)."""
    repo = Repo(path)
    repo.commit("Old work from October", "2026-10-01T09:00:00+02:00", files=["api/old.py"])
    repo.commit("feat(api): add refund endpoint [PAY-142]", "2026-11-16T10:00:00+01:00", files=["api/refunds.py"])
    repo.commit(
        "fix: rounding in totals", "2026-11-16T15:30:00+01:00", files=["api/totals.py", "db/migrations/001_totals.sql"]
    )
    repo.commit("docs: update README", "2026-11-16T16:00:00+01:00", files=["README.md"], author=COLLEAGUE)
    repo.checkout("feature/idempotent-retries", new=True)
    repo.commit("Add idempotency keys to refunds", "2026-11-18T11:00:00+01:00", files=["api/idempotency.py"])
    repo.commit("test: retries for refunds (#41)", "2026-11-19T17:00:00+01:00", files=["tests/test_retries.py"])
    repo.checkout("main")
    repo.merge(
        "feature/idempotent-retries",
        "Merge pull request #41 from ada/feature/idempotent-retries",
        "2026-11-20T09:00:00+01:00",
        author=COLLEAGUE,
        body="Idempotent retries for refunds",
    )
    repo.git("branch", "-q", "-D", "feature/idempotent-retries")  # deleted after the merge, as GitHub does
    repo.commit("chore: bump version to 1.4.0", "2026-11-20T10:00:00+01:00", files=["VERSION"])
    return repo
