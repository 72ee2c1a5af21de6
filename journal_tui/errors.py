"""The one exception type users ever see: a clear, single-line message.

Everything the CLI or the TUI reports to a person is raised as `JournalError` (or a
subclass) so that one handler can print it without a traceback.
"""


class JournalError(Exception):
    """A problem the user can act on; `str()` is the one-line message."""


class NotFound(JournalError):
    """An id that names nothing in the journal."""


class Unsaved(JournalError):
    """The journal could not be reached or written (a server down, a busy or full disk): what the user typed was not
    saved, through no fault of the text itself, so whoever holds that text keeps it (a draft)."""
