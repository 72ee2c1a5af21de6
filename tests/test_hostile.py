"""Hostile text through every CLI way in and every CLI way out: nothing crashes, the literal text comes out.

The corpus lives in tests/hostile.py (shared with the app's tests).  Ways in: command
arguments, $EDITOR, and each import format (our JSON, jrnl JSON, jrnl's journal
file, CSV).  Ways out: tables, Markdown and JSON of every listing, `show`, the
review, exports (JSON, CSV, Markdown), name lists; and the same outputs for rows an
older version or another program stored with control codes still in them.
"""

import csv
import io
import json
import os
import sqlite3
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import Cli, db_rows
from hostile import CORPUS, HUGE, NAMES, assert_terminal_safe, expected, expected_line, expected_name, markdown_plain

SAMPLES = list(CORPUS.items())
IDS = list(CORPUS)

OUTPUTS = [
    ("list",),
    ("list", "-f", "json"),
    ("list", "-f", "markdown"),
    ("show", "1"),
    ("show", "1", "-f", "json"),
    ("goal", "list"),
    ("goal", "list", "-f", "json"),
    ("feedback", "list"),
    ("feedback", "list", "-f", "json"),
    ("feedback", "list", "-f", "markdown"),
    ("review",),
    ("review", "-f", "json"),
    ("export",),
    ("export", "-f", "csv"),
    ("export", "-f", "markdown"),
    ("projects",),
    ("skills",),
    ("tags",),
    ("people",),
    ("projects", "-f", "json"),
]
MARKDOWN = {
    ("list", "-f", "markdown"),
    ("feedback", "list", "-f", "markdown"),
    ("review",),
    ("export", "-f", "markdown"),
}


def shown(argv: tuple[str, ...], out: str) -> str:
    """What a reader sees of an output: Markdown rendered (user text in it is escaped, and shows literally), JSON's
    strings decoded (a `"` in the text is `\\"` in the document)."""
    if argv in MARKDOWN:
        return markdown_plain(out)
    if "json" in argv or argv == ("export",):  # `export` writes JSON by default
        return "\n".join(_strings(json.loads(out)))
    return out


def _strings(data: object) -> list[str]:
    if isinstance(data, str):
        return [data]
    values = data.values() if isinstance(data, dict) else data if isinstance(data, list) else []
    return [s for v in values for s in _strings(v)]


def editor_expected(text: str) -> str:
    """What `journal add` through $EDITOR stores (editor.py's documented rules): a line starting with `# ` is a
    comment, and the document is read line by line (any Unicode line break ends a line)."""
    return expected("\n".join(line for line in text.splitlines() if not (line.startswith("# ") or line == "#")))


def one(path: Path, sql: str) -> tuple[Any, ...]:
    conn = sqlite3.connect(path)
    try:
        return tuple(conn.execute(sql).fetchone())
    finally:
        conn.close()


def needle(text: str) -> str:
    """A piece of the expected text that every rendering shows (tables shorten long titles)."""
    return expected(text).split("\n")[0][:12]


def check_outputs(cli: Cli, text: str) -> None:
    for argv in OUTPUTS:
        out = cli(*argv)
        assert_terminal_safe(out)
        assert_terminal_safe(cli.err)
        if argv[0] in ("projects", "skills", "tags", "people"):
            continue
        assert needle(text) in shown(argv, out), (argv, out[:300])
        if "json" in argv and argv[0] in ("list", "show"):
            data = json.loads(out)
            entry = data[0] if isinstance(data, list) else data
            assert entry["text"] == expected(text) and entry["impact"] == expected(text)


