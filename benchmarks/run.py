"""Every speed target of issue 15 (and issue 26's harvest), each measured beside its floor and its peer in the same run.

    python -m benchmarks.run                      # 0, 1k, 5k, 100k, 1M entries, medians of 7
    python -m benchmarks.run --quick              # 0, 1k, 5k, medians of 3: a few minutes
    python -m benchmarks.run --sizes 0,100000 --runs 9 --write
    python -m benchmarks.run --sizes 0 --review-sizes 1000000   # only the Review screen at 15,000 wins a quarter

Journals come from benchmarks/generate.py, cached under ~/.cache/journal_bench (the
first 1M build takes about a minute).  jrnl 4.6 is the peer: it is installed in its own
venv there (never in the project's environment) and compared at sizes up to 5,000
entries only (it parses its whole text file on every command).

Each figure is timed in fresh processes, subject and floor (and peer) alternating run
after run so the load of a shared machine hits them alike; the figure is the median.
Only public entry points are used: the `journal` command and the app in a real
terminal (tmux, benchmarks/tmux.py).  `--write` saves benchmarks/RESULTS.md.

The Review screen (issue 28) is measured per entries in the period: `R` on journals of
7k, 100k, 200k and 1M entries opens this quarter with ~100, ~1,500, ~3,000 and ~15,000
wins; first screenful, complete (the last line reached) and peak RSS, beside `journal
review` of the same quarter (benchmarks/review_screen.py; `--quick`: 7k and 100k).
"""

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks import harvest as H
from benchmarks import oracle, review_screen
from benchmarks import tmux as T
from benchmarks.bare_app import FLOOR_TEXT
from benchmarks.floor_query import FILTERS
from benchmarks.generate import CACHE_DIR, GENERATOR_VERSION, TODAY, cached, cached_jrnl

HERE = Path(__file__).parent
PY = sys.executable
JRNL_VENV = CACHE_DIR / "jrnl-venv"
JRNL_MAX = 5000
BASE_SIZE = 5000  # the list figures at 100k and 1M are compared with this size's
DEFAULT_SIZES = [0, 1000, 5000, 100_000, 1_000_000]
QUICK_SIZES = [0, 1000, 5000]
KEY_SIZES = [100_000, 1_000_000]
TYPED = ["project:billing skill:sql refunds", "checkout latency", "incident postmortem", "ledger reconciliation"]
ADD_TEXT = "yesterday: Shipped the refunds flow +billing #sql"

Cmd = list[str]


@dataclass
class Check:
    """One figure against one comparison: a floor or a peer (`ratio` target), a fixed limit, or time beyond a floor."""

    size: int
    what: str
    value: float | None  # seconds, or MB when unit == "MB"
    against: str = ""
    other: float | None = None
    kind: str = ""  # "ratio" (value/other <= limit), "abs" (value < limit), "beyond" (value - other < limit)
    limit: float = 0.0
    unit: str = "ms"
    note: str = ""

    @property
    def ratio(self) -> float | None:
        return self.value / self.other if self.value is not None and self.other else None

    @property
    def result(self) -> str:
        if self.value is None:
            return "n/a"
        if self.kind == "ratio" and self.ratio is not None:
            return "PASS" if self.ratio <= self.limit else "MISS"
        if self.kind == "abs":
            return "PASS" if self.value * self._scale < self.limit else "MISS"
        if self.kind == "beyond" and self.other is not None:
            return "PASS" if (self.value - self.other) * 1000 < self.limit else "MISS"
        return ""

    @property
    def _scale(self) -> float:
        return 1.0 if self.unit == "MB" else 1000.0

    def fmt(self, v: float | None) -> str:
        if v is None:
            return ""
        if self.unit == "MB":
            return f"{v:.0f} MB"
        ms = v * 1000
        return f"{ms:.1f} ms" if ms < 10 else f"{ms:,.0f} ms"

    def cells(self) -> list[str]:
        if self.kind == "ratio":
            rel, target = (f"{self.ratio:.2f}x" if self.ratio is not None else ""), f"<= {self.limit:g}x"
        elif self.kind == "beyond":
            rel = f"{(self.value - self.other) * 1000:,.0f} ms beyond" if self.value is not None and self.other else ""
            target = f"< {self.limit:,.0f} ms beyond"
        elif self.kind == "abs":
            rel, target = "", f"< {self.limit:g} {self.unit}"
        else:
            rel, target = "", ""
        return [
            self.what,
            self.fmt(self.value),
            self.against,
            self.fmt(self.other),
            rel,
            target,
            self.result,
            self.note,
        ]


