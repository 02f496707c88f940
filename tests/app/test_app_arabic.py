"""The Arabic interface (SPEC §3): every word Arabic, the layout mirrored; SVG
snapshots of the main screen, an open Arabic article and the help screen (frozen clock).

Update with `python -m pytest tests/app/test_app_arabic.py --snapshot-update`. The
Arabic digest is in tests/system/test_arabic_digest.py, the catalogs and the empty
state in tests/unit/test_i18n.py.
"""

from __future__ import annotations

import re

import pytest

from tests.app.support import app_for, filled, opening_arabic, screen_lines
from tui import config as config_mod
from tui import i18n


@pytest.fixture
def setup(tmp_path, feed_server):
    config, store_path = filled(tmp_path, feed_server)
    return config_mod.with_settings(config, language="ar"), store_path


@pytest.fixture(autouse=True)
def english_after():
    yield
    i18n.activate("en")


def test_main_screen_ar_120x40(snap_compare, setup):
    assert snap_compare(app_for(setup), terminal_size=(120, 40), press=["j", "j"])


def test_arabic_article_ar_80x30(snap_compare, setup):
    app = app_for(setup)
    assert snap_compare(app, terminal_size=(80, 30), run_before=opening_arabic(app))


def test_help_screen_ar(snap_compare, setup):
    assert snap_compare(app_for(setup), terminal_size=(120, 40), press=["question_mark"])


LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


@pytest.mark.parametrize("size", [(120, 40), (80, 30)])
async def test_no_english_word_on_the_arabic_main_screen(setup, size):
    """Latin words on screen come only from feed titles and articles (content), and
    from the key names the footer shows (keys stay the same letters)."""
    config, _ = setup
    app = app_for(setup)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        hl = app.main.headlines
        content = " ".join(
            f"{a.title} {a.feed_title} {a.author}"
            for a in (hl.source.get(i) for i in range(hl.row_count)) if a is not None)
        content += " " + " ".join(e.label for e in app.main.feeds.entries)
        allowed = set(LATIN_WORD.findall(content)) | {"tab", "esc", "Enter", "ctrl", "akhbar"}
        words = {w for line in screen_lines(app) for w in LATIN_WORD.findall(line)}
        assert words - allowed == set(), words - allowed


async def test_a_feed_answering_404_is_said_in_arabic(setup):
    """The broken feed's error, stored in English by the refresh, is Arabic on the
    status line when its entry is highlighted in the feed list (SPEC §3)."""
    app = app_for(setup)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        broken = next(e for e in app.main.feeds.entries if e.label == "Broken Feed")
        assert broken.error == "HTTP 404 Not Found"  # the store keeps the English line
        app.main._show_entry(broken)
        await pilot.pause()
        said = "".join(text for text, _style in app.main.status._parts())
        assert "رد الخادم 404: غير موجود" in said, said
        assert "Not Found" not in said


async def test_the_command_palette_is_arabic_textual_entries_included(setup):
    """ctrl+p lists our commands and Textual's own (theme, quit, screenshot, keys)
    in Arabic; only key names stay Latin."""
    app = app_for(setup)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause(0.5)
        lines = "\n".join(screen_lines(app))
        assert "SVG" in lines  # Textual's screenshot entry is listed (its help names SVG)
        for word in ("Theme", "Quit", "Screenshot", "Keys", "Maximize", "Change the"):
            assert word not in lines, word


async def test_the_help_scrolls_with_its_bar_on_the_left(setup):
    """At 80×28 the Arabic help is longer than its box: its scroll bar stands at the
    box's left edge, as the headline list's does, and no text lies under it."""
    app = app_for(setup)
    async with app.run_test(size=(80, 28)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause(0.3)
        box = app.screen.query_one("#help")
        assert box.show_vertical_scrollbar
        bar, text = box.vertical_scrollbar.region, app.screen.query_one("#help-text").content_region
        assert bar.right <= text.x, (bar, text)