@pytest.mark.parametrize("text", [t for _, t in SAMPLES], ids=IDS)
def test_command_arguments_in_every_output_out(cli: Cli, db_path: Path, text: str) -> None:
    cli(
        "add", text, "--impact", text, "--project", NAMES["markup"], "--skill", NAMES["click"], "--skill", NAMES["pipe"]
    )
    cli("goal", "add", text, "--measure", text, "--why", text, "--specific", text, "--target", "3")
    cli("milestone", "add", "1", text)
    cli("link", "1", "1")
    cli(
        "feedback",
        "add",
        text,
        "--from",
        NAMES["escape"],
        "--tag",
        NAMES["bidi"],
        "--tag",
        NAMES["zero"],
        "--skill",
        NAMES["markup"],
        "--about",
        "1",
    )
    want = expected(text)
    assert one(db_path, "SELECT text, impact FROM entry") == (want, want)
    assert one(db_path, "SELECT title, measure, relevant, specific FROM goal") == (expected_line(text),) + (want,) * 3
    assert one(db_path, "SELECT title FROM milestone") == (expected_line(text),)
    assert one(db_path, "SELECT f.text, p.name FROM feedback f JOIN person p ON p.id = f.person_id") == (
        want,
        expected_name(NAMES["escape"]),
    )
    assert one(db_path, "SELECT name FROM project") == (expected_name(NAMES["markup"]),)
    assert db_rows(db_path, "SELECT name FROM tag ORDER BY id") == [
        (expected_name(NAMES["bidi"]),),
        (expected_name(NAMES["zero"]),),
    ]
    assert db_rows(db_path, "SELECT name FROM skill ORDER BY id")[:2] == [
        (expected_name(NAMES["click"]),),
        (expected_name(NAMES["pipe"]),),
    ]
    check_outputs(cli, text)
    for name in ("people", "tags", "projects"):
        out = cli(name)
        assert_terminal_safe(out)
    assert expected_name(NAMES["escape"]) in cli("people")


EDITOR = """
import os, sys
open(sys.argv[1], "w", encoding="utf-8").write(open(os.environ["HOSTILE_DOC"], encoding="utf-8").read())
"""


