"""Every example in every `--help` works.

The parser is walked, so a command added later is covered without touching this file:
- every `$ journal ...` line of a help page runs (in order, per page) against a fresh copy of a demo journal,
  in a fresh folder, with $EDITOR a no-op, and must exit 0;
- every "e.g." list in an option's help is read the way that option reads it (WHEN: a day, PERIOD: a period,
  FILTER: filter text);
- every filter term written in a help page (`in:last-quarter`, `project:billing,payments`) parses.
"""

import argparse
import os
import re
import shlex
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import TODAY

from journal_tui.cli import build_parser, main
from journal_tui.dates import parse_date, parse_range
from journal_tui.query import DATE_KEYS, NAME_KEYS, OTHER_KEYS, parse_query


def help_pages() -> Iterator[tuple[str, argparse.ArgumentParser]]:
    """(`journal goal add`, its parser) for the main parser and every sub-command, each once."""
    seen: set[int] = set()

    def walk(name: str, parser: argparse.ArgumentParser) -> Iterator[tuple[str, argparse.ArgumentParser]]:
        if id(parser) in seen:  # aliases (ls) share list's parser
            return
        seen.add(id(parser))
        yield name, parser
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub_name, sub in action.choices.items():
                    yield from walk(f"{name} {sub_name}", sub)

    yield from walk("journal", build_parser())


PAGES = dict(help_pages())


def examples(parser: argparse.ArgumentParser) -> list[str]:
    return [line.strip()[2:] for line in parser.format_help().splitlines() if line.strip().startswith("$ journal ")]


def option_examples(parser: argparse.ArgumentParser) -> list[tuple[str, str, str]]:
    """(option, metavar, example) for every value listed after "e.g." in an argument's help."""
    found = []
    for action in parser._actions:
        help_text = (action.help or "") % {"default": action.default, "prog": parser.prog}
        if "e.g. " not in help_text:
            continue
        listed = help_text.split("e.g. ", 1)[1].rstrip(")")
        metavar = str(action.metavar or action.dest.upper())
        values = [listed] if metavar == "FILTER" else [v.strip().strip('"') for v in listed.split(", ")]
        found += [("/".join(action.option_strings) or action.dest, metavar, v) for v in values if v]
    return found


_KEYS = "|".join(sorted({*NAME_KEYS, *DATE_KEYS, *OTHER_KEYS}, key=len, reverse=True))
_TERM = re.compile(rf'(?<![\w$-])-?(?:{_KEYS}):(?:"[^"]*"|[^\s;)]+)', re.IGNORECASE)


def filter_terms(parser: argparse.ArgumentParser) -> list[str]:
    """Filter terms written in a help page, without placeholders (project:NAME, kind:praise|constructive)."""
    terms = []
    for line in parser.format_help().splitlines():
        if line.strip().startswith("$ "):
            continue  # command lines are run whole
        for term in _TERM.findall(line):
            term = term.rstrip(",.")
            value = term.split(":", 1)[1]
            if value and not re.fullmatch(r"[A-Z_]+", value) and "|" not in value:
                terms.append(term)
    return terms


def test_the_walk_finds_every_command_and_many_examples() -> None:
    names = set(PAGES)
    assert {
        "journal add",
        "journal list",
        "journal goal add",
        "journal milestone rm",
        "journal milestone edit",
        "journal review",
        "journal import",
    } <= names
    assert sum(len(examples(p)) for p in PAGES.values()) >= 40
    assert sum(len(option_examples(p)) for p in PAGES.values()) >= 15


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    old = os.environ.get("JOURNAL_TODAY")
    os.environ["JOURNAL_TODAY"] = TODAY.isoformat()
    try:
        assert main(["--db", str(folder / "journal.db"), "demo"]) == 0
    finally:
        if old is None:
            del os.environ["JOURNAL_TODAY"]
        else:
            os.environ["JOURNAL_TODAY"] = old
    return folder


@pytest.mark.parametrize("page", [name for name, p in PAGES.items() if examples(p)])
def test_every_help_example_runs(
    page: str, demo_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    work = tmp_path / "work"
    shutil.copytree(demo_template, work)
    monkeypatch.chdir(work)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("JOURNAL_DB", str(work / "journal.db"))
    monkeypatch.setenv("JOURNAL_TODAY", TODAY.isoformat())
    monkeypatch.setenv("EDITOR", "true")
    monkeypatch.delenv("VISUAL", raising=False)
    for example in examples(PAGES[page]):
        argv = shlex.split(example, comments=True)
        assert argv[0] == "journal" and len(argv) > 1, f"`{page} --help`: {example!r} would open the app"
        capsys.readouterr()
        code: int | str | None
        try:
            code = main(argv[1:])
        except SystemExit as exc:  # a usage error
            code = exc.code
        out, err = capsys.readouterr()
        assert code == 0, f"`{page} --help` example fails: {example}\nexit {code}; stderr: {err.strip()}"


@pytest.mark.parametrize("page", [name for name, p in PAGES.items() if option_examples(p)])
def test_every_option_example_is_understood(page: str) -> None:
    for option, metavar, value in option_examples(PAGES[page]):
        where = f"`{page} --help`, {option} e.g. {value!r}"
        if metavar == "WHEN":
            assert parse_date(value, today=TODAY, direction="future"), where
            assert parse_date(value, today=TODAY, direction="past"), where
        elif metavar == "PERIOD":
            assert parse_range(value, today=TODAY), where
        elif metavar == "FILTER":
            assert not parse_query(value, today=TODAY).is_empty, where
        else:
            assert metavar in {"TEXT", "NAME", "PERSON"}, f"{where}: no test knows how {metavar} values are read"


@pytest.mark.parametrize("page", [name for name, p in PAGES.items() if filter_terms(p)])
def test_every_filter_term_in_help_parses(page: str) -> None:
    for term in filter_terms(PAGES[page]):
        assert not parse_query(term, today=TODAY).is_empty, f"`{page} --help` shows {term!r}"


def test_old_goal_due_example_was_refused() -> None:
    """The example that started this: `goal add --help` suggested a due date the parser refuses."""
    from journal_tui.dates import DateError

    with pytest.raises(DateError):
        parse_date("next quarter's end", today=TODAY, direction="future")
    assert "next quarter's end" not in PAGES["journal goal add"].format_help()
