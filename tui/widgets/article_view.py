"""The detail pane: title, feed, author, time, link, the story's other sources,
the cleaned body, its links.

The view does its own wrapping (the text engine's `layout`) at its current
width and draws the lines through the line API, so Textual never re-wraps or
reinterprets shaped text, and feed text is never read as markup. The layout
is redone when the width, the bidi mode or the article changes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from rich.segment import Segment
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.dates import stamp
from tui.i18n import _, ngettext, num, rtl, translated
from tui.models import Article
from tui.text.bidi import isolate, layout
from tui.widgets.cells import age, ago
from tui.widgets.mirror import LeftScrollbar, align

RULE = "\u2500"
BULLET = "\u2022 "


class ArticleView(LeftScrollbar, ScrollView, can_focus=True):
    COMPONENT_CLASSES = {
        "article-view--title",
        "article-view--meta",
        "article-view--link",
        "article-view--heading",
        "article-view--quote",
        "article-view--trailer",
        "article-view--rule",
        "article-view--empty",
        "article-view--sources",
    }
    BINDINGS = [
        Binding("j", "step(1)", "Next article", show=False),
        Binding("k", "step(-1)", "Previous article", show=False),
        Binding("down", "scroll_down", show=False),
        Binding("up", "scroll_up", show=False),
        Binding("space,pagedown", "page(1)", "Page down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
    ]

    class Step(Message):
        """The reader wants the next (+1) or previous (-1) article."""

        def __init__(self, step: int) -> None:
            super().__init__()
            self.step = step

    def __init__(self, *, clock: Callable[[], datetime], id: str | None = None) -> None:
        super().__init__(id=id)
        self.clock = clock
        self.article: Article | None = None
        self.sources: tuple[Article, ...] = ()
        """The other articles of its story (other feeds that told it), newest first."""
        self.mode = "on"
        self.harakat = "drop"
        self.direction: str | None = None
        self.full = True
        """Show the full article when one is stored (`f` toggles to the feed's text)."""
        self.placeholder = _("Select a headline and press enter to read it.")
        self._lines: list[tuple[str, str]] = []
        self._laid_out: tuple | None = None

    # -- given data ------------------------------------------------------------

    def show(self, article: Article | None, direction: str | None = None,
             sources: tuple[Article, ...] | list[Article] = ()) -> None:
        same = article is not None and self.article is not None and article.id == self.article.id
        self.article = article
        self.sources = tuple(sources)
        self.direction = direction
        if not same:
            self.full = True
        self._laid_out = None
        self._relayout()
        if not same:
            self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()

    def show_full(self, full: bool) -> None:
        """The full article (True) or the feed's text (False) of the article shown."""
        self.full = full
        self._laid_out = None
        self._relayout()
        self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()

    @property
    def showing_full(self) -> bool:
        return self.full and self.article is not None and bool(self.article.full_text)

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        self._laid_out = None
        self._relayout()
        self.refresh()

    @property
    def lines(self) -> list[str]:
        """The text of every laid-out line, as drawn (for tests and copy)."""
        self._relayout()
        return [text for text, _ in self._lines]

    # -- layout ----------------------------------------------------------------

    def _width(self) -> int:
        return max(10, self.scrollable_content_region.width)

    def _relayout(self) -> None:
        width = self._width()
        key = (width, self.mode, self.harakat, self.article and self.article.id,
               self.article and (self.article.title, len(self.article.content),
                                 len(self.article.full_text), self.article.full_text_error),
               self.full,
               tuple(a.id for a in self.sources))
        if key == self._laid_out:
            return
        self._laid_out = key
        self._lines = self._build(width)
        self.virtual_size = Size(width, len(self._lines))

    def _para(self, out: list, text: str, width: int, style: str,
              direction: str | None = None, prefix: str = "", isolates: bool = False) -> None:
        for line in layout(prefix + text, width, self.mode, self.harakat,
                           direction or self.direction, isolates=isolates):
            out.append((line, style))

    def _build(self, width: int) -> list[tuple[str, str]]:
        a = self.article
        out: list[tuple[str, str]] = []
        if a is None:
            self._para(out, self.placeholder, width, "article-view--empty")
            return out
        self._para(out, a.title or _("(no title)"), width, "article-view--title")
        ui_dir = "rtl" if rtl() else None  # an Arabic interface: metadata on the right
        meta = a.feed_title + (f" \u00b7 {a.author}" if a.author else "")
        self._para(out, meta, width, "article-view--meta", direction=ui_dir)
        when = f"{stamp(a.published)} ({ago(a.published, self.clock())})"
        if ui_dir:
            self._para(out, when, width, "article-view--meta", direction=ui_dir)
        else:
            out.append((when, "article-view--meta"))
        if a.link:
            for line in layout(a.link, width, self.mode, self.harakat, "ltr"):
                out.append((align(line, width) if ui_dir else line, "article-view--link"))
        if a.full_text:
            self._para(out, _("Full article from the web page (f: the feed's text)")
                       if self.full else _("The feed's text (f: the full article)"),
                       width, "article-view--meta", direction=ui_dir or "ltr")
        elif a.full_text_error:
            error = translated(a.full_text_error)  # stored in English
            error = isolate(error) if ui_dir else error
            self._para(out, _("The feed's text (the full article failed: {error})").format(
                error=error), width, "article-view--meta", direction=ui_dir or "ltr",
                isolates=bool(ui_dir))
        if self.sources:
            out.append(("", ""))
            n = len(self.sources)
            also = ngettext("Also reported by {n} other source:",
                            "Also reported by {n} other sources:", n).format(n=num(n))
            if ui_dir:
                self._para(out, also, width, "article-view--sources", direction=ui_dir)
            else:
                out.append((also, "article-view--sources"))
            now = self.clock()
            for other in self.sources:
                self._para(out, f"{other.feed_title} \u00b7 {age(other.published, now)} "
                           f"\u00b7 {other.title or _('(no title)')}", width, "",
                           prefix=BULLET)
        out.append(("", ""))
        from tui.text.html import html_to_blocks  # lxml: only once an article is opened

        body = html_to_blocks(a.body_html if self.full else (a.content or a.summary),
                              a.link or None)
        in_trailer = False
        for block in body.blocks:
            if block.trailer and not in_trailer:
                in_trailer = True
                out.append((RULE * width, "article-view--rule"))
            style = "article-view--trailer" if in_trailer else {
                "h": "article-view--heading", "quote": "article-view--quote",
            }.get(block.kind, "")
            if block.kind == "pre":
                for raw in block.text.split("\n"):
                    self._para(out, raw, width, style)
            else:
                self._para(out, block.text, width, style,
                           prefix=BULLET if block.kind == "li" else "")
            out.append(("", ""))
        if body.links:
            out.append((RULE * width, "article-view--rule"))
            for n, url in enumerate(body.links, 1):
                self._para(out, f"[{n}] {url}", width, "article-view--link", direction="ltr")
        while out and not out[-1][0]:
            out.pop()
        return out

    # -- actions ---------------------------------------------------------------

    def action_step(self, step: int) -> None:
        self.post_message(self.Step(step))

    def action_page(self, direction: int) -> None:
        height = max(1, self.scrollable_content_region.height - 1)
        self.scroll_to(y=self.scroll_offset.y + direction * height, animate=False)

    def on_resize(self, event: events.Resize) -> None:
        self._relayout()
        self.refresh()

    # -- drawing ---------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        self._relayout()
        width = self.scrollable_content_region.width
        index = int(self.scroll_offset.y) + y
        base = self.rich_style
        if index >= len(self._lines):
            return Strip.blank(width, base)
        text, style_name = self._lines[index]
        style = base + self.get_component_rich_style(style_name, partial=True) \
            if style_name else base
        return Strip([Segment(text, style)]).adjust_cell_length(width, base)
