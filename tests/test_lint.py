"""The repository is lint-clean and formatted: `ruff check` and `ruff format --check`, with pyproject's config.

ruff is in the test extra, so CI runs both; without it (a bare checkout) the two tests skip with one line.
"""

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("ruff") is None, reason='ruff is not installed: pip install -e ".[test]"'
)


def ruff(*args: str) -> subprocess.CompletedProcess[str]:
    """ruff on the whole repository, as a developer runs it (no cache written into the checkout)."""
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args, "--no-cache", "."], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_ruff_check_finds_nothing() -> None:
    result = ruff("check", "--output-format", "concise")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_ruff_format_would_change_nothing() -> None:
    result = ruff("format", "--check")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
