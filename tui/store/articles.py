"""Articles: the upsert of a feed's items, reading them by `Query`, their flags, the purge."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from tui.models import Article, ParsedArticle
from tui.store.base import StoreBase
from tui.store.feeds import write_success
from tui.store.query import (
    EVERYTHING,
    FEED_TITLE,
    NEWEST_FIRST,
    Query,
    chunked,
    iter_articles,
    marks,
    unix,
)


def article_key(feed_url: str, item: ParsedArticle) -> str:
    """Identity within a feed: the guid, else the link, else a hash of title and date."""
    if item.guid:
        return "g:" + item.guid
    if item.link:
        return "l:" + item.link
    stamp = item.published.isoformat() if item.published else ""
    return "h:" + hashlib.sha256(f"{item.title}\x00{stamp}".encode()).hexdigest()[:32]


def dates(feed_date: int | None, first_seen: int) -> tuple[int | None, int | None]:
    """(published, feed_published) of an item the feed dates `feed_date`.

    `published` is what akhbar sorts and shows by: the feed's date, but no
    later than when the item was first seen (a 2099 date neither shows "now"
    nor sorts first forever). `feed_published` is the feed's date where it
    differs, else None. No date from the feed: (None, None).
    """
    if feed_date is None:
        return None, None
    published = min(feed_date, first_seen)
    return published, feed_date if feed_date != published else None


@dataclass(frozen=True)
class UpsertCounts:
    new: int = 0
    updated: int = 0


def upsert(db: sqlite3.Connection, feed_url: str, items: Iterable[ParsedArticle],
           now: int, search: Sequence[tuple[str, str]] = ()
           ) -> tuple[UpsertCounts, list[tuple[str, str, int, str]]]:
    """Insert new items and refresh changed ones, inside the caller's transaction.

    An item counts as changed when its title, link, author, date or the length
    and start of its content differ from what is stored; an unchanged one only
    has its `last_seen` moved. Read and starred are never touched. A date in
    the future is clamped to when the item was first seen (`published`), the
    feed's own kept in `feed_published` (see `dates`): a feed that keeps saying
    2099 changes nothing.

    `search` is each item's search form, (title, body), in the order of `items`
    (the parse worker's). A new item with one is marked indexed and returned as a
    row for `StoreBase.index_new`, which the caller runs in the same transaction:
    the refresh's `index_pending` then finds nothing left to do.
    """
    row = db.execute("SELECT id FROM feeds WHERE url = ?", (feed_url,)).fetchone()
    if row is None:
        db.execute("INSERT INTO feeds (url) VALUES (?)", (feed_url,))
        row = db.execute("SELECT id FROM feeds WHERE url = ?", (feed_url,)).fetchone()
    feed_id = row["id"]
    existing = {
        r["key"]: (r["published"], r["feed_published"], r["dated"], r["sig"], r["first_seen"])
        for r in db.execute(
            "SELECT key, published, feed_published, dated, first_seen, "
            "title || char(0) || link || char(0) || author || char(0) || "
            "length(content) || char(0) || substr(content, 1, 64) AS sig "
            "FROM articles WHERE feed_id = ?",
            (feed_id,),
        )
    }
    inserts, updates, seen_keys, indexed = [], [], [], []
    batch: set[str] = set()
    items = list(items)
    forms = search if len(search) == len(items) else [None] * len(items)
    for item, form in zip(items, forms, strict=True):
        key = article_key(feed_url, item)
        if key in batch:  # a feed repeating a guid: the first occurrence wins
            continue
        batch.add(key)
        values = (
            item.guid, item.title, item.link or "", item.author, item.summary, item.content,
            _json_list(item.categories),
            _json_list([e.__dict__ for e in item.enclosures]),
            unix(item.updated),
        )
        if key not in existing:
            published, feed_published = dates(unix(item.published), now)
            inserts.append((feed_id, key, published or now, feed_published,
                            int(published is not None), now, now, *values, int(form is not None)))
            if form is not None:
                indexed.append((*form, feed_id, key))
            continue
        old_published, old_feed_published, old_dated, sig, first_seen = existing[key]
        published, feed_published = dates(unix(item.published), first_seen)
        if published is None:  # the feed dropped the date: the one known stays
            published, feed_published = old_published, old_feed_published
        new_sig = "\x00".join((item.title, item.link or "", item.author,
                               str(len(item.content)), item.content[:64]))
        if (sig != new_sig or published != old_published
                or feed_published != old_feed_published):
            updates.append((published, feed_published,
                            int(item.published is not None or old_dated),
                            now, *values, feed_id, key))
        else:
            seen_keys.append((now, feed_id, key))
    db.executemany(
        "INSERT INTO articles (feed_id, key, published, feed_published, dated, first_seen, "
        "last_seen, guid, title, link, author, summary, content, categories, enclosures, "
        "updated, indexed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        inserts,
    )
    db.executemany(
        "UPDATE articles SET published = ?, feed_published = ?, dated = ?, last_seen = ?, "
        "guid = ?, title = ?, link = ?, author = ?, summary = ?, content = ?, "
        "categories = ?, enclosures = ?, updated = ?, indexed = 0 WHERE feed_id = ? AND key = ?",
        updates,
    )
    db.executemany("UPDATE articles SET last_seen = ? WHERE feed_id = ? AND key = ?",
                   seen_keys)
    db.execute("UPDATE feeds SET items_seen = ? WHERE id = ?", (now, feed_id))
    return UpsertCounts(new=len(inserts), updated=len(updates)), indexed


def _json_list(items) -> str:
    # Most articles have no categories and no enclosures: no encoder for those.
    return json.dumps(list(items), ensure_ascii=False) if items else "[]"


class Articles(StoreBase):
    def upsert_articles(self, feed_url: str, items: Iterable[ParsedArticle],
                        now: float | None = None) -> UpsertCounts:
        """Insert new items and refresh changed ones; read and starred are never touched."""
        now = int(now if now is not None else time.time())
        with self.transaction() as db:
            return upsert(db, feed_url, items, now)[0]

    def store_feed(self, feed_url: str, items: Iterable[ParsedArticle],
                   search: Sequence[tuple[str, str]] = (), *,
                   etag: str | None, last_modified: str | None, body_hash: str | None,
                   site_title: str | None, site_link: str | None,
                   redirect_to: str | None, now: float | None = None) -> UpsertCounts:
        """A feed's articles and its new state in one transaction: all or nothing."""
        now = int(now if now is not None else time.time())
        with self.transaction() as db:
            counts, indexed = upsert(db, feed_url, items, now, search)
            write_success(db, feed_url, etag, last_modified, body_hash, site_title,
                          site_link, redirect_to, now)
            self.index_new(db, indexed)
        return counts

    def set_full_text(self, article_id: int, html: str, error: str | None,
                      now: float | None = None) -> None:
        """Keep what the article's web page gave (SPEC §9): its article as plain HTML,
        or why there is none. Either way the page is not fetched again, and the
        article is re-indexed so that search finds the words of the full text."""
        self.set_full_texts([(article_id, html, error)], now)

    def set_full_texts(self, pages: Iterable[tuple[int, str, str | None]],
                       now: float | None = None) -> None:
        """`set_full_text` for many articles, `(id, html, error)` each, in one transaction
        (a refresh keeps one feed's pages at once)."""
        when = int(now if now is not None else time.time())
        rows = [(html or "", None if html else (error or "no article found on the page"),
                 when, article_id) for article_id, html, error in pages]
        with self.transaction() as db:
            db.executemany("UPDATE articles SET full_text = ?, full_text_error = ?, "
                           "full_text_at = ?, indexed = 0 WHERE id = ?", rows)

    def pending_full_text(self, feed_url: str, limit: int) -> list[tuple[int, str]]:
        """(id, link) of the feed's newest articles whose page was never fetched, newest
        first; only http(s) links (the caller checks them further)."""
        return [(r[0], r[1]) for r in self.db.execute(
            "SELECT a.id, a.link FROM articles a JOIN feeds f ON f.id = a.feed_id "
            "WHERE f.url = ? AND a.full_text_at IS NULL "
            "AND (a.link LIKE 'http://%' OR a.link LIKE 'https://%') "
            "ORDER BY a.published DESC, a.id DESC LIMIT ?", (feed_url, limit))]

    def purge(self, keep_days: int, now: float | None = None) -> int:
        """Drop unstarred articles older than keep_days that have also left their feed.

        An article has left its feed when the feed's last body did not carry it
        (`last_seen` before the feed's `items_seen`) or when the feed has not
        answered for keep_days; a feed that answers 304 for months keeps its items.
        """
        cutoff = int((now if now is not None else time.time()) - keep_days * 86400)
        with self.transaction() as db:
            cur = db.execute(
                "DELETE FROM articles WHERE starred = 0 AND published < :cutoff "
                "AND last_seen < :cutoff AND NOT EXISTS (SELECT 1 FROM feeds f "
                "WHERE f.id = articles.feed_id AND f.last_success >= :cutoff "
                "AND articles.last_seen >= f.items_seen)",
                {"cutoff": cutoff},
            )
            return cur.rowcount

    def articles(self, query: Query = EVERYTHING, *, limit: int | None = None,
                 offset: int = 0, bodies: bool = True) -> list[Article]:
        """Articles matching `query`, newest first, a page at a time.

        `bodies=False` leaves summary and content empty: a headline list of
        100,000 articles then reads a few MB instead of hundreds.
        """
        return list(self.stream_articles(query, limit=limit, offset=offset, bodies=bodies))

    def stream_articles(self, query: Query = EVERYTHING, *, limit: int | None = None,
                        offset: int = 0, bodies: bool = True) -> Iterator[Article]:
        """`articles`, read one row at a time (for output that is printed as it comes)."""
        where, params = self.visible(query).where()
        columns = "a.*" if bodies else (
            "a.id, a.feed_id, a.guid, a.title, a.link, a.author, a.published, "
            "a.feed_published, a.first_seen, "
            "'' AS summary, '' AS content, a.categories, a.read, a.starred")
        index = "articles_published" if limit is not None and _by_date(query) else None
        return iter_articles(self.db, where, params, columns=columns,
                             limit=limit, offset=offset, index=index)

    def stream_headlines(self, query: Query = EVERYTHING) -> Iterator[tuple]:
        """`(id, published, feed title, title, link)` per article, newest first, with
        `published` as ISO-8601 UTC (SQLite's strftime, as `output.iso_utc` writes it): what
        `--headlines` prints, as plain rows (building an `Article` for each line was half
        the cost of printing 10,000)."""
        where, params = self.visible(query).where()
        cursor = self.db.cursor()
        cursor.row_factory = None  # plain tuples
        return cursor.execute(
            "SELECT a.id, strftime('%Y-%m-%dT%H:%M:%SZ', a.published, 'unixepoch'), "
            f"{FEED_TITLE}, a.title, a.link "
            f"FROM articles a JOIN feeds f ON f.id = a.feed_id{where} ORDER BY {NEWEST_FIRST}",
            params)

    def count(self, query: Query = EVERYTHING) -> int:
        where, params = self.visible(query).where()
        return self.db.execute(
            f"SELECT count(*) FROM articles a JOIN feeds f ON f.id = a.feed_id{where}", params
        ).fetchone()[0]

    def count_with_unread(self, query: Query = EVERYTHING) -> tuple[int, int]:
        """(articles, unread articles) of `query`, in one pass: a saved search's rows
        cost the same for both numbers."""
        where, params = self.visible(query).where()
        total, unread = self.db.execute(
            "SELECT count(*), total(a.read = 0) FROM articles a "
            f"JOIN feeds f ON f.id = a.feed_id{where}", params).fetchone()
        return total, int(unread)

    def article(self, article_id: int) -> Article | None:
        """One article by id, muted or not (asked for by name)."""
        found = self.articles(Query(ids=(article_id,), with_muted=True))
        return found[0] if found else None

    def unread_counts(self) -> dict[str, int]:
        """Unread articles per feed URL (muted ones aside)."""
        hide, params = self.hide_clauses("a")
        on = "".join(" AND " + c for c in hide)
        return {
            r[0]: r[1]
            for r in self.db.execute(
                "SELECT f.url, count(a.id) FROM feeds f LEFT JOIN articles a "
                f"ON a.feed_id = f.id AND a.read = 0{on} GROUP BY f.id", params
            )
        }

    def muted_among(self, ids: Iterable[int]) -> set[int]:
        """Which of these articles the mute list hides."""
        found: set[int] = set()
        if not self.mute:
            return found
        for chunk in chunked(ids):
            params: list = list(chunk)
            hidden = Query(hide=self.mute).hidden("a", params)
            found.update(r[0] for r in self.db.execute(
                f"SELECT a.id FROM articles a WHERE a.id IN ({marks(len(chunk))}) "
                f"AND ({hidden})", params))
        return found

    def set_read(self, ids: Iterable[int], read: bool = True) -> None:
        with self.transaction() as db:
            for chunk in chunked(ids):
                db.execute(f"UPDATE articles SET read = ? WHERE id IN ({marks(len(chunk))})",
                           [int(read), *chunk])

    def mark_read(self, ids: Iterable[int]) -> None:
        self.set_read(ids, True)

    def toggle_read(self, article_id: int) -> bool:
        with self.transaction() as db:
            db.execute("UPDATE articles SET read = 1 - read WHERE id = ?", (article_id,))
            row = db.execute("SELECT read FROM articles WHERE id = ?", (article_id,)).fetchone()
        return bool(row and row[0])

    def set_starred(self, article_id: int, starred: bool) -> None:
        with self.transaction() as db:
            db.execute("UPDATE articles SET starred = ? WHERE id = ?", (int(starred), article_id))

    def toggle_star(self, article_id: int) -> bool:
        with self.transaction() as db:
            db.execute("UPDATE articles SET starred = 1 - starred WHERE id = ?", (article_id,))
            row = db.execute("SELECT starred FROM articles WHERE id = ?",
                             (article_id,)).fetchone()
        return bool(row and row[0])

    def mark_all_read(self, query: Query = EVERYTHING) -> int:
        where, params = self.visible(query).where()
        with self.transaction() as db:
            cur = db.execute(
                "UPDATE articles SET read = 1 WHERE read = 0 AND id IN "
                f"(SELECT a.id FROM articles a JOIN feeds f ON f.id = a.feed_id{where})",
                params,
            )
            return cur.rowcount


MANY_FEEDS = 10
"""From this many feeds on, a page of their articles is read along the date index."""


def _by_date(query: Query) -> bool:
    """Whether a page of `query` is read faster by walking the date index, newest
    first, and stopping at the page, than as SQLite plans it: every matching row
    found through its feed (or its search hit), then all of them sorted.

    Words (a saved search): the planner reads every hit by rowid and sorts them,
    300 ms for a common word over 100,000 articles; the walk takes a tenth of that.
    Many feeds (the "All" view, a big tag): the first page of 200 feeds' 100,000
    articles took 26 ms (unread: 78 ms, page 50: 250 ms) against 1 ms (1 ms, 11 ms)
    along the index. One feed keeps its own index (0.7 ms against 12 ms); ten are
    even (2.5 against 2.0 ms). Starred articles and ids have their own narrow paths.
    """
    if query.match is not None:
        return True
    return (query.feed_urls is not None and len(query.feed_urls) >= MANY_FEEDS
            and query.ids is None and not query.starred)

