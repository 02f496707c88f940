"""What the store writes: upsert change detection, and the back-off of failing feeds."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from tui.models import FeedConfig, ParsedArticle
from tui.store import Store, UpsertCounts

URL = "https://a.example/rss"
NOW = 1_770_000_000
ITEM = ParsedArticle(guid="1", link="https://a.example/1", title="عنوان", summary="ملخص",
                     content="<p>نص المقال</p>", published=datetime(2026, 2, 1, tzinfo=UTC))


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "store.db") as s:
        s.sync_feeds([FeedConfig(URL)])
        yield s


def row(store: Store) -> dict:
    return dict(store.db.execute(
        "SELECT title, content, published, first_seen, last_seen, updated, indexed, read, "
        "starred FROM articles").fetchone())


def stored_once(store: Store, item: ParsedArticle = ITEM) -> dict:
    """`item` stored, indexed, read and starred: what a later upsert must keep."""
    assert store.upsert_articles(URL, [item], now=NOW) == UpsertCounts(new=1)
    store.index_pending()
    (article,) = store.articles()
    store.mark_read([article.id])
    store.set_starred(article.id, True)
    return row(store)


def test_an_unchanged_item_only_moves_last_seen(store):
    before = stored_once(store)
    assert store.upsert_articles(URL, [ITEM], now=NOW + 600) == UpsertCounts()
    assert row(store) == before | {"last_seen": NOW + 600}


@pytest.mark.parametrize("change", [{"title": "عنوان جديد"},
                                    {"content": "<p>نص المقال بعد التصحيح</p>"},
                                    {"link": "https://a.example/1?v=2"},
                                    {"published": datetime(2026, 2, 2, tzinfo=UTC)}])
def test_a_changed_item_is_rewritten_and_indexed_again(store, change):
    before = stored_once(store)
    assert store.upsert_articles(URL, [replace(ITEM, **change)], now=NOW + 600) \
        == UpsertCounts(updated=1)
    after = row(store)
    assert after["indexed"] == 0 and after["last_seen"] == NOW + 600
    assert (after["read"], after["starred"]) == (1, 1)  # the reader's flags stay
    assert after["first_seen"] == before["first_seen"]
    if "title" in change:
        assert after["title"] == change["title"]
    if "content" in change:
        assert after["content"] == change["content"]


def test_an_undated_item_keeps_its_first_seen_date(store):
    undated = replace(ITEM, published=None)
    before = stored_once(store, undated)
    assert before["published"] == NOW
    assert store.upsert_articles(URL, [undated], now=NOW + 600) == UpsertCounts()
    assert row(store)["published"] == NOW


def test_a_guid_repeated_in_one_fetch_counts_once(store):
    second = replace(ITEM, title="نسخة ثانية")
    assert store.upsert_articles(URL, [ITEM, second], now=NOW) == UpsertCounts(new=1)
    assert row(store)["title"] == ITEM.title


def test_failures_back_off_from_the_third_doubling_to_four_hours(store):
    waits = []
    for _ in range(9):
        state = store.record_failure(URL, "timed out", now=NOW)
        waits.append(None if state.next_attempt is None else state.next_attempt - NOW)
    assert waits == [None, None, 300, 600, 1200, 2400, 4800, 9600, 4 * 3600]
    assert state.failures == 9 and state.last_error == "timed out"


def test_retry_after_wins_capped_at_a_day(store):
    state = store.record_failure(URL, "429", retry_after=90, now=NOW)
    assert state.next_attempt == NOW + 90
    state = store.record_failure(URL, "503", retry_after=7 * 86400, now=NOW)
    assert state.next_attempt == NOW + 86400


@pytest.mark.parametrize("recover", ["success", "not_modified"])
def test_a_fetch_that_works_ends_the_back_off(store, recover):
    for _ in range(4):
        store.record_failure(URL, "refused", now=NOW)
    if recover == "success":
        store.record_success(URL, etag='"v2"', last_modified=None, body_hash="h", now=NOW + 1)
    else:
        store.record_not_modified(URL, now=NOW + 1)
    state = store.feed(URL)
    assert (state.failures, state.next_attempt, state.last_error) == (0, None, None)
    assert state.last_success == NOW + 1


def test_feeds_that_answered_304_are_recorded_together(store):
    other = "https://b.example/rss"
    store.sync_feeds([FeedConfig(URL), FeedConfig(other)])
    store.record_failure(other, "refused", now=NOW)
    store.record_not_modified_many([URL, other], now=NOW + 1)
    for url in (URL, other):
        state = store.feed(url)
        assert (state.last_success, state.failures, state.last_error) == (NOW + 1, 0, None)


# -- the purge -------------------------------------------------------------------------

DAY = 86400
OLD = replace(ITEM, published=datetime.fromtimestamp(NOW - 100 * DAY, UTC))
LEFT = replace(OLD, guid="2", link="https://a.example/2")


@pytest.mark.parametrize("checked", ["not modified", "same body"])
def test_purge_keeps_old_articles_the_feed_still_carries(store, checked):
    """A feed answering 304 (or the same bytes) for months still carries its old
    items: they are not purged, whereas an item that left the feed is."""
    store.upsert_articles(URL, [OLD, LEFT], now=NOW)
    store.store_feed(URL, [OLD], etag=None, last_modified=None, body_hash="b1",
                     site_title=None, site_link=None, redirect_to=None, now=NOW + DAY)
    later = NOW + 200 * DAY
    if checked == "not modified":
        store.record_not_modified(URL, now=later - DAY)
    else:
        store.record_success(URL, etag=None, last_modified=None, body_hash="b1",
                             now=later - DAY)
    assert store.purge(keep_days=90, now=later) == 1
    assert [a.guid for a in store.articles()] == [OLD.guid]


def test_purge_drops_old_articles_of_a_feed_not_checked_within_keep_days(store):
    store.upsert_articles(URL, [OLD], now=NOW)
    store.record_not_modified(URL, now=NOW + DAY)
    assert store.purge(keep_days=90, now=NOW + 200 * DAY) == 1


def test_an_item_parsed_with_its_search_form_is_indexed_as_the_store_would(tmp_path):
    """The parse worker's search form (`parse_job`) indexes new items as they are stored,
    the same text `index_pending` would have written, with nothing left pending."""
    from tui.parse_pool import parse_job

    body = (b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            b"<title>t</title><item><guid>1</guid><title>\xd8\xa3\xd8\xae\xd8\xa8\xd8\xa7\xd8\xb1"
            b"</title><description>&lt;p&gt;\xd9\x82\xd8\xa7\xd9\x84 &lt;b&gt;Sergei&lt;/b&gt;"
            b"&lt;/p&gt;</description></item><item><guid>2</guid><title>B</title></item>"
            b"</channel></rss>")
    parsed = parse_job(body, {}, URL)
    assert len(parsed.search) == len(parsed.articles) == 2
    stores = []
    for name, search in (("inline", parsed.search), ("later", ())):
        with Store(tmp_path / f"{name}.db") as s:
            s.sync_feeds([FeedConfig(URL)])
            s.store_feed(URL, parsed.articles, search, etag=None, last_modified=None,
                         body_hash=None, site_title=None, site_link=None, redirect_to=None,
                         now=NOW)
            pending = s.db.execute("SELECT count(*) FROM articles WHERE indexed = 0"
                                   ).fetchone()[0]
            stores.append((pending, s.search_index()))
    (inline_pending, inline), (later_pending, later) = stores
    assert (inline_pending, later_pending) == (0, 2)
    assert inline == later and "sergei" in inline[0][2]


def test_a_batch_sqlite_ends_whole_is_told_with_the_writes_it_took(store):
    """Batched writes (a refresh) share one transaction; when SQLite ends it after a
    failed write (disk full, I/O error) the earlier writes of the batch are gone too,
    and the store says so instead of letting them count as saved."""
    told = []
    store.batching, store.on_batch_lost = True, told.append
    store.put_setting("first", "written")
    with pytest.raises(RuntimeError), store.transaction() as db:
        db.execute("ROLLBACK")  # as SQLite does on SQLITE_FULL or an I/O error
        raise RuntimeError("disk full")
    store.batching = False
    store.commit_batch()
    assert [str(e) for e in told] == ["disk full"]
    assert store.get_setting("first") is None


def test_a_batch_indexes_its_feeds_at_commit_and_nothing_of_an_undone_one(tmp_path):
    """While a refresh batches, each feed's search rows wait for the batch's commit (one
    FTS5 flush, not one a feed): after it every stored article is found, and a feed
    whose write was undone alone leaves neither articles nor index rows behind."""
    from tui.parse_pool import parse_job
    from tui.search import search

    def feed(word: str) -> bytes:
        return (f'<rss version="2.0"><channel><title>t</title><item><guid>{word}</guid>'
                f"<title>{word} خبر</title><description>نص عن {word}</description></item>"
                "</channel></rss>").encode()

    urls = [f"https://{n}.example/rss" for n in ("a", "b", "c")]
    with Store(tmp_path / "s.db") as s:
        s.sync_feeds([FeedConfig(u) for u in urls])
        s.batching = True
        for url, word in zip(urls, ("القاهرة", "عمان", "بيروت"), strict=True):
            parsed = parse_job(feed(word), {}, url)
            try:
                with s.transaction():
                    s.store_feed(url, parsed.articles, parsed.search, etag=None,
                                 last_modified=None, body_hash=None, site_title=None,
                                 site_link=None, redirect_to=None, now=NOW)
                    if word == "عمان":
                        raise RuntimeError("this feed's write fails")
            except RuntimeError:
                pass
        assert s.db.execute("SELECT count(*) FROM articles_fts").fetchone()[0] == 0
        s.batching = False
        s.commit_batch()
        assert [a.title for a in search(s, "القاهرة")] == ["القاهرة خبر"]
        assert [a.title for a in search(s, "بيروت")] == ["بيروت خبر"]
        assert search(s, "عمان") == []
        assert len(s.search_index()) == len(s.articles()) == 2
