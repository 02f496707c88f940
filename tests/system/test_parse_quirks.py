"""Real-world feed quirks (issue #13, #19 items 2-3): nothing a feed says is lost or garbled.

Each class is checked on the parser and end to end through `--headlines`
against a feed served on 127.0.0.1. The texts are written for these tests.
"""

from __future__ import annotations

import pytest

from tests.support import write_config
from tui import parse as parse_mod
from tui.cli import main

URL = "http://news.example/feed.xml"


def rss(*items: str, channel: str = "", prolog: str = '<?xml version="1.0" encoding="utf-8"?>'
        ) -> bytes:
    body = "".join(f"<item>{i}</item>" for i in items)
    return (f'{prolog}<rss version="2.0"><channel><title>نشرة الوادي</title>{channel}'
            f"<link>http://news.example/</link>{body}</channel></rss>").encode()


def atom(*entries: str, attrs: str = "") -> bytes:
    body = "".join(f"<entry>{e}</entry>" if not e.startswith("<entry") else e for e in entries)
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"'
            f"{attrs}><title>Valley Wire</title><id>urn:valley</id>{body}</feed>").encode()


def titles(body: bytes, headers: dict | None = None) -> list[str]:
    return [a.title for a in parse_mod.parse(body, headers or {}, URL).articles]


HTML_ATOM = atom(
    '<title type="html">&lt;b&gt;عاجل:&lt;/b&gt; انهيار جسر قديم فوق النهر</title>'
    '<link href="http://news.example/1"/><id>1</id><updated>2026-03-01T10:00:00Z</updated>',
    '<title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Storm <em>closes</em> '
    'the northern pass &amp; two roads</div></title>'
    '<link href="http://news.example/2"/><id>2</id><updated>2026-03-01T09:00:00Z</updated>',
)
CDATA_RSS = rss(
    "<title><![CDATA[<b>عاجل:</b> افتتاح &quot;المكتبة&quot; الجديدة]]></title>"
    "<link>http://news.example/c1</link><pubDate>Sun, 01 Mar 2026 08:00:00 GMT</pubDate>",
    "<title>&lt;فيديو&gt; سباق القوارب في الميناء</title>"
    "<link>http://news.example/c2</link><pubDate>Sun, 01 Mar 2026 07:00:00 GMT</pubDate>",
)
ENTITY_RSS = rss(
    "<title>وزير&nbsp;الزراعة يعلن &laquo;موسم القمح&raquo; الأوفر منذ عشر سنوات&hellip;</title>"
    "<link>http://news.example/e1</link><pubDate>Sun, 01 Mar 2026 06:00:00 GMT</pubDate>",
    "<title>Rain &ndash; and more rain &amp; Co</title>"
    "<link>http://news.example/e2?a=1&amp;b=2</link>"
    "<pubDate>Sun, 01 Mar 2026 05:00:00 GMT</pubDate>",
)
BARE_AMP_RSS = rss(
    "<title>Fish & Chips festival returns to the harbour</title>"
    "<link>http://news.example/b1?x=1&y=2</link><pubDate>Sun, 01 Mar 2026 04:00:00 GMT</pubDate>",
    "<title>سوق الخضار & الفاكهة يفتح أبوابه</title>"
    "<link>http://news.example/b2</link><pubDate>Sun, 01 Mar 2026 03:00:00 GMT</pubDate>",
)


def test_atom_html_and_xhtml_titles_are_their_text():
    assert titles(HTML_ATOM) == ["عاجل: انهيار جسر قديم فوق النهر",
                                 "Storm closes the northern pass & two roads"]


def test_rss_cdata_html_is_text_but_escaped_text_stays_literal():
    assert titles(CDATA_RSS) == ['عاجل: افتتاح "المكتبة" الجديدة',
                                 "<فيديو> سباق القوارب في الميناء"]


def test_undefined_entities_and_bare_ampersands_keep_the_whole_title():
    assert titles(ENTITY_RSS) == [
        "وزير\xa0الزراعة يعلن «موسم القمح» الأوفر منذ عشر سنوات…", "Rain – and more rain & Co"]
    feed = parse_mod.parse(BARE_AMP_RSS, {"content-type": "text/html"}, URL)
    assert [a.title for a in feed.articles] == ["Fish & Chips festival returns to the harbour",
                                                "سوق الخضار & الفاكهة يفتح أبوابه"]
    assert feed.articles[0].link == "http://news.example/b1?x=1&y=2"


