"""Stories: articles from different feeds that report the same event (SPEC §5).

The package in three rooms: `features` (an article's text → what is compared),
`cluster` (the store-free placing of new articles into stories: read its
docstring for the algorithm and why) and, here, `assign`, which runs it over the
store. Presenting stories (the digest's and the app's groups) is `tui.output`'s.

Incremental: `assign()` compares new articles with the already-assigned
articles in their window (read back from the store with the text they were
compared by) and never re-clusters what is stored.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import chain

from tui.models import Article
from tui.store import Query, Store
from tui.stories.cluster import THRESHOLD, WINDOW, alone, cluster, no_gc_pauses
from tui.stories.features import story_text

__all__ = [
    "assign", "assign_pending", "with_stories", "feed_ranks", "cluster", "story_text", "WINDOW",
    "THRESHOLD",
]


def assign(store: Store, article_ids: Iterable[int] | None = None,
           feeds: Sequence[str] = ()) -> int:
    """Give stories to articles that have none (all of them, or those of `article_ids`).

    New articles join existing stories or start new ones; what is stored is
    never re-clustered. Returns how many articles were assigned. Articles are
    placed in time order; those of one time in the order of `feeds` (the
    configured feed URLs), then of each feed's items: never in the order feeds
    happened to be fetched in (article ids), which would change the stories.
    """
    with no_gc_pauses():  # rows and texts are many small objects, and hold no cycles
        return _assign(store, article_ids, feeds)


def _assign(store: Store, article_ids: Iterable[int] | None, feeds: Sequence[str]) -> int:
    wanted = set(article_ids) if article_ids is not None else None
    rows = [r for r in store.unassigned_articles() if wanted is None or r["id"] in wanted]
    if not rows:
        return 0
    start = min(r["published"] for r in rows) - WINDOW
    end = max(r["published"] for r in rows) + WINDOW
    window = store.story_window(start, end)
    rank = feed_ranks({f.id: f.url for f in store.feeds()}, feeds)
    rows.sort(key=lambda r: (r["published"], rank[r["feed_id"]], r["id"]))
    window.sort(key=lambda r: (r["published"], rank[r["feed_id"]], r["id"]))
    # An article with no other feed's article near it is a story of its own: its text
    # is not worked out now (one feed of 200,000 items), but when another feed's
    # article comes near it (`story_window` gives what it needs then).
    lonely = alone([r["feed_id"] for r in chain(window, rows)],
                   [r["published"] for r in chain(window, rows)])
    texts = {r["id"]: story_text(r["title"], r["summary"], r["content"])
             for r, lone in zip(rows, lonely[len(window):], strict=True) if not lone}
    existing = [(r["id"], r["feed_id"], r["published"], r["story_id"],
                 r["story_text"] if r["story_text"] is not None
                 else story_text(r["title"], r["summary"], r["content"]))
                for r, lone in zip(window, lonely, strict=False) if not lone]
    stories = cluster(((r["id"], r["feed_id"], r["published"], texts[r["id"]])
                       for r in rows if r["id"] in texts), existing)
    fresh = -len(stories) - 1
    saved = [(aid, story, texts[aid]) for aid, story in stories.items()]
    for r in rows:
        if r["id"] not in texts:
            saved.append((r["id"], fresh, None))
            fresh -= 1
    return store.save_stories(saved)


def feed_ranks(urls: dict, feeds: Sequence[str]) -> dict:
    """Of each key of `urls` (key → feed URL), its feed's rank: the order of `feeds`
    (the configuration's), then by URL for feeds not in it."""
    position = {url: n for n, url in enumerate(feeds)}
    order = sorted(urls, key=lambda k: (position.get(urls[k], len(position)), urls[k]))
    return {k: n for n, k in enumerate(order)}


def assign_pending(store: Store, feeds: Sequence[str] = ()) -> int:
    """Assign every article still without a story (after a refresh, a migration);
    `feeds` as for `assign`."""
    return assign(store, feeds=feeds)


def with_stories(store: Store, articles: Sequence[Article],
                 feeds: Sequence[str] = ()) -> list[Article]:
    """`articles` with their story ids, after assigning those that had none."""
    if not assign_pending(store, feeds):
        return list(articles)
    fresh = {a.id: a for a in store.articles(Query(ids=tuple(a.id for a in articles)))}
    return [fresh.get(a.id, a) for a in articles]
