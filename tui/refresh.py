"""fetch → parse → store for many feeds at once; one feed's failure stops no other."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import partial

from tui.i18n import N_
from tui.models import Config, FeedConfig, FeedError, FetchResult, RefreshSummary
from tui.parse_pool import ParsePool
from tui.store import FeedState, Store, UpsertCounts


@dataclass(frozen=True)
class Progress:
    """Sent after each feed: how far the refresh is, and how that feed went."""

    done: int
    total: int
    url: str
    title: str
    error: str | None = None


ProgressCallback = Callable[[Progress], None]


class _Backlog:
    """Downloads under way and bodies not yet stored. A feed enters when its host has
    a connection for it and leaves when its body is stored (or none came): while
    `limit` are in, no other download starts. A cold refresh of 1000 feeds downloads
    faster than two workers parse, and every body used to wait in memory (200 MB)."""

    def __init__(self, limit: int):
        self.limit, self.count = limit, 0
        # A semaphore wakes one waiter per leave; an event woke every waiting feed
        # (a cold 1000: 900 wake-ups per body stored).
        self._places = asyncio.Semaphore(limit)

    async def enter(self) -> None:
        await self._places.acquire()
        self.count += 1

    def leave(self) -> None:
        self.count -= 1
        self._places.release()


BACKLOG_PER_WORKER = 8
"""Bodies that may wait per parse worker, beyond the downloads: enough to keep the
workers busy between downloads."""

BACKLOG_DOWNLOADS = 32
"""Downloads a cold refresh keeps under way at most, whatever `max_connections`
allows: a cold refresh is bound by parsing, not the network, past 32 (200 feeds at
100 ms: 2.8 s at 32, 3.0 s at 64, 3.3 s at 16), and each body waiting costs memory
(1000 feeds: the main process peaks at 55 MB at 32, 61 MB at 64)."""


async def refresh_async(config: Config, store: Store, *,
                        progress: ProgressCallback | None = None,
                        parser: ParsePool | None = None,
                        feeds: tuple[FeedConfig, ...] | None = None,
                        force: bool = False, stories: bool = False) -> RefreshSummary:
    """Refresh `feeds` (default: all configured) into `store`, and index what it stored.

    `force` ignores back-off (the user pressed R); a server's Retry-After still holds.
    The search index is brought up to date at the end of every refresh, so that no
    search has to index a whole feed first (200,000 items: 5 s). `stories` also
    groups the new articles into stories (the app, which has time while the user
    reads); headless runs leave that to `--by story`.
    `parser` is the caller's pool of parse workers (the app keeps one); without
    it the refresh starts its own, which starts processes only if a body needs them.
    """
    from tui.fetch import Fetcher  # aiohttp costs 0.2 s to import: only when fetching

    feeds = config.feeds if feeds is None else feeds
    store.sync_feeds(config.feeds)
    summary = RefreshSummary(total=len(feeds))
    fetcher = Fetcher(config.settings)
    own_parser = parser is None
    parser = ParsePool() if parser is None else parser
    commits = _Commits(store, summary, parser.size)
    backlog = _Backlog(min(config.settings.max_connections, BACKLOG_DOWNLOADS)
                       + BACKLOG_PER_WORKER * parser.size)
    # Every feed's state in one read (200 SELECTs cost more than the 304s they precede).
    states = {state.url: state for state in store.feeds()}
    if any(_never_fetched(states.get(f.url)) for f in feeds):
        parser.start()
    done = 0

    async def one(feed: FeedConfig) -> None:
        nonlocal done
        error = await _refresh_feed(feed, states.get(feed.url), store, fetcher, summary,
                                    parser, force, backlog, commits)
        done += 1
        if progress:
            state = store.feed(feed.url)
            title = state.display_title if state else feed.url
            progress(Progress(done, len(feeds), feed.url, title, error))
        if feed.full_text and error is None:
            await _fetch_pages(feed, store, fetcher, summary, parser)

    store.batching, store.on_batch_lost = True, commits.lost
    committing = asyncio.ensure_future(commits.every())
    try:
        await asyncio.gather(*(one(f) for f in feeds))
    finally:
        committing.cancel()
        commits.close()
        commits.commit()  # the last 304s are still a batch's savepoint
        store.batching, store.on_batch_lost = False, None
        await fetcher.aclose()
        if own_parser:
            parser.close()
    try:
        # Once per refresh, not per feed: 10,000 articles normalized per call and
        # written per transaction; the stories' one read of the 48 h window serves
        # every new article.
        store.index_pending()
        if stories:
            from tui.stories import assign_pending as assign_stories  # the app only

            assign_stories(store, [f.url for f in config.feeds])
    except Exception as e:  # indexing and grouping must not fail a refresh
        summary.notes.append(
            N_("could not index or group new articles: {error}").format(error=e))
    try:
        store.purge(config.settings.keep_days)
    except Exception as e:  # purging is housekeeping; it must not fail a refresh
        summary.notes.append(N_("could not purge old articles: {error}").format(error=e))
    return summary


STORE_WAITING = 16
"""Parsed feeds that may wait for the writer thread beyond those being parsed (a feed of
50 articles is 362 KB parsed, 170 KB as a body). Each commit holds the writer ~0.1 s,
and the parsers stop when this many wait: cold 1000 feeds at 0 ms, main process peak
and wall, unbounded (48) 93 MB 5.8 s, 16: 74 MB 6.3 s, 4: 67 MB 6.7 s."""

COMMIT_EVERY = 0.1
"""Seconds between commits of a refresh's writes: what a kill -9 may lose (its feeds,
articles and state together, are fetched again next time) and how late another
connection sees them."""


class _Commits:
    """The refresh's writes share one transaction, committed every COMMIT_EVERY seconds
    (one commit per feed was a tenth of the store's CPU); each feed's articles and
    state stay one savepoint of it. A commit that fails (a full disk) is the failure
    of every feed stored since the last one.

    Feeds are stored, and the batch committed, on a thread of their own: SQLite lets
    go of the GIL while it inserts, tokenizes and writes (4 ms of a cold feed of 50
    articles), so the event loop downloads and hands bodies to the parsers meanwhile
    (cold 200 feeds: the loop was busy 1.2 s of 2.0, and set the pace). The store's
    write lock keeps the loop's own writes (failures, full-text pages) out of a feed's
    savepoint; the summary is changed on the loop only. Feeds that answered 304 are
    recorded with each commit, in one statement.
    """

    def __init__(self, store: Store, summary: RefreshSummary, parsing: int):
        self.store, self.summary = store, summary
        self.places = asyncio.Semaphore(parsing + STORE_WAITING)
        """Held from a body's parse to its feed's store: a parsed feed waiting for the
        writer is twice its body in memory, so when the writer lags, bodies wait
        unparsed instead."""
        self.stored: list[tuple[FeedError, UpsertCounts]] = []
        """Feeds stored since the last commit; changed under the store's write lock."""
        self.not_modified: list[str] = []
        """Feeds that answered 304 since the last commit: recorded with it, in one
        statement (a 304 costs microseconds; a transaction each cost more)."""
        self.losses: list[tuple[list[tuple[FeedError, UpsertCounts]], BaseException]] = []
        """Feeds whose batch was lost, and why: told to the summary on the loop."""
        self._writer = ThreadPoolExecutor(1, thread_name_prefix="akhbar-store")

    async def store_feed(self, url: str, title: str, *args, **kwargs) -> UpsertCounts:
        """`Store.store_feed` on the writer thread."""
        try:
            return await asyncio.get_running_loop().run_in_executor(
                self._writer, partial(self._store, url, title, *args, **kwargs))
        finally:
            self.report()

    def _store(self, url: str, title: str, *args, **kwargs) -> UpsertCounts:
        with self.store.write_lock:  # a batch lost meanwhile must count this feed
            counts = self.store.store_feed(url, *args, **kwargs)
            self.stored.append((FeedError(url, title, "store", ""), counts))
        return counts

    async def every(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            await asyncio.sleep(COMMIT_EVERY)
            await loop.run_in_executor(self._writer, self._commit)
            self.report()

    def close(self) -> None:
        """Wait for the writer thread: a feed it stores when the refresh is cancelled is
        in the last commit; those still queued are not stored (fetched next time)."""
        self._writer.shutdown(wait=True, cancel_futures=True)
        self.report()

    def commit(self) -> None:
        """Commit now, on the caller's thread (the refresh's last, once `close`d)."""
        self._commit()
        self.report()

    def _commit(self) -> None:
        with self.store.write_lock:
            checked, self.not_modified = self.not_modified, []
            try:
                if checked:
                    self.store.record_not_modified_many(checked)
            except Exception as e:  # undone alone (the batch lost: `lost` was told)
                self.losses.append(([], e))
            try:
                self.store.commit_batch()
            except Exception as e:  # the feeds are fetched again next time
                self.lost(e)
            else:
                self.stored = []

    def lost(self, e: BaseException) -> None:
        """The batch's transaction is gone (a failed commit, or SQLite ending it after a
        failed write): every feed stored in it failed. Called under the write lock,
        on either thread."""
        stored, self.stored = self.stored, []
        self.losses.append((stored, e))

    def report(self) -> None:
        """Tell the summary of the batches lost so far (on the loop)."""
        while self.losses:
            stored, e = self.losses.pop(0)
            message = N_("could not save: {error}").format(error=e)
            if not stored:
                self.summary.notes.append(message)
            for error, counts in stored:
                self.summary.errors.append(replace(error, message=message))
                self.summary.fetched -= 1
                self.summary.new_articles -= counts.new
                self.summary.updated_articles -= counts.updated


def _never_fetched(state: FeedState | None) -> bool:
    """A feed that will send a body to parse (no validators, nothing known of it)."""
    return state is None or (state.last_success is None and state.failures == 0)


async def _refresh_feed(feed: FeedConfig, state: FeedState | None, store: Store, fetcher,
                        summary: RefreshSummary, parser: ParsePool, force: bool,
                        backlog: _Backlog,
                        commits: _Commits) -> str | None:
    title = state.display_title if state else (feed.title or feed.url)
    now = time.time()

    def fail(stage: str, message: str, retry_after: float | None = None) -> str:
        store.record_failure(feed.url, message, retry_after=retry_after)
        summary.errors.append(FeedError(feed.url, title, stage, message))
        return message

    if state and state.next_attempt and state.next_attempt > now:
        server_asked = state.last_error and ("429" in state.last_error or "503" in state.last_error)
        if server_asked or not force:
            when = datetime.fromtimestamp(state.next_attempt, UTC).strftime("%H:%M UTC")
            why = N_("the server asked to wait") if server_asked else \
                N_("{n} failures in a row").format(n=state.failures)
            summary.skipped += 1
            summary.notes.append(N_("{title}: not fetched until {when} ({why})").format(
                title=title, when=when, why=why))
            return None

    etag, modified = (state.etag, state.last_modified) if state else (None, None)
    entered = False

    async def enter() -> None:
        nonlocal entered
        await backlog.enter()
        entered = True

    try:
        result: FetchResult = await fetcher.fetch(feed.url, etag, modified, admit=enter)
        if result.error:
            return fail("fetch", result.error, result.retry_after)
        if result.permanent_redirect:
            summary.notes.append(N_("{title}: moved permanently to {url} (update feeds.toml)")
                                 .format(title=title, url=result.permanent_redirect))
        if result.not_modified:
            summary.not_modified += 1
            commits.not_modified.append(feed.url)
            return None
        return await _parse_and_store(feed, state, result, store, summary, parser, fail,
                                      commits, title)
    finally:
        if entered:
            backlog.leave()


async def _parse_and_store(feed: FeedConfig, state: FeedState | None, result: FetchResult,
                           store: Store, summary: RefreshSummary, parser: ParsePool,
                           fail, commits: _Commits, title: str) -> str | None:
    # The body is this function's alone, and let go once parsed: a feed waiting for the
    # store thread holds its articles, not also its body.
    body, result.body = result.body or b"", None
    digest = hashlib.sha256(body).hexdigest()
    if state and state.body_hash == digest:
        # A server without conditional GET that sent the same bytes: nothing to parse.
        summary.unchanged += 1
        store.record_success(feed.url, etag=result.etag, last_modified=result.last_modified,
                             body_hash=digest, redirect_to=result.permanent_redirect)
        return None
    async with commits.places:
        # In a worker process: a body that parses for minutes must not stall the fetches.
        parsed = await parser.parse(body, result.headers, feed.url)
        del body
        if isinstance(parsed, str):
            return fail("parse", parsed)
        try:
            counts = await commits.store_feed(
                feed.url, title, parsed.articles, parsed.search,
                etag=result.etag, last_modified=result.last_modified,
                body_hash=digest, site_title=parsed.title or None,
                site_link=parsed.link or None, redirect_to=result.permanent_redirect,
            )
        except Exception as e:
            return fail("store", N_("could not save: {error}").format(error=e))
    summary.fetched += 1
    summary.new_articles += counts.new
    summary.updated_articles += counts.updated
    return None


async def _fetch_pages(feed: FeedConfig, store: Store, fetcher, summary: RefreshSummary,
                       parser: ParsePool) -> None:
    """A `full_text = true` feed: its new articles' pages, after they are stored (SPEC §9)."""
    from tui.fulltext import fetch_feed_pages

    try:
        done = await fetch_feed_pages(store, feed.url, fetcher, parser)
    except Exception as e:  # noqa: BLE001 - pages are extra; the feed itself is stored
        summary.notes.append(N_("{title}: could not fetch full articles: {error}").format(
            title=feed.title or feed.url, error=e))
        return
    summary.pages_fetched += done.fetched
    summary.pages_failed += done.failed
    if done.fetched:
        # Indexed now, while other pages download, not in the refresh's serial tail:
        # normalizing and indexing 400 full articles there took 0.14 s, all of it added
        # to the wall. A failure is left to the refresh's last indexing, which reports it.
        with contextlib.suppress(Exception):
            store.index_pending()
    if done.failed:
        state = store.feed(feed.url)
        title = state.display_title if state else (feed.title or feed.url)
        summary.notes.append(N_("{title}: {failed} of {total} full articles could not be "
                                "read ({error}); their feed text stays").format(
            title=title, failed=done.failed, total=done.fetched + done.failed,
            error=done.first_error))


def refresh(config: Config, store: Store, **kwargs) -> RefreshSummary:
    """Blocking refresh, for the headless modes."""
    return asyncio.run(refresh_async(config, store, **kwargs))
