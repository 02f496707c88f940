"""Full articles over HTTP (SPEC §9, §6-7): pages served by a real server on
127.0.0.1 and fetched through the feed Fetcher; every failure is one line."""

from __future__ import annotations

import threading

import pytest

from tests.article_pages import CASES, PageCase, assert_reads_as_article
from tui.article.page import PageLimits, fetch_article, fetch_page
from tui.fetch import USER_AGENT, Fetcher
from tui.models import Settings

_stop = threading.Event()


@pytest.fixture(autouse=True)
def _release_handlers():
    _stop.clear()
    yield
    _stop.set()


async def _fetch(url: str, limits: PageLimits | None = None, **settings):
    fetcher = Fetcher(Settings(**settings))
    try:
        return await fetch_article(fetcher, url, limits or PageLimits())
    finally:
        await fetcher.aclose()


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
async def test_each_page_reads_as_its_article(feed_server, case: PageCase):
    url = feed_server.add(f"/{case.name}", case.body, content_type=case.content_type)
    result = await _fetch(url)
    assert result.error is None
    assert_reads_as_article(case, result.article.text, result.article.blocks)
    assert result.html.startswith("<")
    (request,) = feed_server.requests_for(f"/{case.name}")
    assert request.headers["User-Agent"] == USER_AGENT
    assert request.headers["Accept"].startswith("text/html")


async def test_a_404_is_one_line(feed_server):
    result = await _fetch(feed_server.url("/gone"))
    assert result.article is None and result.error == "HTTP 404 Not Found"


@pytest.mark.parametrize("target", ["file:///etc/passwd", "javascript:alert(1)",
                                    "data:text/html,<p>x</p>", "ftp://example.org/a"])
async def test_a_redirect_off_the_web_is_refused(feed_server, target):
    url = feed_server.add("/moved", b"", status=302, headers={"Location": target},
                          conditional=False)
    result = await _fetch(url)
    assert result.article is None
    assert "refused" in result.error and "\n" not in result.error


async def test_a_redirect_to_another_page_is_followed(feed_server):
    case = CASES[0]
    feed_server.add("/real", case.body, content_type=case.content_type)
    url = feed_server.add("/short", b"", status=301, headers={"Location": "/real"},
                          conditional=False)
    result = await _fetch(url)
    assert result.error is None and result.article.blocks


@pytest.mark.parametrize("link", ["file:///etc/passwd", "javascript:alert(1)", "", "/relative"])
async def test_a_link_that_is_not_a_web_page_is_not_fetched(feed_server, link):
    result = await _fetch(link)
    assert result.article is None and "only http and https" in result.error
    assert feed_server.requests == []


async def test_a_page_over_the_limit_is_refused_while_downloading(feed_server):
    def endless(h):
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.end_headers()
        try:
            while not _stop.is_set():
                h.wfile.write(b"<p>" + "كلام بلا نهاية ".encode() * 500 + b"</p>")
        except OSError:
            pass
        h.close_connection = True

    url = feed_server.add("/endless", handler=endless)
    result = await _fetch(url, PageLimits(max_bytes=256 * 1024))
    assert result.error.startswith("too large (more than 0.25 MB)")


async def test_a_huge_declared_page_is_refused_before_reading(feed_server):
    url = feed_server.add("/huge", b"<html>" + b" " * (600 * 1024) + b"</html>",
                          content_type="text/html")
    result = await _fetch(url, PageLimits(max_bytes=512 * 1024))
    assert result.error.startswith("too large")


async def test_a_silent_server_times_out(feed_server):
    def silent(h):
        _stop.wait(10)

    url = feed_server.add("/silent", handler=silent)
    result = await _fetch(url, timeout_seconds=0.1)  # any length: the server never answers
    assert result.article is None and result.error
    assert "\n" not in result.error


async def test_a_page_without_an_article_says_so(feed_server):
    url = feed_server.add("/menu", "<html><body><nav><a href='/'>الرئيسية</a> <a href='/a'>"
                          "أخبار</a></nav></body></html>", content_type="text/html")
    result = await _fetch(url)
    assert result.error == "no article found on the page"


async def test_not_a_web_page(feed_server):
    url = feed_server.add("/file.pdf", b"%PDF-1.7 ...", content_type="application/pdf")
    result = await _fetch(url)
    assert result.error == "not a web page (application/pdf)"


async def test_fetch_page_returns_decoded_text(feed_server):
    case = next(c for c in CASES if c.name == "cp1256_meta_only")
    url = feed_server.add("/cp", case.body, content_type="text/html")
    fetcher = Fetcher(Settings())
    try:
        page = await fetch_page(fetcher, url)
    finally:
        await fetcher.aclose()
    assert page.error is None and "مجلس الوزراء يقر موازنة العام المقبل" in page.text
