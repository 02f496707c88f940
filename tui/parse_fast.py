"""The fast path for RSS/Atom/RDF: fastfeedparser (lxml and a Rust core).

feedparser costs 20–40 ms for a 50-item feed; fastfeedparser about 1 ms, which
decides whether a refresh of 1000 feeds takes seconds or most of a minute
(shared/research/performance.md). feedparser stays the reference: a body that
is not plain UTF-8, that fastfeedparser rejects, or that gives no items goes
to feedparser, and tests check both paths give the same articles.
"""

from __future__ import annotations

import re

from tui import entry
from tui.models import ParsedFeed
from tui.text.clean import clean_field

_PROLOG_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_UTF8 = {"utf-8", "utf8"}


def is_plain_utf8(body: bytes, content_type: str) -> bool:
    """True when header and prolog both leave the body UTF-8 (or say nothing)."""
    m = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9._-]+)", content_type, re.I)
    if m and m.group(1).lower() not in _UTF8:
        return False
    head = body[:200].lstrip(b"\xef\xbb\xbf")
    prolog = _PROLOG_ENCODING.match(head)
    if prolog and prolog.group(1).decode().lower() not in _UTF8:
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# What fastfeedparser would have to guess at, and feedparser reads right: any
# "&" that is not one of XML's five entities or a character reference (HTML's
# &nbsp; &laquo; …, or a bare "&" in a PHP feed: lxml's recovery cuts the text
# there); a reference to a C1 code point (feedparser reads it as windows-1252);
# xml:base (relative links); a DTD (entity declarations); an Atom title typed
# html or xhtml (its markup or its emptiness would be taken as the title).
# One pass each (a 16 MB feed costs ~15 ms a pass); no IGNORECASE, which
# would lose the literal-prefix scan (25 times slower): XML names are
# case-sensitive anyway.
_IRREGULAR = (
    re.compile(rb"&(?:(?!amp;|lt;|gt;|quot;|apos;|#[0-9]+;|#[xX][0-9a-fA-F]+;)"
               rb"|#[xX]0*[89][0-9a-fA-F];|#0*1[2-5][0-9];)"),
    re.compile(rb"title\s[^<>]*\btype\s*=\s*[\"'](?:x?html|text/html)"),
    re.compile(rb"xml:base"),  # a regular expression finds it in 2/3 the time of `in`
)
_DOCTYPE = re.compile(rb"<!(?:DOCTYPE|doctype)")
_PROLOG = 65536
"""A DTD (and its entity declarations) can only come before the root element."""


def _irregular(body: bytes) -> bool:
    return _DOCTYPE.search(body, 0, _PROLOG) is not None or \
        any(pattern.search(body) for pattern in _IRREGULAR)


def _recovered() -> bool:
    """Whether lxml had to repair the document fastfeedparser just parsed.

    fastfeedparser always parses with recover=True and keeps its parsers per
    thread: the recover parser's error log is that of its last document (the
    whole one, or its head when the native core read the items, which it does
    only for well-formed ones). Unknown internals count as a repair.
    """
    try:
        from fastfeedparser import main

        return len(main._THREAD_XML_PARSERS.recover.error_log) > 0
    except (ImportError, AttributeError):
        return True


def parse_fast(body: bytes) -> ParsedFeed | None:
    """The feed, or None when the reference parser should have it: whenever the
    body has a quirk the fast path would read differently, or lxml had to
    recover from malformed XML, feedparser reads it instead of a guess."""
    if _irregular(body):
        return None
    import fastfeedparser  # 40 ms with lxml: a refresh where every feed is a 304 skips it

    try:
        d = fastfeedparser.parse(body, include_media=False)
    except Exception:  # any doubt goes to feedparser, which reports errors well
        return None
    if not d.entries or _recovered():
        return None
    # RSS and RDF titles carry no type: HTML is recognized as feedparser does.
    # Atom ones are text here (html and xhtml ones were sent to feedparser).
    guess = _ATOM_ROOT.search(body[:4096]) is None
    articles = []
    for e in d.entries:
        content = ""
        parts = e.get("content") or []
        if len(parts) > 1:
            parts = sorted(parts, key=lambda c: "html" not in (c.get("type") or ""))
        if parts:
            content = parts[0].get("value") or ""
        title = e.get("title") or ""
        article = entry.article(
            guid_value=e.get("id"),
            link=e.get("link"),
            title=title,
            title_type=_title_type(title, guess),
            author=e.get("author"),
            published=e.get("published"),
            updated=e.get("updated"),
            summary=e.get("description") or "",
            content=content,
            categories=(t.get("term") for t in e.get("tags") or []),
            enclosures=(entry.enclosure(x.get("url") or x.get("href"), x.get("type"),
                                        x.get("length"))
                        for x in e.get("enclosures") or []),
        )
        if article is not None:
            articles.append(article)
    if not articles:
        return None
    title = d.feed.get("title") or ""
    return ParsedFeed(title=entry.plain_title(title, _title_type(title, guess)),
                      link=clean_field(d.feed.get("link")), articles=tuple(articles))


_ATOM_ROOT = re.compile(rb"<(?:[\w-]+:)?feed\b")


def _title_type(title: str, guess: bool) -> str:
    return "text/html" if guess and entry.looks_like_html(title) else "text/plain"
