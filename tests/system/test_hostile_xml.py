"""Hostile XML and non-feeds: entities, nesting, truncation, wrong encodings.
Each document is served by the real test server and fetched by the real CLI;
the tests check what the user sees and that the other feeds still land."""

from __future__ import annotations

import time

import pytest

from tests.fixtures.hostile import make_fixtures
from tests.hostile_support import FAST, akhbar, assert_clean, error_lines, hostile_bytes, user_store
from tests.support import fixture_bytes, write_config
from tui.store import Store

pytestmark = pytest.mark.slow  # hostile documents through the whole CLI in a subprocess

GOOD_TITLE = "وزير الخارجية يصل إلى أنقرة في زيارة تستمر يومين"


def _run(feed_server, tmp_path, feeds: dict[str, tuple[str, bytes, str]], *extra: str):
    """Serve feeds {path: (title, body, content type)} plus a good one; run --headlines."""
    entries = [{"url": feed_server.add("/good.xml", fixture_bytes("arabic_rss.xml")),
                "title": "Good"}]
    for path, (title, body, ctype) in feeds.items():
        entry = {"url": feed_server.add(path, body, content_type=ctype)}
        if title:
            entry["title"] = title
        entries.append(entry)
    config = write_config(tmp_path / "feeds.toml", entries, FAST)
    started = time.monotonic()
    proc = akhbar("--headlines", "--config", str(config), *extra)
    elapsed = time.monotonic() - started
    assert proc.returncode == 0, proc.stderr
    out = assert_clean(proc.stdout)
    rows = [line.split("\t") for line in out.splitlines()]
    # The good feed always lands, whatever its neighbours did.
    assert sum(1 for r in rows if r[1] == "Good") == 3, rows
    assert any(r[2] == GOOD_TITLE for r in rows)
    return rows, error_lines(proc.stderr), elapsed


def _all_text(store: Store) -> str:
    parts = []
    for a in store.articles():
        parts += [a.title, a.link, a.author, a.summary, a.content, a.feed_title]
    parts += [f.site_title for f in store.feeds()]
    return "\n".join(parts)


