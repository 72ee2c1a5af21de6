"""Writing an entry in $EDITOR, like `git commit`: a small header of fields, then the text.

The same template serves `journal add` (blank) and `journal edit ID` (filled), so
what a user sees when editing is exactly what they would type when adding.  Every
round trip (entries and `journal checkin edit`) goes through `revise`, which never
loses what the user wrote: a problem reopens the editor, and a failure keeps a draft.
"""

import datetime as dt
import os
import shlex
import signal
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
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


def render(
    date: str,
    project: str = "",
    skills: list[str] | None = None,
    impact: str = "",
    starred: bool = False,
    text: str = "",
) -> str:
    return (
        f"Date: {date}\nProject: {project}\nSkills: {', '.join(skills or [])}\nImpact: {impact}\n"
        f"Starred: {'yes' if starred else 'no'}\n{SEPARATOR}\n{text}\n\n{HELP}"
    )


def parse(document: str) -> EditedEntry:
    head, sep, body = document.partition(f"\n{SEPARATOR}\n")
    if not sep:
        head, body = "", document
    fields: dict[str, str] = {}
    for line in head.splitlines():
        key, colon, value = line.partition(":")
        if colon:
            fields[key.strip().lower()] = value.strip()
    text = "\n".join(line for line in body.splitlines() if not (line.startswith("# ") or line == "#")).strip()
    return EditedEntry(
        date=fields.get("date", "") or "today",
        project=fields.get("project", ""),
        skills=[s.strip() for s in fields.get("skills", "").split(",") if s.strip()],
        impact=fields.get("impact", ""),
        starred=fields.get("starred", "no").lower() in ("yes", "y", "true", "1", "*"),
        text=text,
    )


class EditorFailed(JournalError):
    """The editor round trip gave no text we can use; `saved` is what its file held afterwards (bytes, as written)."""

    def __init__(self, message: str, saved: bytes | None) -> None:
        super().__init__(message)
        self.saved = saved


def editor_command() -> tuple[str, list[str]]:
    """(the variable it came from, the command): $VISUAL, else $EDITOR, else vi; a blank variable counts as unset.

    The value is split like a shell would (`code --wait`, `"/Applications/My Editor/bin/ed"`); one it cannot split
    (an unbalanced quote) is one line naming the variable, before anything is opened.
    """
    for var in ("VISUAL", "EDITOR"):
        value = os.environ.get(var, "")
        if value.strip():
            try:
                return f"${var}", shlex.split(value)
            except ValueError as exc:  # "No closing quotation", "No escaped character"
                raise JournalError(
                    f"${var} is {value!r}, which cannot be read as a command ({str(exc).lower()}); "
                    "fix its quotes, e.g. EDITOR='code --wait'"
                ) from None
    return "the default editor", ["vi"]


