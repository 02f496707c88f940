"""The Arabic interface (SPEC §3): every word Arabic, the layout mirrored; SVG
snapshots of the main screen, an open Arabic article and the help screen (frozen clock).

Update with `python -m pytest tests/test_app_arabic.py --snapshot-update`.
"""

from __future__ import annotations

import re

import pytest
from test_app import app_for, filled, screen_lines
from test_app_snapshots import opening_arabic

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


def test_digest_headers_and_empty_digest_in_arabic(tmp_path, feed_server, monkeypatch, capsys):
    """`--digest` with language = "ar": group headings, counts and the empty digest
    are Arabic (through the headless run, the way the CLI calls it)."""
    from conftest import write_config
    from test_app import serve_feeds

    from tui import headless
    from tui.store import Store

    path = write_config(tmp_path / "feeds.toml", serve_feeds(feed_server, broken=False),
                        {"language": "ar"})
    config = config_mod.load(path)
    with Store(tmp_path / "akhbar.db") as store:
        assert headless.run(headless.Request("digest"), config, store) == 0
        out = capsys.readouterr().out
        headings = [line for line in out.splitlines() if line.startswith("━━")]
        assert headings and all(re.search(r"━━ (خبر واحد|خبران|\d+ (أخبار|خبرًا|خبر))$", h)
                                for h in headings), headings
        assert "article" not in out
        from datetime import timedelta
        req = headless.Request("digest", offline=True, since=timedelta(seconds=1), unread=True)
        store.mark_read(a.id for a in store.articles(headless.Query()))
        assert headless.run(req, config, store) == 0
        assert capsys.readouterr().out.startswith("لا أخبار منذ ")


def test_empty_state_in_arabic(tmp_path):
    from tui.library import Library
    from tui.store import Store
    from tui.views import FeedEntry, View

    config = config_mod.load(
        __import__("conftest").write_config(tmp_path / "feeds.toml", [], {"language": "ar"}))
    i18n.activate(config.settings.language)
    with Store(tmp_path / "akhbar.db") as store:
        lines = Library(store, config).empty_lines(View(FeedEntry("all", "all")), False,
                                                   None, None)
    assert lines[0] == "لا أخبار بعد."
    assert lines[1] == "لا مصادر في الإعدادات."
    assert lines[2].startswith("جرّب `akhbar --demo`")
    assert lines[3].startswith("ملف مصادرك: ")
