"""Feeds cheap to send and dear to parse (issue 19.1): one element with a huge
number of attributes costs both parsers time quadratic in that number. Parsing
runs in worker processes under a CPU-time bound, such a feed fails alone with
"feed too complex to parse", and fetching and the other feeds' parses go on."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from tests.hostile_support import HOSTILE, akhbar, assert_clean, error_lines
from tests.support import FIXTURES, fixture_bytes, write_config
from tui import config as config_mod
from tui.app import make_app
from tui.models import ParsedFeed
from tui.parse_pool import MAX_ATTRIBUTES, TOO_COMPLEX, ParsePool, too_complex

pytestmark = pytest.mark.slow  # worker processes and their CPU limits

GOOD_TITLE = "وزير الخارجية يصل إلى أنقرة في زيارة تستمر يومين"
RSS = {"content-type": "application/rss+xml; charset=utf-8"}
ROOMY = {"timeout_seconds": 20, "connect_timeout_seconds": 10}


def attribute_bomb(count: int, attribute: str = 'a{}="x"') -> bytes:
    """A valid RSS feed whose one item carries `count` attributes."""
    attrs = " ".join(attribute.format(i) for i in range(count))
    return ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
            f'<title>Bomb</title><item {attrs}><title>boom</title>'
            '<link>https://bomb.example/1</link></item></channel></rss>\n').encode()


def _slow_good_feed(handler) -> None:
    """The good feed, after a pause: a stalled event loop would time it out."""
    time.sleep(1)
    body = fixture_bytes("arabic_rss.xml")
    handler.send_response(200)
    handler.send_header("Content-Type", "application/rss+xml; charset=utf-8")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def test_headless_bomb_fails_alone_and_the_slow_good_feed_lands(feed_server, tmp_path):
    # Near the case (8 MB, one element with 1,000,000 attributes: tens of
    # minutes in either parser) within max_feed_mb, next to a good feed that takes
    # a second to answer.
    config = write_config(tmp_path / "feeds.toml", [
        {"url": feed_server.add("/bomb.xml", attribute_bomb(600_000)), "title": "Bomb"},
        {"url": feed_server.add("/good.xml", handler=_slow_good_feed), "title": "Good"},
    ], ROOMY)
    proc = akhbar("--headlines", "--config", str(config), timeout=300)
    assert proc.returncode == 0, proc.stderr
    rows = [line.split("\t") for line in assert_clean(proc.stdout).splitlines()]
    assert sum(1 for r in rows if r[1] == "Good") == 3, rows
    assert any(r[2] == GOOD_TITLE for r in rows)
    assert not any(r[1] == "Bomb" for r in rows)
    assert error_lines(proc.stderr) == [f"akhbar: Bomb: {TOO_COMPLEX}"]


async def test_app_refresh_with_two_bombs_reads_the_good_feeds(feed_server, tmp_path):
    feeds = [
        {"url": feed_server.add("/bomb1.xml", attribute_bomb(150_000)), "title": "Bomb one"},
        {"url": feed_server.add("/good.xml", fixture_bytes("arabic_rss.xml")), "title": "Good"},
        {"url": feed_server.add("/bomb2.xml", attribute_bomb(150_000, 'a{}=">"')),
         "title": "Bomb two"},
        {"url": feed_server.add("/wire.xml", fixture_bytes("english_atom.xml"),
                                content_type="application/atom+xml"), "title": "Wire"},
    ]
    config = config_mod.load(write_config(tmp_path / "feeds.toml", feeds, ROOMY))
    app = make_app(config, tmp_path / "akhbar.db", bidi="on", refresh=True)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(3000):
            await pilot.pause(0.02)
            if app.last_summary is not None or app.last_failure is not None:
                break
        await pilot.pause()
        summary = app.last_summary
        assert summary is not None, app.last_failure
        assert sorted((e.title, e.message) for e in summary.errors) == [
            ("Bomb one", TOO_COMPLEX), ("Bomb two", TOO_COMPLEX)]
        assert summary.fetched == 2
        hl = app.main.headlines
        titles = {hl.source.get(i).title for i in range(hl.row_count)}
        assert GOOD_TITLE in titles and len(titles) >= 4, titles


async def test_a_parse_over_its_cpu_time_fails_its_feed_and_the_worker_is_replaced():
    # No pre-check here: the CPU-time bound alone stops a 20 s parse.
    pool = ParsePool(1, cpu_seconds=1, max_attributes=None)
    try:
        assert await pool.parse(attribute_bomb(100_000), RSS, "https://bomb.example/") \
            == TOO_COMPLEX
        good = await pool.parse(fixture_bytes("arabic_rss.xml"), RSS, "https://good.example/")
        assert isinstance(good, ParsedFeed) and len(good.articles) == 3
    finally:
        pool.close()


async def test_two_overrunning_parses_do_not_hold_the_pool():
    pool = ParsePool(2, cpu_seconds=1, max_attributes=None, slow_after=0.1)
    finished: list[str] = []

    async def parse(name: str, body: bytes) -> None:
        result = await pool.parse(body, RSS, "https://example.com/")
        finished.append(name)
        assert (result == TOO_COMPLEX) if name.startswith("bomb") \
            else isinstance(result, ParsedFeed)

    try:
        bomb = attribute_bomb(100_000)
        await asyncio.gather(parse("bomb 1", bomb), parse("bomb 2", bomb),
                             parse("good", fixture_bytes("arabic_rss.xml")))
    finally:
        pool.close()
    assert finished[0] == "good", finished


@pytest.mark.parametrize("attribute", ['a{}="x"', "a{}='x'", 'a{}=">"', 'a{}="&lt;"',
                                       'xmlns:p{0}="urn:{0}"', 'a{}="x"\n'])
def test_pre_check_counts_attributes_of_one_element(attribute):
    assert not too_complex(attribute_bomb(MAX_ATTRIBUTES, attribute))
    assert too_complex(attribute_bomb(MAX_ATTRIBUTES + 1, attribute))


@pytest.mark.parametrize("path", sorted([*(FIXTURES / "feeds").iterdir(), *HOSTILE.iterdir()]),
                         ids=lambda p: p.name)
def test_pre_check_passes_every_fixture(path: Path):
    assert not too_complex(path.read_bytes())


async def test_closing_the_pool_cancels_a_running_parse():
    # The app closes its pool when it quits: the feed being parsed is not to blame.
    pool = ParsePool(1, max_attributes=None)
    task = asyncio.create_task(pool.parse(attribute_bomb(100_000), RSS, "https://b.example/"))
    await asyncio.sleep(0.2)
    pool.close()
    with pytest.raises(asyncio.CancelledError):
        await task
