"""The SQLite store: schema and migrations, feed state, articles and their flags.

No SQL lives outside this module. Writes run in `BEGIN IMMEDIATE` transactions
so that two processes (the app and a cron `--digest --mark-read`) queue on the
busy timeout instead of failing with "database is locked".
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from tui.models import Article, FeedConfig, ParsedArticle
from tui.text.normalize import normalize

BUSY_TIMEOUT_MS = 30_000


class StoreError(Exception):
    """The store cannot be opened or written; the message says what to do."""


def _script(db: sqlite3.Connection, sql: str) -> None:
    """Run statements one by one: executescript() would commit the migration's transaction."""
    for statement in sql.split(";\n"):
        if statement.strip():
            db.execute(statement)


def _v1(db: sqlite3.Connection) -> None:
    _script(
        db,
        """
        CREATE TABLE feeds (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL DEFAULT '',       -- the user's title, from feeds.toml
            site_title TEXT NOT NULL DEFAULT '',  -- the feed's own title
            site_link TEXT NOT NULL DEFAULT '',
            etag TEXT,
            last_modified TEXT,
            body_hash TEXT,
            last_attempt INTEGER,
            last_success INTEGER,
            last_error TEXT,
            failures INTEGER NOT NULL DEFAULT 0,
            next_attempt INTEGER,
            redirect_to TEXT
        );
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            feed_id INTEGER NOT NULL REFERENCES feeds(id),
            key TEXT NOT NULL,                    -- identity within the feed (SPEC §2)
            guid TEXT,
            title TEXT NOT NULL DEFAULT '',
            link TEXT NOT NULL DEFAULT '',
            author TEXT NOT NULL DEFAULT '',
            published INTEGER NOT NULL,
            dated INTEGER NOT NULL DEFAULT 1,     -- 0: the feed gave no date
            updated INTEGER,
            first_seen INTEGER NOT NULL,
            last_seen INTEGER NOT NULL,
            summary TEXT NOT NULL DEFAULT '',
            content TEXT NOT NULL DEFAULT '',
            categories TEXT NOT NULL DEFAULT '[]',
            enclosures TEXT NOT NULL DEFAULT '[]',
            read INTEGER NOT NULL DEFAULT 0,
            starred INTEGER NOT NULL DEFAULT 0,
            UNIQUE (feed_id, key)
        );
        CREATE INDEX articles_published ON articles (published DESC);
        CREATE INDEX articles_feed_published ON articles (feed_id, published DESC);
        CREATE INDEX articles_starred ON articles (starred) WHERE starred = 1;
        CREATE TABLE kv (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        """,
    )


def _v2_search(db: sqlite3.Connection) -> None:
    """Full-text search over the normalized title and body (SPEC §4.8).

    FTS5's unicode61 tokenizer splits Arabic at every haraka and folds no
    letter variant, so the index holds `normalize()`d text, kept in step by
    `Store._index_for_search` in the upsert path (a trigger cannot call
    Python). Deletions need no Python, so a trigger handles them (purge).
    Existing articles are indexed here, once.
    """
    db.execute("CREATE VIRTUAL TABLE articles_fts USING fts5(title, body, tokenize = 'unicode61')")
    # One statement: _script would split the trigger body at its ";".
    db.execute("CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN "
               "DELETE FROM articles_fts WHERE rowid = old.id; END")
    rows = db.execute("SELECT id, title, summary, content FROM articles")
    db.executemany(
        "INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)",
        ((r[0], *search_fields(r[1], r[2], r[3])) for r in rows.fetchall()),
    )


def _v3_stories(db: sqlite3.Connection) -> None:
    """Stories (SPEC §5): each article belongs to one story, most to a story of one.

    `story_id` NULL means "not assigned yet": `tui.stories.assign_pending`
    picks those up (after a refresh, and lazily for a migrated store).
    `story_text` is the normalized title + lead the grouping compared, kept so
    that later articles can be compared with it without re-reading HTML.
    """
    _script(
        db,
        """
        CREATE TABLE stories (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            created INTEGER NOT NULL
        );
        ALTER TABLE articles ADD COLUMN story_id INTEGER REFERENCES stories(id) ON DELETE SET NULL;
        ALTER TABLE articles ADD COLUMN story_text TEXT;
        CREATE INDEX articles_story ON articles (story_id);
        CREATE INDEX articles_unassigned ON articles (published) WHERE story_id IS NULL
        """,
    )


