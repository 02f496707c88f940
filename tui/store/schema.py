"""The schema: migrations from an empty file to the current version.

`PRAGMA user_version` holds the version reached; `Store` applies what is
missing, each migration in its own transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from tui.store.index import search_fields


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


def _v5_feed_published(db: sqlite3.Connection) -> None:
    """The feed's own date, kept beside the one akhbar sorts and shows (#13.11).

    A date in the future is clamped to when the article was first seen, so
    `published` is the time akhbar sorts, filters, groups and shows by;
    `feed_published` holds what the feed said where that differs, for JSON
    output. NULL: the same as `published` (or the feed gave no date, see
    `dated`), so existing rows need no rewrite. A date clamped before this
    migration is learned again at the feed's next refresh.
    """
    db.execute("ALTER TABLE articles ADD COLUMN feed_published INTEGER")


def _v6_full_text(db: sqlite3.Connection) -> None:
    """Full articles (SPEC §9): the article read from the web page, kept with the feed's text.

    `full_text` is the cleaned article as plain HTML ("" when none); `full_text_error`
    says why there is none; `full_text_at` is when the page was fetched, and once set
    the page is never fetched again. Existing rows keep everything they had.
    """
    _script(
        db,
        """
        ALTER TABLE articles ADD COLUMN full_text TEXT NOT NULL DEFAULT '';
        ALTER TABLE articles ADD COLUMN full_text_error TEXT;
        ALTER TABLE articles ADD COLUMN full_text_at INTEGER
        """,
    )


def _v7_items_seen(db: sqlite3.Connection) -> None:
    """When a feed's items were last read from a body (#19.6): every article the feed
    carried then has `last_seen` equal to it. A 304 or the same bytes again moves
    only the feed's `last_success`, so the purge can tell an article still in a
    feed that has not changed for months from one that left it. Existing feeds
    start from their articles' latest `last_seen`.
    """
    db.execute("ALTER TABLE feeds ADD COLUMN items_seen INTEGER")
    db.execute("UPDATE feeds SET items_seen = "
               "(SELECT max(last_seen) FROM articles WHERE feed_id = feeds.id)")


def _v8_ascii_tokenizer(db: sqlite3.Connection) -> None:
    """The index tokenized by FTS5's `ascii` tokenizer, half the cost of `unicode61`
    (#15: 10,000 articles 650 → 300 ms, a third of a cold refresh's store time).

    What unicode61 did beyond splitting is done by the search form already (case,
    marks); its splitting at non-ASCII punctuation and its dropping of Latin and
    Greek accents are `index_form`'s, run on the stored text here and on every
    title, body and query word from now on: "cafe" still finds "café".
    """
    from tui.text.search_form import index_form

    db.create_function("akhbar_index_form", 1, index_form, deterministic=True)
    # Copied out to the temp database first, so that the new index reuses the old
    # one's pages: a store never grows by two indexes (a fresh one stays 80 KB).
    db.execute("CREATE TEMP TABLE fts_copy AS SELECT rowid AS id, "
               "akhbar_index_form(title) AS title, akhbar_index_form(body) AS body "
               "FROM articles_fts")
    # The trigger names the table: it goes with the old one and comes back for the new.
    db.execute("DROP TRIGGER articles_fts_delete")
    db.execute("DROP TABLE articles_fts")
    db.execute("CREATE VIRTUAL TABLE articles_fts USING fts5(title, body, tokenize = 'ascii')")
    db.execute("INSERT INTO articles_fts (rowid, title, body) "
               "SELECT id, title, body FROM temp.fts_copy")
    db.execute("DROP TABLE temp.fts_copy")
    db.execute("CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN "
               "DELETE FROM articles_fts WHERE rowid = old.id; END")


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _v1, _v2_search, _v3_stories, _v4_deferred_index, _v5_feed_published, _v6_full_text,
    _v7_items_seen, _v8_ascii_tokenizer]
"""Schema version N is reached by applying MIGRATIONS[N-1]; append, never edit."""
