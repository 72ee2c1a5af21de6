"""The app's Review screen at scale, per entries in the period, against `journal review` of the same period.

    python -m benchmarks.review_screen                  # journals of 7k, 100k, 200k and 1M entries, 3 runs each
    python -m benchmarks.review_screen --sizes 7000,100000 --runs 1

`R` opens the review of this quarter (the journals end on benchmarks.generate.TODAY,
2026-11-23, so the quarter so far holds about 1.5% of a journal: ~100, ~1,500, ~3,000
and ~15,000 entries at those sizes).  In a real terminal (tmux, 120x36, as
benchmarks/tmux.py measures the app) each run starts the app, waits for its first
rows and for the journal to open, then presses `R` and times:

- first screenful: until the screen shows the review's title and its headline (the app
  shows the review's top first, counted by SQL before the period's rows are read:
  `review.build_head`, then the whole);
- complete: then `end` is pressed at once, until the review's last line shows (the
  whole document is there: the end of it can be reached);
- peak RSS (VmHWM) of the app process after that.

The floor is `journal review` of the same period in a fresh process (its wall time
and peak RSS), measured in the same run, alternating with the app.  Targets (issue 28):
first screenful within 0.5 s and complete within 2 s at 15,000 entries, under 250 MB
at a million entries.  Read the ratios: the machine is shared and noisy.
"""

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks import tmux as T
from benchmarks.generate import TODAY, cached

REVIEW_SIZES = [7_000, 100_000, 200_000, 1_000_000]
QUICK_REVIEW_SIZES = [7_000, 100_000]
FIRST_SCREENFUL_MS = 500
COMPLETE_MS = 2000
RSS_MB = 250
PY = sys.executable


@dataclass
class ReviewRun:
    first: float  # seconds from `R` to the title and headline on screen
    complete: float  # seconds from `R` to the review's last line on screen (after `end`)
    rss_mb: float


def journal_cmd(db: Path) -> list[str]:
    exe = Path(PY).parent / "journal"
    return [str(exe) if exe.exists() else PY, *([] if exe.exists() else ["-m", "journal_tui"]), "--db", str(db)]