@contextmanager
def _interrupts_go_to_the_editor() -> Iterator[None]:
    """Ctrl-C while the editor runs belongs to the editor (vim cancels a command with it).

    The terminal sends SIGINT to the whole foreground group: Python would raise KeyboardInterrupt in
    `subprocess.run`, which kills the editor, and the text would be lost.  A handler that does nothing keeps this
    process waiting (a handler, not SIG_IGN: the editor inherits an ignored signal, but a handler is reset at exec).
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, lambda signum, frame: None)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def run_editor(document: str) -> bytes:
    """Open the editor on `document` in a private temporary file; the bytes it saved.

    An editor that cannot start is a JournalError (nothing was typed); one that fails after it ran is an
    `EditorFailed` carrying what the file held, for the caller to keep as a draft.
    """
    var, command = editor_command()
    fd, path = tempfile.mkstemp(suffix=".md", prefix="journal-")  # 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(document)
        try:
            with _interrupts_go_to_the_editor():
                result = subprocess.run([*command, path])
        except OSError as exc:  # not found, not executable, not a program
            raise JournalError(
                f"cannot start the editor {shlex.join(command)!r} ({var}): {exc.strerror or exc}; "
                "set $EDITOR or pass the text on the command line"
            ) from None
        try:
            with open(path, "rb") as fh:
                saved: bytes | None = fh.read()
        except OSError:
            saved = None
        if result.returncode != 0:
            raise EditorFailed(f"editor {shlex.join(command)!r} exited with status {result.returncode}", saved)
        if saved is None:
            raise EditorFailed(f"editor {shlex.join(command)!r} did not leave the file {path}", None)
        return saved
    finally:
        with suppress(OSError):
            os.unlink(path)


def decode(saved: bytes) -> str:
    """What the editor saved, as text: UTF-8 (a byte-order mark is dropped); anything else is refused, never guessed."""
    try:
        return saved.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = saved[: exc.start].count(b"\n") + 1
        raise EditorFailed(
            f"the editor saved text that is not UTF-8 (line {line}: byte 0x{saved[exc.start]:02x}); save it as UTF-8",
            saved,
        ) from None


def _without_error(document: str) -> str:
    lines = document.split("\n")
    while lines and lines[0].startswith(ERROR_MARK):
        lines.pop(0)
    return "\n".join(lines)


def with_error(document: str, message: str) -> str:
    """The document with the problem on its first line, for the user to fix."""
    return f"{ERROR_MARK}{message}\n{ERROR_MARK}fix it and save; an empty text cancels\n{_without_error(document)}"


def keep_draft(document: str | bytes, folder: str) -> str:
    """Save what the user wrote to a private file beside the journal; returns its path.

    Bytes (text the editor saved in another encoding) are kept exactly as written, for the same editor to reopen.
    """
    os.makedirs(folder, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    body = document if isinstance(document, bytes) else _without_error(document)
    for n in range(1000):
        path = os.path.join(folder, f"journal-draft-{stamp}{'-' + str(n) if n else ''}.md")
        try:
            write_private(path, body, exclusive=True)
        except FileExistsError:
            continue
        return path
    raise JournalError(f"cannot save a draft in {folder}")


def _unsaved(problem: str, saved: str | bytes, original: str, draft_folder: str) -> JournalError:
    """The error for a round trip that ends without saving: the user's text is kept in a draft whose path it names,
    unless there is none to keep (the template came back as it was shown)."""
    if isinstance(saved, bytes):
        with suppress(UnicodeDecodeError):
            saved = saved.decode("utf-8-sig")
    if isinstance(saved, str) and _without_error(saved).strip() == _without_error(original).strip():
        return JournalError(f"{problem}; nothing was saved")
    try:
        path = keep_draft(saved, draft_folder)
    except (OSError, JournalError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return JournalError(
            f"{problem}; nothing was saved to the journal, and your text could not be kept in {draft_folder} ({reason})"
        )
    return JournalError(f"{problem}; nothing was saved to the journal, your text is in {path}")


def _describe(exc: Exception) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return f"{type(exc).__name__}: {exc}"


def revise(document: str, accept: Callable[[str], T | None], draft_folder: str) -> T | None:
    """Every $EDITOR round trip: open the editor until `accept` takes what was saved; None when it cancels.

    `accept` gets the saved text and returns a value, None to cancel (an emptied text), or raises a JournalError
    naming the problem: the editor then reopens with the problem on top.  The text is never lost: when the user
    saves the same problem twice, after MAX_ROUNDS, when the editor fails or saves something that is not UTF-8,
    or when saving fails for another reason, it is kept in a draft (`keep_draft`) whose path the error names.
    """
    shown = document
    for round_ in range(1, MAX_ROUNDS + 1):
        try:
            saved = decode(run_editor(shown))
        except EditorFailed as exc:
            raise _unsaved(str(exc), exc.saved if exc.saved is not None else shown, document, draft_folder) from None
        try:
            return accept(saved)
        except JournalError as exc:
            unchanged = shown != document and _without_error(saved) == _without_error(shown)
            if unchanged or round_ == MAX_ROUNDS:
                raise _unsaved(str(exc), saved, document, draft_folder) from None
            shown = with_error(saved, str(exc))
        except Exception as exc:  # a failed save (a disk error, a bug) must not take the text with it
            raise _unsaved(f"could not save ({_describe(exc)})", saved, document, draft_folder) from exc
    return None


def edit_until_valid(document: str, save: Callable[[EditedEntry], T], draft_folder: str) -> T | None:
    """An entry in the editor (`journal add` without text, `journal edit ID`): `revise` with the entry template;
    None when the text is emptied."""

    def accept(saved: str) -> T | None:
        entry = parse(saved)
        return save(entry) if entry.text else None

    return revise(document, accept, draft_folder)
