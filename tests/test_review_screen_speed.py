"""The Review screen at scale: a document view that renders only what is on screen, never a widget per block.

Textual's Markdown widget built one widget per block of the review (a quarter of 15,000 wins: tens of thousands
of widgets, 2 GB, minutes).  The screen now shows the same Markdown (`review.to_markdown`, what `journal review`
prints) through `DocumentView`, a Line API view: its widgets do not grow with the review, it draws only the
blocks under the visible lines, every block draws the lines it was counted for, and `end` reaches the last line
even before the whole of a long review is parsed.  benchmarks/review_screen.py times it in a real terminal.
"""

import datetime as dt
import random
import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest
from conftest import TODAY
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import Input, Label

from journal_tui.data.reader import Reader
from journal_tui.data.store import Store
from journal_tui.dates import quarter_of
from journal_tui.review import build_head, build_review, head_markdown, to_markdown
from journal_tui.tui.app import make_app
from journal_tui.tui.screens import review as review_screen
from journal_tui.tui.screens.review import ReviewScreen
from journal_tui.tui.testing import screen_text, settle
from journal_tui.tui.widgets.document import (
    Block,
    DocumentView,
    block_height,
    line_starts,
    parse,
    wrap_offsets,
)

pytestmark = pytest.mark.usefixtures("no_cursor_blink")


def quarter_journal(path: Path, n: int, title: str = "Shipped the refunds flow with the payments team") -> Path:
    """`n` entries spread over this quarter so far, with projects, skills, impacts and stars (straight into SQLite)."""
    Store(path).close()
    start = quarter_of(TODAY).start
    days = (TODAY - start).days + 1
    stamp = "2026-01-01 00:00:00.000000"
    conn = sqlite3.connect(path)
    with conn:
        conn.executemany(
            "INSERT INTO project (id, name, key, created_at) VALUES (?, ?, ?, ?)",
            [(i, f"project{i}", f"project{i}", stamp) for i in range(1, 6)],
        )
        conn.executemany(
            "INSERT INTO skill (id, name, key, created_at) VALUES (?, ?, ?, ?)",
            [(i, f"skill{i}", f"skill{i}", stamp) for i in range(1, 9)],
        )
        conn.executemany(
            "INSERT INTO entry (id, occurred_on, text, project_id, impact, starred, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    i,
                    (start + dt.timedelta(days=i * days // max(n, 1))).isoformat(),
                    f"{title} {i}",
                    i % 5 + 1,
                    "p95 latency -40%" if i % 3 == 0 else None,
                    int(i % 17 == 0),
                    stamp,
                    stamp,
                )
                for i in range(1, n + 1)
            ],
        )
        conn.executemany(
            "INSERT INTO entry_skill (entry_id, skill_id) VALUES (?, ?)", [(i, i % 8 + 1) for i in range(1, n + 1)]
        )
    conn.close()
    return path


async def open_review(app: Any, pilot: Any) -> DocumentView:
    await settle(pilot)
    await pilot.press("R")
    await settle(pilot)
    assert isinstance(app.screen, ReviewScreen)
    return app.screen.query_one("#review-doc", DocumentView)


@pytest.mark.slow  # a review of 3,000 entries
@pytest.mark.parametrize("entries", [30, 3000])
async def test_the_review_is_not_a_widget_per_block(
    tmp_path: Path, entries: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The screen's widgets are as many for 3,000 wins as for 30 (the Markdown widget made one per block), and
    drawing the first screenful renders only the blocks on it."""
    rendered: list[Block] = []
    real = DocumentView._render_block

    def counted(self: DocumentView, block: Block) -> Any:
        rendered.append(block)
        return real(self, block)

    monkeypatch.setattr(DocumentView, "_render_block", counted)
    app = make_app(quarter_journal(tmp_path / "journal.db", entries), today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        view = await open_review(app, pilot)
        widgets = len(list(app.screen.walk_children()))
        assert widgets < 60, widgets
        assert view.source.startswith("# Review: 2026-Q4")
        assert f"**{entries:,}** wins logged" in view.source or f"**{entries}** wins logged" in view.source
        assert len(view.document.blocks) > entries  # one block a win (and its headings)
        assert len(rendered) <= 2 * view.size.height, len(rendered)  # the blocks on screen, not the document
        assert view.line_count >= len(view.document.blocks)


async def test_the_screen_shows_what_journal_review_prints(demo_db: Path) -> None:
    """The same Markdown as the CLI (review.py), drawn: headings without their #, bullets, no ** left."""
    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=(160, 45)) as pilot:
        view = await open_review(app, pilot)
        reader = Reader(demo_db)
        assert view.source == to_markdown(build_review(reader, quarter_of(TODAY), today=TODAY, stamps=False))
        shown = screen_text(app)
        assert "Review: 2026-Q4" in shown and "# Review" not in shown
        assert "• " in shown and "**" not in shown and "Headline" in shown


