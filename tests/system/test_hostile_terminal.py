"""Terminal control in feed text: nothing a feed sends reaches stdout or stderr as
a control, in any headless mode. The real CLI runs in a subprocess against a
real HTTP server and the tests look at the raw bytes it wrote."""

from __future__ import annotations

import json

import pytest

from tests.hostile_support import (
    FAST,
    akhbar,
    assert_clean,
    assert_clean_text,
    error_lines,
    hostile_bytes,
)
from tests.support import write_config

pytestmark = pytest.mark.slow  # hostile feeds through the whole CLI in a subprocess

FEEDS = {
    "/controls.rss": ("controls.rss", "application/rss+xml; charset=utf-8"),
    "/refs.atom": ("controls_refs.atom", "application/atom+xml"),
    "/c1.atom": ("c1_refs.atom", "application/atom+xml"),
    "/controls.json": ("controls.json", "application/feed+json"),
}


@pytest.fixture
def hostile_config(feed_server, tmp_path):
    feeds = [{"url": feed_server.add(path, hostile_bytes(name), content_type=ctype)}
             for path, (name, ctype) in FEEDS.items()]
    return write_config(tmp_path / "feeds.toml", feeds, FAST)


def _walk_strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _walk_strings(k)
            yield from _walk_strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _walk_strings(v)


def test_headlines_raw_bytes_carry_no_control(hostile_config):
    proc = akhbar("--headlines", "--config", str(hostile_config))
    assert proc.returncode == 0, proc.stderr
    out = assert_clean(proc.stdout, "--headlines stdout")
    error_lines(proc.stderr)
    rows = [line.split("\t") for line in out.splitlines()]
    assert all(len(r) == 4 for r in rows), rows
    titles = {r[2] for r in rows}
    # The words around each attack survive; only the controls went.
    assert any(t.startswith("Headline") and t.endswith("One") for t in titles), titles
    assert any(t.startswith("Json") and t.endswith("Headline") for t in titles), titles
    assert any(t.startswith("Ref") and t.endswith("Headline") for t in titles), titles
    assert any(t.startswith("C1") and t.endswith("Headline") for t in titles), titles
    assert any("surrogate" in t for t in titles), titles
    feeds = {r[1] for r in rows}
    assert any(f.startswith("Feed") and f.endswith("Title") for f in feeds), feeds
    # Only http(s) links are printed as links.
    links = {r[3] for r in rows}
    assert all(link == "" or link.startswith(("http://", "https://")) for link in links), links
    by_title = {r[2]: r[3] for r in rows}
    assert by_title["File link"] == "" and by_title["Data link"] == ""
    assert by_title["Disguised link"] == "https://good.example/gpj.exe"
    assert not any("javascript" in link or "file:" in link for link in links)


def test_headlines_json_values_are_clean_for_jq_r(hostile_config):
    proc = akhbar("--headlines", "--json", "--config", str(hostile_config))
    assert proc.returncode == 0, proc.stderr
    out = assert_clean(proc.stdout, "--headlines --json stdout")
    assert "\\u00" not in out and "\\ud" not in out.lower(), "escaped controls in JSON"
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == 9
    for record in records:
        for s in _walk_strings(record):
            assert_clean_text(s, "a JSON value")  # what `jq -r` would print raw
        assert record["link"] == "" or record["link"].startswith(("http://", "https://"))
    authors = {r["author"] for r in records}
    assert any(a.startswith("Author") and a.endswith("Name") for a in authors), authors


@pytest.mark.parametrize("extra", [(), ("--bidi", "on"), ("--bidi", "off"), ("--json",),
                                   ("--by", "story"), ("--by", "story", "--bidi", "on")],
                         ids=["plain", "bidi-on", "bidi-off", "json", "by-story",
                              "by-story-bidi-on"])
def test_digest_raw_bytes_carry_no_control(hostile_config, extra):
    proc = akhbar("--digest", "--since", "3650d", "--config", str(hostile_config), *extra)
    assert proc.returncode == 0, proc.stderr
    out = assert_clean(proc.stdout, f"--digest {' '.join(extra)} stdout")
    error_lines(proc.stderr)
    if extra == ("--json",):
        doc = json.loads(out)
        for s in _walk_strings(doc):
            assert_clean_text(s, "a digest JSON value")
        leads = [a["lead"] for g in doc["groups"] for a in g["articles"]]
        assert any(lead.startswith("Body") and "first sentence" in lead for lead in leads)
        assert not any("javascript" in s for s in _walk_strings(doc))
    else:
        assert "first sentence of the body" in out
        assert "javascript" not in out and "file:///" not in out and "data:text" not in out


