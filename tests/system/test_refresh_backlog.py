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
