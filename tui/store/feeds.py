"""Feeds: which ones the store knows, and what it remembers between refreshes
(conditional-GET headers, errors, when to try a failing feed again)."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tui.models import FeedConfig
from tui.store.base import StoreBase


@dataclass(frozen=True)
class FeedState:
    """What the store remembers of a feed between refreshes."""

    id: int
    url: str
    title: str
    site_title: str
    etag: str | None
    last_modified: str | None
    body_hash: str | None
    last_success: int | None
    last_error: str | None
    failures: int
    next_attempt: int | None
    redirect_to: str | None

    @property
    def display_title(self) -> str:
        return self.title or self.site_title or self.url


def write_success(db: sqlite3.Connection, url: str, etag: str | None,
                  last_modified: str | None, body_hash: str | None, site_title: str | None,
                  site_link: str | None, redirect_to: str | None, now: int) -> None:
    """Note a fetch that worked, inside the caller's transaction."""
    db.execute(
        "UPDATE feeds SET etag = ?, last_modified = ?, body_hash = COALESCE(?, body_hash), "
        "site_title = COALESCE(?, site_title), site_link = COALESCE(?, site_link), "
        "last_attempt = ?, last_success = ?, last_error = NULL, failures = 0, "
        "next_attempt = NULL, redirect_to = ? WHERE url = ?",
        (etag, last_modified, body_hash, site_title, site_link, now, now, redirect_to, url),
    )


class Feeds(StoreBase):
    def sync_feeds(self, feeds: Sequence[FeedConfig]) -> None:
        """Make the store know every configured feed; the user's titles win."""
        with self.transaction() as db:
            db.executemany(
                "INSERT INTO feeds (url, title) VALUES (?, ?) "
                "ON CONFLICT (url) DO UPDATE SET title = excluded.title "
                "WHERE title IS NOT excluded.title",
                [(f.url, f.title or "") for f in feeds],
            )

    def feed(self, url: str) -> FeedState | None:
        row = self.db.execute("SELECT * FROM feeds WHERE url = ?", (url,)).fetchone()
        return _feed_state(row) if row else None

    def feeds(self) -> list[FeedState]:
        return [_feed_state(r) for r in self.db.execute("SELECT * FROM feeds ORDER BY id")]

    def feed_titles(self) -> dict[str, str]:
        """Display title of every feed the store knows, by URL."""
        return {f.url: f.display_title for f in self.feeds()}

    def conditional_headers(self, url: str) -> tuple[str | None, str | None]:
        """The ETag and Last-Modified to send for a conditional GET."""
        state = self.feed(url)
        return (state.etag, state.last_modified) if state else (None, None)

    def record_success(self, url: str, *, etag: str | None, last_modified: str | None,
                       body_hash: str | None, site_title: str | None = None,
                       site_link: str | None = None, redirect_to: str | None = None,
                       now: float | None = None) -> None:
        now = int(now if now is not None else time.time())
        with self.transaction() as db:
            write_success(db, url, etag, last_modified, body_hash, site_title,
                          site_link, redirect_to, now)

    def record_not_modified(self, url: str, now: float | None = None) -> None:
        self.record_not_modified_many([url], now)

    def record_not_modified_many(self, urls: Iterable[str], now: float | None = None) -> None:
        """Feeds that answered 304, in one transaction (a warm refresh writes little)."""
        now = int(now if now is not None else time.time())
        with self.transaction() as db:
            db.executemany(
                "UPDATE feeds SET last_attempt = ?, last_success = ?, last_error = NULL, "
                "failures = 0, next_attempt = NULL WHERE url = ?",
                [(now, now, url) for url in urls],
            )

    def record_failure(self, url: str, error: str, *, retry_after: float | None = None,
                       now: float | None = None) -> FeedState | None:
        """Note a failure and when to try again: the server's wish, else a back-off."""
        now = int(now if now is not None else time.time())
        with self.transaction() as db:
            row = db.execute("SELECT failures FROM feeds WHERE url = ?", (url,)).fetchone()
            failures = (row["failures"] if row else 0) + 1
            if retry_after is not None:
                next_attempt = now + int(min(retry_after, 24 * 3600))
            elif failures >= 3:
                # 5 min after the third failure in a row, doubling to at most 4 h.
                next_attempt = now + min(300 * 2 ** (failures - 3), 4 * 3600)
            else:
                next_attempt = None
            db.execute(
                "UPDATE feeds SET last_attempt = ?, last_error = ?, failures = ?, "
                "next_attempt = ? WHERE url = ?",
                (now, error, failures, next_attempt, url),
            )
        return self.feed(url)


def _feed_state(row: sqlite3.Row) -> FeedState:
    return FeedState(
        id=row["id"], url=row["url"], title=row["title"], site_title=row["site_title"],
        etag=row["etag"], last_modified=row["last_modified"], body_hash=row["body_hash"],
        last_success=row["last_success"], last_error=row["last_error"],
        failures=row["failures"], next_attempt=row["next_attempt"],
        redirect_to=row["redirect_to"],
    )
