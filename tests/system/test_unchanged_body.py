"""A feed whose server sends the same bytes again, without validators (issue 19.6):
the refresh costs nothing beyond the download, and the feed still counts as checked."""

from __future__ import annotations

from tests.support import fixture_bytes, write_config
from tui import paths
from tui.cli import main
from tui.store import Store


def _articles(store: Store) -> list[tuple]:
    return [tuple(r) for r in store.db.execute("SELECT * FROM articles ORDER BY id")]


def test_an_unchanged_body_rewrites_no_article_and_is_checked(feed_server, tmp_path, capsys):
    url = feed_server.add("/same.xml", fixture_bytes("arabic_rss.xml"), conditional=False)
    config = write_config(tmp_path / "feeds.toml", [{"url": url, "title": "Same"}])
    assert main(["--headlines", "--config", str(config)]) == 0
    first = capsys.readouterr().out
    with Store(paths.store_file()) as store:
        some = store.articles()[0]
        store.mark_read([some.id])
        store.db.execute("UPDATE feeds SET last_attempt = 1, last_success = 1")
        before = _articles(store)

    assert main(["--headlines", "--config", str(config)]) == 0
    assert capsys.readouterr().out == first  # printed from the store as it was
    assert len(feed_server.requests_for("/same.xml")) == 2
    with Store(paths.store_file()) as store:
        assert _articles(store) == before  # not one row rewritten, read mark kept
        (feed,) = store.feeds()
        assert feed.last_success > 1 and feed.last_error is None


def test_mark_read_marks_every_streamed_headline(feed_server, tmp_path, capsys):
    url = feed_server.add("/same.xml", fixture_bytes("arabic_rss.xml"))
    config = write_config(tmp_path / "feeds.toml", [{"url": url, "title": "Same"}])
    assert main(["--headlines", "--mark-read", "--config", str(config)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed
    assert main(["--headlines", "--offline", "--unread", "--config", str(config)]) == 0
    assert capsys.readouterr().out == ""
