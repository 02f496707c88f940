"""The interactive reader: the Textual app, its store, its refresh worker.

`make_app()` is the one factory, used by `run_app()` (the CLI) and the tests.
The app owns the store connection of the UI thread and the background refresh
(which opens its own connection); screens and widgets get data from `Library`
and post messages.
"""

from __future__ import annotations

import asyncio
import os
import sys
import webbrowser
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from textual import work
from textual.app import App, SystemCommand
from textual.screen import Screen

from tui.messages import (
    CountsLoaded,
    RefreshFinished,
    RefreshProgress,
    RefreshStarted,
    SearchFinished,
)
from tui.models import Article, Config, RefreshSummary
from tui.screens.main import KEYS, MainScreen, View
from tui.store import Query, Store, StoreError
from tui.text.terminal import bidi_setting, resolve_mode
from tui.widgets.feed_list import FeedEntry
from tui.widgets.headline_list import StoryMark

Clock = Callable[[], datetime]
BIDI_CYCLE = ("auto", "on", "off")


def _now() -> datetime:
    return datetime.now(UTC)


class ArticlePager:
    """A view's articles a page at a time (LIMIT/OFFSET), a few pages cached."""

    PAGE = 100
    KEEP_PAGES = 16

    def __init__(self, store: Store, query: Query, ids: tuple[int, ...] | None = None,
                 flags: dict[int, tuple[bool, bool]] | None = None) -> None:
        self.store = store
        self.query = query
        self.ids = ids
        self.total = len(ids) if ids is not None else store.count(query)
        self.flags = flags if flags is not None else {}
        """Read/starred changed since the pages were read: id → (read, starred)."""
        self._pages: OrderedDict[int, list[Article]] = OrderedDict()

    def _page(self, number: int) -> list[Article]:
        page = self._pages.get(number)
        if page is not None:
            self._pages.move_to_end(number)
            return page
        start = number * self.PAGE
        if self.ids is not None:
            chunk = self.ids[start:start + self.PAGE]
            found = {a.id: a for a in self.store.articles(Query(ids=chunk))} if chunk else {}
            page = [found[i] for i in chunk if i in found]
        else:
            page = self.store.articles(self.query, limit=self.PAGE, offset=start)
        self._pages[number] = page
        while len(self._pages) > self.KEEP_PAGES:
            self._pages.popitem(last=False)
        return page

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

    grouped = False

    def forget_stats(self) -> None:
        pass

    def mark(self, index: int) -> StoryMark | None:
        return None

    def story_at(self, index: int) -> tuple[int, StoryMark] | None:
        return None

    def all_read(self) -> None:
        """Everything in the view was marked read: show it so without reading it again."""
        self.read_floor = True
        for article_id, (_, starred) in list(self.flags.items()):
            self.flags[article_id] = (True, starred)

    read_floor = False

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
                 flags: dict[int, tuple[bool, bool]] | None = None) -> None:
        self.store = store
        self.query = query
        if ids is not None:  # a search: its hits are in memory already, group them here
            stories = store.story_ids(ids)
            seen: set[int] = set()
            rows = []
            for i in ids:
                story = stories.get(i)
                if story is None or story not in seen:
                    rows.append(i)
                    if story is not None:
                        seen.add(story)
            self.ids = tuple(rows)
            self.top_total = len(self.ids)
        else:
            self.ids = None
            self.top_total = store.story_row_count(query)
        self.flags = flags if flags is not None else {}
        self._pages: OrderedDict[int, list[Article]] = OrderedDict()
        self._stats: dict[int, tuple[int, int, int]] = {}
        self._open: list[tuple[int, tuple[Article, ...]]] = []
        """Expanded stories: (top row, its other articles), by top row."""

    @property
    def total(self) -> int:  # type: ignore[override]
        return self.top_total + sum(len(kids) for _, kids in self._open)

    @total.setter
    def total(self, value: int) -> None:
        pass

    def _page(self, number: int) -> list[Article]:
        start = number * self.PAGE
        if number in self._pages or self.ids is not None:
            page = super()._page(number)
        else:
            page = self.store.story_rows(self.query, limit=self.PAGE, offset=start)
            self._pages[number] = page
            while len(self._pages) > self.KEEP_PAGES:
                self._pages.popitem(last=False)
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

    def expanded_at(self, index: int) -> bool:
        return self._locate(index)[0] in dict(self._open)

    def forget_stats(self) -> None:
        """Read flags changed: count the stories' unread articles again when drawn."""
        self._stats.clear()

    def _in_view(self, a: Article) -> bool:
        q = self.query
        return ((q.feed_urls is None or a.feed_url in q.feed_urls)
                and (q.since is None or a.published >= q.since)
                and (not q.unread or not a.read) and (not q.starred or a.starred))

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
            in_view = [a for a in self.store.story_members(story)
                       if self._in_view(a)] if story is not None else []
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


