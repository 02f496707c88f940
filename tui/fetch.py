"""HTTP for feeds: conditional GET, limits and deadlines; failures come back as values.

aiohttp rather than httpx: httpx was the first choice, but its connection pool
rescans every connection on each event (httpcore `_assign_requests_to_connections`),
which cost more CPU than parsing once 64 feeds were in flight (profiled: 4.2 s of
an 8.6 s refresh of 200 feeds). aiohttp keeps pooled keep-alive connections with
per-host limits, a C HTTP parser, streamed and decompressed bodies, and separate
connect and read timeouts. It is imported only when a refresh runs.
"""

from __future__ import annotations

import asyncio
import codecs
import dataclasses
import email.utils
import functools
import re
import ssl
import sys
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from urllib.parse import urljoin, urlsplit

from tui import __version__
from tui.i18n import N_
from tui.models import FetchResult, Settings
from tui.text.clean import clean_field
from tui.text.urls import is_http_url


def _import_aiohttp():
    """aiohttp, imported without loading the system's CA certificates.

    aiohttp.connector builds a verified and an unverified TLS context when it is
    imported (aiohttp PR 9029: so that no event loop blocks on the disk later) and
    uses them for every https request of a connector that has none of its own.
    Loading the certificates twice is 40-50 ms of CPU, 15 % of a whole refresh
    in which every feed answers 304, and most subscription lists are partly http.
    Here they are built without certificates and never used: `_Connector` builds
    its own verified context on the first https request. Should an aiohttp release
    bypass `_get_ssl_context`, https fails closed (no certificate to trust), never open.
    """
    if "aiohttp" in sys.modules:
        return sys.modules["aiohttp"]
    cls, names = ssl.SSLContext, ("load_default_certs", "set_default_verify_paths")
    own = {name: cls.__dict__.get(name) for name in names}
    for name in names:
        setattr(cls, name, lambda self, *args, **kwargs: None)
    try:
        import aiohttp
    finally:  # restored at once: only this import runs without them
        for name, attr in own.items():
            if attr is None:
                delattr(cls, name)
            else:
                setattr(cls, name, attr)
    return aiohttp


aiohttp = _import_aiohttp()


@functools.cache
def _verified_context() -> ssl.SSLContext:
    context = ssl.create_default_context()  # the system's CA certificates, hostname checks
    context.set_alpn_protocols(("http/1.1",))
    return context


class _Connector(aiohttp.TCPConnector):
    """aiohttp's connector, with a verified TLS context made on the first https request."""

    def _get_ssl_context(self, req):
        return _verified_context() if req.is_ssl() else None


USER_AGENT = f"akhbar/{__version__} (terminal news reader)"
MAX_REDIRECTS = 5


