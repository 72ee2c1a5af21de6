"""The floor of `review`/`case`: a process that only imports the modules the command imported, then exits.

    python benchmarks/import_floor.py MODULES_FILE     # one module name a line (from `modules_of`)

What the command costs beyond this is its own work: queries, building the document, printing.
"""

import importlib
import sys

if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as fh:
        names = [line.strip() for line in fh if line.strip()]
    for name in names:
        try:
            importlib.import_module(name)
        except Exception as exc:  # a module that only imports inside its package came in through it
            print(f"skipped {name}: {exc}", file=sys.stderr)
