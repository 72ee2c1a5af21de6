"""The one exception type users ever see: a clear, single-line message.

Everything the CLI or the TUI reports to a person is raised as `JournalError` (or a
subclass) so that one handler can print it without a traceback.
"""


class JournalError(Exception):
    """A problem the user can act on; `str()` is the one-line message."""


class NotFound(JournalError):
    """An id that names nothing in the journal."""
