"""Textual's footer, recomposed only when the keys it shows change.

Textual's `Footer` recomposes (every key a new widget, every widget styled) on each
bindings update, and queues one recompose per update: while the app opens, the focus
moving to the list and the first rows arriving send several in a row, and each costs
tens of milliseconds on the UI thread, right when the first rows are to be painted.
This one lets `Footer` ask as it does (it also marks its keys ready, which its own
`compose` needs) and answers in `recompose`: only if the keys, their labels, tooltips
or enabled states differ from what it shows, so a batch of updates recomposes once.
The app's footer is also `held` until the first rows are on screen: it fills in just after them.

Whatever the width, it shows the keys in order of importance and only those that fit whole: help and quit
first (from them every other key can be found), then the keys listed in `FIRST`, then the rest in the order the
screen gives them (the focused widget's first); a key that does not fit is left out, never cut or scrolled away.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.dom import NoScreen
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer

# Binding ids shown first, in this order, when they are active: every other key comes after them.
FIRST = (
    "help",
    "quit-key",
    "back",
    "case-close",
    "activity-close",
    "review-close",
    "new",
    "new-person",
    "edit",
    "edit-person",
    "filter",
    "review",
    "case",
    "activity",
    "gap-act",
)
PALETTE_ROOM = 2  # the command palette key's border and right padding, beside its own key and label


Shown = tuple[Binding, bool, str]  # a binding, whether it is enabled, its tooltip


def key_width(key_display: str, description: str) -> int:
    """The cells a `FooterKey` takes in the (non-compact) footer: ` key ` then `description `."""
    return cell_len(key_display) + 2 + (cell_len(description) + 1 if description else 0)


def by_priority(shown: list[Shown]) -> list[Shown]:
    """One binding per action (the first, as Textual's footer does), the `FIRST` ids first in that order, then the
    others in the order given."""
    seen: set[str] = set()
    unique = []
    for item in shown:
        if item[0].action not in seen:
            seen.add(item[0].action)
            unique.append(item)
    rank = {name: n for n, name in enumerate(FIRST)}
    return sorted(unique, key=lambda item: rank.get(item[0].id or "", len(FIRST)))  # stable: the rest keep order


class QuietFooter(Footer):
    """A `Footer` that recomposes once per batch of bindings updates, and only on a visible change; it shows the
    most important keys that fit, whole."""

    def __init__(self, *args: Any, held: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.held = held  # composes nothing until `release` (the app's first rows come first)
        self.told = False  # a bindings update has come (until then there are no keys to show)
        self._shown: Hashable | None = None

    def release(self) -> None:
        """Show the keys now (once the first rows are on screen)."""
        if self.held:
            self.held = False
            self.call_later(self.bindings_changed, self.screen)  # in the footer's own context, as the signal does

    def bindings_changed(self, screen: Screen[Any]) -> None:
        """`Footer`'s own: the keys are ready, and a recompose is asked for after the next refresh (`recompose`
        decides whether there is one)."""
        self.told = True
        super().bindings_changed(screen)

    async def recompose(self) -> None:
        """Recompose only when the keys shown would change (never while held): `Footer` asks once per bindings
        update, and a batch of updates changes the keys once at most."""
        if self.held:
            return
        try:
            shown = self._what_it_shows()
        except NoScreen:  # its screen closed meanwhile (the Activity view popped by enter): nothing to draw
            return
        if shown != self._shown:
            self._shown = shown
            await super().recompose()

    def _what_it_shows(self) -> Hashable:
        """Everything `compose` reads: the keys that fit, in order, and the palette key."""
        fitting, palette_fits = self.fitting()
        keys = tuple(
            (binding.key, self.app.get_key_display(binding), binding.description, binding.action, enabled, tooltip)
            for binding, enabled, tooltip in fitting
        )
        palette = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
        return keys, None if palette is None or not palette_fits else (palette[1].key, palette[2]), self.compact

    def on_resize(self, event: events.Resize) -> None:
        """Another width fits other keys: check again (a recompose only if the keys that fit changed)."""
        if self.told:
            self.call_after_refresh(self.recompose)

    def fitting(self) -> tuple[list[Shown], bool]:
        """The shown bindings that fit whole in the width, by priority (`by_priority`), and whether the command
        palette's key fits too: it takes its room after the `FIRST` keys, before the others."""
        active = self.screen.active_bindings
        shown = by_priority(
            [(binding, enabled, tooltip) for (_, binding, enabled, tooltip) in active.values() if binding.show]
        )
        room = self.size.width or self.app.size.width
        palette = active.get(self.app.COMMAND_PALETTE_BINDING)
        wanted = palette is not None and self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE
        palette_width = (
            key_width(self.app.get_key_display(palette[1]), palette[1].description) + PALETTE_ROOM
            if palette is not None
            else 0
        )
        palette_fits = placed = False
        out = []
        for item in shown:
            if wanted and not placed and item[0].id not in FIRST:
                placed, palette_fits = True, palette_width <= room
                room -= palette_width if palette_fits else 0
            width = key_width(self.app.get_key_display(item[0]), item[0].description)
            if width <= room:
                out.append(item)
                room -= width
        if wanted and not placed:
            palette_fits = palette_width <= room
        return out, palette_fits

    def compose(self) -> ComposeResult:
        """`Footer`'s keys, only those that fit (`fitting`) and in that order; the palette key stays docked right."""
        made = list(super().compose())
        if not made:
            return  # not ready yet (or nothing to show): no bindings read
        fitting, palette_fits = self.fitting()
        order = {binding.action: n for n, (binding, _, _) in enumerate(fitting)}
        keys: list[tuple[int, Widget]] = []
        for widget in made:
            action = getattr(widget, "action", None)
            if widget.has_class("-command-palette"):
                if palette_fits:
                    keys.append((len(order), widget))
            elif action in order:
                keys.append((order[action], widget))
        yield from (widget for _, widget in sorted(keys, key=lambda pair: pair[0]))
