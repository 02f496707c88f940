"""Feed bytes → ParsedFeed. No network, no database.

RSS, Atom and RDF go through feedparser, given the response headers so that the
charset of the HTTP header (windows-1256, ISO-8859-6) is honoured. JSON Feed,
which feedparser does not know, has a small parser here.
"""

from __future__ import annotations

import dataclasses
import json
import re
from urllib.parse import urljoin

from tui import entry
from tui.i18n import N_
from tui.models import ParsedArticle, ParsedFeed
from tui.parse_fast import is_plain_utf8, parse_fast
from tui.text.clean import clean_field

# feedparser's sanitizer and relative-URI resolution re-parse every body as
# HTML; akhbar cleans HTML itself when it shows it, so both are wasted work.
_FEEDPARSER_OPTIONS = dict(sanitize_html=False, resolve_relative_uris=False)


class ParseError(Exception):
    """Nothing usable came out of the body; the message says why, in plain words."""


def parse(body: bytes, headers: dict[str, str] | None = None, url: str = "") -> ParsedFeed:
    headers = {k.lower(): v for k, v in (headers or {}).items()}
    if not body or not body.strip():
        raise ParseError(N_("the server sent an empty body"))
    content_type = headers.get("content-type", "")
    body = _without_surrogate_refs(body)
    if _looks_like_json(body, content_type):
        feed = parse_json_feed(body)
    elif is_plain_utf8(body, content_type) and _complete(body) and \
            not _raw_control(body) and (fast := parse_fast(body)) is not None:
        feed = fast
    else:
        feed = _parse_xml(body, headers, url)
    return _absolute_links(feed, url)


# "&#xD800;" names no character: feedparser fails the whole feed on it
# (UnicodeEncodeError) and lxml drops the text around it. It means U+FFFD.
_CHAR_REF = re.compile(rb"&#(?:[xX]0*[dD][89a-fA-F][0-9a-fA-F]{2}|0*5[5-7][0-9]{3});")


def _without_surrogate_refs(body: bytes) -> bytes:
    if _CHAR_REF.search(body) is None:  # a third of what `b"&#" in body` costs
        return body

    def replace(m: re.Match) -> bytes:
        ref = m.group()[2:-1]
        code = int(ref[1:], 16) if ref[:1] in (b"x", b"X") else int(ref)
        return b"&#xFFFD;" if 0xD800 <= code <= 0xDFFF else m.group()

    return _CHAR_REF.sub(replace, body)


def _absolute_links(feed: ParsedFeed, url: str) -> ParsedFeed:
    if not url or all(not a.link or "://" in a.link for a in feed.articles):
        return feed
    articles = tuple(
        a if not a.link or "://" in a.link else dataclasses.replace(a, link=urljoin(url, a.link))
        for a in feed.articles
    )
    return dataclasses.replace(feed, articles=articles)


# Raw C0 controls are not XML: lxml's recovery drops them one by one (leaving
# "[2J" junk where an escape sequence was) and can lose every item after one.
# feedparser's loose parser keeps the items and strip_controls the sequences.
_RAW_CONTROLS = bytes(range(0x09)) + b"\x0b\x0c" + bytes(range(0x0e, 0x20))
_NOT_RAW_CONTROL = bytes(sorted(set(range(256)) - set(_RAW_CONTROLS)))


def _raw_control(body: bytes) -> bool:
    """Whether `body` holds a raw C0 control (tab, newline and CR are XML's own).
    Deleting every other byte leaves what it holds of them: 0.05 ms for a 170 KB
    feed, where a regular expression's class takes 0.6."""
    return bool(body.translate(None, _NOT_RAW_CONTROL))
_ROOT_END = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?(?:rss|feed|RDF)>\s*$")


def _complete(body: bytes) -> bool:
    """A document that ends with its root's end tag; truncated ones go to feedparser."""
    return bool(_ROOT_END.search(body[-64:]))