class Library:
    """What the screens read and change, through the UI thread's store connection."""

    def __init__(self, store: Store, config: Config) -> None:
        self.store = store
        self.config = config
        self.feed_dirs = {f.url: f.dir for f in config.feeds if f.dir}
        self.flags: dict[int, tuple[bool, bool]] = {}
        self.counts: dict[str, int] = {}
        self.starred_unread = 0

    def recount(self, store: Store | None = None) -> tuple[dict[str, int], int]:
        """Unread counts per feed and of starred articles (a full scan: run it off the UI
        thread with the worker's own `store` when the store is big)."""
        store = store or self.store
        return store.unread_counts(), store.count(Query(starred=True, unread=True))

    def set_counts(self, counts: dict[str, int], starred_unread: int) -> None:
        self.counts, self.starred_unread = dict(counts), starred_unread

    def feed_entries(self) -> list[FeedEntry]:
        """The feed list from the last counts, adjusted since by the reader's own changes."""
        states = {s.url: s for s in self.store.feeds()}
        counts = self.counts
        # "All" is the configured feeds: a feed removed from feeds.toml leaves the view
        # (its articles stay in the store; starred ones still show under Starred).
        configured = tuple(f.url for f in self.config.feeds)
        entries = [
            FeedEntry("all", "All", sum(counts.get(u, 0) for u in configured), "all",
                      configured),
            FeedEntry("starred", "Starred", self.starred_unread, "starred", None),
        ]
        tags: dict[str, list] = {}
        untagged = []
        for feed in self.config.feeds:
            for tag in feed.tags:
                tags.setdefault(tag, []).append(feed)
            if not feed.tags:
                untagged.append(feed)

        def entry(feed, key: str, indent: int) -> FeedEntry:
            state = states.get(feed.url)
            title = feed.title or (state.display_title if state else feed.url)
            return FeedEntry(key, title, counts.get(feed.url, 0), "feed", (feed.url,),
                             indent, state.last_error if state else None)

        for tag, feeds in tags.items():
            urls = tuple(f.url for f in feeds)
            entries.append(FeedEntry(f"tag:{tag}", tag, sum(counts.get(u, 0) for u in urls),
                                     "tag", urls))
            entries += [entry(f, f"feed:{tag}:{f.url}", 2) for f in feeds]
        entries += [entry(f, f"feed::{f.url}", 0) for f in untagged]
        return entries

    def query(self, view: View) -> Query:
        entry = view.entry
        return Query(feed_urls=entry.urls, unread=view.unread_only,
                     starred=entry.kind == "starred")

    def pager(self, view: View) -> ArticlePager:
        self.flags = {}
        kind = StoryPager if view.stories else ArticlePager
        self._pager = kind(self.store, self.query(view), view.search_ids, self.flags)
        return self._pager

    _pager: ArticlePager | None = None

    def _forget_stats(self) -> None:
        if self._pager is not None:
            self._pager.forget_stats()

    def other_sources(self, article: Article) -> list[Article]:
        """The story's other articles (the detail pane lists them), newest first."""
        if article.story_id is None:
            return []
        return [a for a in self.store.story_members(article.story_id) if a.id != article.id]

    def set_story_read(self, story_id: int, read: bool) -> int:
        """Mark every article of a story read (or unread); the list shows it at once."""
        n = self.store.mark_story_read(story_id, read)
        for a in self.store.story_members(story_id):
            self.flags[a.id] = (read, a.starred)
        self._forget_stats()
        return n

    def _flagged(self, article: Article, read: bool, starred: bool) -> Article:
        was_read, was_starred = article.read, article.starred
        if read != was_read:
            self.counts[article.feed_url] = max(
                0, self.counts.get(article.feed_url, 0) + (-1 if read else 1))
        if (was_starred and not was_read) != (starred and not read):
            self.starred_unread = max(0, self.starred_unread + (1 if starred and not read
                                                                 else -1))
        self.flags[article.id] = (read, starred)
        if read != was_read:
            self._forget_stats()
        return replace(article, read=read, starred=starred)

    def open(self, article: Article) -> Article:
        """The article as stored now, marked read."""
        fresh = self.store.article(article.id) or article
        if fresh.read:
            self.flags[fresh.id] = (True, fresh.starred)
            return fresh
        self.store.mark_read([fresh.id])
        return self._flagged(fresh, True, fresh.starred)

    def toggle_read(self, article: Article) -> Article:
        read = self.store.toggle_read(article.id)
        return self._flagged(article, read, article.starred)

    def toggle_star(self, article: Article) -> Article:
        starred = self.store.toggle_star(article.id)
        return self._flagged(article, article.read, starred)

    def mark_all_read(self, view: View) -> int:
        if view.stories:  # rows stand for whole stories: their other articles too
            query = self.query(view)
            if view.search_ids is not None:
                query = replace(query, ids=view.search_ids)
            n = self.store.mark_stories_read(query)
        elif view.search_ids is not None:
            ids = list(view.search_ids)
            self.store.mark_read(ids)
            n = len(ids)
        else:
            n = self.store.mark_all_read(self.query(view))
        if self._pager is not None:
            self._pager.all_read()
        self._forget_stats()
        return n

    def total(self) -> int:
        return self.store.count(Query())


