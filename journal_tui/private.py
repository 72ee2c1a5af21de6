"""Files that hold journal data (exports, reviews, CSVs, drafts) are readable by their owner only.

They carry the same private data as the journal (feedback about colleagues), so they
get the journal's mode, 0600, whoever writes them: the CLI's `-o` and the app's
review export alike.  Standard library only.
"""

import errno
import os

from journal_tui.journal_files import is_journal_file


class JournalTarget(OSError):
    """Writing there would replace the journal, or drop SQLite's locks on it: refused like a permission error."""


def write_private(path: str, text: str, *, exclusive: bool = False) -> None:
    """Write `text` to `path` with mode 0600; `exclusive` refuses to replace an existing file (FileExistsError)."""
    if is_journal_file(path):
        raise JournalTarget(errno.EPERM, "it is the journal itself (or its -wal/-shm); choose another file")
    flags = os.O_WRONLY | os.O_CREAT | (os.O_EXCL if exclusive else os.O_TRUNC)
    fd = os.open(path, flags, 0o600)
    try:
        os.fchmod(fd, 0o600)  # an existing file keeps its old mode otherwise
        with os.fdopen(fd, "w", encoding="utf-8", closefd=False) as fh:
            fh.write(text)
    finally:
        os.close(fd)