@dataclass
class Bench:
    """Settings and results of one run."""

    runs: int
    sizes: list[int]
    key_sizes: list[int]
    use_jrnl: bool = True
    checks: list[Check] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    tmux: T.Tmux | None = None
    poll: tuple[float, float] | None = None
    keystrokes: dict[int, list[T.Keystroke]] = field(default_factory=dict)
    harvest: bool = True  # `journal harvest` on 10 repositories x 10,000 commits (benchmarks/harvest.py)
    review_sizes: list[int] = field(default_factory=list)

    def add(self, check: Check) -> Check:
        self.checks.append(check)
        c = check.cells()
        print(f"  {c[0]:<58} {c[1]:>10}  vs {c[2][:34]:<34} {c[3]:>10} {c[4]:>16} {c[5]:>18} {c[6]} {c[7]}", flush=True)
        return check

    def note(self, text: str) -> None:
        self.notes.append(text)
        print(f"  note: {text}", flush=True)


# --- processes ------------------------------------------------------------------------------------


def journal_cmd(db: Path | str) -> Cmd:
    exe = Path(PY).parent / "journal"
    return [str(exe) if exe.exists() else PY, *([] if exe.exists() else ["-m", "journal_tui"]), "--db", str(db)]


def env_for(**extra: str) -> dict[str, str]:
    return {**os.environ, "JOURNAL_TODAY": TODAY.isoformat(), **extra}


def once(cmd: Cmd, env: dict[str, str] | None = None) -> float:
    """Wall time of `cmd` in a fresh process (its output read through a pipe, as a terminal would)."""
    t0 = time.perf_counter()
    r = subprocess.run(cmd, check=False, capture_output=True, text=True, env=env or env_for())
    took = time.perf_counter() - t0
    if r.returncode != 0:
        raise T.BenchError(f"{' '.join(cmd)} failed ({r.returncode}): {(r.stderr or r.stdout).strip()[-300:]}")
    return took


def alternate(jobs: Sequence[tuple[Cmd, dict[str, str] | None, Callable[[], object] | None]], runs: int) -> list[float]:
    """Medians of each job, run in turn (job 1, job 2, ..., job 1, ...) `runs` times; a job's setup is not timed."""
    samples: list[list[float]] = [[] for _ in jobs]
    for _ in range(runs):
        for i, (cmd, env, setup) in enumerate(jobs):
            if setup:
                setup()
            samples[i].append(once(cmd, env))
    return [statistics.median(s) for s in samples]


# --- jrnl, the peer -----------------------------------------------------------------------------


def jrnl_exe() -> Path | None:
    """jrnl 4.6 in its own venv under the cache dir, installed on first use; None when that fails."""
    exe = JRNL_VENV / "bin" / "jrnl"
    if exe.exists():
        return exe
    print(f"installing jrnl 4.6 into {JRNL_VENV} (its own venv) ...", flush=True)
    base = getattr(sys, "_base_executable", PY)
    r = subprocess.run([base, "-m", "venv", str(JRNL_VENV)], check=False, capture_output=True, text=True)
    if r.returncode == 0:
        r = subprocess.run(
            [str(JRNL_VENV / "bin" / "pip"), "install", "-q", "jrnl==4.6"], check=False, capture_output=True, text=True
        )
    return exe if r.returncode == 0 and exe.exists() else None


def jrnl_setup(home: Path, journal: Path) -> tuple[Cmd, dict[str, str]]:
    """A jrnl config in `home` pointing at `journal` (plain output, no colours); its command and environment."""
    config = home / "jrnl.yaml"
    config.write_text(
        "colors: {body: none, date: none, tags: none, title: none}\ndefault_hour: 9\ndefault_minute: 0\neditor: ''\n"
        f"encrypt: false\nhighlight: false\nindent_character: '|'\njournals:\n  default:\n    journal: {journal}\n"
        "linewrap: 79\ntagsymbols: '#@'\ntemplate: false\ntimeformat: '%F %r'\nversion: v4.6\n",
        encoding="utf-8",
    )
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home), "XDG_DATA_HOME": str(home)}
    cmd = [str(jrnl_exe()), "--config-file", str(config)]
    subprocess.run(
        [*cmd, "-n", "1"], check=False, capture_output=True, env=env
    )  # lets jrnl rewrite its config once, untimed
    return cmd, env


