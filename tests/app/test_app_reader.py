"""Pilot tests of the reader's first-hour fixes (#19): --offline, the feed picker at
any width, the status line's counts and words, look-alike feed names."""

from __future__ import annotations

import threading
import time
import webbrowser

import pytest

from tests.app.support import app_for, frozen, screen_lines, wait_for_refresh, widget_lines
from tests.support import write_config
from tui import config as config_mod
from tui.app import make_app


def status_text(app) -> str:
    return app.main.status.plain


# -- 8. --offline --------------------------------------------------------------------


async def test_offline_reader_never_touches_the_network(setup, feed_server):
    config, store_path = setup
    before = len(feed_server.requests)
    app = make_app(config, store_path, bidi="on", clock=frozen, offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.main.headlines.row_count == 7  # the stored articles are there
        await pilot.press("R")
        await pilot.pause()
        assert "offline (--offline): not refreshing" in status_text(app)
        assert not app.refreshing
        app.start_refresh()  # what the timer calls
        await pilot.pause()
        await app.workers.wait_for_complete()  # a refresh started would have ended here
    assert len(feed_server.requests) == before


# -- 11. a feed or tag at any width --------------------------------------------------


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_tab_picks_a_feed_or_tag_when_the_sidebar_is_folded(setup, size):
    app = app_for(setup)
    async with app.run_test(size=size) as pilot:
        assert app.main.narrow and not app.main.feeds.display
        if size[0] == 80:
            footer = screen_lines(app)[-1]
            assert "? Help" in footer and "q Quit" in footer and "tab Feeds" in footer
        await pilot.press("tab")
        await pilot.pause()
        picker = app.screen
        assert type(picker).__name__ == "FeedPicker"
        labels = [e.label for e in picker.entries]
        assert "world" in labels and "Broken Feed" in labels  # tags and feeds
        target = labels.index("world")
        await pilot.press(*["j"] * target)
        assert app.main.view.entry.key == "all"  # browsing changes nothing yet
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is app.main
        assert app.main.view.entry.key == "tag:world"
        assert app.main.headlines.has_focus
        hl = app.main.headlines
        assert hl.row_count == 2
        assert {hl.source.get(i).feed_url for i in range(hl.row_count)} == \
            {u for u in app.main.view.entry.urls}
        await pilot.press("tab")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.main and app.main.view.entry.key == "tag:world"


async def test_palette_goes_to_a_feed_and_lists_each_action_once(setup):
    app = app_for(setup)
    async with app.run_test(size=(120, 40)) as pilot:
        commands = list(app.get_system_commands(app.main))
        titles = [c.title for c in commands]
        assert titles.count("Page down") == 1
        assert len(titles) == len(set(titles))
        go = next(c for c in commands if c.title.startswith("Go to feed"))
        go.callback()
        await pilot.pause()
        assert type(app.screen).__name__ == "FeedPicker"
        await pilot.press("j", "enter")
        await pilot.pause()
        assert app.main.view.entry.key == "starred"
        assert app.main.feeds.current.key == "starred"  # the sidebar follows


# -- 13. smaller things ----------------------------------------------------------------


async def test_unread_count_on_the_status_line_follows_r_and_A(setup):
    app = app_for(setup)
    async with app.run_test(size=(120, 40)) as pilot:
        for key, unread in (("u", 7), ("r", 6), ("r", 7), ("enter", 6), ("A", 0)):
            await pilot.press(key)
            await pilot.pause()
            assert f"All · {unread} unread" in status_text(app), key


async def test_failed_feeds_are_listed_in_config_order(tmp_path, feed_server):
    """The first feed answers last: the empty state still lists it first."""
    answered = threading.Event()

    def slow(handler) -> None:
        answered.wait(10)
        time.sleep(0.2)  # let the other answer be read first
        handler._send(404, b"gone", "text/plain")

    def quick(handler) -> None:
        handler._send(404, b"gone", "text/plain")
        answered.set()

    feeds = [{"url": feed_server.add("/slow.xml", handler=slow), "title": "Slow Wire"},
             {"url": feed_server.add("/quick.xml", handler=quick), "title": "Quick Wire"}]
    path = write_config(tmp_path / "feeds.toml", feeds)
    app = make_app(config_mod.load(path), tmp_path / "akhbar.db", bidi="on", clock=frozen)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for_refresh(app, pilot)
        text = "\n".join(widget_lines(app.main.headlines))
        assert text.index("Slow Wire:") < text.index("Quick Wire:")
        status = status_text(app)
        assert status.index("Slow Wire") < status.index("Quick Wire")


async def test_open_without_a_browser_says_so(setup, tmp_path, monkeypatch):
    empty = tmp_path / "no-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))  # no browser to be found
    for name in ("BROWSER", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(webbrowser, "_tryorder", None)  # look again, in this environment
    monkeypatch.setattr(webbrowser, "_browsers", {})
    app = app_for(setup)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("o")
        for _ in range(100):
            await pilot.pause(0.02)
            if "browser" in status_text(app):
                break
        assert "no web browser found" in status_text(app)


async def test_look_alike_feed_names_are_told_apart(tmp_path):
    feeds = [
        {"url": "http://127.0.0.1:9/world.xml", "title": "Al Jazeera Arabic - World News"},
        {"url": "http://127.0.0.1:9/me.xml", "title": "Al Jazeera Arabic - Middle East"},
        {"url": "http://127.0.0.1:9/a.xml", "title": "Harbour Daily"},
        {"url": "http://localhost:9/b.xml", "title": "Harbour Daily"},
        {"url": "http://127.0.0.1:9/c.xml", "title": "Wire"},
        {"url": "http://127.0.0.1:9/d.xml", "title": "wire"},
    ]
    config = config_mod.load(write_config(tmp_path / "feeds.toml", feeds))
    app = make_app(config, tmp_path / "akhbar.db", bidi="on", clock=frozen, refresh=False)
    async with app.run_test(size=(120, 40)):
        rows = [line.strip() for line in widget_lines(app.main.feeds)[2:6]]
        assert len(set(rows)) == 4, rows
        assert any("World" in r for r in rows) and any("Middle" in r for r in rows)
        assert any("127.0.0.1" in r for r in rows) and any("localhost" in r for r in rows)
        labels = {e.label for e in app.library.feed_entries()}
        assert {"Wire · 127.0.0.1/c.xml", "wire · 127.0.0.1/d.xml"} <= labels  # one host


async def test_an_invalid_akhbar_bidi_is_named(setup, monkeypatch):
    monkeypatch.setenv("AKHBAR_BIDI", "yes")
    app = app_for(setup, bidi=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        said = [n.message for n in app._notifications]
        assert any("AKHBAR_BIDI='yes'" in m and "auto, on, off" in m for m in said), said
        assert app.bidi_setting == "auto"
