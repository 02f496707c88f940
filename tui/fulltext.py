"""Full articles for stored articles (SPEC §9): which pages to fetch, fetching them
under the feeds' rules, keeping what they gave.

A page is fetched once: what it gave (the article, or why there is none) is
stored with `full_text_at`, and a refresh never asks for it again. Only the
reader's explicit request (`f` in the app, `--article ID --full`) tries again a
page that failed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui.models import Article, Settings
from tui.parse_pool import PAGE as PAGE_FAILURES
from tui.parse_pool import ParsePool
from tui.store import Store

PAGES_PER_FEED = 50
"""At most this many pages of one feed are fetched in one refresh, newest first."""


@dataclass(frozen=True)
class PagesDone:
    """What fetching one feed's pages gave."""

    fetched: int = 0
    """Pages that gave an article."""
    failed: int = 0
    """Pages that could not be fetched or held no article."""
    first_error: str | None = None


async def fetch_feed_pages(store: Store, feed_url: str, fetcher, pool: ParsePool | None = None,
                           limit: int = PAGES_PER_FEED) -> PagesDone:
    """Fetch and keep the full text of the feed's newest articles never fetched.

    `fetcher` is the refresh's (tui.fetch.Fetcher): the pages download at once,
    under its bounds per host and in total, as feeds do. Each page is decoded and
    extracted in `pool`'s worker processes (in this thread without one); the
    feed's pages are written together, in one transaction. Cancelling leaves the
    pages not yet stored for the next refresh.
    """
    from tui.article.page import download_page, page_job, warm

    pending = store.pending_full_text(feed_url, limit)
    if not pending:
        return PagesDone()
    if pool is not None:
        pool.warm(warm)  # while the first pages download

    async def one(article_id: int, link: str) -> tuple[int, str, str | None]:
        got = await download_page(fetcher, link)
        if got.body is None:
            return article_id, "", got.error
        job = (got.body, got.content_type, link)
        read = page_job(*job) if pool is None else await pool.run(page_job, job, PAGE_FAILURES)
        if isinstance(read, str):  # the worker died on this page: why, in words
            return article_id, "", read
        return article_id, *read

    results = await asyncio.gather(*(one(i, link) for i, link in pending))
    store.set_full_texts(results)
    errors = [error for _, html, error in results if not html]
    return PagesDone(len(results) - len(errors), len(errors),
                     (errors[0] or "no article found on the page") if errors else None)


async def fetch_one(settings: Settings, store: Store, article: Article) -> Article:
    """Fetch one article's page now, keep what it gave, and return the article as
    stored: with `full_text`, or with `full_text_error` saying why not."""
    from tui.article.page import fetch_article
    from tui.fetch import Fetcher  # aiohttp: only when a page is fetched

    fetcher = Fetcher(settings)
    try:
        found = await fetch_article(fetcher, article.link)
    finally:
        await fetcher.aclose()
    store.set_full_text(article.id, found.html, found.error)
    return store.article(article.id) or article


def fetch_stored(settings: Settings, store_path: Path, article: Article,
                 run: Callable[[Coroutine[Any, Any, Article]], Article] = asyncio.run,
                 ) -> str | None:
    """`fetch_one` from a worker thread, on a store connection of its own: None when
    the page gave an article, else why not. `run` runs the coroutine (the app's
    runner, which quitting cancels: then CancelledError)."""
    try:
        with Store(store_path) as store:
            return run(fetch_one(settings, store, article)).full_text_error
    except asyncio.CancelledError:
        raise
    except Exception as e:  # noqa: BLE001 - said on the status line; the teaser stays
        return f"{type(e).__name__}: {e}"


def fetch_full_text(settings: Settings, store: Store, article: Article) -> Article:
    """`fetch_one`, blocking (for the command line)."""
    return asyncio.run(fetch_one(settings, store, article))