async def test_at_80_columns_the_review_text_has_the_width(demo_db: Path) -> None:
    """It was 36 columns wide beside the side panel: below 100 columns the panel is a strip above it."""
    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_review(app, pilot)
        assert view.text_width >= 70, view.text_width
        assert app.screen.query_one("#review-range-input").region.width >= 20  # the period stays typeable


@pytest.mark.slow  # a review long enough to parse in parts
async def test_end_reaches_the_last_line_even_before_the_rest_is_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long review shows its first screenful first; `end` pressed then goes to the end once the rest is there."""
    monkeypatch.setattr(review_screen, "FIRST_LINES", 20)
    app = make_app(quarter_journal(tmp_path / "journal.db", 400), today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        shown: list[bool] = []
        real = DocumentView.update

        def update(self: DocumentView, document: Any, **kwargs: Any) -> None:
            real(self, document, **kwargs)
            shown.append(self.partial)
            if self.partial:
                self.action_scroll_end()  # `end` while the rest is on its way

        monkeypatch.setattr(DocumentView, "update", update)
        await pilot.press("R")
        await settle(pilot)
        view = app.screen.query_one("#review-doc", DocumentView)
        assert shown == [True, False]  # the first screenful, then the whole
        assert view.scroll_y == view.max_scroll_y > 0
        last = to_markdown(build_review(Reader(tmp_path / "journal.db"), quarter_of(TODAY), today=TODAY))
        tail = last.rstrip().splitlines()[-1].removeprefix("- ").replace("**", "")[:20]
        assert tail in screen_text(app)
        await pilot.press("home")
        assert view.scroll_y == 0


async def test_user_text_is_shown_literally(tmp_path: Path) -> None:
    """Titles are data: markup, escape sequences and Markdown headings in them are shown as typed, not obeyed."""
    path = quarter_journal(
        tmp_path / "journal.db", 3, title="[b]x[/b] \x1b[2Jclear [@click=app.quit]q[/] # not a heading"
    )
    app = make_app(path, today=TODAY)
    async with app.run_test(size=(160, 45)) as pilot:
        await open_review(app, pilot)
        shown = screen_text(app)
        assert "[b]x[/b] clear [@click=app.quit]q[/] # not a heading" in shown  # the escape sequence removed whole
        assert "\x1b" not in shown and app.is_running


class _Doc(App[None]):
    def __init__(self, markdown: str) -> None:
        super().__init__()
        self.markdown = markdown

    def compose(self) -> ComposeResult:
        yield DocumentView(self.markdown)


def _random_markdown(rnd: random.Random) -> str:
    words = [
        "a",
        "bb",
        "ccc",
        "word",
        "—",
        "“quote”",
        "⭐",
        "日本語",
        "x" * 45,
        "**bold**",
        "`code`",
        "_em_",
        "snake_case",
    ]
    lines = []
    for _ in range(120):
        text = " ".join(rnd.choice(words) for _ in range(rnd.randint(0, 25)))
        lines.append(rnd.choice(["", "# ", "## ", "### ", "- ", "  - ", "> ", "    ", ""]) + text)
        if rnd.random() < 0.05:
            lines += ["", "| Skill | Entries |", "|---|---:|", f"| {text[:20]} | 3 |", ""]
    return "\n".join(lines)


@pytest.mark.parametrize("width", [7, 23, 40, 81])
async def test_every_block_draws_the_lines_it_was_counted_for(width: int) -> None:
    """Counting (for the scrollbar and the line index) and drawing share one wrap: a block drawn taller or shorter
    than counted would shift every line below it."""
    rnd = random.Random(width)
    app = _Doc(_random_markdown(rnd))
    async with app.run_test(size=(width + 2, 20)) as pilot:
        await pilot.pause()
        view = app.query_one(DocumentView)
        inner = view.text_width
        assert inner > 0
        for block in view.document.blocks:
            lines = view._render_block(block)
            assert len(lines) == block_height(block, inner), block
            assert all(line.cell_length == inner for line in lines), block
        assert line_starts(view.document, inner)[-1] == view.line_count == view.virtual_size.height


def test_wrapping_is_greedy_by_words_and_cuts_long_words() -> None:
    text = "alpha beta gamma delta"
    assert wrap_offsets(text, 11) == [11]  # "alpha beta" / "gamma delta"
    assert wrap_offsets(text, 10) == [11, 17]  # "alpha beta" / "gamma" / "delta"
    assert wrap_offsets(text, 100) == []
    assert wrap_offsets("x" * 25, 10) == [10, 20]
    assert wrap_offsets("⭐⭐⭐ ab", 4) == [2, 4]  # two cells a star: "⭐⭐" / "⭐" / "ab"
    assert wrap_offsets("a     b", 3) == [6]  # spaces hang at the end of a line


def test_parse_reads_the_renderers_markdown_and_nothing_more() -> None:
    doc = parse(
        "# Title\n\n## Section\n\n- **2026-11-02** Shipped _(billing)_ — `journal x`\n  - nested\n"
        "> “quoted”\n> — Priya\n\nplain # not a heading\n# also not: no blank line before\n\n"
        "| Skill | Entries |\n|---|---:|\n| sql | 3 |"
    )
    kinds = [(b.kind, b.plain) for b in doc.blocks if b.kind != "blank"]
    assert kinds == [
        ("h1", "Title"),
        ("h2", "Section"),
        ("li", "2026-11-02 Shipped (billing) — journal x"),
        ("li", "nested"),
        ("quote", "“quoted”"),
        ("quote", "— Priya"),
        ("p", "plain # not a heading"),
        ("p", "# also not: no blank line before"),
        ("table", "| Skill | Entries |\n|---|---:|\n| sql | 3 |"),
    ]
    li = next(b for b in doc.blocks if b.kind == "li")
    assert [k for _, _, k in li.spans] == ["strong", "em", "code"]
    assert parse("snake_case and __init__ stay").blocks[0].spans == ()
    long = parse("- " + "y" * 50_000).blocks[0].plain
    assert len(long) < 20_100 and long.endswith("more characters)")


async def test_the_top_counted_by_sql_is_shown_before_the_rows_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first document the screen shows is `head_markdown` (title, headline, wins per week, the first key wins),
    posted as a message before the period's rows are read; then the whole review, which starts with it."""
    path = quarter_journal(tmp_path / "journal.db", 400)
    events: list[Any] = []
    real_bulk = Reader.bulk_entries

    def bulk(self: Reader, *args: Any, **kwargs: Any) -> Any:
        events.append("rows read")
        return real_bulk(self, *args, **kwargs)

    monkeypatch.setattr(Reader, "bulk_entries", bulk)

    def hook(message: Any) -> None:
        if isinstance(message, ReviewScreen.Shown) and message not in events:
            events.append(message)

    app = make_app(path, today=TODAY)
    async with app.run_test(size=(120, 36), message_hook=hook) as pilot:
        await open_review(app, pilot)
    first, read, whole = events
    reader = Reader(path)
    head = head_markdown(build_head(reader, quarter_of(TODAY), today=TODAY))
    assert head is not None
    review = to_markdown(build_review(reader, quarter_of(TODAY), today=TODAY, stamps=False))
    assert first.partial and first.document.source == head and read == "rows read"
    assert not whole.partial and whole.document.source == review and review.startswith(head)
    assert head.count("- ⭐") == 400 // 17  # every key win of the quarter: fewer than KEY_WINS_FIRST


