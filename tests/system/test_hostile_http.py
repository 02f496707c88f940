"""Hostile and broken HTTP: huge, endless, silent and slow servers, redirect
tricks, error statuses, Retry-After, pathological item lists. One CLI run serves
them all next to good feeds: each bad feed gets one plain error line
(`akhbar: <feed>: <words>`) and every good feed still lands."""

from __future__ import annotations

import gzip
import threading
import time

import pytest

from tests.hostile_support import FAST, akhbar, assert_clean, error_lines, user_store
from tests.support import fixture_bytes, write_config

GOOD_TITLE = "وزير الخارجية يصل إلى أنقرة في زيارة تستمر يومين"
_stop = threading.Event()


@pytest.fixture(autouse=True)
def _release_handlers():
    _stop.clear()
    yield
    _stop.set()  # silent and slow handlers end with the test


# --- misbehaving handlers ----------------------------------------------------------


def _headers(h, status=200, **headers):
    h.send_response(status)
    for k, v in headers.items():
        h.send_header(k.replace("_", "-"), v)
    h.end_headers()


def too_big_declared(h):
    _headers(h, Content_Type="application/rss+xml", Content_Length=str(50 * 1024 * 1024))
    try:
        h.wfile.write(b"<rss>" + b" " * 65536)
    except OSError:
        pass
    h.close_connection = True


def _chunk(h, data: bytes) -> None:
    h.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
    h.wfile.flush()


def endless_chunked(h):
    _headers(h, Content_Type="application/rss+xml", Transfer_Encoding="chunked")
    block = b"<item><title>again</title></item>" * 1000
    try:
        _chunk(h, b'<?xml version="1.0"?><rss version="2.0"><channel><title>E</title>')
        while not _stop.is_set():
            _chunk(h, block)
    except OSError:
        pass
    h.close_connection = True


GZIP_BOMB = gzip.compress(
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>Bomb</title>'
    + b" " * (64 * 1024 * 1024) + b"</channel></rss>", compresslevel=9)


def gzip_bomb(h):
    _headers(h, Content_Type="application/rss+xml", Content_Encoding="gzip",
             Content_Length=str(len(GZIP_BOMB)))
    try:
        h.wfile.write(GZIP_BOMB)
    except OSError:
        pass


def never_answers(h):
    _stop.wait(15)
    h.close_connection = True


def one_byte_a_second(h):
    body = fixture_bytes("arabic_rss.xml")
    _headers(h, Content_Type="application/rss+xml", Content_Length=str(len(body)))
    try:
        for i in range(len(body)):
            if _stop.wait(1):
                break
            h.wfile.write(body[i:i + 1])
            h.wfile.flush()
    except OSError:
        pass
    h.close_connection = True


def headers_never_finish(h):
    # A status line, then a header a second, forever.
    try:
        h.wfile.write(b"HTTP/1.1 200 OK\r\n")
        while not _stop.wait(0.5):
            h.wfile.write(b"X-Slow: 1\r\n")
            h.wfile.flush()
    except OSError:
        pass
    h.close_connection = True


def redirect(to):
    def handler(h):
        _headers(h, 302, Location=to, Content_Length="0")
    return handler


def _items(n: int, same_guid: bool = False) -> bytes:
    items = "".join(f"<item><title>n{i}</title><guid>{'same' if same_guid else i}</guid>"
                    "</item>" for i in range(n))
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Many</title>{items}'
            "</channel></rss>").encode()


# --- the run -------------------------------------------------------------------------


@pytest.fixture
def bad_web(feed_server, tmp_path):
    s = feed_server
    good = fixture_bytes("arabic_rss.xml")
    feeds = [("Good", s.add("/good.xml", good)),
             ("Good Atom", s.add("/good.atom", fixture_bytes("english_atom.xml"),
                                 content_type="application/atom+xml"))]

    def add(title, path, **route):
        feeds.append((title, s.add(path, **route)))

    add("Too big", "/big.xml", body=good + b" " * (2 * 1024 * 1024))
    add("Too big declared", "/big-declared.xml", handler=too_big_declared)
    add("Endless", "/endless.xml", handler=endless_chunked)
    add("Bomb", "/bomb.xml", handler=gzip_bomb)
    add("Silent", "/silent.xml", handler=never_answers)
    add("Trickle", "/trickle.xml", handler=one_byte_a_second)
    add("Slow headers", "/slow-headers.xml", handler=headers_never_finish)
    add("Loop", "/loop-a", handler=redirect("/loop-b"))
    s.add("/loop-b", handler=redirect("/loop-a"))
    add("To file", "/to-file", handler=redirect("file:///etc/passwd"))
    add("To ftp", "/to-ftp", handler=redirect("ftp://127.0.0.1/feed.xml"))
    add("To js", "/to-js", handler=redirect("javascript:alert(1)"))
    add("Missing", "/missing.xml", status=404, body=b"nope", content_type="text/plain")
    add("Gone", "/gone.xml", status=410, body=b"gone", content_type="text/plain")
    add("Broken server", "/500.xml", status=500, body=b"oops", content_type="text/plain")
    add("Busy", "/429.xml", status=429, body=b"slow down", content_type="text/plain",
        headers={"Retry-After": "3600"})
    add("Down", "/503.xml", status=503, body=b"maintenance", content_type="text/plain",
        headers={"Retry-After": "Wed, 21 Oct 2099 07:28:00 GMT"})
    add("Same guid", "/same-guid.xml", body=_items(50, same_guid=True))
    add("Ten thousand", "/many.xml", body=_items(10_000))
    config = write_config(tmp_path / "feeds.toml",
                          [{"url": url, "title": title} for title, url in feeds], FAST)
    return s, config


