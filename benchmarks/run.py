"""Every speed target of the project, measured side by side in one run, as medians and ratios.

    python -m benchmarks.run [--runs N] [--entries N] [--write]

Builds the large journals itself (deterministic), times whole commands in fresh
processes against floors measured in the same run (`python -c pass`, `import
sqlite3`, `import sqlmodel`), compares with jrnl when it is installed (`pip install
-e ".[bench]"`), and measures the app from the inside (first paint, keystroke to
rows, scrolling, memory).  `--write` also saves the table to benchmarks/RESULTS.md.
"""

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.generate import build

HERE = Path(__file__).parent
DATA = HERE / ".data"
TODAY = "2026-11-23"
PY = sys.executable


def timed(cmd: list[str], runs: int, env: dict[str, str] | None = None, setup=None) -> float:
    """Median wall time of `cmd` in a fresh process (seconds)."""
    samples = []
    for _ in range(runs):
        if setup:
            setup()
        start = time.perf_counter()
        r = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, **(env or {})})
        samples.append(time.perf_counter() - start)
        if r.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed: {r.stderr.strip()[:300]}")
    return statistics.median(samples)


def journal_cmd(*args: str) -> list[str]:
    exe = shutil.which("journal", path=os.path.dirname(PY))
    return [exe, *args] if exe else [PY, "-m", "journal_tui", *args]


def jrnl_setup(tmp: Path) -> list[str] | None:
    exe = shutil.which("jrnl", path=os.path.dirname(PY)) or shutil.which("jrnl")
    if not exe:
        return None
    config = tmp / "jrnl.yaml"
    config.write_text(
        "colors: {body: none, date: none, tags: none, title: none}\ndefault_hour: 9\ndefault_minute: 0\neditor: ''\n"
        f"encrypt: false\nhighlight: false\nindent_character: '|'\njournals:\n  default:\n    journal: {tmp / 'jrnl.txt'}\n"
        "linewrap: 79\ntagsymbols: '#@'\ntemplate: false\ntimeformat: '%F %r'\nversion: v4.6\n")
    return [exe, "--config-file", str(config)]