# --- the measurements -------------------------------------------------------------------------------


def measure_list(
    b: Bench,
    size: int,
    db: Path,
    jrnl: tuple[Cmd, dict[str, str]] | None,
    base: dict[str, float] | None = None,
    names: Sequence[str] = tuple(FILTERS),
) -> dict[str, float]:
    """`journal list FILTER -n 50 --format json` against the sqlite3 floor (and jrnl); medians by filter name."""
    out = {}
    for name in names:
        spec = FILTERS[name]
        args = [*spec["journal"], "--limit", "50", "--format", "json"]  # type: ignore[misc]
        subject = [*journal_cmd(db), "list", *args]
        floor = [PY, str(HERE / "floor_query.py"), str(db), name]
        _check_same_rows(b, size, name, subject, floor)
        jobs: list[tuple[Cmd, dict[str, str] | None, Callable[[], object] | None]] = [
            (floor, None, None),
            (subject, None, None),
        ]
        if jrnl:
            jcmd = [*jrnl[0], "-n", "50", *spec["jrnl"]]  # type: ignore[misc]
            _check_jrnl_count(b, size, name, jcmd, jrnl[1], floor)
            jobs.append((jcmd, jrnl[1], None))
        medians = alternate(jobs, b.runs)
        what = f"journal list {name} (-n 50)"
        b.add(Check(size, what, medians[1], "sqlite3 floor: one query, same rows", medians[0], "ratio", 4))
        if jrnl:
            b.add(Check(size, what, medians[1], "jrnl 4.6, same entries", medians[2], "ratio", 0.5))
        if base and name in base:
            b.add(
                Check(size, what, medians[1], f"the same at {BASE_SIZE:,} entries (this run)", base[name], "ratio", 1.5)
            )
        out[name] = medians[1]
    return out


def _check_same_rows(b: Bench, size: int, name: str, subject: Cmd, floor: Cmd) -> None:
    ours = subprocess.run(subject, check=False, capture_output=True, text=True, env=env_for())
    theirs = subprocess.run(floor, check=False, capture_output=True, text=True)
    try:
        same = [r["id"] for r in json.loads(ours.stdout)] == [r["id"] for r in json.loads(theirs.stdout)]
    except (ValueError, KeyError, TypeError):
        same = False
    if not same:
        b.note(f"{size:,}: journal list {name} and its sqlite3 floor returned different rows")


def _check_jrnl_count(b: Bench, size: int, name: str, jcmd: Cmd, env: dict[str, str], floor: Cmd) -> None:
    r = subprocess.run([*jcmd, "--format", "json"], check=False, capture_output=True, text=True, env=env)
    f = subprocess.run(floor, check=False, capture_output=True, text=True)
    try:  # jrnl prints no JSON at all when nothing matches
        n_jrnl = len(json.loads(r.stdout)["entries"]) if r.stdout.strip() else 0
        n_floor = len(json.loads(f.stdout))
    except (ValueError, KeyError):
        b.note(f"{size:,}: could not read jrnl's JSON for {name}")
        return
    if n_jrnl != n_floor:
        b.note(f"{size:,}: jrnl found {n_jrnl} entries for {name}, the sqlite3 floor {n_floor}")


