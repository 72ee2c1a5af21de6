"""Sub-commands beyond daily entry: review, export, import, backup, demo."""

from typing import Any


def register(sub: Any) -> None:
    """Add these commands to the `journal` parser (kept separate to keep cli.py readable)."""
