"""The pagers and `Library` driven directly against a real store: no Pilot, no server."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from tui.library import Library
from tui.models import Config, FeedConfig, ParsedArticle, RefreshSummary
from tui.pager import ArticlePager, StoryPager
from tui.store import Query, Store
from tui.views import FeedEntry, StoryMark, View

A = "https://a.example/feed.xml"
B = "https://b.example/feed.xml"
T0 = datetime(2024, 3, 1, tzinfo=UTC)
A_COUNT, B_COUNT, TOLD_TWICE = 250, 30, 10
"""a0…a249 every even minute, b0…b29 every odd one; a<n> and b<n> are one story for
n < 10, so b<n> (a minute newer) is that story's row."""


def item(feed: str, n: int) -> ParsedArticle:
    minute = 2 * n + (feed == "b")
    return ParsedArticle(guid=f"{feed}{n}", link=f"https://{feed}.example/{n}",
                         title=f"{feed} {n}", published=T0 + timedelta(minutes=minute))


@pytest.fixture
def library(tmp_path):
    config = Config(path=tmp_path / "feeds.toml",
                    feeds=(FeedConfig(A, "Wire A", ("news",)), FeedConfig(B, "Wire B")))
    store = Store(tmp_path / "akhbar.db")
    store.sync_feeds(config.feeds)
    store.upsert_articles(A, [item("a", n) for n in range(A_COUNT)])
    store.upsert_articles(B, [item("b", n) for n in range(B_COUNT)])
    ids = {a.guid: a.id for a in store.articles()}
    store.save_stories([(ids[f"{feed}{n}"], -1 - n, "")
                        for feed in "ab" for n in range(TOLD_TWICE)])
    yield Library(store, config)
    store.close()


def every(pager: ArticlePager) -> list:
    return [pager.get(i) for i in range(pager.total)]


def view(library: Library, kind: str = "all", **changes) -> View:
    entry = next(e for e in library.feed_entries() if e.kind == kind)
    return View(entry, **changes)


def guid_of(pager: ArticlePager, index: int) -> str | None:
    article = pager.get(index)
    return article.guid if article is not None else None


# -- ArticlePager --------------------------------------------------------------------


def test_article_pager_pages_through_the_view_newest_first(library):
    pager = ArticlePager(library.store, Query())
    assert pager.total == pager.top_total == A_COUNT + B_COUNT
    assert [a.id for a in every(pager)] == [a.id for a in library.store.articles()]
    assert guid_of(pager, 0) == "a249" and guid_of(pager, pager.total - 1) == "a0"
    assert pager.get(-1) is None and pager.get(pager.total) is None
    assert not pager.grouped and pager.mark(0) is None and pager.story_at(0) is None
    assert pager.expand(0) is None and pager.collapse(0) is None


def test_article_pager_keeps_only_a_few_pages(library):
    class Small(ArticlePager):
        PAGE = 10
        KEEP_PAGES = 3

    pager = Small(library.store, Query())
    assert [a.id for a in every(pager)] == [a.id for a in library.store.articles()]
    assert len(pager._pages) == 3
    assert guid_of(pager, 0) == "a249"  # read again: the page had been let go


def test_article_pager_narrows_to_the_query(library):
    assert ArticlePager(library.store, Query(feed_urls=(B,))).total == B_COUNT
    library.store.mark_read([a.id for a in library.store.articles(Query(feed_urls=(A,)))])
    unread = ArticlePager(library.store, Query(unread=True))
    assert unread.total == B_COUNT
    assert {a.feed_url for a in every(unread)} == {B}


def test_article_pager_over_search_hits_keeps_their_order(library):
    hits = tuple(a.id for a in library.store.articles(Query(feed_urls=(B,))))[::-1]
    pager = ArticlePager(library.store, Query(), ids=hits)
    assert pager.total == B_COUNT
    assert [a.id for a in every(pager)] == list(hits)
    assert pager.index_of(pager.get(5)) == 5
    assert pager.index_of(library.store.articles(Query(feed_urls=(A,)))[0]) is None


def test_index_of_follows_an_article_down_as_newer_ones_arrive(library):
    pager = ArticlePager(library.store, Query())
    article = pager.get(120)
    library.store.upsert_articles(A, [item("a", n) for n in range(A_COUNT, A_COUNT + 7)])
    again = ArticlePager(library.store, Query())
    assert again.total == pager.total + 7
    assert again.index_of(article) == 127


# -- StoryPager ----------------------------------------------------------------------


def test_story_pager_gives_one_row_per_story(library):
    pager = StoryPager(library.store, Query())
    assert pager.grouped
    assert pager.top_total == pager.total == A_COUNT + B_COUNT - TOLD_TWICE
    rows = every(pager)
    guids = [a.guid for a in rows]
    assert len(set(guids)) == len(guids)
    assert not {f"a{n}" for n in range(TOLD_TWICE)} & set(guids)  # b<n> stands for them
    row = guids.index("b3")
    assert pager.mark(row) == StoryMark(members=2, others=1, unread=2)
    assert pager.mark(row).label == "+1 source"
    assert pager.mark(guids.index("b20")) is None  # alone: no mark
    story_id, mark = pager.story_at(row)
    assert story_id == rows[row].story_id and mark.members == 2
    assert pager.story_at(guids.index("a100")) is None


