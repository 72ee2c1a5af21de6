"""Which files are a journal (or its `-wal`, `-shm`, `-journal`), so nothing but SQLite ever opens them.

POSIX locks belong to the process: if an import read the journal with `open()`, or `-o` wrote over its `-wal`, closing
that descriptor would drop every lock this process's SQLite connections hold, and another process could then delete
the `-wal` still in use (see `db._check_file`).  `db.raw_connect` registers each journal it opens; readers and writers
of user-named files ask `is_journal_file` first.  Compared by path and by inode (a hard link is the same file), with
`os.stat` only, which opens no descriptor.  Standard library only.
"""

import os

COMPANIONS = ("-wal", "-shm", "-journal")
_opened: set[str] = set()


def register(path: str | os.PathLike[str]) -> None:
    """Remember a journal this process has opened (called for every SQLite connection)."""
    _opened.add(os.path.realpath(path))


def _same_file(a: str, b: str) -> bool:
    try:
        sa, sb = os.stat(a), os.stat(b)
    except OSError:
        return False
    return (sa.st_dev, sa.st_ino) == (sb.st_dev, sb.st_ino)


def is_journal_file(path: str | os.PathLike[str], *journals: str | os.PathLike[str]) -> bool:
    """Whether `path` is one of `journals` (or a journal this process opened), or one of their companion files."""
    target = os.path.realpath(path)
    known = _opened | {os.path.realpath(j) for j in journals}
    for journal in known:
        for name in (journal, *(journal + suffix for suffix in COMPANIONS)):
            if target == name or _same_file(target, name):
                return True
    return False
