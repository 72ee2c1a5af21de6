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

# Light at the top: a process whose keyring is `FileKeyring` imports this module to read its key, so the figures
# hold keyring's own cost and not this harness's (argparse, subprocess... are imported where they are used).
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from benchmarks.run import Bench

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
    return {
        "PYTHON_KEYRING_BACKEND": "benchmarks.encryption.FileKeyring",
        KEYRING_FILE_ENV: str(folder / "keyring.json"),
        "XDG_CONFIG_HOME": str(folder / "config"),
        "PYTHONPATH": os.pathsep.join(p for p in (str(root), os.environ.get("PYTHONPATH", "")) if p),
    }


# --- the run ------------------------------------------------------------------------------------------------------


def _env(extra: dict[str, str]) -> dict[str, str]:
    from benchmarks.run import env_for

    return env_for(**extra)


def encrypt_copy(b: "Bench", size: int, source: Path, folder: Path, kenv: dict[str, str]) -> Path:
    """A copy of the journal, encrypted by `journal encrypt` (timed) and its key remembered (as with --remember)."""
    import subprocess
    import time

    from benchmarks.run import Check, journal_cmd

    path = folder / f"encrypted-{size}.db"
    path.write_bytes(source.read_bytes())
    env = _env({**kenv, "JOURNAL_KEY": PASSPHRASE})
    t0 = time.perf_counter()
    done = subprocess.run(
        [*journal_cmd(path), "encrypt", "--remember"],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    took = time.perf_counter() - t0
    if done.returncode:
        raise RuntimeError(f"journal encrypt failed: {done.stderr.strip()[-300:]}")
    target = ("abs", 10_000.0) if size == ENCRYPT_SIZE else ("", 0.0)  # under 10 s at 100k
    b.add(Check(size, f"journal encrypt of {size:,} entries (verified row by row)", took, "", None, *target))
    return path


def measure(b: "Bench", size: int, plain: Path, encrypted: Path, kenv: dict[str, str], tmp: Path) -> None:
    """Quick add and list on the encrypted copy (keyring, then $JOURNAL_KEY) against the plain one, alternating."""
    from benchmarks.floor_query import FILTERS
    from benchmarks.run import ADD_TEXT, Check, alternate, journal_cmd

    remembered, derived = _env(kenv), _env({**kenv, "JOURNAL_KEY": PASSPHRASE})
    at_hand = _env({**kenv, "JOURNAL_KEY": raw_key(kenv, encrypted)})  # `export JOURNAL_KEY="$(keyring get ...)"`
    plain_env = _env(kenv)
    add_plain = tmp / f"add-plain-{size}.db"
    add_plain.write_bytes(plain.read_bytes())
    variants = [
        (at_hand, "raw key in $JOURNAL_KEY (from the keyring, once per shell)"),
        (remembered, "key in the keyring"),
        (derived, "passphrase in $JOURNAL_KEY"),
    ]
    medians = alternate(
        [([*journal_cmd(add_plain), "add", ADD_TEXT], plain_env, None)]
        + [([*journal_cmd(encrypted), "add", ADD_TEXT], env, None) for env, _ in variants],
        b.runs,
    )
    for (_, how), value in zip(variants, medians[1:], strict=True):
        b.add(
            Check(size, f"journal add, encrypted, {how}", value, "the same on the plain file", medians[0], "ratio", 1.5)
        )
    for name, spec in FILTERS.items():
        args = ["list", *spec["journal"], "--limit", "50", "--format", "json"]  # type: ignore[misc]
        medians = alternate(
            [([*journal_cmd(plain), *args], plain_env, None)]
            + [([*journal_cmd(encrypted), *args], env, None) for env, _ in variants],
            b.runs,
        )
        for (_, how), value in zip(variants, medians[1:], strict=True):
            b.add(
                Check(
                    size,
                    f"journal list {name} (-n 50), encrypted, {how}",
                    value,
                    "the same on the plain file",
                    medians[0],
                    "ratio",
                    1.5,
                )
            )


def raw_key(kenv: dict[str, str], journal: Path) -> str:
    """The key the FileKeyring holds for `journal` (what `keyring get journal_tui PATH` prints)."""
    entries = json.loads(Path(kenv[KEYRING_FILE_ENV]).read_text(encoding="utf-8"))["entries"]
    return str(entries[f"journal_tui\x1f{os.path.realpath(journal)}"])


def import_costs(b: "Bench", runs: int) -> None:
    """What a command on an encrypted journal imports beyond a plain one, each beside `python -c pass`: SQLCipher's
    bindings, and the keyring package (a remembered key); the derivation of a passphrase, PBKDF2 of 256,000 rounds."""
    from benchmarks.run import PY, Check, alternate

    derive = "import hashlib; hashlib.pbkdf2_hmac('sha512', b'p', bytes(16), 256000, 32)"
    floor, cipher_lib, keyring_lib, kdf = alternate(
        [
            ([PY, "-c", "pass"], None, None),
            ([PY, "-c", "import sqlcipher3.dbapi2"], None, None),
            ([PY, "-c", "import keyring.core"], None, None),
            ([PY, "-c", derive], None, None),
        ],
        runs,
    )
    for what, value in (
        ("import sqlcipher3.dbapi2", cipher_lib),
        ("import keyring.core", keyring_lib),
        ("PBKDF2-HMAC-SHA512, 256,000 rounds (a passphrase's derivation)", kdf),
    ):
        b.add(
            Check(
                0,
                f"python -c '{what}'" if what.startswith("import") else what,
                value,
                "python -c pass",
                floor,
                note=f"{(value - floor) * 1000:.0f} ms beyond: a part of the figures below",
            )
        )


def app_first_rows(b: "Bench", size: int, plain: Path, encrypted: Path, kenv: dict[str, str]) -> None:
    """In tmux: the app's first rows on the encrypted copy (key in the keyring) against the plain one, alternating."""
    import shlex
    import statistics

    from benchmarks import oracle
    from benchmarks import tmux as T
    from benchmarks.generate import TODAY
    from benchmarks.run import Check, journal_cmd

    if b.tmux is None:
        b.note("tmux is not installed: no app measurement")
        return
    newest = oracle.newest(str(plain))
    expect: T.Expect = newest if newest else T.EMPTY_JOURNAL_TEXT
    env = " ".join(f"{k}={shlex.quote(v)}" for k, v in {"JOURNAL_TODAY": TODAY.isoformat(), **kenv}.items())
    commands = [f"exec env {env} {shlex.join(journal_cmd(db))}" for db in (plain, encrypted)]
    samples: list[list[float]] = [[], []]
    for _ in range(b.runs):
        for i, command in enumerate(commands):
            t, _session = T.first_paint(b.tmux, command, lambda s: T.shows(s, expect), "the first rows")
            samples[i].append(t)
    b.add(
        Check(
            size,
            "app: first rows in tmux (120x36), encrypted, keyring",
            statistics.median(samples[1]),
            "the same on the plain file",
            statistics.median(samples[0]),
            "ratio",
            1.3,
        )
    )


def main(argv: "Sequence[str] | None" = None) -> int:
    import argparse
    import sys
    import tempfile

    from benchmarks import tmux as T
    from benchmarks.generate import cached
    from benchmarks.run import Bench, compile_package, render

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", help=f"comma-separated entry counts (default {','.join(map(str, SIZES))})")
    parser.add_argument("--runs", type=int, help="fresh processes per figure (default 7)")
    parser.add_argument("--quick", action="store_true", help=f"sizes {QUICK_SIZES} (and the encrypt of 100k), 3 runs")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else QUICK_SIZES if args.quick else SIZES
    b = Bench(runs=args.runs or (3 if args.quick else 7), sizes=sizes, key_sizes=[], use_jrnl=False, harvest=False)
    compile_package(b)
    b.tmux = T.Tmux() if T.available() else None
    try:
        with tempfile.TemporaryDirectory(prefix="journal_bench_crypt_") as tmp_name:
            tmp = Path(tmp_name)
            kenv = keyring_env(tmp)
            print("\n== what an encrypted journal's command pays for, in parts", flush=True)
            import_costs(b, b.runs)
            if ENCRYPT_SIZE not in sizes:
                print(f"\n== journal encrypt of {ENCRYPT_SIZE:,} entries", flush=True)
                encrypt_copy(b, ENCRYPT_SIZE, cached(ENCRYPT_SIZE), tmp, kenv).unlink()
            for size in sizes:
                print(f"\n== {size:,} entries", flush=True)
                plain = cached(size)
                encrypted = encrypt_copy(b, size, plain, tmp, kenv)
                app_first_rows(b, size, plain, encrypted, kenv)
                measure(b, size, plain, encrypted, kenv, tmp)
    finally:
        if b.tmux is not None:
            b.tmux.close()
    print("\n" + render(b, "python -m benchmarks.encryption " + " ".join(sys.argv[1:] if argv is None else argv)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
