"""One feed entry → ParsedArticle, the same for every parser.

feedparser (the reference), fastfeedparser (the fast path) and the JSON Feed
reader each read an entry their own way; what akhbar keeps of it — cleaned
fields, plain-text titles, UTC dates, http(s)-or-nothing enclosures — is
decided here once, so the two XML paths cannot drift apart again.
"""

from __future__ import annotations

import calendar
import html
import html.entities
import re
import time
from collections.abc import Iterable
from datetime import UTC, datetime

from tui.models import Enclosure, ParsedArticle
from tui.text.clean import clean_field, strip_controls
from tui.text.surrogates import replace_surrogates

# feedparser's rule for "this RSS text is HTML" (mixin.looks_like_html), which
# the fast path must apply the same way: a closing tag or an entity reference,
# and only tags its sanitizer accepts. Escaped text that merely looks like a
# tag ("<فيديو>") stays text.
_HTML_ELEMENTS = frozenset("""
a abbr acronym address area article aside audio b big blockquote br button canvas
caption center cite code col colgroup command datagrid datalist dd del details dfn
dialog dir div dl dt em event-source fieldset figcaption figure font footer form h1 h2
h3 h4 h5 h6 header hr i img input ins kbd keygen label legend li m map menu meter
multicol nav nextid noscript ol optgroup option output p pre progress q s samp section
select small sound source spacer span strike strong sub sup table tbody td textarea
tfoot th thead time tr tt u ul var video
""".split())
_CLOSE_TAG = re.compile(r"</(\w+)>")
_ENTITY_REF = re.compile(r"&#?\w+;")
_TAG_NAME = re.compile(r"</?(\w+)")
_NAMED_REF = re.compile(r"&(\w+);")
_TAG = re.compile(r"<[^<>]*>")
# Tags that end a line of text: dropped, they leave a space between the words.
_BREAK_TAG = re.compile(
    r"<(?:br|p|div|li|h[1-6]|tr|td|th)\b[^<>]*>|</(?:p|div|li|h[1-6]|tr|td|th)>", re.IGNORECASE)
HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")


def looks_like_html(text: str) -> bool:
    # Most titles have neither "</" nor "&", which both patterns need.
    if "&" not in text and "</" not in text:
        return False
    if not (_CLOSE_TAG.search(text) or _ENTITY_REF.search(text)):
        return False
    if any(t.lower() not in _HTML_ELEMENTS for t in _TAG_NAME.findall(text)):
        return False
    return all(e in html.entities.entitydefs for e in _NAMED_REF.findall(text))


def plain_title(value: str | None, content_type: str | None) -> str:
    """A title as one line of plain text: an HTML or XHTML one becomes its words
    (tags dropped, entities decoded); a text one is kept as it is."""
    value = value or ""
    if (content_type or "").lower() in HTML_TYPES and ("<" in value or "&" in value):
        value = html.unescape(_TAG.sub("", _BREAK_TAG.sub(" ", value)))
    return clean_field(value)


def when(value) -> datetime | None:
    """A feed's date as an aware UTC datetime, or None: feedparser's time tuple
    (UTC), an ISO 8601 string (fastfeedparser, JSON Feed), or any other date
    string feedparser can read (RFC 822 and the oddities of real feeds)."""
    if not value:
        return None
    if isinstance(value, (time.struct_time, tuple)):
        try:
            return datetime.fromtimestamp(calendar.timegm(value), UTC)
        except (OverflowError, ValueError, TypeError):
            return None
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        # 60 ms to import: only for a date ISO 8601 cannot read. feedparser 6 keeps
        # its date parser in feedparser.datetimes (the top-level alias is gone).
        from feedparser.datetimes import _parse_date

        try:
            return when(_parse_date(value))
        except Exception:  # feedparser's handlers raise on some hostile dates
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def guid(value) -> str | None:
    """A guid as the store can keep it: lone surrogates become U+FFFD."""
    if not value or not isinstance(value, str):
        return None
    return value if value.isascii() else replace_surrogates(value)


def enclosure(url, content_type, length) -> Enclosure:
    return Enclosure(url=clean_field(url), type=clean_field(content_type), length=_int(length))


def article(*, guid_value, link, title: str, title_type: str | None, author,
            published, updated, summary: str, content: str,
            categories: Iterable[str], enclosures: Iterable[Enclosure]) -> ParsedArticle | None:
    """The article, or None when nothing of it is worth keeping (no title, link
    or text). Dates are anything `when` reads; `content` falls back to `summary`."""
    result = ParsedArticle(
        guid=guid(guid_value),
        link=clean_field(link) or None,
        title=plain_title(title, title_type),
        author=clean_field(author),
        published=when(published) or when(updated),
        updated=when(updated),
        summary=strip_controls(summary or ""),
        content=strip_controls(content or summary or ""),
        categories=tuple(c for c in map(clean_field, categories) if c),
        enclosures=tuple(e for e in enclosures if e.url),
    )
    if result.title or result.link or result.content.strip():
        return result
    return None


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
