"""`--digest` in Arabic (SPEC §3): group headings, counts and the empty digest come
from the Arabic catalog, through the headless run the way the CLI calls it."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from tests.app.support import serve_feeds
from tests.support import write_config
from tui import config as config_mod
from tui import headless, i18n
from tui.store import Store


@pytest.fixture(autouse=True)
def english_after():
    yield
    i18n.activate("en")


def test_digest_headers_and_empty_digest_in_arabic(tmp_path, feed_server, monkeypatch, capsys):
    """`--digest` with language = "ar": group headings, counts and the empty digest
    are Arabic (through the headless run, the way the CLI calls it)."""
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
        req = headless.Request("digest", offline=True, since=timedelta(seconds=1), unread=True)
        store.mark_read(a.id for a in store.articles(headless.Query()))
        assert headless.run(req, config, store) == 0
        assert capsys.readouterr().out.startswith("لا أخبار منذ ")


@pytest.mark.parametrize("mode", ["digest", "headlines"])
def test_a_feed_answering_404_is_said_in_arabic_on_stderr(tmp_path, feed_server, capsys, mode):
    """The error line of a feed the server answers 404 is Arabic in both headless modes."""
    path = write_config(tmp_path / "feeds.toml", serve_feeds(feed_server), {"language": "ar"})
    with Store(tmp_path / "akhbar.db") as store:
        assert headless.run(headless.Request(mode), config_mod.load(path), store) == 0
    err = capsys.readouterr().err
    assert "akhbar: Broken Feed: رد الخادم 404: غير موجود" in err.splitlines(), err
    assert "Not Found" not in err
