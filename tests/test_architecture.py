"""The rooms of the code and their rules, checked: import-linter contracts and their coverage."""

import os
import pkgutil
import subprocess
import sys
import tomllib
from pathlib import Path

import journal_tui

ROOT = Path(__file__).resolve().parent.parent


def _contracts() -> list[dict]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]


def test_import_contracts_hold() -> None:
    exe = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(exe)], cwd=ROOT, capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "broken" in result.stdout and " 0 broken" in result.stdout


def test_every_core_module_is_under_the_no_textual_contract() -> None:
    """A new module outside tui/ must be added to the contract, or it could import Textual unnoticed."""
    listed = set(next(c for c in _contracts() if "Textual" in c["name"])["source_modules"])
    core = {f"journal_tui.{m.name}" for m in pkgutil.iter_modules(journal_tui.__path__)
            if m.name not in ("tui", "__main__")}
    assert core - listed == set(), "add these modules to the import-linter contract in pyproject.toml"


def test_the_package_type_checks_strictly_with_at_most_five_ignores() -> None:
    """mypy --strict (pyproject's [tool.mypy]) passes on journal_tui; `type: ignore` stays rare and justified."""
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    ignores = [f"{path.relative_to(ROOT)}:{n}" for path in (ROOT / "journal_tui").rglob("*.py")
               for n, line in enumerate(path.read_text().splitlines(), 1) if "type: ignore" in line]
    assert len(ignores) <= 5, ignores
