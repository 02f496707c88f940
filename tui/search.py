"""Arabic-aware search (SPEC §4.8): every word of the query, normalized, must occur in
the normalized title or summary.

A plain scan in Python for now, kept behind these two functions so that an
FTS5 index can replace the bodies without touching the callers.
"""

from __future__ import annotations

from collections.abc import Iterable

from tui.models import Article
from tui.store import Query, Store
from tui.text.normalize import normalize


def _terms(text: str) -> list[str]:
    return normalize(text).split()


def search_articles(store: Store, text: str, query: Query | None = None) -> list[int]:
    """Ids of the articles in `query` (default: all) that match `text`, newest first."""
    query = query or Query()
    terms = _terms(text)
    if not terms:
        return []
    found = []
    for article_id, title, summary in store.article_texts(query):
        haystack = normalize(f"{title}\n{summary}")
        if all(t in haystack for t in terms):
            found.append(article_id)
    return found


def filter_articles(store: Store, articles: Iterable[Article], text: str) -> list[Article]:
    """The articles of `articles` that match `text`, in their order (for --search)."""
    terms = _terms(text)
    if not terms:
        return list(articles)
    return [a for a in articles
            if all(t in normalize(f"{a.title}\n{a.summary}") for t in terms)]
