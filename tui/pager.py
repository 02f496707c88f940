"""A view's headlines over the store, a page at a time (no Textual).

`ArticlePager` lists a view's articles; `StoryPager` lists its stories, a
story's other articles shown under it while it is expanded. The headline list
draws from either through `HeadlineSource`, and the main screen steers them
through the same protocol.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import replace
from datetime import timedelta
from typing import Protocol

from tui.models import Article
from tui.store import Query, Store
from tui.views import StoryMark


class HeadlineSource(Protocol):
    """Display rows over a view: what the headline list draws and the screen steers."""

    @property
    def total(self) -> int:
        """Display rows: with the articles of the stories expanded."""

    @property
    def top_total(self) -> int:
        """Rows the status line counts: articles, or stories when grouped."""

    @property
    def grouped(self) -> bool:
        """One row per story."""

    @property
    def muted(self) -> set[int]:
        """Ids of rows shown although the mute list hides them (`M`)."""

    def get(self, index: int) -> Article | None: ...

    def mark(self, index: int) -> StoryMark | None:
        """Where row `index` sits in its story (None when not grouped)."""

    def story_at(self, index: int) -> tuple[int, StoryMark] | None:
        """The story of a story row (with two articles or more) and its mark."""

    def expand(self, index: int) -> int | None:
        """Show the story's other articles; the display row of its story row."""

    def collapse(self, index: int) -> int | None:
        """Hide the story's other articles; the display row of its story row."""

    def index_of(self, article: Article) -> int | None:
        """Where `article` is now in this view (None: no longer in it)."""


class Ungrouped:
    """Rows that are articles, not stories: the story questions have no answer."""

    grouped = False
    muted: set[int] = set()
    """Ids of rows shown although muted (`M`): the list marks them."""

    def mark(self, index: int) -> StoryMark | None:
        return None

    def story_at(self, index: int) -> tuple[int, StoryMark] | None:
        return None

    def expand(self, index: int) -> int | None:
        return None

    def collapse(self, index: int) -> int | None:
        return None

    def forget_stats(self) -> None:
        """Read flags changed (a story pager counts its stories' unread again)."""


class Empty(Ungrouped):
    """No rows: the headline list before its first view."""

    total = top_total = 0

    def get(self, index: int) -> Article | None:
        return None

    def index_of(self, article: Article) -> int | None:
        return None


