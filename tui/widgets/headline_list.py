"""The headline list: unread mark, star, age, feed, title — one row per article.

Grouped by story (`g`), a row stands for a story and says "+N sources"; its
other articles can be shown under it (right/l expands, left/h collapses).

It is given a `HeadlineSource` (the app's pager over the store) and draws only
the rows on screen. Titles go through the text engine at the column's current
width: shaped, reordered, RTL ones right-aligned and cut keeping their start.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import lru_cache

from rich.style import Style
from textual.binding import Binding
from textual.message import Message
from textual.strip import Strip

from tui.dates import day_month
from tui.i18n import _, language, rtl
from tui.models import Article
from tui.pager import Empty, HeadlineSource
from tui.text.bidi import cell_width, layout
from tui.views import StoryMark
from tui.widgets.cells import age, fit
from tui.widgets.mirror import row, ui
from tui.widgets.virtual_list import VirtualList, segments_line

UNREAD_MARK = "\u25cf"
STAR_MARK = "\u2605"
MUTED_MARK = "M"
"""A muted article shown for a moment (`M`)."""
TIME_WIDTH = 6
"""The time column in English ("05 Sep", "Sep'24"); see `time_width`."""
FEED_WIDTH = 14
COLLAPSED, EXPANDED, BRANCH, LAST_BRANCH = "\u25b8", "\u25be", "\u251c", "\u2514"
MIRRORED_TREE = {COLLAPSED: "\u25c2", BRANCH: "\u2524", LAST_BRANCH: "\u2518"}
"""The story tree's marks pointing the other way in a right-to-left row."""


class HeadlineList(VirtualList):
    COMPONENT_CLASSES = {
        "headline-list--cursor",
        "headline-list--cursor-blur",
        "headline-list--unread",
        "headline-list--read",
        "headline-list--meta",
        "headline-list--star",
        "headline-list--empty",
        "headline-list--sources",
    }
    BINDINGS = [
        Binding("enter", "select", "Open", show=True),
        Binding("space,pagedown", "screen.page_article(1)", "Page down", show=False),
        Binding("pageup", "screen.page_article(-1)", "Page up", show=False),
        Binding("right,l", "story(1)", "Expand story", show=False),
        Binding("left,h", "story(0)", "Collapse story", show=False),
    ]

    class Highlighted(Message):
        def __init__(self, article: Article | None) -> None:
            super().__init__()
            self.article = article

    class Opened(Message):
        def __init__(self, article: Article) -> None:
            super().__init__()
            self.article = article

    class StoryToggled(Message):
        """The reader wants the story at `index` expanded (True) or collapsed."""

        def __init__(self, index: int, expand: bool) -> None:
            super().__init__()
            self.index = index
            self.expand = expand

    def __init__(self, *, clock: Callable[[], datetime], id: str | None = None) -> None:
        super().__init__(id=id)
        self.source: HeadlineSource = Empty()
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

    def action_story(self, expand: int) -> None:
        if self.row_count and self.source.grouped:
            self.post_message(self.StoryToggled(self.cursor, bool(expand)))

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
                lines += layout(paragraph, max(1, width - 2), self.mode, isolates=True,
                                direction="rtl" if rtl() else None) or [""]
            cached = self._cache[key] = [" " + line for line in lines]  # type: ignore[assignment]
        return cached  # type: ignore[return-value]

    def render_row(self, index: int, width: int, selected: bool) -> Strip:
        article = self.source.get(index)
        if article is None:
            return Strip.blank(width, self.rich_style)
        focused = self.has_focus
        mark = self.source.mark(index) if self.source.grouped else None
        when = ui(age(article.published, self.clock()), self.mode)
        key = (article.id, article.read, article.starred, width, selected, focused, self.mode,
               when, self.source.grouped, mark)
        strip = self._cache.get(key)
        if strip is None:
            if len(self._cache) > 600:
                self._cache.clear()
            strip = self._cache[key] = self._row(article, width, selected, focused, when,
                                                 self.source.grouped, mark)
        return strip

    def _row(self, article: Article, width: int, selected: bool, focused: bool,
             when: str, grouped: bool = False, mark: StoryMark | None = None) -> Strip:
        def style(name: str) -> Style:
            return self.get_component_rich_style(name, partial=True)

        base = self.rich_style
        if selected:
            base = base + style("headline-list--cursor" if focused
                                else "headline-list--cursor-blur")
        text_style = style("headline-list--read" if article.read else "headline-list--unread")
        meta = style("headline-list--meta")
        feed_width = FEED_WIDTH if width >= 60 else 10
        tree = ""
        label = ""
        unread = not article.read
        if grouped:
            tree = "  "
            if mark is not None and mark.child:
                tree = (LAST_BRANCH if mark.last else BRANCH) + " "
            elif mark is not None:
                tree = (EXPANDED if mark.expanded else COLLAPSED) + " "
                label = mark.label
                unread = mark.unread > 0
                if unread and article.read:
                    text_style = style("headline-list--unread")
        title_width = width - (1 + 1 + 1 + 1 + len(tree) + time_width() + 1 + feed_width + 1)
        if label:
            title_width -= len(label) + 1
        direction = self.feed_dirs.get(article.feed_url)
        if rtl():  # mirrored: marks at the right edge, the time at the left
            tree = "".join(MIRRORED_TREE.get(c, c) for c in reversed(tree))
            label = ui(label, self.mode)
        parts: list[tuple[str, Style]] = [
            (UNREAD_MARK if unread else " ", text_style),
            (MUTED_MARK, meta) if article.id in self.source.muted else (" ", Style()),
            (STAR_MARK if article.starred else " ", style("headline-list--star")),
            (" ", Style()),
            (tree, meta),
            (age_cell(when), meta),
            (" ", Style()),
            (fit(article.feed_title, feed_width, self.mode, end=rtl()), meta),
            (" ", Style()),
            (fit(article.title or _("(no title)"), title_width, self.mode, direction,
                 end=rtl()), text_style),
        ]
        if label:
            parts += [(" ", Style()), (label, style("headline-list--sources"))]
        if rtl():  # read from the right: marks, title (+N sources), feed, time
            parts = row(parts[:5] + parts[9:] + parts[5:9][::-1])
        return segments_line(parts, width, base)


def age_cell(when: str) -> str:
    width = time_width()
    if rtl():
        return when.ljust(width)[:width]
    return when.rjust(width)[:width]


def time_width() -> int:
    """The time column: as wide as the longest date the interface's language writes
    (Arabic names months in full: "05 سبتمبر" is 9 cells, cut to 6 it lost its day)."""
    return _time_width(language())


@lru_cache(maxsize=4)
def _time_width(lang: str) -> int:
    dates = [datetime(2001, month, 28) for month in range(1, 13)]
    widest = max(cell_width(text) for when in dates
                 for text in (day_month(when), age(when, datetime(2003, 1, 1))))
    return max(TIME_WIDTH, widest)
