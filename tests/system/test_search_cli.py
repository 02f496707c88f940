"""`akhbar --headlines --search` and `--digest --search` end to end: real server, store, CLI."""

from __future__ import annotations

import json

from tests.support import rss, write_config
from tui import paths
from tui.cli import main
from tui.store import Query, Store


def test_headlines_search_end_to_end(feed_server, tmp_path, capsys):
    a = feed_server.add("/a.xml", rss("صحيفة أ", [
        ("a1", "لافرُوف يصل إلى أنقرة", "<p>زيارة تستمر يومين</p>"),
        ("a2", "أمطار غزيرة على الساحل", "<p>قال <b>سيرجي</b> إن الطقس سيتحسن</p>"),
    ]))
    b = feed_server.add("/b.xml", rss("Harbour Wire", [
        ("b1", "Port workers end strike", "<p>Talks in Ankara with Lavrov</p>"),
        ("b2", "العلاقات بين ترکیا وسوریا", "<p>مباحثات</p>"),
    ]))
    config = write_config(tmp_path / "feeds.toml", [
        {"url": a, "tags": ["عربي"]}, {"url": b, "tags": ["world"]}])

    def run(*args: str) -> list[list[str]]:
        assert main(["--headlines", "--config", str(config), *args]) == 0
        return [line.split("\t") for line in capsys.readouterr().out.splitlines()]

    assert [r[2] for r in run("--search", "لافروف")] == ["لافرُوف يصل إلى أنقرة"]
    assert [r[2] for r in run("--offline", "--search", "تركيا وسوريا")] == [
        "العلاقات بين ترکیا وسوریا"]
    assert run("--offline", "--search", "سيرغي") == []
    assert [r[2] for r in run("--offline", "--search", "سيرجي")] == ["أمطار غزيرة على الساحل"]
    assert [r[2] for r in run("--offline", "--search", "ankara OR أنقرة tag:world")] == [
        "Port workers end strike"]
    assert len(run("--offline", "--search", '"unbalanced NEAR(')) == 0
    rows = run("--offline", "--search", "أنقرة OR ankara", "--sort", "rank")
    assert rows[0][2] == "لافرُوف يصل إلى أنقرة"  # a title hit outranks a body hit

    assert main(["--digest", "--json", "--offline", "--config", str(config),
                 "--search", "strike"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [a["title"] for g in doc["groups"] for a in g["articles"]] == [
        "Port workers end strike"]


def test_a_refresh_leaves_the_index_complete(feed_server, tmp_path, capsys):
    """The refresh indexes what it stored: the store's own search (which never catches
    up) finds a word of a body right after `--headlines`, with nothing left pending."""
    url = feed_server.add("/a.xml", rss("صحيفة أ", [
        ("a1", "أمطار غزيرة على الساحل", "<p>قال <b>سيرجي</b> إن الطقس سيتحسن</p>")]))
    config = write_config(tmp_path / "feeds.toml", [{"url": url}])
    assert main(["--headlines", "--config", str(config)]) == 0
    capsys.readouterr()
    with Store(paths.store_file()) as store:
        assert store.db.execute("SELECT count(*) FROM articles WHERE indexed = 0"
                                ).fetchone()[0] == 0
        found = store.search_articles(Query(match='"سيرجي"'))
        assert [a.title for a in found] == ["أمطار غزيرة على الساحل"]
