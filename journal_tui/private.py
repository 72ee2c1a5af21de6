"""Files that hold journal data (exports, reviews, CSVs, drafts): private, whole or absent, never through a link.

They carry the same private data as the journal (feedback about colleagues), so they get the journal's mode, 0600,
whoever writes them: the CLI's `-o`, the `$EDITOR` drafts and the app's exports alike, all through `write_private`.

- Whole or absent: the text goes to a temporary file in the target's folder, is flushed to the disk, and only then
  renamed over the target (`os.replace`, atomic).  A full disk or a crash leaves the previous file as it was and no
  half-written one; the temporary file is removed.
- Never through a symbolic link: writing "through" a link overwrites whatever it points to (a planted
  `/tmp/review.md -> ~/.bashrc`), and replacing the link itself would silently break it.  Either would surprise,
  so a link as the target is refused with one line naming where it points; the user names the real file (there is
  no option to allow it: the real path is always at hand, `readlink -f LINK`).  Links in the folders above are fine.
- A device or a pipe (`/dev/null`, a FIFO) is written into as it is: there is nothing to replace there.

Standard library only.
"""

import contextlib
import errno
import os
import stat
import tempfile

from journal_tui.data.journal_files import is_journal_file

# The errors that mean "no room": a full disk, a full quota.
_NO_SPACE = {errno.ENOSPC, errno.EDQUOT}
_TEMP_NAME_KEEP = 100  # characters of the target's name kept in the temporary file's name (NAME_MAX is 255)


class JournalTarget(OSError):
    """Writing there would replace the journal, or drop SQLite's locks on it: refused like a permission error."""


class NotWritten(OSError):
    """A file was not written; `strerror` says why in words fit for one line (callers print `exc.strerror`)."""


def refuse_link(path: str) -> None:
    """Refuse a symbolic link (dangling or not) as the file to write: asked by `write_private` and, before it asks
    "Replace it?", by the app's export dialog."""
    if os.path.islink(path):
        try:
            where = f" (to {os.readlink(path)})"
        except OSError:
            where = ""
        raise NotWritten(errno.ELOOP, f"it is a symbolic link{where}; name the file itself or remove the link", path)


def write_private(path: str, text: str | bytes, *, exclusive: bool = False) -> None:
    """Write `text` (str as UTF-8, or bytes as they are) to `path` with mode 0600, whole or not at all.

    `exclusive` creates a new file and refuses an existing one (FileExistsError): the drafts pick a free name so.
    Every failure is an OSError; a full disk is a `NotWritten` saying "disk full" and that nothing was changed.
    """
    if is_journal_file(
        path
    ):  # the journal or its -wal/-shm: replacing it, or even closing a descriptor of it, loses data
        raise JournalTarget(errno.EPERM, "it is the journal itself (or its -wal/-shm); choose another file", path)
    data = text.encode("utf-8") if isinstance(text, str) else text
    if not exclusive:  # O_EXCL refuses any existing name, a link too (FileExistsError: the drafts pick another)
        refuse_link(path)
    mode = None if exclusive else _mode(path)
    try:
        if exclusive:
            _write_new(path, data)
        elif mode is not None and stat.S_ISDIR(mode):
            raise NotWritten(errno.EISDIR, "it is a folder; name a file inside it", path)
        elif mode is not None and not stat.S_ISREG(mode):
            _write_into(path, data)  # /dev/null, a FIFO: a stream, nothing to replace
        else:
            _replace(path, data)
    except OSError as exc:
        if exc.errno in _NO_SPACE and not isinstance(exc, NotWritten):
            kept = (
                "the previous file is unchanged" if mode is not None and stat.S_ISREG(mode) else "nothing was written"
            )
            raise NotWritten(exc.errno, f"disk full ({exc.strerror}); {kept}", path) from None
        raise


def _mode(path: str) -> int | None:
    """The file's type and mode, or None when there is no file yet."""
    try:
        return os.stat(path).st_mode
    except FileNotFoundError:
        return None


def _write_all(fd: int, data: bytes, *, sync: bool = True) -> None:
    """All of `data` to `fd` (os.write may write less than asked), then (`sync`) to the disk itself."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
    if sync:
        os.fsync(fd)


def _write_new(path: str, data: bytes) -> None:
    """A new file (O_EXCL, which also refuses a link); a failed write removes the part written."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    try:
        os.fchmod(fd, 0o600)  # whatever the umask
        _write_all(fd, data)
    except BaseException:
        os.close(fd)
        _remove(path)
        raise
    os.close(fd)


def _replace(path: str, data: bytes) -> None:
    """A temporary 0600 file beside `path`, written and synced, then renamed over it: the old file or the new one,
    never a part.  The folder is synced too, so the rename itself survives a power cut."""
    folder, name = os.path.split(os.path.abspath(path))
    fd, temp = tempfile.mkstemp(prefix=f".{name[:_TEMP_NAME_KEEP]}.", suffix=".tmp", dir=folder)
    try:
        try:
            _write_all(fd, data)
        finally:
            os.close(fd)
        os.replace(temp, path)
    except BaseException:
        _remove(temp)
        raise
    sync_folder(folder)


def _write_into(path: str, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_NOFOLLOW)
    try:
        _write_all(fd, data, sync=False)
    finally:
        os.close(fd)


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def sync_folder(folder: str) -> None:
    """Best effort: some file systems cannot open or sync a folder, and the file is already whole."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
