"""Saved searches and the mute list in the app (#17): the feed list's saved-search
entry and its unread count after a refresh and a read, `M`, `g` over a search."""

from __future__ import annotations

from tests.app.support import wait_for_refresh
from tests.saved_support import MUTE, serve_news, write_feeds
from tui.app import make_app
from tui.config import load
from tui.paths import store_file


def _search_entry(app):
    return next(e for e in app.library.feed_entries() if e.kind == "search")


async def test_saved_search_counts_follow_refresh_and_reads(feed_server, tmp_path):
    config = load(write_feeds(tmp_path / "feeds.toml", *serve_news(feed_server), MUTE))
    app = make_app(config, store_file(), refresh=False)
    async with app.run_test(size=(120, 40)) as pilot:
        entry = _search_entry(app)
        assert entry.label == "تركيا وسوريا" and entry.unread == 0
        app.main.action_refresh()
        await wait_for_refresh(app, pilot)
        await app.workers.wait_for_complete()
        await pilot.pause()
        entry = _search_entry(app)
        assert entry.unread == 1  # the football match in Syria is muted
        app.main.show_search_entry(entry.key)
        await pilot.pause()
        source = app.main.headlines.source
        assert [source.get(i).title for i in range(source.total)] == ["لقاء بين تركيا وسوريا"]
        await pilot.press("r")
        await pilot.pause()
        assert _search_entry(app).unread == 0
        await pilot.press("M")
        await pilot.pause()
        source = app.main.headlines.source
        shown = {source.get(i).title: source.get(i).id for i in range(source.total)}
        assert set(shown) == {"لقاء بين تركيا وسوريا", "مباراة كرة القدم في سوريا"}
        assert source.muted == {shown["مباراة كرة القدم في سوريا"]}
        await pilot.press("M")
        await pilot.pause()
        assert app.main.headlines.source.total == 1
        await pilot.press("g")
        await pilot.pause()
        assert app.main.headlines.source.total == 1
