"""Pilot tests of the reader against a store filled from a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime

import pytest
from textual import events

from tests.app.support import (
    app_for,
    first_index,
    frozen,
    screen_lines,
    serve_feeds,
    wait_for_refresh,
    widget_lines,
)
from tests.support import write_config
from tui import config as config_mod
from tui.app import make_app
from tui.messages import RefreshProgress
from tui.refresh import refresh_async
from tui.store import Query, Store
from tui.text.bidi import layout, logical_lines
from tui.widgets.article_view import ArticleView
from tui.widgets.headline_list import HeadlineList


async def submit_search(pilot, app, text: str) -> None:
    """Type `text` into the open search box, press enter, wait for the search thread."""
    app.main.query_one("#search").value = text
    await pilot.press("enter")
    for _ in range(50):
        await pilot.pause(0.02)
        if app.main.view.search_ids is not None:
            return


async def test_navigation_open_marks_read_and_persists(setup):
    app = app_for(setup)
    async with app.run_test(size=(120, 40)) as pilot:
        hl = app.main.headlines
        assert hl.has_focus and hl.cursor == 0 and hl.row_count == 7
        await pilot.press("j", "j", "k")
        assert hl.cursor == 1
        target = hl.highlighted
        assert not target.read
        await pilot.press("enter")
        await pilot.pause()
        view = app.main.article_view
        assert view.article.id == target.id
        assert hl.highlighted.read
        text = "\n".join(screen_lines(app))
        assert target.link in text
    with Store(setup[1]) as store:
        assert store.article(target.id).read


async def test_read_and_star_toggles_persist(setup):
    app = app_for(setup)
    async with app.run_test(size=(120, 40)) as pilot:
        hl = app.main.headlines
        await pilot.press("j")
        article = hl.highlighted
        await pilot.press("s", "r")
        await pilot.pause()
        assert hl.highlighted.starred and hl.highlighted.read
        row = widget_lines(hl)[1]
        assert "\u2605" in row and "\u25cf" not in row
        starred = next(e for e in app.main.feeds.entries if e.kind == "starred")
        assert starred.unread == 0
    with Store(setup[1]) as store:
        again = store.article(article.id)
        assert again.starred and again.read
    app = app_for(setup)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("j", "r", "s")
    with Store(setup[1]) as store:
        again = store.article(article.id)
        assert not again.starred and not again.read


async def test_unread_filter_and_mark_all(setup):
    app = app_for(setup)
    async with app.run_test(size=(120, 40)) as pilot:
        hl = app.main.headlines
        await pilot.press("enter", "j", "enter")
        await pilot.press("u")
        await pilot.pause()
        assert hl.row_count == 5
        await pilot.press("A")
        await pilot.pause()
        assert all("\u25cf" not in line for line in widget_lines(hl))  # shown at once
        await pilot.press("u", "u")
        await pilot.pause()
        assert hl.row_count == 0
        assert "No unread articles" in "\n".join(widget_lines(hl))
    with Store(setup[1]) as store:
        assert store.count(Query(unread=True)) == 0


async def test_feed_list_groups_by_tag_and_shows_errors(setup):
    app = app_for(setup)
    async with app.run_test(size=(120, 40)) as pilot:
        feeds = app.main.feeds
        kinds = [(e.kind, e.label) for e in feeds.entries]
        assert kinds[:3] == [("all", "All"), ("starred", "Starred"), ("tag", "عربي")]
        assert ("tag", "world") in kinds
        broken = next(i for i, e in enumerate(feeds.entries) if e.label == "Broken Feed")
        assert "404" in feeds.entries[broken].error
        assert widget_lines(feeds)[broken].startswith("!")
        feeds.focus()
        await pilot.pause()
        feeds.move_cursor(broken)
        await pilot.pause()
        assert "Broken Feed: HTTP 404" in app.main.status.plain
        assert app.main.headlines.row_count == 0
        world = next(i for i, e in enumerate(feeds.entries) if e.label == "world")
        feeds.move_cursor(world)
        await pilot.press("enter")
        await pilot.pause()
        assert app.main.headlines.has_focus
        assert app.main.headlines.row_count == 2


@pytest.mark.parametrize("query", ["وَزیر الخارجیة", "انقره"])
async def test_search_finds_arabic_variants(setup, query):
    app = app_for(setup)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash")
        box = app.main.query_one("#search")
        assert box.has_focus
        await pilot.press("x", "space")  # keys go to the box, not to the bindings
        assert box.value == "x "
        await submit_search(pilot, app, query)
        hl = app.main.headlines
        assert hl.row_count == 1
        assert hl.highlighted.title.startswith("وزير الخارجية يصل إلى أنقرة")
        assert "1 found" in app.main.status.plain
        await pilot.press("escape")
        await pilot.pause()
        assert hl.row_count == 7


async def test_refresh_progress_and_feed_error_shown(tmp_path, feed_server):
    config = config_mod.load(write_config(tmp_path / "feeds.toml", serve_feeds(feed_server)))
    progress: list[RefreshProgress] = []

    def hook(message):
        if isinstance(message, RefreshProgress):
            progress.append(message)

    app = make_app(config, tmp_path / "akhbar.db", bidi="on", clock=frozen, refresh=True)
    async with app.run_test(size=(120, 40), message_hook=hook) as pilot:
        for _ in range(200):
            await pilot.pause(0.02)
            if app.last_summary is not None:
                break
        await pilot.pause()
        assert app.last_summary is not None and not app.refreshing
        assert progress and progress[-1].progress.total == 4
        status = app.main.status.plain
        assert "4 feeds refreshed, 7 new, 1 failed" in status
        assert "Broken Feed: HTTP 404" in status
        assert app.main.headlines.row_count == 7
        # R refreshes again; nothing new, the cursor stays on its article.
        await pilot.press("j", "j")
        chosen = app.main.headlines.highlighted.id
        await pilot.press("R")
        for _ in range(200):
            await pilot.pause(0.02)
            if not app.refreshing:
                break
        await pilot.pause()
        assert app.main.headlines.highlighted.id == chosen


async def test_new_articles_keep_the_reader_in_place(tmp_path, feed_server):
    feeds = serve_feeds(feed_server, broken=False)
    config = config_mod.load(write_config(tmp_path / "feeds.toml", feeds[:2] + feeds[2:]))
    store_path = tmp_path / "akhbar.db"
    only_first = config_mod.load(write_config(tmp_path / "one.toml", feeds[:2]))
    with Store(store_path) as store:
        await refresh_async(only_first, store)
    app = make_app(config, store_path, bidi="on", clock=frozen, refresh=False)
    async with app.run_test(size=(120, 14)) as pilot:
        hl = app.main.headlines
        await pilot.press("j", "j")
        chosen = hl.highlighted.id
        screen_row = hl.cursor - hl.top
        app.start_refresh()
        for _ in range(200):
            await pilot.pause(0.02)
            if app.last_summary is not None:
                break
        await pilot.pause()
        assert app.last_summary.new_articles == 2
        assert hl.row_count == 7
        assert hl.highlighted.id == chosen
        assert hl.cursor - hl.top == screen_row


def _article_region_lines(app) -> list[str]:
    view = app.main.article_view
    region = view.content_region
    lines = screen_lines(app)[region.y:region.y + region.height]
    return [line[region.x:region.x + view.scrollable_content_region.width] for line in lines]


@pytest.mark.skipif(shutil.which("fribidi") is None, reason="needs fribidi (libfribidi-bin)")
async def test_resize_rewraps_the_article(setup):
    app = app_for(setup)
    async with app.run_test(size=(120, 40)) as pilot:
        hl = app.main.headlines
        index = first_index(app, lambda a: a.title.startswith("وزير الخارجية"))
        hl.move_cursor(index)
        await pilot.press("enter")
        await pilot.pause()
        view: ArticleView = app.main.article_view
        paragraph = ("وصل وزير الخارجية صباح اليوم إلى العاصمة التركية أنقرة في زيارة رسمية "
                     "تستمر يومين. ويبحث الوزير مع نظيره ملفات التجارة والطاقة.")
        for size in ((120, 40), (70, 30), (44, 30)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            if app.main.narrow and not app.main.reading:
                await pilot.press("enter")  # narrow: the article takes the list's place
                await pilot.pause()
            width = view.scrollable_content_region.width
            expected = layout(paragraph, width, "on")
            drawn = _article_region_lines(app)
            start = next(i for i, line in enumerate(drawn) if line == expected[0])
            assert drawn[start:start + len(expected)] == expected
            # Each line, as drawn, is what GNU FriBidi makes of its logical line.
            for logical, line in zip(logical_lines(paragraph, width), expected, strict=True):
                oracle = subprocess.run(
                    ["fribidi", "--nopad", "--nobreak", "--rtl"], input=logical,
                    capture_output=True, text=True, check=True).stdout.rstrip("\n")
                assert line.strip() == oracle.replace("\ufeff", "").strip()
            assert all(len(line) <= width for line in view.lines)


async def test_narrow_layout_opens_article_in_place(setup):
    app = app_for(setup)
    async with app.run_test(size=(60, 24)) as pilot:
        main = app.main
        assert main.narrow and not main.feeds.display
        await pilot.press("enter")
        await pilot.pause()
        assert main.reading and main.article_view.display and not main.headlines.display
        assert main.article_view.has_focus
        await pilot.press("escape")
        await pilot.pause()
        assert not main.reading and main.headlines.display and main.headlines.has_focus
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert main.feeds.display and not main.narrow


async def test_bidi_cycles_live(setup):
    app = app_for(setup, bidi="auto", stream=None)
    async with app.run_test(size=(120, 40)) as pilot:
        index = first_index(app, lambda a: a.title.startswith("وزير الخارجية"))
        hl = app.main.headlines
        auto = app.bidi_mode
        assert app.bidi_setting == "auto"
        await pilot.press("b")
        assert app.bidi_setting == "on" and app.bidi_mode == "on"
        await pilot.pause()
        shaped = widget_lines(hl)[index]
        assert "وزير" not in shaped and "\ufeed" in shaped  # presentation forms on screen
        await pilot.press("b")
        await pilot.pause()
        assert app.bidi_mode == "off"
        assert "وزير الخارجية" in widget_lines(hl)[index]
        await pilot.press("b")
        assert app.bidi_setting == "auto" and app.bidi_mode == auto


async def test_links_open_only_http_and_copy(setup, monkeypatch):
    opened = []
    monkeypatch.setattr("webbrowser.open", lambda url, *a, **k: opened.append(url))
    app = app_for(setup)
    async with app.run_test(size=(120, 40)) as pilot:
        link = app.main.headlines.highlighted.link
        await pilot.press("o", "y")
        await app.workers.wait_for_complete()  # the browser is called from a worker
        assert opened == [link]
        assert app.clipboard == link
        app.open_link("javascript:alert(1)")
        app.open_link("file:///etc/passwd")
        await app.workers.wait_for_complete()
        assert opened == [link]


async def test_other_process_flags_shown_on_focus(setup):
    app = app_for(setup)
    async with app.run_test(size=(120, 40)) as pilot:
        first = app.main.headlines.highlighted
        assert not first.read
        with Store(setup[1]) as other:  # e.g. a cron `akhbar --digest --mark-read`
            other.mark_all_read()
        app.post_message(events.AppFocus())
        await pilot.pause()
        assert app.main.headlines.highlighted.read
        assert app.main.feeds.entries[0].unread == 0


async def test_theme_is_remembered(setup):
    app = app_for(setup)
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = "nord"
        await pilot.pause()
    with Store(setup[1]) as store:
        assert store.get_setting("theme") == "nord"
    app = app_for(setup)
    async with app.run_test(size=(80, 24)):
        assert app.theme == "nord"


async def test_help_and_palette_list_the_keys(setup):
    app = app_for(setup)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        text = "\n".join(screen_lines(app))
        assert "mark everything in this view read" in text
        await pilot.press("escape")
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for title in ("Read", "Star", "Refresh", "Search", "Bidi", "Theme", "Help"):
            assert title in titles


def _story_of(store_path, title_start: str) -> list:
    with Store(store_path) as store:
        article = next(a for a in store.articles() if a.title.startswith(title_start))
        return store.story_members(article.story_id)


FLU = "الأردن يطلق حملة التطعيم"
OPEC = "OPEC+ extends"


async def test_g_groups_by_story_with_other_sources(demo_setup):
    members = _story_of(demo_setup[1], FLU)
    assert len({a.feed_url for a in members}) == 2
    app = app_for(demo_setup, bidi="off")
    async with app.run_test(size=(120, 40)) as pilot:
        hl = app.main.headlines
        assert hl.row_count == 40
        await pilot.press("g")
        await pilot.pause()
        rows = hl.row_count
        assert app.main.view.stories and rows < 40
        assert f"{rows} stories" in app.main.status.plain
        index = first_index(app, lambda a: a.story_id == members[0].story_id)
        row = widget_lines(hl)[index]
        assert "+1 source" in row and "\u25b8" in row
        # The story is one row: its other article is not listed on its own.
        assert sum(1 for i in range(hl.row_count)
                   if hl.source.get(i).story_id == members[0].story_id) == 1
        hl.move_cursor(index)
        shown = hl.highlighted
        other = next(a for a in members if a.id != shown.id)
        await pilot.press("enter")  # opens the article and expands its story
        await pilot.pause()
        text = "\n".join(app.main.article_view.lines)
        assert "Also reported by 1 other source:" in text
        assert other.feed_title in text and other.title[:30] in text
        assert hl.row_count == rows + 1 and hl.source.get(index + 1).id == other.id
        assert "\u2514" in widget_lines(hl)[index + 1]
        await pilot.press("j", "h")  # collapse from the sibling: back on the story row
        await pilot.pause()
        assert hl.row_count == rows and hl.cursor == index
        await pilot.press("l")
        await pilot.pause()
        assert hl.row_count == rows + 1
        await pilot.press("j", "g")  # ungroup: the cursor stays on the same article
        await pilot.pause()
        assert not app.main.view.stories and hl.row_count == 40
        assert hl.highlighted.id == other.id
        await pilot.press("g")
        await pilot.pause()
        assert hl.highlighted.id == other.id  # …and back: its story opens to show it
        assert hl.source.get(hl.cursor - 1).id == shown.id


async def test_r_on_a_story_row_marks_the_story_read(demo_setup):
    members = _story_of(demo_setup[1], OPEC)
    assert len(members) == 4
    app = app_for(demo_setup)
    async with app.run_test(size=(120, 40)) as pilot:
        hl = app.main.headlines
        await pilot.press("g")
        await pilot.pause()
        hl.move_cursor(first_index(app, lambda a: a.story_id == members[0].story_id))
        assert "+3 sources" in widget_lines(hl)[hl.cursor]
        await pilot.press("r")
        await pilot.pause()
        assert "\u25cf" not in widget_lines(hl)[hl.cursor]
        assert app.main.feeds.entries[0].unread == 40 - 4
    with Store(demo_setup[1]) as store:
        assert all(store.article(a.id).read for a in members)
        assert store.count(Query(unread=True)) == 40 - 4
    app = app_for(demo_setup)
    async with app.run_test(size=(120, 40)) as pilot:  # r again: the story is unread again
        hl = app.main.headlines
        await pilot.press("g")
        await pilot.pause()
        hl.move_cursor(first_index(app, lambda a: a.story_id == members[0].story_id))
        await pilot.press("r")
        await pilot.pause()
    with Store(demo_setup[1]) as store:
        assert not any(store.article(a.id).read for a in members)


async def test_mark_all_read_by_story_reaches_other_feeds(demo_setup):
    members = _story_of(demo_setup[1], OPEC)
    app = app_for(demo_setup)
    async with app.run_test(size=(120, 40)) as pilot:
        feeds = app.main.feeds
        harbour = next(i for i, e in enumerate(feeds.entries)
                       if e.kind == "feed" and e.label == "Harbour Daily")
        feeds.move_cursor(harbour)
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        hl = app.main.headlines
        await pilot.press("A")
        await pilot.pause()
        assert all("\u25cf" not in line for line in widget_lines(hl))
    with Store(demo_setup[1]) as store:
        assert all(store.article(a.id).read for a in members)  # its Arabic reports too
        harbour_url = feeds.entries[harbour].urls[0]
        assert store.count(Query(feed_urls=(harbour_url,), unread=True)) == 0
        assert store.count(Query(unread=True)) > 0  # stories Harbour did not tell stay


async def test_search_results_group_by_story(demo_setup):
    app = app_for(demo_setup)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash")
        await submit_search(pilot, app, "أوبك")
        hl = app.main.headlines
        assert hl.row_count == 3
        await pilot.press("g")
        await pilot.pause()
        assert hl.row_count == 1 and "+3 sources" in widget_lines(hl)[0]


async def test_empty_store_after_failed_refresh_explains(tmp_path, feed_server):
    feeds = [{"url": feed_server.url("/nope.xml"), "title": "Nope"},
             {"url": feed_server.url("/also-nope.xml"), "title": "Also Nope"}]
    path = write_config(tmp_path / "feeds.toml", feeds)
    config = config_mod.load(path)
    app = make_app(config, tmp_path / "akhbar.db", bidi="on", clock=frozen, refresh=True)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(200):
            await pilot.pause(0.02)
            if app.last_summary is not None:
                break
        await pilot.pause()
        text = "\n".join(widget_lines(app.main.headlines))
        assert "No articles yet." in text
        assert "None of your feeds could be fetched" in text
        assert "Nope: HTTP 404" in text and "Also Nope: HTTP 404" in text
        assert "akhbar --demo" in text
        assert str(path) in text.replace("\n", "")


def refusing_url(path: str) -> str:
    """A URL on 127.0.0.1 where nothing listens (the port was just free)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}{path}"


