"""A feed's date in the future is clamped to when the article was first seen, the
feed's own kept for JSON (#13.11)."""

from __future__ import annotations

from datetime import UTC, datetime

import tui.store as store_mod
from tui.models import ParsedArticle
from tui.output import article_record
from tui.store import Store
from tui.store.articles import dates
from tui.store.query import unix

FEED = "https://future.example/rss"
SEEN = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)


def test_a_2099_date_neither_shows_now_nor_sorts_first_forever(tmp_path):
    with Store(tmp_path / "akhbar.db") as store:
        future = ParsedArticle(guid="f", link=None, title="from the future",
                               published=datetime(2099, 1, 1, tzinfo=UTC))
        store.upsert_articles(FEED, [future], now=SEEN.timestamp())
        later = ParsedArticle(guid="n", link=None, title="a day later",
                              published=datetime(2026, 12, 3, 12, tzinfo=UTC))
        # A day later the feed still says 2099: the first-seen time stays.
        store.upsert_articles(FEED, [future, later], now=SEEN.timestamp() + 86400)
        first, second = store.articles()
        assert first.title == "a day later"
        assert second.published == second.first_seen == SEEN


FUTURE = datetime(2099, 1, 1, tzinfo=UTC)


def future_item(when: datetime | None = FUTURE) -> ParsedArticle:
    return ParsedArticle(guid="f", link=None, title="from the future", published=when)


def test_the_feeds_own_date_is_kept_and_is_what_json_says(tmp_path):
    with Store(tmp_path / "akhbar.db") as store:
        store.upsert_articles(FEED, [future_item()], now=SEEN.timestamp())
        (article,) = store.articles()
        (headline,) = store.articles(bodies=False)
    assert article.published == SEEN and article.feed_published == FUTURE
    assert headline.feed_published == FUTURE
    record = article_record(article)
    assert record["published"] == "2099-01-01T00:00:00Z"
    assert record["first_seen"] == "2026-12-02T12:00:00Z"


def test_a_date_in_the_past_is_stored_once():
    assert dates(unix(SEEN) - 60, unix(SEEN)) == (unix(SEEN) - 60, None)
    assert dates(unix(FUTURE), unix(SEEN)) == (unix(SEEN), unix(FUTURE))
    assert dates(None, unix(SEEN)) == (None, None)


def test_refreshing_a_future_dated_item_is_no_change(tmp_path):
    with Store(tmp_path / "akhbar.db") as store:
        store.upsert_articles(FEED, [future_item()], now=SEEN.timestamp())
        for day in range(1, 4):
            counts = store.upsert_articles(FEED, [future_item()],
                                           now=SEEN.timestamp() + day * 86400)
            assert (counts.new, counts.updated) == (0, 0)
        # The feed moves its date, still in the future: a change, the clamp stays.
        moved = store.upsert_articles(FEED, [future_item(datetime(2098, 1, 1, tzinfo=UTC))],
                                      now=SEEN.timestamp() + 5 * 86400)
        assert moved.updated == 1
        (article,) = store.articles()
        assert article.published == SEEN and article.feed_date.year == 2098
        # The feed drops the date: what was known stays, and that is no change.
        assert store.upsert_articles(FEED, [future_item(None)]).updated == 0
        assert store.articles()[0].feed_date.year == 2098


def test_a_store_of_schema_v4_gains_the_column_and_learns_the_feeds_date(
        tmp_path, monkeypatch):
    path = tmp_path / "old.db"
    with monkeypatch.context() as m:
        m.setattr(store_mod, "MIGRATIONS", store_mod.MIGRATIONS[:4])
        with Store(path) as v4:
            assert v4.schema_version == 4
            # A row as v4 wrote it: the 2099 date already clamped, the feed's lost.
            v4.db.execute("INSERT INTO feeds (url) VALUES (?)", (FEED,))
            v4.db.execute(
                "INSERT INTO articles (feed_id, key, title, published, first_seen, "
                "last_seen, read) VALUES (1, ?, 'from the future', ?, ?, ?, 1)",
                (store_mod.article_key(FEED, future_item()), unix(SEEN), unix(SEEN),
                 unix(SEEN)))
    with Store(path) as store:
        assert store.schema_version == len(store_mod.MIGRATIONS)
        (article,) = store.articles()
        assert (article.published, article.feed_published, article.read) == (SEEN, None, True)
        assert article_record(article)["published"] == "2026-12-02T12:00:00Z"
        # The next refresh learns what the feed says, once; the position and flag stay.
        later = SEEN.timestamp() + 86400
        assert store.upsert_articles(FEED, [future_item()], now=later).updated == 1
        assert store.upsert_articles(FEED, [future_item()], now=later + 1).updated == 0
        (article,) = store.articles()
        assert (article.published, article.feed_published, article.read) == (SEEN, FUTURE, True)
