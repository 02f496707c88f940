"""The headline list: unread mark, star, age, feed, title — one row per article.

It is given a `HeadlineSource` (the app's pager over the store) and draws only
the rows on screen. Titles go through the text engine at the column's current
width: shaped, reordered, RTL ones right-aligned and cut keeping their start.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from rich.style import Style
from textual.binding import Binding
from textual.message import Message
from textual.strip import Strip

from tui.models import Article
from tui.text.bidi import cell_width, layout, truncate
from tui.widgets.virtual_list import VirtualList, segments_line

UNREAD_MARK = "\u25cf"
STAR_MARK = "\u2605"
TIME_WIDTH = 6
FEED_WIDTH = 14


class HeadlineSource(Protocol):
    total: int

    def get(self, index: int) -> Article | None: ...


class _Empty:
    total = 0

    def get(self, index: int) -> Article | None:
        return None


def age(when: datetime, now: datetime) -> str:
    """Compact relative time: now, 5m, 3h, 2d, else the date."""
    seconds = (now - when).total_seconds()
    if seconds < 60:
        return "now"
    if seconds < 3600:
        return f"{int(seconds // 60)}m"
    if seconds < 86400:
        return f"{int(seconds // 3600)}h"
    if seconds < 7 * 86400:
        return f"{int(seconds // 86400)}d"
    if seconds < 300 * 86400:
        return when.strftime("%d %b")
    return when.strftime("%Y")


def fit(text: str, width: int, mode: str, direction: str | None = None) -> str:
    """A label cut to `width` cells by the text engine, padded on the right if LTR."""
    if width <= 0:
        return ""
    shown = truncate(text, width, mode, direction)
    return shown + " " * max(0, width - cell_width(shown))


class HeadlineList(VirtualList):
    COMPONENT_CLASSES = {
        "headline-list--cursor",
        "headline-list--cursor-blur",
        "headline-list--unread",
        "headline-list--read",
        "headline-list--meta",
        "headline-list--star",
        "headline-list--empty",
    }
    BINDINGS = [
        Binding("enter", "select", "Open", show=True),
        Binding("space,pagedown", "screen.page_article(1)", "Page down", show=False),
        Binding("pageup", "screen.page_article(-1)", "Page up", show=False),
    ]

    class Highlighted(Message):
        def __init__(self, article: Article | None) -> None:
            super().__init__()
            self.article = article

    class Opened(Message):
        def __init__(self, article: Article) -> None:
            super().__init__()
            self.article = article

    def __init__(self, *, clock: Callable[[], datetime], id: str | None = None) -> None:
        super().__init__(id=id)
        self.source: HeadlineSource = _Empty()
        self.clock = clock
        self.mode = "on"
        self.feed_dirs: dict[str, str] = {}
        """Feed URL → forced base direction ("rtl"/"ltr") from feeds.toml."""
        self.empty_lines: list[str] = []
        """What to say, in plain words, when there is nothing to list."""
        self._cache: dict[tuple, Strip] = {}

    # -- given data ------------------------------------------------------------

    def show(self, source: HeadlineSource, cursor: int | None = None,
             top: int | None = None) -> None:
        self.source = source
        self._cache.clear()
        self.set_rows(source.total, cursor=cursor, top=top)

    def redraw(self) -> None:
        """Flags or the display mode changed: draw the rows again."""
        self._cache.clear()
        self.refresh()

    @property
    def highlighted(self) -> Article | None:
        return self.source.get(self.cursor) if self.row_count else None

    def cursor_moved(self, index: int) -> None:
        self.post_message(self.Highlighted(self.source.get(index)))

    def activated(self, index: int) -> None:
        article = self.source.get(index)
        if article is not None:
            self.post_message(self.Opened(article))

    # -- drawing ---------------------------------------------------------------

    def render_empty(self, y: int, width: int) -> Strip:
        lines = self._empty_layout(width)
        text = lines[y] if 0 <= y < len(lines) else ""
        return segments_line([(text, self.get_component_rich_style("headline-list--empty"))],
                             width, self.rich_style)

    def _empty_layout(self, width: int) -> list[str]:
        key = ("empty", width, self.mode, tuple(self.empty_lines))
        cached = self._cache.get(key)
        if cached is None:
            lines = [""]
            for paragraph in self.empty_lines:
                lines += layout(paragraph, max(1, width - 2), self.mode) or [""]
            cached = self._cache[key] = [" " + line for line in lines]  # type: ignore[assignment]
        return cached  # type: ignore[return-value]

    def render_row(self, index: int, width: int, selected: bool) -> Strip:
        article = self.source.get(index)
        if article is None:
            return Strip.blank(width, self.rich_style)
        focused = self.has_focus
        key = (article.id, article.read, article.starred, width, selected, focused, self.mode,
               age(article.published, self.clock()))
        strip = self._cache.get(key)
        if strip is None:
            if len(self._cache) > 600:
                self._cache.clear()
            strip = self._cache[key] = self._row(article, width, selected, focused, key[-1])
        return strip

    def _row(self, article: Article, width: int, selected: bool, focused: bool,
             when: str) -> Strip:
        def style(name: str) -> Style:
            return self.get_component_rich_style(name, partial=True)

        base = self.rich_style
        if selected:
            base = base + style("headline-list--cursor" if focused
                                else "headline-list--cursor-blur")
        text_style = style("headline-list--read" if article.read else "headline-list--unread")
        meta = style("headline-list--meta")
        feed_width = FEED_WIDTH if width >= 60 else 10
        title_width = width - (1 + 1 + 1 + 1 + TIME_WIDTH + 1 + feed_width + 1)
        direction = self.feed_dirs.get(article.feed_url)
        parts: list[tuple[str, Style]] = [
            (UNREAD_MARK if not article.read else " ", text_style),
            (" ", Style()),
            (STAR_MARK if article.starred else " ", style("headline-list--star")),
            (" ", Style()),
            (age_cell(when), meta),
            (" ", Style()),
            (fit(article.feed_title, feed_width, self.mode), meta),
            (" ", Style()),
            (fit(article.title or "(no title)", title_width, self.mode, direction), text_style),
        ]
        return segments_line(parts, width, base)


def age_cell(when: str) -> str:
    return when.rjust(TIME_WIDTH)[:TIME_WIDTH]
