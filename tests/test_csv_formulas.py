"""CSV export never hands a spreadsheet a formula; importing our own CSV gives back the text that was exported.

OWASP's CSV-injection rule: a cell starting with `=`, `+`, `-`, `@`, a tab or a
carriage return is written with a `'` in front.  Import takes exactly that quote
off again (README, "CSV and spreadsheets"), including for text that itself began
with quotes before such a character.
"""

import csv
import io
import sqlite3
from pathlib import Path

import pytest
from conftest import Cli, db_rows
from hostile import FORMULAS

RISKY = ("=", "+", "-", "@", "\t", "\r", "\n")


def cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


@pytest.fixture
def formulas(cli: Cli, db_path: Path) -> list[tuple[str, str | None, str | None, str]]:
    """An entry per formula in every text column: its text, impact, project and skill (stored as the CLI cleans
    them), plus a leading tab and carriage return that only another program can store (sqlite3)."""
    for i, formula in enumerate(FORMULAS, 1):
        cli("add", f"--impact={formula}", f"--project=-{i}+{i}", f"--skill==cmd|{i}", "--", formula)
    conn = sqlite3.connect(db_path)
    with conn:  # the write layer trims a leading tab or CR; an older version or another program may not have
        conn.execute("UPDATE entry SET impact = ? WHERE id = 5", ("\t=1+1",))
        conn.execute("UPDATE entry SET text = ? WHERE id = 6", ("\r=1+1 from elsewhere",))
    conn.close()
    return db_rows(
        db_path,
        "SELECT e.text, e.impact, p.name, s.name FROM entry e LEFT JOIN project p ON p.id = "
        "e.project_id JOIN entry_skill es ON es.entry_id = e.id JOIN skill s ON s.id = es.skill_id "
        "ORDER BY e.id",
    )


@pytest.mark.usefixtures("formulas")
def test_no_exported_cell_starts_a_formula(cli: Cli, tmp_path: Path) -> None:
    for text in (cli("export", "--format", "csv"), _written(cli, tmp_path)):
        rows = cells(text)
        assert rows[0] == ["date", "text", "project", "skills", "impact", "starred"]
        assert len(rows) == len(FORMULAS) + 1
        for row in rows[1:]:
            for value in row:
                assert not value.startswith(RISKY), (value, row)
        texts = [r[1] for r in rows[1:]]
        assert texts[0] == "'" + FORMULAS[0] and texts[6] == "''=quoted already"  # one quote more, always
        assert [r[2] for r in rows[1:3]] == ["'-1+1", "'-2+2"] and rows[1][3] == "'=cmd|1"


def _written(cli: Cli, tmp_path: Path) -> str:
    target = tmp_path / "wins.csv"
    cli("export", "--format", "csv", "-o", str(target))
    return target.read_text(encoding="utf-8")


def test_importing_our_csv_gives_back_the_exported_text(
    cli: Cli,
    formulas: list[tuple[str, str | None, str | None, str]],
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    exported = tmp_path / "wins.csv"
    cli("export", "--format", "csv", "-o", str(exported))
    fresh = tmp_path / "fresh.db"
    monkeypatch.setenv("JOURNAL_DB", str(fresh))
    cli("import", str(exported))
    back = db_rows(
        fresh,
        "SELECT e.text, e.impact, p.name, s.name FROM entry e LEFT JOIN project p ON p.id = "
        "e.project_id JOIN entry_skill es ON es.entry_id = e.id JOIN skill s ON s.id = es.skill_id "
        "ORDER BY e.id",
    )
    # what the journal holds comes back, cleaned as any import is (a leading tab or CR is trimmed, as when typed)
    assert back == [tuple(v.strip() if v else v for v in row) for row in formulas]
    cli("import", str(exported))  # and a second import of the same file adds nothing
    assert db_rows(fresh, "SELECT count(*) FROM entry") == [(len(FORMULAS),)]


def test_a_spreadsheet_quote_before_a_formula_is_taken_off_on_import(cli: Cli, db_path: Path, tmp_path: Path) -> None:
    source = tmp_path / "sheet.csv"
    source.write_text(
        "date,text,impact\n2026-11-02,'=SUM(A1:A3),'+15%\n2026-11-03,'quoted text,''-x\n", encoding="utf-8"
    )
    cli("import", str(source))
    assert db_rows(db_path, "SELECT text, impact FROM entry ORDER BY id") == [
        ("=SUM(A1:A3)", "+15%"),
        ("'quoted text", "'-x"),
    ]


@pytest.mark.parametrize("value", [*FORMULAS, "plain", "'", "''", "'plain", "", "=", "'=", "-", "—dash", " =x"])
def test_the_cell_rule_round_trips(value: str) -> None:
    from journal_tui.exchange import csv_cell, csv_value

    cell = csv_cell(value)
    assert not cell.startswith(RISKY)
    assert csv_value(cell) == value
