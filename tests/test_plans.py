"""Which index leads: SQLite's plans for the slow forms found at a million entries (EXPLAIN QUERY PLAN).

On a generated journal (analyzed, like benchmarks/generate.py leaves it):
- project + skill + quarter starts from the project/date index, the skill tested per entry (EXISTS),
  not from every entry with the skill (66 ms -> 0.3 ms at 1M);
- a skill alone still starts from the skill's link index;
- a page of free text reads the FTS index first and joins entries by rowid (no match list); a broad word
  reads only the rowid range FTS5 is given (the ids of the entries dated between the page's start and its edge),
  a rare one all its few matches;
- one project (one name) pages in its (project_id, occurred_on) index order, stopping after the page, with or
  without skills (80 ms -> 2 ms at 1M for a project of 200k entries); two projects still look up and sort;
- goals whose evidence has a skill look up each goal's few links and test their skills, never every entry
  with the skill once per goal (0.8 s at 100k, 6 s at 1M, before).
"""

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import TODAY

from benchmarks.generate import build
from journal_tui.data.reader import Reader
from journal_tui.query import parse_query


@pytest.fixture(scope="module")
def reader(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Reader]:
    path = build(Path(tmp_path_factory.mktemp("plans") / "journal.db"), entries=6000, end=TODAY)
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


@pytest.mark.parametrize("text", ["the", "#4321", "the in:2026", "project:billing the"])
def test_text_pages_are_driven_by_the_fts_index(reader: Reader, text: str) -> None:
    """Broad or rare, a page of free text reads the FTS matches and joins entries by rowid: no match list."""
    lines = plan(reader, text)
    fts = [i for i, p in enumerate(lines) if p.startswith("SCAN entry_fts VIRTUAL TABLE")]
    join = [i for i, p in enumerate(lines) if p == "SEARCH entry USING INTEGER PRIMARY KEY (rowid=?)"]
    assert fts and join and fts[0] < join[-1], lines
    assert not any(p.split()[:2] == ["SCAN", "entry"] for p in lines), lines  # never a walk of all entries


def test_text_counts_stay_inside_the_fts_index(reader: Reader) -> None:
    flt = parse_query("the", today=TODAY)
    total = reader.count_entries(flt)
    assert total > 100
    capped = reader.count_entries(flt, cap=100)
    assert capped == 100 and capped.capped
    assert reader.count_entries(parse_query("the project:billing", today=TODAY)) < total


@pytest.mark.parametrize("text", ["the", "the in:2026", "project:billing the", "re"])
def test_broad_text_pages_read_a_rowid_range_of_the_fts_index(reader: Reader, text: str) -> None:
    """FTS5 gets the rowid bounds (`><` in its index string): it seeks there instead of reading every match."""
    scans = [p for p in plan(reader, text) if p.startswith("SCAN entry_fts VIRTUAL TABLE")]
    assert scans and all(p.endswith("><") for p in scans), scans


def test_rare_text_pages_read_every_match(reader: Reader) -> None:
    assert reader.count_entries(parse_query("#4321", today=TODAY)) < 50
    scans = [p for p in plan(reader, "#4321") if p.startswith("SCAN entry_fts VIRTUAL TABLE")]
    assert scans and not any("><" in p for p in scans), scans


@pytest.mark.parametrize("text", ["skill:sql", "project:billing skill:sql", "-skill:sql starred:yes"])
def test_goal_evidence_tests_skills_per_linked_entry(reader: Reader, text: str) -> None:
    lines = reader.explain_goals(parse_query(text, today=TODAY))
    assert any("ix_entry_goal_goal (goal_id=?)" in p for p in lines), lines
    assert not any("(goal_id=? AND entry_id=?)" in p for p in lines), lines  # not driven by the skill's entry list
    assert not any(p.endswith("ix_entry_skill_skill (skill_id=?)") for p in lines), lines


@pytest.mark.parametrize(
    "text",
    ["project:billing", "project:billing skill:sql", "project:billing starred:yes", "project:billing -skill:sql"],
)
def test_one_project_pages_in_its_index_order(reader: Reader, text: str) -> None:
    lines = plan(reader, text)
    assert any("ix_entry_project (project_id=?)" in p for p in lines), lines
    # one sort only: the page's own rows (the outer query), not every entry of the project first
    assert sum("TEMP B-TREE FOR ORDER BY" in p for p in lines) == 1, lines


def test_two_projects_are_looked_up_and_sorted(reader: Reader) -> None:
    lines = plan(reader, "project:billing,payments")
    assert any("ix_entry_project (project_id=?)" in p for p in lines), lines
    assert sum("TEMP B-TREE FOR ORDER BY" in p for p in lines) == 2, lines