def _v4_deferred_index(db: sqlite3.Connection) -> None:
    """Search indexing moves out of the refresh: `indexed = 0` marks what is pending.

    Normalizing and indexing cost ~0.4 ms an article, 20 s for a cold refresh
    of 1000 feeds, more than everything else in it; `Store.index_pending` does
    it when a search needs it or when the app is idle. Rows indexed by v2 are
    up to date, hence the default of 1.
    """
    _script(
        db,
        """
        ALTER TABLE articles ADD COLUMN indexed INTEGER NOT NULL DEFAULT 1;
        CREATE INDEX articles_unindexed ON articles (id) WHERE indexed = 0
        """,
    )


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _v1, _v2_search, _v3_stories, _v4_deferred_index]
"""Schema version N is reached by applying MIGRATIONS[N-1]; append, never edit."""


def article_key(feed_url: str, item: ParsedArticle) -> str:
    """Identity within a feed: the guid, else the link, else a hash of title and date."""
    if item.guid:
        return "g:" + item.guid
    if item.link:
        return "l:" + item.link
    stamp = item.published.isoformat() if item.published else ""
    return "h:" + hashlib.sha256(f"{item.title}\x00{stamp}".encode()).hexdigest()[:32]


def _ts(when: datetime | None) -> int | None:
    return int(when.timestamp()) if when else None


def _dt(ts: int) -> datetime:
    return datetime.fromtimestamp(ts, UTC)


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


@dataclass(frozen=True)
class Query:
    """Which articles a view shows; every field narrows."""

    feed_urls: tuple[str, ...] | None = None
    """Only these feeds (None: every feed the store knows)."""
    since: datetime | None = None
    unread: bool = False
    starred: bool = False
    ids: tuple[int, ...] | None = None


@dataclass(frozen=True)
class UpsertCounts:
    new: int = 0
    updated: int = 0


