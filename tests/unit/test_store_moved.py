"""The store's file deleted or replaced while a connection is open (issue 19.4): the
next write reopens the path and nothing this session marked is lost."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime

import pytest

from tui.models import ParsedArticle
from tui.store import Store, StoreError

FEED = "https://example.org/feed.xml"


def items(n: int = 3) -> list[ParsedArticle]:
    return [ParsedArticle(guid=f"g{i}", link=f"https://example.org/{i}", title=f"title {i}",
                          published=datetime(2026, 12, 1, 12, i, tzinfo=UTC))
            for i in range(n)]


def flags(path) -> dict[str, tuple[bool, bool]]:
    with Store(path) as s:
        return {a.guid: (a.read, a.starred) for a in s.articles()}


def marked_store(path):
    """A store of three articles, the first marked read, and what it will say."""
    said: list[str] = []
    store = Store(path, on_moved=said.append)
    store.upsert_articles(FEED, items())
    ids = {a.guid: a.id for a in store.articles()}
    store.mark_read([ids["g0"]])
    return store, ids, said


def test_a_deleted_data_directory_is_written_again_with_every_mark(tmp_path):
    path = tmp_path / "data" / "akhbar.db"
    store, ids, said = marked_store(path)
    shutil.rmtree(tmp_path / "data")
    assert store.toggle_star(ids["g1"])  # the write that finds the file gone
    store.close()
    assert len(said) == 1 and "was deleted" in said[0] and str(path) in said[0]
    assert flags(path) == {"g0": (True, False), "g1": (False, True), "g2": (False, False)}


def test_a_replaced_store_keeps_its_articles_and_gets_this_sessions_marks(tmp_path):
    path = tmp_path / "data" / "akhbar.db"
    store, ids, said = marked_store(path)
    store.set_starred(ids["g1"], True)
    shutil.rmtree(tmp_path / "data")
    with Store(path) as other:  # a cron `--headlines` made a new store meanwhile
        other.upsert_articles(FEED, list(reversed(items(4))))  # other ids
    with pytest.raises(StoreError, match="replaced by another"):
        store.mark_read([ids["g2"]])  # an id of the old store: not applied to the new one
    assert store.ensure_file() is None  # reopened once, not again
    store.close()
    assert len(said) == 1 and "was replaced" in said[0]
    assert flags(path) == {"g0": (True, False), "g1": (False, True), "g2": (False, False),
                           "g3": (False, False)}


def test_nothing_moved_costs_one_stat_and_says_nothing(tmp_path):
    said: list[str] = []
    with Store(tmp_path / "akhbar.db", on_moved=said.append) as store:
        store.upsert_articles(FEED, items())
        assert store.ensure_file() is None
    assert said == []