async def test_end_on_a_first_screenful_that_fits_reaches_the_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A short top has no scrollbar; `end` pressed on it still goes to the review's end once the rest comes."""
    release = threading.Event()
    real = review_screen.build_review  # type: ignore[attr-defined]  # the name the screen calls, replaced below

    def held(*args: Any, **kwargs: Any) -> Any:
        release.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(review_screen, "build_review", held)
    app = make_app(quarter_journal(tmp_path / "journal.db", 60), today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("R")
        view = app.screen.query_one("#review-doc", DocumentView)
        for _ in range(100):
            await pilot.pause(0.02)
            if view.partial:
                break
        assert view.partial and view.max_scroll_y == 0  # the top fits
        await pilot.press("end")
        release.set()
        await settle(pilot)
        assert not view.partial and view.scroll_y == view.max_scroll_y > 0


async def test_a_range_that_names_no_period_is_one_red_line(demo_db: Path) -> None:
    """On the Review (typed) and on the Case (given), the same way: the period line says it, nothing else changes."""
    from journal_tui.tui.screens.case import CaseScreen

    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=(140, 40)) as pilot:
        view = await open_review(app, pilot)
        shown = view.source
        app.screen.query_one("#review-range-input", Input).value = "the twelfth of never"
        await pilot.press("slash", "enter")
        await settle(pilot)
        line = app.screen.query_one("#review-period-label", Label).content
        assert isinstance(line, Text) and line.style == "bold red"
        assert line.plain.startswith("unknown period 'the twelfth of never'; try 'Q3'")
        assert view.source == shown and isinstance(app.screen, ReviewScreen)  # nothing else changed
        await pilot.press("l")  # a period key still works
        await settle(pilot)
        period = app.screen.period_line.content
        assert view.source.startswith("# Review: 2026-Q3") and isinstance(period, Text) and period.style == "dim"

        await pilot.press("escape")
        app.push_screen(CaseScreen(app.ctx, "the twelfth of never"))
        await settle(pilot)
        line = app.screen.query_one("#case-title", Label).content
        assert isinstance(line, Text) and line.style == "bold red"
        assert line.plain.startswith("unknown period 'the twelfth of never'; try 'Q3'")
        case = app.screen
        assert isinstance(case, CaseScreen) and case.case is None and app.is_running
        await pilot.press("l")
        await settle(pilot)
        assert case.case is not None and case.case.label == "2026-Q3"
        assert "2026-Q3" in str(app.screen.query_one("#case-title", Label).content)


@pytest.mark.parametrize("key", ["R", "C"])
async def test_a_failed_build_is_said_on_the_screen_and_reported(
    demo_db: Path, monkeypatch: pytest.MonkeyPatch, key: str
) -> None:
    """The Review's and the Case's build fail the same way: a red line where the period is named, and the app's
    one notification."""
    from journal_tui.errors import JournalError
    from journal_tui.tui.screens import case as case_screen

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise JournalError("the journal is locked by another program")

    monkeypatch.setattr(review_screen, "build_head", broken)
    monkeypatch.setattr("journal_tui.case.build_case", broken)
    said: list[str] = []
    app = make_app(demo_db, today=TODAY)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        real_notify = app.notify

        def recorded(message: str, **kw: Any) -> None:
            """Every notification said, then shown as usual."""
            said.append(str(message))
            real_notify(message, **kw)

        app.notify = recorded  # type: ignore[method-assign]
        await pilot.press(key)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen if key == "R" else case_screen.CaseScreen)
        what = "review" if key == "R" else "case"
        line = str(screen.period_line.content)
        assert line == f"The {what} could not be built: the journal is locked by another program", line
        assert said == ["the journal is locked by another program"] and app.is_running
