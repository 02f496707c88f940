"""SVG snapshots of the reader's main screens with Arabic content (frozen clock).

Update with `python -m pytest tests/test_app_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

import pytest
from test_app import app_for, filled, first_index


@pytest.fixture
def setup(tmp_path, feed_server):
    return filled(tmp_path, feed_server)


def test_main_screen_120x40(snap_compare, setup):
    assert snap_compare(app_for(setup), terminal_size=(120, 40), press=["j", "j"])


def test_arabic_article_80x30(snap_compare, setup):
    app = app_for(setup)

    async def open_arabic(pilot):
        app.main.headlines.move_cursor(
            first_index(app, lambda a: a.title.startswith("وزير الخارجية")))
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 30), run_before=open_arabic)


def test_narrow_list_60x24(snap_compare, setup):
    assert snap_compare(app_for(setup), terminal_size=(60, 24), press=["j"])


def test_help_screen(snap_compare, setup):
    assert snap_compare(app_for(setup), terminal_size=(120, 40), press=["question_mark"])
