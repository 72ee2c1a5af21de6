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

    def update(self, text: str) -> None:
        """Show `text` (Markdown); nothing is loaded until there is something to show."""
        if self.markdown is not None:
            self.markdown.update(text)
        elif text:
            from textual.widgets import Markdown

            self.markdown = Markdown(text, classes="detail", id=self.markdown_id, open_links=False)
            self.mount(self.markdown)