def test_digest_to_a_terminal_carries_no_feed_control(hostile_config):
    """Through a pty, as a user sees it; `--bidi on` so akhbar sends no query of its own."""
    import os
    import pty
    import select
    import subprocess
    import sys

    from tests.hostile_support import REPO

    leader, follower = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(REPO), "TERM": "xterm-256color", "COLUMNS": "80",
           "LINES": "24"}
    proc = subprocess.Popen([sys.executable, "-m", "tui", "--digest", "--since", "3650d",
                             "--bidi", "on", "--config", str(hostile_config)],
                            stdin=follower, stdout=follower, stderr=follower, env=env,
                            cwd=REPO)
    os.close(follower)
    raw = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        raw += chunk
    os.close(leader)
    assert proc.wait(timeout=30) == 0
    # The pty turns "\n" into "\r\n": that CR is the terminal's, not the feed's.
    text = assert_clean(raw.replace(b"\r\n", b"\n"), "the terminal")
    assert "Traceback" not in text
    assert "first sentence of the body" in text


def test_export_opml_carries_no_control(hostile_config):
    assert akhbar("--headlines", "--config", str(hostile_config)).returncode == 0
    proc = akhbar("--export-opml", "--config", str(hostile_config))
    assert proc.returncode == 0, proc.stderr
    out = assert_clean(proc.stdout, "--export-opml stdout")
    from lxml import etree

    root = etree.fromstring(out.encode())
    titles = [o.get("title") for o in root.iter("outline")]
    assert any(t.startswith("Feed") and t.endswith("Title") for t in titles), titles


def test_error_lines_carry_no_control(feed_server, tmp_path):
    """A feed's error names the feed by its (hostile) title; that line is cleaned too."""
    url = feed_server.add("/t.rss", hostile_bytes("controls.rss"))
    config = write_config(tmp_path / "feeds.toml", [{"url": url}], FAST)
    assert akhbar("--headlines", "--config", str(config)).returncode == 0
    # Now the same feed fails, with a reason phrase and a redirect target crafted to attack.
    def evil(handler):
        handler.send_response(500, "Oops\x1b]52;c;eA==\x07")
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    feed_server.routes["/t.rss"].handler = evil
    proc = akhbar("--headlines", "--config", str(config))
    assert proc.returncode == 0
    errors = error_lines(proc.stderr)
    assert any(e.startswith("akhbar: Feed") and "HTTP 500" in e for e in errors), errors
    assert_clean(proc.stdout)


def test_opml_import_cleans_hostile_titles(tmp_path):
    opml = tmp_path / "in.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><body>'
        '<outline text="Folder&#x9b;2J&#x202e;x">'
        '<outline text="Evil&#x9b;31m&#x202e;title" xmlUrl="https://evil.example/f.xml"/>'
        "</outline></body></opml>", encoding="utf-8")
    config = tmp_path / "feeds.toml"
    config.write_text("", encoding="utf-8")
    proc = akhbar("--import-opml", str(opml), "--config", str(config))
    assert proc.returncode == 0, proc.stderr
    assert_clean(proc.stdout)
    written = config.read_text(encoding="utf-8")
    assert_clean_text(written, "feeds.toml")
    assert "\\u" not in written.lower(), written  # no control hidden as a TOML escape
    assert "Evil2J" not in written and "Eviltitle" in written.replace("31m", "")


async def test_stored_errors_and_notes_are_clean_at_the_source(feed_server):
    """What the fetcher hands to the store (and so to the app's status line) is clean,
    not only what the headless modes print."""
    from tui.fetch import Fetcher
    from tui.models import Settings

    def evil_500(h):
        h.send_response(500, "Oops\x1b]52;c;ZWNobw==\x07\x1b[2J\x9b31m")
        h.send_header("Content-Length", "0")
        h.end_headers()

    def evil_301(h):
        h.send_response(301)
        h.send_header("Location", "/new\x1b[2J.xml")
        h.send_header("Content-Length", "0")
        h.end_headers()

    fetcher = Fetcher(Settings(**FAST))
    try:
        failed = await fetcher.fetch(feed_server.add("/e500", handler=evil_500))
        moved = await fetcher.fetch(feed_server.add("/e301", handler=evil_301))
    finally:
        await fetcher.aclose()
    assert failed.error.startswith("HTTP 500 Oops")
    assert_clean_text(failed.error, "the stored error")
    assert_clean_text(moved.error or moved.permanent_redirect or "", "the redirect note")
