"""Which articles a view shows, as SQL and as a Python predicate; reading them back.

`Query` is compiled to SQL in one place (`Query.clauses`), and `Query.matches`
says the same thing of an article already read, so code holding rows (the
story pager) need not re-implement the filters. Every article SELECT goes
through `select_articles`, so the feed's display title is worked out once.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from operator import itemgetter

from tui.models import Article

NEWEST_FIRST = "a.published DESC, a.id DESC"

FEED_TITLE = "COALESCE(NULLIF(f.title, ''), NULLIF(f.site_title, ''), f.url)"
"""A feed's display title in SQL: the user's title, else the feed's own, else its URL."""

CHUNK = 500
"""Parameters per `IN (?,…)`: well below SQLite's limit of 999 on old builds."""


def unix(when: datetime | None) -> int | None:
    """A datetime as the store keeps it: whole Unix seconds."""
    return int(when.timestamp()) if when else None


def utc(ts: int) -> datetime:
    return datetime.fromtimestamp(ts, UTC)


def marks(n: int) -> str:
    """`n` SQL parameter marks: "?,?,?"."""
    return ",".join("?" * n)


def chunked(items: Iterable, size: int = CHUNK) -> Iterator[list]:
    """`items` in lists short enough for one `IN (?,…)` each."""
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start:start + size]


@dataclass(frozen=True)
class Query:
    """Which articles a view shows; every field narrows."""

    feed_urls: tuple[str, ...] | None = None
    """Only these feeds (None: every feed the store knows)."""
    since: datetime | None = None
    """Only articles published (or first seen, when undated) at or after this."""
    unread: bool = False
    """Only unread articles."""
    starred: bool = False
    """Only starred articles."""
    ids: tuple[int, ...] | None = None
    """Only these articles (None: any)."""
    match: str | None = None
    """Only articles whose indexed text matches this FTS5 expression (built by tui.search)."""
    exclude: str | None = None
    """Only articles whose indexed text does not match this FTS5 expression."""
    hide: tuple[Query, ...] = ()
    """Leave out the articles any of these selects: the mute list (`Store.visible` puts
    it here; a hidden query's own `hide` is not read)."""
    with_muted: bool = False
    """Show muted articles too (the app's M, --include-muted): the store adds no `hide`."""

    def clauses(self, alias: str = "a", *, joined: bool = True) -> tuple[list[str], list]:
        """The conditions on articles aliased `alias`, and their parameters.

        `joined`: the statement joins the feeds table as `f`, so the feed filter
        reads `f.url`; otherwise it looks the feeds up in a subquery.
        """
        clauses: list[str] = []
        params: list = []
        if self.feed_urls is not None:
            urls = marks(len(self.feed_urls))
            clauses.append(f"f.url IN ({urls})" if joined else
                           f"{alias}.feed_id IN (SELECT id FROM feeds WHERE url IN ({urls}))")
            params += list(self.feed_urls)
        if self.since is not None:
            clauses.append(f"{alias}.published >= ?")
            params.append(unix(self.since))
        if self.unread:
            clauses.append(f"{alias}.read = 0")
        if self.starred:
            clauses.append(f"{alias}.starred = 1")
        if self.ids is not None:
            clauses.append(f"{alias}.id IN ({marks(len(self.ids))})")
            params += list(self.ids)
        if self.match is not None:
            clauses.append(f"{alias}.id IN ({_HITS})")
            params.append(self.match)
        if self.exclude is not None:
            clauses.append(f"{alias}.id NOT IN ({_HITS})")
            params.append(self.exclude)
        if self.hide:
            clauses.append(f"NOT ({self.hidden(alias, params)})")
        return clauses, params

    def hidden(self, alias: str, params: list) -> str:
        """The condition "one of `hide` selects it" on `alias`; its parameters go to `params`.

        Each FTS5 subquery is run once per statement (SQLite keeps its rowids), so a
        mute list costs a few index scans per view, not a search per row.
        """
        either = []
        for h in self.hide:
            conds, more = h.clauses(alias, joined=False)
            either.append("(" + (" AND ".join(conds) or "1") + ")")
            params += more
        return " OR ".join(either) or "0"

    @property
    def textual(self) -> bool:
        """Whether a condition needs the search index (`matches` cannot answer then)."""
        return self.match is not None or self.exclude is not None or bool(self.hide)

    def where(self) -> tuple[str, list]:
        """" WHERE …" over `articles a JOIN feeds f` (or "" when nothing narrows)."""
        clauses, params = self.clauses()
        return where_clause(clauses), params

    def matches(self, article: Article) -> bool:
        """Whether `article` is one this query selects: `clauses()` in Python.

        Times compare as the store keeps them, in whole seconds. A `textual` query
        needs the index: ask the store (`Store.articles` with `ids`) instead.
        """
        if self.textual:
            raise ValueError("a query on the search index is answered by the store")  # not shown
        return ((self.feed_urls is None or article.feed_url in self.feed_urls)
                and (self.since is None or unix(article.published) >= unix(self.since))
                and (not self.unread or not article.read)
                and (not self.starred or article.starred)
                and (self.ids is None or article.id in self.ids))

    def split_ids(self) -> Iterator[Query]:
        """This query as queries of at most CHUNK ids each (itself when ids is None)."""
        if self.ids is None:
            yield self
            return
        for chunk in chunked(self.ids):
            yield replace(self, ids=tuple(chunk))