@pytest.mark.parametrize("text", [t for _, t in SAMPLES], ids=IDS)
def test_editor_text_is_stored_literally(
    cli: Cli, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    script = tmp_path / "editor.py"
    script.write_text(EDITOR)
    doc = tmp_path / "doc.md"
    doc.write_text(
        f"Date: yesterday\nProject: {NAMES['markup']}\nSkills: x\nImpact: {text.splitlines()[0]}\n"
        f"Starred: no\n---\n{text}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("HOSTILE_DOC", str(doc))
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    monkeypatch.delenv("VISUAL", raising=False)
    cli("add")
    assert one(db_path, "SELECT text, occurred_on FROM entry") == (editor_expected(text), "2026-11-22")
    cli("edit", "1")  # the same document again, through `journal edit`
    assert one(db_path, "SELECT text FROM entry") == (editor_expected(text),)
    assert_terminal_safe(cli("show", "1"))


def _native(text: str) -> dict[str, Any]:
    stamp = "2026-11-01 10:00:00.000000"
    return {
        "format": "journal_tui",
        "version": 1,
        "entries": [
            {
                "id": 1,
                "date": "2026-11-02",
                "text": text,
                "project": NAMES["markup"],
                "skills": [NAMES["click"]],
                "impact": text,
                "starred": True,
                "goals": [1],
                "created_at": stamp,
                "updated_at": stamp,
            }
        ],
        "goals": [
            {
                "id": 1,
                "title": text,
                "measure": text,
                "relevant": text,
                "specific": text,
                "milestones": [{"id": 1, "title": text, "due": None, "done": "2026-11-03"}],
            }
        ],
        "feedback": [
            {
                "id": 1,
                "date": "2026-11-04",
                "from": NAMES["escape"],
                "text": text,
                "kind": "praise",
                "tags": [NAMES["bidi"]],
                "about": 1,
            }
        ],
    }


def _csv(text: str) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerows(
        [
            ["date", "text", "project", "skills", "impact", "starred"],
            ["2026-11-02", text, NAMES["markup"], NAMES["click"], text, "yes"],
        ]
    )
    return buf.getvalue()


FORMATS = {
    "json": lambda t: json.dumps(_native(t), ensure_ascii=False),
    "jrnl-json": lambda t: json.dumps({"entries": [{"title": t, "body": "", "date": "2026-11-02", "starred": True}]}),
    "jrnl": lambda t: f"[2026-11-02 10:00] {t}\n",
    "csv": _csv,
}


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("text", [t for _, t in SAMPLES], ids=IDS)
def test_every_import_format_stores_the_literal_text(
    cli: Cli, db_path: Path, tmp_path: Path, fmt: str, text: str
) -> None:
    source = tmp_path / f"in.{fmt}"
    source.write_text(FORMATS[fmt](text), encoding="utf-8", newline="")
    cli("import", str(source), "--format", fmt)
    assert one(db_path, "SELECT text FROM entry") == (expected(text),)
    if fmt == "json":
        want = expected(text)
        assert one(db_path, "SELECT title, measure FROM goal") == (expected_line(text), want)
        assert one(db_path, "SELECT title FROM milestone") == (expected_line(text),)
        assert one(db_path, "SELECT text FROM feedback") == (want,)
        check_outputs_without_impact = [cli(*argv) for argv in OUTPUTS]
        for out in check_outputs_without_impact:
            assert_terminal_safe(out)


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_a_huge_text_is_refused_whole_in_every_way_in(cli: Cli, db_path: Path, tmp_path: Path, fmt: str) -> None:
    cli("add", HUGE, code=1)
    assert "the limit is 100,000" in cli.err and cli.err.count("\n") == 1
    source = tmp_path / f"huge.{fmt}"
    source.write_text(FORMATS[fmt](HUGE), encoding="utf-8")
    cli("import", str(source), "--format", fmt, code=1)
    assert ("characters long; the limit is" in cli.err or "a field is longer than" in cli.err) and cli.err.count(
        "\n"
    ) == 1
    assert cli.err.startswith(f"journal: huge.{fmt}: ")  # names the record
    assert one(db_path, "SELECT count(*) FROM entry") == (0,)


@pytest.mark.parametrize("text", [t for _, t in SAMPLES], ids=IDS)
def test_rows_stored_by_older_versions_still_print_safely(cli: Cli, db_path: Path, text: str) -> None:
    """Text that reached the file without cleaning (an older version, another program) is printed literally."""
    cli("add", "placeholder", "--impact", "x", "--project", "p")
    cli("goal", "add", "g", "--measure", "m")
    cli("milestone", "add", "1", "m")
    cli("feedback", "add", "f", "--from", "Sam", "--about", "1")
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("UPDATE entry SET text = ?, impact = ?", (text, text))
        conn.execute("UPDATE goal SET title = ?, measure = ?", (text, text))
        conn.execute("UPDATE milestone SET title = ?", (text,))
        conn.execute("UPDATE feedback SET text = ?", (text,))
        conn.execute("UPDATE person SET name = ?", (NAMES["escape"],))
        conn.execute("UPDATE project SET name = ?", (NAMES["bidi"],))
    conn.close()
    for argv in OUTPUTS:
        out = cli(*argv)
        assert_terminal_safe(out)
        if "json" in argv:
            json.loads(out)  # every control code escaped as \uXXXX: valid JSON, nothing lost (test_text_out.py)
        elif argv[0] not in ("projects", "skills", "tags", "people", "export"):
            assert needle(text) in shown(argv, out), argv


def test_written_files_are_terminal_safe_and_private(cli: Cli, db_path: Path, tmp_path: Path) -> None:
    cli("add", CORPUS["osc_title"])
    for argv, name in (
        (("review",), "r.md"),
        (("export",), "e.json"),
        (("export", "-f", "csv"), "e.csv"),
        (("export", "-f", "markdown"), "e.md"),
    ):
        target = tmp_path / name
        cli(*argv, "-o", str(target))
        assert_terminal_safe(target.read_text(encoding="utf-8"))
        assert needle(CORPUS["osc_title"]) in target.read_text(encoding="utf-8")
        assert os.stat(target).st_mode & 0o777 == 0o600
