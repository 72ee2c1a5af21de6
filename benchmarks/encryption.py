"""An encrypted journal beside the same plain one, in one run (issue 27's targets).

    python -m benchmarks.encryption               # 5k and 100k entries, medians of 7
    python -m benchmarks.encryption --quick       # 5k only (and the encrypt of 100k), medians of 3

Each size's journal is the cached benchmark journal (benchmarks/generate.py); a copy is encrypted with
`journal encrypt` (timed: the 100k one must take under 10 s, verification included).  Then, alternating run by run
in fresh processes, each against the same command on the plain copy:

- a quick add and `journal list` of the three benchmark filters, with the key where a user who chose `--remember`
  has it: the system keyring (here `FileKeyring`, a stand-in for the desktop's Secret Service or Keychain, so the
  figure holds keyring's import and lookup but not a desktop's IPC); and the same with `$JOURNAL_KEY`, where the
  passphrase's derivation (PBKDF2, 256,000 rounds, once per process) is paid by every command;
- in tmux, the app's first rows (with the remembered key).

Start-up is measured byte-compiled (`compile_package`), as an installed package runs.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

KEYRING_FILE_ENV = "JOURNAL_KEYRING_FILE"
PASSPHRASE = "benchmark passphrase, not a secret"
SIZES = [5000, 100_000]
QUICK_SIZES = [5000]
ENCRYPT_SIZE = 100_000


class FileKeyring(KeyringBackend):
    """A keyring in a JSON file named by $JOURNAL_KEYRING_FILE, standing in for the desktop's (tests, benchmarks).

    It also counts every call (`calls`), so a test can tell that the keyring was never asked."""

    priority = 1  # type: ignore[assignment]

    def _path(self) -> Path:
        return Path(os.environ[KEYRING_FILE_ENV])

    def _load(self) -> dict:
        try:
            return json.loads(self._path().read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {"entries": {}, "calls": []}

    def _save(self, data: dict) -> None:
        self._path().write_text(json.dumps(data), encoding="utf-8")

    def get_password(self, service: str, username: str) -> str | None:
        data = self._load()
        data["calls"].append(["get", service, username])
        self._save(data)
        return data["entries"].get(f"{service}\x1f{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._load()
        data["calls"].append(["set", service, username])
        data["entries"][f"{service}\x1f{username}"] = password
        self._save(data)

    def delete_password(self, service: str, username: str) -> None:
        data = self._load()
        data["calls"].append(["delete", service, username])
        if data["entries"].pop(f"{service}\x1f{username}", None) is None:
            raise PasswordDeleteError("no such password")
        self._save(data)


def keyring_env(folder: Path) -> dict[str, str]:
    """The environment of a process whose system keyring is a FileKeyring in `folder` (and whose config folder,
    where the list of remembered journals lives, is there too)."""
    root = Path(__file__).resolve().parent.parent
    return {"PYTHON_KEYRING_BACKEND": "benchmarks.encryption.FileKeyring", KEYRING_FILE_ENV: str(folder / "keyring.json"),
            "XDG_CONFIG_HOME": str(folder / "config"),
            "PYTHONPATH": os.pathsep.join(p for p in (str(root), os.environ.get("PYTHONPATH", "")) if p)}