_HITS = "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?"

EVERYTHING = Query()
"""The query that narrows nothing: the default of every read."""


def where_clause(clauses: list[str]) -> str:
    """Conditions joined into " WHERE … AND …" ("" for none)."""
    return " WHERE " + " AND ".join(clauses) if clauses else ""


def select_articles(db: sqlite3.Connection, where: str = "", params: Iterable = (), *,
                    columns: str = "a.*", join: str = "", order: str = NEWEST_FIRST,
                    limit: int | None = None, offset: int | None = None) -> list[Article]:
    """Articles (`articles a JOIN feeds f`, plus `join`) with their feed's URL and
    display title: the user's title, else the feed's own, else its URL."""
    return list(iter_articles(db, where, params, columns=columns, join=join, order=order,
                              limit=limit, offset=offset))


def iter_articles(db: sqlite3.Connection, where: str = "", params: Iterable = (), *,
                  columns: str = "a.*", join: str = "", order: str = NEWEST_FIRST,
                  limit: int | None = None, offset: int | None = None,
                  index: str | None = None) -> Iterator[Article]:
    """`select_articles` one row at a time: 200,000 headlines print without
    holding 200,000 articles. `index`: the articles index SQLite must read them by."""
    indexed = f" INDEXED BY {index}" if index else ""
    sql = (f"SELECT {columns}, f.url AS feed_url, "
           "(a.full_text_at IS NOT NULL AND a.full_text_error IS NULL) AS has_full_text, "
           f"{FEED_TITLE} AS feed_title "
           f"FROM articles a{indexed} JOIN feeds f ON f.id = a.feed_id{join}{where} "
           f"ORDER BY {order}")
    params = list(params)
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
        if offset is not None:
            sql += " OFFSET ?"
            params.append(offset)
    cursor = db.cursor()
    cursor.row_factory = None  # plain tuples, read by position: a third of the cost of Row
    cursor.execute(sql, params)
    position: dict[str, int] = {}
    for i, d in enumerate(cursor.description):
        position.setdefault(d[0], i)
    fields = itemgetter(*(position[name] for name in _FIELDS))
    story = position.get("story_id")
    full = position.get("full_text")
    full_error = position.get("full_text_error")
    has_full = position["has_full_text"]
    for row in cursor:
        (id_, feed_url, feed_title, guid, title, link, author, published, feed_published,
         first_seen, summary, content, read, starred, categories) = fields(row)
        yield Article(id=id_, feed_url=feed_url, feed_title=feed_title, guid=guid,
                      title=title, link=link, author=author, published=utc(published),
                      feed_published=None if feed_published is None else utc(feed_published),
                      first_seen=utc(first_seen), summary=summary, content=content,
                      read=bool(read), starred=bool(starred),
                      categories=_categories(categories),
                      story_id=None if story is None else row[story],
                      has_full_text=bool(row[has_full]),
                      full_text="" if full is None else row[full],
                      full_text_error=None if full_error is None else row[full_error])


_FIELDS = ("id", "feed_url", "feed_title", "guid", "title", "link", "author", "published",
           "feed_published", "first_seen", "summary", "content", "read", "starred", "categories")
"""The columns an `Article` is made of, in the order of its fields."""


def _categories(text: str) -> tuple[str, ...]:
    if text == "[]":  # most articles: no JSON parse
        return ()
    try:
        return tuple(json.loads(text))
    except ValueError:
        return ()
