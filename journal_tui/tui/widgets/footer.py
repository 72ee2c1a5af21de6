"""Textual's footer, recomposed only when the keys it shows change.

Textual's `Footer` recomposes (every key a new widget, every widget styled) on each
bindings update, and queues one recompose per update: while the app opens, the focus
moving to the list and the first rows arriving send several in a row, and each costs
tens of milliseconds on the UI thread, right when the first rows are to be painted.
This one coalesces the updates into one check after the next refresh, and recomposes
only if the keys, their labels, tooltips or enabled states differ from what it shows.
The app's footer is also `held` until the first rows are on screen: it fills in just after them.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from textual.screen import Screen
from textual.widgets import Footer


class QuietFooter(Footer):
    """A `Footer` that recomposes once per batch of bindings updates, and only on a visible change."""

    def __init__(self, *args: Any, held: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.held = held  # composes nothing until `release` (the app's first rows come first)
        self._check_pending = False
        self._shown: Hashable | None = None

    def release(self) -> None:
        """Show the keys now (once the first rows are on screen)."""
        if self.held:
            self.held = False
            self.call_later(self.bindings_changed, self.screen)  # in the footer's own context, as the signal does

    def bindings_changed(self, screen: Screen[Any]) -> None:
        self._bindings_ready = True
        if self.held or not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._check_pending:
            self._check_pending = True
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        self._check_pending = False
        shown = self._what_it_shows()
        if shown != self._shown:
            self._shown = shown
            await self.recompose()

    def _what_it_shows(self) -> Hashable:
        """Everything `Footer.compose` reads: the shown bindings, in order, and the palette key."""
        keys = tuple(
            (binding.key, self.app.get_key_display(binding), binding.description, binding.action,
             None if binding.group is None else (binding.group.description, binding.group.compact),
             enabled, tooltip)
            for (_, binding, enabled, tooltip) in self.screen.active_bindings.values() if binding.show
        )
        palette = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
        return keys, None if palette is None else (palette[1].key, palette[2]), self.show_command_palette, self.compact