def test_xml_base_of_feed_and_entry_resolves_relative_links():
    body = atom(
        "<title>one</title><link href='a/1.html'/><id>1</id>",
        "<entry xml:base='http://mirror.example/deep/'><title>two</title>"
        "<link href='2.html'/><id>2</id></entry>",
        attrs=" xml:base='http://base.example/news/'")
    links = [a.link for a in parse_mod.parse(body, {}, URL).articles]
    assert links == ["http://base.example/news/a/1.html", "http://mirror.example/deep/2.html"]


@pytest.mark.parametrize("separator", ["\u0085", "\u2028", "\u2029", "\n"])
def test_line_separators_in_a_title_become_spaces(separator):
    body = rss(f"<title>انتخابات{separator}محلية</title><link>http://news.example/n</link>")
    assert titles(body) == ["انتخابات محلية"]
    # The reference parser reads the same (NEL would be windows-1252's "…" there).
    assert [a.title for a in parse_mod._parse_xml(body, {}, URL).articles] == ["انتخابات محلية"]


@pytest.mark.parametrize("ref", ["&#xD800;", "&#xdfff;", "&#55296;"])
def test_lone_surrogate_reference_is_a_replacement_character(ref):
    items = (f"<title>نص {ref} مكسور</title><link>http://news.example/s1</link>",
             "<title>خبر سليم</title><link>http://news.example/s2</link>")
    # Both paths: a DOCTYPE sends the second body to feedparser.
    for body in (rss(*items), rss(*items, prolog='<?xml version="1.0"?><!DOCTYPE rss>')):
        assert titles(body) == ["نص \ufffd مكسور", "خبر سليم"]


def test_fast_path_declines_what_it_would_guess_at():
    from tui.parse_fast import parse_fast

    for body in (HTML_ATOM, ENTITY_RSS, BARE_AMP_RSS,
                 atom("<title>x</title><id>1</id>", attrs=" xml:base='http://b.example/'"),
                 rss("<title>unclosed <b>tag</title><link>http://news.example/u</link>")):
        assert parse_fast(body) is None
    assert parse_fast(CDATA_RSS) is not None  # CDATA is well-formed: the fast path reads it


# --- end to end: the served feed, the CLI, the headline printed -------------------

GARBAGE_CHARSETS = ["text/xml; charset=no-such-codec", "text/xml; charset=\"\x01\x02\"",
                    "application/rss+xml; charset=utf-8\x7f", "text/xml; charset=",
                    "text/xml; charset=\xff\xfe\x80", "text/xml; charset=utf-8\xc3(",
                    "text/xml; charset=utf-8; charset=\xe9\x01koi",
                    # Python knows these labels, but they cannot decode an XML feed.
                    "text/xml; charset=undefined", "text/xml; charset=cp037",
                    'text/xml; charset="base64"']


def served_headlines(feed_server, tmp_path, capsys, body: bytes, content_type: str):
    url = feed_server.add("/quirk.xml", body, content_type=content_type)
    config = write_config(tmp_path / "feeds.toml", [{"url": url}])
    assert main(["--headlines", "--config", str(config)]) == 0
    captured = capsys.readouterr()
    return [line.split("\t")[2] for line in captured.out.splitlines()], captured.err


@pytest.mark.parametrize("body,content_type,expected", [
    (HTML_ATOM, "application/atom+xml", ["عاجل: انهيار جسر قديم فوق النهر",
                                         "Storm closes the northern pass & two roads"]),
    (CDATA_RSS, "application/rss+xml", ['عاجل: افتتاح "المكتبة" الجديدة',
                                        "<فيديو> سباق القوارب في الميناء"]),
    (ENTITY_RSS, "application/rss+xml",
     ["وزير\xa0الزراعة يعلن «موسم القمح» الأوفر منذ عشر سنوات…", "Rain – and more rain & Co"]),
    (BARE_AMP_RSS, "text/html", ["Fish & Chips festival returns to the harbour",
                                 "سوق الخضار & الفاكهة يفتح أبوابه"]),
], ids=["atom-html-xhtml", "rss-cdata", "entities", "bare-amp"])
def test_headlines_end_to_end(feed_server, tmp_path, capsys, body, content_type, expected):
    printed, err = served_headlines(feed_server, tmp_path, capsys, body, content_type)
    assert printed == expected, err


@pytest.mark.parametrize("content_type", GARBAGE_CHARSETS)
def test_an_unusable_charset_label_is_ignored(feed_server, tmp_path, capsys, content_type):
    body = rss("<title>خبر بترميز سليم</title><link>http://news.example/g</link>"
               "<pubDate>Sun, 01 Mar 2026 08:00:00 GMT</pubDate>")
    printed, err = served_headlines(feed_server, tmp_path, capsys, body, content_type)
    assert printed == ["خبر بترميز سليم"], err
