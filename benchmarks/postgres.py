"""The same journal on a PostgreSQL server (local socket) beside its SQLite file, in one run (issue 24's targets).

    python -m benchmarks.postgres                 # 5k and 100k entries, medians of 5
    python -m benchmarks.postgres --quick         # 5k, medians of 3 (the keystrokes and the import at 5k)

The server: `$JOURNAL_TEST_PG` when set (any database the run may create databases on), else a throwaway
cluster started with `.ci/postgres` and stopped at the end.  Each size's journal is the cached SQLite benchmark
journal (benchmarks/generate.py), exported once to JSON and imported into a fresh database: that import is timed
against importing the same file into an empty SQLite file.  Then, alternating run by run in fresh processes:
a quick add, `journal list` of the three benchmark filters, and `journal review` of a year, each against the
same command on the file; and in tmux, typing the filters into the app on the server, key by key.
"""

import argparse
import datetime as dt
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from benchmarks import oracle
from benchmarks import tmux as T
from benchmarks.floor_query import FILTERS
from benchmarks.generate import TODAY, cached
from benchmarks.run import ADD_TEXT, TYPED, Bench, Check, alternate, compile_package, env_for, journal_cmd, render

ROOT = Path(__file__).parent.parent
SIZES = [5000, 100_000]
QUICK_SIZES = [5000]


@contextmanager
def server() -> Iterator[str]:
    """An admin URL of a server the run may create databases on."""
    given = os.environ.get("JOURNAL_TEST_PG")
    if given:
        yield given
        return
    folder = tempfile.mkdtemp(prefix="journal-bench-pg.")
    url = subprocess.run(
        [str(ROOT / ".ci" / "postgres"), "start", folder],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "JOURNAL_TEST_PG_PORT": "54331"},
    ).stdout.strip()
    try:
        yield url
    finally:
        subprocess.run([str(ROOT / ".ci" / "postgres"), "stop", folder], check=False)


def fresh_database(admin: str, name: str) -> str:
    import psycopg

    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    parts = urlsplit(admin)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


def timed(cmd: Sequence[str]) -> float:
    t0 = time.perf_counter()
    done = subprocess.run(list(cmd), check=False, capture_output=True, text=True, env=env_for())
    if done.returncode:
        raise T.BenchError(f"{' '.join(cmd)} failed: {done.stderr.strip()[-300:]}")
    return time.perf_counter() - t0


def load(b: Bench, admin: str, size: int, tmp: Path) -> tuple[Path, str]:
    """The size's SQLite journal and the same journal on the server (the import timed against SQLite's)."""
    source = cached(size)
    export = tmp / f"export-{size}.json"
    timed([*journal_cmd(source), "export", "-o", str(export)])
    into_file = tmp / f"imported-{size}.db"
    file_s = timed([*journal_cmd(into_file), "import", str(export)])
    url = fresh_database(admin, f"journal_bench_{size}")
    timed([*journal_cmd(url), "list", "-n", "1"])  # the schema first: the import alone is timed
    server_s = timed([*journal_cmd(url), "import", str(export)])
    b.add(
        Check(
            size,
            f"journal import of {size:,} entries (JSON)",
            server_s,
            "the same into a SQLite file",
            file_s,
            "ratio",
            3,
        )
    )
    return source, url


def measure(b: Bench, size: int, source: Path, url: str, tmp: Path) -> None:
    copy = tmp / f"add-{size}.db"
    copy.write_bytes(source.read_bytes())
    file_add, server_add = alternate(
        [([*journal_cmd(copy), "add", ADD_TEXT], None, None), ([*journal_cmd(url), "add", ADD_TEXT], None, None)],
        b.runs,
    )
    b.add(
        Check(size, "journal add (quick add) on the server", server_add, "the same on the file", file_add, "ratio", 2)
    )
    for name, spec in FILTERS.items():
        args = ["list", *spec["journal"], "--limit", "50", "--format", "json"]  # type: ignore[misc]
        file_list, server_list = alternate(
            [([*journal_cmd(source), *args], None, None), ([*journal_cmd(url), *args], None, None)], b.runs
        )
        b.add(
            Check(
                size,
                f"journal list {name} (-n 50) on the server",
                server_list,
                "the same on the file",
                file_list,
                "ratio",
                2,
            )
        )
    start = TODAY - dt.timedelta(days=364)
    review = ["review", "--from", start.isoformat(), "--to", TODAY.isoformat()]
    file_review, server_review = alternate(
        [([*journal_cmd(source), *review], None, None), ([*journal_cmd(url), *review], None, None)], b.runs
    )
    b.add(
        Check(
            size,
            "journal review of a year on the server",
            server_review,
            "the same on the file",
            file_review,
            "ratio",
            2,
        )
    )


def keystrokes(b: Bench, size: int, source: Path, url: str) -> None:
    """The app on the server in tmux: each filter typed key by key, the time until the rows are replaced."""
    if not T.available():
        b.note("tmux is not installed: no keystrokes timed")
        return
    tm = b.tmux or T.Tmux()
    b.tmux = tm
    newest = oracle.newest(str(source))
    expect: T.Expect = newest if newest else T.EMPTY_JOURNAL_TEXT
    app = f"exec env JOURNAL_TODAY={TODAY.isoformat()} {shlex.join(journal_cmd(url))}"
    _, session = T.first_paint(tm, app, lambda s: T.shows(s, expect), "the first rows", keep=True)
    strokes: list[T.Keystroke] = []
    try:
        for text in TYPED:
            tm.keys(session, "/")
            tm.settle(session, quiet=0.3)
            strokes += T.type_filter(tm, session, text, oracle.expectations(str(source), text), 10.0)
            tm.keys(session, "Escape", literal=False)
            tm.settle(session, quiet=1.0, timeout=60)
    finally:
        tm.kill(session)
    timed_keys = [k.seconds for k in strokes if k.seconds is not None]
    note = f"{len(timed_keys)} of {len(strokes)} keys timed"
    if timed_keys:
        b.add(
            Check(
                size,
                "app on the server: filter keystroke to rows replaced, median",
                statistics.median(timed_keys),
                "",
                None,
                "abs",
                100,
                note=note,
            )
        )
    else:
        b.note(f"{size:,}: no keystroke could be timed on the server ({note})")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", help=f"comma-separated entry counts (default {','.join(map(str, SIZES))})")
    parser.add_argument("--runs", type=int, help="fresh processes per figure (default 5)")
    parser.add_argument("--quick", action="store_true", help=f"sizes {QUICK_SIZES}, 3 runs")
    parser.add_argument("--keys-at", help="sizes at which to type filters into the app (default: the largest)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else QUICK_SIZES if args.quick else SIZES
    keys = [int(s) for s in args.keys_at.split(",")] if args.keys_at else [max(sizes)]
    b = Bench(runs=args.runs or (3 if args.quick else 5), sizes=sizes, key_sizes=keys, use_jrnl=False, harvest=False)
    compile_package(b)
    with server() as admin, tempfile.TemporaryDirectory(prefix="journal_bench_pg_") as tmp:
        for size in sizes:
            print(f"\n== {size:,} entries", flush=True)
            source, url = load(b, admin, size, Path(tmp))
            measure(b, size, source, url, Path(tmp))
            if size in keys:
                keystrokes(b, size, source, url)
    if b.tmux is not None:
        b.tmux.close()
    print("\n" + render(b, "python -m benchmarks.postgres " + " ".join(sys.argv[1:] if argv is None else argv)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