class AkhbarApp(App):
    """akhbar's reader. Build it with `make_app()`."""

    CSS_PATH = "app.tcss"
    TITLE = "akhbar"

    def __init__(self, config: Config, store: Store, store_path: Path, *,
                 bidi: str | None = None, clock: Clock | None = None,
                 auto_mode: str = "on", refresh: bool = True) -> None:
        super().__init__()
        self.config = config
        self.store = store
        self.store_path = store_path
        self.clock: Clock = clock or _now
        self.library = Library(store, config)
        self.bidi_setting = bidi_setting(bidi, os.environ.get("AKHBAR_BIDI"),
                                         config.settings.bidi)
        self.auto_mode = auto_mode
        """What "auto" resolved to at start, on the real output stream."""
        self.refresh_at_start = refresh
        self.refreshing = False
        self.last_summary: RefreshSummary | None = None
        self.last_failure: str | None = None
        self._parse_pool = None
        """Processes that parse feeds, so parsing never holds this process's GIL."""
        self._refresh_loop: asyncio.AbstractEventLoop | None = None
        self._refresh_task: asyncio.Task | None = None

    @property
    def bidi_mode(self) -> str:
        return self.auto_mode if self.bidi_setting == "auto" else self.bidi_setting

    @property
    def main(self) -> MainScreen:
        return self.get_screen("main")  # type: ignore[return-value]

    # -- life cycle ------------------------------------------------------------

    def on_mount(self) -> None:
        saved = self.store.get_setting("theme")
        if saved and saved in self.available_themes:
            self.theme = saved
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self.install_screen(MainScreen(), "main")
        self.push_screen("main")
        if self.refresh_at_start:
            # Stored articles are on screen first; the network comes after.
            self.call_after_refresh(self.start_refresh)
            minutes = max(1, self.config.settings.refresh_minutes)
            self.set_interval(minutes * 60, self.start_refresh)
        self.set_interval(60, self._tick)
        if self.store.notice:  # the store was damaged and set aside: say so, and where
            self.notify(self.store.notice, severity="warning", timeout=30)
        self._bidi_hint_once()

    def _bidi_hint_once(self) -> None:
        """A terminal that reorders by itself gets logical text; tell once how to do better."""
        from tui.text.terminal import bidi_hint

        hint = bidi_hint() if self.bidi_setting == "auto" else None
        if hint and self.store.get_setting("bidi_hint_shown") != hint:
            self.notify(hint, timeout=20)
            self.store.put_setting("bidi_hint_shown", hint)

    def on_unmount(self) -> None:
        if self._parse_pool is not None:
            self._parse_pool.close()
        loop, task = self._refresh_loop, self._refresh_task
        if loop is not None and task is not None and not loop.is_closed():
            try:
                loop.call_soon_threadsafe(task.cancel)
            except RuntimeError:
                pass

    def _tick(self) -> None:
        self.main.headlines.redraw()  # relative times

    def on_app_focus(self) -> None:
        # Another process (a cron --digest --mark-read) may have changed flags.
        if self.screen is self.main:
            self.main.reload(keep=True)

    def _remember_theme(self, theme) -> None:
        try:
            self.store.put_setting("theme", theme.name)
        except StoreError:
            pass

    # -- refresh ---------------------------------------------------------------

    def start_refresh(self, force: bool = False) -> None:
        if self.refreshing:
            if force:
                self.notify("a refresh is already running")
            return
        if not self.config.feeds:
            self.notify(f"no feeds configured in {self.config.path}", markup=False)
            return
        self.refreshing = True
        self.main.post_message(RefreshStarted(len(self.config.feeds), force))
        self._refresh(force)

    @work(thread=True, exclusive=True, group="refresh", exit_on_error=False)
    def _refresh(self, force: bool) -> None:
        from tui.refresh import refresh_async  # aiohttp, parsers: after the first frame

        main = self.main
        summary: RefreshSummary | None = None
        failure: str | None = None

        def progress(p) -> None:
            main.post_message(RefreshProgress(p))

        async def run(store: Store) -> RefreshSummary:
            self._refresh_loop = asyncio.get_running_loop()
            self._refresh_task = asyncio.current_task()
            return await refresh_async(self.config, store, progress=progress, force=force,
                                       parser=self._parser(), index=True)

        try:
            store = Store(self.store_path)  # this thread's own connection
        except StoreError as e:
            failure = str(e)
        else:
            try:
                summary = asyncio.run(run(store))
            except asyncio.CancelledError:
                failure = "cancelled"
            except Exception as e:  # noqa: BLE001 - reported on the status line
                failure = f"{type(e).__name__}: {e}"
            finally:
                self._refresh_loop = self._refresh_task = None
                store.close()
        main.post_message(RefreshFinished(summary, failure))

    def _parser(self):
        """Processes that parse feeds (started when a body needs them, kept for the session)."""
        if self._parse_pool is None:
            from tui.parse_pool import ParsePool

            self._parse_pool = ParsePool()
        return self._parse_pool

    def refresh_done(self, summary: RefreshSummary | None, failure: str | None) -> None:
        self.refreshing = False
        self.last_summary, self.last_failure = summary, failure

    # -- unread counts (a full scan: off the UI thread) ---------------------------

    SYNC_COUNT_LIMIT = 20_000
    """Below this many articles the counts are taken at once (cheap, and deterministic)."""

    def start_recount(self) -> None:
        if self.store.count(Query()) < self.SYNC_COUNT_LIMIT:
            self.library.set_counts(*self.library.recount())
        else:
            self._recount()

    @work(thread=True, exclusive=True, group="counts", exit_on_error=False)
    def _recount(self) -> None:
        try:
            with Store(self.store_path) as store:
                counts, starred = self.library.recount(store)
        except Exception:  # noqa: BLE001 - the counts shown stay as they were
            return
        self.main.post_message(CountsLoaded(counts, starred))

    # -- search ----------------------------------------------------------------

    def start_search(self, text: str, view: View) -> None:
        self._search(text, self.library.query(view))

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _search(self, text: str, query: Query) -> None:
        from tui.search import search

        tags = {f.url: f.tags for f in self.config.feeds}
        try:
            with Store(self.store_path) as store:
                ids = [a.id for a in search(store, text, query, tags=tags)]
        except Exception as e:  # noqa: BLE001
            self.main.post_message(SearchFinished(text, None, str(e)))
            return
        self.main.post_message(SearchFinished(text, ids))

    # -- small actions -----------------------------------------------------------

    def open_link(self, link: str | None) -> None:
        if not link or urlsplit(link).scheme.lower() not in ("http", "https"):
            self.notify("only http and https links are opened", severity="warning")
            return
        self._open_in_browser(link)

    @work(thread=True, group="browser", exit_on_error=False)
    def _open_in_browser(self, link: str) -> None:
        webbrowser.open(link)

    def cycle_bidi(self) -> None:
        i = BIDI_CYCLE.index(self.bidi_setting)
        self.bidi_setting = BIDI_CYCLE[(i + 1) % len(BIDI_CYCLE)]
        self.main.apply_mode()
        extra = f" ({self.auto_mode})" if self.bidi_setting == "auto" else ""
        self.notify(f"bidi: {self.bidi_setting}{extra}")

    def empty_state(self, view: View) -> list[str]:
        """Plain words for an empty headline list."""
        if self.library.total() > 0:
            if view.search is not None:
                return [f"Nothing matches “{view.search}”. Press escape to clear the search."]
            if view.unread_only:
                return ["No unread articles here. Press u to show all."]
            return ["No articles here yet."]
        lines = ["No articles yet."]
        summary = self.last_summary
        if self.refreshing:
            lines.append(f"Fetching {len(self.config.feeds)} feeds…")
        elif self.last_failure:
            lines.append(f"The refresh failed: {self.last_failure}")
        elif summary is not None and summary.errors and len(summary.errors) >= summary.total:
            lines.append("None of your feeds could be fetched:")
            lines += [f"  {e.title}: {e.message}" for e in summary.errors]
            if all(e.message.startswith("could not connect") for e in summary.errors):
                lines.append("No connection worked at all: is this machine offline?")
            lines.append("Press R to try again.")
        elif not self.config.feeds:
            lines.append("No feeds are configured.")
        lines.append("Try `akhbar --demo` for sample feeds that work offline.")
        lines.append(f"Your feeds file: {_home_relative(self.config.path)}")
        return lines

    # -- command palette ---------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if not isinstance(screen, MainScreen):
            return
        for k in KEYS:
            if not k.action or k.action == "quit":
                continue
            action = k.action

            def run(action: str = action) -> None:
                self.call_later(self.main.run_action, action)

            yield SystemCommand(k.title, f"{k.help} [{k.keys}]", run)


