"""A page's worker process dying in the middle of reading it (the OOM killer, a
`kill`): the refresh ends, that article alone says why and keeps its teaser, and
the feed's other pages are read by a new worker (SPEC §9, §7)."""

from __future__ import annotations

import asyncio
import os
import signal

import pytest

from tests.full_text_support import (
    PAGES,
    TEASERS,
    by_guid,
    serve_teasers,
    starts_in_order,
    teaser_config,
)
from tui import config as config_mod
from tui.parse_pool import PAGE, ParsePool
from tui.refresh import refresh_async
from tui.store import Store

pytestmark = pytest.mark.slow  # seconds: one page keeps its worker busy until killed

BUSY_CPU_SECONDS = 1.0
"""A worker past this much CPU is on the busy page: the others take milliseconds."""


def _busy_page() -> bytes:
    """A page that takes its worker seconds to parse: one element, 150,000 attributes."""
    attributes = " ".join(f'a{i}="x"' for i in range(150_000))
    return (f"<html><body><div {attributes}><p>{'نص طويل ' * 40}.</p></div>"
            "</body></html>").encode()


def _cpu_seconds(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def _kill_the_busy_worker(pool: ParsePool, refresh: asyncio.Task, how: int) -> int:
    while not refresh.done():
        for pid in pool.pids:
            if _cpu_seconds(pid) > BUSY_CPU_SECONDS:
                os.kill(pid, how)
                return pid
        await asyncio.sleep(0.02)
    raise AssertionError("the refresh ended before the busy page's worker could be killed")


@pytest.mark.skipif(not os.path.exists("/proc/self/stat"), reason="reads CPU time from /proc")
@pytest.mark.parametrize(("how", "error"), [
    (signal.SIGKILL, PAGE.too_complex),  # what the kernel's OOM killer sends
    (signal.SIGTERM, PAGE.crashed.format(signal=int(signal.SIGTERM))),
])
async def test_a_page_worker_killed_mid_page_fails_that_article_alone(tmp_path, feed_server,
                                                                     how, error):
    url = serve_teasers(feed_server)
    feed_server.add("/pages/cp1256", _busy_page(), content_type="text/html; charset=utf-8")
    config = config_mod.load(teaser_config(tmp_path, url, full_text=True))
    pool = ParsePool(1, cpu_seconds=60)  # the kill, not the CPU bound, ends the busy page
    with Store(tmp_path / "akhbar.db") as store:
        task = asyncio.create_task(refresh_async(config, store, parser=pool))
        try:
            killed = await _kill_the_busy_worker(pool, task, how)
            summary = await task
        finally:
            pool.close()
        assert killed not in pool.pids
        assert (summary.pages_fetched, summary.pages_failed) == (2, 2)
        assert summary.errors == []  # the feed itself was read and stored
        articles = by_guid(store)
        busy = articles["cp1256"]
        assert (busy.has_full_text, busy.full_text_error) == (False, error)
        assert TEASERS["cp1256"][1] in busy.summary + busy.content  # the teaser stays
        for name in ("wordpress", "tv"):
            starts_in_order(articles[name].full_text, PAGES[name].paragraphs)