class ArticlePager(Ungrouped):
    """A view's articles a page at a time (LIMIT/OFFSET), a few pages cached."""

    PAGE = 100
    KEEP_PAGES = 16

    def __init__(self, store: Store, query: Query, ids: tuple[int, ...] | None = None,
                 flags: dict[int, tuple[bool, bool]] | None = None, *,
                 show_muted: bool = False, total: int | None = None) -> None:
        """`total`: the query's article count when it is known already (a saved
        search's, from the last recount); else it is counted here."""
        self.store = store
        self.muted: set[int] = set()
        """Rows the mute list hides, found a page at a time (only when `show_muted`)."""
        self.show_muted = show_muted
        self.query = query
        self.ids = ids
        """A search's hits, in order (None: the view's articles, newest first)."""
        self.flags = flags if flags is not None else {}
        """Read/starred changed since the pages were read: id → (read, starred)."""
        self.read_floor = False
        """Everything in the view was marked read since the pages were read."""
        self._pages: OrderedDict[int, list[Article]] = OrderedDict()
        if total is None:
            total = len(ids) if ids is not None else self._count()
        self.top_total = total

    def _count(self) -> int:
        return self.store.count(self.query)

    @property
    def total(self) -> int:
        return self.top_total

    def _page(self, number: int) -> list[Article]:
        page = self._pages.get(number)
        if page is not None:
            self._pages.move_to_end(number)
            return page
        page = self._pages[number] = self._read(number * self.PAGE)
        if self.show_muted:
            self.muted |= self.store.muted_among(a.id for a in page)
        while len(self._pages) > self.KEEP_PAGES:
            self._pages.popitem(last=False)
        return page

    def _read(self, start: int) -> list[Article]:
        if self.ids is None:
            return self.store.articles(self.query, limit=self.PAGE, offset=start)
        chunk = self.ids[start:start + self.PAGE]
        found = {a.id: a for a in self.store.articles(Query(ids=chunk))} if chunk else {}
        return [found[i] for i in chunk if i in found]

    def get(self, index: int) -> Article | None:
        if not 0 <= index < self.total:
            return None
        page = self._page(index // self.PAGE)
        offset = index % self.PAGE
        if offset >= len(page):
            return None
        return self._flagged(page[offset])

    def index_of(self, article: Article) -> int | None:
        """Where `article` is now in this view (after new articles came in above it)."""
        if self.ids is not None:
            try:
                return self.ids.index(article.id)
            except ValueError:
                return None
        newer = self.store.count(replace(self.query,
                                         since=article.published + timedelta(seconds=1)))
        for index in range(newer, min(self.total, newer + 2 * self.PAGE)):
            found = self.get(index)
            if found is not None and found.id == article.id:
                return index
        return None

    def all_read(self) -> None:
        """Everything in the view was marked read: show it so without reading it again."""
        self.read_floor = True
        for article_id, (_, starred) in list(self.flags.items()):
            self.flags[article_id] = (True, starred)

    def _flagged(self, article: Article) -> Article:
        flags = self.flags.get(article.id)
        if flags is None and self.read_floor:
            flags = (True, article.starred)
        if flags is not None and flags != (article.read, article.starred):
            article = replace(article, read=flags[0], starred=flags[1])
        return article


class StoryPager(ArticlePager):
    """The view grouped by story (`g`): one row per story, a story's other articles
    shown under it while it is expanded.

    Top rows come a page at a time from `Store.story_rows` (each story at its newest
    article in the view), so 100,000 articles cost what the flat list costs; a
    story's siblings (`Store.story_members`: every feed that told it, in the view
    or not) are read when it is expanded.
    """

    grouped = True

    def __init__(self, store: Store, query: Query, ids: tuple[int, ...] | None = None,
                 flags: dict[int, tuple[bool, bool]] | None = None, *,
                 show_muted: bool = False) -> None:
        if ids is not None:  # a search: its hits are in memory already, group them here
            ids = _story_heads(store, ids)
        super().__init__(store, query, ids, flags, show_muted=show_muted)
        self._stats: dict[int, tuple[int, int, int]] = {}
        self._open: list[tuple[int, tuple[Article, ...]]] = []
        """Expanded stories: (top row, its other articles), by top row."""

    def _count(self) -> int:
        return self.store.story_row_count(self.query)

    @property
    def total(self) -> int:
        return self.top_total + sum(len(kids) for _, kids in self._open)

    def _read(self, start: int) -> list[Article]:
        if self.ids is not None:
            return super()._read(start)
        return self.store.story_rows(self.query, limit=self.PAGE, offset=start)

    def _page(self, number: int) -> list[Article]:
        page = super()._page(number)
        missing = [a.story_id for a in page if a.story_id is not None
                   and a.story_id not in self._stats]
        if missing:
            self._stats.update(self.store.story_stats(missing))
        return page

    def _locate(self, index: int) -> tuple[int, int | None]:
        """(top row, sibling number or None for the story row itself) of a display row."""
        shift = 0
        for top, kids in self._open:
            at = top + shift
            if index <= at:
                break
            if index <= at + len(kids):
                return top, index - at - 1
            shift += len(kids)
        return index - shift, None

    def _display(self, top: int) -> int:
        return top + sum(len(kids) for t, kids in self._open if t < top)

    def _top(self, top: int) -> Article | None:
        if not 0 <= top < self.top_total:
            return None
        page = self._page(top // self.PAGE)
        offset = top % self.PAGE
        return page[offset] if offset < len(page) else None

    def get(self, index: int) -> Article | None:
        if not 0 <= index < self.total:
            return None
        top, kid = self._locate(index)
        if kid is None:
            article = self._top(top)
        else:
            article = dict(self._open)[top][kid]
        return self._flagged(article) if article is not None else None

    def mark(self, index: int) -> StoryMark | None:
        top, kid = self._locate(index)
        kids = dict(self._open).get(top)
        if kid is not None and kids is not None:
            return StoryMark(child=True, last=kid == len(kids) - 1)
        article = self._top(top)
        if article is None or article.story_id is None:
            return None
        members, feeds, unread = self._stats.get(article.story_id, (1, 1, 0))
        if members < 2:
            return None
        if self.read_floor:
            unread = 0
        return StoryMark(members=members, others=feeds - 1, unread=unread,
                         expanded=kids is not None)

    def story_at(self, index: int) -> tuple[int, StoryMark] | None:
        """The story of a story row (with two articles or more) and its mark."""
        top, kid = self._locate(index)
        article = self._top(top)
        if article is None or article.story_id is None:
            return None
        mark = self.mark(self._display(top))
        return (article.story_id, mark) if mark is not None else None

    def expand(self, index: int) -> int | None:
        """Show the siblings of the story at `index`; the display row of its story row."""
        top, _ = self._locate(index)
        if top in dict(self._open):
            return self._display(top)
        article = self._top(top)
        if article is None or article.story_id is None:
            return None
        kids = tuple(a for a in self.store.story_members(article.story_id) if a.id != article.id)
        if not kids:
            return None
        self._open.append((top, kids))
        self._open.sort(key=lambda item: item[0])
        return self._display(top)

    def collapse(self, index: int) -> int | None:
        """Hide the siblings of the story `index` is in; the display row of its story row."""
        top, _ = self._locate(index)
        if top not in dict(self._open):
            return None
        at = self._display(top)
        self._open = [(t, kids) for t, kids in self._open if t != top]
        return at

    def forget_stats(self) -> None:
        """Read flags changed: count the stories' unread articles again when drawn."""
        self._stats.clear()

    def index_of(self, article: Article) -> int | None:
        """The display row of `article`: its story row, or its row under the story
        (which is then expanded) when it is not the story's newest in the view."""
        if self.ids is not None:
            stories = self.store.story_ids([article.id])
            story = stories.get(article.id)
            members = {article.id}
            if story is not None:
                members |= {a.id for a in self.store.story_members(story)}
            top = next((n for n, i in enumerate(self.ids) if i in members), None)
        else:
            story = article.story_id
            if story is None:
                story = self.store.story_ids([article.id]).get(article.id)
            members = self.store.story_members(story) if story is not None else []
            in_view = self.store.articles(replace(
                self.query, ids=tuple(a.id for a in members))) if members else []
            newest = in_view[0] if in_view else article
            rows_newer = self.store.story_row_count(
                replace(self.query, since=newest.published + timedelta(seconds=1)))
            top = None
            for n in range(rows_newer, min(self.top_total, rows_newer + 2 * self.PAGE)):
                found = self._top(n)
                if found is not None and (found.id == article.id or (
                        story is not None and found.story_id == story)):
                    top = n
                    break
        if top is None:
            return None
        found = self._top(top)
        at = self._display(top)
        if found is None or found.id == article.id:
            return at
        at = self.expand(at) or at
        kids = dict(self._open).get(top, ())
        for n, kid in enumerate(kids):
            if kid.id == article.id:
                return at + 1 + n
        return at


def _story_heads(store: Store, ids: tuple[int, ...]) -> tuple[int, ...]:
    """Search hits, one a story: each story at its first hit; hits in no story all stay."""
    stories = store.story_ids(ids)
    seen: set[int] = set()
    rows = []
    for i in ids:
        story = stories.get(i)
        if story is None or story not in seen:
            rows.append(i)
            if story is not None:
                seen.add(story)
    return tuple(rows)