def probe(mode: str, db: Path, runs: int = 1) -> list[dict]:
    out = []
    for _ in range(runs):
        r = subprocess.run([PY, str(HERE / "app_probe.py"), mode, str(db)], capture_output=True, text=True)
        if r.returncode != 0:
            raise SystemExit(f"app probe {mode} failed: {r.stderr[-500:]}")
        out.append(json.loads(r.stdout.strip().splitlines()[-1]))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--write", action="store_true", help="also write benchmarks/RESULTS.md")
    parser.add_argument("--nudge-only", action="store_true",
                        help="only `journal nudge` against its floor, interleaved (--write updates its section)")
    args = parser.parse_args()
    if args.nudge_only:
        return nudge_only(args)
    runs = args.runs
    DATA.mkdir(exist_ok=True)
    big = DATA / f"journal-{args.entries}.db"
    empty = DATA / "empty.db"
    t0 = time.perf_counter()
    build(big, entries=args.entries, goals=300, feedback=5000, end=dt.date.fromisoformat(TODAY))
    build(empty, entries=0, goals=0, feedback=0, end=dt.date.fromisoformat(TODAY))
    print(f"built a journal of {args.entries:,} entries, 300 goals, 5,000 feedback in {time.perf_counter() - t0:.1f} s")

    env = {"JOURNAL_TODAY": TODAY, "JOURNAL_DB": str(big)}
    rows: list[tuple[str, str, str, str]] = []

    def row(name: str, value: str, ratio: str = "", target: str = "") -> None:
        rows.append((name, value, ratio, target))
        print(f"{name:<58} {value:>12} {ratio:>22} {target}")

    floor_pass = timed([PY, "-c", "pass"], runs)
    floor_sqlite = timed([PY, "-c", "import sqlite3"], runs)
    floor_sqlmodel = timed([PY, "-c", "import sqlmodel"], runs)
    floor_textual = timed([PY, "-c", "import textual.app"], runs)
    floor_review_import = timed([PY, "-c", "import journal_tui.review, journal_tui.cli.data"], runs)
    row("floor: python -c pass", f"{floor_pass * 1000:.0f} ms")
    row("floor: python -c 'import sqlite3'", f"{floor_sqlite * 1000:.0f} ms")
    row("floor: python -c 'import sqlmodel'", f"{floor_sqlmodel * 1000:.0f} ms")
    row("floor: python -c 'import textual.app'", f"{floor_textual * 1000:.0f} ms")

    add = journal_cmd("add", "yesterday: Shipped the refunds flow +billing #sql", "--date", "yesterday")
    t_add = timed(add, runs, env)
    row(f"journal add on {args.entries:,} entries", f"{t_add * 1000:.0f} ms", f"{t_add / floor_sqlite:.1f}x import sqlite3",
        "target <= 4x")

    # the nudge runs in every new shell: stdlib sqlite3 only, read-only, every check run on the big journal
    t_nudge = timed(journal_cmd("nudge"), runs, env)
    row(f"journal nudge on {args.entries:,} entries", f"{t_nudge * 1000:.0f} ms",
        f"{t_nudge / floor_sqlite:.1f}x import sqlite3", "target <= 4x")

    with tempfile.TemporaryDirectory() as tmp:
        jrnl = jrnl_setup(Path(tmp))
        if jrnl:
            jrnl_add = [*jrnl, "yesterday: Shipped the refunds flow @billing @sql"]
            t_jrnl = timed(jrnl_add, runs, {"HOME": tmp, "XDG_CONFIG_HOME": tmp},
                           setup=lambda: (Path(tmp) / "jrnl.txt").write_text(""))
            row("jrnl 4.6 quick add, same text (its best case: an empty journal)", f"{t_jrnl * 1000:.0f} ms")
            row("journal add vs jrnl", "", f"{t_add / t_jrnl:.2f}x jrnl", "target <= 0.5x")
        else:
            row("jrnl quick add", "not installed", "", "pip install -e '.[bench]'")

    t_list = timed(journal_cmd("list", "project:billing", "skill:sql", "in:2026-Q3", "--format", "json"), runs, env)
    row("journal list project+skill+quarter --format json", f"{t_list * 1000:.0f} ms",
        f"{t_list / floor_sqlmodel:.2f}x import sqlmodel", "target <= 1.5x")
    t_text = timed(journal_cmd("list", "refunds", "--limit", "50", "--format", "json"), runs, env)
    row("journal list free text (FTS5), top 50", f"{t_text * 1000:.0f} ms", f"{t_text / floor_sqlmodel:.2f}x import sqlmodel")
    t_review = timed(journal_cmd("review", "--quarter", "2026-Q3"), runs, env)
    row("journal review --quarter 2026-Q3", f"{t_review * 1000:.0f} ms",
        f"{(t_review - floor_review_import) * 1000:.0f} ms beyond imports", "target < 1000 ms beyond")

    paint_big = timed([PY, str(HERE / "app_probe.py"), "paint", str(big)], max(3, runs // 2))
    paint_empty = timed([PY, str(HERE / "app_probe.py"), "paint", str(empty)], max(3, runs // 2))
    row("app: first screen with data, empty journal", f"{paint_empty * 1000:.0f} ms")
    row(f"app: first screen with data, {args.entries:,} entries", f"{paint_big * 1000:.0f} ms",
        f"{paint_big / paint_empty:.2f}x empty journal", "target <= 1.3x")
    lat = [x for p in probe("filter", big, 2) for x in p["latencies_ms"]]
    row("app: typing a filter, keystroke to rows replaced (median)", f"{statistics.median(lat):.0f} ms", "", "target < 100 ms")
    row("app: typing a filter, keystroke to rows replaced (max)", f"{max(lat):.0f} ms", f"{len(lat)} keystrokes")
    scroll = probe("scroll", big)[0]
    row("app: rows held by the widget after jumping to the end", f"{scroll['rows_in_widget']:,}",
        f"of {scroll['entries']:,} entries", "target: not all")
    row("app: resident memory (max RSS)", f"{scroll['maxrss_mb']:.0f} MB", "", "target < 250 MB")

    if args.write:
        write_results(rows, args)
    return 0


def nudge_only(args: argparse.Namespace) -> int:
    """`journal nudge` runs in every new shell: its target is 4x `python -c "import sqlite3"`.

    The two are timed alternately, run after run, so load on a shared machine hits both alike.
    """
    DATA.mkdir(exist_ok=True)
    big = DATA / f"journal-{args.entries}.db"
    build(big, entries=args.entries, goals=300, feedback=5000, end=dt.date.fromisoformat(TODAY))
    env = {"JOURNAL_TODAY": TODAY, "JOURNAL_DB": str(big)}
    floor, nudge = [], []
    for _ in range(args.runs):
        floor.append(timed([PY, "-c", "import sqlite3"], 1))
        nudge.append(timed(journal_cmd("nudge"), 1, env))
    f, n = statistics.median(floor), statistics.median(nudge)
    rows = [("floor: python -c 'import sqlite3'", f"{f * 1000:.0f} ms", "", ""),
            (f"journal nudge on {args.entries:,} entries", f"{n * 1000:.0f} ms", f"{n / f:.1f}x import sqlite3",
             "target <= 4x")]
    for r in rows:
        print(f"{r[0]:<58} {r[1]:>12} {r[2]:>22} {r[3]}")
    if args.write:
        marker = "## journal nudge"
        path = HERE / "RESULTS.md"
        text = path.read_text(encoding="utf-8").split(f"\n{marker}")[0].rstrip("\n")
        section = [
            "", marker, "",
            f"Measured {dt.date.today().isoformat()} with `python -m benchmarks.run --nudge-only --runs {args.runs} --write`: "
            "the floor and the nudge timed alternately in fresh processes, medians of "
            f"{args.runs} each (the machine was shared and loaded, so read the ratio).", "",
            "| measurement | value | ratio | target |", "|---|---:|---:|---|",
        ] + [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
        path.write_text(text + "\n" + "\n".join(section) + "\n", encoding="utf-8")
        print("wrote benchmarks/RESULTS.md")
    return 0


def write_results(rows: list[tuple[str, str, str, str]], args: argparse.Namespace) -> None:
    lines = [
        "# Benchmark results", "",
        f"Measured {dt.date.today().isoformat()} with `python -m benchmarks.run --runs {args.runs} --write` on "
        f"{platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}. Medians of {args.runs} runs "
        "in fresh processes; ratios are against floors measured in the same run (the machine is shared and noisy, "
        "so read ratios, not absolute times).", "",
        "| measurement | value | ratio | target |", "|---|---:|---:|---|",
    ]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    (HERE / "RESULTS.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("wrote benchmarks/RESULTS.md")


if __name__ == "__main__":
    sys.exit(main())