_MEASURE = (
    "import resource, subprocess, sys, time\n"
    "t0 = time.perf_counter()\n"
    "r = subprocess.run(sys.argv[2:], stdout=open(sys.argv[1], 'w'))\n"
    "took = time.perf_counter() - t0\n"
    "print(r.returncode, took, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def cli_review(db: Path, out: Path) -> tuple[float, float, str]:
    """`journal review` (this quarter) in a fresh process: wall seconds, its peak RSS in MB, and its Markdown.
    A small parent process runs it, so that the peak RSS of its children is the command's own."""
    r = subprocess.run(
        [PY, "-c", _MEASURE, str(out), *journal_cmd(db), "review"],
        check=False,
        capture_output=True,
        text=True,
        env=_env(),
    )
    try:
        code, took, rss_kb = r.stdout.split()
    except ValueError:
        raise T.BenchError(f"journal review could not be measured: {r.stderr.strip()[-300:]}") from None
    if code != "0":
        raise T.BenchError(f"journal review failed ({code})")
    return float(took), int(rss_kb) / 1024, out.read_text(encoding="utf-8")


def _env() -> dict[str, str]:
    import os

    return {**os.environ, "JOURNAL_TODAY": TODAY.isoformat()}


def last_words(markdown: str) -> str:
    """A fragment of the review's last line as the screen shows it (Markdown markers gone, short enough not to wrap)."""
    line = next(ln for ln in reversed(markdown.splitlines()) if ln.strip())
    plain = line.lstrip("#>-| ").replace("**", "").replace("`", "")
    return plain.strip()[:30]


def entries_in_period(db: Path) -> int:
    import sqlite3

    start = TODAY.replace(month=(TODAY.month - 1) // 3 * 3 + 1, day=1)
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return int(
            conn.execute(
                "SELECT count(*) FROM entry WHERE occurred_on BETWEEN ? AND ?", (start.isoformat(), TODAY.isoformat())
            ).fetchone()[0]
        )
    finally:
        conn.close()


def app_review(tm: T.Tmux, db: Path, title: str, tail: str, timeout: float = 180.0) -> ReviewRun:
    """One app session: first rows, `R`, first screenful, `end`, the last line; then its VmHWM."""
    app = f"exec env JOURNAL_TODAY={TODAY.isoformat()} {' '.join(journal_cmd(db))}"
    _, session = T.first_paint(tm, app, lambda s: T.first_row(s) is not None, "the first rows", keep=True)
    try:
        tm.settle(session, quiet=1.0, timeout=30)  # the journal opens for the reads R needs a moment after the rows
        t0 = time.perf_counter()
        tm.keys(session, "R")
        first = tm.wait(session, lambda s: title in s and "wins logged" in s, timeout, "the review's first screenful")
        tm.keys(session, "End", literal=False)
        complete = tm.wait(session, lambda s: tail in s, timeout, f"the review's last line ({tail!r})")
        complete = time.perf_counter() - t0
        return ReviewRun(first, complete, T.vm_hwm_mb(tm.pid(session)))
    finally:
        tm.kill(session)


def measure(b: Any, sizes: Sequence[int], runs: int) -> list[tuple[int, int, float, float, ReviewRun]]:
    """Each size: the CLI floor and the app, alternating, `runs` times.  `b`: a run.Bench to add Check rows to
    (and whose tmux server to use), or None to print a line a size.  (Duck-typed: `python -m benchmarks.run`
    runs as __main__, so its Bench is not benchmarks.run.Bench.)"""
    tm = getattr(b, "tmux", None) or T.Tmux()
    own = tm is not getattr(b, "tmux", None)
    out = []
    tmp = tempfile.TemporaryDirectory(prefix="journal_bench_review_")
    md = Path(tmp.name) / "review.md"
    try:
        for size in sizes:
            db = cached(size)
            n = entries_in_period(db)
            _, _, markdown = cli_review(db, md)
            title = markdown.splitlines()[0].removeprefix("# ")[:30]
            tail = last_words(markdown)
            cli_times, cli_rss, app_runs = [], [], []
            for _ in range(runs):
                t, rss, _ = cli_review(db, md)
                cli_times.append(t)
                cli_rss.append(rss)
                app_runs.append(app_review(tm, db, title, tail))
            cli = statistics.median(cli_times)
            run = ReviewRun(
                statistics.median(r.first for r in app_runs),
                statistics.median(r.complete for r in app_runs),
                max(r.rss_mb for r in app_runs),
            )
            out.append((size, n, cli, max(cli_rss), run))
            if b is not None:
                _add_checks(b, size, n, cli, max(cli_rss), run)
            else:
                print(
                    f"{size:>9,} entries, {n:>6,} in this quarter: first screenful {run.first * 1000:6.0f} ms, "
                    f"complete {run.complete * 1000:6.0f} ms, peak {run.rss_mb:4.0f} MB | journal review "
                    f"{cli * 1000:5.0f} ms, {max(cli_rss):3.0f} MB | ratios {run.first / cli:.2f}x, "
                    f"{run.complete / cli:.2f}x, {run.rss_mb / max(cli_rss):.1f}x",
                    flush=True,
                )
    finally:
        tmp.cleanup()
        if own:
            tm.close()
    return out


def _add_checks(b: Any, size: int, n: int, cli: float, cli_rss: float, run: ReviewRun) -> None:
    Check = type(b).__module__ and sys.modules[type(b).__module__].Check  # the Bench's own module's Check
    what = f"app: Review screen ({n:,} entries this quarter)"
    floor = "journal review, same period, fresh process"
    b.add(
        Check(
            size,
            f"{what}, R to first screenful",
            run.first,
            floor,
            cli,
            "abs",
            FIRST_SCREENFUL_MS,
            note=f"{run.first / cli:.2f}x the CLI",
        )
    )
    b.add(
        Check(
            size,
            f"{what}, R to complete (end reached)",
            run.complete,
            floor,
            cli,
            "abs",
            COMPLETE_MS,
            note=f"{run.complete / cli:.2f}x the CLI",
        )
    )
    b.add(
        Check(
            size,
            f"{what}, peak RSS (VmHWM)",
            run.rss_mb,
            "journal review, peak RSS",
            cli_rss,
            "abs",
            RSS_MB,
            unit="MB",
            note=f"{run.rss_mb / cli_rss:.1f}x the CLI",
        )
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", help=f"journal sizes (default {','.join(map(str, REVIEW_SIZES))})")
    parser.add_argument("--runs", type=int, default=3, help="app sessions and CLI runs per size (default 3)")
    parser.add_argument("--quick", action="store_true", help=f"sizes {QUICK_REVIEW_SIZES}, one run")
    args = parser.parse_args(argv)
    if not T.available():
        print("tmux is not installed: the Review screen is measured in a real terminal", file=sys.stderr)
        return 1
    sizes = (
        [int(s) for s in args.sizes.split(",")] if args.sizes else QUICK_REVIEW_SIZES if args.quick else REVIEW_SIZES
    )
    import compileall

    compileall.compile_dir(str(Path(__file__).parent.parent / "journal_tui"), quiet=1)  # as run.compile_package
    measure(None, sizes, 1 if args.quick else args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
