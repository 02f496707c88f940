"""The full-text index (SPEC §4.8): what it holds for an article, keeping it up to
date, and searching it. The search syntax itself is tui.search's."""

from __future__ import annotations

from dataclasses import replace

from tui.models import Article
from tui.store.base import StoreBase
from tui.store.query import EVERYTHING, NEWEST_FIRST, Query, select_articles, where_clause
from tui.text.normalize import normalize
from tui.text.plain import visible_text

SEARCH_BODY_CHARS = 20_000
"""Body text beyond this is not indexed: no article is this long, a hostile feed may be."""


def search_fields(title: str, summary: str, content: str,
                  full_text: str = "") -> tuple[str, str]:
    """What the search index holds for an article: normalized title and body text
    (the full article when one was fetched, else the feed's longer text)."""
    body = full_text or (content if len(content or "") >= len(summary or "") else summary)
    return normalize(title), normalize(visible_text(body, SEARCH_BODY_CHARS))


class Index(StoreBase):
    def index_pending(self, batch: int = 2000) -> int:
        """Bring the search index up to date; returns how many articles it indexed."""
        done = 0
        while True:
            rows = self.db.execute(
                "SELECT id, title, summary, content, full_text FROM articles "
                "WHERE indexed = 0 LIMIT ?", (batch,)).fetchall()
            if not rows:
                return done
            fields = [(r[0], *search_fields(r[1], r[2], r[3], r[4])) for r in rows]
            with self.transaction() as db:
                ids = [(f[0],) for f in fields]
                db.executemany("DELETE FROM articles_fts WHERE rowid = ?", ids)
                db.executemany("INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)",
                               fields)
                db.executemany("UPDATE articles SET indexed = 1 WHERE id = ?", ids)
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
