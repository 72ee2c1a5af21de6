"""Writing an entry in $EDITOR, like `git commit`: a small header of fields, then the text.

The same template serves `journal add` (blank) and `journal edit ID` (filled), so
what a user sees when editing is exactly what they would type when adding.
"""

import datetime as dt
import os
import shlex
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from journal_tui.errors import JournalError
from journal_tui.private import write_private

T = TypeVar("T")
SEPARATOR = "---"
ERROR_MARK = "# error: "
MAX_ROUNDS = 5
HELP = (
    "# Fill in the fields above the line and write the win below it.\n"
    "# The first line of the text is the title. Lines starting with '# ' are ignored;\n"
    "# an empty text cancels. Dates: yesterday, last friday, 3 days ago, 2026-11-02.\n"
)


@dataclass
class EditedEntry:
    date: str
    project: str
    skills: list[str]
    impact: str
    starred: bool
    text: str


def render(date: str, project: str = "", skills: list[str] | None = None, impact: str = "", starred: bool = False,
           text: str = "") -> str:
    return (f"Date: {date}\nProject: {project}\nSkills: {', '.join(skills or [])}\nImpact: {impact}\n"
            f"Starred: {'yes' if starred else 'no'}\n{SEPARATOR}\n{text}\n\n{HELP}")


def parse(document: str) -> EditedEntry:
    head, sep, body = document.partition(f"\n{SEPARATOR}\n")
    if not sep:
        head, body = "", document
    fields: dict[str, str] = {}
    for line in head.splitlines():
        key, colon, value = line.partition(":")
        if colon:
            fields[key.strip().lower()] = value.strip()
    text = "\n".join(l for l in body.splitlines() if not (l.startswith("# ") or l == "#")).strip()
    return EditedEntry(
        date=fields.get("date", "") or "today", project=fields.get("project", ""),
        skills=[s.strip() for s in fields.get("skills", "").split(",") if s.strip()],
        impact=fields.get("impact", ""), starred=fields.get("starred", "no").lower() in ("yes", "y", "true", "1", "*"),
        text=text,
    )


def edit(document: str) -> str:
    """Open $VISUAL/$EDITOR on `document` and return what the user saved."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    with tempfile.NamedTemporaryFile("w+", suffix=".md", prefix="journal-", delete=False, encoding="utf-8") as fh:
        fh.write(document)
        path = fh.name
    try:
        try:
            result = subprocess.run([*shlex.split(editor), path])
        except FileNotFoundError:
            raise JournalError(f"editor {editor!r} not found; set $EDITOR or pass the text on the command line") from None
        if result.returncode != 0:
            raise JournalError(f"editor {editor!r} exited with status {result.returncode}; nothing was saved")
        with open(path, encoding="utf-8") as fh:
            return fh.read()
    finally:
        os.unlink(path)


def _without_error(document: str) -> str:
    lines = document.split("\n")
    while lines and lines[0].startswith(ERROR_MARK):
        lines.pop(0)
    return "\n".join(lines)


def with_error(document: str, message: str) -> str:
    """The document with the problem on its first line, for the user to fix."""
    return f"{ERROR_MARK}{message}\n{ERROR_MARK}fix it and save; an empty text cancels\n{_without_error(document)}"


def keep_draft(document: str, folder: str) -> str:
    """Save what the user wrote to a private file beside the journal; returns its path."""
    os.makedirs(folder, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    for n in range(1000):
        path = os.path.join(folder, f"journal-draft-{stamp}{'-' + str(n) if n else ''}.md")
        try:
            write_private(path, _without_error(document), exclusive=True)
        except FileExistsError:
            continue
        return path
    raise JournalError(f"cannot save a draft in {folder}")


def edit_until_valid(document: str, save: Callable[[EditedEntry], T], draft_folder: str) -> T | None:
    """Open the editor until `save` accepts what was written; None when the text is emptied.

    A typo in the header never throws the text away: the editor reopens with the
    error on top, and if the user saves without changing anything (or cannot fix
    it), the text is kept in a draft file whose path the error names.
    """
    shown = document
    for _ in range(MAX_ROUNDS):
        saved = edit(shown)
        entry = parse(saved)
        if not entry.text:
            return None
        try:
            return save(entry)
        except JournalError as exc:
            unchanged = shown != document and _without_error(saved) == _without_error(shown)
            if unchanged or _ == MAX_ROUNDS - 1:
                try:
                    path = keep_draft(saved, draft_folder)
                except (OSError, JournalError):
                    raise exc from None
                raise JournalError(f"{exc}; nothing was saved to the journal, your text is in {path}") from None
            shown = with_error(saved, str(exc))
    return None
