"""The rooms of the code and their rules, checked: import-linter contracts and their coverage."""

import ast
import os
import pkgutil
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import journal_tui

ROOT = Path(__file__).resolve().parent.parent


def _contracts() -> list[dict[str, Any]]:
    contracts: list[dict[str, Any]] = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"][
        "contracts"
    ]
    return contracts


def test_import_contracts_hold() -> None:
    exe = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(exe)], cwd=ROOT, capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)}
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "broken" in result.stdout and " 0 broken" in result.stdout


def test_every_core_module_is_under_the_no_textual_contract() -> None:
    """A new module outside tui/ must be added to the contract, or it could import Textual unnoticed."""
    listed = set(next(c for c in _contracts() if "Textual" in c["name"])["source_modules"])
    core = {
        f"journal_tui.{m.name}" for m in pkgutil.iter_modules(journal_tui.__path__) if m.name not in ("tui", "__main__")
    }
    assert core - listed == set(), "add these modules to the import-linter contract in pyproject.toml"


def test_the_package_type_checks_strictly_with_at_most_five_ignores() -> None:
    """mypy --strict (pyproject's [tool.mypy]) passes on journal_tui and its tests; `type: ignore` stays rare and
    justified in the package."""
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    ignores = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in (ROOT / "journal_tui").rglob("*.py")
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if "type: ignore" in line
    ]
    assert len(ignores) <= 5, ignores


SQL = re.compile(r"\b(SELECT\b.*\bFROM|INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM)\b", re.I | re.S)


def test_sql_lives_in_the_data_package_only() -> None:
    """Every SQL statement of journal_tui is a string inside journal_tui/data/ (the one data package); a module
    elsewhere that holds one is named with the statement's first words."""
    found = []
    for path in sorted((ROOT / "journal_tui").rglob("*.py")):
        if path.relative_to(ROOT / "journal_tui").parts[0] == "data":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL.search(node.value):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value.strip()[:60]!r}")
    assert found == [], "\n".join(found)


def test_only_the_data_package_imports_a_database_driver() -> None:
    """sqlite3, psycopg and sqlcipher3 are imported inside journal_tui/data/ only (at module level or lazily)."""
    drivers = {"sqlite3", "psycopg", "sqlcipher3", "sqlalchemy", "sqlmodel"}
    found = []
    for path in sorted((ROOT / "journal_tui").rglob("*.py")):
        if path.relative_to(ROOT / "journal_tui").parts[0] == "data":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, (ast.Import, ast.ImportFrom)):
                continue
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            found += [f"{path.relative_to(ROOT)}:{node.lineno}: {n}" for n in names if n.split(".")[0] in drivers]
    assert found == [], "\n".join(found)