def test_external_entity_to_a_local_file_is_not_read(feed_server, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET-xxe-canary", encoding="utf-8")
    body = hostile_bytes("xxe_file.rss").replace(b"SECRET_PATH", str(secret).encode())
    rows, errors, _ = _run(feed_server, tmp_path, {"/xxe.rss": ("", body, "application/xml")})
    out = "\n".join("\t".join(r) for r in rows)
    assert "TOPSECRET" not in out and not any("TOPSECRET" in e for e in errors)
    assert any(r[2].startswith("Leak") for r in rows)  # the feed itself still reads
    with user_store() as s:
        assert "TOPSECRET" not in _all_text(s)
    db = (tmp_path / "data" / "akhbar" / "akhbar.db").read_bytes()
    assert b"TOPSECRET" not in db


def test_external_entities_and_dtd_over_http_are_never_requested(feed_server, tmp_path):
    watched = feed_server.url("/watched")
    for path in ("/watched/external.dtd", "/watched/param.dtd", "/watched/entity.txt"):
        feed_server.add(path, b'<!ENTITY ext "REMOTE-CANARY">', content_type="text/plain")
    body = hostile_bytes("xxe_http.rss").replace(b"WATCHED", watched.encode())
    rows, errors, _ = _run(feed_server, tmp_path, {"/xxe2.rss": ("", body, "application/xml")})
    assert [r.path for r in feed_server.requests if r.path.startswith("/watched")] == []
    assert "REMOTE-CANARY" not in "\n".join("\t".join(r) for r in rows)
    assert any(r[2].startswith("Fetch") for r in rows)


def test_billion_laughs_is_not_expanded(feed_server, tmp_path):
    rows, errors, elapsed = _run(feed_server, tmp_path, {
        "/lol.rss": ("Laughs", hostile_bytes("billion_laughs.rss"), "application/rss+xml")})
    assert elapsed < 20
    laughs = [r for r in rows if r[1].startswith("Laughs")]
    # Either the feed is refused with a reason or it lands without the expansion.
    assert laughs or any(e.startswith("akhbar: Laughs: ") for e in errors), (rows, errors)
    assert all(len(r[2]) < 1000 for r in laughs)
    with user_store() as s:
        assert len(_all_text(s)) < 100_000


def test_deep_nesting_is_a_per_feed_outcome(feed_server, tmp_path):
    rows, errors, elapsed = _run(feed_server, tmp_path, {
        "/deep.rss": ("Deep", make_fixtures.deep_nesting(), "application/rss+xml"),
        "/deep.json": ("Deep JSON", make_fixtures.deep_json(), "application/feed+json"),
    })
    assert elapsed < 30
    assert any(r[1] == "Deep" and r[2] == "Deep item" for r in rows) or \
        any(e.startswith("akhbar: Deep: ") for e in errors), (rows, errors)
    assert any(e.startswith("akhbar: Deep JSON: not valid JSON") for e in errors), errors


def test_truncated_html_empty_and_not_a_feed(feed_server, tmp_path):
    rows, errors, _ = _run(feed_server, tmp_path, {
        "/half.rss": ("Half", hostile_bytes("truncated_mid_item.rss"), "application/rss+xml"),
        "/cut.xml": ("Cut", fixture_bytes("truncated.xml"), "application/rss+xml"),
        "/page.html": ("Page", fixture_bytes("webpage.html"), "text/html; charset=utf-8"),
        "/page-as-rss": ("Page as RSS", fixture_bytes("webpage.html"), "application/rss+xml"),
        "/empty.xml": ("Empty", b"", "application/rss+xml"),
        "/blank.xml": ("Blank", b" \r\n\t ", "application/rss+xml"),
        "/binary": ("Binary", bytes(range(256)) * 20, "application/octet-stream"),
    })
    # A feed cut mid-item keeps its complete items.
    assert any(r[1] == "Half" and r[2] == "خبر كامل" for r in rows), rows
    lines = set(errors)
    assert "akhbar: Empty: the server sent an empty body" in lines
    assert "akhbar: Blank: the server sent an empty body" in lines
    assert any(e.startswith("akhbar: Page: this is a web page, not a feed") for e in errors)
    assert any(e.startswith("akhbar: Page as RSS: this is a web page, not a feed")
               for e in errors)
    assert any(e.startswith("akhbar: Cut: ") for e in errors)
    assert any(e.startswith("akhbar: Binary: ") for e in errors)
    assert not any("Half" in e for e in errors)


@pytest.mark.parametrize("header", ["application/rss+xml; charset=utf-8", "text/xml",
                                    "application/xml"])
def test_windows_1256_bytes_declared_utf8_read_as_arabic(feed_server, tmp_path, header):
    """Header and prolog both claim UTF-8; the bytes are windows-1256. feedparser on
    its own falls back to windows-1252, which is mojibake (ÇäÊÎÇÈÇÊ). The user should
    see the Arabic."""
    rows, errors, _ = _run(feed_server, tmp_path, {
        "/cp.rss": ("", hostile_bytes("cp1256_declared_utf8.rss"), header)})
    assert not any("شرفة" in e or "cp.rss" in e for e in errors), errors
    mine = [r for r in rows if r[1] != "Good"]
    assert [(r[1], r[2]) for r in mine] == [("جريدة الشرفة", "انتخابات بلدية في ثلاث محافظات")]


def test_misdeclared_latin_text_is_not_taken_for_arabic():
    """The windows-1256 rescue only applies when the bytes read as Arabic."""
    from tui.parse import parse

    body = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            "<title>Café résumé</title><item><title>Élan déjà vu à côté</title>"
            "<guid>1</guid></item></channel></rss>").encode("latin-1")
    feed = parse(body, {"content-type": "application/rss+xml; charset=utf-8"})
    assert (feed.title, feed.articles[0].title) == ("Café résumé", "Élan déjà vu à côté")
