"""A review or a case through the user's own Jinja2 template: `--template FILE` (a company's self-review form).

The template gets exactly the data of the JSON output (`review.to_data`, `case.to_data`), its keys as top-level
names, so the README's JSON section is also the list of what a template can use.  A template is semi-trusted: it
runs in Jinja2's sandbox (no reaching Python's internals through `__class__` and the like), a misspelled name is an
error rather than an empty string (StrictUndefined), and an HTML or XML template escapes every value it prints
(autoescape, chosen from the file's name), while a Markdown or text template prints values as they are (its
`md` and `md_cell` filters make a value literal Markdown text or a table cell, as the built-in documents do).

Every failure, reading the file, its syntax, a name it lacks, the sandbox refusing, is one `JournalError` naming the
file and the template's line, so nothing is written and no traceback is shown.  Jinja2 is imported only here, and
this module only when `--template` is given: no other command pays for it.
"""

import json
import os
import traceback
from collections.abc import Callable, Mapping
from typing import Any

from journal_tui.errors import JournalError
from journal_tui.mdtext import cell, inline, one_line

ESCAPED = ("html", "htm", "xml")  # a template named *.html, *.htm, *.xml (or *.html.j2 ...) escapes what it prints
_TEMPLATE_SUFFIXES = (".j2", ".jinja", ".jinja2")


def as_json_data(data: Mapping[str, Any]) -> dict[str, Any]:
    """The data exactly as the JSON output has it (names, lists, numbers, null), whatever Python types built it."""
    loaded: dict[str, Any] = json.loads(json.dumps(data, ensure_ascii=False))
    return loaded


def autoescape_for(name: str | None) -> bool:
    """Autoescape on for HTML and XML templates (`form.html`, `form.html.j2`), off for Markdown and text."""
    from jinja2 import select_autoescape

    choose: Callable[[str | None], bool] = select_autoescape(
        enabled_extensions=ESCAPED, disabled_extensions=(), default_for_string=False, default=False
    )
    if name is not None:
        for suffix in _TEMPLATE_SUFFIXES:
            name = name.removesuffix(suffix)
    return choose(name)


def render_template(given: str, data: Mapping[str, Any]) -> str:
    """`data`'s keys as the template's names, rendered; any failure is one line naming the file and the line."""
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

    path = os.path.expanduser(given)
    _check_readable(given, path)
    folder, name = os.path.split(path)
    env = SandboxedEnvironment(
        loader=jinja2.FileSystemLoader(folder or "."),
        autoescape=autoescape_for,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    # A Markdown template prints values as stored; these make user text literal Markdown, as our own documents do.
    env.filters.update(md=inline, md_cell=cell)
    try:
        template = env.get_template(name)
        return template.render(**as_json_data(data))
    except jinja2.TemplateSyntaxError as exc:
        raise JournalError(_located(exc.filename or path, exc.lineno, exc.message or str(exc))) from None
    except jinja2.TemplateNotFound as exc:  # an {% include %} or {% extends %} naming no file beside the template
        raise JournalError(_located(*_template_line(exc, path), f"no template {exc.name!r} beside it")) from None
    except UnicodeDecodeError:
        raise JournalError(f"cannot read template {given}: it is not UTF-8 text") from None
    except OSError as exc:
        raise JournalError(f"cannot read template {given}: {exc.strerror or exc}") from None
    except Exception as exc:  # the template's own code failed: undefined names, the sandbox, 1/0, a bad filter
        raise JournalError(_located(*_template_line(exc, path), str(exc) or type(exc).__name__)) from None


def _check_readable(given: str, path: str) -> None:
    """A missing file or a folder is named as such (Jinja2 would only say "not found")."""
    if not os.path.exists(path):
        raise JournalError(f"cannot read template {given}: no such file")
    if not os.path.isfile(path):
        raise JournalError(f"cannot read template {given}: not a file")


def _template_line(exc: BaseException, path: str) -> tuple[str, int | None]:
    """The template file and line where `exc` happened: Jinja2 rewrites its traceback to point into the templates."""
    frames = [
        f
        for f in traceback.extract_tb(exc.__traceback__)
        if not f.filename.endswith(".py") and not f.filename.startswith("<")
    ]  # Python's own frames are .py files; Jinja2's are the templates
    if not frames:
        return path, None
    last = frames[-1]
    return last.filename, last.lineno


def _located(filename: str, line: int | None, message: str) -> str:
    """'q3.md.j2 line 4: 'dict object' has no attribute 'wins'': one line, whatever the message held."""
    where = os.path.normpath(filename) + (f" line {line}" if line else "")
    return one_line(f"{where}: {message}")