class Fetcher:
    """One refresh's worth of fetching: a shared session and the concurrency bounds."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.max_bytes = int(settings.max_feed_mb * 1024 * 1024)
        self._total = asyncio.Semaphore(settings.max_connections)
        self._hosts: defaultdict[str, asyncio.Semaphore] = defaultdict(
            lambda: asyncio.Semaphore(settings.max_per_host)
        )
        self._session: aiohttp.ClientSession | None = None

    def _client(self) -> aiohttp.ClientSession:
        # Created on first use, inside the running event loop, as aiohttp requires.
        if self._session is None:
            connector = _Connector(limit=self.settings.max_connections,
                                   limit_per_host=self.settings.max_per_host,
                                   ttl_dns_cache=300)
            self._session = aiohttp.ClientSession(
                connector=connector,
                timeout=aiohttp.ClientTimeout(total=None,
                                              sock_connect=self.settings.connect_timeout_seconds,
                                              sock_read=self.settings.timeout_seconds),
                headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate",
                         "Accept": "application/rss+xml, application/atom+xml, "
                                   "application/feed+json, application/xml;q=0.9, */*;q=0.8"},
                auto_decompress=True,
                trust_env=False,
            )
        return self._session

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()

    async def fetch(self, url: str, etag: str | None = None, last_modified: str | None = None,
                    *, max_bytes: int | None = None, accept: str | None = None,
                    admit: Callable[[], Awaitable[None]] | None = None) -> FetchResult:
        """Fetch one feed within the whole-feed deadline; never raises. A web page
        (tui.article) passes its own size limit and Accept header. `admit` is awaited
        once this feed has a connection: the refresh waits there while too many bodies
        wait for parsing. A conditional request (ETag / Last-Modified) asks only when
        the server announces a body, and the wait does not count against its deadline:
        the 304s of a warm refresh never queue behind downloads."""
        try:
            return await self._fetch(url, etag, last_modified, max_bytes, accept, admit)
        except aiohttp.ConnectionTimeoutError:
            return FetchResult(url, error=N_("could not connect: timed out"))
        except aiohttp.SocketTimeoutError:
            return FetchResult(url, error=N_("server stopped sending (read timed out)"))
        except TimeoutError:
            return FetchResult(url, error=N_("gave up after {seconds} s (server too slow)").format(
                seconds=f"{self.settings.timeout_seconds:g}"))
        except aiohttp.ClientConnectorDNSError:
            return FetchResult(url, error=N_("could not connect: host name not found "
                                             "(no network, or a typo in the URL?)"))
        except aiohttp.ClientConnectorCertificateError:
            return FetchResult(url, error=N_("could not connect: the server's TLS certificate "
                                             "is not valid"))
        except aiohttp.ClientConnectorError as e:
            return FetchResult(url, error=N_("could not connect: {reason}").format(
                reason=_reason(e)))
        except aiohttp.ServerDisconnectedError:
            return FetchResult(url, error=N_("the server closed the connection mid-answer"))
        except aiohttp.ClientPayloadError:
            return FetchResult(url, error=N_("the server sent a corrupt or incomplete body"))
        except aiohttp.ClientResponseError as e:
            return FetchResult(url, error=N_("bad HTTP answer from the server: {reason}").format(
                reason=clean_field(str(e.message))))
        except (aiohttp.InvalidURL, ValueError) as e:
            # A malformed URL in the config or in a redirect's Location.
            return FetchResult(url, error=N_("invalid URL: {reason}").format(
                reason=clean_field(str(e)[:200])))
        except (aiohttp.ClientError, ssl.SSLError, OSError) as e:
            return FetchResult(url, error=N_("network error: {reason}").format(reason=_reason(e)))

    async def _fetch(self, url: str, etag: str | None, last_modified: str | None,
                     max_bytes: int | None = None, accept: str | None = None,
                     admit: Callable[[], Awaitable[None]] | None = None) -> FetchResult:
        headers = {"Accept": accept} if accept else {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current, permanent = url, None
        # The whole-feed deadline counts the time the feed's own requests take, not
        # the waits for a slot: a feed queued behind slow feeds of the same host (at
        # first or between two redirects) is not their victim.
        budget = self.settings.timeout_seconds
        clock = asyncio.get_running_loop().time
        conditional = bool(etag or last_modified)
        for _ in range(MAX_REDIRECTS + 1):
            host = urlsplit(current).netloc.lower()
            # The host's slot first: a feed waiting for its busy host must not hold
            # one of the total slots that feeds of idle hosts could use. Admission
            # comes after the total slot for every feed (one order, no deadlock
            # between a feed holding a place and one holding a connection).
            async with self._hosts[host], self._total:
                if admit is not None and not conditional:
                    await admit()
                    admit = None
                started, waited = clock(), 0.0
                try:
                    async with asyncio.timeout(budget) as deadline:

                        async def body_announced() -> None:
                            nonlocal admit, waited
                            if admit is None:
                                return
                            asked = clock()
                            left = deadline.when() - asked
                            deadline.reschedule(None)  # the deadline stops while it waits
                            await admit()
                            admit = None
                            waited += clock() - asked
                            deadline.reschedule(clock() + left)

                        result = await self._get(current, headers, max_bytes or self.max_bytes,
                                                 body_announced)
                finally:
                    budget -= clock() - started - waited
            if isinstance(result, FetchResult):
                return dataclasses.replace(result, url=url, permanent_redirect=permanent)
            status, location = result
            target = urljoin(current, location)
            if not is_http_url(target):
                scheme = urlsplit(target).scheme.lower()
                return FetchResult(url, status=status,
                                   error=N_("redirect to {scheme}: URL refused (only http and "
                                            "https are followed)").format(scheme=scheme or "?"))
            # A permanent redirect is worth telling only when every hop was permanent.
            if status in (301, 308) and (permanent is not None or current == url):
                permanent = clean_field(target)  # shown to the user as the new address
            elif status not in (301, 308):
                permanent = None
            current = target
        return FetchResult(url, error=N_("too many redirects (more than {n})").format(
            n=MAX_REDIRECTS))

    async def _get(self, url: str, headers: dict[str, str], max_bytes: int,
                   body_announced: Callable[[], Awaitable[None]] | None = None):
        """One request: a FetchResult, or (status, location) for a redirect.
        `body_announced` is awaited once a body is on its way, before it is read."""
        async with self._client().get(url, headers=headers, allow_redirects=False) as response:
            status = response.status
            if status in (301, 302, 303, 307, 308):
                location = response.headers.get("location")
                if not location:
                    return FetchResult(url, status=status, error=N_(
                        "HTTP {status} without Location").format(status=status))
                return status, location
            # The reason phrase is the server's text, stored and shown: no controls.
            reason = clean_field(response.reason or "")
            if status == 304:
                return FetchResult(url, status=status, headers=_lower(response.headers),
                                   etag=response.headers.get("etag"),
                                   last_modified=response.headers.get("last-modified"))
            if status in (429, 503):
                wait = retry_after_seconds(response.headers.get("retry-after"))
                return FetchResult(url, status=status, retry_after=wait,
                                   error=http_error(status, reason, wait))
            if status >= 400 or status < 200:
                return FetchResult(url, status=status, error=http_error(status, reason))
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes \
                    and "content-encoding" not in response.headers:
                return FetchResult(url, status=status, error=self._too_large(max_bytes))
            if body_announced is not None:
                await body_announced()
            chunks, size = [], 0
            # The stream yields decompressed bytes, so a gzip bomb is counted as it expands.
            # All that has arrived at each step (aiohttp buffers at most a few hundred
            # KB): a 100 KB page is one or two steps, not one per 64 KB or per packet.
            async for chunk in response.content.iter_any():
                size += len(chunk)
                if size > max_bytes:
                    return FetchResult(url, status=status, error=self._too_large(max_bytes))
                chunks.append(chunk)
            return FetchResult(url, status=status, body=b"".join(chunks),
                               headers=_lower(response.headers),
                               etag=response.headers.get("etag"),
                               last_modified=response.headers.get("last-modified"))

    def _too_large(self, max_bytes: int) -> str:
        if max_bytes != self.max_bytes:
            return N_("too large (more than {mb} MB); refused").format(
                mb=f"{max_bytes / 2**20:g}")
        return N_("feed larger than max_feed_mb = {mb} MB; refused (raise max_feed_mb in "
                  "[settings] if you trust it)").format(mb=f"{self.settings.max_feed_mb:g}")


_HTTP = N_("HTTP {status} {reason}")
_REASONS = (N_("Not Found"), N_("Forbidden"), N_("Unauthorized"), N_("Gone"),
            N_("Bad Request"), N_("Internal Server Error"), N_("Bad Gateway"),
            N_("Service Unavailable"), N_("Gateway Timeout"), N_("Too Many Requests"))
"""The common reason phrases, in the catalog: an error line is stored in English and
shown in the reader's language, the server's phrase with it."""


def http_error(status: int, reason: str, wait: float | None = None) -> str:
    """"HTTP 404 Not Found", as stored (English; translated when shown)."""
    if wait:
        return N_("HTTP {status} {reason}: server asks to wait {seconds} s").format(
            status=status, reason=reason, seconds=f"{wait:.0f}")
    if not reason:
        return N_("HTTP {status}").format(status=status)
    return _HTTP.format(status=status, reason=reason)


def _lower(headers) -> dict[str, str]:
    lowered = {k.lower(): v for k, v in headers.items()}
    if "charset" in lowered.get("content-type", "").lower():
        lowered["content-type"] = _usable_charset_only(lowered["content-type"])
    return lowered


_CHARSET_PARAM = re.compile(r";\s*charset\s*=\s*(\"[^\"]*\"?|[^;]*)", re.IGNORECASE)


def _usable_charset_only(content_type: str) -> str:
    """The Content-Type without a charset label that cannot decode a feed.

    A label Python does not know, one that is not a text encoding ("base64",
    "undefined") or not ASCII-compatible (EBCDIC, UTF-16 without its BOM) would
    make the parser fail or read garbage; without it, the XML prolog and the
    bytes decide, as they do when a server sends no charset at all.
    """
    def keep(m: re.Match) -> str:
        label = m.group(1).strip().strip('"').strip()
        try:
            info = codecs.lookup(label)
            usable = getattr(info, "_is_text_encoding", True) and \
                b"<?xml version='1.0'?>".decode(info.name) == "<?xml version='1.0'?>"
        except (LookupError, UnicodeError, ValueError):
            usable = False
        return m.group() if usable else ""

    return _CHARSET_PARAM.sub(keep, content_type)


def _reason(e: BaseException) -> str:
    # The OS error under aiohttp's wrapper says what happened in the fewest words.
    chain, cause = [], e
    while cause is not None and len(chain) < 8:
        chain.append(cause)
        cause = cause.__cause__ or cause.__context__ or getattr(cause, "os_error", None)
    if any(isinstance(c, ConnectionRefusedError) for c in chain):
        return N_("connection refused")
    if any(isinstance(c, ConnectionResetError) for c in chain):
        return N_("connection reset by the server")
    text = str(chain[-1]) or str(e) or type(e).__name__
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
