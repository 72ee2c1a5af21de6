"""`python -m journal_tui` is the same as the `journal` command."""

from journal_tui.cli import main

raise SystemExit(main())
