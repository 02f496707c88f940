"""A feed's date in the future is clamped to when the article was first seen (#13.11)."""

from __future__ import annotations

from datetime import UTC, datetime

from tui.models import ParsedArticle
from tui.store import Store

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
