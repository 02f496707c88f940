"""HTTP for feeds: conditional GET, limits and deadlines; failures come back as values.

httpx rather than urllib: it gives an async client with connection pooling,
HTTP/1.1 keep-alive, streamed and transparently decompressed bodies, and
separate connect/read timeouts, which by hand would be most of this module.
"""

from __future__ import annotations

import asyncio
import dataclasses
import email.utils
import ssl
import sys
import time
from collections import defaultdict
from collections.abc import Mapping
from urllib.parse import urljoin, urlsplit

# httpx's __init__ imports its command-line tool, which loads rich, pygments and
# click (~40 ms) when they are installed; a None entry makes that optional import
# fail as httpx expects, so the headless modes never load rich.
sys.modules.setdefault("httpx._main", None)
import httpx  # noqa: E402

from tui import __version__  # noqa: E402
from tui.models import FetchResult, Settings  # noqa: E402
from tui.text.clean import clean_field  # noqa: E402

USER_AGENT = f"akhbar/{__version__} (terminal news reader)"
MAX_REDIRECTS = 5


class Fetcher:
    """One refresh's worth of fetching: a shared client and the concurrency bounds."""

    def __init__(self, settings: Settings, transport: httpx.AsyncBaseTransport | None = None):
        self.settings = settings
        self.max_bytes = int(settings.max_feed_mb * 1024 * 1024)
        self._total = asyncio.Semaphore(settings.max_connections)
        self._hosts: defaultdict[str, asyncio.Semaphore] = defaultdict(
            lambda: asyncio.Semaphore(settings.max_per_host)
        )
        timeout = httpx.Timeout(
            connect=settings.connect_timeout_seconds,
            read=settings.timeout_seconds,
            write=settings.timeout_seconds,
            pool=None,
        )
        self.client = httpx.AsyncClient(
            timeout=timeout,
            follow_redirects=False,
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate",
                     "Accept": "application/rss+xml, application/atom+xml, "
                               "application/feed+json, application/xml;q=0.9, */*;q=0.8"},
            limits=httpx.Limits(max_connections=settings.max_connections,
                                max_keepalive_connections=settings.max_connections),
            transport=transport,
            trust_env=False,
        )

    async def aclose(self) -> None:
        await self.client.aclose()

    async def fetch(self, url: str, etag: str | None = None,
                    last_modified: str | None = None) -> FetchResult:
        """Fetch one feed within the whole-feed deadline; never raises."""
        try:
            return await self._fetch(url, etag, last_modified)
        except TimeoutError:
            return FetchResult(url, error=f"gave up after {self.settings.timeout_seconds:g} s "
                                          "(server too slow)")
        except httpx.ConnectTimeout:
            return FetchResult(url, error="could not connect: timed out")
        except httpx.ReadTimeout:
            return FetchResult(url, error="server stopped sending (read timed out)")
        except httpx.ConnectError as e:
            return FetchResult(url, error=f"could not connect: {_reason(e)}")
        except httpx.DecodingError:
            return FetchResult(url, error="the server sent a corrupt compressed body")
        except httpx.HTTPError as e:
            return FetchResult(url, error=f"network error: {_reason(e)}")
        except (httpx.InvalidURL, ValueError) as e:
            # Not an HTTPError: a malformed URL in the config or in a redirect's Location.
            return FetchResult(url, error=f"invalid URL: {clean_field(str(e)[:200])}")
        except (ssl.SSLError, OSError) as e:
            return FetchResult(url, error=f"network error: {clean_field(str(e))}")

    async def _fetch(self, url: str, etag: str | None, last_modified: str | None) -> FetchResult:
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current, permanent = url, None
        # The whole-feed deadline starts when the first request gets its connection
        # slot: a feed queued behind slow feeds of the same host is not their victim.
        deadline = None
        for _ in range(MAX_REDIRECTS + 1):
            host = urlsplit(current).netloc.lower()
            async with self._total, self._hosts[host]:
                if deadline is None:
                    deadline = asyncio.get_running_loop().time() + self.settings.timeout_seconds
                async with asyncio.timeout_at(deadline):
                    try:
                        result = await self._get(current, headers)
                    except httpx.InvalidURL:
                        httpx.URL(current)  # raises again when the URL asked for is the bad one
                        # Else httpx choked on a redirect's Location, which it parses early.
                        return FetchResult(url, error="redirect to an invalid URL: refused "
                                                      "(only http and https are followed)")
            if isinstance(result, FetchResult):
                return _with(result, url=url, permanent_redirect=permanent)
            status, location = result
            target = urljoin(current, location)
            scheme = urlsplit(target).scheme.lower()
            if scheme not in ("http", "https"):
                return FetchResult(url, status=status,
                                   error=f"redirect to {scheme or 'an unknown'}: URL refused "
                                         f"(only http and https are followed)")
            # A permanent redirect is worth telling only when every hop was permanent.
            if status in (301, 308) and (permanent is not None or current == url):
                permanent = clean_field(target)  # shown to the user as the new address
            elif status not in (301, 308):
                permanent = None
            current = target
        return FetchResult(url, error=f"too many redirects (more than {MAX_REDIRECTS})")

    async def _get(self, url: str, headers: Mapping[str, str]):
        """One request: a FetchResult, or (status, location) for a redirect."""
        async with self.client.stream("GET", url, headers=headers) as response:
            status = response.status_code
            # The reason phrase is the server's text, stored and shown: no controls.
            reason = clean_field(response.reason_phrase)
            if status in (301, 302, 303, 307, 308):
                location = response.headers.get("location")
                if not location:
                    return FetchResult(url, status=status, error=f"HTTP {status} without Location")
                return status, location
            meta = dict(
                status=status,
                headers={k.lower(): v for k, v in response.headers.items()},
                etag=response.headers.get("etag"),
                last_modified=response.headers.get("last-modified"),
            )
            if status == 304:
                return FetchResult(url, **meta)
            if status in (429, 503):
                wait = retry_after_seconds(response.headers.get("retry-after"))
                return FetchResult(url, status=status, retry_after=wait,
                                   error=f"HTTP {status} {reason}"
                                         + (f": server asks to wait {wait:.0f} s" if wait else ""))
            if status >= 400 or status < 200:
                return FetchResult(url, status=status,
                                   error=f"HTTP {status} {reason}".rstrip())
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > self.max_bytes \
                    and "content-encoding" not in response.headers:
                return FetchResult(url, status=status, error=self._too_large())
            chunks, size = [], 0
            # aiter_bytes yields decompressed bytes, so a gzip bomb is counted as it expands.
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > self.max_bytes:
                    return FetchResult(url, status=status, error=self._too_large())
                chunks.append(chunk)
            return FetchResult(url, body=b"".join(chunks), **meta)

    def _too_large(self) -> str:
        return (f"feed larger than max_feed_mb = {self.settings.max_feed_mb:g} MB; refused "
                "(raise max_feed_mb in [settings] if you trust it)")


def _with(result: FetchResult, **changes) -> FetchResult:
    return dataclasses.replace(result, **changes)


def _reason(e: BaseException) -> str:
    # httpx wraps the OS error ("All connection attempts failed"): look underneath.
    chain, cause = [], e
    while cause is not None and len(chain) < 8:
        chain.append(cause)
        cause = cause.__cause__ or cause.__context__
    if any(isinstance(c, ConnectionRefusedError) for c in chain):
        return "connection refused"
    text = " ".join(str(c) for c in chain) or type(e).__name__
    if "Connection refused" in text or "Errno 111" in text:
        return "connection refused"
    if "Name or service not known" in text or "nodename nor servname" in text \
            or "Temporary failure in name resolution" in text:
        return "host name not found (no network, or a typo in the URL?)"
    if "CERTIFICATE_VERIFY_FAILED" in text:
        return "the server's TLS certificate is not valid"
    return clean_field(text.splitlines()[0][:200])  # may quote what the server sent


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Retry-After as seconds from now: either delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (now if now is not None else time.time()))