class Store:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.notice: str | None = None
        """Set when the store was found damaged and replaced: tell the user."""
        try:
            try:
                self._open()
            except sqlite3.DatabaseError as e:
                if not is_corruption(e):
                    raise
                self.close()
                self.notice = recover_damaged(self.path, e)
                self._open()
        except sqlite3.DatabaseError as e:
            raise StoreError(f"cannot open the store {self.path}: {e}"
                             f"{error_hint(e, self.path)}") from None
        except OSError as e:
            raise StoreError(f"cannot create the store {self.path}: {e.strerror}") from None

    def _open(self) -> None:
        self.db = None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000,
                                  isolation_level=None, check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        self.db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        self.db.execute("PRAGMA journal_mode = WAL")
        # NORMAL is durable in WAL mode except for the very last commit on power loss.
        self.db.execute("PRAGMA synchronous = NORMAL")
        self.db.execute("PRAGMA foreign_keys = ON")
        # Reading the schema finds a damaged first page now rather than mid-run.
        self.db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        self._migrate()

    def close(self) -> None:
        if getattr(self, "db", None) is not None:
            self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
            self.db.execute("COMMIT")
        except BaseException:
            # SQLite may have rolled back already (disk full, I/O error); a failed
            # COMMIT leaves the transaction open. Either way: end it, keep the cause.
            if self.db.in_transaction:
                try:
                    self.db.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
            raise

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise StoreError(f"the store {self.path} was written by a newer akhbar "
                             f"(schema {version}); upgrade akhbar")
        for number in range(version + 1, len(MIGRATIONS) + 1):
            with self.transaction() as db:
                MIGRATIONS[number - 1](db)
                db.execute(f"PRAGMA user_version = {number}")

    @property
    def schema_version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    # -- feeds ---------------------------------------------------------------

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
            self._record_success(db, url, etag, last_modified, body_hash, site_title,
                                 site_link, redirect_to, now)

    def _record_success(self, db, url, etag, last_modified, body_hash, site_title, site_link,
                        redirect_to, now) -> None:
        db.execute(
            "UPDATE feeds SET etag = ?, last_modified = ?, body_hash = COALESCE(?, body_hash), "
            "site_title = COALESCE(?, site_title), site_link = COALESCE(?, site_link), "
            "last_attempt = ?, last_success = ?, last_error = NULL, failures = 0, "
            "next_attempt = NULL, redirect_to = ? WHERE url = ?",
            (etag, last_modified, body_hash, site_title, site_link, now, now, redirect_to, url),
        )

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

    # -- articles ------------------------------------------------------------

    def upsert_articles(self, feed_url: str, items: Iterable[ParsedArticle],
                        now: float | None = None) -> UpsertCounts:
        """Insert new items and refresh changed ones; read and starred are never touched."""
        now = int(now if now is not None else time.time())
        with self.transaction() as db:
            return self._upsert(db, feed_url, items, now)

    def store_feed(self, feed_url: str, items: Iterable[ParsedArticle], *,
                   etag: str | None, last_modified: str | None, body_hash: str | None,
                   site_title: str | None, site_link: str | None,
                   redirect_to: str | None, now: float | None = None) -> UpsertCounts:
        """A feed's articles and its new state in one transaction: all or nothing."""
        now = int(now if now is not None else time.time())
        with self.transaction() as db:
            counts = self._upsert(db, feed_url, items, now)
            self._record_success(db, feed_url, etag, last_modified, body_hash, site_title,
                                 site_link, redirect_to, now)
        return counts

    def _upsert(self, db: sqlite3.Connection, feed_url: str, items: Iterable[ParsedArticle],
                now: int) -> UpsertCounts:
        row = db.execute("SELECT id FROM feeds WHERE url = ?", (feed_url,)).fetchone()
        if row is None:
            db.execute("INSERT INTO feeds (url) VALUES (?)", (feed_url,))
            row = db.execute("SELECT id FROM feeds WHERE url = ?", (feed_url,)).fetchone()
        feed_id = row["id"]
        existing = {
            r["key"]: (r["published"], r["dated"], r["sig"])
            for r in db.execute(
                "SELECT key, published, dated, "
                "title || char(0) || link || char(0) || author || char(0) || "
                "length(content) || char(0) || substr(content, 1, 64) AS sig "
                "FROM articles WHERE feed_id = ?",
                (feed_id,),
            )
        }
        inserts, updates, seen_keys = [], [], []
        batch: set[str] = set()
        for item in items:
            key = article_key(feed_url, item)
            if key in batch:  # a feed repeating a guid: the first occurrence wins
                continue
            batch.add(key)
            published = _ts(item.published)
            values = (
                item.guid, item.title, item.link or "", item.author, item.summary, item.content,
                json.dumps(list(item.categories), ensure_ascii=False),
                json.dumps([e.__dict__ for e in item.enclosures], ensure_ascii=False),
                _ts(item.updated),
            )
            if key not in existing:
                inserts.append((feed_id, key, published or now, int(published is not None),
                                now, now, *values))
                continue
            old_published, old_dated, sig = existing[key]
            new_sig = "\x00".join((item.title, item.link or "", item.author,
                                   str(len(item.content)), item.content[:64]))
            if published is None:
                published = old_published
            if sig != new_sig or published != old_published:
                updates.append((published, int(item.published is not None or old_dated),
                                now, *values, feed_id, key))
            else:
                seen_keys.append((now, feed_id, key))
        db.executemany(
            "INSERT INTO articles (feed_id, key, published, dated, first_seen, last_seen, guid, "
            "title, link, author, summary, content, categories, enclosures, updated, indexed) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
            inserts,
        )
        db.executemany(
            "UPDATE articles SET published = ?, dated = ?, last_seen = ?, guid = ?, title = ?, "
            "link = ?, author = ?, summary = ?, content = ?, categories = ?, enclosures = ?, "
            "updated = ?, indexed = 0 WHERE feed_id = ? AND key = ?",
            updates,
        )
        db.executemany("UPDATE articles SET last_seen = ? WHERE feed_id = ? AND key = ?",
                       seen_keys)
        return UpsertCounts(new=len(inserts), updated=len(updates))

    def purge(self, keep_days: int, now: float | None = None) -> int:
        """Drop unstarred articles older than keep_days that have also left their feed."""
        cutoff = int((now if now is not None else time.time()) - keep_days * 86400)
        with self.transaction() as db:
            cur = db.execute(
                "DELETE FROM articles WHERE starred = 0 AND published < ? AND last_seen < ?",
                (cutoff, cutoff),
            )
            return cur.rowcount

    def _where(self, q: Query) -> tuple[str, list]:
        clauses, params = [], []
        if q.feed_urls is not None:
            clauses.append(f"f.url IN ({','.join('?' * len(q.feed_urls))})")
            params += list(q.feed_urls)
        if q.since is not None:
            clauses.append("a.published >= ?")
            params.append(_ts(q.since))
        if q.unread:
            clauses.append("a.read = 0")
        if q.starred:
            clauses.append("a.starred = 1")
        if q.ids is not None:
            clauses.append(f"a.id IN ({','.join('?' * len(q.ids))})")
            params += list(q.ids)
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params

    def articles(self, query: Query = Query(), *, limit: int | None = None,
                 offset: int = 0, bodies: bool = True) -> list[Article]:
        """Articles matching `query`, newest first, a page at a time.

        `bodies=False` leaves summary and content empty: a headline list of
        100,000 articles then reads a few MB instead of hundreds.
        """
        where, params = self._where(query)
        columns = "a.*" if bodies else (
            "a.id, a.feed_id, a.guid, a.title, a.link, a.author, a.published, a.first_seen, "
            "'' AS summary, '' AS content, a.categories, a.read, a.starred")
        sql = (
            f"SELECT {columns}, f.url AS feed_url, "
            "COALESCE(NULLIF(f.title, ''), NULLIF(f.site_title, ''), f.url) AS feed_title "
            f"FROM articles a JOIN feeds f ON f.id = a.feed_id{where} "
            "ORDER BY a.published DESC, a.id DESC"
        )
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [limit, offset]
        return [_article(r) for r in self.db.execute(sql, params)]

    def count(self, query: Query = Query()) -> int:
        where, params = self._where(query)
        return self.db.execute(
            f"SELECT count(*) FROM articles a JOIN feeds f ON f.id = a.feed_id{where}", params
        ).fetchone()[0]

    def article(self, article_id: int) -> Article | None:
        found = self.articles(Query(ids=(article_id,)))
        return found[0] if found else None

    def unread_counts(self) -> dict[str, int]:
        """Unread articles per feed URL."""
        return {
            r[0]: r[1]
            for r in self.db.execute(
                "SELECT f.url, count(a.id) FROM feeds f LEFT JOIN articles a "
                "ON a.feed_id = f.id AND a.read = 0 GROUP BY f.id"
            )
        }

    def set_read(self, ids: Iterable[int], read: bool = True) -> None:
        ids = list(ids)
        with self.transaction() as db:
            for chunk in _chunks(ids, 500):
                marks = ",".join("?" * len(chunk))
                db.execute(f"UPDATE articles SET read = ? WHERE id IN ({marks})",
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

    def mark_all_read(self, query: Query = Query()) -> int:
        where, params = self._where(query)
        with self.transaction() as db:
            cur = db.execute(
                "UPDATE articles SET read = 1 WHERE read = 0 AND id IN "
                f"(SELECT a.id FROM articles a JOIN feeds f ON f.id = a.feed_id{where})",
                params,
            )
            return cur.rowcount

    def _restore(self, feeds: dict[int, dict], rows: list[dict]) -> tuple[int, int, int]:
        """Put salvaged rows back through the upsert (so every index stays in step),
        then their flags; returns (articles, read, starred)."""
        by_feed: dict[str, list[tuple[str, ParsedArticle, dict]]] = {}
        for r in rows:
            feed = feeds.get(r.get("feed_id"))
            try:
                item = _salvaged_article(r)
                key = article_key(feed["url"], item)  # the key the upsert gives it
                by_feed.setdefault(feed["url"], []).append((key, item, r))
            except (KeyError, TypeError, ValueError):
                continue  # a row without its feed or with damaged fields
        count = read = starred = 0
        for url, entries in by_feed.items():
            self.upsert_articles(url, [item for _, item, _ in entries],
                                 now=max(int(r.get("last_seen") or 0) for *_, r in entries)
                                 or None)
            feed = next(f for f in feeds.values() if f["url"] == url)
            with self.transaction() as db:
                db.execute("UPDATE feeds SET title = ?, site_title = ?, site_link = ? "
                           "WHERE url = ?", (feed.get("title") or "", feed.get("site_title")
                                             or "", feed.get("site_link") or "", url))
                feed_id = db.execute("SELECT id FROM feeds WHERE url = ?", (url,)).fetchone()[0]
                for key, _, r in entries:
                    flags = (int(bool(r.get("read"))), int(bool(r.get("starred"))))
                    cur = db.execute("UPDATE articles SET read = ?, starred = ? "
                                     "WHERE feed_id = ? AND key = ?", (*flags, feed_id, key))
                    if cur.rowcount:
                        count += 1
                        read += flags[0]
                        starred += flags[1]
        return count, read, starred

    # -- small settings ------------------------------------------------------

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        row = self.db.execute("SELECT value FROM kv WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def put_setting(self, key: str, value: str) -> None:
        with self.transaction() as db:
            db.execute("INSERT INTO kv (key, value) VALUES (?, ?) "
                       "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, value))

    # -- search and stories (tui.search, tui.stories) ------------------------

    def index_pending(self, batch: int = 2000) -> int:
        """Bring the search index up to date; returns how many articles it indexed."""
        done = 0
        while True:
            rows = self.db.execute(
                "SELECT id, title, summary, content FROM articles WHERE indexed = 0 LIMIT ?",
                (batch,)).fetchall()
            if not rows:
                return done
            fields = [(r[0], *search_fields(r[1], r[2], r[3])) for r in rows]
            with self.transaction() as db:
                ids = [(f[0],) for f in fields]
                db.executemany("DELETE FROM articles_fts WHERE rowid = ?", ids)
                db.executemany("INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)",
                               fields)
                db.executemany("UPDATE articles SET indexed = 1 WHERE id = ?", ids)
            done += len(rows)

    def search_articles(self, match: str | None, exclude: str | None = None,
                        query: Query = Query(), *, order: str = "date",
                        limit: int | None = None) -> list[Article]:
        """Articles matching the FTS5 expression `match` (None: all) and not `exclude`.

        Both are FTS5 query strings built by tui.search (every term quoted);
        `order` is "date" (newest first) or "rank" (bm25, title weighted 3:1).
        """
        where, params = self._where(query)
        clauses = [where[len(" WHERE "):]] if where else []
        join = ""
        head: list = []
        if match is not None and order == "rank":
            join = (" JOIN (SELECT rowid AS hit, bm25(articles_fts, 3.0, 1.0) AS score "
                    "FROM articles_fts WHERE articles_fts MATCH ?) s ON s.hit = a.id")
            head.append(match)
        elif match is not None:
            # Newest first needs no bm25: SQLite builds the set of hits, then walks the
            # published index and stops at the limit.
            clauses.append("a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
            params.append(match)
        if exclude is not None:
            clauses.append("a.id NOT IN (SELECT rowid FROM articles_fts "
                           "WHERE articles_fts MATCH ?)")
            params.append(exclude)
        sql = (
            "SELECT a.*, f.url AS feed_url, "
            "COALESCE(NULLIF(f.title, ''), NULLIF(f.site_title, ''), f.url) AS feed_title "
            f"FROM articles a JOIN feeds f ON f.id = a.feed_id{join}"
            + (" WHERE " + " AND ".join(clauses) if clauses else "")
            + (" ORDER BY s.score, a.published DESC, a.id DESC" if join
               else " ORDER BY a.published DESC, a.id DESC")
        )
        params = head + params
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [_article(r) for r in self.db.execute(sql, params)]

    def search_index(self) -> list[tuple[int, str, str]]:
        """The whole search index as (article id, title, body), for checks and tests."""
        self.index_pending()
        return [tuple(r) for r in self.db.execute(
            "SELECT rowid, title, body FROM articles_fts ORDER BY rowid")]

    def feed_titles(self) -> dict[str, str]:
        """Display title of every feed the store knows, by URL."""
        return {f.url: f.display_title for f in self.feeds()}

    def unassigned_articles(self, limit: int | None = None) -> list[sqlite3.Row]:
        """Articles without a story yet, oldest first: id, feed_id, published, title,
        summary and the first 4,000 characters of content."""
        sql = ("SELECT id, feed_id, published, title, summary, substr(content, 1, 4000) "
               "AS content FROM articles WHERE story_id IS NULL ORDER BY published, id")
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return self.db.execute(sql).fetchall()

    def story_window(self, start: int, end: int) -> list[sqlite3.Row]:
        """Assigned articles published in [start, end] (Unix seconds): id, feed_id,
        published, story_id, story_text: what a new article is compared with."""
        return self.db.execute(
            "SELECT id, feed_id, published, story_id, story_text FROM articles "
            "WHERE published BETWEEN ? AND ? AND story_id IS NOT NULL", (start, end),
        ).fetchall()

    def save_stories(self, rows: Sequence[tuple[int, int, str]], now: float | None = None) -> int:
        """Write (article id, story, story_text) rows; a story < 0 stands for a new
        story, one per distinct negative number. Articles another process assigned
        meanwhile keep their story. Returns how many articles were assigned."""
        now = int(now if now is not None else time.time())
        assigned = 0
        with self.transaction() as db:
            fresh: dict[int, int] = {}
            for _, story, _ in rows:
                if story < 0 and story not in fresh:
                    fresh[story] = db.execute("INSERT INTO stories (created) VALUES (?)",
                                              (now,)).lastrowid
            cur = db.executemany(
                "UPDATE articles SET story_id = ?, story_text = ? "
                "WHERE id = ? AND story_id IS NULL",
                [(fresh.get(story, story), text, aid) for aid, story, text in rows],
            )
            assigned = cur.rowcount
        return assigned

    def story_members(self, story_id: int) -> list[Article]:
        """The articles of one story, newest first."""
        rows = self.db.execute(
            "SELECT a.*, f.url AS feed_url, "
            "COALESCE(NULLIF(f.title, ''), NULLIF(f.site_title, ''), f.url) AS feed_title "
            "FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE a.story_id = ? "
            "ORDER BY a.published DESC, a.id DESC", (story_id,))
        return [_article(r) for r in rows]

    def story_sizes(self, story_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
        """(articles, distinct feeds) of each story."""
        ids = list(dict.fromkeys(story_ids))
        sizes: dict[int, tuple[int, int]] = {}
        for chunk in _chunks(ids, 500):
            marks = ",".join("?" * len(chunk))
            for r in self.db.execute(
                f"SELECT story_id, count(*), count(DISTINCT feed_id) FROM articles "
                f"WHERE story_id IN ({marks}) GROUP BY story_id", chunk):
                sizes[r[0]] = (r[1], r[2])
        return sizes

    def mark_story_read(self, story_id: int, read: bool = True) -> int:
        """Mark (or unmark) every article of a story read; returns how many changed."""
        with self.transaction() as db:
            return db.execute("UPDATE articles SET read = ? WHERE story_id = ? AND read != ?",
                              (int(read), story_id, int(read))).rowcount

    # -- the headline list grouped by story (the app's `g`) ------------------

    def _story_rows_where(self, q: Query) -> tuple[str, list]:
        """`q` narrowed to one row per story: its newest article within `q`.

        An article is its story's row when no other article of the story, also
        matching `q`, is newer. The check is an index lookup (articles_story)
        per row walked, so a page costs what a page of the flat list costs.
        """
        where, params = self._where(q)
        inner, inner_params = _view_clauses(q, "b")
        newer = ("(a.story_id IS NULL OR NOT EXISTS (SELECT 1 FROM articles b "
                 "WHERE b.story_id = a.story_id AND (b.published > a.published OR "
                 "(b.published = a.published AND b.id > a.id))"
                 + "".join(" AND " + c for c in inner) + "))")
        return (where + " AND " if where else " WHERE ") + newer, params + inner_params

    def story_rows(self, query: Query = Query(), *, limit: int | None = None,
                   offset: int = 0) -> list[Article]:
        """One article per story matching `query` (the newest of it that matches),
        articles without a story as themselves; newest first, a page at a time."""
        where, params = self._story_rows_where(query)
        sql = ("SELECT a.*, f.url AS feed_url, "
               "COALESCE(NULLIF(f.title, ''), NULLIF(f.site_title, ''), f.url) AS feed_title "
               f"FROM articles a JOIN feeds f ON f.id = a.feed_id{where} "
               "ORDER BY a.published DESC, a.id DESC")
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [limit, offset]
        return [_article(r) for r in self.db.execute(sql, params)]

    def story_row_count(self, query: Query = Query()) -> int:
        """How many rows `story_rows(query)` has: distinct stories, plus unassigned articles."""
        clauses, params = _view_clauses(query, "a")
        where = "".join(" AND " + c for c in clauses)
        # Two counts, not count(DISTINCT COALESCE(…)): unfiltered, the distinct
        # count reads only the articles_story index (4 ms at 100k, not 120).
        return self.db.execute(
            f"SELECT (SELECT count(*) FROM articles a WHERE a.story_id IS NULL{where}) + "
            f"(SELECT count(DISTINCT a.story_id) FROM articles a WHERE a.story_id IS NOT NULL"
            f"{where})", params + params).fetchone()[0]

    def story_stats(self, story_ids: Iterable[int]) -> dict[int, tuple[int, int, int]]:
        """(articles, distinct feeds, unread articles) of each story."""
        ids = [i for i in dict.fromkeys(story_ids) if i is not None]
        stats: dict[int, tuple[int, int, int]] = {}
        for chunk in _chunks(ids, 500):
            marks = ",".join("?" * len(chunk))
            for r in self.db.execute(
                    "SELECT story_id, count(*), count(DISTINCT feed_id), sum(read = 0) "
                    f"FROM articles WHERE story_id IN ({marks}) GROUP BY story_id", chunk):
                stats[r[0]] = (r[1], r[2], r[3] or 0)
        return stats

    def story_ids(self, article_ids: Iterable[int]) -> dict[int, int | None]:
        """The story of each article (None: not assigned yet)."""
        found: dict[int, int | None] = {}
        for chunk in _chunks(list(article_ids), 500):
            marks = ",".join("?" * len(chunk))
            found.update(self.db.execute(
                f"SELECT id, story_id FROM articles WHERE id IN ({marks})", chunk).fetchall())
        return found

    def mark_stories_read(self, query: Query = Query()) -> int:
        """Mark read every article matching `query` and every article of their stories
        (`A` in the story view: the rows there stand for whole stories)."""
        n = 0
        chunks = ([query] if query.ids is None else
                  [Query(query.feed_urls, query.since, query.unread, query.starred, tuple(c))
                   for c in _chunks(list(query.ids), 500)])
        with self.transaction() as db:
            for q in chunks:
                where, params = self._where(q)
                view = ("SELECT a.id, a.story_id FROM articles a "
                        f"JOIN feeds f ON f.id = a.feed_id{where}")
                n += db.execute(
                    "UPDATE articles SET read = 1 WHERE read = 0 AND ("
                    f"id IN (SELECT id FROM ({view})) OR story_id IN "
                    f"(SELECT story_id FROM ({view}) WHERE story_id IS NOT NULL))",
                    params + params).rowcount
        return n


_SCRIPT_STYLE = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAGS = re.compile(r"<[^>]*>")
SEARCH_BODY_CHARS = 20_000
"""Body text beyond this is not indexed: no article is this long, a hostile feed may be."""


def visible_text(html_text: str, limit: int = SEARCH_BODY_CHARS) -> str:
    """The words of an HTML body, cheaply: scripts, styles and tags dropped,
    entities decoded. Not for display (tui.text.html does that); for the index.
    Measured at 100k articles this is ~15x cheaper than html_to_blocks."""
    if not html_text:
        return ""
    text = html_text[: limit * 3]
    if "<" in text:
        text = _TAGS.sub(" ", _SCRIPT_STYLE.sub(" ", text))
    if "&" in text:
        text = html.unescape(text)
    return text[:limit]


def search_fields(title: str, summary: str, content: str) -> tuple[str, str]:
    """What the search index holds for an article: normalized title and body text."""
    body = content if len(content or "") >= len(summary or "") else summary
    return normalize(title), normalize(visible_text(body))


# -- a damaged store ------------------------------------------------------------


def is_corruption(e: BaseException) -> bool:
    """A damaged file (not a lock, a full disk or a permission problem)."""
    return isinstance(e, sqlite3.DatabaseError) and (getattr(e, "sqlite_errorcode", 0) & 0xFF) in (
        sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


def error_hint(e: sqlite3.Error, path: Path) -> str:
    """What the user can do about a store error, in a parenthesis (or "")."""
    code = (getattr(e, "sqlite_errorcode", None) or 0) & 0xFF  # primary of an extended code
    if code == sqlite3.SQLITE_FULL:
        return f" (free some space on the disk that holds {path.parent})"
    if code in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM):
        return f" (check that {path.parent} exists and is writable, or set AKHBAR_DATA_DIR)"
    return ""


def recover_damaged(path: Path, cause: BaseException | None = None) -> str:
    """Set a damaged store aside (renamed, never deleted), start a fresh one and copy
    into it whatever articles, flags and feed titles can still be read.

    Returns the message for the user. Python's sqlite3 has no `.recover`; this reads
    the old tables row by row, by full scans (a damaged index is then no obstacle),
    from both ends, and keeps what came out before an error.
    """
    path = Path(path)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.damaged-{stamp}")
    n = 1
    while aside.exists():
        n += 1
        aside = path.with_name(f"{path.name}.damaged-{stamp}-{n}")
    try:
        path.replace(aside)
        for suffix in ("-wal", "-shm"):
            side = path.with_name(path.name + suffix)
            if side.exists():
                side.replace(aside.with_name(aside.name + suffix))
    except OSError as e:
        raise StoreError(f"the store {path} is damaged ({cause}) and could not be moved "
                         f"aside ({e.strerror}): move it away by hand and run akhbar again"
                         ) from None
    feeds, rows = _salvage(aside)
    recovered = read = starred = 0
    if rows:
        with Store(path) as fresh:
            recovered, read, starred = fresh._restore(feeds, rows)
    why = f" ({cause})" if cause else ""
    saved = (f"{recovered} articles recovered from it ({read} read, {starred} starred)"
             if recovered else "nothing could be recovered from it")
    return (f"the store {path} was damaged{why}; it is kept as {aside} and a fresh store "
            f"was started, {saved}. Delete {aside.name} once you no longer need it.")


def _salvage(path: Path) -> tuple[dict[int, dict], list[dict]]:
    """Whatever rows of feeds and articles a damaged file still gives."""
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1)
    except sqlite3.Error:
        return {}, []
    db.row_factory = sqlite3.Row

    def scan(table: str) -> dict[int, dict]:
        found: dict[int, dict] = {}
        for order in ("ASC", "DESC"):
            try:
                for row in db.execute(f"SELECT * FROM {table} NOT INDEXED "
                                      f"ORDER BY rowid {order}"):
                    if row["id"] in found:
                        break  # the two scans met
                    found[row["id"]] = dict(row)
            except sqlite3.Error:
                continue
        return found

    try:
        return scan("feeds"), list(scan("articles").values())
    finally:
        db.close()


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _feed_state(row: sqlite3.Row) -> FeedState:
    return FeedState(
        id=row["id"], url=row["url"], title=row["title"], site_title=row["site_title"],
        etag=row["etag"], last_modified=row["last_modified"], body_hash=row["body_hash"],
        last_success=row["last_success"], last_error=row["last_error"],
        failures=row["failures"], next_attempt=row["next_attempt"],
        redirect_to=row["redirect_to"],
    )


def _salvaged_article(r: dict) -> ParsedArticle:
    """A damaged store's row as the item the feed once gave (its key unchanged)."""
    def text(name: str) -> str:
        value = r.get(name)
        return value if isinstance(value, str) else ""

    try:
        categories = tuple(str(c) for c in json.loads(text("categories") or "[]"))
    except (ValueError, TypeError):
        categories = ()
    dated = r.get("dated", 1)
    published = r.get("published")
    return ParsedArticle(
        guid=r.get("guid") or None, link=text("link") or None, title=text("title"),
        author=text("author"),
        published=_dt(published) if isinstance(published, int) and dated else None,
        updated=_dt(r["updated"]) if isinstance(r.get("updated"), int) else None,
        summary=text("summary"), content=text("content"), categories=categories,
    )


def _article(row: sqlite3.Row) -> Article:
    try:
        categories = tuple(json.loads(row["categories"]))
    except ValueError:
        categories = ()
    return Article(
        id=row["id"], feed_url=row["feed_url"], feed_title=row["feed_title"], guid=row["guid"],
        title=row["title"], link=row["link"], author=row["author"],
        published=_dt(row["published"]), first_seen=_dt(row["first_seen"]),
        summary=row["summary"], content=row["content"], read=bool(row["read"]),
        starred=bool(row["starred"]), categories=categories,
        story_id=row["story_id"] if "story_id" in row.keys() else None,
    )


def _view_clauses(q: Query, alias: str) -> tuple[list[str], list]:
    """`q`'s conditions on articles aliased `alias`, without the feeds join."""
    clauses: list[str] = []
    params: list = []
    if q.feed_urls is not None:
        clauses.append(f"{alias}.feed_id IN (SELECT id FROM feeds WHERE url IN "
                       f"({','.join('?' * len(q.feed_urls))}))")
        params += list(q.feed_urls)
    if q.since is not None:
        clauses.append(f"{alias}.published >= ?")
        params.append(_ts(q.since))
    if q.unread:
        clauses.append(f"{alias}.read = 0")
    if q.starred:
        clauses.append(f"{alias}.starred = 1")
    if q.ids is not None:
        clauses.append(f"{alias}.id IN ({','.join('?' * len(q.ids))})")
        params += list(q.ids)
    return clauses, params
