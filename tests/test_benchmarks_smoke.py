"""The benchmark harness (benchmarks/run.py, not part of the suite) run once at a tiny size, so it cannot rot.

Each measurement function runs once on a 300-entry journal and must return sane
numbers; the tmux ones are skipped when tmux is missing.  jrnl is not installed here.
"""

import hashlib
import sqlite3
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # `benchmarks` lives beside the package, not in it

from benchmarks import generate, oracle
from benchmarks import harvest as bench_harvest
from benchmarks import run as bench
from benchmarks import tmux as bench_tmux

SIZE = 300


def _digest(path: Path) -> str:
    conn = sqlite3.connect(path)
    rows = conn.execute("SELECT id, occurred_on, text, project_id, impact, starred FROM entry ORDER BY id").fetchall()
    conn.close()
    return hashlib.sha256(repr(rows).encode()).hexdigest()


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate.build(tmp_path_factory.mktemp("bench") / "tiny.db", entries=SIZE)


def test_the_generator_builds_a_whole_journal_the_same_way_twice(tiny: Path, tmp_path: Path) -> None:
    conn = sqlite3.connect(tiny)
    count = {
        t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("entry", "entry_skill", "feedback", "goal", "entry_goal", "criterion", "contact", "ask", "checkin")
    }
    assert count["entry"] == SIZE
    assert all(count.values()), count
    assert conn.execute("SELECT count(*) FROM person WHERE role = 'mentor'").fetchone()[0] > 0
    # the FTS index was rebuilt and its triggers are back: a new entry is found by its words
    assert conn.execute("SELECT count(*) FROM entry_fts WHERE entry_fts MATCH 'refunds'").fetchone()[0] > 0
    conn.execute(
        "INSERT INTO entry (occurred_on, text, starred, created_at, updated_at) "
        "VALUES ('2026-11-23', 'zebracorn', 0, '', '')"
    )
    assert conn.execute("SELECT count(*) FROM entry_fts WHERE entry_fts MATCH 'zebracorn'").fetchone()[0] == 1
    conn.rollback()
    conn.close()
    assert _digest(generate.build(tmp_path / "again.db", entries=SIZE)) == _digest(tiny)


def test_the_jrnl_journal_holds_the_same_entries(tiny: Path, tmp_path: Path) -> None:
    text = generate.write_jrnl(tiny, tmp_path / "j.txt").read_text(encoding="utf-8")
    assert text.count("\n[20") + 1 == SIZE
    assert text.startswith("[2016-")


def test_the_oracle_knows_whole_terms_and_leaves_half_typed_ones(tiny: Path) -> None:
    expected = oracle.expectations(str(tiny), "project:billing re")
    assert expected[len("project:billin") - 1] is None  # half a project name: no state of its own
    assert expected[len("project:billing") - 1] not in (None, "empty")
    assert expected[-2] is None  # a one-letter word
    assert expected[-1] is not None


def test_the_command_line_measurements_return_sane_numbers(tiny: Path) -> None:
    b = bench.Bench(runs=1, sizes=[SIZE], key_sizes=[])
    medians = bench.measure_list(b, SIZE, tiny, None, names=["project+skill+quarter"])
    bench.measure_add(b, SIZE, tiny, None)
    bench.measure_nudge(b, SIZE, tiny)
    bench.measure_period(b, SIZE, tiny, *bench.period_for(SIZE), commands=["review"])
    assert 0 < medians["project+skill+quarter"] < 30
    assert [c.what.split(" (")[0].split(" of ")[0] for c in b.checks] == [
        "journal list project+skill+quarter",
        "journal add",
        "journal nudge",
        "journal review",
    ]
    for c in b.checks:
        assert c.value is not None and c.other is not None and 0 < c.value < 30 and 0 < c.other < 30, c
        assert c.result in ("PASS", "MISS")
    assert not b.notes  # e.g. the list and its sqlite3 floor returned the same rows
    assert f"journal review of {SIZE} entries" in bench.render(b, "smoke")


@pytest.mark.slow  # the app timed in a real terminal
@pytest.mark.skipif(not bench_tmux.available(), reason="tmux is not installed")
def test_the_app_measurements_in_tmux_return_sane_numbers(tiny: Path) -> None:
    b = bench.Bench(runs=1, sizes=[SIZE], key_sizes=[SIZE])
    b.tmux = bench_tmux.Tmux()
    try:
        bench.measure_app(b, SIZE, tiny, runs=1, keys=["ledg"], rss=True, end_presses=1)
    finally:
        b.tmux.close()
    assert not b.notes
    by_name = {c.what: c for c in b.checks}
    first = by_name["app: first rows in tmux (120x36)"]
    assert first.value is not None and first.other is not None and 0 < first.other < 30 and 0 < first.value < 30
    median = by_name["app: filter keystroke to rows replaced, median"]
    assert median.value is not None and 0 < median.value < 10
    assert [k.prefix for k in b.keystrokes[SIZE]] == ["l", "le", "led", "ledg"]
    rss = by_name["app: peak RSS (VmHWM) after loading, typing, jumping to the end"]
    assert rss.value is not None and rss.other is not None and 10 < rss.other < rss.value < 2000


def test_the_harvest_measurements_return_sane_numbers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """benchmarks/harvest.py at a tiny size: 3 repositories of 200 commits, the same checks and their floors."""
    monkeypatch.setattr(bench_harvest, "CACHE_DIR", tmp_path)
    b = bench.Bench(runs=1, sizes=[], key_sizes=[])
    bench_harvest.measure(b, repos=3, commits=200)
    assert [c.what.split(":")[0].split(",")[0] for c in b.checks] == ["journal harvest", "journal harvest again"]
    for c in b.checks:
        assert c.value is not None and c.other is not None and 0 < c.value < 30 and 0 < c.other < 30, c
        assert c.result in ("PASS", "MISS")
    assert [n for n in b.notes if "commits read" not in n] == []  # the harvest offered the user's commits
    assert "journal harvest: 10 repositories" in bench.render(b, "smoke")
