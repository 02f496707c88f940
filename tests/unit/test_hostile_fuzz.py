"""Fuzz: random bytes, mutated real feeds and random text in feed templates go
through parse → clean → layout → output. Nothing may escape the per-feed error
path (ParseError), and no control character may survive into any display string."""

from __future__ import annotations

import io
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.hostile_support import assert_clean_text
from tui.models import Article
from tui.output import article_record, write_headlines
from tui.parse import ParseError, parse
from tui.text.bidi import display_text, layout, truncate
from tui.text.clean import clean_field, lead, strip_controls
from tui.text.html import html_to_blocks

pytestmark = pytest.mark.slow  # hypothesis fuzzing

FIXTURES = Path(__file__).parents[1] / "fixtures"
SEEDS = sorted(p.read_bytes() for p in [*(FIXTURES / "feeds").iterdir(),
                                        *(FIXTURES / "hostile").iterdir()]
               if p.suffix in (".xml", ".rss", ".atom", ".json", ".html"))
SNIPPETS = [b"\x1b[2J", b"\x1b]52;c;eA==\x07", b"\x9b", b"\xc2\x9b", b"\xe2\x80\xae", b"&#x1b;",
            b"&#x9b;", b"&#xd800;", b"&#0;", b"<![CDATA[", b"]]>", b"<item>", b"</item>",
            b"<title>", b"</title>", b"&lt;script&gt;", b"&amp;", b"&", b"<", b">", b"\x00",
            b'<!DOCTYPE x [<!ENTITY e "&#x1b;[31m">]>', b"&e;", b"\\u001b", b"\\ud800",
            b'"', b"{", b"}", b"[", b"]", b"\xff\xfe", b"\xef\xbb\xbf", b"\r", b"[bold]",
            b'<a href="javascript:alert(1)">x</a>', b"\xd8\xa7\xd9\x84", b"\xe2\x81\xa6"]

# Bounded for CI; AKHBAR_FUZZ_EXAMPLES=5000 for a longer hunt.
FUZZ = settings(max_examples=int(os.environ.get("AKHBAR_FUZZ_EXAMPLES", "200")), deadline=None,
                suppress_health_check=[HealthCheck.too_slow])


@st.composite
def mutated_feed(draw) -> bytes:
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(data)))
        op = draw(st.sampled_from(["insert", "delete", "snippet", "flip", "cut"]))
        if op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif op == "delete":
            del data[at:at + draw(st.integers(1, 64))]
        elif op == "snippet":
            data[at:at] = draw(st.sampled_from(SNIPPETS))
        elif op == "flip" and at < len(data):
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif op == "cut":
            del data[at:]
    return bytes(data)


nasty_text = st.lists(st.one_of(
    st.characters(codec=None),  # anything, lone surrogates included
    st.sampled_from(list("\x1b\x07\x08\r\n\t\x9b\x9c\x9d\x85\u202e\u2066\u200f[]<>&;")),
    st.sampled_from(["ال", "لا", "سلام", "\u064b", "\ufefb", "\x1b]8;;", "\x1b\\", " "])),
    max_size=60).map("".join)


@st.composite
def templated_feed(draw) -> tuple[bytes, str]:
    title, body, author, link = (draw(nasty_text) for _ in range(4))
    if draw(st.booleans()):
        doc = {"version": "https://jsonfeed.org/version/1.1", "title": title,
               "items": [{"id": draw(nasty_text) or "1", "title": title, "url": link,
                          "content_html": body, "authors": [{"name": author}]}]}
        return json.dumps(doc, ensure_ascii=draw(st.booleans())).encode("utf-8",
                                                                        "surrogatepass"), \
            "application/feed+json"
    def x(s: str) -> str:
        return escape(s) if draw(st.booleans()) else s  # raw markup is hostile too
    xml = (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
           f"<title>{x(title)}</title><item><title>{x(title)}</title><link>{x(link)}</link>"
           f"<author>{x(author)}</author><description><![CDATA[{body}]]></description>"
           "</item></channel></rss>")
    return xml.encode("utf-8", "surrogatepass"), "application/rss+xml; charset=utf-8"


def _display(body: bytes, content_type: str) -> None:
    """The whole pipeline for one body, asserting on every string a user can see."""
    try:
        feed = parse(body, {"content-type": content_type}, "http://fuzz.example/feed")
    except ParseError as e:
        assert_clean_text(clean_field(str(e)), "a parse error")
        return
    shown = [feed.title, feed.link]
    articles = []
    for n, item in enumerate(feed.articles[:20]):
        shown += [item.title, item.author, item.link or "", *item.categories]
        for mode in ("on", "off"):
            shown.append(display_text(item.title, mode))
            shown.append(truncate(item.title, 30, mode))
        html = item.content or item.summary
        blocks = html_to_blocks(html, item.link)
        for block in blocks.blocks[:10]:
            for mode in ("on", "off"):
                shown += layout(block.text, 40, mode)
        shown += list(blocks.links)
        shown.append(lead(blocks))
        articles.append(Article(
            id=n, feed_url="http://fuzz.example/feed", feed_title=feed.title, guid=item.guid,
            title=item.title, link=item.link or "", author=item.author,
            published=item.published or datetime(2026, 1, 1, tzinfo=UTC),
            first_seen=datetime(2026, 1, 1, tzinfo=UTC), summary=item.summary,
            content=item.content, read=False, starred=False, categories=item.categories))
        # Stored text keeps tabs and newlines but no other control.
        assert_clean_text(item.content, "stored content")
        assert_clean_text(item.summary, "stored summary")
    out = io.StringIO()
    write_headlines(articles, out)
    write_headlines(articles, out, as_json=True)
    shown.append(out.getvalue())
    for a in articles:
        shown += [str(v) for v in article_record(a).values()]
    for text in shown:
        assert_clean_text(text, "a display string")
        text.encode("utf-8")  # printable: no lone surrogate


@FUZZ
@given(st.binary(max_size=4096), st.sampled_from(
    ["application/rss+xml", "application/feed+json", "text/html", "text/xml; charset=utf-8",
     "application/xml; charset=windows-1256", ""]))
def test_random_bytes(body, content_type):
    _display(body, content_type)


@FUZZ
@given(mutated_feed(), st.sampled_from(["application/rss+xml; charset=utf-8", "text/xml",
                                        "application/atom+xml", "application/feed+json"]))
def test_mutated_real_feeds(body, content_type):
    _display(body, content_type)


@FUZZ
@given(templated_feed())
def test_random_text_in_feed_fields(feed):
    _display(*feed)


@FUZZ
@given(nasty_text)
def test_clean_functions_leave_no_control(text):
    assert_clean_text(clean_field(text), "clean_field")
    stripped = strip_controls(text)
    assert_clean_text(stripped, "strip_controls")
    for mode in ("on", "off"):
        for line in layout(text, 12, mode):
            assert_clean_text(line, "layout")
