"""The reader's view-model (no Textual): the feed list with its unread counts,
the pager of the view shown, and the reader's own changes (read, starred),
through the UI thread's store connection."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

from tui.i18n import _, ngettext, num, rtl, translated
from tui.models import Article, Config, RefreshSummary, SavedSearch
from tui.pager import ArticlePager, StoryPager
from tui.saved import mute_queries, search_query
from tui.store import Query, Store
from tui.text.bidi import isolate
from tui.views import FeedEntry, View


class Library:
    """What the screens read and change, through the UI thread's store connection."""

    def __init__(self, store: Store, config: Config) -> None:
        self.store = store
        self.config = config
        self.feed_dirs = {f.url: f.dir for f in config.feeds if f.dir}
        self.flags: dict[int, tuple[bool, bool]] = {}
        self.counts: dict[str, int] = {}
        self.starred_unread = 0
        self._pager: ArticlePager | None = None
        """The pager of the view shown: it hears of the reader's changes."""
        self.search_totals: dict[str, int] = {}
        """Articles of each saved search at the last recount (set by it, off the UI
        thread): opening a search's view then needs no count of its own, which over
        100,000 articles is most of the time a broad search takes."""
        store.mute = mute_queries(store, config)

    def recount(self, store: Store | None = None) -> tuple[dict[str, int], int]:
        """Unread counts per feed and of starred articles (a full scan: run it off the UI
        thread with the worker's own `store` when the store is big)."""
        own = store is not None and store is not self.store
        store = store or self.store
        if own:  # the worker's connection: the same mute list, and a current index
            store.mute = self.store.mute
            if store.mute or self.config.searches:
                store.index_pending()
        counts = store.unread_counts()
        totals = {}
        for saved in self.config.searches:
            key = _search_key(saved)
            totals[key], counts[key] = store.count_with_unread(
                search_query(store, self.config, saved))
        self.search_totals = totals
        return counts, store.count(Query(starred=True, unread=True))

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
            FeedEntry("all", _("All"), sum(counts.get(u, 0) for u in configured), "all",
                      configured),
            FeedEntry("starred", _("Starred"), self.starred_unread, "starred", None),
        ]
        tags: dict[str, list] = {}
        untagged = []
        for feed in self.config.feeds:
            for tag in feed.tags:
                tags.setdefault(tag, []).append(feed)
            if not feed.tags:
                untagged.append(feed)

        titles = _distinct_titles({
            f.url: f.title or (states[f.url].display_title if f.url in states else f.url)
            for f in self.config.feeds})

        def entry(feed, key: str, indent: int) -> FeedEntry:
            state = states.get(feed.url)
            return FeedEntry(key, titles[feed.url], counts.get(feed.url, 0), "feed",
                             (feed.url,), indent, state.last_error if state else None)

        for tag, feeds in tags.items():
            urls = tuple(f.url for f in feeds)
            entries.append(FeedEntry(f"tag:{tag}", tag, sum(counts.get(u, 0) for u in urls),
                                     "tag", urls))
            entries += [entry(f, f"feed:{tag}:{f.url}", 2) for f in feeds]
        entries += [entry(f, f"feed::{f.url}", 0) for f in untagged]
        entries += [FeedEntry(_search_key(s), s.name, counts.get(_search_key(s), 0), "search",
                              configured) for s in self.config.searches]
        return entries

    def query(self, view: View) -> Query:
        """What the view shows, muted articles left out (unless it shows them, `M`): a
        query another connection runs the same."""
        entry = view.entry
        query = Query(feed_urls=entry.urls, unread=view.unread_only,
                      starred=entry.kind == "starred", with_muted=view.show_muted)
        saved = self._saved(entry)
        if saved is not None:
            query = search_query(self.store, self.config, saved, query)
        return self.store.visible(query)

    def _saved(self, entry: FeedEntry) -> SavedSearch | None:
        if entry.kind != "search":
            return None
        return next((s for s in self.config.searches if _search_key(s) == entry.key), None)

    def _recount_searches(self, article: Article, delta: int) -> None:
        """The saved searches `article` is in count one unread more (or fewer)."""
        for saved in self.config.searches:
            q = replace(search_query(self.store, self.config, saved), ids=(article.id,))
            if self.store.count(q):
                key = _search_key(saved)
                self.counts[key] = max(0, self.counts.get(key, 0) + delta)

    def unread_total(self, view: View) -> int:
        """Unread rows of `view` as stored now (by story: stories with an unread article)."""
        query = replace(self.query(view), unread=True, ids=view.search_ids)
        return self.store.story_row_count(query) if view.stories else self.store.count(query)

    def pager(self, view: View) -> ArticlePager:
        self.flags = {}
        if view.stories:
            self._pager = StoryPager(self.store, self.query(view), view.search_ids, self.flags,
                                     show_muted=view.show_muted)
        else:
            plain = not (view.unread_only or view.show_muted or view.search_ids is not None)
            total = self.search_totals.get(view.entry.key) if plain else None
            self._pager = ArticlePager(self.store, self.query(view), view.search_ids,
                                       self.flags, show_muted=view.show_muted, total=total)
        return self._pager

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
            self._recount_searches(article, -1 if read else 1)
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

    def in_config_order(self, summary: RefreshSummary) -> RefreshSummary:
        """`summary` with its errors in feeds.toml's order, not the order feeds finished."""
        order = {f.url: i for i, f in enumerate(self.config.feeds)}
        return replace(summary, errors=sorted(summary.errors,
                                              key=lambda e: order.get(e.url, len(order))))

    def empty_lines(self, view: View, refreshing: bool, summary: RefreshSummary | None,
                    failure: str | None) -> list[str]:
        """Plain words for an empty headline list, given how the refresh is going."""
        if self.store.count(Query(with_muted=True)) > 0:  # no mute checks: a quick count
            if view.search is not None:
                return [_("Nothing matches “{query}”. Press escape to clear the search.")
                        .format(query=isolate(view.search))]
            if view.unread_only:
                return [_("No unread articles here. Press u to show all.")]
            return [_("No articles here yet.")]
        lines = [_("No articles yet.")]
        if refreshing:
            n = len(self.config.feeds)
            lines.append(ngettext("Fetching {n} feed…", "Fetching {n} feeds…", n).format(n=num(n)))
        elif failure:
            lines.append(_("The refresh failed: {error}").format(error=failure))
        elif summary is not None and summary.errors and len(summary.errors) >= summary.total:
            lines.append(_("None of your feeds could be fetched:"))
            order = {f.url: i for i, f in enumerate(self.config.feeds)}
            errors = sorted(summary.errors, key=lambda e: order.get(e.url, len(order)))
            lines += [f"  {isolate(e.title)}: {translated(e.message)}" for e in errors]
            if all(e.message.startswith("could not connect") for e in errors):
                lines.append(_("No connection worked at all: is this machine offline?"))
            lines.append(_("Press R to try again."))
        elif not self.config.feeds:
            lines.append(_("No feeds are configured."))
        lines.append(_("Try `akhbar --demo` for sample feeds that work offline."))
        path = _home_relative(self.config.path)  # a path reads left to right, even in Arabic
        lines.append(_("Your feeds file: {path}").format(path=isolate(path) if rtl() else path))
        return lines


def _distinct_titles(titles: dict[str, str]) -> dict[str, str]:
    """Feed titles by URL; two feeds with the same title get their host after it (their
    path when the host is the same too), so the list tells them apart."""
    by_title: dict[str, list[str]] = {}
    for url, title in titles.items():
        by_title.setdefault(" ".join(title.split()).casefold(), []).append(url)
    out = dict(titles)
    for urls in by_title.values():
        if len(urls) < 2:
            continue
        hosts = [urlsplit(u).hostname or u for u in urls]
        same_host = len(set(hosts)) < len(hosts)
        for url, host in zip(urls, hosts, strict=True):
            parts = urlsplit(url)
            where = f"{host}{parts.path}" if same_host else host
            out[url] = f"{titles[url]} · {where}"
    return out


def _search_key(saved: SavedSearch) -> str:
    """The feed list's key of a saved search (and of its count: no URL looks like it)."""
    return f"search:{saved.name}"


def _home_relative(path: Path) -> str:
    """`~/.config/akhbar/feeds.toml` rather than the whole path, when it is under $HOME."""
    try:
        return "~/" + Path(path).resolve().relative_to(Path.home().resolve()).as_posix()
    except (ValueError, RuntimeError, OSError):
        return str(path)