def measure_add(b: Bench, size: int, db: Path, jrnl_file: Path | None) -> None:
    """A quick add (on a copy of the journal) against `import sqlite3`, and jrnl's add on a copy of the same entries."""
    with tempfile.TemporaryDirectory(prefix="journal_bench_") as tmp:
        copy = Path(tmp) / "journal.db"
        shutil.copyfile(db, copy)
        subject = [*journal_cmd(copy), "add", ADD_TEXT]
        floor = [PY, "-c", "import sqlite3"]
        jobs: list[tuple[Cmd, dict[str, str] | None, Callable[[], object] | None]] = [
            (floor, None, None),
            (subject, None, None),
        ]
        if jrnl_file is not None:
            jcopy = Path(tmp) / "jrnl.txt"
            jcmd, jenv = jrnl_setup(Path(tmp), jcopy)
            jobs.append(
                (
                    [*jcmd, ADD_TEXT.replace("+billing #sql", "@billing @sql")],
                    jenv,
                    lambda: shutil.copyfile(jrnl_file, jcopy),
                )
            )
        medians = alternate(jobs, b.runs)
    what = "journal add (quick add)"
    b.add(Check(size, what, medians[1], "python -c 'import sqlite3'", medians[0], "ratio", 4))
    if jrnl_file is not None:
        b.add(Check(size, what, medians[1], "jrnl 4.6 add, same entries", medians[2], "ratio", 0.5))


def measure_nudge(b: Bench, size: int, db: Path) -> None:
    """`journal nudge` (it runs in every new shell) against `import sqlite3`."""
    floor, nudge = alternate(
        [([PY, "-c", "import sqlite3"], None, None), ([*journal_cmd(db), "nudge"], None, None)], b.runs
    )
    b.add(Check(size, "journal nudge", nudge, "python -c 'import sqlite3'", floor, "ratio", 4))


