"""Formats a manager opens (issue 25): `review`/`case --format html` and `--template FILE`.

A journal is built through the real `journal` command with the hostile corpus (tests/hostile.py) plus text that
would be live HTML in a page (`<script>`, `<img onerror>`, a javascript: link).  The HTML page is parsed with
html.parser: every element and attribute must be one the renderer writes itself, user text appears only as text,
tables keep their columns, nothing is loaded from elsewhere and a print stylesheet is there.  Templates get every
name of the JSON output with the same values; autoescape follows the template's name; every template failure
is one line naming the file and the line, exit 1, nothing written; the sandbox refuses Python's internals.
"""

import json
import os
import subprocess
import sys
import textwrap
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import Cli
from hostile import CORPUS, NAMES, expected_line

SCRIPT = "<script>alert(1)</script>"
IMG = '<img src=x onerror="alert(2)">'
LINK = (
    "[click](javascript:alert(3)) <a href='https://evil.test'>a</a> ![i](https://evil.test/x.png) <https://evil.test>"
)
XSS = (SCRIPT, IMG, LINK)


@pytest.fixture
def hostile_journal(cli: Cli, db_path: Path) -> Path:
    """Entries, feedback, goals, a person, a role and criteria holding hostile text and live-looking HTML."""
    skill = "<b>sk</b>|ill"
    for i, text in enumerate([*XSS, *CORPUS.values()]):
        cli(
            "add",
            text,
            "--skill",
            skill,
            "--project",
            NAMES["pipe"] if i % 2 else SCRIPT,
            "--star",
            "--impact",
            IMG if i == 0 else "saved 3 hours",
            "--date",
            "2026-11-20",
        )
    cli("person", "set", IMG, "--role", "mentor")
    cli("feedback", "add", SCRIPT, "--from", IMG, "--kind", "constructive", "--skill", skill)
    cli("feedback", "add", LINK, "--from", IMG, "--kind", "praise")
    cli("goal", "add", SCRIPT, "--measure", IMG, "--why", LINK, "--due", "2026-12-20")
    cli("goal", "add", IMG, "--due", "2026-11-01")  # overdue: in the gaps
    cli("milestone", "add", "1", LINK, "--due", "2026-12-05")
    cli("role", "set", SCRIPT)
    cli("role", "criterion", "add", IMG, "--skill", skill, "--need", "3", "--note", LINK)
    cli("role", "criterion", "add", SCRIPT, "--skill", "nothing", "--note", SCRIPT)
    return db_path


