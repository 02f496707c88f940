"""Full articles end to end (SPEC §9): a feed of teasers whose links lead to pages on a
real HTTP server on 127.0.0.1; `full_text = true` refreshes, `--article ID --full`,
`f` in the app, the store's migration and search over the full text."""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

import pytest
from article_pages import CP1256, TV_CHANNEL, WORDPRESS
from test_app import frozen, widget_lines

from tui import config as config_mod
from tui.app import make_app
from tui.article import decode_page, extract
from tui.cli import main
from tui.refresh import refresh
from tui.store import MIGRATIONS, Store

TEASERS = {
    "wordpress": ("وزارة الموارد المائية تفتتح محطة تحلية جديدة",
                  "افتتحت الوزارة محطة جديدة اليوم."),
    "tv": ("وفد تجاري يزور العاصمة", "وصل وفد تجاري إلى العاصمة."),
    "cp1256": ("مجلس الوزراء يقر مشروع الموازنة", "أقر المجلس مشروع الموازنة."),
    "gone": ("خبر صفحته محذوفة", "هذا نص الخلاصة يبقى كما هو."),
}
PAGES = {"wordpress": WORDPRESS, "tv": TV_CHANNEL, "cp1256": CP1256}


def _rss(server, names, link_base: str | None = None) -> bytes:
    items = []
    for day, name in enumerate(names, 1):
        title, teaser = TEASERS[name]
        link = f"{link_base}/{name}" if link_base else server.url(f"/pages/{name}")
        items.append(f"<item><title>{title}</title><link>{link}</link><guid>{name}</guid>"
                     f"<pubDate>0{day} Dec 2026 08:00:00 GMT</pubDate>"
                     f"<description>{teaser}</description></item>")
    return ("<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
            "<title>صحيفة الاختبار</title><link>https://news.example/</link>"
            + "".join(items) + "</channel></rss>").encode()


def _serve(server, names=("wordpress", "tv", "cp1256", "gone"), link_base=None) -> str:
    for name, case in PAGES.items():
        server.add(f"/pages/{name}", case.body, content_type=case.content_type)
    return server.add("/teasers.xml", _rss(server, names, link_base))


def _config(tmp_path: Path, url: str, full_text: bool) -> Path:
    path = tmp_path / "feeds.toml"
    path.write_text(f'[[feeds]]\nurl = "{url}"\ntitle = "صحيفة الاختبار"\n'
                    + ("full_text = true\n" if full_text else ""), encoding="utf-8")
    return path


def _page_hits(server) -> dict[str, int]:
    return {name: len(server.requests_for(f"/pages/{name}")) for name in (*PAGES, "gone")}


def _by_guid(store: Store) -> dict[str, object]:
    return {a.guid: a for a in store.articles()}


def _starts_in_order(text: str, starts) -> None:
    where = [text.find(s) for s in starts]
    assert all(w >= 0 for w in where), [s for s, w in zip(starts, where) if w < 0]
    assert where == sorted(where)


# -- refresh with full_text = true ----------------------------------------------------


def test_a_full_text_feed_fetches_each_page_once(tmp_path, feed_server):
    config = config_mod.load(_config(tmp_path, _serve(feed_server), full_text=True))
    with Store(tmp_path / "akhbar.db") as store:
        summary = refresh(config, store)
        assert (summary.pages_fetched, summary.pages_failed) == (3, 1)
        assert _page_hits(feed_server) == {"wordpress": 1, "tv": 1, "cp1256": 1, "gone": 1}
        assert any("1 of 4 full articles could not be read (HTTP 404 Not Found)" in n
                   for n in summary.notes)
        articles = _by_guid(store)
        for name, case in PAGES.items():
            assert articles[name].has_full_text
            _starts_in_order(articles[name].full_text, case.paragraphs)
        gone = articles["gone"]
        assert not gone.has_full_text and gone.full_text == ""
        assert gone.full_text_error == "HTTP 404 Not Found"
        assert TEASERS["gone"][1] in gone.summary + gone.content  # the teaser stays

        refresh(config, store)  # the same feed again: no page is fetched again
        assert _page_hits(feed_server) == {"wordpress": 1, "tv": 1, "cp1256": 1, "gone": 1}


def test_only_new_articles_pages_are_fetched(tmp_path, feed_server):
    url = _serve(feed_server, names=("wordpress",))
    config = config_mod.load(_config(tmp_path, url, full_text=True))
    with Store(tmp_path / "akhbar.db") as store:
        refresh(config, store)
        feed_server.add("/teasers.xml", _rss(feed_server, ("wordpress", "tv")))
        summary = refresh(config, store)
    assert summary.pages_fetched == 1
    assert _page_hits(feed_server) == {"wordpress": 1, "tv": 1, "cp1256": 0, "gone": 0}


def test_a_plain_feed_fetches_no_page(tmp_path, feed_server):
    config = config_mod.load(_config(tmp_path, _serve(feed_server), full_text=False))
    with Store(tmp_path / "akhbar.db") as store:
        refresh(config, store)
    assert sum(_page_hits(feed_server).values()) == 0


def test_headless_output_tells_and_uses_the_full_text(tmp_path, feed_server, capsys):
    config = _config(tmp_path, _serve(feed_server), full_text=True)
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
    config = _config(tmp_path, _serve(feed_server), full_text=True)
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
        return _by_guid(store)[name].id