@pytest.mark.slow
def test_every_bad_server_is_one_plain_error_and_good_feeds_land(bad_web):
    server, config = bad_web
    started = time.monotonic()
    proc = akhbar("--headlines", "--config", str(config), timeout=60)
    elapsed = time.monotonic() - started
    assert proc.returncode == 0, proc.stderr
    out = assert_clean(proc.stdout)
    errors = error_lines(proc.stderr)
    rows = [line.split("\t") for line in out.splitlines()]
    feeds = [r[1] for r in rows]
    assert feeds.count("Good") == 3 and feeds.count("Good Atom") == 2, (feeds, errors)
    assert any(r[2] == GOOD_TITLE for r in rows)
    assert elapsed < 25, f"slow servers held the run for {elapsed:.1f} s"

    def error(title: str) -> str:
        found = [e for e in errors if e.startswith(f"akhbar: {title}: ")]
        assert len(found) == 1, (title, errors)
        return found[0].split(": ", 2)[2]

    too_large = "feed larger than max_feed_mb = 1 MB; refused"
    assert error("Too big").startswith(too_large)
    assert error("Too big declared").startswith(too_large)
    assert error("Endless").startswith(too_large)
    assert error("Bomb").startswith(too_large)
    assert error("Silent") in ("server stopped sending (read timed out)",
                               "gave up after 2 s (server too slow)")
    assert error("Trickle") == "gave up after 2 s (server too slow)"
    assert error("Slow headers") in ("server stopped sending (read timed out)",
                                     "gave up after 2 s (server too slow)")
    assert error("Loop") == "too many redirects (more than 5)"
    assert error("To file") == "redirect to file: URL refused (only http and https are followed)"
    assert error("To ftp") == "redirect to ftp: URL refused (only http and https are followed)"
    # httpx parsed the Location first (an invalid URL); aiohttp hands it over as is.
    assert error("To js").startswith(("redirect to an invalid URL: refused",
                                      "redirect to javascript: URL refused"))
    assert error("Missing") == "HTTP 404 Not Found"
    assert error("Gone") == "HTTP 410 Gone"
    assert error("Broken server") == "HTTP 500 Internal Server Error"
    assert error("Busy") == "HTTP 429 Too Many Requests: server asks to wait 3600 s"
    assert error("Down").startswith("HTTP 503 Service Unavailable: server asks to wait ")
    # No error for the pathological but valid feeds.
    assert not any(e.startswith(("akhbar: Same guid", "akhbar: Ten thousand")) for e in errors)
    assert feeds.count("Same guid") == 1  # one guid, one article: the first occurrence
    assert [r[2] for r in rows if r[1] == "Same guid"] == ["n0"]
    assert feeds.count("Ten thousand") == 10_000
    # A bounded number of hops: a loop is not followed forever.
    hops = len(server.requests_for("/loop-a")) + len(server.requests_for("/loop-b"))
    assert hops == 6

    # The next refresh leaves the servers that asked to wait alone.
    before = {p: len(server.requests_for(p)) for p in ("/429.xml", "/503.xml", "/good.xml")}
    proc = akhbar("--headlines", "--config", str(config), timeout=60)
    assert proc.returncode == 0
    errors = error_lines(proc.stderr)
    assert len(server.requests_for("/429.xml")) == before["/429.xml"]
    assert len(server.requests_for("/503.xml")) == before["/503.xml"]
    assert len(server.requests_for("/good.xml")) == before["/good.xml"] + 1
    assert any(e.startswith("akhbar: Busy: not fetched until ") and
               e.endswith("(the server asked to wait)") for e in errors), errors
    assert any(e.startswith("akhbar: Down: not fetched until ") for e in errors), errors
    with user_store() as s:
        assert s.count() == 3 + 2 + 1 + 10_000


@pytest.mark.parametrize("url", ["http://[::1/feed", "http://\x00/feed",
                                 "https://127.0.0.1:1/" + "a" * 70_000, "http:///feed"])
async def test_malformed_urls_are_errors_not_crashes(url):
    from tui.fetch import Fetcher
    from tui.models import Settings

    fetcher = Fetcher(Settings(timeout_seconds=2, connect_timeout_seconds=1))
    try:
        result = await fetcher.fetch(url)
    finally:
        await fetcher.aclose()
    assert result.error and result.body is None


@pytest.mark.slow
def test_a_feed_queued_behind_slow_ones_on_its_host_keeps_its_deadline(feed_server, tmp_path):
    """Two connections per host: four trickling feeds hold them for 2 s each; the good
    feeds wait for a slot and then get their own 2 s, instead of timing out queued."""
    feeds = [{"url": feed_server.add(f"/slow{i}.xml", handler=one_byte_a_second),
              "title": f"Slow {i}"} for i in range(4)]
    feeds += [{"url": feed_server.add(f"/ok{i}.xml", fixture_bytes("arabic_rss.xml")),
               "title": f"Ok {i}"} for i in range(3)]
    config = write_config(tmp_path / "feeds.toml", feeds, FAST)
    proc = akhbar("--headlines", "--config", str(config))
    assert proc.returncode == 0
    errors = error_lines(proc.stderr)
    assert sorted(e.split(":")[1].strip() for e in errors) == [f"Slow {i}" for i in range(4)]
    feeds_out = [line.split("\t")[1] for line in assert_clean(proc.stdout).splitlines()]
    assert all(feeds_out.count(f"Ok {i}") == 3 for i in range(3))
