"""journal_tui: a terminal achievement journal.

Kept empty on purpose: `journal add` imports this package, and every import here
would be paid on each quick add.
"""

__version__ = "0.1.0"