def _looks_like_json(body: bytes, content_type: str) -> bool:
    if "json" in content_type:
        return True
    return body.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{"


def _parse_xml(body: bytes, headers: dict[str, str], url: str) -> ParsedFeed:
    import feedparser  # 60 ms to import: only for the bodies the fast path declines

    # No content-location: feedparser would "resolve" guids against it, and a
    # guid is an identity, not a link.
    if b"\xc2\x85" in body and is_plain_utf8(body, headers.get("content-type", "")):
        # NEL ends a line; feedparser would read it as windows-1252's "…".
        body = body.replace(b"\xc2\x85", b"\n")
    try:
        d = feedparser.parse(body, response_headers=headers, **_FEEDPARSER_OPTIONS)
        arabic = _misdeclared_arabic(body, d)
        if arabic is not None:
            d = feedparser.parse(arabic, response_headers={**headers, "content-type":
                                 "application/xml; charset=utf-8"}, **_FEEDPARSER_OPTIONS)
    except Exception as e:  # feedparser is third-party code fed hostile bytes
        raise ParseError(N_("unreadable feed ({error})").format(error=type(e).__name__)) from None
    # bozo alone is not an error: it is set for harmless things (text/xml
    # without charset); the feed fails only when nothing usable came out.
    if not d.entries and not d.feed.get("title"):
        if d.version == "" and b"<html" in body[:2048].lower():
            # Well-formed XHTML is no bozo, but just as much a web page.
            raise ParseError(N_("this is a web page, not a feed (check the feed's URL)"))
        if d.get("bozo"):
            reason = str(d.get("bozo_exception", "")).splitlines()[0][:120]
            raise ParseError(N_("not a valid feed: {reason}").format(reason=reason) if reason
                             else N_("not a valid feed"))
        if not d.version:
            raise ParseError(N_("not an RSS, Atom, RDF or JSON feed"))
    articles = tuple(a for a in map(_article, d.entries) if a)
    if not articles and d.entries and d.get("bozo"):
        # A document cut off mid-item gives empty shells; that is a broken feed.
        reason = str(d.get("bozo_exception", "")).splitlines()[0][:120]
        raise ParseError(N_("broken feed, no complete item: {reason}").format(reason=reason))
    feed = d.feed
    return ParsedFeed(title=entry.plain_title(feed.get("title"),
                                              (feed.get("title_detail") or {}).get("type")),
                      link=clean_field(feed.get("link")),
                      articles=articles)


_ARABIC_LETTER = re.compile("[\u0621-\u064a]")
_PROLOG_ENCODING = re.compile(rb"^(\s*<\?xml[^>]*?encoding\s*=\s*)([\"'])[^\"']*\2", re.I)


def _misdeclared_arabic(body: bytes, d) -> bytes | None:
    """The body re-encoded as UTF-8 when it is Arabic in a legacy encoding it failed
    to declare, else None.

    A misconfigured server says UTF-8 (header and prolog) and sends windows-1256;
    feedparser then falls back to windows-1252, and the user would read mojibake
    (ÇäÊÎÇÈÇÊ). When the bytes are not UTF-8 and decode as mostly Arabic letters in
    windows-1256 or ISO-8859-6, that is what they are.
    """
    import feedparser

    if not isinstance(d.get("bozo_exception"), feedparser.CharacterEncodingOverride):
        return None
    if (d.get("encoding") or "").lower() not in ("windows-1252", "iso-8859-2", "iso-8859-1"):
        return None
    try:
        body.decode("utf-8")
        return None  # valid UTF-8: the override had another reason
    except UnicodeDecodeError:
        pass
    high = sum(1 for b in body if b >= 0x80)
    best, best_score = None, 0.5 * high
    for encoding in ("windows-1256", "iso-8859-6"):
        try:
            text = body.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = len(_ARABIC_LETTER.findall(text))
        if score > best_score:
            best, best_score = text, score
    if best is None:
        return None
    return _PROLOG_ENCODING.sub(rb"\1\2utf-8\2", best.encode("utf-8"), count=1)


def _article(e) -> ParsedArticle | None:
    content = ""
    if e.get("content"):
        # Prefer the HTML alternative when a feed offers several.
        parts = sorted(e.content, key=lambda c: "html" not in (c.get("type") or ""))
        content = parts[0].get("value", "") or ""
    return entry.article(
        guid_value=e.get("id"),
        link=e.get("link"),
        title=e.get("title"),
        title_type=(e.get("title_detail") or {}).get("type"),
        author=e.get("author"),
        # dict.get: FeedParserDict.get maps updated↔published behind a DeprecationWarning.
        published=dict.get(e, "published_parsed"),
        updated=dict.get(e, "updated_parsed"),
        summary=e.get("summary", "") or "",
        content=content,
        categories=(t.get("term") for t in e.get("tags", [])),
        enclosures=(entry.enclosure(x.get("href"), x.get("type"), x.get("length"))
                    for x in e.get("enclosures", [])),
    )


def parse_json_feed(body: bytes) -> ParsedFeed:
    """JSON Feed 1.0 and 1.1 (jsonfeed.org)."""
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as e:
        raise ParseError(N_("not valid JSON: {reason}").format(reason=str(e)[:100])) from None
    if not isinstance(data, dict) or not str(data.get("version", "")).startswith(
        "https://jsonfeed.org/version/"
    ):
        raise ParseError(N_("JSON, but not a JSON Feed (no jsonfeed.org version)"))
    items = data.get("items")
    if not isinstance(items, list):
        raise ParseError(N_("JSON Feed without an items list"))
    articles = tuple(a for a in (_json_item(i) for i in items if isinstance(i, dict)) if a)
    return ParsedFeed(title=clean_field(_s(data.get("title"))),
                      link=clean_field(_s(data.get("home_page_url"))),
                      articles=articles)


def _s(value) -> str:
    return value if isinstance(value, str) else ""


def _json_author(item: dict) -> str:
    authors = item.get("authors")
    if isinstance(authors, list):
        names = [_s(a.get("name")) for a in authors if isinstance(a, dict)]
        return ", ".join(n for n in names if n)
    author = item.get("author")
    return _s(author.get("name")) if isinstance(author, dict) else ""


def _json_item(item: dict) -> ParsedArticle | None:
    guid = item.get("id")
    tags = item.get("tags")
    return entry.article(
        guid_value=str(guid) if isinstance(guid, (str, int)) and not isinstance(guid, bool)
        else None,
        link=_s(item.get("url")) or _s(item.get("external_url")),
        title=_s(item.get("title")),
        title_type="text",  # JSON Feed titles are plain text
        author=_json_author(item),
        published=_s(item.get("date_published")),
        updated=_s(item.get("date_modified")),
        summary=_s(item.get("summary")),
        content=_s(item.get("content_html")) or _s(item.get("content_text")),
        categories=(t for t in tags if isinstance(t, str)) if isinstance(tags, list) else (),
        enclosures=(entry.enclosure(_s(a.get("url")), _s(a.get("mime_type")),
                                    a.get("size_in_bytes"))
                    for a in item.get("attachments", []) or [] if isinstance(a, dict)),
    )
