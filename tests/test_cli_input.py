"""Every id and number on the command line is range-checked in one place (`cli.common.Whole` / `Real`).

The cases are read from the parser itself: a new command with an id or a number is tested without being listed here,
and one that parses a number some other way (`type=int`) fails `test_every_number_is_parsed_by_the_one_type`.
"""

import argparse
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import TODAY, db_dump, journal_exe

from journal_tui.cli import build_parser, main
from journal_tui.cli.common import MAX_ID, Real, Whole, row_id
from journal_tui.data import db, writes

pytestmark = pytest.mark.engines

Case = tuple[tuple[str, ...], argparse.Action]


def _commands(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    """Every (sub-)command with its parser, once (an alias like `ls` is the same parser as `list`)."""
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            seen: set[int] = set()
            for name, child in action.choices.items():
                if id(child) not in seen:
                    seen.add(id(child))
                    yield from _commands(child, (*path, name))


COMMANDS = list(_commands(build_parser()))
NUMBERS: list[Case] = [(path, a) for path, p in COMMANDS for a in p._actions if isinstance(a.type, (Whole, Real))]
IDS = [(path, a) for path, a in NUMBERS if a.type is row_id]


def _parser(path: tuple[str, ...]) -> argparse.ArgumentParser:
    return dict(COMMANDS)[path]


def argv_with(path: tuple[str, ...], target: argparse.Action, value: str) -> list[str]:
    """A command line for `path` that is valid but for `value` given to `target` (the other ids are 1)."""
    args: list[str] = [*path]
    for action in _parser(path)._actions:
        if action.option_strings:
            continue
        if action is target:
            args.append(value)
        elif isinstance(action, argparse._SubParsersAction) or action.nargs == "?":
            continue
        else:
            args.append("1" if isinstance(action.type, Whole) else "x")
    if target.option_strings:
        args.append(f"{max(target.option_strings, key=len)}={value}")  # `--goal=-1`: never read as an option
    return args


def _name(case: Case) -> str:
    path, action = case
    return (
        " ".join(path) + " " + (max(action.option_strings, key=len) if action.option_strings else action.dest.upper())
    )


def seeded(path: Path) -> Path:
    """A journal with a row of every kind that has an id, all numbered 1."""
    from journal_tui import checkin, people, roles

    with db.writing(db.journal_file(path).path) as conn:
        entry = writes.insert_entry(conn, text="Shipped", occurred_on=TODAY)
        goal = writes.insert_goal(conn, title="Lead a project")
        writes.insert_milestone(conn, goal, "Write the RFC")
        writes.save_feedback(conn, None, text="Nice", person="Sam", received_on=TODAY, entry_id=entry)
    journal = db.journal_file(path)
    people.add_ask(journal, "Sam", "the talk", asked_on=TODAY)
    roles.set_role(journal, "Staff")
    roles.add_criterion(journal, "Leads", skills=["sql"])
    checkin.record_with_store(journal, checkin.CheckinInput(checked_on=TODAY, learned=["x"]), TODAY)
    return path


dump = db_dump


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded(tmp_path_factory.mktemp("seed") / "journal.db")


@pytest.fixture
def journal(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "journal.db"
    path.write_bytes(template.read_bytes())
    monkeypatch.setenv("JOURNAL_TODAY", TODAY.isoformat())
    monkeypatch.setenv("EDITOR", "false")  # a command that reaches the editor fails there, never waits
    monkeypatch.delenv("VISUAL", raising=False)
    return path


def run_main(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, str, str]:
    capsys.readouterr()
    try:
        rc = main(argv)
    except SystemExit as exc:  # argparse's usage errors
        rc = int(exc.code or 0)
    out, err = capsys.readouterr()
    return rc, out, err


def one_line(err: str) -> list[str]:
    """The message lines of stderr: argparse's usage block (its `usage:` line and indented ones) aside."""
    return [line for line in err.splitlines() if not line.startswith("usage:") and not line.startswith(" ")]


def test_the_walk_finds_the_commands_that_broke() -> None:
    """The cases below come from the parser: check the walk reaches the commands of the report (and the rest)."""
    names = {_name(c) for c in IDS}
    for expected in (
        "checkin show ID",
        "checkin rm ID",
        "checkin edit ID",
        "ask --about",
        "show ID",
        "edit ID",
        "rm ID",
        "star ID",
        "link ENTRY_ID",
        "link GOAL_ID",
        "link --criterion",
        "goal update ID",
        "goal done ID",
        "milestone add GOAL_ID",
        "milestone done ID",
        "feedback respond FEEDBACK_ID",
        "feedback add --answers",
        "role criterion edit ID",
        "add --goal",
    ):
        assert expected in names, sorted(names)
    others = {_name(c) for c in NUMBERS if c not in IDS}
    assert {
        "goal add --target",
        "goal update --current",
        "list --limit",
        "checkin list --limit",
        "stats --width",
        "nudge --days",
        "people --stale-days",
    } <= others, sorted(others)


def test_every_number_is_parsed_by_the_one_type() -> None:
    """No `type=int`/`type=float` anywhere: every number goes through `Whole`/`Real`, every id through `row_id`."""
    for path, parser in COMMANDS:
        for action in parser._actions:
            where = f"journal {' '.join(path)} {action.option_strings or action.dest}"
            assert action.type not in (int, float), f"{where} parses a number without a range: use cli.common's types"
            names = [action.dest, *(action.option_strings), str(action.metavar or "")]
            if any(n.lower() == "id" or n.lower().endswith("_id") or n.endswith("ID") for n in names):
                assert action.type is row_id, f"{where} is an id: type=row_id"


BAD_IDS = [str(2**64), "-1", "0", "abc", "99999999999999999999999", " 7x"]


@pytest.mark.parametrize("value", BAD_IDS)
@pytest.mark.parametrize("case", IDS + [(("ask", "close"), None)], ids=lambda c: _name(c) if c[1] else "ask close ID")
def test_a_bad_id_is_one_line_and_changes_nothing(
    case: tuple[tuple[str, ...], argparse.Action | None], value: str, journal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, action = case
    argv = [*path, value] if action is None else argv_with(path, action, value)
    before = dump(journal)
    rc, out, err = run_main(capsys, ["--db", str(journal), *argv])
    assert rc == 2, (argv, rc, err)
    assert len(one_line(err)) == 1 and "is not an id" in err, err
    assert "Traceback" not in err and "internal error" not in err and out == ""
    assert dump(journal) == before


@pytest.mark.parametrize("case", IDS + [(("ask", "close"), None)], ids=lambda c: _name(c) if c[1] else "ask close ID")
def test_the_largest_id_is_not_found_in_one_line(
    case: tuple[tuple[str, ...], argparse.Action | None], journal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The largest id SQLite holds passes the type and is looked up: "there is no ...", exit 1, nothing changed."""
    path, action = case
    argv = [*path, str(MAX_ID)] if action is None else argv_with(path, action, str(MAX_ID))
    before = dump(journal)
    rc, out, err = run_main(capsys, ["--db", str(journal), *argv])
    assert rc == 1, (argv, rc, err)
    assert len(one_line(err)) == 1, err
    assert "Traceback" not in err and "internal error" not in err
    assert dump(journal) == before


def _bad_numbers(kind: Whole | Real) -> list[str]:
    if isinstance(kind, Real):
        return ["1e400", "-1e400", "nan", "inf", "abc", str(2**64)]
    return [str(2**64), str(kind.low - 1), str(kind.high + 1), "abc", "1.5"]


NUMBER_CASES = [(c, v) for c in NUMBERS if c not in IDS for v in _bad_numbers(c[1].type)]  # type: ignore[arg-type]


@pytest.mark.parametrize("case, value", NUMBER_CASES, ids=[f"{_name(c)}={v}" for c, v in NUMBER_CASES])
def test_a_number_out_of_its_range_is_one_line_and_changes_nothing(
    case: Case, value: str, journal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, action = case
    argv = argv_with(path, action, value)
    before = dump(journal)
    rc, out, err = run_main(capsys, ["--db", str(journal), *argv])
    assert rc == 2, (argv, rc, err)
    assert len(one_line(err)) == 1 and ("out of range" in err or "is not a" in err), err
    assert "Traceback" not in err and "internal error" not in err and out == ""
    assert dump(journal) == before


def test_the_types_take_what_is_in_range() -> None:
    from journal_tui.cli.common import count, days, measure, width

    assert row_id("1") == 1 and row_id(str(MAX_ID)) == MAX_ID and row_id("+7") == 7
    assert count("0") == 0 and days("36500") == 36500 and width("20") == 20
    assert measure("-12.5") == -12.5 and measure("1e15") == 1e15
    for bad in ("٣", "1_000", "", " "):  # int() reads the first two; neither is what a user means by a number
        with pytest.raises(argparse.ArgumentTypeError):
            row_id(bad)


@pytest.mark.parametrize(
    "argv",
    [
        ["checkin", "show", "99999999999999999999999"],
        ["checkin", "rm", "99999999999999999999999", "--yes"],
        ["checkin", "edit", "99999999999999999999999"],
        ["ask", "close", "99999999999999999999999"],
        ["checkin", "list", "-n", "99999999999999999999999"],
        ["goal", "update", "1", "--current", "1e400"],
    ],
)
def test_the_reported_commands_through_the_real_journal(argv: list[str], tmp_path: Path) -> None:
    """What issue 23 reported ("internal error: OverflowError"), through the installed `journal` command."""
    journal = seeded(tmp_path / "journal.db")
    before = dump(journal)
    r = subprocess.run(
        [*journal_exe(), "--db", str(journal), *argv],
        capture_output=True,
        text=True,
        timeout=60,
        env={"JOURNAL_TODAY": TODAY.isoformat(), "PATH": "/usr/bin:/bin", "EDITOR": "false"},
    )
    assert r.returncode == 2, r.stderr
    assert len(one_line(r.stderr)) == 1 and ("is not an id" in r.stderr or "out of range" in r.stderr), r.stderr
    assert "Traceback" not in r.stderr and "internal error" not in r.stderr and r.stdout == ""
    assert dump(journal) == before
