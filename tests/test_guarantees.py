"""README's guarantees name the tests that prove them: every named test exists and every section names one."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("## Guarantees")
    return text[start : text.index("\n## ", start + 1)]


def _defined() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for path in (ROOT / "tests").glob("test_*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        out[path.name] = {n.name for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
    return out


def test_every_promise_names_tests_that_exist() -> None:
    defined = _defined()
    promises = _section().split("\n- ")[1:]
    assert len(promises) >= 10
    for promise in promises:
        names = re.findall(r"(test_\w+\.py)(?:::(test_\w+))?|\b(test_\w+)\b(?!\.py)", promise)
        assert names, f"a promise without a test: {promise[:80]}"
        current = None
        for file, qualified, bare in names:
            if file:
                assert file in defined, file
                current = file
            name = qualified or bare
            if name:
                assert current and name in defined[current], (current, name)
