"""Which index leads: SQLite's plans for the slow forms found at a million entries (EXPLAIN QUERY PLAN).

On a generated journal (analyzed, like benchmarks/generate.py leaves it):
- project + skill + quarter starts from the project/date index, the skill tested per entry (EXISTS),
  not from every entry with the skill (66 ms -> 0.3 ms at 1M);
- a skill alone still starts from the skill's link index;
- a page of broad free text walks the date index and seeks the FTS index per entry (no match list);
  rare free text lists its few matches first.
"""

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.generate import build
from journal_tui.query import parse_query
from journal_tui.reader import PROBE_AT, Reader

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def reader(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Reader]:
    path = build(Path(tmp_path_factory.mktemp("plans") / "journal.db"), entries=6000, goals=20, feedback=300, end=TODAY)
    yield Reader(path)


def plan(reader: Reader, text: str) -> list[str]:
    return reader.explain_entries(parse_query(text, today=TODAY), limit=50)


def test_project_skill_quarter_leads_with_project_index(reader: Reader) -> None:
    lines = plan(reader, "project:billing skill:sql in:2026-Q3")
    assert any("ix_entry_project (project_id=? AND occurred_on>? AND occurred_on<?)" in p for p in lines), lines
    assert not any(p.endswith("ix_entry_skill_skill (skill_id=?)") for p in lines), lines
    assert any("ix_entry_skill_skill (skill_id=? AND entry_id=?)" in p for p in lines), lines  # tested per entry


def test_skill_and_quarter_leads_with_date_index(reader: Reader) -> None:
    lines = plan(reader, "skill:sql in:2026-Q3")
    assert any("ix_entry_date (occurred_on>? AND occurred_on<?)" in p for p in lines), lines
    assert not any(p.endswith("ix_entry_skill_skill (skill_id=?)") for p in lines), lines


def test_skill_alone_leads_with_its_link_index(reader: Reader) -> None:
    lines = plan(reader, "skill:sql")
    assert any(p.endswith("ix_entry_skill_skill (skill_id=?)") for p in lines), lines
    assert not any(p.split()[:2] == ["SCAN", "entry"] for p in lines), lines


def test_broad_text_page_walks_dates_and_probes(reader: Reader) -> None:
    flt = parse_query("the", today=TODAY)
    assert reader.count_entries(flt) >= PROBE_AT  # broad enough to be probed
    lines = reader.explain_entries(flt, limit=50)
    assert any("ix_entry_date" in p for p in lines), lines
    assert not any("TEMP B-TREE" in p for p in lines[:4]), lines  # no sort of every match for one page
    assert any("VIRTUAL TABLE INDEX" in p for p in lines), lines
    assert not any("LIST SUBQUERY" in p and "entry_fts" in p for p in lines), lines


def test_rare_text_lists_its_matches(reader: Reader) -> None:
    flt = parse_query("#4321", today=TODAY)
    assert 0 < reader.count_entries(flt) < PROBE_AT
    lines = reader.explain_entries(flt, limit=50)
    assert not any(p.split()[:2] == ["SCAN", "entry"] for p in lines), lines
