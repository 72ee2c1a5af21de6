"""The `journal` argument parser: argparse that names the nearest command or option when one is mistyped.

`journal ad` says "did you mean 'add'?" instead of listing 32 commands, and `journal add x --stars` shows the usage
of `journal add` with "did you mean --star?" instead of the top-level usage: argparse reports an unknown option on
the top parser, so each parser records itself as it is reached and the deepest one reports the error.
"""

import argparse
import difflib
import re
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

_reached: list["Parser"] = []  # the parsers of the command being parsed, outermost first
_CHOICE = re.compile(r"argument (?P<what>\S+): invalid choice: '(?P<value>.*)' \(choose from (?P<choices>.*)\)$", re.S)


def nearest(value: str, options: Sequence[str]) -> str | None:
    """The closest known name to a typo, if one is close enough to be a useful guess."""
    close = difflib.get_close_matches(value, options, n=1, cutoff=0.6)
    if not close and value:
        close = [o for o in options if o.startswith(value) or value.startswith(o.lstrip("-") and o)][:1]
    return close[0] if close else None


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors suggest the nearest command or option."""

    option_names: list[str]

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        if "option_names" not in vars(self):  # argparse's __init__ adds --help before ours could run
            self.option_names = []
        self.option_names += [a for a in args if isinstance(a, str) and a.startswith("-")]
        return super().add_argument(*args, **kwargs)

    def parse_known_args(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        namespace: argparse.Namespace | None = None,
    ) -> tuple[argparse.Namespace, list[str]]:
        _reached.append(self)
        return super().parse_known_args(args, namespace)

    def parse_command(self, argv: Sequence[str]) -> argparse.Namespace:
        """Parse `argv`; an unknown option is reported by the (sub)command it was given to, with the nearest one."""
        _reached.clear()
        args, extras = self.parse_known_args(argv)
        if extras:
            deepest = _reached[-1] if _reached else self
            deepest.unknown(extras)
        return args

    def unknown(self, extras: list[str]) -> NoReturn:
        first = extras[0]
        if first.startswith("-"):
            guess = nearest(first.split("=", 1)[0], self.option_names)
            hint = f"; did you mean {guess}?" if guess else f"; `{self.prog} --help` lists its options"
            self.error(f"unknown option {first}{hint}")
        self.error(f"unexpected argument {first!r}; quote text that has spaces, or see `{self.prog} --help`")

    def error(self, message: str) -> NoReturn:
        match = _CHOICE.match(message)
        if match:
            choices = re.findall(r"'((?:[^'\\]|\\.)*)'", match["choices"])
            guess = nearest(match["value"], choices)
            kind = "command" if match["what"] == "COMMAND" else "action"
            hint = f"did you mean '{guess}'?" if guess else f"`{self.prog} --help` lists them"
            message = f"unknown {kind} '{match['value']}'; {hint}"
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")
