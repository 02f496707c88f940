"""The fast parser is an optimization: on any feed it reads, it gives what the
reference (feedparser) gives (issue #13). Generated feeds carry the quirks of
real ones: HTML, XHTML and CDATA titles, xml:base at feed and entry level,
entities XML does not define, bare "&", escaped tag-like text, line separators.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui import parse as parse_mod
from tui.parse_fast import parse_fast

pytestmark = pytest.mark.slow  # hundreds of generated feeds through both parsers

URL = "http://feed.example/news/feed.xml"
# Written for this test: Arabic and English news words.
WORDS = ("سقوط أمطار غزيرة على الساحل الشمالي وافتتاح سوق جديد للحرفيين في المدينة "
         "القديمة مساء الخميس harbour council votes new ferry timetable after long "
         "debate over fares").split()
TAGS = ("b", "i", "strong", "em", "span")
ENTITIES = ("&nbsp;", "&laquo;", "&raquo;", "&hellip;", "&ndash;")
SEPARATORS = ("\u0085", "\u2028", "\u2029", "\n", "\t")


@st.composite
def title_xml(draw, atom: bool) -> tuple[str, str]:
    """(the title's XML, its type attribute)."""
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=6))
    pieces = []
    for w in words:
        kind = draw(st.sampled_from(("plain",) * 8 + ("tag", "entity", "amp", "fake", "sep")))
        if kind == "tag":
            tag = draw(st.sampled_from(TAGS))
            pieces.append(f"&lt;{tag}&gt;{w}&lt;/{tag}&gt;")
        elif kind == "entity":
            pieces.append(w + draw(st.sampled_from(ENTITIES)))
        elif kind == "amp":
            pieces.append(w + draw(st.sampled_from((" &amp; ", " & ", " &amp;amp; "))))
        elif kind == "fake":
            pieces.append(f"&lt;{w}&gt;")  # escaped tag-like text: literal
        elif kind == "sep":
            pieces.append(w + draw(st.sampled_from(SEPARATORS)))
        else:
            pieces.append(w)
    text = " ".join(pieces)
    form = draw(st.sampled_from(("escaped", "cdata", "html", "xhtml") if atom
                                else ("escaped", "cdata")))
    if form == "cdata" and "&" not in text.replace("&lt;", "").replace("&gt;", ""):
        return f"<![CDATA[{text.replace('&lt;', '<').replace('&gt;', '>')}]]>", ""
    if form == "html":
        return text.replace("&amp;", "&amp;amp;"), ' type="html"'
    if form == "xhtml":
        body = text.replace("&lt;", "<").replace("&gt;", ">") if "&lt;" + "/" in text else text
        return f'<div xmlns="http://www.w3.org/1999/xhtml">{body}</div>', ' type="xhtml"'
    return text, ""


@st.composite
def feeds(draw) -> bytes:
    flavour = draw(st.sampled_from(("rss", "atom", "rdf")))
    feed_base = draw(st.sampled_from(("", "", "", " xml:base='http://base.example/a/'")))
    items = []
    for n in range(draw(st.integers(1, 4))):
        title, type_attr = draw(title_xml(flavour == "atom"))
        link = draw(st.sampled_from((f"http://site.example/{n}", f"story/{n}.html",
                                     f"/top/{n}?a=1&amp;b=2")))
        base = draw(st.sampled_from(("", "", "", " xml:base='http://entry.example/x/'")))
        day = draw(st.integers(1, 28))
        if flavour == "atom":
            items.append(f"<entry{base}><title{type_attr}>{title}</title><link href='{link}'/>"
                         f"<id>urn:x:{n}</id><updated>2026-02-{day:02d}T10:00:00Z</updated>"
                         "</entry>")
        elif flavour == "rss":
            items.append(f"<item{base}><title>{title}</title><link>{link}</link>"
                         f"<guid isPermaLink='false'>g{n}</guid>"
                         f"<pubDate>Sat, {day:02d} Feb 2026 10:00:00 +0300</pubDate></item>")
        else:
            items.append(f"<item rdf:about='http://site.example/{n}'{base}><title>{title}</title>"
                         f"<link>{link}</link><dc:date>2026-02-{day:02d}T10:00:00Z</dc:date>"
                         "</item>")
    body = "".join(items)
    head = '<?xml version="1.0" encoding="utf-8"?>'
    if flavour == "atom":
        doc = (f'<feed xmlns="http://www.w3.org/2005/Atom"{feed_base}><title>Wire</title>'
               f"<id>urn:wire</id>{body}</feed>")
    elif flavour == "rss":
        doc = (f'<rss version="2.0"><channel{feed_base}><title>نشرة</title>'
               f"<link>http://site.example/</link>{body}</channel></rss>")
    else:
        doc = ('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
               'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"'
               f'{feed_base}><channel rdf:about="http://site.example/"><title>نشرة</title>'
               f"<link>http://site.example/</link></channel>{body}</rdf:RDF>")
    return (head + doc).encode()


def summary(feed):
    return feed.title, [(a.title, a.link, a.published, a.guid) for a in feed.articles]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(feeds())
def test_fast_path_equals_reference(body):
    reference = parse_mod._absolute_links(parse_mod._parse_xml(body, {}, URL), URL)
    assert summary(parse_mod.parse(body, {}, URL)) == summary(reference)
    fast = parse_fast(body)
    if fast is not None:
        assert summary(parse_mod._absolute_links(fast, URL)) == summary(reference)
