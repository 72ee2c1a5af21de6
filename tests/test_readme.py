"""The README's ```console blocks are true.

The convention (for everyone who adds a block):
- each ```console block runs against its own fresh, empty journal, in an empty folder, with
  JOURNAL_TODAY=2026-11-23;
- a line starting with `$ ` is a command; only `journal ...` commands run, and a `# comment` after the
  command is ignored (the shell's rules: `#sql` inside quotes is not a comment);
- the lines after a command, up to the next `$ ` line, are its expected stdout; a line that is exactly
  `...` matches any number of lines (none included); trailing spaces are ignored;
- every command must exit 0;
- git reads no system or global config (an empty one under the block's HOME), and a block that runs
  `journal harvest` finds `~/src/payments-api`, the example repository of tests/gitrepos.py (your commits and a
  colleague's, with fixed dates, so fixed hashes): the only repository a block can see, since nothing but
  `journal ...` commands run.
So a block that needs data starts with its own `$ journal add ...` lines or `$ journal demo` (then `...`).
"""

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import TODAY
from gitrepos import isolated_git, payments_api

from journal_tui.cli import main

README = Path(__file__).resolve().parent.parent / "README.md"


@dataclass
class Command:
    line: int  # 1-based line of the `$ ` line in README.md
    text: str
    expected: list[str] = field(default_factory=list)


@dataclass
class Block:
    line: int  # 1-based line of the ```console fence
    commands: list[Command]


def console_blocks(markdown: str) -> list[Block]:
    blocks: list[Block] = []
    current: Block | None = None
    for number, line in enumerate(markdown.splitlines(), start=1):
        if current is None:
            if line.strip() == "```console":
                current = Block(number, [])
            continue
        if line.strip() == "```":
            blocks.append(current)
            current = None
        elif line.startswith("$ "):
            current.commands.append(Command(number, line[2:].strip()))
        elif current.commands:
            current.commands[-1].expected.append(line)
        elif line.strip():
            raise AssertionError(f"README.md line {number}: console block output before any `$ ` command")
    assert current is None, f"README.md line {current.line}: ```console block is never closed"
    return blocks


def matches(expected: list[str], got: list[str]) -> bool:
    """`expected` (with `...` lines matching any run of lines) against `got`, ignoring trailing spaces."""
    pattern = "".join(
        r"(?:[^\n]*\n)*?" if line.strip() == "..." else re.escape(line.rstrip()) + r"\n" for line in expected
    )
    return re.fullmatch(pattern, "".join(line.rstrip() + "\n" for line in got)) is not None


def _trim(lines: list[str]) -> list[str]:
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    return lines


BLOCKS = console_blocks(README.read_text(encoding="utf-8"))


def test_the_readme_has_console_blocks() -> None:
    assert len(BLOCKS) >= 4
    assert sum(len(b.commands) for b in BLOCKS) >= 15


def test_the_matcher() -> None:
    assert matches(["a", "...", "d"], ["a", "b", "c", "d"])
    assert matches(["a", "...", "d"], ["a", "d"])
    assert matches(["..."], [])
    assert matches(["a  "], ["a"])
    assert not matches(["a", "d"], ["a", "b", "d"])
    assert not matches(["a"], ["a", "b"])
    assert not matches(["a.c"], ["abc"])


@pytest.mark.parametrize("block", BLOCKS, ids=[f"README.md:{b.line}" for b in BLOCKS])
def test_console_block(
    block: Block, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("JOURNAL_DB", str(tmp_path / "journal.db"))
    monkeypatch.setenv("JOURNAL_TODAY", TODAY.isoformat())
    monkeypatch.setenv("EDITOR", "true")
    monkeypatch.delenv("VISUAL", raising=False)
    for name, value in isolated_git(tmp_path).items():
        monkeypatch.setenv(name, value)
    if any(cmd.text.startswith("journal harvest") for cmd in block.commands):
        payments_api(tmp_path / "src" / "payments-api")
    for cmd in block.commands:
        argv = shlex.split(cmd.text, comments=True)
        where = f"README.md line {cmd.line} (```console block at line {block.line}): $ {cmd.text}"
        if not argv or argv[0] != "journal":
            continue
        if len(argv) == 1:
            pytest.fail(f"{where}\n  a bare `journal` opens the app; it cannot run in a console block", pytrace=False)
        capsys.readouterr()
        code: int | str | None
        try:
            code = main(argv[1:])
        except SystemExit as exc:  # argparse usage errors
            code = exc.code
        out, err = capsys.readouterr()
        if code != 0:
            pytest.fail(f"{where}\n  exit {code}; stderr: {err.strip()}", pytrace=False)
        got, expected = _trim(out.splitlines()), _trim(cmd.expected)
        if not matches(expected, got):
            pytest.fail(
                f"{where}\n  expected stdout:\n"
                + "\n".join(f"    {line}" for line in expected or ["(nothing)"])
                + "\n  got:\n"
                + "\n".join(f"    {line}" for line in got or ["(nothing)"]),
                pytrace=False,
            )
