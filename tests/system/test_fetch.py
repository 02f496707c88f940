"""Fetching as a server sees it: bounds, conditional GET, gzip, redirects, back-off."""

from __future__ import annotations

import gzip
import threading
import time

from tests.support import fixture_bytes, write_config
from tui import __version__
from tui.cli import main


def _slow_counting_handler(state: dict, body: bytes):
    def handler(req) -> None:
        with state["lock"]:
            state["now"] += 1
            state["max"] = max(state["max"], state["now"])
        time.sleep(0.15)
        with state["lock"]:
            state["now"] -= 1
        req.send_response(200)
        req.send_header("Content-Type", "application/rss+xml")
        req.send_header("Content-Length", str(len(body)))
        req.end_headers()
        req.wfile.write(body)
    return handler


def _run(config, capsys) -> tuple[list[str], list[str]]:
    assert main(["--headlines", "--config", str(config)]) == 0
    captured = capsys.readouterr()
    return captured.out.splitlines(), captured.err.splitlines()


def test_at_most_two_connections_per_host(feed_server, tmp_path, capsys):
    state = {"lock": threading.Lock(), "now": 0, "max": 0}
    body = fixture_bytes("arabic_rss.xml")
    feeds = []
    for i in range(8):
        feed_server.add(f"/f{i}.xml", handler=_slow_counting_handler(state, body))
        feeds.append({"url": feed_server.url(f"/f{i}.xml")})
    config = write_config(tmp_path / "feeds.toml", feeds)
    start = time.monotonic()
    out, err = _run(config, capsys)
    assert err == [] and len(out) == 8 * 3
    assert state["max"] == 2
    assert time.monotonic() - start >= 4 * 0.15  # 8 feeds, 2 at a time


def test_total_bound_across_hosts(feed_server, tmp_path, capsys):
    state = {"lock": threading.Lock(), "now": 0, "max": 0}
    body = fixture_bytes("arabic_rss.xml")
    feeds = []
    for i in range(6):
        feed_server.add(f"/g{i}.xml", handler=_slow_counting_handler(state, body))
        host = "127.0.0.1" if i % 2 else "localhost"
        feeds.append({"url": f"http://{host}:{feed_server.port}/g{i}.xml"})
    config = write_config(tmp_path / "feeds.toml", feeds, {"max_connections": 3,
                                                            "max_per_host": 2})
    out, err = _run(config, capsys)
    assert err == [] and len(out) == 6 * 3
    assert state["max"] == 3


def test_user_agent_and_gzip(feed_server, tmp_path, capsys):
    raw = fixture_bytes("arabic_rss.xml")
    url = feed_server.add("/z.xml", gzip.compress(raw), headers={"Content-Encoding": "gzip"})
    config = write_config(tmp_path / "feeds.toml", [{"url": url}])
    out, err = _run(config, capsys)
    assert len(out) == 3 and err == []
    request = feed_server.requests_for("/z.xml")[0]
    assert request.headers["User-Agent"].startswith(f"akhbar/{__version__}")
    assert "gzip" in request.headers["Accept-Encoding"]


def test_permanent_redirect_is_followed_and_reported_config_untouched(feed_server, tmp_path,
                                                                      capsys):
    target = feed_server.add("/new.xml", fixture_bytes("arabic_rss.xml"))
    feed_server.add("/old.xml", status=301, headers={"Location": "/new.xml"}, conditional=False)
    config = write_config(tmp_path / "feeds.toml", [{"url": feed_server.url("/old.xml"),
                                                     "title": "Moved"}])
    before = config.read_text()
    out, err = _run(config, capsys)
    assert len(out) == 3
    assert err == [f"akhbar: Moved: moved permanently to {target} (update feeds.toml)"]
    assert config.read_text() == before


def test_temporary_redirect_is_not_reported(feed_server, tmp_path, capsys):
    feed_server.add("/real.xml", fixture_bytes("arabic_rss.xml"))
    feed_server.add("/tmp.xml", status=302, headers={"Location": "/real.xml"}, conditional=False)
    config = write_config(tmp_path / "feeds.toml", [{"url": feed_server.url("/tmp.xml")}])
    out, err = _run(config, capsys)
    assert len(out) == 3 and err == []


def test_retry_after_is_honoured_on_the_next_refresh(feed_server, tmp_path, capsys):
    feed_server.add("/busy.xml", status=429, headers={"Retry-After": "600"}, conditional=False,
                    content_type="text/plain")
    config = write_config(tmp_path / "feeds.toml", [{"url": feed_server.url("/busy.xml"),
                                                     "title": "Busy"}])
    out, err = _run(config, capsys)
    assert err == ["akhbar: Busy: HTTP 429 Too Many Requests: server asks to wait 600 s"]
    out, err = _run(config, capsys)
    assert len(feed_server.requests_for("/busy.xml")) == 1
    assert len(err) == 1 and err[0].startswith("akhbar: Busy: not fetched until ")
    assert err[0].endswith("(the server asked to wait)")


def test_repeated_failures_back_off(feed_server, tmp_path, capsys):
    feed_server.add("/down.xml", status=500, conditional=False, content_type="text/plain")
    config = write_config(tmp_path / "feeds.toml", [{"url": feed_server.url("/down.xml"),
                                                     "title": "Down"}])
    for _ in range(3):
        out, err = _run(config, capsys)
        assert err == ["akhbar: Down: HTTP 500 Internal Server Error"]
    out, err = _run(config, capsys)
    assert len(feed_server.requests_for("/down.xml")) == 3
    assert err[0].startswith("akhbar: Down: not fetched until ")
    assert err[0].endswith("(3 failures in a row)")


def test_unchanged_body_without_etag_is_not_parsed_again(feed_server, tmp_path, capsys):
    url = feed_server.add("/same.xml", fixture_bytes("arabic_rss.xml"), conditional=False)
    config = write_config(tmp_path / "feeds.toml", [{"url": url}])
    _run(config, capsys)
    from tui import config as config_mod
    from tui import paths
    from tui.refresh import refresh
    from tui.store import Store

    with Store(paths.store_file()) as store:
        summary = refresh(config_mod.load(config), store)
    assert (summary.unchanged, summary.fetched) == (1, 0)  # the same bytes: not parsed
    out, err = _run(config, capsys)
    assert len(out) == 3
