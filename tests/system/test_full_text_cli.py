"""Full articles end to end (SPEC §9): a feed of teasers whose links lead to pages on
a real HTTP server on 127.0.0.1; `full_text = true` refreshes, `--article ID [--full]`,
`--headlines --json`, the digest's lead and search over the full text."""

from __future__ import annotations

import json

from tests.article_pages import CP1256, WORDPRESS
from tests.full_text_support import (
    PAGES,
    TEASERS,
    by_guid,
    page_hits,
    serve_teasers,
    starts_in_order,
    teaser_config,
    teaser_rss,
)
from tui import config as config_mod
from tui.cli import main
from tui.refresh import refresh
from tui.store import Store

# -- refresh with full_text = true ----------------------------------------------------


def test_a_full_text_feed_fetches_each_page_once(tmp_path, feed_server):
    config = config_mod.load(teaser_config(tmp_path, serve_teasers(feed_server), full_text=True))
    with Store(tmp_path / "akhbar.db") as store:
        summary = refresh(config, store)
        assert (summary.pages_fetched, summary.pages_failed) == (3, 1)
        assert page_hits(feed_server) == {"wordpress": 1, "tv": 1, "cp1256": 1, "gone": 1}
        assert any("1 of 4 full articles could not be read (HTTP 404 Not Found)" in n
                   for n in summary.notes)
        articles = by_guid(store)
        for name, case in PAGES.items():
            assert articles[name].has_full_text
            starts_in_order(articles[name].full_text, case.paragraphs)
        gone = articles["gone"]
        assert not gone.has_full_text and gone.full_text == ""
        assert gone.full_text_error == "HTTP 404 Not Found"
        assert TEASERS["gone"][1] in gone.summary + gone.content  # the teaser stays

        refresh(config, store)  # the same feed again: no page is fetched again
        assert page_hits(feed_server) == {"wordpress": 1, "tv": 1, "cp1256": 1, "gone": 1}


def test_only_new_articles_pages_are_fetched(tmp_path, feed_server):
    url = serve_teasers(feed_server, names=("wordpress",))
    config = config_mod.load(teaser_config(tmp_path, url, full_text=True))
    with Store(tmp_path / "akhbar.db") as store:
        refresh(config, store)
        feed_server.add("/teasers.xml", teaser_rss(feed_server, ("wordpress", "tv")))
        summary = refresh(config, store)
    assert summary.pages_fetched == 1
    assert page_hits(feed_server) == {"wordpress": 1, "tv": 1, "cp1256": 0, "gone": 0}


def test_a_plain_feed_fetches_no_page(tmp_path, feed_server):
    config = config_mod.load(teaser_config(tmp_path, serve_teasers(feed_server), full_text=False))
    with Store(tmp_path / "akhbar.db") as store:
        refresh(config, store)
    assert sum(page_hits(feed_server).values()) == 0


def test_headless_output_tells_and_uses_the_full_text(tmp_path, feed_server, capsys):
    config = teaser_config(tmp_path, serve_teasers(feed_server), full_text=True)
    assert main(["--headlines", "--json", "--config", str(config)]) == 0
    out, err = capsys.readouterr()
    records = {r["title"]: r for r in map(json.loads, out.splitlines())}
    assert records[TEASERS["wordpress"][0]]["full_text"] is True
    assert records[TEASERS["gone"][0]]["full_text"] is False
    assert "HTTP 404 Not Found" in err  # said once, for the feed

    assert main(["--digest", "--json", "--offline", "--since", "3650d",
                 "--config", str(config)]) == 0
    leads = {a["title"]: a["lead"] for g in json.loads(capsys.readouterr().out)["groups"]
             for a in g["articles"]}
    assert leads[TEASERS["wordpress"][0]].startswith(WORDPRESS.paragraphs[0])
    assert leads[TEASERS["gone"][0]] == TEASERS["gone"][1]


def test_search_finds_a_word_only_in_the_full_text(tmp_path, feed_server, capsys):
    config = teaser_config(tmp_path, serve_teasers(feed_server), full_text=True)
    word = "جمعيات"  # in the WordPress page's article, not in any teaser
    assert word not in "".join(t for pair in TEASERS.values() for t in pair)
    assert main(["--headlines", "--offline", "--search", word, "--config", str(config)]) == 0
    assert capsys.readouterr().out == ""  # nothing stored yet
    assert main(["--headlines", "--search", word, "--config", str(config)]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    assert TEASERS["wordpress"][0] in line


# -- akhbar --article ID [--full] ---------------------------------------------------------


def _article_id(tmp_path, name: str) -> int:
    with Store(tmp_path / "data" / "akhbar" / "akhbar.db") as store:
        return by_guid(store)[name].id


def test_article_full_fetches_the_page_once_and_prints_it(tmp_path, feed_server, capsys):
    config = str(teaser_config(tmp_path, serve_teasers(feed_server), full_text=False))
    assert main(["--headlines", "--config", config]) == 0
    capsys.readouterr()
    article = str(_article_id(tmp_path, "cp1256"))

    assert main(["--article", article, "--config", config]) == 0  # no --full: the teaser
    out = capsys.readouterr().out
    assert TEASERS["cp1256"][1] in out and "feed text" in out
    assert page_hits(feed_server)["cp1256"] == 0

    for _ in range(2):
        assert main(["--article", article, "--full", "--config", config]) == 0
        out = capsys.readouterr().out
        lines = out.splitlines()
        assert lines[0] == TEASERS["cp1256"][0]
        assert "full article" in lines[1]
        assert lines[2] == feed_server.url("/pages/cp1256")
        starts_in_order(out, CP1256.paragraphs)
        for dirt in CP1256.absent:
            assert dirt not in out
    assert page_hits(feed_server)["cp1256"] == 1  # stored the first time


def test_article_full_of_a_404_keeps_the_teaser(tmp_path, feed_server, capsys):
    config = str(teaser_config(tmp_path, serve_teasers(feed_server), full_text=False))
    assert main(["--headlines", "--config", config]) == 0
    capsys.readouterr()
    article = str(_article_id(tmp_path, "gone"))
    assert main(["--article", article, "--full", "--config", config]) == 0
    out, err = capsys.readouterr()
    assert TEASERS["gone"][1] in out
    assert err == "akhbar: full article: HTTP 404 Not Found; printing the feed's text\n"
    with Store(tmp_path / "data" / "akhbar" / "akhbar.db") as store:
        assert store.article(int(article)).full_text_error == "HTTP 404 Not Found"


def test_article_full_offline_fetches_nothing(tmp_path, feed_server, capsys):
    config = str(teaser_config(tmp_path, serve_teasers(feed_server), full_text=False))
    assert main(["--headlines", "--config", config]) == 0
    capsys.readouterr()
    article = str(_article_id(tmp_path, "tv"))
    assert main(["--article", article, "--full", "--offline", "--config", config]) == 0
    out, err = capsys.readouterr()
    assert TEASERS["tv"][1] in out and "not fetched" in err
    assert page_hits(feed_server)["tv"] == 0


def test_article_usage_mistakes(tmp_path, capsys):
    config = str(teaser_config(tmp_path, "https://news.example/rss", full_text=False))
    assert main(["--article", "12345", "--config", config]) == 2
    assert "no article has the id 12345" in capsys.readouterr().err
    for argv in (["--headlines", "--full"], ["--full"], ["--digest", "--article", "1"]):
        try:
            code = main([*argv, "--config", config])
        except SystemExit as e:
            code = e.code
        assert code == 2, argv
