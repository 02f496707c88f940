"""`f` in the reader (SPEC §3, §9): the article's web page fetched in the background,
then toggled with the feed's text; a failure is one line and the teaser stays. And a
snapshot of an Arabic full article."""

from __future__ import annotations

import threading

import pytest

from tests.app.support import frozen, widget_lines
from tests.article_pages import CP1256, WORDPRESS
from tests.full_text_support import TEASERS, by_guid, page_hits, teasers_filled
from tui.app import make_app
from tui.article import decode_page, extract
from tui.store import Store


def _cursor_on(app, name: str) -> None:
    hl = app.main.headlines
    hl.move_cursor(next(i for i in range(hl.row_count)
                        if hl.source.get(i).title == TEASERS[name][0]))


async def _until(pilot, done) -> None:
    for _ in range(500):
        if done():
            return
        await pilot.pause(0.02)


@pytest.fixture
def plain_setup(tmp_path, feed_server):
    return teasers_filled(tmp_path, feed_server)


async def test_f_fetches_then_toggles_full_article_and_feed_text(plain_setup, feed_server):
    config, store_path = plain_setup
    app = make_app(config, store_path, bidi="off", clock=frozen, refresh=False)
    async with app.run_test(size=(120, 40)) as pilot:
        view, status = app.main.article_view, app.main.status
        gate = threading.Event()  # the page waits until the status line was seen

        def held_page(handler) -> None:
            gate.wait(30)
            handler._send(200, WORDPRESS.body, WORDPRESS.content_type)

        feed_server.add("/pages/wordpress", handler=held_page)
        _cursor_on(app, "wordpress")
        await pilot.press("enter")
        assert TEASERS["wordpress"][1] in "\n".join(view.lines)
        await pilot.press("f")
        assert status.plain == "fetching the full article…"
        assert TEASERS["wordpress"][1] in "\n".join(view.lines)  # the UI goes on meanwhile
        gate.set()
        await _until(pilot, lambda: view.showing_full)
        text = "\n".join(view.lines)
        assert "Full article from the web page" in text
        assert WORDPRESS.paragraphs[0] in text and WORDPRESS.paragraphs[-1] in text
        assert status.plain == "full article"
        await pilot.pause()
        assert "Full article" in "\n".join(widget_lines(view))

        await pilot.press("f")  # back to the feed's text, without fetching
        text = "\n".join(view.lines)
        assert "The feed's text" in text and TEASERS["wordpress"][1] in text
        assert WORDPRESS.paragraphs[0] not in text
        await pilot.press("f")
        assert view.showing_full
        assert page_hits(feed_server)["wordpress"] == 1

        _cursor_on(app, "gone")  # a 404: one line, the teaser stays
        await pilot.press("enter", "f")
        await _until(pilot, lambda: "failed" in status.plain)
        assert status.plain == "full article failed: HTTP 404 Not Found"
        text = "\n".join(view.lines)
        assert TEASERS["gone"][1] in text and not view.showing_full
        assert "the full article failed: HTTP 404 Not Found" in text


def test_arabic_full_article_80x30(snap_compare, tmp_path, feed_server):
    """A full article read from a windows-1256 page, in the detail pane, bidi on."""
    config, store_path = teasers_filled(tmp_path, feed_server, names=("cp1256",),
                                 link_base="https://news.example/2026")
    page = extract(decode_page(CP1256.body, CP1256.content_type), "https://news.example/a")
    with Store(store_path) as store:
        store.set_full_text(by_guid(store)["cp1256"].id, page.html, None)
    app = make_app(config, store_path, bidi="on", clock=frozen, refresh=False)

    async def open_it(pilot):
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 30), run_before=open_it)
