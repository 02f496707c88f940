"""Pilot tests of what the reader draws on real-world quirks (issue #13: 6, 9, 10, 11)."""

from __future__ import annotations

from tests.app.support import (
    app_for,
    first_index,
    frozen,
    screen_lines,
    wait_for_refresh,
)
from tests.support import fixture_bytes, write_config
from tui import config as config_mod
from tui.app import make_app
from tui.text.bidi import ELLIPSIS, cell_width, display_text, layout

ARTICLE = "وزير الخارجية"
PARAGRAPH = ("وصل وزير الخارجية صباح اليوم إلى العاصمة التركية أنقرة في زيارة رسمية "
             "تستمر يومين. ويبحث الوزير مع نظيره ملفات التجارة والطاقة.")


async def test_narrowing_the_terminal_keeps_the_open_article(setup):  # noqa: F811
    app = app_for(setup)
    async with app.run_test(size=(120, 40)) as pilot:
        main = app.main
        main.headlines.move_cursor(first_index(app, lambda a: a.title.startswith(ARTICLE)))
        await pilot.press("enter")
        await pilot.pause()
        assert not main.narrow and main.article_view.display
        await pilot.resize_terminal(80, 30)
        await pilot.pause()
        assert main.narrow and main.reading
        assert main.article_view.display and not main.headlines.display
        assert main.article_view.article.title.startswith(ARTICLE)
        first = layout(PARAGRAPH, main.article_view.scrollable_content_region.width, "on")[0]
        assert any(first.strip() in line for line in screen_lines(app))  # wrapped anew
        await pilot.press("escape")  # back to the list, and it stays there
        await pilot.pause()
        assert not main.reading and main.headlines.display
        await pilot.resize_terminal(70, 30)
        await pilot.pause()
        assert not main.reading and main.headlines.display
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert main.headlines.display and main.article_view.display


async def test_narrowing_with_no_article_open_shows_the_list(setup):  # noqa: F811
    app = app_for(setup)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.resize_terminal(80, 30)
        await pilot.pause()
        assert not app.main.reading and app.main.headlines.display


async def test_status_line_keeps_an_english_message_left_to_right(tmp_path, feed_server):
    name = "الجزيرة نت"
    feeds = [{"url": feed_server.add("/marfa.xml", fixture_bytes("arabic_rss.xml"))},
             {"url": feed_server.url("/gone.xml"), "title": name},
             {"url": feed_server.url("/lost.xml"), "title": "Harbour Daily"}]
    config = config_mod.load(write_config(tmp_path / "feeds.toml", feeds))
    app = make_app(config, tmp_path / "akhbar.db", bidi="on", clock=frozen)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_refresh(app, pilot)
        status = app.main.status
        line = status.plain
        # The message reads left to right; the Arabic name is shaped and in order inside.
        assert line.startswith("All · ")
        assert f"failed — {display_text(name, 'on')}: HTTP" in line
        assert "\u2068" not in line and "\u2069" not in line
        # Too long for 78 cells: cut at its logical end, with an ellipsis.
        assert line.endswith(ELLIPSIS) and cell_width(line) <= status.content_region.width
        feeds_list = app.main.feeds
        feeds_list.focus()
        feeds_list.move_cursor(next(i for i, e in enumerate(feeds_list.entries)
                                    if e.label == name))
        await pilot.pause()
        assert status.plain == f"{display_text(name, 'on')}: HTTP 404 Not Found"


async def test_search_box_draws_arabic_as_it_is_typed(setup):  # noqa: F811
    app = app_for(setup)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"تركيا سوريا")
        await pilot.pause()
        box = app.main.query_one("#search")
        assert box.value == "تركيا سوريا"  # what is searched stays logical
        drawn = box.render_line(0).text
        assert drawn.strip() == display_text("تركيا سوريا", "on")  # shaped, right to left
        assert not any("\u0621" <= c <= "\u064a" for c in drawn)
        line, cursor = box.drawn()
        assert cursor == 0  # the end of an RTL text is its left edge
        await pilot.press("left", "left", "left", "left", "left")  # back over "سوريا"
        await pilot.pause()
        line, cursor = box.drawn()
        assert box.cursor_position == 6 and line[cursor] == display_text("سوريا", "on")[-1]
        await pilot.press("home")
        line, cursor = box.drawn()
        assert cursor == len(line) - 1  # the start: the rightmost letter, ت
        await pilot.press("end", *" NASA")
        await pilot.pause()
        assert box.render_line(0).text.strip() == display_text("تركيا سوريا NASA", "on")
