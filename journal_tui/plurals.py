"""Counts in words: "1 week", "2 weeks"; one rule for every message, so nothing says "1 weeks" or "2 setback".

Stdlib only and nothing imported: the quick paths (`journal nudge` in every new shell, `journal add`) use it too.
Every "N thing(s)" the CLI or the app prints goes through `plural`; a test scans their outputs for a count and a
noun that disagree (tests/test_newcomer.py).
"""


def noun(n: int, one: str, many: str | None = None) -> str:
    """The form of the noun that agrees with `n`: `one` for exactly 1, else `many` (by default `one` + "s")."""
    return one if n == 1 else (many if many is not None else one + "s")


def plural(n: int, one: str, many: str | None = None) -> str:
    """`n` and its noun: plural(1, "week") is "1 week", plural(1200, "entry", "entries") "1,200 entries"."""
    return f"{n:,} {noun(n, one, many)}"