def test_story_expands_and_collapses(library):
    pager = StoryPager(library.store, Query())
    row = next(i for i in range(pager.total) if guid_of(pager, i) == "b4")
    below = guid_of(pager, row + 1)
    assert pager.expand(row) == row
    assert pager.total == pager.top_total + 1
    assert guid_of(pager, row + 1) == "a4"
    assert pager.mark(row + 1) == StoryMark(child=True, last=True)
    assert pager.mark(row).expanded
    assert guid_of(pager, row + 2) == below
    assert pager.expand(row + 1) == row  # already open: the story row
    assert pager.collapse(row + 1) == row
    assert pager.total == pager.top_total and guid_of(pager, row + 1) == below
    assert pager.collapse(row) is None
    assert pager.expand(next(i for i in range(pager.total)
                             if guid_of(pager, i) == "a200")) is None  # nothing under it


def test_expanded_stories_shift_the_rows_below(library):
    pager = StoryPager(library.store, Query())
    guids = [a.guid for a in every(pager)]
    first, second = guids.index("b8"), guids.index("b2")
    pager.expand(second)
    pager.expand(first)
    assert guid_of(pager, first + 1) == "a8"
    assert guid_of(pager, second + 1) == "b2" and guid_of(pager, second + 2) == "a2"
    assert pager.total == pager.top_total + 2


def test_story_index_of_opens_the_story_of_an_older_member(library):
    pager = StoryPager(library.store, Query())
    older = next(a for a in library.store.articles() if a.guid == "a6")
    at = pager.index_of(older)
    assert guid_of(pager, at) == "a6" and pager.mark(at).child
    assert guid_of(pager, at - 1) == "b6"


def test_story_pager_over_search_hits_keeps_the_first_hit_of_a_story(library):
    by_guid = {a.guid: a.id for a in library.store.articles()}
    hits = tuple(by_guid[g] for g in ("a5", "b12", "b5", "a100"))
    pager = StoryPager(library.store, Query(), ids=hits)
    assert [a.guid for a in every(pager)] == ["a5", "b12", "a100"]
    assert pager.index_of(next(a for a in library.store.articles() if a.guid == "b5")) == 1
    assert pager.mark(0).expanded


def test_the_story_view_narrows_to_one_feed(library):
    pager = StoryPager(library.store, Query(feed_urls=(A,)))
    assert pager.top_total == A_COUNT
    guids = [a.guid for a in every(pager)]
    assert "a3" in guids and "b3" not in guids
    row = guids.index("a3")
    assert pager.mark(row).others == 1
    pager.expand(row)
    assert guid_of(pager, row + 1) == "b3"  # the other feed's telling, out of the view


# -- Library -------------------------------------------------------------------------


def test_feed_entries_carry_the_counts(library):
    assert all(e.unread == 0 for e in library.feed_entries())  # nothing counted yet
    library.set_counts(*library.recount())
    entries = {e.key: e for e in library.feed_entries()}
    assert entries["all"] == FeedEntry("all", "All", A_COUNT + B_COUNT, "all", (A, B))
    assert entries["tag:news"].unread == A_COUNT
    assert entries[f"feed:news:{A}"].indent == 2 and entries[f"feed::{B}"].unread == B_COUNT
    assert entries["starred"].unread == 0


def test_reading_and_starring_show_at_once(library):
    library.set_counts(*library.recount())
    pager = library.pager(view(library))
    first = pager.get(0)
    opened = library.open(first)
    assert opened.read and pager.get(0).read  # the page was read before: flags cover it
    assert library.counts[A] == A_COUNT - 1
    starred = library.toggle_star(pager.get(1))
    assert starred.starred and pager.get(1).starred and library.starred_unread == 1
    library.toggle_read(pager.get(1))
    assert library.starred_unread == 0 and library.counts[A] == A_COUNT - 2
    assert library.recount() == (library.counts, library.starred_unread)


def test_a_story_marked_read_shows_read_and_its_count_drops(library):
    pager = library.pager(view(library, stories=True))
    row = next(i for i in range(pager.total) if guid_of(pager, i) == "b7")
    story_id, mark = pager.story_at(row)
    assert mark.unread == 2
    assert library.set_story_read(story_id, True) == 2
    assert pager.mark(row).unread == 0 and pager.get(row).read


def test_mark_all_read_in_the_story_view_reaches_the_other_feed(library):
    pager = library.pager(view(library, "feed", stories=True))  # the first feed: Wire A
    assert library.mark_all_read(view(library, "feed", stories=True)) == A_COUNT + TOLD_TWICE
    assert all(a.read for a in every(pager))
    assert all(pager.mark(i) is None or pager.mark(i).unread == 0 for i in range(pager.total))
    assert library.recount()[0] == {A: 0, B: B_COUNT - TOLD_TWICE}


def test_the_empty_list_says_why(library, tmp_path):
    all_view = view(library)
    assert library.empty_lines(replace(all_view, search="x"), False, None, None)[0] == (
        "Nothing matches “\u2068x\u2069”. Press escape to clear the search.")  # x isolated
    empty = Library(Store(tmp_path / "empty.db"), library.config)
    try:
        lines = empty.empty_lines(all_view, True, None, None)
        assert lines[:2] == ["No articles yet.", "Fetching 2 feeds…"]
        summary = RefreshSummary(total=2)
        assert empty.empty_lines(all_view, False, summary, "boom")[1] == "The refresh failed: boom"
    finally:
        empty.store.close()


def test_the_view_model_loads_no_ui():
    code = ("import sys, tui.pager, tui.library, tui.views, tui.keys; "
            "print(','.join(m for m in ('textual', 'rich') if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == ""
