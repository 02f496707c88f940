"""Backpressure of a refresh: no download starts while too many bodies wait for parsing."""

from __future__ import annotations

import asyncio

from tests.support import fixture_bytes
from tui.fetch import Fetcher
from tui.models import Settings
from tui.refresh import _Backlog


async def test_a_feed_is_admitted_before_its_request_is_sent(feed_server):
    url = feed_server.add("/a.xml", fixture_bytes("arabic_rss.xml"))
    fetcher = Fetcher(Settings())
    gate = asyncio.Event()
    requests_when_admitted = []

    async def admit() -> None:
        requests_when_admitted.append(len(feed_server.requests_for("/a.xml")))
        await gate.wait()

    try:
        fetching = asyncio.create_task(fetcher.fetch(url, admit=admit))
        while not requests_when_admitted:
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.05)
        assert feed_server.requests_for("/a.xml") == []  # still waiting to be admitted
        gate.set()
        result = await fetching
    finally:
        await fetcher.aclose()
    assert result.status == 200 and result.body
    assert requests_when_admitted == [0]


async def test_the_backlog_admits_no_more_than_its_limit_until_one_leaves():
    backlog = _Backlog(2)
    await backlog.enter()
    await backlog.enter()
    third = asyncio.create_task(backlog.enter())
    await asyncio.sleep(0.01)
    assert not third.done()
    backlog.leave()
    await third
    assert backlog.count == 2


async def test_a_304_never_waits_for_a_place_in_the_backlog(feed_server):
    """A warm refresh's "not modified" answers carry no body: they do not queue
    behind bodies waiting for a parser (a full backlog here: admit never returns)."""
    url = feed_server.add("/a.xml", fixture_bytes("arabic_rss.xml"))
    fetcher = Fetcher(Settings())
    asked = []

    async def full_backlog() -> None:
        asked.append(True)
        await asyncio.Event().wait()

    try:
        first = await fetcher.fetch(url)
        again = await asyncio.wait_for(
            fetcher.fetch(url, first.etag, first.last_modified, admit=full_backlog), 10)
    finally:
        await fetcher.aclose()
    assert again.not_modified and asked == []


async def test_a_changed_conditional_feed_waits_for_its_place_outside_its_deadline(feed_server):
    """A conditional request whose feed changed asks for a place once the body is
    announced; the wait is not the server's slowness, so a wait longer than the
    feed's deadline does not fail it."""
    url = feed_server.add("/a.xml", fixture_bytes("arabic_rss.xml"))
    fetcher = Fetcher(Settings(timeout_seconds=1))
    gate = asyncio.Event()
    requests_when_admitted = []

    async def admit() -> None:
        requests_when_admitted.append(len(feed_server.requests_for("/a.xml")))
        await asyncio.sleep(1.5)  # longer than timeout_seconds
        await gate.wait()

    try:
        fetching = asyncio.create_task(fetcher.fetch(url, '"stale"', None, admit=admit))
        while not requests_when_admitted:
            await asyncio.sleep(0.01)
        gate.set()
        result = await fetching
    finally:
        await fetcher.aclose()
    assert requests_when_admitted == [1]  # the request went out first
    assert result.error is None and result.status == 200 and result.body


def test_workers_start_with_a_refresh_that_will_parse_and_not_with_one_of_304s(
        feed_server, tmp_path):
    """A feed never fetched will send a body: the parse workers start with the refresh,
    their imports overlapping the first downloads. A refresh answered by 304s alone
    parses nothing and starts no process (its CPU is the warm path's budget)."""
    from tests.support import write_config
    from tui import config as config_mod
    from tui.parse_pool import ParsePool
    from tui.refresh import refresh
    from tui.store import Store

    url = feed_server.add("/a.xml", fixture_bytes("arabic_rss.xml"))
    config = config_mod.load(write_config(tmp_path / "feeds.toml", [{"url": url}]))
    with Store(tmp_path / "akhbar.db") as store:
        pool = ParsePool()
        try:
            assert refresh(config, store, parser=pool).fetched == 1
            # One body needed one worker; all of them were started with the refresh.
            assert len(pool.pids) == pool.size
        finally:
            pool.close()
        warm = ParsePool()
        try:
            summary = refresh(config, store, parser=warm)
            assert summary.not_modified == 1
            assert warm.pids == []
        finally:
            warm.close()


def test_a_304_after_a_failure_clears_the_feeds_error(feed_server, tmp_path):
    """The 304s of a refresh are recorded with its batch's commits: a feed that failed
    last time and answers "not modified" now shows no error and no back-off."""
    from tests.support import write_config
    from tui import config as config_mod
    from tui.refresh import refresh
    from tui.store import Store

    body = fixture_bytes("arabic_rss.xml")
    urls = [feed_server.add(f"/{name}.xml", body) for name in ("a", "b")]
    config = config_mod.load(write_config(tmp_path / "feeds.toml",
                                          [{"url": u, "title": u[-5:]} for u in urls]))
    with Store(tmp_path / "akhbar.db") as store:
        assert refresh(config, store).fetched == 2
        feed_server.add("/b.xml", body, status=500)
        failed = refresh(config, store, force=True)
        assert [e.url for e in failed.errors] == [urls[1]]
        assert store.feed(urls[1]).failures == 1
        feed_server.add("/b.xml", body)
        again = refresh(config, store, force=True)
        assert again.not_modified == 2 and not again.errors
        b = store.feed(urls[1])
        assert (b.last_error, b.failures, b.next_attempt) == (None, 0, None)
