"""Run one `journal` command through its public entry point and write the names of every module it imported.

    python benchmarks/modules_of.py OUT_FILE journal-args...

Used once per command to build the import floor (benchmarks/import_floor.py); never timed.
"""

import contextlib
import io
import sys

from journal_tui.cli import main

if __name__ == "__main__":
    out, args = sys.argv[1], sys.argv[2:]
    with contextlib.redirect_stdout(io.StringIO()):
        rc = main(args)
    with open(out, "w", encoding="utf-8") as fh:
        fh.write("\n".join(name for name in sys.modules if name != "__main__" and not name.startswith("benchmarks")))
    sys.exit(rc)
