"""A mistyped command, action or option gets the nearest one and the usage of the command it was given to."""

from __future__ import annotations

import pytest

from journal_tui.cli import build_parser, main


def usage_error(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    out, err = capsys.readouterr()
    assert out == "" and "Traceback" not in err
    return err


@pytest.mark.parametrize(
    ("argv", "usage", "hint"),
    [
        (["ad", "x"], "usage: journal [", "journal: error: unknown command 'ad'; did you mean 'add'?"),
        (["reveiw"], "usage: journal [", "did you mean 'review'?"),
        (["goal", "ad", "x"], "usage: journal goal ", "journal goal: error: unknown action 'ad'; did you mean 'add'?"),
        (
            ["add", "Thing", "--stars"],
            "usage: journal add ",
            "journal add: error: unknown option --stars; did you mean --star?",
        ),
        (["list", "--formt", "json"], "usage: journal list ", "did you mean --format?"),
        (
            ["milestone", "done", "1", "--dat", "x", "--bogus"],
            "usage: journal milestone done ",
            "unknown option --bogus",
        ),
    ],
)
def test_a_typo_names_the_nearest_and_the_commands_own_usage(
    db_path: object, argv: list[str], usage: str, hint: str, capsys: pytest.CaptureFixture[str]
) -> None:
    err = usage_error(argv, capsys)
    assert err.startswith(usage), err
    assert hint in err
    assert "choose from" not in err  # not the 32 names


def test_nothing_close_points_at_help(db_path: object, capsys: pytest.CaptureFixture[str]) -> None:
    err = usage_error(["zzzzzz"], capsys)
    assert err.rstrip().endswith("unknown command 'zzzzzz'; `journal --help` lists them")


def test_every_command_and_option_is_known_to_the_suggester() -> None:
    parser = build_parser()
    assert "--db" in parser.option_names and "--version" in parser.option_names


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["review", "--quarter", "Q5"], "unknown period 'Q5': a year has four quarters, Q1 to Q4 (e.g. Q3)"),
        (["review", "--quarter", "2026-Q7"], "a year has four quarters, Q1 to Q4 (e.g. 2026-Q3)"),
        (["list", "in:last-quater"], "in: unknown period 'last-quater'; did you mean 'last quarter'?"),
        (["review", "--quarter", "last quater"], "unknown period 'last quater'; did you mean 'last quarter'?"),
        (["review", "--quarter", "blah"], "unknown period 'blah'; try 'Q3', '2026-Q3', 'last quarter'"),
        (["add", "x", "-d", "yesterdy"], "unknown date 'yesterdy'; did you mean 'yesterday'?"),
        (["add", "x", "-d", "lst friday"], "unknown date 'lst friday'; did you mean 'last friday'?"),
        (["add", "x", "-d", "blorp"], "unknown date 'blorp'; try 'yesterday', 'last friday'"),
    ],
)
def test_a_mistyped_period_or_day_suggests_its_own_kind(
    db_path: object, argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1, err


@pytest.mark.parametrize("name", ["journal.md", "q3-review.txt"])
def test_importing_a_markdown_export_says_markdown_is_for_reading(
    db_path: object, tmp_path: object, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from pathlib import Path

    assert main(["add", "a win"]) == 0
    doc = Path(str(tmp_path)) / name
    assert (
        main(["export", "--format", "markdown", "-o", str(doc)] if name.endswith(".md") else ["review", "-o", str(doc)])
        == 0
    )
    capsys.readouterr()
    assert main(["import", str(doc)]) == 1
    err = capsys.readouterr().err
    assert "is a Markdown document: Markdown is for reading, JSON is for moving a journal" in err, err
    assert "not valid JSON" not in err and err.count("\n") == 1
