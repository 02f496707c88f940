"""Arabic-aware search: a query run over the store's full-text index.

The index (`articles_fts`, see tui.store) holds the normalized title and body
(SPEC §4.8); a query is normalized the same way, so `لافروف` finds `لافرُوف`,
`أوغلو` finds `اوغلو` and `ترکیا` finds `تركيا`, while spelling variants
(`سيرغي`/`سيرجي`) stay different words.

The query language and its FTS5 form are tui.search_syntax's; this module runs a
query against the store.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime

from tui.models import Article
from tui.search_syntax import ParsedQuery, Term, describe_problem, parse_query, to_fts
from tui.store import Query, Store

__all__ = ["ParsedQuery", "Term", "describe_problem", "parse_query", "search", "to_fts",
           "to_query"]


def narrow(store: Store, parsed: ParsedQuery, base: Query,
           tags: Mapping[str, Sequence[str]] | None = None,
           now: datetime | None = None) -> Query:
    """`base` narrowed by the query's filters (feed:, tag:, is:, since:).

    `tags` maps feed URL → its tags from the config (the store does not know tags).
    """
    q = base
    if parsed.feeds or parsed.tags:
        titles = store.feed_titles()
        urls = list(q.feed_urls) if q.feed_urls is not None else list(titles)
        for text in parsed.feeds:
            t = text.casefold()
            urls = [u for u in urls if t in f"{titles.get(u, '')}\n{u}".casefold()]
        for tag in parsed.tags:
            t = tag.casefold()
            urls = [u for u in urls if t in (x.casefold() for x in (tags or {}).get(u, ()))]
        q = replace(q, feed_urls=tuple(urls))
    if parsed.unread or parsed.starred:
        q = replace(q, unread=q.unread or parsed.unread, starred=q.starred or parsed.starred)
    if parsed.since is not None:
        since = (now or datetime.now(UTC)) - parsed.since
        q = replace(q, since=max(since, q.since) if q.since else since)
    return q


def to_query(store: Store, parsed: ParsedQuery, base: Query | None = None,
             tags: Mapping[str, Sequence[str]] | None = None,
             now: datetime | None = None) -> Query:
    """The whole of a parsed query as one `Query`: filters narrowed, words as FTS5
    conditions. The store's index must be current (`Store.index_pending`)."""
    q = narrow(store, parsed, base or Query(), tags, now)
    match, exclude = to_fts(parsed)
    # Within a base that searches already (a saved search): both must hold.
    if q.match is not None and match is not None:
        match = f"({q.match}) AND ({match})"
    if q.exclude is not None and exclude is not None:
        exclude = f"({q.exclude}) OR ({exclude})"
    return replace(q, match=match or q.match, exclude=exclude or q.exclude)


def search(store: Store, query_text: str, base: Query | None = None, *,
           tags: Mapping[str, Sequence[str]] | None = None, sort: str = "date",
           limit: int | None = None) -> list[Article]:
    """Articles matching `query_text` within `base`; newest first, or best first
    with sort="rank". A query of filters only lists what they let through."""
    q = to_query(store, parse_query(query_text), base, tags)
    if q.feed_urls is not None and not q.feed_urls:
        return []
    if q.match is not None or q.exclude is not None or store.mute:
        store.index_pending()  # articles stored since the last search
    return store.search_articles(q, order=sort, limit=limit)
