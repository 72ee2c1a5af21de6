"""The detail view of a pane: a Markdown widget that loads with the first thing it shows.

Textual's Markdown widget brings markdown-it and pygments (tens of milliseconds):
the first frame, with the first rows, does not wait for them.  The slot is an empty
container until `update` gives it text; then the Markdown widget is imported and
mounted, and later updates go straight to it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.containers import Container

if TYPE_CHECKING:
    from textual.widgets import Markdown


class MarkdownSlot(Container):
    DEFAULT_CSS = "MarkdownSlot { height: auto; }"

    def __init__(self, *, markdown_id: str | None = None, id: str | None = None) -> None:
        super().__init__(id=id)
        self.markdown_id = markdown_id
        self.markdown: Markdown | None = None
        self._pending: str | None = None  # the text waiting for the Markdown widget to be mounted

    def update(self, text: str) -> None:
        """Show `text` (Markdown); nothing is loaded until there is something to show.

        The first text waits for the next refresh: the rows beside it are painted first,
        then Markdown is imported and mounted (together about 0.1 s on the UI thread).
        """
        if self.markdown is not None:
            self.markdown.update(text)
        elif text or self._pending is not None:
            if self._pending is None:
                self.call_after_refresh(self._mount_markdown)
            self._pending = text

    def _mount_markdown(self) -> None:
        text, self._pending = self._pending, None
        if self.markdown is None and text:
            from textual.widgets import Markdown

            self.markdown = Markdown(text, classes="detail", id=self.markdown_id, open_links=False)
            self.mount(self.markdown)
