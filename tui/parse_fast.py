"""The fast path for RSS/Atom/RDF: fastfeedparser (lxml and a Rust core).

feedparser costs 20–40 ms for a 50-item feed; fastfeedparser about 1 ms, which
decides whether a refresh of 1000 feeds takes seconds or most of a minute
(shared/research/performance.md). feedparser stays the reference: a body that
is not plain UTF-8, that fastfeedparser rejects, or that gives no items goes
to feedparser, and tests check both paths give the same articles.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from tui.models import Enclosure, ParsedArticle, ParsedFeed
from tui.text.clean import clean_field, strip_controls

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


def _when(value) -> datetime | None:
    if not value or not isinstance(value, str):
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC)


def parse_fast(body: bytes) -> ParsedFeed | None:
    """The feed, or None when the reference parser should have it."""
    import fastfeedparser  # 40 ms with lxml: a refresh where every feed is a 304 skips it

    try:
        d = fastfeedparser.parse(body, include_media=False)
    except Exception:  # any doubt goes to feedparser, which reports errors well
        return None
    if not d.entries:
        return None
    articles = []
    for e in d.entries:
        content = ""
        parts = e.get("content") or []
        if parts:
            parts = sorted(parts, key=lambda c: "html" not in (c.get("type") or ""))
            content = parts[0].get("value") or ""
        summary = e.get("description") or ""
        enclosures = tuple(
            Enclosure(url=x.get("url") or x.get("href") or "", type=x.get("type") or "",
                      length=_int(x.get("length")))
            for x in e.get("enclosures") or [] if x.get("url") or x.get("href")
        )
        article = ParsedArticle(
            guid=e.get("id") or None,
            link=clean_field(e.get("link")) or None,
            title=clean_field(e.get("title")),
            author=clean_field(e.get("author")),
            published=_when(e.get("published")) or _when(e.get("updated")),
            updated=_when(e.get("updated")),
            summary=strip_controls(summary),
            content=strip_controls(content or summary),
            categories=tuple(clean_field(t.get("term")) for t in e.get("tags") or []
                             if t.get("term")),
            enclosures=enclosures,
        )
        if article.title or article.link or article.content.strip():
            articles.append(article)
    if not articles:
        return None
    return ParsedFeed(title=clean_field(d.feed.get("title")), link=clean_field(d.feed.get("link")),
                      articles=tuple(articles))


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
