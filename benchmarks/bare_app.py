"""The floor of the app's first rows: a bare Textual app that shows one Static, timed the same way in tmux.

python benchmarks/bare_app.py          # shows FLOOR_TEXT until ctrl+q
"""

from textual.app import App, ComposeResult
from textual.widgets import Static

FLOOR_TEXT = "bare textual floor is showing"


class BareApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Static(FLOOR_TEXT)


if __name__ == "__main__":
    BareApp().run()