def _home_relative(path: Path) -> str:
    """`~/.config/akhbar/feeds.toml` rather than the whole path, when it is under $HOME."""
    try:
        return "~/" + Path(path).resolve().relative_to(Path.home().resolve()).as_posix()
    except (ValueError, RuntimeError, OSError):
        return str(path)


def make_app(config: Config, store_path: Path, bidi: str | None = None,
             clock: Clock | None = None, *, refresh: bool = True,
             stream=None) -> AkhbarApp:
    """The app for this config and store. `bidi` (auto|on|off) overrides the config;
    auto is resolved once, here, on `stream` (default: the real stdout)."""
    store = Store(store_path)
    store.sync_feeds(config.feeds)
    auto_mode = resolve_mode("auto", stream if stream is not None else sys.__stdout__)
    return AkhbarApp(config, store, Path(store_path), bidi=bidi, clock=clock,
                     auto_mode=auto_mode, refresh=refresh)


def run_app(config: Config, store_path: Path | None = None, bidi: str | None = None) -> int:
    """Run the reader in this terminal; the exit code for the CLI."""
    from tui import paths
    from tui.text.terminal import explicit_bidi_mode

    app = make_app(config, store_path or paths.store_file(), bidi=bidi)
    try:
        mode = app.bidi_mode
        if mode == "on":
            with explicit_bidi_mode(sys.stdin, sys.stdout):
                app.run()
        else:
            app.run()
    finally:
        app.store.close()
    return app.return_code or 0
