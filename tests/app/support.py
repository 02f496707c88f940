"""Helpers for the app tier: a store filled from the local server, the app over it at a
frozen clock, and waiting for its refresh. Fixtures using them are in conftest.py."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from textual.geometry import Region

from tests.support import fixture_bytes, write_config
from tui import config as config_mod
from tui.app import make_app
from tui.parse_pool import ParsePool
from tui.refresh import refresh
from tui.store import Store

NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)


def frozen() -> datetime:
    return NOW


def serve_feeds(server, broken: bool = True) -> list[dict]:
    feeds = [
        {"url": server.add("/marfa.xml", fixture_bytes("arabic_rss.xml")),
         "title": "المرفأ", "tags": ["عربي"]},
        {"url": server.add("/nahar.json", fixture_bytes("arabic_json.json"),
                           content_type="application/feed+json"), "tags": ["عربي"]},
        {"url": server.add("/wire.xml", fixture_bytes("english_atom.xml"),
                           content_type="application/atom+xml"), "tags": ["world"]},
    ]
    if broken:
        feeds.append({"url": server.url("/gone.xml"), "title": "Broken Feed"})
    return feeds


def filled(tmp_path: Path, server, broken: bool = True, parser: ParsePool | None = None):
    """A config and a store refreshed once from the local server.

    `parser`: the session's pool of parse workers (the `parse_pool` fixture); a refresh
    without one forks its own worker processes, most of this setup's time."""
    config = config_mod.load(write_config(tmp_path / "feeds.toml", serve_feeds(server, broken)))
    store_path = tmp_path / "akhbar.db"
    with Store(store_path) as store:
        refresh(config, store, parser=parser)
    return config, store_path


def app_for(setup, **kw):
    config, store_path = setup
    kw.setdefault("bidi", "on")
    kw.setdefault("refresh", False)
    return make_app(config, store_path, clock=frozen, **kw)


def first_index(app, predicate) -> int:
    source = app.main.headlines.source
    return next(i for i in range(source.total) if predicate(source.get(i)))


def opening_arabic(app):
    """`run_before` for a snapshot of the Arabic article open in the detail pane."""

    async def open_arabic(pilot):
        app.main.headlines.move_cursor(
            first_index(app, lambda a: a.title.startswith("وزير الخارجية")))
        await pilot.press("enter")
        await pilot.pause()

    return open_arabic


def demo_filled(tmp_path: Path, server, parser: ParsePool | None = None):
    """The `--demo` feeds (dates frozen at NOW) served from the test server, refreshed
    once, with stories assigned: seven stories told by two outlets or more."""
    from tui import demo
    from tui.stories import assign_pending

    entries, bodies = demo.load_feeds(NOW)
    feeds = [{"url": server.add("/" + e["file"], bodies[e["file"]]), "title": e["title"],
              "tags": e["tags"]} for e in entries]
    config = config_mod.load(write_config(tmp_path / "demo.toml", feeds))
    store_path = tmp_path / "demo.db"
    with Store(store_path) as store:
        refresh(config, store, parser=parser)
        assign_pending(store)
    return config, store_path


async def wait_for_refresh(app, pilot) -> None:
    for _ in range(300):
        await pilot.pause(0.02)
        if app.last_summary is not None or app.last_failure is not None:
            break
    await pilot.pause()


def screen_lines(app) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


def widget_lines(widget) -> list[str]:
    region = Region(0, 0, *widget.outer_size)
    return [strip.text for strip in widget.render_lines(region)]
