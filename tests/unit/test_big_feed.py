"""The paths a feed of 200,000 items takes (issue 19.6), held to what the plain paths do:
`--headlines` from store rows, and the search index built many articles at a time."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest

from tui.models import ParsedArticle
from tui.output import write_headline_rows, write_headlines
from tui.store import Query, Store

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
FEED = "https://a.example/rss"

TITLES = [
    "خبر عاجل", "  spaced\tout  ", "ESC \x1b[31mred\x1b[0m", "\u202eevil", "lone \ufffd",
    "", "decomposed e\u0301", "tab\tand\nnewline", "\u2400 joint", "NBSP\xa0here",
]
LINKS = ["https://x.example/1", "javascript:alert(1)", "", "http://x.example/a b",
         "HTTP://X.EXAMPLE/2", "https://x.example/[3]", "ftp://x.example/", "https://x.example/4",
         "https://x.example/\x1b5", "https://x.example/6"]


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "akhbar.db") as s:
        items = [ParsedArticle(guid=f"g{i}", link=link, title=title,
                               published=T0 - timedelta(hours=i))
                 for i, (title, link) in enumerate(zip(TITLES, LINKS, strict=True))]
        items.append(ParsedArticle(guid="old", link="https://x.example/old", title="old",
                                   published=datetime(999, 5, 6, 7, 8, 9, tzinfo=UTC)))
        s.upsert_articles(FEED, items)
        yield s


def test_headline_rows_print_what_articles_print(store):
    query = Query(since=None)
    expected = io.StringIO()
    write_headlines(store.stream_articles(query, bodies=False), expected)
    out, printed = io.StringIO(), []
    write_headline_rows(store.stream_headlines(query), out, printed)
    assert out.getvalue() == expected.getvalue()
    assert printed == [a.id for a in store.articles(query)]
    lines = out.getvalue().splitlines()
    assert len(lines) == len(TITLES) + 1
    assert lines[-1].startswith("0999-05-06T07:08:09Z\t")  # ISO-8601: four digits
    assert "\x1b" not in out.getvalue() and "\u202e" not in out.getvalue()


def test_headline_rows_follow_the_query(store):
    newest = store.articles()[0]
    store.mark_read([newest.id])
    out = io.StringIO()
    write_headline_rows(store.stream_headlines(Query(unread=True)), out, [])
    assert newest.title not in out.getvalue()
    assert len(out.getvalue().splitlines()) == len(TITLES)


def test_the_index_is_built_in_batches_and_follows_changes(tmp_path):
    """Batches smaller than the articles to index, one article changed after it was
    indexed: the index holds each article once, as `search_fields` makes it now."""
    from tui.store import search_fields

    with Store(tmp_path / "akhbar.db") as s:
        items = [ParsedArticle(guid=f"g{i}", link=f"https://x.example/{i}",
                               title=f"عنوان {i} أنقرة", summary=f"<p>ملخّص {i}</p>",
                               published=T0 - timedelta(hours=i)) for i in range(7)]
        s.upsert_articles(FEED, items)
        assert s.index_pending(batch=3) == 7
        items[4] = ParsedArticle(guid="g4", link="https://x.example/4", title="فيدان",
                                 summary="<p>جديد</p>", published=T0 - timedelta(hours=4))
        s.upsert_articles(FEED, items)
        assert s.index_pending(batch=3) == 1
        assert s.index_pending(batch=3) == 0
        expected = sorted((a.id, *search_fields(a.title, a.summary, a.content))
                          for a in s.articles())
        assert s.search_index() == expected


def test_headline_rows_over_several_chunks(tmp_path):
    """More lines than are cleaned at once, one title to clean in the second chunk."""
    with Store(tmp_path / "akhbar.db") as s:
        s.upsert_articles(FEED, [
            ParsedArticle(guid=f"g{i}", link=f"https://x.example/{i}",
                          title="ESC \x1b[2Jwipe" if i == 2100 else f"خبر {i}",
                          published=T0 - timedelta(minutes=i)) for i in range(4500)])
        expected = io.StringIO()
        write_headlines(s.stream_articles(bodies=False), expected)
        out, printed = io.StringIO(), []
        write_headline_rows(s.stream_headlines(), out, printed)
    assert out.getvalue() == expected.getvalue()
    assert len(printed) == 4500 and "\tESC wipe\t" in out.getvalue()
