"""The query compiler: each filter, combined, and Query.matches agreeing with the SQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import product

import pytest

from tui.models import ParsedArticle
from tui.store import Query, Store
from tui.store.query import CHUNK, chunked

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
A, B, C = "https://a.example/rss", "https://b.example/rss", "https://c.example/rss"


def item(guid: str, hours_ago: int) -> ParsedArticle:
    return ParsedArticle(guid=guid, link=f"https://x.example/{guid}", title=guid,
                         published=T0 - timedelta(hours=hours_ago))


@pytest.fixture
def store(tmp_path):
    """Six articles over three feeds; a2 and b1 read, a3 and b2 starred."""
    with Store(tmp_path / "store.db") as s:
        s.upsert_articles(A, [item("a1", 1), item("a2", 5), item("a3", 30)])
        s.upsert_articles(B, [item("b1", 2), item("b2", 48)])
        s.upsert_articles(C, [item("c1", 3)])
        ids = {a.title: a.id for a in s.articles()}
        s.mark_read([ids["a2"], ids["b1"]])
        s.set_starred(ids["a3"], True)
        s.set_starred(ids["b2"], True)
        yield s


def titles(articles) -> list[str]:
    return [a.title for a in articles]


def ids_of(store: Store, *names: str) -> tuple[int, ...]:
    found = {a.title: a.id for a in store.articles()}
    return tuple(found[n] for n in names)


def test_no_filter_is_every_article_newest_first(store):
    assert titles(store.articles()) == ["a1", "b1", "c1", "a2", "a3", "b2"]


def test_each_filter_alone(store):
    assert titles(store.articles(Query(feed_urls=(A, C)))) == ["a1", "c1", "a2", "a3"]
    assert titles(store.articles(Query(feed_urls=()))) == []
    assert titles(store.articles(Query(since=T0 - timedelta(hours=3)))) == ["a1", "b1", "c1"]
    assert titles(store.articles(Query(unread=True))) == ["a1", "c1", "a3", "b2"]
    assert titles(store.articles(Query(starred=True))) == ["a3", "b2"]
    assert titles(store.articles(Query(ids=ids_of(store, "b2", "a1")))) == ["a1", "b2"]


def test_filters_combine_as_and(store):
    q = Query(feed_urls=(A, B), since=T0 - timedelta(hours=40), unread=True)
    assert titles(store.articles(q)) == ["a1", "a3"]
    q = Query(feed_urls=(B,), starred=True, unread=True, ids=ids_of(store, "b1", "b2"))
    assert titles(store.articles(q)) == ["b2"]
    assert store.count(q) == 1


def test_the_unjoined_form_selects_the_same(store):
    """With no story assigned, every article is its own story row: story_row_count
    (the compiler's feeds-subquery form) counts what count (the joined form) does."""
    for q in queries(store):
        assert store.story_row_count(q) == store.count(q), q


def queries(store: Store) -> list[Query]:
    """Every combination of a value per filter, a sub-second `since` among them."""
    return [Query(feed_urls=f, since=s, unread=u, starred=st, ids=i)
            for f, s, u, st, i in product(
                (None, (A,), (B, C), ()),
                (None, T0 - timedelta(hours=2), T0 - timedelta(hours=5, seconds=-0.5), T0),
                (False, True), (False, True),
                (None, ids_of(store, "a1", "b2", "c1"), ()))]


def test_matches_agrees_with_the_sql(store):
    everything = store.articles()
    for q in queries(store):
        assert [a for a in everything if q.matches(a)] == store.articles(q), q


def test_matches_compares_times_in_whole_seconds(store):
    """The store keeps whole seconds: `since` half a second after an article's
    time still selects it, in SQL and in Python alike."""
    a2 = store.articles(Query(ids=ids_of(store, "a2")))[0]
    q = Query(since=a2.published + timedelta(milliseconds=500))
    assert q.matches(a2)
    assert a2 in store.articles(q)


def test_ids_beyond_one_statement(tmp_path):
    """Lists longer than one IN (?,…) holds go in chunks: flags, stories, queries."""
    assert [len(c) for c in chunked(range(2 * CHUNK + 1))] == [CHUNK, CHUNK, 1]
    n = CHUNK * 2 + 100
    with Store(tmp_path / "big.db") as s:
        s.upsert_articles(A, [item(f"g{i}", i % 90) for i in range(n)])
        ids = [a.id for a in s.articles(bodies=False)]
        assert len(s.story_ids(ids)) == n
        assert s.mark_stories_read(Query(ids=tuple(ids[:-1]))) == n - 1
        assert s.count(Query(unread=True)) == 1
        s.set_read(ids, False)
        assert s.count(Query(unread=True)) == n
