"""SVG snapshots of the reader's main screens with Arabic content (frozen clock).

Update with `python -m pytest tests/app/test_app_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from tests.app.support import (
    app_for,
    frozen,
    opening_arabic,
    wait_for_refresh,
)
from tests.support import write_config
from tui import config as config_mod
from tui.app import make_app


def test_main_screen_120x40(snap_compare, setup):
    assert snap_compare(app_for(setup), terminal_size=(120, 40), press=["j", "j"])


def test_arabic_article_80x30(snap_compare, setup):
    app = app_for(setup)
    assert snap_compare(app, terminal_size=(80, 30), run_before=opening_arabic(app))


def test_narrow_list_60x24(snap_compare, setup):
    assert snap_compare(app_for(setup), terminal_size=(60, 24), press=["j"])


def test_help_screen(snap_compare, setup):
    assert snap_compare(app_for(setup), terminal_size=(120, 40), press=["question_mark"])


def test_empty_store_all_feeds_failing(snap_compare, tmp_path, feed_server):
    """First run, every feed failing: what went wrong, `akhbar --demo`, the feeds file
    (under $HOME, so shown as ~/…: no temporary path or port reaches the screen)."""
    feeds = [{"url": feed_server.url("/nope.xml"), "title": "الجزيرة"},
             {"url": feed_server.url("/gone.xml"), "title": "Harbour Daily"}]
    path = write_config(tmp_path / "home" / ".config" / "akhbar" / "feeds.toml", feeds)
    app = make_app(config_mod.load(path), tmp_path / "akhbar.db", bidi="on", clock=frozen)

    async def refreshed(pilot):
        await wait_for_refresh(app, pilot)

    assert snap_compare(app, terminal_size=(120, 30), run_before=refreshed)


def test_stories_120x40(snap_compare, demo_setup):
    app = app_for(demo_setup)

    async def grouped(pilot):
        await pilot.press("g")
        await pilot.pause()
        hl = app.main.headlines
        hl.move_cursor(next(i for i in range(hl.row_count)
                            if hl.source.get(i).title.startswith("OPEC+")))
        await pilot.press("enter")
        await pilot.pause()
        app.clear_notifications()  # "grouped by story" would time out at its own pace
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=grouped)