def test_article_full_fetches_the_page_once_and_prints_it(tmp_path, feed_server, capsys):
    config = str(_config(tmp_path, _serve(feed_server), full_text=False))
    assert main(["--headlines", "--config", config]) == 0
    capsys.readouterr()
    article = str(_article_id(tmp_path, "cp1256"))

    assert main(["--article", article, "--config", config]) == 0  # no --full: the teaser
    out = capsys.readouterr().out
    assert TEASERS["cp1256"][1] in out and "feed text" in out
    assert _page_hits(feed_server)["cp1256"] == 0

    for _ in range(2):
        assert main(["--article", article, "--full", "--config", config]) == 0
        out = capsys.readouterr().out
        lines = out.splitlines()
        assert lines[0] == TEASERS["cp1256"][0]
        assert "full article" in lines[1]
        assert lines[2] == feed_server.url("/pages/cp1256")
        _starts_in_order(out, CP1256.paragraphs)
        for dirt in CP1256.absent:
            assert dirt not in out
    assert _page_hits(feed_server)["cp1256"] == 1  # stored the first time


def test_article_full_of_a_404_keeps_the_teaser(tmp_path, feed_server, capsys):
    config = str(_config(tmp_path, _serve(feed_server), full_text=False))
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
    config = str(_config(tmp_path, _serve(feed_server), full_text=False))
    assert main(["--headlines", "--config", config]) == 0
    capsys.readouterr()
    article = str(_article_id(tmp_path, "tv"))
    assert main(["--article", article, "--full", "--offline", "--config", config]) == 0
    out, err = capsys.readouterr()
    assert TEASERS["tv"][1] in out and "not fetched" in err
    assert _page_hits(feed_server)["tv"] == 0


def test_article_usage_mistakes(tmp_path, capsys):
    config = str(_config(tmp_path, "https://news.example/rss", full_text=False))
    assert main(["--article", "12345", "--config", config]) == 2
    assert "no article has the id 12345" in capsys.readouterr().err
    for argv in (["--headlines", "--full"], ["--full"], ["--digest", "--article", "1"]):
        try:
            code = main([*argv, "--config", config])
        except SystemExit as e:
            code = e.code
        assert code == 2, argv


def test_config_full_text_must_be_a_boolean(tmp_path):
    path = tmp_path / "feeds.toml"
    path.write_text('[[feeds]]\nurl = "https://a.example/rss"\nfull_text = "yes"\n')
    try:
        config_mod.load(path)
    except config_mod.ConfigError as e:
        assert str(e) == f"{path}:3: full_text of feed #1 must be true or false, not 'yes'"
    else:
        raise AssertionError("accepted full_text = \"yes\"")


# -- the store ------------------------------------------------------------------------------


def test_migration_of_an_old_store_keeps_its_data(tmp_path):
    path = tmp_path / "old.db"
    db = sqlite3.connect(path, isolation_level=None)
    for migration in MIGRATIONS[:4]:
        migration(db)
    db.execute("PRAGMA user_version = 4")
    db.execute("INSERT INTO feeds (id, url) VALUES (1, 'https://a.example/rss')")
    db.execute("INSERT INTO articles (feed_id, key, title, link, published, first_seen, "
               "last_seen, content, read, starred) VALUES "
               "(1, 'g:1', 'عنوان قديم', 'https://a.example/1', 1, 1, 1, '<p>نص</p>', 1, 1)")
    db.close()
    with Store(path) as store:
        assert store.schema_version == len(MIGRATIONS)
        (old,) = store.articles()
        assert (old.title, old.content, old.read, old.starred) == ("عنوان قديم", "<p>نص</p>",
                                                                   True, True)
        assert (old.full_text, old.full_text_error, old.has_full_text) == ("", None, False)
        assert store.pending_full_text("https://a.example/rss", 50) == [
            (old.id, "https://a.example/1")]
        store.set_full_text(old.id, "<p>النص الكامل للمقال</p>", None)
        assert store.pending_full_text("https://a.example/rss", 50) == []
        assert store.article(old.id).has_full_text


# -- the app: f ---------------------------------------------------------------------------------


def _filled(tmp_path, server, **kw):
    config = config_mod.load(_config(tmp_path, _serve(server, **kw), full_text=False))
    with Store(tmp_path / "akhbar.db") as store:
        refresh(config, store)
    return config, tmp_path / "akhbar.db"


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
    return _filled(tmp_path, feed_server)


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
        assert _page_hits(feed_server)["wordpress"] == 1

        _cursor_on(app, "gone")  # a 404: one line, the teaser stays
        await pilot.press("enter", "f")
        await _until(pilot, lambda: "failed" in status.plain)
        assert status.plain == "full article failed: HTTP 404 Not Found"
        text = "\n".join(view.lines)
        assert TEASERS["gone"][1] in text and not view.showing_full
        assert "the full article failed: HTTP 404 Not Found" in text


def test_arabic_full_article_80x30(snap_compare, tmp_path, feed_server):
    """A full article read from a windows-1256 page, in the detail pane, bidi on."""
    config, store_path = _filled(tmp_path, feed_server, names=("cp1256",),
                                 link_base="https://news.example/2026")
    page = extract(decode_page(CP1256.body, CP1256.content_type), "https://news.example/a")
    with Store(store_path) as store:
        store.set_full_text(_by_guid(store)["cp1256"].id, page.html, None)
    app = make_app(config, store_path, bidi="on", clock=frozen, refresh=False)

    async def open_it(pilot):
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 30), run_before=open_it)
