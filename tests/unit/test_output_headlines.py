"""`--headlines` printed from the store's plain rows says what the Article path says."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest

from tui.models import FeedConfig, ParsedArticle
from tui.output import iso_utc, write_headline_rows, write_headlines

FEEDS = ("https://a.example/rss", "https://b.example/rss")


@pytest.mark.parametrize("seconds", [0, -1, 1_770_000_000, -30_610_224_000,
                                     -30_610_224_001, -62_135_596_800, 253_402_300_799])
def test_sqlite_prints_a_time_in_unix_seconds_as_its_datetime_does(store, seconds):
    stamp = store.db.execute("SELECT strftime('%Y-%m-%dT%H:%M:%SZ', ?, 'unixepoch')",
                             (seconds,)).fetchone()[0]
    assert stamp == iso_utc(datetime.fromtimestamp(seconds, UTC))


def test_rows_print_the_same_lines_as_articles(store):
    store.sync_feeds([FeedConfig(FEEDS[0], title="الجزيرة\tعاجل"), FeedConfig(FEEDS[1])])
    for n, url in enumerate(FEEDS * 3):
        store.upsert_articles(url, [ParsedArticle(
            guid=str(n), link="javascript:alert(1)" if n == 2 else f"https://x.example/{n}",
            title=f"عنوان\x1b[31m {n}\n", summary="", content="",
            published=datetime(999 + n * 300, 1, 2, 3, 4, 5, tzinfo=UTC))])
    by_articles, by_rows, ids = io.StringIO(), io.StringIO(), []
    write_headlines(store.stream_articles(bodies=False), by_articles)
    write_headline_rows(store.stream_headlines(), by_rows, ids)
    assert by_rows.getvalue() == by_articles.getvalue()
    assert len(by_rows.getvalue().splitlines()) == len(ids) == 6
    assert [a.id for a in store.articles()] == ids
