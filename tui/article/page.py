"""Fetch an article's web page and read the article from it; failures as values.

The page goes through the refresh's own Fetcher (tui.fetch): the same session,
the same bounds per host and in total, timeouts, User-Agent and http(s)-only
redirects as the feeds, with a page-sized body limit. Extraction is CPU work:
given an executor, it runs there, so a page never stalls the event loop that
is fetching the other feeds and pages.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import Executor
from dataclasses import dataclass
from urllib.parse import urlsplit

from tui.text.clean import clean_field

from .decode import decode_page
from .extract import Extracted, extract

ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
_PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/xml", "text/xml")


@dataclass(frozen=True)
class PageLimits:
    """What one page may cost; connection bounds and timeouts are the Fetcher's."""

    max_bytes: int = 5 * 1024 * 1024
    """A page body larger than this (after decompression) is refused while it downloads."""


@dataclass(frozen=True)
class Page:
    """A fetched page as text, or why there is none."""

    url: str
    text: str | None = None
    error: str | None = None


@dataclass(frozen=True)
class FullText:
    """What fetching an article's page gave: the article, or one line saying why not."""

    url: str
    article: Extracted | None = None
    error: str | None = None
    """Plain words for the status line and stderr; None when `article` is set."""

    @property
    def html(self) -> str:
        """The form to store in the article's full text ("" on failure)."""
        return self.article.html if self.article else ""


def is_web_url(url: str | None) -> bool:
    try:
        parts = urlsplit(url or "")
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


async def fetch_page(fetcher, url: str, limits: PageLimits = PageLimits()) -> Page:
    """GET one page through `fetcher` (a tui.fetch.Fetcher) and decode it. Never raises."""
    if not is_web_url(url):
        return Page(url, error="not a web page address (only http and https are fetched)")
    result = await fetcher.fetch(url, max_bytes=limits.max_bytes, accept=ACCEPT)
    if result.error:
        return Page(url, error=result.error)
    if result.body is None:
        return Page(url, error=f"no page (HTTP {result.status})")
    content_type = (result.headers or {}).get("content-type")
    media = (content_type or "").split(";")[0].strip().lower()
    if media and media not in _PAGE_TYPES:
        return Page(url, error=f"not a web page ({clean_field(media)[:60]})")
    return Page(url, text=decode_page(result.body, content_type))


def read_article(page: Page) -> FullText:
    """The article of a fetched page, or the error. CPU only; never raises."""
    if page.text is None:
        return FullText(page.url, error=page.error or "no page")
    article = extract(page.text, page.url)
    if not article.blocks:
        return FullText(page.url, error="no article found on the page")
    return FullText(page.url, article=article)


async def fetch_article(fetcher, url: str, limits: PageLimits = PageLimits(),
                        executor: Executor | None = None) -> FullText:
    """Fetch the page at `url` and extract its article (in `executor` when given)."""
    page = await fetch_page(fetcher, url, limits)
    if page.text is None:
        return FullText(url, error=page.error)
    if executor is None:
        return read_article(page)
    return await asyncio.get_running_loop().run_in_executor(executor, read_article, page)
