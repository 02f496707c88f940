"""Plain data passed between the core's stages (stdlib only)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    """The `[settings]` table of feeds.toml."""

    refresh_minutes: int = 15
    """How often the app refreshes in the background."""
    bidi: str = "auto"
    """Arabic display mode: auto | on | off (SPEC §4.6)."""
    harakat: str = "drop"
    """How diacritics are drawn (drop | keep); they are always stored."""
    keep_days: int = 90
    """Unstarred articles older than this that have left their feed are purged."""
    max_feed_mb: float = 10
    """A feed body larger than this (after decompression) is refused."""
    timeout_seconds: float = 30
    """Deadline for one whole feed: connect, redirects and body."""
    connect_timeout_seconds: float = 10
    """Deadline for opening one connection."""
    max_connections: int = 128
    """Feeds fetched at once, in total (measured in bench/README.md: 200 feeds over 50
    sites wait 4 rounds of latency at 64 and 2 at 128; 2 per host stays polite)."""
    max_per_host: int = 2
    """Feeds fetched at once from one host."""
    language: str = "auto"
    """The interface's language: auto (from the locale) | ar | en (SPEC §3)."""
    digits: str = "latin"
    """Digits of the interface's dates and counts: latin | arabic (never of content)."""
    mute: tuple[str, ...] = ()
    """Queries (tui.search language): the articles they match are hidden everywhere,
    kept in the store."""


@dataclass(frozen=True)
class FeedConfig:
    """One `[[feeds]]` entry."""

    url: str
    title: str | None = None
    """The user's title; else the feed's own."""
    tags: tuple[str, ...] = ()
    dir: str | None = None
    """Force the base direction of this feed's text: "rtl" or "ltr"."""
    full_text: bool = False
    """Fetch each new article's web page in a refresh and keep the article (SPEC §9)."""


@dataclass(frozen=True)
class SavedSearch:
    """One `[[searches]]` entry: a standing query, shown as a feed."""

    name: str
    """Shown in the feed list; `--feed NAME` selects it by this exact name."""
    query: str
    """In the language of tui.search; checked when the config is loaded."""


@dataclass(frozen=True)
class Config:
    path: Path
    settings: Settings = field(default_factory=Settings)
    feeds: tuple[FeedConfig, ...] = ()
    searches: tuple[SavedSearch, ...] = ()


@dataclass(frozen=True)
class Enclosure:
    url: str
    type: str = ""
    length: int = 0


@dataclass(frozen=True)
class ParsedArticle:
    """One item as the feed gave it, before the store assigns identity."""

    guid: str | None
    link: str | None
    title: str
    author: str = ""
    published: datetime | None = None
    """UTC; None when the feed gave no date (the store then uses first-seen)."""
    updated: datetime | None = None
    summary: str = ""
    content: str = ""
    """Full body as HTML (or text), the richest the feed offered."""
    categories: tuple[str, ...] = ()
    enclosures: tuple[Enclosure, ...] = ()


@dataclass(frozen=True)
class ParsedFeed:
    title: str
    link: str
    articles: tuple[ParsedArticle, ...]
    search: tuple[tuple[str, str], ...] = ()
    """Each article's search form, (title, body), in the order of `articles`, when
    the parse worker made it (tui.text.search_form); empty: the store indexes later."""


@dataclass
class FetchResult:
    """What one HTTP fetch gave; `error` set means it failed, in plain words. Not frozen:
    the refresh lets go of `body` once it is parsed (tui.refresh)."""

    url: str
    status: int = 0
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None
    permanent_redirect: str | None = None
    """Where a 301/308 pointed, to show the user; the config is left alone."""
    retry_after: float | None = None
    """Seconds the server asked us to wait (429/503)."""
    error: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass(frozen=True)
class FeedError:
    """A failure of one feed at one stage: fetch, parse or store."""

    url: str
    title: str
    stage: str
    message: str


@dataclass
class RefreshSummary:
    total: int = 0
    fetched: int = 0
    not_modified: int = 0
    unchanged: int = 0
    skipped: int = 0
    new_articles: int = 0
    updated_articles: int = 0
    pages_fetched: int = 0
    """Full articles read from web pages (feeds with full_text = true)."""
    pages_failed: int = 0
    """Web pages that could not be fetched or held no article."""
    errors: list[FeedError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """Things worth telling that are not failures (permanent redirects, back-off)."""


@dataclass(frozen=True)
class Article:
    """An article as stored, with its feed's display title."""

    id: int
    feed_url: str
    feed_title: str
    guid: str | None
    title: str
    link: str
    author: str
    published: datetime
    """When akhbar sorts and shows it: the feed's date, but no later than
    `first_seen` (a date in the future is clamped), else `first_seen`."""
    first_seen: datetime
    summary: str
    content: str
    read: bool
    starred: bool
    categories: tuple[str, ...] = ()
    story_id: int | None = None
    feed_published: datetime | None = None
    """The feed's own date where it differs from `published` (one in the future)."""

    @property
    def feed_date(self) -> datetime:
        """The date as the feed gave it (`published` when the feed gave none)."""
        return self.feed_published or self.published
    has_full_text: bool = False
    """The article's web page was read and an article found there (SPEC §9)."""
    full_text: str = ""
    """That article as plain HTML ("" when none, or when bodies were not read)."""
    full_text_error: str | None = None
    """Why the page gave no article, in one line, when it was tried and failed."""

    @property
    def body_html(self) -> str:
        """What to read: the full article when there is one, else the feed's text."""
        return self.full_text or self.content or self.summary