async def test_empty_store_offline_says_so(tmp_path):
    feeds = [{"url": refusing_url("/a.xml"), "title": "Wire A"},
             {"url": refusing_url("/b.xml"), "title": "Wire B"}]
    path = write_config(tmp_path / "home" / ".config" / "akhbar" / "feeds.toml", feeds)
    app = make_app(config_mod.load(path), tmp_path / "akhbar.db", bidi="on", clock=frozen)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_refresh(app, pilot)
        text = "\n".join(widget_lines(app.main.headlines))
        assert "None of your feeds could be fetched" in text
        assert "Wire A: could not connect: connection refused" in text
        assert "is this machine offline?" in text and "Press R to try again" in text
        assert "akhbar --demo" in text
        assert "Your feeds file: ~/.config/akhbar/feeds.toml" in text


async def test_markup_in_feed_text_is_shown_literally(tmp_path, feed_server):
    rss = ("<?xml version='1.0'?><rss version='2.0'><channel><title>[b]x[/b]</title>"
           "<item><title>[bold red]not markup[/] [link=http://x]y[/link]</title>"
           "<link>https://e.example/1</link><guid>1</guid>"
           "<description>[i]body[/i] \x1b[31m</description></item></channel></rss>")
    url = feed_server.add("/markup.xml", rss.replace("\x1b", ""))
    config = config_mod.load(write_config(tmp_path / "feeds.toml", [{"url": url}]))
    with Store(tmp_path / "akhbar.db") as store:
        await refresh_async(config, store)
    app = make_app(config, tmp_path / "akhbar.db", bidi="on", clock=frozen, refresh=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        text = "\n".join(screen_lines(app))
        assert "[bold red]not markup[/] [link=http://x]y[/link]" in text
        assert "body" in text and "[b]x[/b]" in text


async def test_many_articles_page_and_scroll(tmp_path):
    from tui.models import ParsedArticle

    store_path = tmp_path / "akhbar.db"
    config = config_mod.load(write_config(tmp_path / "feeds.toml",
                                          [{"url": "http://127.0.0.1:9/big.xml"}]))
    with Store(store_path) as store:
        store.sync_feeds(config.feeds)
        store.upsert_articles("http://127.0.0.1:9/big.xml", [
            ParsedArticle(guid=str(i), link=f"https://e.example/{i}", title=f"خبر رقم {i}",
                          published=datetime.fromtimestamp(1_700_000_000 + i, UTC))
            for i in range(5000)])
    app = make_app(config, store_path, bidi="on", clock=frozen, refresh=False)
    async with app.run_test(size=(120, 40)) as pilot:
        hl: HeadlineList = app.main.headlines
        assert hl.row_count == 5000
        await pilot.press("end")
        await pilot.pause()
        assert hl.cursor == 4999 and hl.highlighted.title == "خبر رقم 0"
        assert hl.top > 4900
        await pilot.press("home", "j")
        assert hl.highlighted.title == "خبر رقم 4998"
        assert len(app.main.headlines.source._pages) <= 16


async def test_konsole_gets_its_bidi_hint_once(setup, monkeypatch):
    monkeypatch.setenv("KONSOLE_VERSION", "230800")
    for expected in (1, 0):
        app = app_for(setup, bidi="auto")
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            hints = [n for n in app._notifications if "Konsole" in n.message]
            assert len(hints) == expected
        app.store.close()


async def test_a_damaged_store_is_announced_in_the_app(setup):
    config, store_path = setup
    store_path.write_bytes(b"this is not a database" * 100)
    app = app_for(setup)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert any("damaged" in n.message.lower() or str(store_path.name) in n.message
                   for n in app._notifications)
    app.store.close()
    assert list(store_path.parent.glob(store_path.name + ".damaged-*"))


async def test_a_feed_removed_from_the_config_leaves_all_but_keeps_its_stars(setup):
    import dataclasses

    config, store_path = setup
    wire = next(f for f in config.feeds if f.url.endswith("/wire.xml"))
    with Store(store_path) as store:
        starred = next(a for a in store.articles() if a.feed_url == wire.url)
        store.set_starred(starred.id, True)
    smaller = dataclasses.replace(config, feeds=tuple(f for f in config.feeds if f is not wire))
    app = make_app(smaller, store_path, clock=frozen, bidi="on", refresh=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        source = app.main.headlines.source
        feeds_shown = {source.get(i).feed_url for i in range(source.total)}
        assert wire.url not in feeds_shown and feeds_shown
        feeds = app.main.feeds
        feeds.focus()
        await pilot.pause()
        feeds.move_cursor(next(i for i, e in enumerate(feeds.entries) if e.kind == "starred"))
        await pilot.pause()
        source = app.main.headlines.source
        assert [source.get(i).id for i in range(source.total)] == [starred.id]
    app.store.close()
