"""The fast parser and feedparser agree on what an article is."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui import entry
from tui import parse as parse_mod
from tui.parse_fast import parse_fast

ROOT = Path(__file__).parents[2]
FEEDS = sorted(
    p for p in [*(ROOT / "tests/fixtures/feeds").glob("*.xml"),
                *(ROOT / "tui/data/demo").glob("*.xml"), *(ROOT / "tui/data/demo").glob("*.atom")]
    if p.name != "truncated.xml"  # no parser should read it: see the test below
)
FIELDS = ("guid", "link", "title", "author", "published", "content", "categories")


@pytest.mark.parametrize("path", FEEDS, ids=lambda p: p.name)
def test_fast_path_gives_the_reference_articles(path):
    body = path.read_bytes()
    reference = parse_mod._parse_xml(body, {}, "http://feeds.example/x.xml")
    fast = parse_fast(body)
    if fast is None:  # not UTF-8: only the reference parser reads it
        assert not parse_mod.is_plain_utf8(body, "")
        return
    assert fast.title == reference.title
    assert len(fast.articles) == len(reference.articles)
    for ours, theirs in zip(fast.articles, reference.articles, strict=True):
        for field in FIELDS:
            assert getattr(ours, field) == getattr(theirs, field), (field, ours.title)


def test_truncated_document_is_a_parse_error_not_a_partial_item():
    body = (ROOT / "tests/fixtures/feeds/truncated.xml").read_bytes()
    with pytest.raises(parse_mod.ParseError, match="broken feed"):
        parse_mod.parse(body, {}, "http://feeds.example/t.xml")


def test_header_charset_sends_the_body_to_feedparser():
    body = (ROOT / "tests/fixtures/feeds/arabic_cp1256.xml").read_bytes()
    assert not parse_mod.is_plain_utf8(body, "text/xml")
    feed = parse_mod.parse(body, {"Content-Type": "text/xml; charset=windows-1256"}, "")
    assert feed.articles[0].title == "انتخابات بلدية في ثلاث محافظات"


def test_relative_links_are_resolved_against_the_feed_url():
    body = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>R</title>
    <item><title>a</title><link>/news/1</link><guid isPermaLink="false">1</guid></item>
    </channel></rss>"""
    for headers in ({}, {"content-type": "text/xml; charset=iso-8859-1"}):
        feed = parse_mod.parse(body, headers, "https://site.example/feed.xml")
        assert feed.articles[0].link == "https://site.example/news/1"
        assert feed.articles[0].guid == "1"


def test_shortcuts_of_the_fast_path_still_clean_what_needs_it():
    """Cheap checks skip the work for plain text; text that needs it still gets it."""
    assert entry.guid("urn:x:1") == "urn:x:1"
    assert entry.guid("خبر\ud800") == "خبر\ufffd"
    assert not entry.looks_like_html("عنوان <فيديو> بلا وسوم")
    assert entry.looks_like_html("a &amp; b") and entry.looks_like_html("<b>a</b>")
    assert not parse_mod._raw_control(b"<rss>\t\r\n</rss>")
    assert parse_mod._raw_control(b"<rss>\x1b[2J</rss>")
    feed = b"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>
    <title>T</title><item><title>\xd8\xae\xd8\xa8\xd8\xb1 %s\xd8\xb9\xd8\xa7\xd8\xac\xd9\x84</title>
    <link>http://a.example/1</link><description>a&lt;b&gt;b%s\nc&lt;/b&gt;</description>
    <author>\xe2\x80\x8fX</author></item></channel></rss>"""
    raw = feed % (b"\x1b[2J", b"")  # feedparser reads it
    fast = feed % (b"\xe2\x80\xae", b"\xc2\x9b")  # the fast path reads it
    assert parse_fast(raw) is None and parse_fast(fast) is not None
    for body in (raw, fast):
        article = parse_mod.parse(body, {}, "").articles[0]
        assert article.title == "خبر عاجل" and article.author == "X"
        assert article.summary == "a<b>b\nc</b>"
