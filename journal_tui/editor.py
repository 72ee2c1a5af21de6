"""Writing an entry in $EDITOR, like `git commit`: a small header of fields, then the text.

The same template serves `journal add` (blank) and `journal edit ID` (filled), so
what a user sees when editing is exactly what they would type when adding.
"""

import os
import shlex
import subprocess
import tempfile
from dataclasses import dataclass

from journal_tui.errors import JournalError

SEPARATOR = "---"
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
