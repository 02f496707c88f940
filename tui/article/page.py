"""Fetch an article's web page and read the article from it; failures as values.

The page goes through the refresh's own Fetcher (tui.fetch): the same session,
the same bounds per host and in total, timeouts, User-Agent and http(s)-only
redirects as the feeds, with a page-sized body limit. Decoding and extraction
are CPU work, `page_job`: a refresh runs it in its worker processes
(tui.parse_pool), so a page never stalls the event loop that is fetching the
other feeds and pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from tui.i18n import N_
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


@dataclass(frozen=True)
class Download:
    """A page's bytes as the server sent them, or why there are none."""

    url: str
    body: bytes | None = None
    content_type: str | None = None
    error: str | None = None


async def download_page(fetcher, url: str, limits: PageLimits = PageLimits()) -> Download:
    """GET one page through `fetcher` (a tui.fetch.Fetcher), not decoded. Never raises."""
    if not is_web_url(url):
        return Download(url, error=N_("not a web page address (only http and https are fetched)"))
    result = await fetcher.fetch(url, max_bytes=limits.max_bytes, accept=ACCEPT)
    if result.error:
        return Download(url, error=result.error)
    if result.body is None:
        return Download(url, error=N_("no page (HTTP {status})").format(status=result.status))
    content_type = (result.headers or {}).get("content-type")
    media = (content_type or "").split(";")[0].strip().lower()
    if media and media not in _PAGE_TYPES:
        return Download(url, error=N_("not a web page ({media})").format(
            media=clean_field(media)[:60]))
    return Download(url, result.body, content_type)


async def fetch_page(fetcher, url: str, limits: PageLimits = PageLimits()) -> Page:
    """GET one page through `fetcher` and decode it. Never raises."""
    got = await download_page(fetcher, url, limits)
    if got.body is None:
        return Page(url, error=got.error)
    return Page(url, text=decode_page(got.body, got.content_type))


def read_article(page: Page) -> FullText:
    """The article of a fetched page, or the error. CPU only; never raises."""
    if page.text is None:
        return FullText(page.url, error=page.error or N_("no page"))
    article = extract(page.text, page.url)
    if not article.blocks:
        return FullText(page.url, error=N_("no article found on the page"))
    return FullText(page.url, article=article)


def page_job(body: bytes, content_type: str | None, url: str) -> tuple[str, str | None]:
    """A downloaded page → (its article in the stored form, None) or ("", why not).

    Decoding and extraction in one call, for a worker process (only the stored
    form crosses back). CPU only; never raises."""
    try:
        found = read_article(Page(url, text=decode_page(body, content_type)))
    except Exception as e:  # a bug or a hostile page must stay this page's problem
        return "", f"could not read the page ({type(e).__name__})"
    return found.html, found.error


_WARM_PAGE = ("<html><head><title>تجربة</title></head><body><article><h1>تجربة</h1><p>"
              + "نص المقال " * 15 + ".</p><p>المصدر: وكالات</p></article></body></html>").encode()


def warm() -> None:
    """Read a small page once: what a worker process does before its first real page
    (ParsePool.warm), so that importing trafilatura is not that page's wait."""
    page_job(_WARM_PAGE, "text/html; charset=utf-8", "https://akhbar.invalid/")


async def fetch_article(fetcher, url: str, limits: PageLimits = PageLimits()) -> FullText:
    """Fetch the page at `url` and extract its article, in this thread (one page)."""
    return read_article(await fetch_page(fetcher, url, limits))
