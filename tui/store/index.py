"""The full-text index (SPEC §4.8): what it holds for an article, keeping it up to
date, and searching it. The search syntax itself is tui.search's."""

from __future__ import annotations

from dataclasses import replace

from tui.models import Article
from tui.store.base import StoreBase
from tui.store.query import (
    EVERYTHING,
    NEWEST_FIRST,
    Query,
    chunked,
    marks,
    select_articles,
    where_clause,
)
from tui.text.search_form import SEARCH_BODY_CHARS, search_fields, search_fields_many

__all__ = ["SEARCH_BODY_CHARS", "Index", "search_fields", "search_fields_many"]


class Index(StoreBase):
    def index_pending(self, batch: int = 10_000) -> int:
        """Bring the search index up to date; returns how many articles it indexed.

        Each batch is read, normalized and written in one write transaction, so no
        other process can change an article between its reading and its indexing.
        """
        done = 0
        self.index_waiting()
        # Nothing pending (every refresh indexes what it stored): no write lock taken.
        if self.db.execute("SELECT 1 FROM articles WHERE indexed = 0 LIMIT 1").fetchone() is None:
            return done
        while True:
            with self.transaction() as db:
                rows = db.execute(
                    "SELECT id, title, summary, content, full_text FROM articles "
                    "WHERE indexed = 0 "
                    "ORDER BY id LIMIT ?", (batch,)).fetchall()
                if not rows:
                    return done
                fields = search_fields_many(rows)
                ids = [r[0] for r in rows]
                for chunk in chunked(ids):  # an article indexed before and changed since
                    stale = db.execute("SELECT rowid FROM articles_fts WHERE rowid IN "
                                       f"({marks(len(chunk))})", chunk).fetchall()
                    db.executemany("DELETE FROM articles_fts WHERE rowid = ?", stale)
                db.executemany("INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)",
                               fields)
                db.execute("UPDATE articles SET indexed = 1 WHERE indexed = 0 "
                           "AND id BETWEEN ? AND ?", (ids[0], ids[-1]))
            done += len(rows)

    def search_articles(self, query: Query = EVERYTHING, *, order: str = "date",
                        limit: int | None = None) -> list[Article]:
        """Articles matching `query`, whose `match`/`exclude` are FTS5 expressions built by
        tui.search (every term quoted); `order` is "date" (newest first) or "rank"
        (bm25 of `match`, title weighted 3:1).

        Newest first needs no bm25: SQLite builds the set of hits once, then walks
        the published index and stops at the limit.
        """
        join = ""
        head: list = []
        if query.match is not None and order == "rank":
            join = (" JOIN (SELECT rowid AS hit, bm25(articles_fts, 3.0, 1.0) AS score "
                    "FROM articles_fts WHERE articles_fts MATCH ?) s ON s.hit = a.id")
            head.append(query.match)
            query = replace(query, match=None)
        clauses, params = self.visible(query).clauses()
        return select_articles(
            self.db, where_clause(clauses), head + params, join=join, limit=limit,
            order=f"s.score, {NEWEST_FIRST}" if join else NEWEST_FIRST)

    def search_index(self) -> list[tuple[int, str, str]]:
        """The whole search index as (article id, title, body), for checks and tests."""
        self.index_pending()
        return [tuple(r) for r in self.db.execute(
            "SELECT rowid, title, body FROM articles_fts ORDER BY rowid")]
