"""Hostile feed text in the interactive app (Pilot): every rendered cell is free
of terminal controls, Rich/Textual markup shows literally and triggers nothing,
and `o` opens only http(s) links."""

from __future__ import annotations

import pytest

from tests.app.support import NOW
from tests.hostile_support import FORBIDDEN, hostile_bytes
from tests.support import write_config
from tui import config as config_mod
from tui.app import make_app
from tui.refresh import refresh_async
from tui.store import Store

pytestmark = pytest.mark.slow  # every hostile fixture through the app

MARKUP_BITS = ["[bold red]M[/]", "[link=https://evil.example]L[/link]", "[@click=app.quit]Q[/]",
               "[reverse]"]


def _segments(app) -> list[str]:
    """The text of every segment the compositor would send to the terminal."""
    return [segment.text for strip in app.screen._compositor.render_strips()
            for segment in strip]


def _screen(app) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def _assert_no_control(app, where: str) -> None:
    bad = sorted({f"U+{ord(c):04X}" for text in _segments(app) for c in FORBIDDEN.findall(text)})
    assert not bad, f"control characters on screen ({where}): {bad}"


async def _filled(tmp_path, feed_server, feeds: dict[str, tuple[str, str]], **kw):
    entries = [{"url": feed_server.add(path, hostile_bytes(name), content_type=ctype)}
               for path, (name, ctype) in feeds.items()]
    for path, handler in kw.get("handlers", {}).items():
        entries.append({"url": feed_server.add(path, handler=handler), "title": "Evil status"})
    config = config_mod.load(write_config(tmp_path / "feeds.toml", entries))
    with Store(tmp_path / "akhbar.db") as store:
        await refresh_async(config, store)
    return make_app(config, tmp_path / "akhbar.db", bidi=kw.get("bidi", "on"),
                    clock=lambda: NOW, refresh=False)


def _evil_500(h):
    h.send_response(500, "Oops\x1b]52;c;ZWNobw==\x07\x1b[2J")
    h.send_header("Content-Length", "0")
    h.end_headers()


@pytest.mark.parametrize("bidi", ["on", "off"])
async def test_no_control_reaches_the_screen(tmp_path, feed_server, bidi):
    app = await _filled(tmp_path, feed_server, {
        "/controls.rss": ("controls.rss", "application/rss+xml"),
        "/refs.atom": ("controls_refs.atom", "application/atom+xml"),
        "/c1.atom": ("c1_refs.atom", "application/atom+xml"),
        "/controls.json": ("controls.json", "application/feed+json"),
    }, handlers={"/evil500": _evil_500}, bidi=bidi)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        _assert_no_control(app, "headline list")
        hl = app.main.headlines
        for i in range(hl.row_count):
            hl.move_cursor(i)
            await pilot.press("enter")
            await pilot.pause()
            _assert_no_control(app, f"article {i}: {hl.highlighted.title!r}")
            assert hl.highlighted.title.replace(" ", "")[:6] in _screen(app).replace(" ", "") \
                or bidi == "on"
        # The feed list, with the failing feed's hostile reason phrase in its status.
        feeds = app.main.feeds
        feeds.focus()
        for i, entry in enumerate(feeds.entries):
            feeds.move_cursor(i)
            await pilot.pause()
            _assert_no_control(app, f"feed entry {entry.label!r}")
        evil = next(i for i, e in enumerate(feeds.entries) if e.label == "Evil status")
        feeds.move_cursor(evil)
        await pilot.pause()
        assert "HTTP 500" in app.main.status.plain
        _assert_no_control(app, "status line")


async def test_markup_in_every_field_is_literal_and_inert(tmp_path, feed_server, monkeypatch):
    opened = []
    monkeypatch.setattr("webbrowser.open", lambda url, *a, **k: opened.append(url))
    app = await _filled(tmp_path, feed_server, {"/markup.rss": ("markup.rss",
                                                               "application/rss+xml")},
                        bidi="off")
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        text = _screen(app)
        for bit in MARKUP_BITS:
            assert bit in text, (bit, text)
        assert "Title [bold red]M[/]" in text  # the title
        assert "Body [bold red]M[/]" in text  # the body
        assert "Link [bold red]M[/]" in text  # the link text
        assert "Feed [bold red]M[/]" in text  # the feed's own title
        # Clicking the text that would be an @click action does nothing but select.
        assert app.is_running
        await pilot.click(offset=(60, 5))
        await pilot.pause()
        assert app.is_running and opened == []


async def test_o_opens_only_http_links_of_hostile_articles(tmp_path, feed_server, monkeypatch):
    opened = []
    monkeypatch.setattr("webbrowser.open", lambda url, *a, **k: opened.append(url))
    app = await _filled(tmp_path, feed_server, {"/controls.rss": ("controls.rss",
                                                                 "application/rss+xml")})
    async with app.run_test(size=(120, 40)) as pilot:
        hl = app.main.headlines
        links = []
        for i in range(hl.row_count):
            hl.move_cursor(i)
            await pilot.pause()
            links.append(hl.highlighted.link)
            await pilot.press("o")
            await app.workers.wait_for_complete()  # the browser is called from a worker
        assert any(link.startswith("javascript:") for link in links)
        assert any(link.startswith("file:") for link in links)
        assert any(link.startswith("data:") for link in links)
        assert opened, "the http links should open"
        assert all(url.startswith(("http://", "https://")) for url in opened), opened
        assert len(opened) == sum(link.startswith(("http://", "https://")) for link in links)
        assert all(not FORBIDDEN.search(url) for url in opened)
