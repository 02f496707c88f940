"""Pilot tests of what the reader draws on real-world quirks (issue #13: 6, 9, 10, 11)."""

from __future__ import annotations

from test_app import app_for, first_index, screen_lines, setup  # noqa: F401 - a fixture

from tui.text.bidi import layout

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
