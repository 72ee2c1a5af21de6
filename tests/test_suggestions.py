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


@pytest.mark.parametrize(("argv", "usage", "hint"), [
    (["ad", "x"], "usage: journal [", "journal: error: unknown command 'ad'; did you mean 'add'?"),
    (["reveiw"], "usage: journal [", "did you mean 'review'?"),
    (["goal", "ad", "x"], "usage: journal goal ", "journal goal: error: unknown action 'ad'; did you mean 'add'?"),
    (["add", "Thing", "--stars"], "usage: journal add ", "journal add: error: unknown option --stars; did you mean --star?"),
    (["list", "--formt", "json"], "usage: journal list ", "did you mean --format?"),
    (["milestone", "done", "1", "--dat", "x", "--bogus"], "usage: journal milestone done ", "unknown option --bogus"),
])
def test_a_typo_names_the_nearest_and_the_commands_own_usage(db_path: object, argv: list[str], usage: str, hint: str,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
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