def measure_period(
    b: Bench, size: int, db: Path, start: dt.date, end: dt.date, commands: Sequence[str] = ("review", "case")
) -> None:
    """`journal review` and `journal case` of a period, beyond a process that imports the same modules."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    n = conn.execute(
        "SELECT count(*) FROM entry WHERE occurred_on BETWEEN ? AND ?", (start.isoformat(), end.isoformat())
    ).fetchone()[0]
    conn.close()
    with tempfile.TemporaryDirectory(prefix="journal_bench_") as tmp:
        for command in commands:
            args = [command, "--from", start.isoformat(), "--to", end.isoformat()]
            modules = Path(tmp) / f"{command}.modules"
            r = subprocess.run(
                [PY, str(HERE / "modules_of.py"), str(modules), "--db", str(db), *args],
                check=False,
                capture_output=True,
                text=True,
                env=env_for(),
                cwd=HERE.parent,
            )
            if r.returncode != 0:
                raise T.BenchError(f"journal {command} failed: {r.stderr.strip()[-300:]}")
            floor, subject = alternate(
                [
                    ([PY, str(HERE / "import_floor.py"), str(modules)], None, None),
                    ([*journal_cmd(db), *args], None, None),
                ],
                b.runs,
            )
            b.add(
                Check(
                    size,
                    f"journal {command} of {n:,} entries ({start} to {end})",
                    subject,
                    "a process importing the same modules",
                    floor,
                    "beyond",
                    1000,
                )
            )


def measure_app(
    b: Bench,
    size: int,
    db: Path,
    *,
    runs: int,
    keys: Sequence[str] = (),
    rss: bool = False,
    key_timeout: float = 10.0,
    end_presses: int = 3,
) -> None:
    """In tmux: the app's first rows against a bare Textual app's first frame (alternating); then, in the last
    session, typing filters key by key, clearing, jumping to the end, and the peak RSS."""
    tm = b.tmux
    assert tm is not None
    newest = oracle.newest(str(db))
    expect: T.Expect = newest if newest else T.EMPTY_JOURNAL_TEXT
    app = f"exec env JOURNAL_TODAY={TODAY.isoformat()} {' '.join(journal_cmd(db))}"
    floor_cmd = f"exec {PY} {HERE / 'bare_app.py'}"
    floors, subjects = [], []
    floor_rss = None
    session = ""
    for i in range(runs):
        last = i == runs - 1
        t, fs = T.first_paint(tm, floor_cmd, lambda s: FLOOR_TEXT in s, "the bare app's text", keep=last)
        floors.append(t)
        if last:
            floor_rss = T.vm_hwm_mb(tm.pid(fs))
            tm.kill(fs)
        t, session = T.first_paint(
            tm, app, lambda s: T.shows(s, expect), f"the first rows ({expect})", keep=last and bool(keys or rss)
        )
        subjects.append(t)
    label = "the empty-journal text" if newest is None else "first rows"
    b.add(
        Check(
            size,
            f"app: {label} in tmux (120x36)",
            statistics.median(subjects),
            "bare Textual app, first frame, same way",
            statistics.median(floors),
            "ratio",
            2,
        )
    )
    if not (keys or rss):
        return
    try:
        if b.poll is None:
            b.poll = T.poll_cost(tm, session)
        if keys:
            _type_filters(b, size, db, session, keys, key_timeout)
        if rss:
            if newest:  # (the typing above left the filter cleared and the list focused)
                for _ in range(end_presses):  # each press may load another page: press until nothing moves
                    tm.keys(session, "C-End", literal=False)
                    tm.settle(session, quiet=1.0 if end_presses > 1 else 0.3, timeout=60)
            peak = T.vm_hwm_mb(tm.pid(session))
            b.add(
                Check(
                    size,
                    "app: peak RSS (VmHWM) after loading, typing, jumping to the end",
                    peak,
                    "bare Textual app (VmHWM)",
                    floor_rss,
                    "abs",
                    150,
                    unit="MB",
                )
            )
    finally:
        tm.kill(session)


def _type_filters(b: Bench, size: int, db: Path, session: str, texts: Sequence[str], timeout: float) -> None:
    tm = b.tmux
    assert tm is not None
    strokes: list[T.Keystroke] = []
    for text in texts:
        expected, disagree = oracle.cross_check(journal_cmd(db), env_for(), text, oracle.expectations(str(db), text))
        for d in disagree:
            b.note(f"{size:,}: not timed, the oracle and `journal list` disagree on {d}")
        tm.keys(session, "/")
        tm.settle(session, quiet=0.3)
        strokes += T.type_filter(tm, session, text, expected, timeout)
        tm.keys(session, "Escape", literal=False)  # leave and clear the filter bar (the list may keep its cursor
        tm.settle(session, quiet=1.0, timeout=60)  # on the last selected entry, so it need not show the newest first)
    b.keystrokes[size] = strokes
    timed = [k.seconds for k in strokes if k.seconds is not None]
    timeouts = sum(1 for k in strokes if k.why_not.startswith("timed out"))
    poll = b.poll[0] if b.poll else None
    note = f"{len(timed)} of {len(strokes)} keys timed" + (
        f", {timeouts} timed out (counted at {timeout:.0f} s)" if timeouts else ""
    )
    limits = (50, 150) if size <= 100_000 else (100, 250)
    if timed:
        b.add(
            Check(
                size,
                "app: filter keystroke to rows replaced, median",
                statistics.median(timed),
                "one capture-pane (poll cost)",
                poll,
                "abs",
                limits[0],
                note=note,
            )
        )
        b.add(
            Check(
                size,
                "app: filter keystroke to rows replaced, max",
                max(timed),
                "one capture-pane (poll cost)",
                poll,
                "abs",
                limits[1],
                note=note,
            )
        )
    else:
        b.note(f"{size:,}: no keystroke could be timed ({note})")


# --- the run -----------------------------------------------------------------------------------------


def period_for(size: int) -> tuple[dt.date, dt.date]:
    """A period holding about 100,000 entries (the journals spread their entries evenly over ten years)."""
    days = min(3700, round(3653 * 100_000 / max(size, 1)))
    return TODAY - dt.timedelta(days=days - 1), TODAY


def run(b: Bench) -> None:
    t_all = time.perf_counter()
    jrnl_ok = b.use_jrnl and jrnl_exe() is not None
    if b.use_jrnl and not jrnl_ok:
        b.note("jrnl 4.6 could not be installed: no jrnl comparisons")
    if T.available():
        b.tmux = T.Tmux()
    else:
        b.note("tmux is not installed: no app measurements")
    base: dict[str, float] | None = None
    period_size = max((s for s in b.sizes if s >= 100_000), default=max(b.sizes))
    try:
        for size in b.sizes:
            base = _one_size(b, size, jrnl_ok, base, period_size)
        if b.harvest:
            print(f"\n== harvest: {H.REPOS} repositories x {H.COMMITS:,} commits", flush=True)
            t0 = time.perf_counter()
            _guard(b, H.HARVEST_SIZE, "harvest", H.measure, b)
            b.timings["harvest (repositories built or found in cache, measured)"] = time.perf_counter() - t0
        if b.tmux and b.review_sizes:
            print("\n== the Review screen, per entries in this quarter", flush=True)
            t0 = time.perf_counter()
            _guard(b, 0, "the Review screen", review_screen.measure, b, b.review_sizes, b.runs)
            b.timings["the Review screen"] = time.perf_counter() - t0
    finally:
        if b.tmux:
            b.tmux.close()
    b.timings["total"] = time.perf_counter() - t_all


def _one_size(
    b: Bench, size: int, jrnl_ok: bool, base: dict[str, float] | None, period_size: int
) -> dict[str, float] | None:
    """Every measurement at one size; the list medians when this is the base size (else `base` unchanged)."""
    print(f"\n== {size:,} entries", flush=True)
    t0 = time.perf_counter()
    db = cached(size)
    b.timings[f"journal of {size:,} entries (generate or find in cache)"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    if b.tmux:
        _guard(
            b,
            size,
            "app",
            measure_app,
            b,
            size,
            db,
            runs=b.runs,
            keys=TYPED if size in b.key_sizes else (),
            rss=size == max(b.sizes) and size > 0,
        )
    if size > 0:
        jrnl_file = None
        with tempfile.TemporaryDirectory(prefix="journal_bench_jrnl_") as tmp:
            jrnl = None
            if jrnl_ok and size <= JRNL_MAX:
                jrnl_file = cached_jrnl(size)
                jrnl = jrnl_setup(Path(tmp), jrnl_file)
            elif b.use_jrnl:
                b.note(
                    f"{size:,}: jrnl skipped (it reads and parses its whole text file on every command; "
                    f"compared up to {JRNL_MAX:,} entries)"
                )
            result = _guard(b, size, "list", measure_list, b, size, db, jrnl, base if size > BASE_SIZE else None)
            if size == BASE_SIZE and isinstance(result, dict):
                base = result
        _guard(b, size, "add", measure_add, b, size, db, jrnl_file)
        _guard(b, size, "nudge", measure_nudge, b, size, db)
        if size == period_size:
            _guard(b, size, "review/case", measure_period, b, size, db, *period_for(size))
    b.timings[f"measurements at {size:,}"] = time.perf_counter() - t0
    return base


def _guard(b: Bench, size: int, what: str, fn: Callable[..., object], *args: object, **kwargs: object) -> object:
    """Run one measurement; one that fails is reported (with the screen or error) and the run goes on."""
    try:
        return fn(*args, **kwargs)
    except (T.BenchError, OSError, ValueError, subprocess.SubprocessError) as exc:
        b.note(f"{size:,}: {what} could not be measured: {str(exc).splitlines()[0][:300]}")
        print(str(exc)[-3000:], flush=True)
        return None


# --- RESULTS.md --------------------------------------------------------------------------------------


def machine() -> str:
    import textual

    commit = subprocess.run(
        ["git", "-C", str(HERE.parent), "rev-parse", "--short", "HEAD"], check=False, capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "-C", str(HERE.parent), "status", "--porcelain", "--untracked-files=no"],
        check=False,
        capture_output=True,
        text=True,
    ).stdout.strip()
    tmux = subprocess.run(["tmux", "-V"], check=False, capture_output=True, text=True).stdout.strip()
    return (
        f"{platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}, Textual {textual.__version__}, tmux {tmux.removeprefix('tmux ')}; "
        f"code at commit {commit or '?'}{' (with uncommitted changes)' if dirty else ''}"
    )


def render(b: Bench, command: str) -> str:
    lines = [
        "# Benchmark results (issue 15)",
        "",
        f"Measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC with `{command}` on {machine()}.",
        "",
        f"Every figure is the median of {b.runs} fresh processes (or tmux sessions), timed alternately with the "
        "floor or peer it is compared with, in the same run: the machine is shared and noisy, so read the ratios. "
        f"Journals: benchmarks/generate.py (version {GENERATOR_VERSION}), ten years ending {TODAY}, cached under "
        f"{CACHE_DIR}.  The list filters ask for 50 rows as JSON; the sqlite3 floor runs one equivalent query "
        "(benchmarks/floor_query.py) and prints the same rows.  In tmux (120x36) a state counts as shown when "
        "`capture-pane` shows it (benchmarks/tmux.py)"
        + (
            f"; one capture costs {b.poll[0] * 1000:.1f} ms and one send-keys {b.poll[1] * 1000:.1f} ms, "
            "both included in the keystroke figures"
            if b.poll
            else ""
        )
        + ".",
        "",
    ]
    for size in sorted({c.size for c in b.checks}):
        title = (
            f"## journal harvest: {H.REPOS} repositories x {H.COMMITS:,} commits, the user's share "
            f"{H.SHARE:.0%} (benchmarks/harvest.py)"
            if size == H.HARVEST_SIZE
            else f"## {size:,} entries"
            if size
            else "## empty journal"
        )
        lines += [
            title,
            "",
            "| measurement | value | compared with | its value | ratio | target | result | note |",
            "|---|---:|---|---:|---:|---|---|---|",
        ]
        lines += ["| " + " | ".join(c.cells()) + " |" for c in b.checks if c.size == size]
        strokes = b.keystrokes.get(size)
        if strokes:
            shown = ", ".join(f"`{k.prefix}` {k.seconds * 1000:.0f}" for k in strokes if k.seconds is not None)
            lines += ["", f"Keys timed (filter so far, ms): {shown}."]
        lines.append("")
    if b.notes:
        lines += ["## Notes", ""] + [f"- {n}" for n in b.notes] + [""]
    lines += ["## How long the run took", ""] + [f"- {k}: {v:.0f} s" for k, v in b.timings.items()] + [""]
    return "\n".join(lines)


def compile_package(b: Bench) -> None:
    """Byte-compile journal_tui first, as `pip install` does: an editable install under PYTHONDONTWRITEBYTECODE=1
    would otherwise recompile every module at every start (about 0.17 s) and time the compiler, not the program."""
    import compileall

    package = HERE.parent / "journal_tui"
    compileall.compile_dir(str(package), quiet=1)
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        b.notes.append(
            "PYTHONDONTWRITEBYTECODE is set here: journal_tui was byte-compiled before measuring, as an "
            "installed package is."
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", help=f"comma-separated entry counts (default {','.join(map(str, DEFAULT_SIZES))})")
    parser.add_argument("--runs", type=int, help="fresh processes per figure (default 7; at least 7 for RESULTS.md)")
    parser.add_argument("--keys-at", help=f"sizes at which to type filters (default {','.join(map(str, KEY_SIZES))})")
    parser.add_argument("--quick", action="store_true", help=f"sizes {QUICK_SIZES}, 3 runs, keys typed at 5,000")
    parser.add_argument("--no-jrnl", action="store_true", help="skip the jrnl comparisons")
    parser.add_argument("--no-harvest", action="store_true", help="skip journal harvest (10 git repositories)")
    parser.add_argument(
        "--review-sizes",
        help="journal sizes for the Review screen (default "
        f"{','.join(map(str, review_screen.REVIEW_SIZES))}; quick "
        f"{','.join(map(str, review_screen.QUICK_REVIEW_SIZES))}; 0 for none)",
    )
    parser.add_argument("--write", action="store_true", help="write benchmarks/RESULTS.md")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else QUICK_SIZES if args.quick else DEFAULT_SIZES
    keys = [int(s) for s in args.keys_at.split(",")] if args.keys_at else [5000] if args.quick else KEY_SIZES
    review_sizes = (
        [int(s) for s in args.review_sizes.split(",") if int(s)]
        if args.review_sizes
        else review_screen.QUICK_REVIEW_SIZES
        if args.quick
        else review_screen.REVIEW_SIZES
    )
    b = Bench(
        runs=args.runs or (3 if args.quick else 7),
        sizes=sizes,
        key_sizes=keys,
        use_jrnl=not args.no_jrnl,
        harvest=not args.no_harvest,
        review_sizes=review_sizes,
    )
    compile_package(b)
    run(b)
    text = render(b, "python -m benchmarks.run " + " ".join(sys.argv[1:] if argv is None else argv))
    print("\n" + text)
    if args.write:
        (HERE / "RESULTS.md").write_text(text, encoding="utf-8")
        print("wrote benchmarks/RESULTS.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