class Page(HTMLParser):
    """Every element with its attributes, each table's rows of cells, and the text a reader sees."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.tables: list[list[int]] = []
        self.text: list[str] = []
        self.style = ""
        self._in_style = False
        self.feed(source)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, attrs))
        self._in_style = tag == "style"
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append(0)
        elif tag in ("td", "th"):
            self.tables[-1][-1] += 1

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.style += data
        else:
            self.text.append(data)

    @property
    def plain(self) -> str:
        return "".join(self.text)


# What the renderer itself writes: any other element or attribute came from user text.
TAGS = {
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "p",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "code",
    "pre",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
    "br",
}
ATTRS = {
    ("html", "lang"),
    ("meta", "charset"),
    ("meta", "http-equiv"),
    ("meta", "content"),
    ("meta", "name"),
    ("th", "style"),
    ("td", "style"),
    ("ol", "start"),
}


def assert_safe_page(source: str) -> Page:
    page = Page(source)
    assert source.startswith("<!DOCTYPE html>")
    for tag, attrs in page.elements:
        assert tag in TAGS, (tag, attrs)
        for name, value in attrs:
            assert (tag, name) in ATTRS, (tag, name, value)
            if name == "style":
                assert value in ("text-align:right", "text-align:left", "text-align:center"), value
    csp = next(v for t, a in page.elements if t == "meta" for k, v in a if k == "content" and v and "default-src" in v)
    assert "default-src 'none'" in csp  # a browser loads nothing from elsewhere, runs nothing
    assert "@media print" in page.style and "url(" not in page.style and "@import" not in page.style
    assert "http://" not in page.style and "https://" not in page.style
    for text in XSS:  # user markup is there, as text
        assert expected_line(text).replace("\\", "") in page.plain.replace("\\", "")
    return page


def test_the_review_page_shows_user_markup_as_text_with_tables_intact(cli: Cli, hostile_journal: Path) -> None:
    page = assert_safe_page(cli("review", "--format", "html"))
    assert page.tables, "the review's skills table is a table"
    for rows in page.tables:
        assert len(set(rows)) == 1, rows  # every row has the header's number of cells
    assert "<b>sk</b>|ill" in page.plain  # the skill name with its pipe, in one cell
    title = next(i for i, (tag, _) in enumerate(page.elements) if tag == "title")
    assert title >= 0 and "Review: 2026-Q4" in page.plain


def test_the_case_page_shows_user_markup_as_text(cli: Cli, hostile_journal: Path) -> None:
    out = cli("case", "--format", "html")
    page = assert_safe_page(out)
    assert f"<title>Promotion case: {SCRIPT.replace('<', '&lt;').replace('>', '&gt;')}" in out
    assert any(tag == "h2" for tag, _ in page.elements)


def test_html_to_a_file_is_private_and_leaves_stdout_empty(cli: Cli, hostile_journal: Path, tmp_path: Path) -> None:
    target = tmp_path / "review.html"
    assert cli("review", "--format", "html", "-o", str(target)) == ""
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    assert_safe_page(target.read_text(encoding="utf-8"))


# --- templates ---------------------------------------------------------------------------------------------------


def write(path: Path, text: str) -> str:
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("command", ["review", "case"])
def test_a_template_gets_every_name_of_the_json_output(
    cli: Cli, hostile_journal: Path, tmp_path: Path, command: str
) -> None:
    data = cli.json(command, "--format", "json")
    assert data, "the JSON output has names"
    template = write(tmp_path / "all.txt.j2", "".join(f"{name}={{{{ {name} | tojson }}}}\n" for name in data))
    out = cli(command, "--template", template)
    rendered = dict(line.split("=", 1) for line in out.splitlines())
    assert {name: json.loads(value) for name, value in rendered.items()} == data


def test_html_templates_escape_and_markdown_templates_do_not(cli: Cli, hostile_journal: Path, tmp_path: Path) -> None:
    body = "{{ role }}|{{ criteria[0].criterion.name if criteria[0].criterion is defined else criteria[0].name }}\n"
    escaped = SCRIPT.replace("<", "&lt;").replace(">", "&gt;")
    for name in ("form.html", "form.htm", "form.xml", "form.html.j2"):
        out = cli("case", "--template", write(tmp_path / name, body))
        assert out.startswith(escaped + "|") and "<" not in out, (name, out)
    for name in ("form.md", "form.md.j2", "form.txt"):
        assert cli("case", "--template", write(tmp_path / name, body)).startswith(SCRIPT + "|"), name


def test_markdown_templates_have_filters_that_make_user_text_literal(
    cli: Cli, hostile_journal: Path, tmp_path: Path
) -> None:
    from hostile import markdown_plain

    out = cli(
        "case", "--template", write(tmp_path / "form.md", "# {{ role | md }}\n\n| {{ role | md_cell }} |\n|---|\n")
    )
    assert out.startswith("# " + SCRIPT.replace("<", "\\<")) and markdown_plain(out).splitlines()[0] == SCRIPT


def test_the_readme_template_renders(cli: Cli, hostile_journal: Path, tmp_path: Path) -> None:
    import re

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    source = re.search(r"```jinja\n(.*?)```", readme, re.S)
    assert source, "the README shows an example template"
    out = cli("review", "--template", write(tmp_path / "q4.md.j2", source.group(1)))
    assert out.startswith("# Self-review, 2026-Q4\n\n") and "\n\n\n" not in out
    assert f"- 2026-11-20: {SCRIPT.replace('<', chr(92) + '<')} (impact: {IMG.replace('<', chr(92) + '<')})" in out


def test_a_template_to_a_file(cli: Cli, hostile_journal: Path, tmp_path: Path) -> None:
    target = tmp_path / "q4.md"
    assert cli("review", "--template", write(tmp_path / "q4.md.j2", "# {{ period.label }}\n"), "-o", str(target)) == ""
    assert target.read_text(encoding="utf-8") == "# 2026-Q4\n"
    assert oct(target.stat().st_mode & 0o777) == "0o600"


TEMPLATE_ERRORS = [
    ("undefined.md.j2", "# {{ period.label }}\n\n{{ headlin }}\n", "undefined.md.j2 line 3: 'headlin' is undefined"),
    (
        "attribute.md.j2",
        "{{ period.label }}\n{% for c in criteria %}\n{{ period.wins }}\n{% endfor %}\n",
        "attribute.md.j2 line 3: 'dict object' has no attribute 'wins'",
    ),
    (
        "syntax.html",
        "<h1>{{ period.label }}</h1>\n{% for x in %}\n{% endfor %}\n",
        "syntax.html line 2: Expected an expression, got 'end of statement block'",
    ),
    ("unclosed.md", "a\nb\n{% if role %}\n", "unclosed.md line 3: Unexpected end of template."),
    (
        "sandbox.md",
        "ok\n{{ ''.__class__.__mro__ }}\n",
        "sandbox.md line 2: access to attribute '__class__' of 'str' object is unsafe.",
    ),
    (
        "globals.md",
        "{{ cycler.__init__.__globals__ }}\n",
        "globals.md line 1: access to attribute '__init__' of 'type'",
    ),
    ("lipsum.md", "{{ lipsum.__globals__ }}\n", "lipsum.md line 1: access to attribute '__globals__' of 'function'"),
    ("zero.md", "{{ 1 // 0 }}\n", "zero.md line 1: integer division or modulo by zero"),
    ("include.md", "x\n{% include 'nope.md' %}\n", "include.md line 2: no template 'nope.md' beside it"),
]


@pytest.mark.parametrize(("name", "text", "message"), TEMPLATE_ERRORS, ids=[e[0] for e in TEMPLATE_ERRORS])
def test_a_template_error_is_one_line_naming_the_file_and_line(
    cli: Cli, hostile_journal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, text: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / name, text)
    assert cli("case", "--template", name, "-o", "out.txt", code=1) == ""
    assert cli.err.startswith(f"journal: {message}"), cli.err
    assert cli.err.count("\n") == 1 and "Traceback" not in cli.err
    assert not (tmp_path / "out.txt").exists()


def test_a_template_that_cannot_be_read_is_one_line(cli: Cli, hostile_journal: Path, tmp_path: Path) -> None:
    (tmp_path / "latin1.md").write_bytes(b"caf\xe9 {{ role }}\n")
    for given, message in (
        (tmp_path / "missing.md", "no such file"),
        (tmp_path, "not a file"),
        (tmp_path / "latin1.md", "it is not UTF-8 text"),
    ):
        assert cli("review", "--template", str(given), "-o", str(tmp_path / "out.md"), code=1) == ""
        assert cli.err == f"journal: cannot read template {given}: {message}\n"
    assert not (tmp_path / "out.md").exists()


def test_template_and_format_exclude_each_other(cli: Cli, hostile_journal: Path, tmp_path: Path) -> None:
    template = write(tmp_path / "t.md", "{{ role }}\n")
    cli("case", "--template", template, "--format", "json", code=2)
    assert "not allowed with argument --template" in cli.err


def test_markdown_json_and_html_never_import_jinja2(tmp_path: Path) -> None:
    """Jinja2 is paid for by --template only; the quick add and the read commands import neither it nor markdown-it."""
    code = textwrap.dedent("""
        import sys
        from journal_tui.cli import main
        rc = [main(["add", "quick win"]), main(["review"])]
        rc += [main(["case", "-f", "json"]), main(["review", "-f", "html"])]
        print(rc, sorted({m.split('.')[0] for m in sys.modules} & {"jinja2", "markupsafe"}))
    """)
    env = {**os.environ, "JOURNAL_DB": str(tmp_path / "j.db"), "JOURNAL_TODAY": "2026-11-23"}
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().splitlines()[-1] == "[0, 0, 0, 0] []"
